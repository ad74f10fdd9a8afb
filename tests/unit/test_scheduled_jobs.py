"""Idle exercises closed on time by their job, the Boundaries journey by local calendar day,
and the local-time arithmetic behind every reminder (issue 10)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bobby_adapters.fakes import FakeClock
from bobby_adapters.phone_zones import zone_for_phone
from bobby_core.flows.burnout.scoring import answers_from, score
from bobby_core.local_time import QuietHours, due_in_days, zone_request
from bobby_core.model import Channel, ReminderKind, ReminderStatus, ResultStatus
from bobby_core.use_cases.read_chat import ReadChat, ReadChatCommand
from bobby_core.use_cases.receive_message import ReceiveMessageCommand
from tests.unit.harness import Bobby
from tests.unit.test_flow_boundaries import QUIZ_ALL_HEALTHY
from tests.unit.test_flow_burnout import LOW

NEW_YORK = "+12125550123"
WEB_PHONE = "+447700900555"


async def test_a_burnout_check_left_part_way_is_closed_at_the_timeout_with_its_partial_result() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("4")
    for answer in LOW[:5]:
        await bobby.say(answer)
    bobby.clock.advance(timedelta(minutes=59))
    assert await bobby.run_due() == []
    bobby.clock.advance(timedelta(minutes=1))
    told = await bobby.run_due()
    assert told[0].body.startswith(bobby.flow_text("burnout", "summary_partial", answered=5,
                                                   items=12, summary="").strip()[:40])
    assert told[0].media_url in bobby.storage.files
    # Partial, and said so: no risk band or overall score from 5 of 12 answers, and the way
    # back is the one that works (writing again offers to carry on from question 6).
    for band in ("low", "medium", "high"):
        assert bobby.flow_text("burnout", f"band_{band}") not in told[0].body
    assert "Overall" not in told[0].body
    assert told[-1].body == bobby.flow_text("burnout", "pick_up_again", next=6)
    [chart] = bobby.charts.bar_charts
    assert bobby.flow_text("burnout", "chart_overall") not in [label for label, _ in chart.bars]
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED
    assert result.abandoned_at_step is not None
    assert result.fields["answered"] == 5
    state = bobby.state()
    assert state.active
    assert state.paused_at == bobby.clock.now()
    # The user comes back later: offered to carry on, and nothing is recorded twice.
    bobby.clock.advance(timedelta(hours=3))
    assert bobby.said("paused_offer", title=bobby.registry.latest("burnout").title) in \
        await bobby.say("2")
    await bobby.say("1")
    assert len(bobby.results()) == 1
    assert score(answers_from(bobby.state().variables)).answered == 6  # the held "2" counted
    assert (bobby.state().paused_at, bobby.state().held_text) == (None, None)


async def test_a_web_chat_user_sees_the_partial_result_of_an_idle_burnout_check() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=30))  # past WhatsApp's window: no matter here
    read = bobby.container.get(ReadChat)

    async def web(text: str) -> None:
        received = await bobby.receive.execute(ReceiveMessageCommand(
            sender=WEB_PHONE, text=text, channel=Channel.WEB))
        await bobby.jobs.run_turns(received.user_id)
        await bobby.deliver_waiting()

    for text in ("hi", "yes", "4", "2", "3"):
        await web(text)
    bobby.clock.advance(timedelta(hours=30))
    await bobby.run_due()
    shown = [m.body for m in (await read.execute(ReadChatCommand(phone=WEB_PHONE))).messages]
    partial = bobby.flow_text("burnout", "summary_partial", answered=2, items=12, summary="")
    assert any(body.startswith(partial.strip()[:40]) for body in shown)
    assert shown[-1] == bobby.flow_text("burnout", "pick_up_again", next=3)
    assert bobby.messenger.sent == []  # nothing went to WhatsApp


async def test_outside_the_window_the_partial_result_is_kept_but_not_sent() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=30))
    await bobby.consented()
    await bobby.say("4")
    await bobby.say("2")
    bobby.clock.advance(timedelta(hours=30))
    assert await bobby.run_due() == []
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED


async def test_the_idle_job_looks_again_when_the_user_was_active_since() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("2")
    first = bobby.queue.idle_checks[bobby.user().id]
    bobby.clock.advance(timedelta(minutes=40))
    await bobby.say("An argument with my flatmate")
    bobby.clock.advance(timedelta(minutes=20))
    assert await bobby.run_due() == []  # due, but the user wrote 20 minutes ago
    assert bobby.results() == []
    assert bobby.queue.idle_checks[bobby.user().id] == first + timedelta(minutes=40)
    bobby.clock.advance(timedelta(minutes=40))
    await bobby.run_due()
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED


async def test_the_idle_check_is_queued_when_an_exercise_starts_not_on_each_turn_of_it() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    asked: list[datetime] = []
    queued = bobby.queue.schedule_idle_check

    async def counted(user_id: str, at: datetime) -> None:
        asked.append(at)
        await queued(user_id, at)

    bobby.queue.schedule_idle_check = counted  # type: ignore[method-assign]
    start = bobby.clock.now()
    await bobby.say("2")
    await bobby.say("An argument with my flatmate")
    await bobby.say("I always mess things up")
    assert asked == [start + timedelta(hours=1)]


async def test_the_sweep_finds_an_idle_exercise_whose_job_was_lost() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("2")
    bobby.queue.idle_checks.clear()
    bobby.clock.advance(timedelta(hours=2))
    assert (await bobby.sweep.execute()).idle_checks_queued == 1
    await bobby.run_due()
    assert len(bobby.results()) == 1
    assert (await bobby.sweep.execute()).idle_checks_queued == 0


async def finish_boundaries_day_one(bobby: Bobby, phone: str) -> None:
    await bobby.say("8", phone)
    for answer in QUIZ_ALL_HEALTHY:
        await bobby.say(answer, phone)
    await bobby.say("skip", phone)  # the feedback: the morning note is the only reminder


async def test_the_next_boundaries_day_unlocks_at_local_midnight_with_one_morning_nudge() -> None:
    # 20:00 in New York is 01:00 UTC the next day: the UTC date is not the user's date.
    start = datetime(2026, 1, 6, 1, 0, tzinfo=UTC)
    bobby = Bobby(clock=FakeClock(start))
    await bobby.consented(NEW_YORK)
    await finish_boundaries_day_one(bobby, NEW_YORK)
    await bobby.say("8", NEW_YORK)
    assert bobby.text("boundaries", "locked", NEW_YORK, day=2) in bobby.messenger.sent[-1].body
    bobby.clock.current = datetime(2026, 1, 6, 4, 59, tzinfo=UTC)  # 23:59 in New York
    await bobby.say("boundaries", NEW_YORK)
    assert bobby.text("boundaries", "locked", NEW_YORK, day=2) in bobby.messenger.sent[-1].body
    [nudge] = [r for r in bobby.store.reminders.values()
               if r.kind == ReminderKind.BOUNDARIES_DAY]
    assert nudge.due_at == datetime(2026, 1, 6, 14, 0, tzinfo=UTC)  # 09:00 in New York
    bobby.clock.current = datetime(2026, 1, 6, 5, 0, 1, tzinfo=UTC)  # just past midnight there
    today = bobby.flow_text("boundaries", "mark_today")
    assert bobby.flow_text("boundaries", "overview_line", mark=today, day=2,
                           title=bobby.flow_text("boundaries", "day_2")) in await bobby.say(
        "8", NEW_YORK)
    await bobby.say("menu", NEW_YORK)
    bobby.clock.current = nudge.due_at
    [sent] = await bobby.run_due()
    assert sent.body == bobby.said("reminder_boundaries_day", hello=bobby.said("hello"), day=2)
    bobby.clock.advance(timedelta(days=1))
    assert await bobby.run_due() == []
    assert [r.status for r in bobby.store.reminders.values()] == [ReminderStatus.SENT]


@pytest.mark.parametrize(("phone", "zone"), [
    ("+447700900123", "Europe/London"), ("+12125550123", "America/New_York"),
    ("+13105550123", "America/Los_Angeles"), ("+61291234567", "Australia/Sydney"),
    ("+74951234567", "Europe/Moscow"), ("+5511987654321", "America/Sao_Paulo"),
    ("+34612345678", "Europe/Madrid"), ("+33612345678", "Europe/Paris"), ("+999", "UTC"),
])
def test_a_users_zone_comes_from_their_phone(phone: str, zone: str) -> None:
    assert zone_for_phone(phone) == zone


@pytest.mark.parametrize(("text", "zone"), [
    ("time zone Europe/Paris", "Europe/Paris"), ("Timezone: america/new_york", "America/New_York"),
    ("my city is Lisbon", "Europe/Lisbon"), ("city Sao Paulo", "America/Sao_Paulo"),
    ("time zone Atlantis", None), ("I live in a big city", None), ("Paris", None),
])
def test_a_zone_named_in_chat(text: str, zone: str | None) -> None:
    assert zone_request(text) == zone


def test_quiet_hours_wrap_midnight_and_move_forward_only() -> None:
    quiet = QuietHours.parse("21-8")
    assert quiet.contains(time(21, 0))
    assert quiet.contains(time(7, 59))
    assert not quiet.contains(time(8, 0))
    assert not quiet.contains(time(20, 59))
    late = datetime(2026, 1, 5, 22, 30, tzinfo=UTC)
    assert quiet.after(late) == datetime(2026, 1, 6, 8, 0, tzinfo=UTC)
    assert quiet.after(datetime(2026, 1, 6, 3, 0, tzinfo=UTC)) == datetime(2026, 1, 6, 8, 0,
                                                                        tzinfo=UTC)
    assert QuietHours.parse("0-0").after(late) == late
    with pytest.raises(ValueError, match="21-8"):
        QuietHours.parse("evenings")


def test_a_time_skipped_by_daylight_saving_moves_forward_by_the_gap() -> None:
    # 02:30 on 8 March 2026 does not exist in New York: it becomes 03:30 EDT (07:30 UTC).
    asked = datetime(2026, 3, 7, 7, 30, tzinfo=UTC)  # 02:30 EST the day before
    due = due_in_days(asked, "America/New_York", 1, QuietHours(start=0, end=0))
    assert due == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


async def test_the_web_chat_shows_no_empty_bubble_for_what_was_not_kept_before_consent() -> None:
    bobby = Bobby()
    for text in ("hi", "yes", "menu"):
        received = await bobby.receive.execute(ReceiveMessageCommand(
            sender=WEB_PHONE, text=text, channel=Channel.WEB))
        await bobby.jobs.run_turns(received.user_id)
        await bobby.deliver_waiting()
    read = bobby.container.get(ReadChat)
    shown = (await read.execute(ReadChatCommand(phone=WEB_PHONE))).messages
    mine = [m.body for m in shown if m.direction.value == "inbound"]
    assert mine == ["yes", "menu"]  # "hi" came before consent: blanked, so not shown
    assert all(m.body or m.media_url for m in shown)


async def test_when_no_idle_job_ran_the_partial_result_comes_before_the_offer_to_carry_on(
        ) -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))  # as `bobby chat`, which runs no jobs
    await bobby.consented()
    await bobby.say("4")
    for answer in LOW[:3]:
        await bobby.say(answer)
    bobby.clock.advance(timedelta(hours=2))
    reply = await bobby.say("3")
    partial = bobby.flow_text("burnout", "summary_partial", answered=3, items=12, summary="")
    assert partial.strip()[:40] in reply
    assert bobby.flow_text("burnout", "pick_up_again", next=4) in reply
    assert bobby.said("paused_offer", title=bobby.registry.latest("burnout").title) in reply
    assert reply.index(partial.strip()[:40]) < reply.index(bobby.said(
        "paused_offer", title=bobby.registry.latest("burnout").title))
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED
