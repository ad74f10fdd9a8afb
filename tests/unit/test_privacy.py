"""Export and erasure on the real path in memory: the chat's link, its one use, the erasure of
every row, file and queued job, and the audit record that names nobody."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bobby_adapters.fakes import FakeClock
from bobby_core.engine.global_words import GlobalWord, global_word
from bobby_core.errors import ExportLinkGoneError, ExportLinkInvalidError, UserNotFoundError
from bobby_core.flows import default_registry
from bobby_core.privacy.export_links import ExportLinks, FixedAddress
from bobby_core.use_cases.delete_user_data import DeleteUserData, DeleteUserDataCommand
from bobby_core.use_cases.download_export import DownloadExport, DownloadExportCommand
from bobby_core.use_cases.export_user_data import ExportUserData, ExportUserDataCommand
from bobby_core.use_cases.finish_erasures import FinishErasures
from tests.unit.harness import BASE_URL, PHONE, Bobby

ANSWERS = ["1", "2", "2", "1", "1", "2", "2", "3", "2", "1", "1", "2"]
LINK = re.compile(re.escape(BASE_URL) + r"/exports/(\S+)")


async def with_a_chart(bobby: Bobby) -> str:
    """A consented user who finished the burnout check (a result and a stored chart)."""
    await bobby.consented()
    await bobby.say("Burnout Check-In")
    for answer in ANSWERS[:-1]:
        await bobby.say(answer)
    replies = (await bobby.send(ANSWERS[-1])).replies
    [chart] = [r.media_url for r in replies if r.media_url]
    return chart


def download(bobby: Bobby) -> DownloadExport:
    return bobby.container.get(DownloadExport)


def deleter(bobby: Bobby) -> DeleteUserData:
    return bobby.container.get(DeleteUserData)


async def export_token(bobby: Bobby) -> str:
    reply = await bobby.say("export my data")
    found = LINK.search(reply)
    assert found is not None, reply
    return found.group(1)


async def test_export_my_data_sends_a_link_to_everything_stored_about_the_user() -> None:
    bobby = Bobby()
    await with_a_chart(bobby)
    token = await export_token(bobby)
    document = (await download(bobby).execute(DownloadExportCommand(token=token))).document
    assert document is not None
    assert document["phone"] == PHONE
    tables = document["tables"]
    assert {"users", "conversations", "messages", "results"} <= set(tables)
    assert [r["flow_id"] for r in tables["results"]] == ["burnout"]
    assert any(m["body"] == "Burnout Check-In" for m in tables["messages"])


async def test_an_export_link_opens_once_and_a_check_does_not_use_it() -> None:
    bobby = Bobby()
    await bobby.consented()
    token = await export_token(bobby)
    checked = await download(bobby).execute(DownloadExportCommand(token=token, check_only=True))
    assert checked.document is None
    await download(bobby).execute(DownloadExportCommand(token=token))
    with pytest.raises(ExportLinkGoneError):
        await download(bobby).execute(DownloadExportCommand(token=token))


async def test_an_export_link_expires_within_the_hour() -> None:
    bobby = Bobby()
    await bobby.consented()
    token = await export_token(bobby)
    bobby.clock.advance(bobby.export_links.lifetime)
    assert bobby.export_links.lifetime <= timedelta(hours=1)
    with pytest.raises(ExportLinkGoneError):
        await download(bobby).execute(DownloadExportCommand(token=token))


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),   # the signature
    lambda t: "someone-else" + t[t.index("."):],                   # the user
    lambda t: "",
    lambda t: "no dots at all",
])
async def test_a_tampered_or_foreign_link_opens_nothing(tamper: object) -> None:
    bobby = Bobby()
    await bobby.consented()
    token = await export_token(bobby)
    assert callable(tamper)
    with pytest.raises(ExportLinkInvalidError):
        await download(bobby).execute(DownloadExportCommand(token=tamper(token)))


async def test_a_link_signed_with_another_key_opens_nothing() -> None:
    bobby = Bobby()
    await bobby.consented()
    other = ExportLinks(b"another key of sixteen bytes", FixedAddress(BASE_URL))
    url = other.url_for(bobby.user().id, "nonce", bobby.clock.now())
    with pytest.raises(ExportLinkInvalidError):
        await download(bobby).execute(DownloadExportCommand(token=url.rsplit("/", 1)[1]))


async def test_exporting_mid_exercise_comes_back_to_the_exercise() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("Burnout Check-In")
    await bobby.say("1")
    step = bobby.state().top
    await export_token(bobby)
    assert bobby.state().top == step


async def test_the_link_of_an_erased_user_opens_nothing() -> None:
    bobby = Bobby()
    await bobby.consented()
    token = await export_token(bobby)
    await deleter(bobby).execute(DeleteUserDataCommand(phone=PHONE))
    with pytest.raises(ExportLinkInvalidError):
        await download(bobby).execute(DownloadExportCommand(token=token))


async def test_deleting_in_the_chat_removes_the_users_charts_and_queued_jobs() -> None:
    bobby = Bobby()
    chart = await with_a_chart(bobby)
    user_id = bobby.user().id
    await bobby.say("Burnout Check-In")
    assert user_id in bobby.queue.idle_checks  # the job that closes an idle exercise
    await bobby.say("delete my data")
    await bobby.say("yes")
    assert chart not in bobby.storage.files
    assert user_id not in bobby.queue.idle_checks
    (erasure,) = bobby.store.erasures.values()
    assert (erasure.source, erasure.media_removed, erasure.pending_media) == ("whatsapp", 1, ())


async def test_the_operator_deletes_a_user_everywhere_and_an_audit_record_stays() -> None:
    bobby = Bobby(clock=FakeClock())
    chart = await with_a_chart(bobby)
    user = bobby.user()
    done = await deleter(bobby).execute(DeleteUserDataCommand(phone=PHONE))
    assert done.files_removed == 1
    assert chart not in bobby.storage.files
    left = {name: rows for name, rows in bobby.store.tables().items()
            if rows and name not in {"processed_events", "erasures"}}
    assert left == {}
    (erasure,) = bobby.store.erasures.values()
    assert erasure.source == "operator"
    assert erasure.completed_at == bobby.clock.now()
    for mention in (PHONE, user.id):
        assert mention not in repr(erasure)
    with pytest.raises(UserNotFoundError):
        await ExportUserData(bobby.uow, bobby.clock).execute(ExportUserDataCommand(phone=PHONE))


async def test_files_an_unreachable_store_kept_are_removed_by_a_later_run() -> None:
    bobby = Bobby()
    chart = await with_a_chart(bobby)
    bobby.storage.fail = True
    await deleter(bobby).execute(DeleteUserDataCommand(phone=PHONE))
    (erasure,) = bobby.store.erasures.values()
    assert erasure.pending_media == (chart,)
    assert erasure.completed_at is None
    bobby.storage.fail = False
    done = await bobby.container.get(FinishErasures).execute()
    assert (done.finished, done.files_removed) == (1, 1)
    assert chart not in bobby.storage.files
    (erasure,) = bobby.store.erasures.values()
    assert erasure.pending_media == ()
    assert erasure.completed_at is not None


async def test_deleting_an_unknown_phone_says_so() -> None:
    with pytest.raises(UserNotFoundError):
        await deleter(Bobby()).execute(DeleteUserDataCommand(phone=PHONE))


def test_the_consent_question_names_both_data_commands_as_the_user_types_them() -> None:
    consent = default_registry().latest("consent")
    prompt = consent.step("ask").prompt  # type: ignore[union-attr]
    quoted = [global_word(phrase) for phrase in re.findall(r"'([^']+)'", prompt)]
    assert GlobalWord.EXPORT in quoted
    assert GlobalWord.DELETE in quoted
