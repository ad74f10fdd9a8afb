"""The README's example exercise is one module and its text file, and it runs as shown."""

import re
from pathlib import Path

from bobby_core.engine.checks import checked_registry
from bobby_core.engine.copy import parse_copy, with_copy
from bobby_core.engine.flow import Flow
from bobby_core.flows import all_actions, shipped_flows
from tests.unit.harness import Bobby

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def example(after: str, language: str) -> str:
    """The first `language` code block after the line mentioning `after`."""
    start = README.index(after)
    found = re.search(rf"```{language}\n(.*?)```", README[start:], re.DOTALL)
    assert found is not None
    return found.group(1)


def gratitude() -> Flow:
    namespace: dict[str, object] = {}
    exec(example("flows/gratitude/__init__.py", "python"), namespace)  # noqa: S102 - our README
    bare = namespace["FLOW"]
    assert isinstance(bare, Flow)
    return with_copy(bare, parse_copy("gratitude", example("gratitude/gratitude.toml", "toml")))


async def test_the_readme_exercise_loads_checked_and_runs_from_the_menu() -> None:
    registry = checked_registry([*shipped_flows(), gratitude()], all_actions())
    bobby = Bobby(registry=registry)
    await bobby.consented()
    assert "9 - Gratitude" in await bobby.say("menu")
    assert bobby.text("gratitude", "good_thing") in await bobby.say("9")
    reply = await bobby.say("A long walk in the sun")
    assert bobby.text("gratitude", "done", good_thing="A long walk in the sun") in reply
    assert bobby.saved("gratitude") == {"good_thing": "A long walk in the sun"}
