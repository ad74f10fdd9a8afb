"""Journaling actions: where the user is in a series, which prompt comes next, free style.

Progress is derived from the user's latest journaling result that names a series topic and
prompt index: a finished one (or one abandoned after its follow-ups, at the rating) moves on to
the next prompt; one abandoned earlier repeats its prompt, so a chosen topic is never lost.
Free-style sessions save no topic, so they never move or reset a series (the prototype's free
style reset it)."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from bobby_core.engine.actions import ActionContext, ActionHandler, declare
from bobby_core.engine.parsing import normalise, parse_int
from bobby_core.flows.journaling.topics import SERIES, SERIES_LENGTH, TOPICS, Prompt
from bobby_core.model import ExerciseResult, ResultStatus

FLOW_ID = "journaling"
MAX_FOLLOW_UPS = 4
FREE_FOLLOW_UPS = ("free_follow_up_1", "free_follow_up_2", "free_follow_up_3")


def _series_entry(result: ExerciseResult) -> tuple[str, int] | None:
    """The series topic and the index of the prompt to do next, as this result leaves them."""
    topic, index = result.fields.get("topic"), result.fields.get("prompt_index")
    if result.flow_id != FLOW_ID or not isinstance(topic, str) or topic not in SERIES:
        return None
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < SERIES_LENGTH:
        return None
    done = result.status is ResultStatus.FINISHED or result.fields.get("followups_done") is True
    return topic, index + 1 if done else index


async def journal_progress(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Find the user's series and the next prompt in it; say whether a topic must be chosen."""
    results = list(ctx.turn.progress)
    done = [(r.ended_at, r.started_at, entry) for r in results
            if (entry := _series_entry(r)) is not None]
    v = ctx.variables
    v["journal_has_series"] = False
    v["topic_menu"] = "\n".join(ctx.text("topic_line", number=n, topic=topic)
                                for n, topic in enumerate(TOPICS, start=1))
    if not done:
        v["journal_intro"] = ctx.text("intro_new")
        return
    topic, index = max(done, key=lambda d: (d[0], d[1]))[2]
    if index >= SERIES_LENGTH:
        v["journal_intro"] = ctx.text("intro_finished", topic=topic, length=SERIES_LENGTH)
        return
    v.update(topic=topic, prompt_index=index, journal_has_series=True)
    v["journal_intro"] = ctx.text("intro_back", topic=topic, session=index + 1,
                                  length=SERIES_LENGTH)


def _set_prompt(variables: MutableMapping[str, Any], prompt: Prompt) -> None:
    variables["prompt"] = prompt.text
    for number in range(1, MAX_FOLLOW_UPS + 1):
        given = prompt.follow_ups[number - 1] if number <= len(prompt.follow_ups) else None
        variables[f"follow_up_{number}"] = given


async def journal_choose_topic(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Start the series of the topic in variable `var` at its first prompt."""
    topic = ctx.variables.get(str(args.get("var", "topic_choice")))
    if isinstance(topic, str) and topic in SERIES:
        ctx.variables.update(topic=topic, prompt_index=0)


async def journal_listed_topic(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """`topic_choice`: the topic the reply in variable `var` names by its number or its
    name, else None (own words, for the model to match)."""
    said = normalise(str(ctx.variables.get(str(args.get("var", "topic_talk"))) or ""))
    by_name = {normalise(t): t for t in TOPICS}
    number = parse_int(said) if said.isdigit() or len(said.split()) == 1 else None
    if said in by_name:
        ctx.variables["topic_choice"] = by_name[said]
    elif number is not None and 1 <= number <= len(TOPICS):
        ctx.variables["topic_choice"] = TOPICS[number - 1]
    else:
        ctx.variables["topic_choice"] = None


async def journal_load_prompt(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Load the series prompt at `prompt_index` and its follow-up questions."""
    topic, index = ctx.variables.get("topic"), ctx.variables.get("prompt_index")
    if not isinstance(topic, str) or topic not in SERIES or not isinstance(index, int):
        await journal_free_style(ctx, args)
        return
    ctx.variables.update(mode="series", journal_session=index + 1)
    _set_prompt(ctx.variables, SERIES[topic][index])


async def journal_free_style(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Switch to free style: no topic and no index, so the series stays where it was."""
    ctx.variables.update(mode="free_style", topic=None, prompt_index=None)
    _set_prompt(ctx.variables, Prompt(text=ctx.text("free_prompt"),
                                      follow_ups=tuple(ctx.text(n) for n in FREE_FOLLOW_UPS)))


SAVED_FIELDS = ("mode", "topic", "prompt_index", "prompt", "entry", "followups", "more_followups")


async def journal_keep_partial(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """On abandonment: keep the topic and what was written; done follow-ups count as done."""
    v = ctx.variables
    if v.get("entry") or v.get("topic"):
        ctx.abandoned_fields = {**{name: v.get(name) for name in SAVED_FIELDS},
                                "followups_done": v.get("followups") is not None}


_PROMPT = ("prompt", *(f"follow_up_{n}" for n in range(1, MAX_FOLLOW_UPS + 1)))
_FREE = ("free_prompt", *FREE_FOLLOW_UPS)

ACTIONS: dict[str, ActionHandler] = {
    "journal_keep_partial": declare(journal_keep_partial),
    "journal_progress": declare(
        journal_progress, writes=("journal_has_series", "journal_intro", "topic_menu", "topic",
                                  "prompt_index"),
        texts=("intro_new", "intro_finished", "intro_back", "topic_line")),
    "journal_choose_topic": declare(journal_choose_topic, writes=("topic", "prompt_index")),
    "journal_listed_topic": declare(journal_listed_topic, writes=("topic_choice",)),
    "journal_load_prompt": declare(journal_load_prompt, texts=_FREE, writes=(
        "mode", "journal_session", "topic", "prompt_index", *_PROMPT)),
    "journal_free_style": declare(journal_free_style, texts=_FREE,
                                  writes=("mode", "topic", "prompt_index", *_PROMPT)),
}
