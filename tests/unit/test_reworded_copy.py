"""Rewording an exercise breaks no test but the copy tests: the proof that tests follow steps.

Every user-facing sentence of the chosen flows' text files is spelled backwards (see
`reworded.py`); the exercises' own tests then run unchanged against that copy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bobby_core.engine.steps import Ask, LlmLoop, Say
from tests.unit.harness import Bobby
from tests.unit.reworded import ENV, reword, reworded_registry
from tests.unit.test_reflect import walk_reflect

ROOT = Path(__file__).parents[2]
REFLECT = frozenset({"reflect", "reminder_offer", "feedback", "after_exercise"})


def test_rewording_keeps_placeholders_and_changes_every_word() -> None:
    assert reword("What's on your mind, {name}?") == "s'tahW no ruoy dnim, {name}?"


def test_the_reworded_reflect_says_none_of_its_shipped_words() -> None:
    reflect = reworded_registry(REFLECT).latest("reflect")
    assert isinstance(welcome := reflect.step("welcome"), Say)
    assert "reflect" not in welcome.text
    assert isinstance(event := reflect.step("event"), Ask)
    assert not event.prompt.startswith("What's")
    assert isinstance(loop := reflect.step("socratic_loop"), LlmLoop)
    assert "believe" not in loop.guide_questions[0]


async def test_a_reflect_walk_follows_its_steps_whatever_they_say() -> None:
    bobby = Bobby(registry=reworded_registry(REFLECT))
    await walk_reflect(bobby)
    [result] = bobby.results()
    assert result.fields["event"] == "My manager criticised my report today"


@pytest.mark.slow
def test_every_exercise_test_passes_with_every_flow_reworded() -> None:
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "unit").glob("test_*.py")
                   if p.name != Path(__file__).name)
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own tests
        [sys.executable, "-m", "pytest", "-q", "-x", "-m", "not copy", *tests],
        cwd=ROOT, env={**os.environ, ENV: "all"}, capture_output=True, text=True,
        timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-4000:]
