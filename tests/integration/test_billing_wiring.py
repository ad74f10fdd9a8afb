"""The composition root picks Stripe and EmailOctopus only when they are configured."""

from typing import Any

import pytest
from pydantic import SecretStr

from bobby_adapters.disabled import FreePaymentGateway, NoMailingList
from bobby_adapters.emailoctopus import EmailOctopusMailingList
from bobby_adapters.stripe_payments import StripePaymentGateway
from bobby_core.ports import MailingList, PaymentGateway
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.handle_billing_event import HandleBillingEvent
from bobby_core.use_cases.sync_mailing_list import SyncMailingList
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
