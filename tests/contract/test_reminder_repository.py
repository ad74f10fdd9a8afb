from dataclasses import replace
from datetime import timedelta

from bobby_core.model import (
    ConsentStatus,
    ConversationState,
    Direction,
    Frame,
    MessageId,
    MessageTemplate,
    Reminder,
    ReminderStatus,
)
from bobby_core.ports import UnitOfWork, UnitOfWorkFactory
from tests.contract.objects import T0, make_message, next_id, stored_user


def reminder(user_id: str, days: int, kind: str = "custom") -> Reminder:
    return Reminder(id=next_id("rem"), user_id=user_id, kind=kind,  # type: ignore[arg-type]
                    due_at=T0 + timedelta(days=days), created_at=T0)


async def stored(work: UnitOfWork, *reminders: Reminder) -> list[Reminder]:
    """These reminders as they are stored now (each must be)."""
    found = [await work.reminders.get(r.id) for r in reminders]
    assert None not in found
    return [r for r in found if r is not None]


async def test_a_new_reminder_cancels_the_pending_one_of_the_same_kind(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    first, second = reminder(user.id, 2), reminder(user.id, 5)
    weekly, others = reminder(user.id, 7, kind="weekly"), reminder(other.id, 1)
    async with uow() as work:
        for item in (first, weekly, others):
            await work.reminders.replace_pending(item)
        await work.commit()
    async with uow() as work:
        await work.reminders.replace_pending(second)
        await work.commit()
    async with uow() as work:
        mine = await stored(work, first, weekly, second)
        theirs = await stored(work, others)
    assert [(r.id, r.status) for r in mine] == [
        (first.id, ReminderStatus.CANCELLED), (weekly.id, ReminderStatus.PENDING),
        (second.id, ReminderStatus.PENDING)]
    assert mine[2].due_at == T0 + timedelta(days=5)
    assert theirs == [others]


async def test_reminders_roll_back_without_commit_and_go_with_the_user(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    dropped, kept = reminder(user.id, 3), reminder(user.id, 3)
    async with uow() as work:
        await work.reminders.replace_pending(dropped)
    async with uow() as work:
        assert await work.reminders.get(dropped.id) is None
        await work.reminders.replace_pending(kept)
        await work.commit()
    async with uow() as work:
        assert await work.reminders.get(kept.id) == kept
        await work.users.delete(user.id)
        await work.commit()
    async with uow() as work:
        assert await work.reminders.get(kept.id) is None


async def test_settling_happens_once_and_keeps_the_outcome(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    due = reminder(user.id, 1)
    async with uow() as work:
        await work.reminders.replace_pending(replace(due, flow_id="reflect", note="2"))
        await work.commit()
    sent = replace(due, status=ReminderStatus.SENT, settled_at=T0 + timedelta(days=1),
                   reason="template", message_id=MessageId("msg-x"))
    async with uow() as work:
        assert await work.reminders.settle(sent)
        await work.commit()
    async with uow() as work:
        # A second worker with the same reminder: nothing to settle any more.
        assert not await work.reminders.settle(replace(sent, status=ReminderStatus.SKIPPED))
        stored = await work.reminders.get(due.id)
        assert await work.reminders.get("no-such-reminder") is None
    assert stored is not None
    assert (stored.status, stored.reason, stored.message_id) == (
        ReminderStatus.SENT, "template", "msg-x")
    assert (stored.flow_id, stored.note, stored.settled_at) == ("reflect", "2",
                                                               T0 + timedelta(days=1))


async def test_opting_out_cancels_every_pending_reminder_of_the_user(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    items = (reminder(user.id, 1), reminder(user.id, 2, kind="boundaries_day"),
             reminder(other.id, 1))
    async with uow() as work:
        for item in items:
            await work.reminders.replace_pending(item)
        await work.commit()
    async with uow() as work:
        assert await work.reminders.cancel_pending(user.id, T0, "opted out") == 2
        await work.commit()
    async with uow() as work:
        mine = await stored(work, *items[:2])
        theirs = await stored(work, items[2])
    assert {(r.status, r.reason) for r in mine} == {(ReminderStatus.CANCELLED, "opted out")}
    assert [r.status for r in theirs] == [ReminderStatus.PENDING]


async def test_a_users_reminders_newest_first_with_what_became_of_them(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    first = reminder(user.id, 1)
    second = replace(reminder(user.id, 2, kind="boundaries_day"),
                     created_at=T0 + timedelta(hours=1))
    async with uow() as work:
        for item in (first, second, reminder(other.id, 1)):
            await work.reminders.replace_pending(item)
        await work.reminders.cancel_pending(user.id, T0 + timedelta(hours=2), "opted out")
        await work.commit()
    async with uow() as work:
        mine = await work.reminders.of_user(user.id, 10)
        latest = await work.reminders.of_user(user.id, 1)
    assert [(r.id, r.reason) for r in mine] == [(second.id, "opted out"), (first.id, "opted out")]
    assert [r.id for r in latest] == [second.id]


async def test_overdue_lists_pending_reminders_past_their_time_and_recent_lists_all(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    late, later = reminder(user.id, 1), reminder(user.id, 3, kind="boundaries_day")
    async with uow() as work:
        for item in (late, later):
            await work.reminders.replace_pending(item)
        await work.commit()
    async with uow() as work:
        overdue = await work.reminders.overdue(T0 + timedelta(days=2))
        recent = await work.reminders.recent(10)
    assert [r.id for r in overdue if r.user_id == user.id] == [late.id]
    assert [r.id for r in recent if r.user_id == user.id] == [later.id, late.id]


async def test_idle_conversations_are_found(uow: UnitOfWorkFactory) -> None:
    user, paused = await stored_user(uow), await stored_user(uow)
    frame = (Frame(flow_id="reflect", version=1, step_id="event"),)
    async with uow() as work:
        await work.conversations.save(ConversationState(user_id=user.id, stack=frame,
                                                        last_activity_at=T0))
        await work.conversations.save(ConversationState(user_id=paused.id, stack=frame,
                                                        last_activity_at=T0, paused_at=T0,
                                                        held_text="later"))
        await work.commit()
    async with uow() as work:
        idle = await work.conversations.users_idle(T0 + timedelta(minutes=1))
        assert await work.conversations.users_idle(T0) == []
        state = await work.conversations.get(paused.id)
    assert user.id in idle
    assert paused.id not in idle
    assert state is not None
    assert (state.paused_at, state.held_text) == (T0, "later")


async def test_a_template_reply_round_trips_through_the_outbox(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    template = MessageTemplate(name="HX00", variables={"1": "Sam", "2": "Reflect"})
    message = replace(make_message(user, direction=Direction.OUTBOUND), template=template)
    async with uow() as work:
        await work.outbox.add([message])
        await work.commit()
    async with uow() as work:
        stored = await work.transcript.get(message.id)
    assert stored is not None
    assert stored.template == template


async def test_quiet_users_are_those_who_neither_wrote_nor_were_nudged_lately(
        uow: UnitOfWorkFactory) -> None:
    quiet, spoke, nudged = [await stored_user(uow) for _ in range(3)]
    async with uow() as work:
        for user in (quiet, spoke, nudged):
            await work.users.save(replace(user, consent=ConsentStatus.GIVEN))
        await work.inbox.add([make_message(quiet)])
        await work.inbox.add([make_message(spoke, minutes=60 * 24 * 3)])
        await work.reminders.replace_pending(replace(
            reminder(nudged.id, 0, kind="nudge"), created_at=T0 + timedelta(days=3)))
        await work.commit()
    async with uow() as work:
        found = await work.users.quiet_since(T0 + timedelta(days=1), "nudge")
    assert quiet.id in found
    assert spoke.id not in found
    assert nudged.id not in found
