"""Close an exercise left idle past the timeout, at that moment (the queue's idle job).

The exercise is recorded as abandoned at the step it was left (for analytics) and paused, not
erased: the user's next message is offered the choice to carry on (see Conversation). A
Burnout check left part-way sends the user their partial result and chart, on the channel the
user last wrote on: the web chat shows it, WhatsApp if its 24-hour window is still open."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.conversation import Conversation
from bobby_core.engine.outcome import TurnContext
from bobby_core.errors import ConcurrentUpdateError
from bobby_core.local_time import QuietHours
from bobby_core.model import Channel, UserId
from bobby_core.ports import Clock, IdGenerator, TaskQueue, UnitOfWorkFactory
from bobby_core.use_cases.deliver_replies import WINDOW
from bobby_core.use_cases.turn_io import load_snapshot, record_outbound, split_replies


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseIdleExerciseCommand:
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseIdleExerciseResult:
    closed: bool = False
    told: int = 0
    """Messages sent to the user (Burnout's partial result)."""


class CloseIdleExercise:
    """Pause and record the user's exercise if it has sat idle past the timeout; when the user
    was active since, look again at the new timeout."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 conversation: Conversation, queue: TaskQueue, *,
                 quiet_hours: QuietHours) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._conversation, self._queue = conversation, queue
        self._quiet_hours = quiet_hours
        self._progress_flows = conversation.engine.registry.progress_flows()

    async def execute(self, cmd: CloseIdleExerciseCommand) -> CloseIdleExerciseResult:
        now = self._clock.now()
        async with self._uow() as uow:
            snapshot = await load_snapshot(uow, cmd.user_id, self._progress_flows)
            last_inbound = await uow.inbox.last_received_at(cmd.user_id)
            channel = await uow.inbox.last_channel(cmd.user_id)
        if snapshot is None:
            return CloseIdleExerciseResult()
        state = snapshot.state
        if not state.active or state.paused_at is not None or state.last_activity_at is None:
            return CloseIdleExerciseResult()
        due = state.last_activity_at + self._conversation.idle_timeout
        if due > now:
            await self._queue.schedule_idle_check(cmd.user_id, due)
            return CloseIdleExerciseResult()
        ctx = TurnContext(user=snapshot.user, now=now, ids=self._ids, progress=snapshot.progress,
                          quiet_hours=self._quiet_hours)
        outcome = await self._conversation.pause_idle(state, ctx)
        user = snapshot.user
        reachable = channel in (Channel.WEB, Channel.TERMINAL) or (
            channel is Channel.WHATSAPP and last_inbound is not None
            and now - last_inbound < WINDOW)
        replies = split_replies(outcome.effects.replies) \
            if reachable and not user.opted_out else ()
        try:
            async with self._uow() as uow:
                await uow.conversations.save(outcome.state)
                for result in outcome.effects.results:
                    await uow.results.add(result)
                recorded = await record_outbound(uow, user.id, replies, ids=self._ids, now=now,
                                                 channel=channel or Channel.WHATSAPP,
                                                 in_reply_to=None)
                await uow.commit()
        except ConcurrentUpdateError:
            return CloseIdleExerciseResult()  # a turn ran meanwhile: the user is back
        if recorded:
            await self._queue.defer_delivery(user.id)
        return CloseIdleExerciseResult(closed=True, told=len(recorded))
