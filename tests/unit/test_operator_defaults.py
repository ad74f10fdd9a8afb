"""The operator's defaults are what the README says (issue 17 items 6, 9, 10)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bobby_main import cli
from bobby_main.db_cli import db_upgrade
from bobby_main.serve import serve
from bobby_main.settings import Settings

ROOT = Path(__file__).resolve().parents[2]




def test_the_repository_carries_the_mit_licence_pyproject_names() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert licence.startswith("MIT License")
    assert "The Bobby contributors" in licence


@pytest.mark.parametrize(("url", "says"), [
    ("mysql://x", "bobby: invalid setting DATABASE_URL:"),
    # Nothing listens on port 1: the connection is refused at once.
    pytest.param("postgresql://bobby@127.0.0.1:1/bobby",
                 "bobby: cannot open the database on 127.0.0.1",
                 marks=pytest.mark.integration),  # a real (refused) connection
])
def test_a_bad_database_url_stops_serve_with_the_line_db_upgrade_gives(
        capsys: pytest.CaptureFixture[str], url: str, says: str) -> None:
    settings = Settings(database_url=url)
    assert db_upgrade(settings) == 1
    upgrade_line = capsys.readouterr().err
    assert serve(settings, host="127.0.0.1", port=8000) == 1
    # Start-up's own log lines (the dev warnings) may come first; the last is the problem.
    serve_line = capsys.readouterr().err.splitlines()[-1] + "\n"
    assert serve_line == upgrade_line
    assert serve_line.startswith(says)
    assert serve_line.count("\n") == 1


def test_serve_listens_where_port_and_host_say(monkeypatch: pytest.MonkeyPatch) -> None:
    called: dict[str, Any] = {}

    def fake_serve(settings: Settings, *, host: str, port: int, web_only: bool = False) -> int:
        called.update(host=host, port=port)
        return 0

    monkeypatch.setattr(cli, "serve", fake_serve)
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 - what a platform sets
    assert cli.main(["serve"]) == 0
    assert called == {"host": "0.0.0.0", "port": 9123}  # noqa: S104
    assert cli.main(["serve", "--port", "9200"]) == 0
    assert called["port"] == 9200
    monkeypatch.delenv("PORT")
    monkeypatch.delenv("HOST")
    assert cli.main(["serve"]) == 0
    assert called == {"host": "127.0.0.1", "port": 8000}


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_port_and_host_on() -> None:
    dry = subprocess.run(["make", "-n", "run", "PORT=9124", "HOST=0.0.0.0"],  # noqa: S607
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "serve --host 0.0.0.0 --port 9124" in dry


def test_the_readme_lists_each_setting_once_and_states_the_python_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if re.match(r"^\| `[A-Z][A-Z0-9_]+`", line)]
    named = [name for row in rows
             for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])]
    assert named
    assert sorted({n for n in named if named.count(n) > 1}) == []
    required = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["requires-python"]
    assert required == ">=3.11"
    assert "Python 3.11 or newer" in readme
