"""`bobby flows check [DIR]` verifies a coach's edit before deploy; `bobby flows graph` draws."""

from pathlib import Path

import pytest

from bobby_main.cli import main

pytestmark = pytest.mark.integration

FLOWS_DIR = Path(__file__).parents[2] / "src" / "bobby_core" / "flows"


def test_the_shipped_flows_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "check", str(FLOWS_DIR)]) == 0
    assert "pass the load checks" in capsys.readouterr().out


def test_a_coachs_edited_text_file_is_checked(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = (FLOWS_DIR / "reflect" / "reflect.toml").read_text(encoding="utf-8")
    (tmp_path / "reflect.toml").write_text(source.replace("reflect. We'll look", "think. We'll look"),
                                           encoding="utf-8")
    assert main(["flows", "check", str(tmp_path)]) == 0
    assert "with the text files of reflect" in capsys.readouterr().out


@pytest.mark.parametrize(("edit", "says"), [
    (lambda s: s.replace("[feel_after]", "[feel_afterwards]"), "names no step 'feel_afterwards'"),
    (lambda s: s + '\n[thanks.extra]\nx = 1\n', "unknown keys"),
    (lambda s: s.replace('[thanks]\ntext = "', '[thanks]\ntext = "{mood} '),
     "reflect, step 'thanks': reads {mood}"),
    (lambda s: s.replace('title = "Reflect"', 'title = "Reflect'), "not valid TOML"),
])
def test_a_broken_edit_fails_with_flow_and_step(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                edit: object, says: str) -> None:
    source = (FLOWS_DIR / "reflect" / "reflect.toml").read_text(encoding="utf-8")
    (tmp_path / "reflect.toml").write_text(edit(source), encoding="utf-8")  # type: ignore[operator]
    assert main(["flows", "check", str(tmp_path)]) == 1
    assert says in capsys.readouterr().err


def test_a_text_file_for_no_flow_is_reported(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "reflekt.toml").write_text("[flow]\ntitle = 'x'\n", encoding="utf-8")
    assert main(["flows", "check", str(tmp_path)]) == 1
    assert "no flow is named reflekt" in capsys.readouterr().err


def test_the_graph_still_draws_a_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "graph", "boundaries"]) == 0
    graph = capsys.readouterr().out
    assert graph.startswith("flowchart TD")
    assert "s_route -->|\"day == 3\"| s_d3_previous" in graph
