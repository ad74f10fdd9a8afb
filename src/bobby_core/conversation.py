"""The turn policy around the engine: safety first, then opt-out, expiry, global words, consent,
the menu and finally the running exercise."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bobby_core.engine.global_words import GlobalWord, global_word
from bobby_core.engine.menu import match_deep_link, match_menu, menu_text
from bobby_core.engine.runner import Engine
from bobby_core.engine.turn import Turn
from bobby_core.model import ConversationState
from bobby_core.ports import CrisisScreener, ScreeningResult
from bobby_core.safety.helplines import Helplines
from bobby_core.safety.respond import respond_to_crisis

DEFAULT_IDLE_TIMEOUT = timedelta(hours=1)
HELP_TEXT = (
    "I'm Bobby, an automated well-being companion (not a therapist). You can send:\n"
    "• menu - see the exercises\n"
    "• stop - stop all messages (start brings me back)\n"
    "• delete my data - erase everything I stored about you\n"
    "If you are in danger, please call your local emergency number."
)
INTERRUPTIONS = {GlobalWord.STOP: "opt_out", GlobalWord.DELETE: "delete_data"}
CONSENT_FLOW, AFTER_CONSENT = "consent", "_after_consent"
UNRECOGNISED_FLOW, UNRECOGNISED_VAR = "recommender", "feeling"
"""What starts when the idle menu gets text it does not know (as in the prototype), and the
variable that carries that text into it."""


class Conversation:
    """Decides what one inbound text does to a user's conversation."""

    def __init__(
        self,
        engine: Engine,
        screener: CrisisScreener,
        idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT,
        helplines: dict[str, Helplines] | None = None,
    ) -> None:
        self.engine = engine
        self._screener = screener
        self._idle_timeout = idle_timeout
        self._helplines = helplines

    @property
    def helplines(self) -> dict[str, Helplines] | None:
        """The helpline table crisis replies use (None: the built-in one)."""
        return self._helplines

    def menu(self, turn: Turn) -> None:
        turn.say(menu_text(self.engine.registry))

    async def handle(self, state: ConversationState, text: str, turn: Turn) -> ConversationState:
        screening = await self._screener.screen(text)
        if screening.flagged:
            return await self._crisis(state, screening, turn)
        word = global_word(text)
        if turn.user.opted_out:
            return await self._opted_out(state, word, turn)
        if state.active and self._expired(state, turn):
            state = await self.engine.abandon(state, turn)
            turn.say("It's been a while, so I closed our last exercise.")
            if word in (None, GlobalWord.MENU, GlobalWord.START):
                self.menu(turn)
                return state
        consented_before = turn.user.may_store
        state = await self._dispatch(state, text, word, turn)
        return await self._after(state, consented_before, turn)

    async def _dispatch(self, state: ConversationState, text: str, word: GlobalWord | None,
                        turn: Turn) -> ConversationState:
        top = state.top
        if word in INTERRUPTIONS:
            flow_id = INTERRUPTIONS[word]
            if top is not None and top.flow_id == flow_id:
                return await self.engine.reprompt(state, turn)
            return await self.engine.start(state, flow_id, turn)
        if word is GlobalWord.HELP:
            turn.say(HELP_TEXT)
            if state.active:
                turn.say("Reply to carry on where we were, or send menu to start something else.")
            return state
        if not turn.user.may_store:
            return await self._consent(state, text, word, turn)
        if word in (GlobalWord.MENU, GlobalWord.START):
            if state.active:
                state = await self.engine.abandon(state, turn)
            self.menu(turn)
            return state
        if self.engine.is_stale(state):
            state = state.idle(turn.now)
            turn.say("I've updated that exercise since we started it, so let's begin again.")
            self.menu(turn)
            return state
        linked = match_deep_link(self.engine.registry, text)
        if linked is not None and state.active:
            state = await self.engine.abandon(state, turn)
            return await self.engine.start(state, linked.id, turn)
        if state.active:
            return await self.engine.receive(state, text, turn)
        chosen = match_menu(self.engine.registry, text)
        if chosen is None:
            return await self._unrecognised(state, text, turn)
        return await self.engine.start(state, chosen.id, turn)

    async def _consent(self, state: ConversationState, text: str, word: GlobalWord | None,
                       turn: Turn) -> ConversationState:
        """Before consent only the consent dialogue runs; a deep link sent as the first message
        (such as `Burnout Check-In`) starts as soon as the user agrees."""
        top = state.top
        if state.active and top is not None and top.flow_id == CONSENT_FLOW and word is None:
            pending = state.variables.get(AFTER_CONSENT)
            state = await self.engine.receive(state, text, turn)
            if turn.user.may_store and isinstance(pending, str) and not state.active:
                return await self.engine.start(state, pending, turn)
            return state
        linked = match_deep_link(self.engine.registry, text)
        given = {AFTER_CONSENT: linked.id} if linked is not None else {}
        return await self.engine.start(state.idle(turn.now), CONSENT_FLOW, turn, given)

    async def _unrecognised(self, state: ConversationState, text: str,
                            turn: Turn) -> ConversationState:
        """Text the menu does not know starts the recommender; a sentence (three words or
        more) already says how the user feels, so it is not asked again."""
        if not any(f.id == UNRECOGNISED_FLOW for f in self.engine.registry.exercises()):
            self.menu(turn)
            return state
        given = {UNRECOGNISED_VAR: text.strip()} if len(text.split()) >= 3 else {}
        return await self.engine.start(state, UNRECOGNISED_FLOW, turn, given)

    async def _after(self, state: ConversationState, consented_before: bool,
                     turn: Turn) -> ConversationState:
        if turn.user_deleted:
            return state.idle(turn.now)
        if turn.leave_exercise or turn.user.opted_out:
            state = await self.engine.abandon(state, turn)
            if turn.leave_exercise:
                self.menu(turn)
            return state
        if not state.active and ((turn.user.may_store and not consented_before) or turn.show_menu):
            self.menu(turn)
        return state

    async def _crisis(self, state: ConversationState, screening: ScreeningResult,
                      turn: Turn) -> ConversationState:
        top = state.top
        await respond_to_crisis(turn, screening, top, self._helplines)
        root = state.root
        if root is None or root.flow_id == CONSENT_FLOW or (top and top.flow_id == "pause_check"):
            return state
        return await self.engine.start(state, "pause_check", turn)

    async def _opted_out(self, state: ConversationState, word: GlobalWord | None,
                         turn: Turn) -> ConversationState:
        if word is not GlobalWord.START:
            turn.say("You've stopped messages from Bobby. Send START if you'd like to talk again.")
            return state
        turn.user = turn.user.opt_in()
        await turn.uow.users.save(turn.user)
        turn.say("Welcome back! 😊")
        if turn.user.may_store:
            self.menu(turn)
            return state
        return await self.engine.start(state.idle(turn.now), CONSENT_FLOW, turn)

    def _expired(self, state: ConversationState, turn: Turn) -> bool:
        last = state.last_activity_at
        return last is not None and turn.now - last > self._idle_timeout


def touch(state: ConversationState, turn: Turn) -> ConversationState:
    """Stamp the state with this turn's time (it counts as activity)."""
    return replace(state, last_activity_at=turn.now)
