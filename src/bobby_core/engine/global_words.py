"""Words that work in any state, whatever step the user is at."""

from __future__ import annotations

from enum import StrEnum

from bobby_core.engine.parsing import normalise


class GlobalWord(StrEnum):
    MENU = "menu"
    HELP = "help"
    STOP = "stop"
    START = "start"
    DELETE = "delete"
    EXPORT = "export"


_GREETINGS = frozenset({"hi", "hii", "hello", "hey", "hiya", "hi bobby", "hello bobby",
                        "hey bobby"})
_WORDS: dict[str, GlobalWord] = {
    **dict.fromkeys([*_GREETINGS, "menu", "main menu", "home", "back to menu"], GlobalWord.MENU),
    **dict.fromkeys(["help", "help me", "what can you do", "commands"], GlobalWord.HELP),
    # The messaging providers' opt-out keywords (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE,
    # OPTOUT) are honoured like `stop` when they arrive as a whole message.
    **dict.fromkeys(["stop", "unsubscribe", "stop all", "stopall", "opt out", "optout",
                     "stop messages", "stop all messages", "cancel", "end", "quit", "revoke"],
                    GlobalWord.STOP),
    **dict.fromkeys(["start", "unstop", "opt in", "resume messages"], GlobalWord.START),
    **dict.fromkeys(["delete my data", "delete my account", "erase my data", "forget me"],
                    GlobalWord.DELETE),
    **dict.fromkeys(["export my data", "download my data", "send me my data"],
                    GlobalWord.EXPORT),
}


def global_word(text: str) -> GlobalWord | None:
    """The global word the whole message is, or None; words inside a sentence do not count."""
    return _WORDS.get(normalise(text))


def is_greeting(text: str) -> bool:
    """The message is only a hello (it means `menu` when idle, but mid-exercise it is asked
    about rather than taken as leaving)."""
    return normalise(text) in _GREETINGS
