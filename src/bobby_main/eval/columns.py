"""The columns of the report's tables, shared by the terminal and the HTML page: one place
says how a figure reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = dict[str, Any]
Column = tuple[str, Callable[[Row], str]]


def _end(row: Row) -> str:
    if row["stopped_at"]:
        return f"stopped at {row['stopped_at']}"
    return "finished" if row["finished"] else "left unfinished"


def _loops(row: Row) -> str:
    shown = []
    for loop in row["loops"]:
        if not loop["turns"]:
            continue
        outside = "" if loop["min"] <= loop["turns"] <= loop["max"] else " (!)"
        shown.append(f"{loop['step']} {loop['turns']} [{loop['min']}-{loop['max']}]{outside}")
    return ", ".join(shown) or "-"


def _crisis(row: Row) -> str:
    crisis = row["crisis"]
    unasked = f"unasked x{crisis['unasked']}" if crisis["unasked"] else ""
    if crisis.get("check_ins"):
        unasked = ", ".join(filter(None, (unasked, f"check-in x{crisis['check_ins']}")))
    if crisis["disclosed"]:
        said = "crisis reply" if crisis["handled"] else "MISSED"
        return f"{said}, {unasked}" if unasked else said
    return unasked or "-"


def _tokens(row: Row) -> str:
    return f"{row['prompt_tokens']}+{row['completion_tokens']}"


def _seconds(key: str) -> Callable[[Row], str]:
    return lambda row: f"{row['latency'][key]:.2f}"


WALK_COLUMNS: list[Column] = [
    ("exercise", lambda r: r["exercise"]),
    ("persona", lambda r: r["persona"]),
    ("end", _end),
    ("steps", lambda r: f"{len(r['steps_reached'])}/{r['steps_total']}"),
    ("msgs", lambda r: str(r["messages"])),
    ("model loops: turns [min-max]", _loops),
    ("guard", lambda r: str(r["guard_hits"])),
    ("down", lambda r: str(r["model_unavailable"])),
    ("crisis", _crisis),
    ("tokens in+out", _tokens),
    ("cost $", lambda r: f"{r['cost_usd']:.4f}"),
    ("p50 s", _seconds("p50")),
    ("p95 s", _seconds("p95")),
]

EXERCISE_COLUMNS: list[Column] = [
    ("exercise", lambda r: r["exercise"]),
    ("finished", lambda r: f"{r['finished']}/{r['walks']}"),
    ("steps", lambda r: f"{r['steps_reached']}/{r['steps_total']}"),
    ("loops outside limits", lambda r: str(r["loops_outside_limits"])),
    ("guard", lambda r: str(r["guard_hits"])),
    ("down", lambda r: str(r["model_unavailable"])),
    ("crisis handled", lambda r: f"{r['crisis_handled']}/{r['crisis_disclosed']}"),
    ("crisis unasked", lambda r: str(r["crisis_unasked"])),
    ("check-ins", lambda r: str(r.get("check_ins", 0))),  # not in reports made before them
    ("tokens in+out", _tokens),
    ("cost $", lambda r: f"{r['cost_usd']:.4f}"),
    ("p50 s", _seconds("p50")),
    ("p95 s", _seconds("p95")),
]


def table(rows: list[Row], columns: list[Column]) -> str:
    """A plain-text table for the terminal."""
    cells = [[name for name, _ in columns], *[[show(r) for _, show in columns] for r in rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
             for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
