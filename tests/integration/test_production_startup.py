"""BOBBY_ENV=production refuses an unsafe configuration with one clear line per problem, in
`bobby serve`, `bobby worker` and the ASGI factory; dev warns once about plain text."""

from __future__ import annotations

import logging
import sys

import pytest
from cryptography.fernet import Fernet

from bobby_core.ports import MediaStorage
from bobby_http.config import StartupError
from bobby_main import startup
from bobby_main.asgi import create_app
from bobby_main.cli import _parser, main
from bobby_main.container import build_container
from bobby_main.media import GCS_EXTRA_MISSING
from bobby_main.settings import Settings

pytestmark = pytest.mark.integration

SAFE = {"BOBBY_ENV": "production", "PUBLIC_BASE_URL": "https://bobby.example.org",
        "TWILIO_AUTH_TOKEN": "tw-secret", "DATABASE_URL": "postgresql://u@127.0.0.1:1/bobby",
        "DATA_ENCRYPTION_KEY": Fernet.generate_key().decode()}
NAMES = ["PUBLIC_BASE_URL", "TWILIO_AUTH_TOKEN", "DATABASE_URL", "DATA_ENCRYPTION_KEY"]


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*SAFE, "ALLOW_PLAINTEXT", "PORT", "HOST", "MEDIA_BUCKET"]:
        monkeypatch.delenv(name, raising=False)


def _production(monkeypatch: pytest.MonkeyPatch, *missing: str) -> None:
    for name, value in SAFE.items():
        if name not in missing:
            monkeypatch.setenv(name, value)


@pytest.mark.parametrize("missing", NAMES)
@pytest.mark.parametrize("command", [["serve"], ["serve", "--web-only"], ["worker"]])
def test_production_names_the_missing_setting_in_one_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: list[str], missing: str) -> None:
    _production(monkeypatch, missing)
    assert main(command) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"bobby: {missing} must be set when BOBBY_ENV=production")
    assert "tw-secret" not in lines[0]


def test_the_asgi_factory_refuses_too_and_lists_every_problem(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _production(monkeypatch, *NAMES)
    with pytest.raises(StartupError) as refused:
        create_app()
    lines = str(refused.value).splitlines()
    assert [line.split()[0] for line in lines] == NAMES


def test_allow_plaintext_lets_production_start_without_a_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _production(monkeypatch, "DATA_ENCRYPTION_KEY")
    monkeypatch.setenv("ALLOW_PLAINTEXT", "true")
    assert startup.startup_problems(Settings()) == []


def test_a_malformed_key_is_refused_everywhere_without_echoing_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", "sekrit-but-not-fernet")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bobby: invalid setting DATA_ENCRYPTION_KEY")
    assert "sekrit" not in err


def test_dev_without_a_key_warns_once(monkeypatch: pytest.MonkeyPatch,
                                      caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(startup, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="bobby.startup"):
        create_app(Settings())
        create_app(Settings())
    warnings = [r for r in caplog.records if "DATA_ENCRYPTION_KEY is not set" in r.message]
    assert len(warnings) == 1


def test_serve_listens_where_the_platform_says(monkeypatch: pytest.MonkeyPatch) -> None:
    # The flags win; without them, HOST and PORT (as platforms set them), else the defaults.
    assert (Settings(_env_file=None).host, Settings(_env_file=None).port) == ("127.0.0.1", 8000)
    monkeypatch.setenv("PORT", "5123")
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104
    assert (Settings(_env_file=None).host, Settings(_env_file=None).port) == (
        "0.0.0.0", 5123)  # noqa: S104
    args = _parser().parse_args(["serve", "--port", "9"])
    assert (args.host, args.port) == (None, 9)


def _bucket_without_the_gcs_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules is Python's own "cannot be imported": as if the extra were absent.
    monkeypatch.setitem(sys.modules, "google.cloud.storage", None)
    monkeypatch.setenv("MEDIA_BUCKET", "bobby-media")
    # Were the check missing, serve would stop at this unreachable database (1), not start.
    monkeypatch.setenv("DATABASE_URL", SAFE["DATABASE_URL"])


@pytest.mark.parametrize("command", [["serve"], ["worker"]])
def test_a_bucket_without_the_gcs_extra_names_the_extra_in_one_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: list[str]) -> None:
    _bucket_without_the_gcs_extra(monkeypatch)
    assert main(command) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"bobby: {GCS_EXTRA_MISSING}"]
    assert "pip install 'bobby[gcs]'" in GCS_EXTRA_MISSING


def test_the_asgi_factory_and_the_wiring_refuse_a_bucket_without_the_gcs_extra(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _bucket_without_the_gcs_extra(monkeypatch)
    with pytest.raises(StartupError, match=r"pip install 'bobby\[gcs\]'"):
        create_app()
    with pytest.raises(StartupError, match=r"pip install 'bobby\[gcs\]'"):
        build_container(Settings()).get(MediaStorage)


def test_a_bucket_with_the_gcs_extra_installed_may_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIA_BUCKET", "bobby-media")  # make test installs the extra
    assert startup.startup_problems(Settings()) == []
