"""The scripted users of `bobby eval`, read from personas.toml: what each says at a step."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from bobby_core.engine.steps import CLOSED, Ask, Choice, Name, NumberRange, Step, YesNo

GIVE_IN = 3
"""Re-asks at one step after which a persona answers as the question asks: a person who is
shown the same question a fourth time picks something; the walk measures the re-asks, not a
loop no person would keep up."""
LISTED = "1"
"""What a persona gives in with at an open question Bobby keeps asking: the shipped flows
re-ask an open question only where it shows a numbered list (Journaling's topics)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Persona:
    name: str
    about: str
    talk: tuple[str, ...]
    yes_no: tuple[str, ...] = ("yes",)
    number: float = 0.5
    option: int = 1
    detour: str | None = None
    disclose: str | None = None
    disclose_after: int = 2
    carry_on: str = "yes"
    friend: str = "Sam"
    """The name given where Bobby asks for one (Cheerleader's friend)."""

    def __post_init__(self) -> None:
        if not self.talk or not self.yes_no:
            raise ValueError(f"persona {self.name}: `talk` and `yes_no` need a line each")
        if not 0 <= self.number <= 1 or self.option < 1:
            raise ValueError(f"persona {self.name}: number is 0..1, option from 1")

    def answer(self, step: Step | None, *, said: int, tries: int, disclosed: bool = False) -> str:
        """What the persona says at `step` with `said` messages of the exercise behind it and
        `tries` already sent at this very step (the disclosure, once, at the first step it
        answers from message `disclose_after` on)."""
        if self.disclose is not None and not disclosed and said >= self.disclose_after:
            return self.disclose
        if isinstance(step, Ask) and tries >= GIVE_IN:
            return self._asked_for(step)
        if not isinstance(step, Ask) or _open(step):
            return self.talk[said % len(self.talk)]
        if self.detour is not None and tries == 0:
            return self.detour
        return self._asked_for(step, said)

    def _asked_for(self, step: Ask, said: int = 0) -> str:
        """The answer `step` asks for, in the persona's manner."""
        expect = step.expect
        if isinstance(expect, Name):
            return self.friend
        if isinstance(expect, YesNo):
            return self.yes_no[said % len(self.yes_no)]
        if isinstance(expect, NumberRange):
            return str(expect.low + round((expect.high - expect.low) * self.number))
        if isinstance(expect, Choice):
            return expect.options[min(self.option, len(expect.options)) - 1].key
        return LISTED


def _open(step: Ask) -> bool:
    """An open question: any text answers it."""
    return not isinstance(step.expect, CLOSED)


def load_personas(text: str | None = None) -> dict[str, Persona]:
    """The personas of `text` (TOML; default: the shipped personas.toml), by name, in order."""
    if text is None:
        text = files("bobby_main.eval").joinpath("personas.toml").read_text(encoding="utf-8")
    personas = {}
    for name, table in tomllib.loads(text).items():
        values: dict[str, Any] = {key: tuple(v) if isinstance(v, list) else v
                                  for key, v in table.items()}
        personas[name] = Persona(name=name, **values)
    return personas
