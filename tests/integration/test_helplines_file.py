import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from bobby_core.conversation import Conversation
from bobby_core.use_cases.run_flow_step import RunFlowStep
from bobby_core.use_cases.run_kept_steps import RunKeptSteps
from bobby_main.cli import main
from bobby_main.container import build_container
from bobby_main.helplines_file import HelplinesFileError, load_helplines
from bobby_main.settings import Settings
from tests.unit.harness import Bobby

pytestmark = pytest.mark.integration

TABLE = {
    "+44": {"country": "the UK", "emergency": "999", "lines": ["Test line UK: call 0800 000 001"]},
    "+49": {"country": "Germany", "emergency": "112",
            "lines": ["Telefonseelsorge: call 0800 111 0 111"]},
}


def write(tmp_path: Path, content: object) -> str:
    path = tmp_path / "helplines.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


async def test_the_file_overrides_and_extends_the_built_in_table(tmp_path: Path) -> None:
    table = load_helplines(write(tmp_path, TABLE))
    bobby = Bobby(helplines=table)
    assert "0800 000 001" in await bobby.say("I want to kill myself")
    assert "0800 111 0 111" in await bobby.say("I want to kill myself", phone="+4915112345678")
    assert "13 11 14" in await bobby.say("I want to kill myself", phone="+61412345678")


def test_no_file_means_the_built_in_table() -> None:
    assert load_helplines(None) is None


@pytest.mark.parametrize(("content", "said"), [
    ("{not json", "is not JSON"),
    ({"+44": {"country": "the UK", "emergency": "999"}}, "+44.lines"),
    ({"+44": {"country": "the UK", "emergency": "999", "lines": []}}, "+44.lines"),
    ({"44": {"country": "the UK", "emergency": "999", "lines": ["x"]}}, "not a phone prefix"),
    (["+44"], "top level"),
])
def test_a_malformed_file_is_refused_with_where_it_is_wrong(
        tmp_path: Path, content: object, said: str) -> None:
    with pytest.raises(HelplinesFileError, match=said.replace("+", r"\+").replace(".", r"\.")):
        load_helplines(write(tmp_path, content))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HelplinesFileError, match="cannot read"):
        load_helplines(str(tmp_path / "nowhere.json"))


def test_settings_refuse_a_broken_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="helplines_file"):
        Settings(_env_file=None, helplines_file=write(tmp_path, "{not json"))


def test_the_command_line_stops_with_one_clear_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HELPLINES_FILE", write(tmp_path, "{not json"))
    assert main(["flows", "list"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "HELPLINES_FILE" in err
    assert "is not JSON" in err


def test_the_file_is_read_once_and_studio_uses_the_same_table(tmp_path: Path) -> None:
    path = write(tmp_path, TABLE)
    container = build_container(Settings(_env_file=None, helplines_file=path))
    conversation = container.get(Conversation)
    assert conversation.helplines is not None
    assert container.get(RunFlowStep)._helplines is conversation.helplines
    assert container.get(RunKeptSteps)._helplines is conversation.helplines
