"""One turn as the policies see it, and what a policy answers.

A policy looks at the turn and either decides it (an `Outcome`), passes it on changed (a
`Turn`: the exercise closed, a notice said before whatever comes next) or passes it on as it
is (None)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from bobby_core.conversation.rules import Rules
from bobby_core.engine.global_words import GlobalWord
from bobby_core.engine.outcome import Effects, Outcome, TurnContext
from bobby_core.model import ConversationState


@dataclass(frozen=True, slots=True, kw_only=True)
class Turn:
    state: ConversationState
    text: str
    word: GlobalWord | None
    """The global word the whole message is, if it is one."""
    ctx: TurnContext
    said: Effects = field(default_factory=Effects)
    """What earlier policies already decided to say or record, kept whatever comes next."""

    def then(self, state: ConversationState, effects: Effects | None = None) -> Turn:
        """The turn passed on: this state, with `effects` said before the rest."""
        if effects is None:
            return replace(self, state=state)
        return replace(self, state=state, said=self.said + effects, ctx=self.ctx.after(effects))

    def decided(self, outcome: Outcome) -> Outcome:
        """`outcome`, after what earlier policies said."""
        return Outcome(state=outcome.state, effects=self.said + outcome.effects)


Decision = Outcome | Turn | None
Policy = Callable[[Turn, Rules], Awaitable[Decision]]
"""A rule of the conversation: decide the turn, or pass it on (changed or not)."""
