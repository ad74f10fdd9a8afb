"""The operator's commands say what happened in words, and never a traceback (issue 26)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from injector import Module, provider, singleton

from bobby_adapters.fakes import FakeMessenger
from bobby_core.ports import Messenger
from bobby_main import users_cli
from bobby_main.chat import PROMPT, run_chat
from bobby_main.cli import main
from bobby_main.reminders_cli import list_reminders
from bobby_main.settings import Settings


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'bobby.db'}",
                    media_dir=str(tmp_path / "media"), **values)  # type: ignore[arg-type]


def test_users_delete_says_when_the_retyped_number_does_not_match(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(users_cli, "_confirmation", lambda phone: "+447700900999")
    assert users_cli.delete_user(settings(tmp_path), "+447700900123") == 1
    said = capsys.readouterr().err
    assert "does not match +447700900123" in said
    assert "nothing was erased" in said


@pytest.mark.parametrize("command", [["reminders", "list"], ["users", "export", "+447700900123"],
                                     ["users", "delete", "--yes", "+447700900123"]])
def test_outside_a_project_the_cli_says_where_it_looked_and_creates_nothing(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(command) == 1
    said = capsys.readouterr().err
    assert f"no database at {tmp_path.resolve() / 'bobby.db'}" in said
    assert "Traceback" not in said
    assert list(tmp_path.iterdir()) == []


def test_reminders_list_on_a_database_without_tables_says_so_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bobby.db").touch()  # there, but never upgraded
    assert list_reminders(settings(tmp_path)) == 1
    said = capsys.readouterr().err
    assert "bobby db upgrade" in said
    assert "Traceback" not in said
    assert len(said.strip().splitlines()) == 1


def test_flows_check_reports_every_problem_of_every_file_in_one_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flows = Path(__file__).parents[2] / "src" / "bobby_core" / "flows"
    reflect = (flows / "reflect" / "reflect.toml").read_text(encoding="utf-8")
    (tmp_path / "reflect.toml").write_text(reflect.replace("[feel_after]", "[feel_afterwards]"),
                                           encoding="utf-8")
    (tmp_path / "reflekt.toml").write_text("[flow]\ntitle = 'x'\n", encoding="utf-8")
    texts = (flows / "system" / "texts.toml").read_text(encoding="utf-8")
    (tmp_path / "texts.toml").write_text(texts.replace("menu_header =", "menu_heading ="),
                                         encoding="utf-8")
    consent = (flows / "system" / "consent.toml").read_text(encoding="utf-8")
    (tmp_path / "consent.toml").write_text(
        consent.replace('[thanks]\ntext = "', '[thanks]\ntext = "{mood} '), encoding="utf-8")
    assert main(["flows", "check", str(tmp_path)]) == 1
    said = capsys.readouterr().err
    for problem in ("names no step 'feel_afterwards'", "no flow is named reflekt",
                    "missing 'menu_header'", "consent, step 'thanks': reads {mood}"):
        assert problem in said


class ClosedMessenger(FakeMessenger):
    """A messenger that remembers being closed (the providers' HTTP session goes with it)."""

    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    async def close(self) -> None:
        self.closed = True


async def test_bobby_chat_prompts_on_stdout_keeps_notices_out_and_closes_what_it_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    messenger = ClosedMessenger()

    class Recording(Module):
        @singleton
        @provider
        def messenger(self) -> Messenger:
            return messenger

    monkeypatch.setattr("sys.stdin", io.StringIO("hi\nyes\nexport my data\n"))
    caplog.set_level(logging.INFO)
    assert await run_chat(settings(tmp_path), phone="+447700900001", memory=True,
                          overrides=[Recording()]) == 0
    out, err = capsys.readouterr()
    assert out.count(PROMPT) == 4  # three lines, then the end of input
    assert "/exports/" in out
    assert PROMPT not in err
    assert not [r for r in caplog.records if "LINK_SIGNING_KEY" in r.getMessage()]
    assert messenger.closed
