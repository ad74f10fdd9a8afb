"""Users known by the messaging provider's id, with or without a phone number (WhatsApp
usernames): found again, followed when their number or id changes, answered, exported and
erased; and what a message Bobby cannot read gets."""

from __future__ import annotations

import pytest

from bobby_core.errors import DeliveryError, InvalidPhoneError, UserNotFoundError
from bobby_core.model import (
    Channel,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    MessageTemplate,
    User,
)
from bobby_core.safety.helplines import INTERNATIONAL
from bobby_core.use_cases.delete_user_data import DeleteUserData, DeleteUserDataCommand
from bobby_core.use_cases.export_user_data import ExportUserData, ExportUserDataCommand
from bobby_core.use_cases.follow_identity_change import (
    FollowIdentityChange,
    FollowIdentityChangeCommand,
)
from bobby_core.use_cases.receive_message import ReceiveMessageCommand
from tests.unit.harness import PHONE, Bobby

BSUID = "GB.13491208655302741918"
HIDDEN = "US.55501234567890"


async def write(bobby: Bobby, text: str, *, sender: str | None = None,
                user_id: str | None = BSUID, media: str | None = None,
                needs_turn: bool = True, sid: str | None = None) -> User:
    received = await bobby.receive.execute(ReceiveMessageCommand(
        sender=sender, text=text, provider_user_id=user_id, media_url=media,
        needs_turn=needs_turn, provider_message_id=sid))
    await bobby.jobs.run_turns(received.user_id)
    await bobby.deliver_waiting()
    return bobby.store.users[received.user_id]


async def test_a_user_without_a_phone_is_answered_at_their_id_in_their_countrys_zone() -> None:
    bobby = Bobby()
    user = await write(bobby, "hi", user_id=HIDDEN)
    assert (user.phone, user.provider_user_id, user.time_zone) == (None, HIDDEN,
                                                                   "America/New_York")
    assert bobby.messenger.sent
    assert {(s.to_phone, s.to_user_id) for s in bobby.messenger.sent} == {(None, HIDDEN)}
    assert len(bobby.store.users) == 1
    await write(bobby, "yes", user_id=HIDDEN)  # found again by the id alone
    assert len(bobby.store.users) == 1
    assert bobby.store.users[user.id].may_store


async def test_a_crisis_without_a_phone_gets_the_international_helplines() -> None:
    bobby = Bobby()
    await write(bobby, "hi", user_id=HIDDEN)
    await write(bobby, "yes", user_id=HIDDEN)
    before = len(bobby.messenger.sent)
    await write(bobby, "I want to kill myself tonight", user_id=HIDDEN)
    reply = "\n".join(s.body for s in bobby.messenger.sent[before:])
    assert INTERNATIONAL.lines[0] in reply


async def test_a_user_known_by_phone_who_arrives_with_an_id_stays_the_same_user() -> None:
    bobby = Bobby()
    await bobby.consented()
    before = bobby.user()
    after = await write(bobby, "menu", sender=f"whatsapp:{PHONE}", user_id=BSUID)
    assert (after.id, after.phone, after.provider_user_id) == (before.id, PHONE, BSUID)
    assert len(bobby.store.users) == 1


async def test_a_user_known_by_id_who_shows_a_number_keeps_it() -> None:
    bobby = Bobby()
    first = await write(bobby, "hi", user_id=HIDDEN)
    later = await write(bobby, "yes", sender="+12125550123", user_id=HIDDEN)
    assert (later.id, later.phone) == (first.id, "+12125550123")


async def test_a_sender_needs_a_phone_or_an_id() -> None:
    bobby = Bobby()
    with pytest.raises(InvalidPhoneError):
        await bobby.receive.execute(ReceiveMessageCommand(sender=None, text="hi"))


