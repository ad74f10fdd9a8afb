"""What a turn decides: the new state plus its effects, applied later in one short transaction.

The engine and the conversation never write anywhere: each step returns the effects it wants
(replies, records, user changes, control signals) and the use case applies them after the turn."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from bobby_core.charts import Chart
from bobby_core.local_time import QuietHours
from bobby_core.model import (
    ConversationState,
    ExerciseResult,
    Feedback,
    OutboundText,
    Reminder,
    SafetyEvent,
    TokenUsage,
    User,
)
from bobby_core.ports import IdGenerator
from bobby_core.safety.guard_events import GuardEvent
from bobby_core.subscriptions.model import Subscription


@dataclass(frozen=True, slots=True, kw_only=True)
class Effects:
    """Everything a turn wants done, in order. Combine with `+`."""

    replies: tuple[OutboundText, ...] = ()
    results: tuple[ExerciseResult, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    reminders: tuple[Reminder, ...] = ()
    safety_events: tuple[SafetyEvent, ...] = ()
    user: User | None = None
    """The user as the turn leaves them (consent, opting out or in); None: unchanged."""
    usage: TokenUsage = field(default_factory=TokenUsage)
    delete_user: bool = False
    """Erase the user and everything stored about them; nothing else of the turn is kept."""
    leave: bool = False
    """Close the running exercise once the current sub-flow has ended (recorded as abandoned)."""
    show_menu: bool = False
    """Show the main menu once the turn's messages are out."""
    hand_over: str | None = None
    """Replace the running exercise with this flow, now (consumed by the runner)."""
    model_unavailable: bool = False
    """The model was down or too slow: the step stays as it was and the attempt is counted."""
    guard_events: tuple[GuardEvent, ...] = ()
    """What the reply guard and the step's turn rules decided about the model's replies."""

    def __add__(self, other: Effects) -> Effects:
        return Effects(
            replies=self.replies + other.replies, results=self.results + other.results,
            feedback=self.feedback + other.feedback, reminders=self.reminders + other.reminders,
            safety_events=self.safety_events + other.safety_events,
            user=other.user or self.user, usage=self.usage + other.usage,
            delete_user=self.delete_user or other.delete_user, leave=self.leave or other.leave,
            show_menu=self.show_menu or other.show_menu,
            hand_over=other.hand_over or self.hand_over,
            model_unavailable=self.model_unavailable or other.model_unavailable,
            guard_events=self.guard_events + other.guard_events)


def say(body: str, media_url: str | None = None, chart: Chart | None = None) -> Effects:
    """One message to the user (blank text without media says nothing); a chart is drawn and
    stored by the edge after the turn, and sent as the message's media."""
    if not body.strip() and not media_url and chart is None:
        return Effects()
    return Effects(replies=(OutboundText(body=body.strip(), media_url=media_url, chart=chart),))


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    state: ConversationState
    effects: Effects = field(default_factory=Effects)

    def then(self, effects: Effects) -> Outcome:
        return replace(self, effects=self.effects + effects)


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnContext:
    """What a turn may read. Never a store, and nothing that reaches outside: what needs a
    provider (a chart, a payment link) is an effect the edge carries out after the commit."""

    user: User
    now: datetime
    ids: IdGenerator
    progress: tuple[ExerciseResult, ...] = ()
    """The user's earlier results of the flows that read their own history (series, journeys)."""
    subscriptions: tuple[Subscription, ...] = ()
    """What the paywall decides access from (read only while the paywall is on)."""
    reminders: tuple[Reminder, ...] = ()
    """The user's latest reminders, newest first (what opting out stops, what START says was
    dropped)."""
    quiet_hours: QuietHours = field(default_factory=QuietHours)
    """Local hours in which nothing is scheduled to reach the user (reminders move past them)."""
    skip_flows: frozenset[str] = frozenset()
    """Sub-flows this channel runs itself (a Studio flow has its own reminder and feedback), so
    the engine steps over them."""
    stop_before: frozenset[str] = frozenset()
    """Steps (by id) this turn does not enter: the engine stops in front of one as at a step
    that waits (a caller that runs one part of an exercise per call, and the rest itself)."""

    def after(self, effects: Effects) -> TurnContext:
        """The context as later steps of the same turn see it (a changed user)."""
        return self if effects.user is None else replace(self, user=effects.user)
