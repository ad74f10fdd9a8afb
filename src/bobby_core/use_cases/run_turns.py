"""Run a user's waiting turns, oldest message first: decide from a snapshot, apply the outcome.

This is what the queue's per-user job runs. No transaction is open while the conversation
decides (the model may take seconds); the outcome is applied in one short transaction."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field

from bobby_core.conversation import Conversation
from bobby_core.engine.outcome import Outcome, TurnContext
from bobby_core.errors import ConcurrentUpdateError, ExternalServiceError
from bobby_core.llm import TokenUsage
from bobby_core.local_time import QuietHours
from bobby_core.model import (
    Channel,
    ConversationState,
    DeliveryStatus,
    Message,
    OutboundMessage,
    OutboundText,
    User,
    UserId,
)
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    IdGenerator,
    MediaStorage,
    Messenger,
    TaskQueue,
    UnitOfWorkFactory,
)
from bobby_core.use_cases.delete_user_data import forget_jobs
from bobby_core.use_cases.deliver_replies import DeliverReplies
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.turn_io import (
    Snapshot,
    apply_outcome,
    load_snapshot,
    record_outbound,
    split_replies,
)

log = logging.getLogger("bobby.turns")

MODEL_DOWN_REPLY = (
    "Sorry, I need a moment to gather my thoughts. Please send your last message again in a "
    "minute or two."
)
TURN_DEADLINE_SECONDS = 30.0
"""A turn (screening and up to three model calls) that takes longer is given up."""
MAX_TURNS_PER_JOB = 50
"""A job that finds more waiting messages than this queues itself again, so one chatty user
cannot hold a worker slot for ever."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunTurnsCommand:
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class RunTurnsResult:
    turns: int = 0
    replies: tuple[OutboundText, ...] = ()
    """Every reply the turns gave, in order (the terminal chat prints them)."""
    model_unavailable: bool = False
    usage: TokenUsage = field(default_factory=TokenUsage)