async def test_identity_changes_follow_the_user_and_never_take_another_users_number() -> None:
    bobby = Bobby()
    user = await write(bobby, "hi", sender=PHONE, user_id=BSUID)
    other = await write(bobby, "hi", sender="+447700900555", user_id="GB.555")
    follow = bobby.container.get(FollowIdentityChange)
    moved = await follow.execute(FollowIdentityChangeCommand(
        previous_phone=PHONE, previous_user_id=BSUID, phone="447700900999",
        provider_user_id="GB.999"))
    assert (moved.known, moved.updated) == (True, True)
    assert (bobby.store.users[user.id].phone, bobby.store.users[user.id].provider_user_id) == (
        "+447700900999", "GB.999")
    clash = await follow.execute(FollowIdentityChangeCommand(
        previous_user_id="GB.999", phone=other.phone, provider_user_id="GB.1000"))
    assert clash.updated  # the new id is taken, the number is not
    assert (bobby.store.users[user.id].phone, bobby.store.users[user.id].provider_user_id) == (
        "+447700900999", "GB.1000")
    assert bobby.store.users[other.id].phone == "+447700900555"
    nobody = await follow.execute(FollowIdentityChangeCommand(previous_user_id="GB.unknown",
                                                              provider_user_id="GB.x"))
    assert (nobody.known, nobody.updated) == (False, False)


async def test_an_operator_exports_and_erases_a_user_by_their_id() -> None:
    bobby = Bobby()
    user = await write(bobby, "hi", user_id=HIDDEN)
    await write(bobby, "yes", user_id=HIDDEN)
    export = await bobby.container.get(ExportUserData).execute(
        ExportUserDataCommand(provider_user_id=HIDDEN))
    assert (export.document["user_id"], export.document["phone"],
            export.document["provider_user_id"]) == (user.id, None, HIDDEN)
    await bobby.container.get(DeleteUserData).execute(
        DeleteUserDataCommand(provider_user_id=HIDDEN))
    assert bobby.store.users == {}
    with pytest.raises(UserNotFoundError):
        await bobby.container.get(ExportUserData).execute(
            ExportUserDataCommand(provider_user_id=HIDDEN))


async def test_a_photo_gets_the_kind_reply_and_the_step_waits() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    waiting = bobby.at()
    before = len(bobby.messenger.sent)
    await write(bobby, "", sender=PHONE, user_id=None, media="1479537139650973")
    assert [s.body for s in bobby.messenger.sent[before:]] == [bobby.said("media_not_read")]
    assert bobby.at() == waiting


async def test_an_opted_out_user_who_sends_a_photo_hears_only_how_to_come_back() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("stop")
    before = len(bobby.messenger.sent)
    await write(bobby, "", sender=PHONE, user_id=None, media="1479537139650973")
    assert [s.body for s in bobby.messenger.sent[before:]] == [bobby.said("opted_out_notice")]


async def test_a_reaction_is_kept_without_a_turn_or_a_reply() -> None:
    bobby = Bobby()
    await bobby.consented()
    before = len(bobby.messenger.sent)
    await write(bobby, "", sender=PHONE, user_id=None, needs_turn=False, sid="wamid.reaction")
    assert bobby.messenger.sent[before:] == []
    [kept] = [m for m in bobby.store.messages.values()
              if m.provider_message_id == "wamid.reaction"]
    assert (kept.user_id, kept.handled_at is not None) == (bobby.user().id, True)


async def test_a_refusal_for_the_closed_window_sends_the_template_and_fails_a_plain_reply() -> None:
    bobby = Bobby(template_sid="HX" + "0" * 32)
    await bobby.consented()
    user = bobby.user()
    closed = DeliveryError("63016", permanent=True, window_closed=True)
    template = MessageTemplate(name="HX" + "0" * 32, variables={"1": "Sam"})
    for n, carried in enumerate((None, template)):
        bobby.messenger.failures.append(closed)
        bobby.store.messages[MessageId(f"late-{n}")] = Message(
            id=MessageId(f"late-{n}"), user_id=user.id, direction=Direction.OUTBOUND,
            body="Come back for Reflect", created_at=bobby.clock.now(),
            status=DeliveryStatus.QUEUED, channel=Channel.WHATSAPP, template=carried)
        await bobby.jobs.deliver(user.id)
    plain, reminder = (bobby.store.messages[MessageId(f"late-{n}")] for n in (0, 1))
    assert (plain.status, plain.error_code) == (DeliveryStatus.FAILED, "63016")
    assert reminder.status is DeliveryStatus.SENT
    assert bobby.messenger.sent[-1].template == template
