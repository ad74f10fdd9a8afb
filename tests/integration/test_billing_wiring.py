"""The composition root picks Stripe, Paddle and EmailOctopus only when they are configured."""

from typing import Any

import pytest
from pydantic import SecretStr

from bobby_adapters.disabled import FreePaymentGateway, NoMailingList
from bobby_adapters.emailoctopus import EmailOctopusMailingList
from bobby_adapters.paddle_payments import PaddlePaymentGateway
from bobby_adapters.stripe_payments import StripePaymentGateway
from bobby_core.ports import MailingList, PaymentGateway
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.handle_billing_event import HandleBillingEvent
from bobby_core.use_cases.sync_mailing_list import SyncMailingList
from bobby_main.cli import main
from bobby_main.container import build_container
from bobby_main.settings import Settings

pytestmark = pytest.mark.integration


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_without_stripe_or_emailoctopus_everything_is_free_and_nothing_is_mailed() -> None:
    container = build_container(settings())
    assert isinstance(container.get(PaymentGateway), FreePaymentGateway)
    assert isinstance(container.get(MailingList), NoMailingList)
    assert container.get(Paywall) == Paywall(on=False)
    for use_case in (HandleBillingEvent, SyncMailingList):
        assert isinstance(container.get(use_case), use_case)


def test_stripe_turns_the_paywall_on_unless_paywall_says_off() -> None:
    on = build_container(settings(stripe_api_key=SecretStr("sk_test_1"), stripe_price_id="price_1",
                                  paywall_grace_days=5))
    assert isinstance(on.get(PaymentGateway), StripePaymentGateway)
    paywall = on.get(Paywall)
    assert paywall.on
    assert paywall.rules.grace.days == 5
    off = build_container(settings(stripe_api_key=SecretStr("sk_test_1"), paywall="off"))
    assert not off.get(Paywall).on


def test_the_prototype_names_of_the_settings_still_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_OCTOPUS_API_KEY", "eo_key")
    monkeypatch.setenv("EMAILOCTOPUS_LIST_ID", "list-1")
    monkeypatch.setenv("STRIPE_SECRET", "whsec_1")
    monkeypatch.setenv("PAYWALL", "on")
    monkeypatch.setenv("STRIPE_PAYMENT_LINK", "https://buy.stripe.com/test_1")
    loaded = Settings(_env_file=None)
    assert loaded.emailoctopus_api_key is not None
    assert loaded.emailoctopus_api_key.get_secret_value() == "eo_key"
    container = build_container(loaded)
    assert isinstance(container.get(MailingList), EmailOctopusMailingList)
    assert isinstance(container.get(PaymentGateway), StripePaymentGateway)
    assert container.get(Paywall).on


@pytest.mark.parametrize(("values", "message"), [
    ({"paywall": "on"}, "STRIPE_PAYMENT_LINK"),
    ({"stripe_api_key": SecretStr("sk_test_1")}, "STRIPE_PRICE_ID"),
    ({"paywall": "on", "stripe_payment_link": "https://buy.stripe.com/x", "bobby_env": "production",
      "twilio_auth_token": SecretStr("t")}, "STRIPE_WEBHOOK_SECRET"),
])
def test_a_paywall_that_could_never_be_paid_stops_start_up(values: dict[str, Any],
                                                           message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings(**values)


PADDLE: dict[str, Any] = {"paddle_api_key": SecretStr("pdl_sdbx_apikey_01test"),
                          "paddle_webhook_secret": SecretStr("pdl_ntfset_01test"),
                          "paddle_price_id": "pri_01test",
                          "paddle_checkout_url": "https://bobby.example.org/pay"}


def test_paddle_is_a_setting_and_turns_the_paywall_on() -> None:
    container = build_container(settings(payments_provider="paddle", **PADDLE))
    assert isinstance(container.get(PaymentGateway), PaddlePaymentGateway)
    assert container.get(PaymentGateway).name == "paddle"
    assert container.get(Paywall).on
    # With Stripe's settings still there, PAYMENTS_PROVIDER decides; unset, Stripe's win.
    both = {**PADDLE, "stripe_api_key": SecretStr("sk_test_1"), "stripe_price_id": "price_1"}
    assert isinstance(build_container(settings(payments_provider="paddle", **both))
                      .get(PaymentGateway), PaddlePaymentGateway)
    assert isinstance(build_container(settings(**both)).get(PaymentGateway), StripePaymentGateway)
    assert isinstance(build_container(settings(**PADDLE)).get(PaymentGateway),
                      PaddlePaymentGateway)


@pytest.mark.parametrize("missing", sorted(PADDLE))
def test_paddle_without_one_of_its_settings_stops_start_up_naming_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], missing: str) -> None:
    monkeypatch.setenv("PAYMENTS_PROVIDER", "paddle")
    for name, value in PADDLE.items():
        if name != missing:
            raw = value.get_secret_value() if isinstance(value, SecretStr) else value
            monkeypatch.setenv(name.upper(), str(raw))
    assert main(["serve"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == f"bobby: {missing.upper()} must be set when PAYMENTS_PROVIDER=paddle"
    assert "pdl_ntfset_01test" not in line


@pytest.mark.parametrize(("values", "message"), [
    ({"paddle_environment": "production"}, "PADDLE_API_KEY is a sandbox key"),
    ({"paddle_api_key": SecretStr("pdl_live_apikey_01x")}, "PADDLE_API_KEY is a live key"),
    ({"paddle_checkout_url": "bobby.example.org/pay"}, "PADDLE_CHECKOUT_URL must be an http"),
    ({"paddle_environment": "staging"}, "paddle_environment"),
    ({"payments_provider": "braintree"}, "payments_provider"),
])
def test_a_paddle_setting_that_cannot_work_stops_start_up(values: dict[str, Any],
                                                          message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings(**{"payments_provider": "paddle", **PADDLE, **values})
