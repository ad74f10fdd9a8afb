"""Words that work in any state, whatever step the user is at."""

from __future__ import annotations

import re
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
    # `exit` and the like leave an exercise for the menu: `cancel`, `end` and `quit` alone opt
    # out (below), as the messaging providers' rules expect.
    **dict.fromkeys([*_GREETINGS, "menu", "main menu", "home", "back to menu", "exit",
                     "exit exercise", "leave exercise", "leave this exercise", "end exercise",
                     "quit exercise", "cancel exercise", "stop exercise", "stop this exercise"],
                    GlobalWord.MENU),
    **dict.fromkeys(["help", "help me", "what can you do", "commands"], GlobalWord.HELP),
    # The messaging providers' opt-out keywords (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE,
    # OPTOUT) opt out at once, without a question, when they arrive as a whole message.
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


_ABOUT_MESSAGES = re.compile(
    r"\b(messag\w*|text\w*|send\w*|contact\w*|writ\w*|remind\w*|notify\w*|bother\w*) me\b|"
    r"\b(these|your|the|all|any|bobby's) (messages|texts|reminders|notifications|nudges)\b|"
    r"\bbobby\b|\bthis (bot|app|chat)\b")
"""What makes a `stop` in a sentence about Bobby's messages (not "stop texting my ex")."""
_STOP_WORD = re.compile(r"\b(stop|unsubscribe|opt out)\b")
ASKS_TO_STOP_WORDS = 12
"""A message longer than this is never taken as asking to stop (it is talk, not a request)."""


def asks_to_stop(text: str) -> bool:
    """A short sentence that asks for the messages to stop ("please stop messaging me"): asked
    about before anything stops (a `stop` about anything else is just something said)."""
    words = normalise(text)
    return (global_word(text) is None and len(words.split()) <= ASKS_TO_STOP_WORDS
            and _STOP_WORD.search(words) is not None and _ABOUT_MESSAGES.search(words) is not None)


def is_greeting(text: str) -> bool:
    """The message is only a hello (it means `menu` when idle, but mid-exercise it is asked
    about rather than taken as leaving)."""
    return normalise(text) in _GREETINGS
