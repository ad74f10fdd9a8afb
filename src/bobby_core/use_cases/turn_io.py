"""The two short transactions around a turn: read its snapshot, apply its outcome.

Between them the turn runs holding no transaction and no connection, however long the model
thinks; the apply step checks the conversation's version, so a turn that raced another one is
rolled back whole and can be decided again from a fresh snapshot."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from bobby_core.conversation import touch
from bobby_core.conversation.opting import OPTED_OUT_REASON
from bobby_core.engine.outcome import Effects, Outcome, TurnContext
from bobby_core.model import (
    Channel,
    ConversationState,
    DeliveryStatus,
    Direction,
    ExerciseResult,
    Message,
    MessageId,
    OutboundText,
    Reminder,
    User,
    UserId,
)
from bobby_core.ports import IdGenerator, UnitOfWork
from bobby_core.privacy.erasure import erase_user
from bobby_core.subscriptions.model import Subscription
from bobby_core.text import split_message


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    user: User
    state: ConversationState
    progress: tuple[ExerciseResult, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    reminders: tuple[Reminder, ...] = ()


REMINDERS_READ = 20
"""How many of a user's latest reminders a turn reads (to tell what opting out stops)."""


async def load_snapshot(uow: UnitOfWork, user_id: UserId, progress_flows: Collection[str], *,
                        subscriptions: bool = False) -> Snapshot | None:
    """The user, their conversation, the earlier results their flows read, their latest
    reminders and (for the paywall) their subscriptions; None when the user is gone (erased
    while a message waited)."""
    user = await uow.users.get(user_id)
    if user is None:
        return None
    state = await uow.conversations.get(user_id) or ConversationState(user_id=user_id)
    progress = await uow.results.list_for_flows(user_id, progress_flows) if progress_flows else []
    subs = await uow.subscriptions.list_for_user(user_id) if subscriptions else []
    reminders = await uow.reminders.of_user(user_id, REMINDERS_READ)
    return Snapshot(user=user, state=state, progress=tuple(progress), subscriptions=tuple(subs),
                    reminders=tuple(reminders))


def split_replies(replies: tuple[OutboundText, ...]) -> tuple[OutboundText, ...]:
    """Each reply cut to WhatsApp's limit at paragraph or sentence ends; media on the first part."""
    parts: list[OutboundText] = []
    for message in replies:
        if message.link is not None:
            # The link's few lines stay one row, so the address fills its `{link}` there.
            parts.append(message)
            continue
        chunks = split_message(message.body) or [""]
        for index, chunk in enumerate(chunks):
            first = index == 0
            parts.append(OutboundText(body=chunk, media_url=message.media_url if first else None,
                                      chart=message.chart if first else None))
    return tuple(parts)


async def apply_outcome(uow: UnitOfWork, snapshot: Snapshot, outcome: Outcome, ctx: TurnContext,
                        *, ids: IdGenerator, inbound: Message | None = None,
                        channel: Channel = Channel.WHATSAPP,
                        claim: bool = False) -> tuple[Message, ...]:
    """Write everything the turn decided, in the caller's transaction; return the recorded
    replies (the outbox rows; with `claim`, see `record_outbound`). Raise
    ConcurrentUpdateError when another turn got there first."""
    effects = outcome.effects
    user_id = snapshot.user.id
    if inbound is not None:
        await uow.inbox.mark_handled(inbound.id, ctx.now)
        if effects.model_unavailable:
            await uow.inbox.count_attempt(inbound.id)
    if effects.delete_user:
        await erase_user(uow, user_id, ids=ids, now=ctx.now, source=channel.value)
        # The confirmation still goes through the outbox: addressed by the phone or the
        # provider's user id (the user row
        # is gone), it is removed once it has been sent.
        return await record_outbound(uow, user_id, split_replies(effects.replies), ids=ids,
                                     now=ctx.now, channel=channel, in_reply_to=None,
                                     claim=claim, address=snapshot.user.recipient.address)
    if not effects.model_unavailable:  # else the step stays exactly as it was, to be retried
        await uow.conversations.save(touch(outcome.state, ctx))
    user = effects.user or snapshot.user
    if effects.user is not None:
        await uow.users.save(effects.user)
    await store_records(uow, effects)
    if user.opted_out and not snapshot.user.opted_out:
        # Opting out cancels every reminder and nudge still waiting; their jobs find them
        # cancelled and send nothing.
        await uow.reminders.cancel_pending(user_id, ctx.now, OPTED_OUT_REASON)
    if inbound is not None:
        if not user.may_store:
            # Nothing a user writes is kept before they consent: the text waited in the inbox
            # only for its turn.
            await uow.inbox.redact(inbound.id)
        if effects.usage.total:
            await uow.inbox.record_usage(inbound.id, effects.usage.prompt_tokens,
                                         effects.usage.completion_tokens)
    return await record_outbound(uow, user_id, split_replies(effects.replies), ids=ids,
                                 now=ctx.now, channel=channel,
                                 in_reply_to=inbound.id if inbound else None, claim=claim)


async def store_records(uow: UnitOfWork, effects: Effects) -> None:
    """Write the records a turn decided: results, feedback, safety and guard events,
    reminders."""
    for result in effects.results:
        await uow.results.add(result)
    for feedback in effects.feedback:
        await uow.feedback.add(feedback)
    for event in effects.safety_events:
        await uow.safety_events.add(event)
    for guarded in effects.guard_events:
        await uow.guard_events.add(guarded)
    for reminder in effects.reminders:
        await uow.reminders.replace_pending(reminder)


async def record_outbound(uow: UnitOfWork, user_id: UserId, replies: tuple[OutboundText, ...], *,
                          ids: IdGenerator, now: datetime, channel: Channel,
                          in_reply_to: MessageId | None, claim: bool = False,
                          address: str | None = None) -> tuple[Message, ...]:
    """Put replies in the outbox, on every channel: the deliverer hands WhatsApp's to the
    provider and reads back the web chat's, the terminal's and the step calls'.

    With `claim`, the caller sends the replies itself right after the commit: they are
    recorded SENDING (claimed, one attempt) unless an earlier reply of this user waits or is
    being sent, in which case they queue behind it, so the order holds (a step call's never
    wait). Claiming here saves the turn a transaction of its own before each send.
    `address`: the farewell of an erased user, who has no row to find the phone in."""
    status, attempts, handled_at = DeliveryStatus.QUEUED, 0, None
    # A step call answers with its replies at once: they never queue behind another's.
    if claim and replies and (channel is Channel.STEP_API or not await uow.outbox.busy(user_id)):
        status, attempts, handled_at = DeliveryStatus.SENDING, 1, now
    recorded = tuple(Message(
        id=MessageId(ids.new_id()), user_id=user_id, direction=Direction.OUTBOUND,
        body=reply.body, media_url=reply.media_url, chart=reply.chart, link=reply.link,
        created_at=now, status=status, in_reply_to=in_reply_to, channel=channel,
        attempts=attempts, handled_at=handled_at, address=address)
        for reply in replies)
    await uow.outbox.add(recorded)
    return recorded
