"""The operator's commands say what happened in words, and never a traceback (issue 26)."""

from __future__ import annotations

import io
import logging
import re
import sqlite3
from pathlib import Path

import pytest
from injector import Module, provider, singleton

from bobby_adapters.fakes import FakeMessenger
from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.jobs import JobKind, call_handler
from bobby_core.ports import Messenger
from bobby_main import serve as serve_module
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


def test_serve_starts_in_one_log_format_and_names_the_web_chat(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("bobby_main.serve.uvicorn.run", lambda *args, **kwargs: None)
    monkeypatch.setattr("bobby_main.startup._warned", set())  # warned once per process
    assert serve_module.serve(settings(tmp_path), host="0.0.0.0", port=8765) == 0  # noqa: S104
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert lines
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line) for line in lines), lines
    assert any("DATA_ENCRYPTION_KEY is not set" in line for line in lines)
    assert any("web chat: http://127.0.0.1:8765/chat" in line for line in lines)
    # A fresh directory's SQLite database gets its tables before anything runs on it.
    with sqlite3.connect(tmp_path / "bobby.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()


def test_a_web_only_process_says_nothing_is_answered_until_a_worker_runs(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    serve_module.announce(settings(tmp_path, public_base_url="https://bobby.example"),
                          web_only=True)
    said = [r.getMessage() for r in caplog.records]
    assert "web chat: https://bobby.example/chat" in said
    assert serve_module.WEB_ONLY_NOTICE in said


async def test_the_periodic_sweep_logs_at_debug_other_jobs_at_info(
        caplog: pytest.LogCaptureFixture) -> None:
    async def nothing(*_: object) -> None:
        return None

    handlers = JobHandlers(run_turns=nothing, deliver=nothing, sweep=nothing)
    caplog.set_level(logging.INFO, logger="bobby.queue")
    await call_handler(handlers, JobKind.SWEEP, None)
    assert not caplog.records
    await call_handler(handlers, JobKind.TURNS, "user-1")
    assert [r.getMessage() for r in caplog.records] == ["job turns done"]
