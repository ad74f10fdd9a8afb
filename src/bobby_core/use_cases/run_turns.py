"""Run a user's waiting turns, oldest message first: decide from a snapshot, apply the outcome,
deliver its replies.

This is what the queue's per-user job runs. No transaction is open while the conversation
decides (the model may take seconds); the outcome is applied in one short transaction, and its
replies leave through the outbox's one deliverer, like every other reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field

from bobby_core.conversation import Conversation
from bobby_core.engine.outcome import Effects, Outcome, TurnContext, say
from bobby_core.errors import ConcurrentUpdateError, ExternalServiceError
from bobby_core.local_time import QuietHours
from bobby_core.model import (
    Channel,
    ConversationState,
    DeliveryStatus,
    Message,
    OutboundText,
    Recipient,
    TokenUsage,
    UserId,
)
from bobby_core.ports import Clock, IdGenerator, Messenger, TaskQueue, UnitOfWorkFactory
from bobby_core.use_cases.delete_user_data import forget_jobs
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesResult
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.turn_io import Snapshot, apply_outcome, load_snapshot

log = logging.getLogger("bobby.turns")

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
    """The replies the deliverer handed over or read back, in order, as they went (the
    terminal chat prints them)."""
    model_unavailable: bool = False
    usage: TokenUsage = field(default_factory=TokenUsage)


class RunTurns:
    """One user's waiting turns, one after the other, in the order the messages arrived."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 conversation: Conversation, queue: TaskQueue, deliver: DeliverReplies,
                 erasures: FinishErasures, messenger: Messenger, *, typing: bool,
                 deadline_seconds: float, quiet_hours: QuietHours) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._conversation, self._queue = conversation, queue
        self._deliver, self._erasures = deliver, erasures
        self._messenger, self._typing = messenger, typing
        self._deadline = deadline_seconds
        self._quiet_hours = quiet_hours
        self._progress_flows = conversation.engine.registry.progress_flows()
        self._background: set[asyncio.Task[None]] = set()

    async def execute(self, cmd: RunTurnsCommand) -> RunTurnsResult:
        done = RunTurnsResult()
        for _ in range(MAX_TURNS_PER_JOB):
            waiting = await self._load(cmd.user_id)
            if waiting is None:
                return done
            inbound, snapshot = waiting
            ctx = TurnContext(user=snapshot.user, now=self._clock.now(), ids=self._ids,
                              progress=snapshot.progress, subscriptions=snapshot.subscriptions,
                              reminders=snapshot.reminders, quiet_hours=self._quiet_hours)
            outcome = await self._decide(snapshot, inbound, ctx)
            try:
                recorded, more = await self._apply(snapshot, outcome, ctx, inbound)
            except ConcurrentUpdateError:
                continue  # another turn changed the conversation first: decide again, fresh
            sent = await self._after(snapshot, outcome, ctx, recorded)
            effects = outcome.effects
            done = RunTurnsResult(
                turns=done.turns + 1,
                replies=done.replies + tuple(OutboundText(body=m.body, media_url=m.media_url)
                                             for m in sent.delivered),
                model_unavailable=done.model_unavailable or effects.model_unavailable,
                usage=done.usage + effects.usage)
            if not more:
                return done
        await self._defer(self._queue.defer_turns(cmd.user_id))
        return done

    async def _load(self, user_id: UserId) -> tuple[Message, Snapshot] | None:
        """The user's oldest waiting message and the snapshot its turn decides from."""
        async with self._uow() as uow:
            inbound = await uow.inbox.next_waiting(user_id)
            if inbound is None:
                return None
            snapshot = await load_snapshot(uow, user_id, self._progress_flows,
                                           subscriptions=self._conversation.reads_subscriptions)
        return (inbound, snapshot) if snapshot is not None else None

    async def _decide(self, snapshot: Snapshot, inbound: Message, ctx: TurnContext) -> Outcome:
        """The conversation's outcome; when the model is down or too slow, the step stays as
        it was and the user is told kindly.

        The message is not retried behind the user's back: a retry waiting in the queue would
        hold up the user's later messages, a crisis message among them, which must be
        answered at once and may not overtake (turns run in arrival order)."""
        if self._typing and inbound.provider_message_id and inbound.channel is Channel.WHATSAPP:
            self._show_typing(inbound.provider_message_id)
        try:
            async with asyncio.timeout(self._deadline):
                return await self._conversation.handle(snapshot.state, inbound.body, ctx,
                                                       media=inbound.media_url is not None)
        except (ExternalServiceError, TimeoutError):
            log.warning("model unavailable: a turn was given up with the kind reply")
            down = self._conversation.engine.registry.texts.model_down
            return Outcome(state=snapshot.state, effects=say(down) + Effects(
                model_unavailable=True))

    async def _apply(self, snapshot: Snapshot, outcome: Outcome, ctx: TurnContext,
                     inbound: Message) -> tuple[tuple[Message, ...], bool]:
        """Apply the outcome in one transaction; return the replies recorded (claimed for this
        job to send) and whether another message of the user waits (read in the same
        transaction: no extra one)."""
        async with self._uow() as uow:
            recorded = await apply_outcome(uow, snapshot, outcome, ctx, ids=self._ids,
                                           inbound=inbound, channel=inbound.channel, claim=True)
            more = (not outcome.effects.delete_user
                    and await uow.inbox.next_waiting(snapshot.user.id) is not None)
            await uow.commit()
        return recorded, more

    async def _after(self, snapshot: Snapshot, outcome: Outcome, ctx: TurnContext,
                     recorded: tuple[Message, ...]) -> DeliverRepliesResult:
        """Once the turn is committed: deliver its replies, queue its follow-ups (a failure
        here is not a lost race: the turn stands and is not decided again)."""
        user = snapshot.user
        if not outcome.effects.delete_user:
            sent = await self._send(user.id, user.recipient, recorded)
            await self._schedule(snapshot, outcome, ctx)
            return sent
        # The erased user's jobs go first: a later try of the farewell must not go with them.
        await forget_jobs(self._queue, user.id)
        sent = await self._send(user.id, user.recipient, recorded)
        await self._erasures.execute()  # the files; else the sweep removes them
        return sent

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

    async def _send(self, user_id: UserId, to: Recipient,
                    recorded: tuple[Message, ...]) -> DeliverRepliesResult:
        """Replies the turn claimed go out now, from this job (one job less per turn); replies
        queued behind an earlier one are left to a send job (the outbox keeps them)."""
        claimed = [m for m in recorded if m.status is DeliveryStatus.SENDING]
        if len(claimed) < len(recorded):
            await self._defer(self._queue.defer_delivery(user_id))
        if not claimed:
            return DeliverRepliesResult()
        try:
            return await self._deliver.send_claimed(user_id, to, claimed)
        except (ExternalServiceError, ConcurrentUpdateError) as exc:
            # The outcome could not be recorded: the rows stay SENDING and the sweep reports
            # them interrupted rather than risk a second copy. The turn itself stands.
            log.warning("the sends of a turn were not recorded (%s)", type(exc).__name__)
            return DeliverRepliesResult()

    def _show_typing(self, provider_message_id: str) -> None:
        """WhatsApp's typing indicator while the model thinks; it never affects the turn."""
        messenger = self._messenger

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
