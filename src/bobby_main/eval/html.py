"""The report as one HTML page a coach can read: the tables, then every walk's conversation.
Two reports side by side compare two models or two prompt versions. Every text that came from
a user, a model or a file is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from bobby_main.eval.columns import EXERCISE_COLUMNS, WALK_COLUMNS, Column, Row

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
td.diff { background: #fff3c4; }
.user { color: #1a4d8f; } .bobby { color: #222; } .at { color: #888; font-size: 12px; }
details { margin: 0.3em 0; } .talk { white-space: pre-wrap; }
"""


def report_page(report: dict[str, Any], name: str) -> str:
    parts = [_head(f"bobby eval: {name}"), f"<h1>bobby eval: {escape(name)}</h1>",
             _about(report), "<h2>Per exercise</h2>",
             _table(report["exercises"], EXERCISE_COLUMNS),
             "<h2>Per exercise and persona</h2>", _table(report["walks"], WALK_COLUMNS),
             "<h2>Conversations</h2>"]
    for row in report["walks"]:
        parts.append(f"<details><summary>{escape(row['exercise'])} &middot; "
                     f"{escape(row['persona'])}</summary>{_talk(row)}</details>")
    return "\n".join([*parts, "</body></html>"])


def compare_page(a: dict[str, Any], b: dict[str, Any], names: tuple[str, str]) -> str:
    parts = [_head(f"bobby eval: {names[0]} | {names[1]}"),
             f"<h1>bobby eval: {escape(names[0])} (A) | {escape(names[1])} (B)</h1>",
             "<h2>A</h2>", _about(a), "<h2>B</h2>", _about(b),
             "<h2>Per exercise</h2>",
             _paired(a["exercises"], b["exercises"], EXERCISE_COLUMNS, ("exercise",)),
             "<h2>Per exercise and persona</h2>",
             _paired(a["walks"], b["walks"], WALK_COLUMNS, ("exercise", "persona")),
             "<h2>Conversations</h2>"]
    theirs = {(r["exercise"], r["persona"]): r for r in b["walks"]}
    ours = {(r["exercise"], r["persona"]): r for r in a["walks"]}
    for key in dict.fromkeys([*ours, *theirs]):
        left, right = ours.get(key), theirs.get(key)
        parts.append(f"<details><summary>{escape(key[0])} &middot; {escape(key[1])}</summary>"
                     f"<table><tr><th>A</th><th>B</th></tr><tr>"
                     f"<td>{_talk(left) if left else '-'}</td>"
                     f"<td>{_talk(right) if right else '-'}</td></tr></table></details>")
    return "\n".join([*parts, "</body></html>"])


def _head(title: str) -> str:
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>")


def _about(report: dict[str, Any]) -> str:
    prices = report["prices"]
    personas = "".join(f"<li><b>{escape(n)}</b>: {escape(about)}</li>"
                       for n, about in report["personas"].items())
    return (f"<p>Model: <b>{escape(report['model'])}</b>. Cost at "
            f"${prices['input_per_million']:g} per million prompt tokens and "
            f"${prices['output_per_million']:g} per million completion tokens. Times are "
            f"seconds per message, from the inbox to the replies sent.</p>"
            f"<ul>{personas}</ul>")


def _table(rows: list[Row], columns: list[Column]) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name, _ in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(show(r))}</td>" for _, show in columns)
                   + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _paired(a: list[Row], b: list[Row], columns: list[Column], keys: tuple[str, ...]) -> str:
    """One row per key in either report; each figure as A then B, marked where they differ."""
    def index(rows: list[Row]) -> dict[tuple[str, ...], Row]:
        return {tuple(r[k] for k in keys): r for r in rows}

    left, right = index(a), index(b)
    figures = [c for c in columns if c[0] not in keys]
    head = "".join(f"<th>{escape(k)}</th>" for k in keys) + "".join(
        f"<th>{escape(name)} A</th><th>{escape(name)} B</th>" for name, _ in figures)
    lines = []
    for key in dict.fromkeys([*left, *right]):
        cells = "".join(f"<td>{escape(k)}</td>" for k in key)
        for _, show in figures:
            x = show(left[key]) if key in left else "-"
            y = show(right[key]) if key in right else "-"
            mark = "" if x == y else ' class="diff"'
            cells += f"<td{mark}>{escape(x)}</td><td{mark}>{escape(y)}</td>"
        lines.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(lines)}</table>"


def _talk(row: Row) -> str:
    lines = []
    for turn in row["transcript"]:
        notes = "".join(f" &middot; {note}" for note, on in (
            ("model unavailable", turn.get("down")), ("guard hit", turn.get("guard_hits")),
            ("crisis reply", turn.get("crisis")), ("check-in", turn.get("check_in"))) if on)
        lines.append(f"<div class=\"at\">{escape(turn['at'] or 'menu')} &middot; "
                     f"{turn['seconds']:.2f} s &middot; {turn.get('tokens', 0)} tokens{notes}</div>"
                     f"<div class=\"user talk\">user: {escape(turn['said'])}</div>")
        lines.extend(f"<div class=\"bobby talk\">bobby: {escape(reply)}</div>"
                     for reply in turn["replies"])
    return "".join(lines)
