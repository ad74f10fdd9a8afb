"""Boundaries journey actions: which day is unlocked, scoring, summaries and statements.

The unlocked day is derived from the user's finished boundaries results (field `day`): the day
after the highest one completed. Days are done one per session, in order."""

from __future__ import annotations

import re
from collections.abc import Mapping
from statistics import fmean
from typing import Any

from bobby_core.engine.actions import ActionContext, ActionHandler
from bobby_core.engine.outcome import Effects
from bobby_core.errors import ExternalServiceError
from bobby_core.flows.boundaries.content import DAYS, PLEASING, PLEASING_BANDS, QUIZ, QUIZ_BANDS
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
    ctx.variables["day_locked"] = day <= len(DAYS) and any(
        local_date(r.ended_at, zone_name) >= today for r in done)
    marks = ["✅" if n <= completed else "👉" if n == day else "🔒"
             for n in range(1, len(DAYS) + 1)]
    overview = "\n".join(f"{mark} Day {n}: {title}"
                         for n, (mark, title) in enumerate(zip(marks, DAYS, strict=True), start=1))
    ctx.variables["boundaries_intro"] = f"Your boundaries journey 🧭\n{overview}"
    ctx.variables["day_title"] = DAYS[day - 1] if day <= len(DAYS) else ""


async def boundaries_next_note(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Tell the user which day comes next (or that the journey is complete), and ask for the
    "Day N is ready" nudge the next local morning."""
    day = ctx.variables.get("day")
    following = day + 1 if isinstance(day, int) else 1
    if following > len(DAYS):
        ctx.variables["next_day_note"] = (
            "You've completed all five days of the boundaries journey. 🎉 Be proud of that. "
            "More days are coming soon.")
        return None
    ctx.variables["next_day_note"] = (
        f"Day {following}, *{DAYS[following - 1]}*, unlocks at midnight your time; I'll send "
        "you a note in the morning.")
    turn = ctx.turn
    return Effects(reminders=(Reminder(
        id=turn.ids.new_id(), user_id=turn.user.id, kind=ReminderKind.BOUNDARIES_DAY.value,
        due_at=next_morning(turn.now, turn.user.time_zone, turn.quiet_hours),
        created_at=turn.now, flow_id=FLOW_ID, note=str(following)),))


async def _store_chart(ctx: ActionContext, healthy: int, unhealthy: int) -> str:
    charts, storage = ctx.turn.charts, ctx.turn.storage
    if charts is None or storage is None:
        return ""
    try:
        return await storage.put(await charts.render_boundaries(healthy, unhealthy),
                                 "image/png", ".png")
    except ExternalServiceError:
        return ""  # the interpretation still reaches the user as text


async def score_boundaries_quiz(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Count healthy answers among the yes/no answers given (parsed, never substring-matched)."""
    answers = [ctx.variables.get(f"quiz_{n:02d}") for n in range(1, len(QUIZ) + 1)]
    given = [(a, item) for a, item in zip(answers, QUIZ, strict=True) if isinstance(a, bool)]
    healthy = sum(1 for answer, item in given if answer == item.healthy_answer)
    unhealthy = len(given) - healthy
    share = healthy / len(given) if given else 0.0
    ctx.variables.update(quiz_answers=answers, quiz_healthy=healthy, quiz_unhealthy=unhealthy)
    ctx.variables["quiz_band"] = next(text for floor, text in QUIZ_BANDS if share >= floor)
    ctx.variables["quiz_chart_url"] = await _store_chart(ctx, healthy, unhealthy)


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
    ctx.variables["summary"] = f"You feel {feeling} when {situation}."


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
    v["i_draft"] = f"I feel {feel} when {when}, because {because}, and I would like {like}."


async def score_people_pleasing(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Day 4: the mean of the 1-5 answers and a gentle band."""
    answers = [ctx.variables.get(f"pleasing_{n}") for n in range(1, len(PLEASING) + 1)]
    given = [a for a in answers if isinstance(a, int)]
    mean = round(fmean(given), 2) if given else 0.0
    band, text = next((name, words) for floor, name, words in PLEASING_BANDS if mean >= floor)
    ctx.variables.update(pleasing_answers=answers, pleasing_mean=mean, pleasing_band=band,
                         pleasing_text=text)


ACTIONS: dict[str, ActionHandler] = {
    "boundaries_progress": boundaries_progress,
    "boundaries_next_note": boundaries_next_note,
    "score_boundaries_quiz": score_boundaries_quiz,
    "boundaries_summarise": boundaries_summarise,
    "boundaries_own_summary": boundaries_own_summary,
    "boundaries_previous_summary": boundaries_previous_summary,
    "boundaries_draft_statement": boundaries_draft_statement,
    "score_people_pleasing": score_people_pleasing,
}
