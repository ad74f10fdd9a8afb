"""The history a caller keeps between loop calls: the talk, plus notes only Bobby reads.

Notes carry what the loop needs again (the belief named when the Socratic loop opened) or what
the final save must store (an earlier loop's transcript, the crisis signals seen on the way,
since a loop call does not know whose it is). A crisis note holds categories, never the text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bobby_core.model import ChatTurn, JsonValue, Role

NOTE_ROLE = "note"
MAX_TURNS = 40
"""Far more than the longest loop's turn limit allows; older turns beyond it are dropped."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CrisisNote:
    categories: tuple[str, ...]
    screener: str
    step_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KeptHistory:
    turns: tuple[ChatTurn, ...] = ()
    kept: dict[str, JsonValue] = field(default_factory=dict)
    crises: tuple[CrisisNote, ...] = ()

    @classmethod
    def decode(cls, raw: Sequence[Any]) -> KeptHistory:
        """Read what the caller sent back; entries of any other shape are ignored."""
        turns: list[ChatTurn] = []
        kept: dict[str, JsonValue] = {}
        crises: list[CrisisNote] = []
        for entry in raw:
            if not isinstance(entry, Mapping):
                continue
            role = entry.get("role")
            if role in (Role.USER.value, Role.ASSISTANT.value) and isinstance(
                    entry.get("content"), str):
                turns.append(ChatTurn(role=Role(role), content=entry["content"]))
            elif role == NOTE_ROLE:
                if isinstance(entry.get("kept"), Mapping):
                    kept.update(entry["kept"])
                crises.extend(_crises(entry.get("crises")))
        return cls(turns=tuple(turns[-MAX_TURNS:]), kept=kept, crises=tuple(crises))

    def encode(self) -> list[dict[str, JsonValue]]:
        """The history as the caller keeps it: the talk, then one note when there is any."""
        talk: list[dict[str, JsonValue]] = [
            {"role": t.role.value, "content": t.content} for t in self.turns[-MAX_TURNS:]]
        if self.kept or self.crises:
            talk.append({"role": NOTE_ROLE, "kept": dict(self.kept), "crises": [
                {"categories": list(c.categories), "screener": c.screener, "step": c.step_id}
                for c in self.crises]})
        return talk

    def merged(self, earlier: KeptHistory) -> KeptHistory:
        """This history carrying an earlier loop's notes too (its crises and kept values)."""
        return replace(self, kept={**earlier.kept, **self.kept},
                       crises=(*earlier.crises, *self.crises))

    def transcript(self) -> list[dict[str, JsonValue]]:
        """The talk alone, as a flow stores a loop's transcript."""
        return [{"role": t.role.value, "content": t.content} for t in self.turns]


def _crises(raw: Any) -> list[CrisisNote]:
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return []
    notes = []
    for item in raw:
        if isinstance(item, Mapping) and isinstance(item.get("categories"), Sequence):
            notes.append(CrisisNote(categories=tuple(str(c) for c in item["categories"]),
                                    screener=str(item.get("screener", ""))[:64],
                                    step_id=str(item.get("step", ""))[:64]))
    return notes
