"""The history a Studio loop widget keeps between calls, read into Bobby's kept state and back:
the talk (so Studio's logs read as the conversation), then one note only Bobby reads, with
where the flow stands, its variables and the crisis signals met on the way (categories only).
It goes back to the caller as the JSON text of that list, as the prototype's did; both the text
and the list are read back (fields.History)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bobby_core.model import JsonValue
from bobby_core.use_cases.kept_state import CrisisNote, KeptState, turns_of

NOTE_ROLE = "note"
MAX_TURNS = 40
"""Far more than the longest loop's turn limit allows; older turns beyond it are dropped."""


def decode(raw: Sequence[Any]) -> KeptState:
    """What the caller sent back; entries of any other shape are ignored."""
    notes = [e for e in raw if isinstance(e, Mapping) and e.get("role") == NOTE_ROLE]
    note: Mapping[str, Any] = notes[-1] if notes else {}
    kept, step = note.get("kept"), note.get("step")
    return KeptState(step=step if isinstance(step, str) else None,
                     variables=dict(kept) if isinstance(kept, Mapping) else {},
                     talk=turns_of(list(raw))[-MAX_TURNS:], crises=_crises(note.get("crises")))


def encode(kept: KeptState) -> list[dict[str, JsonValue]]:
    """The history as the caller keeps it: the talk, then the note."""
    talk: list[dict[str, JsonValue]] = [{"role": t.role.value, "content": t.content}
                                        for t in kept.talk[-MAX_TURNS:]]
    return [*talk, {"role": NOTE_ROLE, "step": kept.step, "kept": dict(kept.variables),
                    "crises": [{"categories": list(c.categories), "screener": c.screener,
                                "step": c.step_id} for c in kept.crises]}]


def encode_text(kept: KeptState) -> str:
    """The history as the prototype returned it: the JSON text of the list. The flows print it
    into the next body without a JSON filter (`"history": {{flow.variables.history}}`), which
    gives a valid list only from a text; a list printed by Liquid is not JSON."""
    return json.dumps(encode(kept), ensure_ascii=False)


def _crises(raw: Any) -> tuple[CrisisNote, ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return ()
    return tuple(CrisisNote(categories=tuple(str(c) for c in item["categories"]),
                            screener=str(item.get("screener", ""))[:64],
                            step_id=str(item.get("step", ""))[:64])
                 for item in raw if isinstance(item, Mapping)
                 and isinstance(item.get("categories"), Sequence))