class RunTurns:
    """One user's waiting turns, one after the other, in the order the messages arrived."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 conversation: Conversation, queue: TaskQueue, *,
                 messenger: Messenger | None = None, typing: bool = False,
                 storage: MediaStorage | None = None, charts: ChartRenderer | None = None,
                 deadline_seconds: float | None = TURN_DEADLINE_SECONDS,
                 deliver: DeliverReplies | None = None,
                 quiet_hours: QuietHours | None = None,
                 erasures: FinishErasures | None = None) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._conversation, self._queue = conversation, queue
        self._messenger, self._typing = messenger, typing
        self._storage, self._charts = storage, charts
        self._deadline = deadline_seconds
        self._deliver = deliver
        self._quiet_hours = quiet_hours or QuietHours()
        self._erasures = erasures
        self._progress_flows = conversation.engine.registry.progress_flows()
        self._background: set[asyncio.Task[None]] = set()

    async def execute(self, cmd: RunTurnsCommand) -> RunTurnsResult:
        done = RunTurnsResult()
        waiting = await self._load(cmd.user_id)
        for _ in range(MAX_TURNS_PER_JOB):
            if waiting is None:
                return done
            inbound, snapshot = waiting
            ctx = TurnContext(user=snapshot.user, now=self._clock.now(), ids=self._ids,
                              progress=snapshot.progress, subscriptions=snapshot.subscriptions,
                              charts=self._charts, storage=self._storage,
                              quiet_hours=self._quiet_hours)
            try:
                outcome = await self._decide(snapshot, inbound, ctx)
            except (ExternalServiceError, TimeoutError):
                replies = await self._model_down(snapshot.user, inbound)
                done = RunTurnsResult(turns=done.turns + 1, replies=done.replies + replies,
                                      model_unavailable=True, usage=done.usage)
                waiting = await self._load(cmd.user_id)
                continue
            try:
                recorded, more = await self._apply(snapshot, outcome, ctx, inbound)
            except ConcurrentUpdateError:
                # Another turn changed the conversation first: decide again, fresh.
                waiting = await self._load(cmd.user_id)
                continue
            await self._after(snapshot, outcome, ctx, inbound, recorded)
            done = RunTurnsResult(turns=done.turns + 1,
                                  replies=done.replies + split_replies(outcome.effects.replies),
                                  usage=done.usage + outcome.effects.usage)
            waiting = await self._load(cmd.user_id) if more else None
        await self._defer(self._queue.defer_turns(cmd.user_id))
        return done

    async def _load(self, user_id: UserId) -> tuple[Message, Snapshot] | None:
        """The user's oldest waiting message and the snapshot its turn decides from."""
        async with self._uow() as uow:
            inbound = await uow.messages.next_inbound(user_id)
            if inbound is None:
                return None
            snapshot = await load_snapshot(uow, user_id, self._progress_flows,
                                           subscriptions=self._conversation.paywall_on)
        return (inbound, snapshot) if snapshot is not None else None

    async def _decide(self, snapshot: Snapshot, inbound: Message, ctx: TurnContext) -> Outcome:
        if self._typing and inbound.provider_message_id and inbound.channel is Channel.WHATSAPP:
            self._show_typing(inbound.provider_message_id)
        async with asyncio.timeout(self._deadline):
            return await self._conversation.handle(snapshot.state, inbound.body, ctx)

    async def _apply(self, snapshot: Snapshot, outcome: Outcome, ctx: TurnContext,
                     inbound: Message) -> tuple[tuple[Message, ...], bool]:
        """Apply the outcome in one transaction; return the replies recorded and whether
        another message of the user waits (read in the same transaction: no extra one)."""
        async with self._uow() as uow:
            recorded = await apply_outcome(uow, snapshot, outcome, ctx, ids=self._ids,
                                           inbound=inbound, channel=inbound.channel,
                                           claim=self._deliver is not None)
            more = (not outcome.effects.delete_user
                    and await uow.messages.next_inbound(snapshot.user.id) is not None)
            await uow.commit()
        return recorded, more

    async def _after(self, snapshot: Snapshot, outcome: Outcome, ctx: TurnContext,
                     inbound: Message, recorded: tuple[Message, ...]) -> None:
        """Once the turn is committed: send its replies, queue its follow-ups (a failure
        here is not a lost race: the turn stands and is not decided again)."""
        if outcome.effects.delete_user:
            await self._farewell(snapshot, inbound, outcome)
            await forget_jobs(self._queue, snapshot.user.id)
            if self._erasures is not None:
                await self._erasures.execute()  # the files; else the sweep removes them
            return
        await self._send(snapshot.user, recorded)
        await self._schedule(snapshot, outcome, ctx)

    async def _schedule(self, snapshot: Snapshot, outcome: Outcome, ctx: TurnContext) -> None:
        """After the commit: the jobs of the reminders this turn asked for, and the check
        that closes the exercise if the user leaves it idle (the sweep catches both if the
        queue is down now). The check is queued when an exercise starts or resumes, not on
        every turn of it: it looks at the last activity when it runs and, if the user was
        active since, queues itself again for the new timeout."""
        user_id = snapshot.user.id
        for reminder in outcome.effects.reminders:
            await self._defer(self._queue.schedule_reminder(user_id, reminder.kind,
                                                            reminder.id, reminder.due_at))
        if _running(outcome.state) and not _running(snapshot.state):
            await self._defer(self._queue.schedule_idle_check(
                user_id, ctx.now + self._conversation.idle_timeout))

    async def _farewell(self, snapshot: Snapshot, inbound: Message, outcome: Outcome) -> None:
        """After an erasure nothing is stored, not even the outbox: the confirmation goes out
        directly, once, best effort."""
        if inbound.channel is not Channel.WHATSAPP or self._messenger is None:
            return
        for reply in split_replies(outcome.effects.replies):
            try:
                await self._messenger.send(OutboundMessage(
                    reference=inbound.id, to_phone=snapshot.user.phone, body=reply.body,
                    media_url=reply.media_url))
            except ExternalServiceError as exc:
                log.warning("the erasure confirmation was not delivered (%s)", exc.service)
                return

    async def _model_down(self, user: User, inbound: Message) -> tuple[OutboundText, ...]:
        """The model is down or too slow: the turn is dropped (the step is as it was, so the
        user can simply send again) and the user is told kindly.

        The message is not retried behind the user's back: a retry waiting in the queue would
        hold up the user's later messages, a crisis message among them, which must be
        answered at once and may not overtake (turns run in arrival order)."""
        said = (OutboundText(body=MODEL_DOWN_REPLY),)
        async with self._uow() as uow:
            await uow.messages.count_attempt(inbound.id)
            await uow.messages.mark_handled(inbound.id, self._clock.now())
            recorded = await record_outbound(uow, user.id, said, ids=self._ids,
                                             now=self._clock.now(), channel=inbound.channel,
                                             in_reply_to=None, claim=self._deliver is not None)
            await uow.commit()
        log.warning("model unavailable: a turn was given up with the kind reply")
        await self._send(user, recorded)
        return said

    async def _send(self, user: User, recorded: tuple[Message, ...]) -> None:
        """Replies the turn claimed go out now, from this job (one job less per turn); replies
        queued behind an earlier one, or that could not be sent from here, are left to a send
        job (the outbox keeps them)."""
        whatsapp = [m for m in recorded if m.channel is Channel.WHATSAPP]
        if not whatsapp:
            return
        claimed = [m for m in whatsapp if m.status is DeliveryStatus.SENDING]
        if self._deliver is None or not claimed:
            await self._defer(self._queue.defer_delivery(user.id))
            return
        try:
            await self._deliver.send_claimed(user.id, user.phone, claimed)
        except (ExternalServiceError, ConcurrentUpdateError) as exc:
            # The outcome could not be recorded: the rows stay SENDING and the sweep reports
            # them interrupted rather than risk a second copy. The turn itself stands.
            log.warning("the sends of a turn were not recorded (%s)", type(exc).__name__)

    def _show_typing(self, provider_message_id: str) -> None:
        """WhatsApp's typing indicator while the model thinks; it never affects the turn."""
        messenger = self._messenger
        if messenger is None:
            return

        async def show() -> None:
            try:
                async with asyncio.timeout(5):
                    await messenger.show_typing(provider_message_id)
            except (ExternalServiceError, TimeoutError) as exc:
                log.info("typing indicator not shown (%s)", type(exc).__name__)

        task = asyncio.create_task(show())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    @staticmethod
    async def _defer(deferring: Awaitable[None]) -> None:
        try:
            await deferring
        except ExternalServiceError as exc:
            log.warning("could not queue follow-up work (%s); the sweep will", exc.service)


def _running(state: ConversationState) -> bool:
    """In an exercise that is not paused: the idle check has something to watch."""
    return state.active and state.paused_at is None
