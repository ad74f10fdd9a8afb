"""MESSAGING_PROVIDER chooses the messaging provider from the settings alone: a missing setting
stops start-up with one line naming it, and the rest of Bobby is wired the same either way."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bobby_adapters.console_messenger import ConsoleMessenger
from bobby_adapters.meta import MetaCloudMessenger
from bobby_adapters.twilio import TwilioMessenger
from bobby_core.ports import Messenger
from bobby_core.use_cases.send_reminder import SendReminder
from bobby_http.config import HttpConfig
from bobby_main.container import build_container
from bobby_main.settings import MessagingProvider, Settings
from bobby_main.startup import startup_problems

TWILIO = {"twilio_account_sid": "AC" + "1" * 32, "twilio_auth_token": "token",
          "whatsapp_number": "+14155238886"}
META = {"meta_access_token": "EAAG", "meta_phone_number_id": "106540352242922",
        "meta_app_secret": "secret", "meta_verify_token": "verify"}


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_the_default_is_twilio_when_its_settings_are_set_else_the_console() -> None:
    assert settings().messaging is MessagingProvider.CONSOLE
    assert settings(**TWILIO).messaging is MessagingProvider.TWILIO
    assert settings(**TWILIO, **META).messaging is MessagingProvider.TWILIO
    assert settings(messaging_provider="meta", **META).messaging is MessagingProvider.META


@pytest.mark.parametrize("missing", sorted(META))
def test_meta_without_one_of_its_settings_names_it(missing: str) -> None:
    values = {k: v for k, v in META.items() if k != missing}
    with pytest.raises(ValidationError, match=f"{missing.upper()} must be set when "
                                              "MESSAGING_PROVIDER=meta"):
        settings(messaging_provider="meta", **values)


def test_twilio_chosen_without_its_settings_names_the_first_missing() -> None:
    with pytest.raises(ValidationError, match="TWILIO_ACCOUNT_SID must be set"):
        settings(messaging_provider="twilio")


@pytest.mark.parametrize("value", ["bobby_reminder", ":en_US", "bobby_reminder:"])
def test_the_reminder_template_needs_a_name_and_a_language(value: str) -> None:
    with pytest.raises(ValidationError, match="META_REMINDER_TEMPLATE must be name:language"):
        settings(messaging_provider="meta", meta_reminder_template=value, **META)


def test_each_provider_brings_its_own_reminder_template() -> None:
    meta = settings(messaging_provider="meta", meta_reminder_template="bobby_reminder:en_GB",
                    twilio_reminder_content_sid="HX1", **META)
    assert meta.reminder_template == ("bobby_reminder", "en_GB")
    assert settings(twilio_reminder_content_sid="HX1", **TWILIO).reminder_template == ("HX1", None)
    assert settings(messaging_provider="meta", **META).reminder_template is None


@pytest.mark.parametrize(("values", "adapter"), [
    ({}, ConsoleMessenger), (TWILIO, TwilioMessenger),
    ({"messaging_provider": "meta", **META}, MetaCloudMessenger),
    ({"messaging_provider": "console", **TWILIO}, ConsoleMessenger)])
def test_the_settings_alone_choose_the_adapter(values: dict[str, Any], adapter: type) -> None:
    container = build_container(settings(**values))
    assert isinstance(container.get(Messenger), adapter)
    assert isinstance(container.get(SendReminder), SendReminder)


def test_meta_signs_its_webhooks_and_twilios_routes_know_it() -> None:
    config = build_container(settings(messaging_provider="meta", **META)).get(HttpConfig)
    assert (config.meta_app_secret, config.meta_verify_token) == ("secret", "verify")
    assert build_container(settings(**TWILIO)).get(HttpConfig).meta_app_secret is None


def test_production_with_meta_needs_no_twilio_token() -> None:
    production = {"bobby_env": "production", "public_base_url": "https://bobby.example",
                  "database_url": "postgresql://bobby@db/bobby", "allow_plaintext": True}
    assert startup_problems(settings(messaging_provider="meta", **META, **production)) == []
    [problem] = startup_problems(settings(**production))
    assert problem.startswith("TWILIO_AUTH_TOKEN")
