"""Boundaries journey actions: which day is unlocked, scoring, summaries and statements.

The unlocked day is derived from the user's finished boundaries results (field `day`): the day
after the highest one completed. Days are done one per session, in order. The words come from
`boundaries.toml` (`[texts]`): day titles `day_<n>`, bands, the overview and the next-day note."""

from __future__ import annotations

import re
from collections.abc import Mapping
from statistics import fmean
from typing import Any

from bobby_core.charts import ShareDonut, chart_to_json
from bobby_core.engine.actions import ActionContext, ActionHandler, declare
from bobby_core.engine.outcome import Effects
from bobby_core.flows.after_exercise import NOTE_PLANNED
from bobby_core.flows.boundaries.content import (
    DAYS,
    PLEASING_BANDS,
    PLEASING_ITEMS,
    QUIZ_BANDS,
    QUIZ_HEALTHY_ANSWERS,
)
from bobby_core.local_time import local_date, next_morning
from bobby_core.model import ExerciseResult, Reminder, ReminderKind, ResultStatus

FLOW_ID = "boundaries"
_SECOND_PERSON = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
                  "i'm": "you're", "im": "you're", "i've": "you've", "i'd": "you'd",
                  "i'll": "you'll", "am": "are"}
_LOWER_FIRST = {"my", "the", "a", "an", "it", "they", "he", "she", "we", "someone", "people",
                "everyone", "our", "his", "her", "their", "being", "having", "when", "if"}
_WORD = re.compile(r"[A-Za-z']+")


def _finished_days(results: list[ExerciseResult]) -> list[ExerciseResult]:
    return [r for r in results if r.flow_id == FLOW_ID and r.status is ResultStatus.FINISHED
            and isinstance(r.fields.get("day"), int)]


