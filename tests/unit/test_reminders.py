"""Reminders arrive once, on time, in the user's own zone, within WhatsApp's rules (issue 10).

Every test moves a controllable clock and runs what a worker would run when it falls due."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bobby_adapters.fakes import FakeClock
from bobby_core.errors import DeliveryError
from bobby_core.model import Channel, ReminderStatus
from bobby_core.use_cases.list_reminders import ListReminders
from bobby_core.use_cases.nudge_quiet_users import NudgeQuietUsers
from tests.unit.harness import PHONE, Bobby

TEMPLATE = "HX0123456789abcdef0123456789abcdef"
NEW_YORK = "+12125550123"
NY = ZoneInfo("America/New_York")


REFLECT = ("2", "My manager criticised my report today",
           "I always get things wrong and everyone notices",
           "I did get good feedback last month though",
           "I'd tell a friend one mistake doesn't define them",
           "Maybe he was simply stressed, not angry at me", "4")


async def ask_for_reminder(bobby: Bobby, days: str = "2", phone: str = PHONE,
                           *, first: bool = True) -> None:
    """Walk Reflect and ask for a reminder in `days` days (after consenting, the first time)."""
    if first:
        await bobby.consented(phone)
    for text in REFLECT:
        await bobby.say(text, phone)
    assert bobby.text("reminder_offer", "days", phone) in await bobby.say("yes", phone)
    await bobby.say(days, phone)
    assert bobby.at(phone) == ("feedback", "ask")
    await bobby.say("skip", phone)


async def test_outside_the_window_the_reminder_goes_once_as_the_template_two_days_later() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    [reminder] = bobby.store.reminders.values()
    asked_at = bobby.clock.now()
    assert reminder.due_at == asked_at + timedelta(days=2)  # London = UTC in January, 09:00
    bobby.clock.advance(timedelta(days=2) - timedelta(minutes=1))
    assert await bobby.run_due() == []
    bobby.clock.advance(timedelta(minutes=1))
    [sent] = await bobby.run_due()
    assert sent.template is not None
    assert sent.template.name == TEMPLATE
    assert sent.template.variables == {"1": bobby.said("template_name_unknown"),
                                       "2": bobby.registry.latest("reflect").title}
    bobby.clock.advance(timedelta(days=3))
    assert await bobby.run_due() == []
    [done] = bobby.store.reminders.values()
    assert (done.status, done.reason) == (ReminderStatus.SENT, "template")
    assert done.message_id is not None
    assert len([m for m in bobby.messenger.sent if m.template]) == 1


async def test_inside_the_window_the_reminder_goes_as_text() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    bobby.clock.advance(timedelta(days=1, hours=12))
    await bobby.say("menu")  # the user wrote 12 hours before the reminder is due
    bobby.clock.advance(timedelta(hours=12))
    [sent] = await bobby.run_due()
    assert sent.template is None
    assert sent.body == bobby.said("reminder_custom", hello=bobby.said("hello"),
                                   exercise=bobby.registry.latest("reflect").title)


async def test_outside_the_window_without_a_template_it_is_skipped_with_the_reason() -> None:
    bobby = Bobby(template_sid=None)
    await ask_for_reminder(bobby)
    attempts = bobby.messenger.attempts
    bobby.clock.advance(timedelta(days=2))
    assert await bobby.run_due() == []
    [skipped] = bobby.store.reminders.values()
    assert skipped.status is ReminderStatus.SKIPPED
    assert skipped.reason == "outside the 24h window, no template configured"
    assert bobby.messenger.attempts == attempts  # nothing was attempted


async def test_a_new_request_replaces_the_pending_reminder_of_the_same_kind() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby, "5")
    await ask_for_reminder(bobby, "2", first=False)
    first, second = bobby.store.reminders.values()
    assert (first.status, first.reason) == (ReminderStatus.CANCELLED, "replaced")
    assert second.status is ReminderStatus.PENDING
    bobby.clock.advance(timedelta(days=2))
    assert len(await bobby.run_due()) == 1
    bobby.clock.advance(timedelta(days=3))
    assert await bobby.run_due() == []
    assert (await bobby.sweep.execute()).reminders_queued == 0


async def test_stop_cancels_every_pending_reminder_and_nothing_is_sent() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    assert bobby.said("stopped_done") in await bobby.say("STOP")
    [cancelled] = bobby.store.reminders.values()
    assert (cancelled.status, cancelled.reason) == (ReminderStatus.CANCELLED, "opted out")
    bobby.clock.advance(timedelta(days=3))
    assert await bobby.run_due() == []


async def test_twilio_opt_out_keywords_work_like_stop() -> None:
    bobby = Bobby()
    await bobby.consented()
    for word in ("STOPALL", "unsubscribe", "Stop messages", "QUIT"):
        assert bobby.said("stopped_done") in await bobby.say(word)
        assert bobby.user().opted_out
        await bobby.say("start")


async def test_a_reminder_for_a_user_who_deleted_their_data_is_dropped() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    await bobby.say("delete my data")
    await bobby.say("yes")
    sent_before = len(bobby.messenger.sent)
    bobby.clock.advance(timedelta(days=3))
    assert await bobby.run_due() == []
    assert len(bobby.messenger.sent) == sent_before


async def test_a_reminder_more_than_a_day_late_is_skipped() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    bobby.clock.advance(timedelta(days=3, minutes=1))
    assert await bobby.run_due() == []
    [late] = bobby.store.reminders.values()
    assert (late.status, late.reason) == (ReminderStatus.SKIPPED, "more than a day late")


async def test_the_sweep_finds_a_reminder_whose_job_was_lost() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    bobby.queue.reminders.clear()  # the in-process queue restarted: its jobs are gone
    bobby.clock.advance(timedelta(days=2, minutes=1))
    assert await bobby.run_due() == []
    swept = await bobby.sweep.execute()
    assert swept.reminders_queued == 1
    assert len(await bobby.run_due()) == 1
    assert (await bobby.sweep.execute()).reminders_queued == 0


async def test_a_reminder_asked_for_late_at_night_moves_out_of_quiet_hours_on_its_day() -> None:
    bobby = Bobby(clock=FakeClock(datetime(2026, 1, 5, 22, 30, tzinfo=UTC)),
                  template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    [reminder] = bobby.store.reminders.values()
    local = reminder.due_at.astimezone(ZoneInfo("Europe/London"))
    # Two days after the 5th is the 7th: in the evening, before the quiet hours (21-8) begin.
    assert (local.date().isoformat(), local.hour, local.minute) == ("2026-01-07", 20, 0)


@pytest.mark.parametrize(("local_now", "days", "due_day", "due_hour"), [
    (datetime(2026, 1, 5, 23, 0, tzinfo=NY), "1", "2026-01-06", 20),  # "tomorrow" at 23:00
    (datetime(2026, 1, 5, 23, 0, tzinfo=NY), "2", "2026-01-07", 20),
    (datetime(2026, 1, 5, 23, 0, tzinfo=NY), "3", "2026-01-08", 20),
    (datetime(2026, 1, 6, 0, 30, tzinfo=NY), "1", "2026-01-07", 8),   # just after midnight: the 6th
    (datetime(2026, 1, 6, 0, 30, tzinfo=NY), "3", "2026-01-09", 8),
    (datetime(2026, 1, 5, 15, 0, tzinfo=NY), "1", "2026-01-06", 15),
])
async def test_days_count_in_the_users_own_calendar(local_now: datetime, days: str,
                                                    due_day: str, due_hour: int) -> None:
    new_york = ZoneInfo("America/New_York")
    asked = local_now.astimezone(UTC)
    bobby = Bobby(clock=FakeClock(asked), template_sid=TEMPLATE)
    await ask_for_reminder(bobby, days, phone=NEW_YORK)
    [reminder] = bobby.store.reminders.values()
    local = reminder.due_at.astimezone(new_york)
    assert (local.date().isoformat(), local.hour) == (due_day, due_hour)


async def test_a_daylight_saving_change_keeps_the_local_hour_and_sends_once() -> None:
    # New York moves its clocks forward on Sunday 8 March 2026 at 02:00.
    bobby = Bobby(clock=FakeClock(datetime(2026, 3, 6, 15, 0, tzinfo=UTC)),  # 10:00 EST
                  template_sid=TEMPLATE)
    await ask_for_reminder(bobby, "3", phone=NEW_YORK)
    assert bobby.user(NEW_YORK).time_zone == "America/New_York"
    [reminder] = bobby.store.reminders.values()
    assert reminder.due_at == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)  # 10:00 EDT
    assert reminder.due_at - bobby.clock.now() == timedelta(days=3) - timedelta(hours=1)
    bobby.clock.current = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
    assert len(await bobby.run_due()) == 1
    bobby.clock.advance(timedelta(hours=2))
    assert await bobby.run_due() == []


async def test_the_time_zone_can_be_changed_in_chat() -> None:
    bobby = Bobby()
    await bobby.consented()
    assert bobby.user().time_zone == "Europe/London"
    reply = await bobby.say("time zone Europe/Paris")
    assert "Europe/Paris" in reply
    assert bobby.user().time_zone == "Europe/Paris"
    await bobby.say("my city is New York")
    assert bobby.user().time_zone == "America/New_York"


async def test_after_stop_the_notice_is_sent_at_most_once_a_day_and_start_always_works() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("stop")
    assert bobby.said("opted_out_notice") in await bobby.say("hello?")
    assert await bobby.say("anyone there?") == ""
    bobby.clock.advance(timedelta(hours=23))
    assert await bobby.say("hi") == ""
    bobby.clock.advance(timedelta(hours=2))
    assert bobby.said("opted_out_notice") in await bobby.say("hi")
    assert bobby.said("opted_in") in await bobby.say("start")
    await bobby.say("stop")
    assert bobby.said("opted_out_notice") in await bobby.say("hello")


async def test_periodic_nudges_go_to_quiet_users_once_a_period_and_skip_active_ones() -> None:
    bobby = Bobby(template_sid=TEMPLATE, nudge_every_days=7)
    await bobby.consented()
    await bobby.consented("+447700900999")
    nudges = bobby.container.get(NudgeQuietUsers)
    bobby.clock.advance(timedelta(days=6))
    await bobby.say("menu", "+447700900999")  # this one chatted within the week
    bobby.clock.advance(timedelta(days=1, hours=1))
    assert await nudges.execute() == 1
    assert await nudges.execute() == 0  # nudged already this period
    [sent] = await bobby.run_due()
    assert sent.to_phone == PHONE
    assert sent.template is not None
    await bobby.say("stop")
    bobby.clock.advance(timedelta(days=8))
    assert await nudges.execute() == 1  # the other user, quiet for a week now
    assert [s.to_phone for s in await bobby.run_due()] == ["+447700900999"]


async def test_a_refused_reminder_is_recorded_with_twilios_code_for_the_operator() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    bobby.messenger.failures = [DeliveryError("63016", permanent=True, detail="outside window")]
    bobby.clock.advance(timedelta(days=2))
    assert await bobby.run_due() == []
    [line] = await ListReminders(bobby.uow).execute()
    assert (line.kind, line.status, line.error_code) == ("custom", "failed", "63016")
    assert PHONE not in repr(line)


async def test_a_user_who_never_wrote_on_whatsapp_gets_no_reminder() -> None:
    bobby = Bobby(template_sid=TEMPLATE)
    await ask_for_reminder(bobby)
    for key, message in list(bobby.store.messages.items()):
        bobby.store.messages[key] = replace(message, channel=Channel.WEB)
    bobby.clock.advance(timedelta(days=2))
    assert await bobby.run_due() == []
    [skipped] = bobby.store.reminders.values()
    assert (skipped.status, skipped.reason) == (ReminderStatus.SKIPPED, "never wrote on WhatsApp")