async def boundaries_progress(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Set `day` to the next locked-in-order day and an overview of the journey; `day_locked`
    when the last day was finished today (the next one unlocks at local midnight)."""
    done = _finished_days(list(ctx.turn.progress))
    completed = max((int(str(r.fields["day"])) for r in done), default=0)
    day = completed + 1
    ctx.variables["day"] = day
    zone_name = ctx.turn.user.time_zone
    today = local_date(ctx.turn.now, zone_name)
    ctx.variables["day_locked"] = day <= DAYS and any(
        local_date(r.ended_at, zone_name) >= today for r in done)
    marks = [ctx.text("mark_done" if n <= completed else "mark_today" if n == day
                      else "mark_locked") for n in range(1, DAYS + 1)]
    overview = "\n".join(ctx.text("overview_line", mark=mark, day=n, title=ctx.text(f"day_{n}"))
                         for n, mark in enumerate(marks, start=1))
    ctx.variables["boundaries_intro"] = ctx.text("overview", days=overview)
    ctx.variables["day_title"] = ctx.text(f"day_{day}") if day <= DAYS else ""


async def boundaries_next_note(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Tell the user which day comes next (or that the journey is complete), and ask for the
    "Day N is ready" nudge the next local morning."""
    day = ctx.variables.get("day")
    following = day + 1 if isinstance(day, int) else 1
    if following > DAYS:
        ctx.variables["next_day_note"] = ctx.text("journey_done")
        ctx.variables[NOTE_PLANNED] = False
        return None
    ctx.variables["next_day_note"] = ctx.text("next_day", day=following,
                                              title=ctx.text(f"day_{following}"))
    ctx.variables[NOTE_PLANNED] = True  # the note is the reminder: none other is offered
    turn = ctx.turn
    return Effects(reminders=(Reminder(
        id=turn.ids.new_id(), user_id=turn.user.id, kind=ReminderKind.BOUNDARIES_DAY.value,
        due_at=next_morning(turn.now, turn.user.time_zone, turn.quiet_hours),
        created_at=turn.now, flow_id=FLOW_ID, note=str(following)),))


async def score_boundaries_quiz(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Count healthy answers among the yes/no answers given (parsed, never substring-matched)."""
    answers = [ctx.variables.get(f"quiz_{n:02d}") for n in range(1, len(QUIZ_HEALTHY_ANSWERS) + 1)]
    given = [(a, healthy) for a, healthy in zip(answers, QUIZ_HEALTHY_ANSWERS, strict=True)
             if isinstance(a, bool)]
    healthy = sum(1 for answer, protects in given if answer == protects)
    unhealthy = len(given) - healthy
    share = healthy / len(given) if given else 0.0
    ctx.variables.update(quiz_answers=answers, quiz_healthy=healthy, quiz_unhealthy=unhealthy)
    band = next(name for floor, name in QUIZ_BANDS if share >= floor)
    ctx.variables["quiz_band"] = ctx.text(f"quiz_{band}")
    ctx.variables["quiz_chart"] = chart_to_json(ShareDonut(
        title=ctx.text("chart_title"), part=healthy, rest=unhealthy,
        part_label=ctx.text("chart_healthy", count=healthy),
        rest_label=ctx.text("chart_room_to_grow", count=unhealthy)))


def second_person(text: str) -> str:
    """Turn the user's first-person words into second person ("my boss" -> "your boss")."""
    def swap(match: re.Match[str]) -> str:
        return _SECOND_PERSON.get(match.group(0).lower(), match.group(0))
    return _WORD.sub(swap, text)


def _clause(text: Any, *prefixes: str) -> str:
    """A sentence part without a leading connective the user already typed, or end stops."""
    part = " ".join(str(text or "").split()).rstrip(".!?,; ")
    for prefix in prefixes:
        if part.lower().startswith(prefix + " "):
            part = part[len(prefix) + 1:]
            break
    first = part.split(" ", 1)[0].lower()
    return part[:1].lower() + part[1:] if first in _LOWER_FIRST else part


async def boundaries_summarise(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Day 2: "You feel <feeling> when <situation>", in the second person."""
    feeling = str(ctx.variables.get("feeling") or "uneasy")
    situation = second_person(_clause(ctx.variables.get("situation"), "when"))
    ctx.variables["summary"] = ctx.text("summary", feeling=feeling, situation=situation)


async def boundaries_own_summary(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Day 2: the user's own wording of the summary, turned into the second person."""
    own = " ".join(str(ctx.variables.get("own_summary") or "").split()).rstrip(".!? ")
    turned = second_person(own)
    ctx.variables["summary"] = turned[:1].upper() + turned[1:] + "."


async def boundaries_previous_summary(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Day 3: read the summary saved on day 2 (the latest one, if day 2 was done twice)."""
    done = _finished_days(list(ctx.turn.progress))
    day_two = [r for r in done if r.fields.get("day") == 2 and r.fields.get("summary")]
    latest = max(day_two, key=lambda r: (r.ended_at, r.started_at), default=None)
    ctx.variables["previous_summary"] = str(latest.fields["summary"]) if latest else None


async def boundaries_draft_statement(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Day 3: put the four parts together as "I feel … when … because … I would like …"."""
    v = ctx.variables
    feel = _clause(v.get("i_feel"), "i feel", "i felt")
    when = _clause(v.get("i_when"), "when")
    because = _clause(v.get("i_because"), "because")
    like = _clause(v.get("i_like"), "i would like", "i'd like", "i want")
    v["i_draft"] = ctx.text("i_statement", feel=feel, when=when, because=because, like=like)


async def score_people_pleasing(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Day 4: the mean of the 1-5 answers and a gentle band."""
    answers = [ctx.variables.get(f"pleasing_{n}") for n in range(1, PLEASING_ITEMS + 1)]
    given = [a for a in answers if isinstance(a, int)]
    mean = round(fmean(given), 2) if given else 0.0
    band = next(name for floor, name in PLEASING_BANDS if mean >= floor)
    ctx.variables.update(pleasing_answers=answers, pleasing_mean=mean, pleasing_band=band,
                         pleasing_text=ctx.text(f"pleasing_{band}"))


_DAY_TITLES = tuple(f"day_{n}" for n in range(1, DAYS + 1))

ACTIONS: dict[str, ActionHandler] = {
    "boundaries_progress": declare(
        boundaries_progress, writes=("day", "day_locked", "boundaries_intro", "day_title"),
        texts=("mark_done", "mark_today", "mark_locked", "overview_line", "overview",
               *_DAY_TITLES)),
    "boundaries_next_note": declare(boundaries_next_note, writes=("next_day_note", NOTE_PLANNED),
                                    texts=("journey_done", "next_day", *_DAY_TITLES)),
    "score_boundaries_quiz": declare(
        score_boundaries_quiz, writes=("quiz_answers", "quiz_healthy", "quiz_unhealthy",
                                       "quiz_band", "quiz_chart"),
        texts=("quiz_mostly", "quiz_partly", "quiz_pressed", "chart_title", "chart_healthy",
               "chart_room_to_grow")),
    "boundaries_summarise": declare(boundaries_summarise, writes=("summary",),
                                    texts=("summary",)),
    "boundaries_own_summary": declare(boundaries_own_summary, writes=("summary",)),
    "boundaries_previous_summary": declare(boundaries_previous_summary,
                                           writes=("previous_summary",)),
    "boundaries_draft_statement": declare(boundaries_draft_statement, writes=("i_draft",),
                                          texts=("i_statement",)),
    "score_people_pleasing": declare(
        score_people_pleasing,
        writes=("pleasing_answers", "pleasing_mean", "pleasing_band", "pleasing_text"),
        texts=("pleasing_strong", "pleasing_some", "pleasing_few")),
}
