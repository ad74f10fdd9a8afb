"""The Stripe adapter with the real SDK: links and subscriptions against a fake Stripe API on
loopback, webhook events signed by the SDK's own helper."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bobby_adapters.stripe_events import e164
from bobby_adapters.stripe_payments import StripePaymentGateway, stripe_client, with_reference
from bobby_core.errors import ExternalServiceError, InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEventKind
from bobby_core.subscriptions.model import SubscriptionStatus
from tests.integration.fake_stripe import API_KEY, FakeStripe, subscription_object
from tests.integration.stripe_signing import (
    SECRET,
    charge_refunded,
    checkout_completed,
    event,
    invoice_event,
    signed,
    subscription_event,
)

pytestmark = pytest.mark.integration
USER = UserId("u_Abc-123_x")


@pytest.fixture
def fake() -> Iterator[FakeStripe]:
    server = FakeStripe().start()
    yield server
    server.stop()


def gateway(fake: FakeStripe, key: str | None = API_KEY, **extra: str) -> StripePaymentGateway:
    return StripePaymentGateway(stripe_client(key, fake.base_url), has_api_key=key is not None,
                                webhook_secret=SECRET, **extra)


async def test_a_checkout_session_carries_our_user_id_and_collects_the_phone(fake: FakeStripe) -> None:
    link = await gateway(fake, price_id="price_123", return_url="https://wa.me/14155238886") \
        .checkout_link(USER, "reply-1")
    assert link == "https://checkout.stripe.com/c/pay/cs_test_1"
    [(method, path, form)] = fake.requests
    assert (method, path) == ("POST", "/v1/checkout/sessions")
    assert form["client_reference_id"] == [USER]
    assert form["line_items[0][price]"] == ["price_123"]
    assert form["mode"] == ["subscription"]
    assert form["phone_number_collection[enabled]"] == ["true"]
    assert form["subscription_data[metadata][bobby_user_id]"] == [USER]
    assert form["success_url"] == ["https://wa.me/14155238886"]
    assert fake.idempotency_keys == ["checkout-reply-1"]


async def test_the_customer_portal_link_is_made_for_the_customer(fake: FakeStripe) -> None:
    assert await gateway(fake).portal_link("cus_42", "reply-1") == \
        "https://billing.stripe.com/p/session/test_1"
    [(_, path, form)] = fake.requests
    assert (path, form["customer"]) == ("/v1/billing_portal/sessions", ["cus_42"])
    assert fake.idempotency_keys == ["portal-reply-1"]


async def test_a_payment_link_gets_the_reference_appended_without_any_api_call(
        fake: FakeStripe) -> None:
    link = await gateway(fake, payment_link="https://buy.stripe.com/test_abc").checkout_link(
        USER, "reply-1")
    assert link == f"https://buy.stripe.com/test_abc?client_reference_id={USER}"
    assert with_reference("https://buy.stripe.com/x?locale=en", USER).endswith(
        f"?locale=en&client_reference_id={USER}")
    assert fake.requests == []


async def test_a_wrong_key_and_an_outage_become_external_service_errors(fake: FakeStripe) -> None:
    with pytest.raises(ExternalServiceError) as caught:
        await gateway(fake, key="sk_test_wrong").portal_link("cus_1", "reply-1")
    assert caught.value.service == "stripe"
    assert "sk_test_wrong" not in str(caught.value)
    fake.fail_next = [500, 500, 500]
    with pytest.raises(ExternalServiceError):
        await gateway(fake).portal_link("cus_1", "reply-2")
    assert len(fake.requests) == 1 + 3  # the SDK retried twice


async def test_a_transient_failure_is_retried_by_the_sdk(fake: FakeStripe) -> None:
    fake.fail_next = [500]
    assert await gateway(fake).portal_link("cus_1", "reply-1") is not None
    assert len(fake.requests) == 2
    assert fake.idempotency_keys == ["portal-reply-1"] * 2  # the retry: the same request


async def test_the_same_key_makes_one_session_however_often_it_is_asked(fake: FakeStripe) -> None:
    stripe = gateway(fake, price_id="price_123")
    first = await stripe.checkout_link(USER, "reply-1")
    again = await stripe.checkout_link(USER, "reply-1")
    other = await stripe.checkout_link(USER, "reply-2")
    assert first == again != other
    assert fake.created == 2
    portal = await stripe.portal_link("cus_1", "reply-1")  # another kind of link, its own key
    assert portal == await stripe.portal_link("cus_1", "reply-1")
    assert fake.created == 3


async def test_a_subscription_is_fetched_with_its_period_end_from_its_items(fake: FakeStripe) -> None:
    fake.subscriptions["sub_9"] = subscription_object("sub_9", "past_due", 1_800_000_000,
                                                      user_ref="u1")
    snap = await gateway(fake).fetch_subscription("sub_9")
    assert snap is not None
    assert (snap.status, snap.customer_id, snap.user_ref) == (SubscriptionStatus.PAST_DUE,
                                                              "cus_1", "u1")
    assert snap.period_end == datetime.fromtimestamp(1_800_000_000, tz=UTC)
    assert await gateway(fake).fetch_subscription("sub_missing") is None
    assert await gateway(fake, key=None).fetch_subscription("sub_9") is None


def test_signed_events_are_read_in_the_basil_shapes(fake: FakeStripe) -> None:
    now = int(time.time())
    gw = gateway(fake)
    payload = checkout_completed(ref="u1", phone="+44 7700 900123")
    read = gw.read_event(payload.encode(), signed(payload))
    assert (read.kind, read.client_reference_id, read.phone, read.subscription_id) == (
        BillingEventKind.CHECKOUT_COMPLETED, "u1", "+447700900123", "sub_1")
    assert (read.paid, read.one_off, read.email) == (True, False, "sam@example.com")
    payload = invoice_event(False, now + 100, now)
    read = gw.read_event(payload.encode(), signed(payload))
    assert (read.kind, read.subscription_id, read.customer_id) == (
        BillingEventKind.INVOICE_FAILED, "sub_1", "cus_1")
    payload = subscription_event("customer.subscription.deleted", "canceled", now + 50, now)
    read = gw.read_event(payload.encode(), signed(payload))
    assert read.snapshot is not None
    assert (read.kind, read.snapshot.status) == (BillingEventKind.SUBSCRIPTION_CHANGED,
                                                 SubscriptionStatus.CANCELED)
    payload = event("charge.captured", {"id": "ch_1", "object": "charge"})
    assert gw.read_event(payload.encode(), signed(payload)).kind is BillingEventKind.IGNORED


def test_a_pass_is_named_by_its_payment_and_a_full_refund_names_it_back(fake: FakeStripe) -> None:
    now = int(time.time())
    gw = gateway(fake)
    payload = checkout_completed(ref="u1", mode="payment", payment_intent="pi_9")
    read = gw.read_event(payload.encode(), signed(payload))
    assert (read.one_off, read.payment_id) == (True, "pi_9")
    payload = charge_refunded("pi_9", now)
    read = gw.read_event(payload.encode(), signed(payload))
    assert (read.kind, read.payment_id, read.customer_id) == (BillingEventKind.REFUNDED, "pi_9",
                                                              "cus_1")
    payload = charge_refunded("pi_9", now, full=False)
    assert gw.read_event(payload.encode(), signed(payload)).kind is BillingEventKind.IGNORED


@pytest.mark.parametrize("case", ["forged", "other_secret", "stale", "garbage", "missing",
                                  "tampered", "not_json"])
def test_forged_stale_and_garbage_signatures_are_rejected(fake: FakeStripe, case: str) -> None:
    payload = checkout_completed(ref="u1")
    header = {
        "forged": "t=1,v1=" + "0" * 64,
        "other_secret": signed(payload, "whsec_someone_else"),
        "stale": signed(payload, at=int(time.time()) - 301),
        "garbage": "this is not a signature",
        "missing": None,
        "tampered": signed(payload),
        "not_json": signed("not json"),
    }[case]
    body = payload.replace('"u1"', '"u2"') if case == "tampered" else payload
    body = "not json" if case == "not_json" else body
    with pytest.raises(InvalidWebhookError):
        gateway(fake).read_event(body.encode(), header)


def test_without_a_webhook_secret_nothing_is_accepted(fake: FakeStripe) -> None:
    gw = StripePaymentGateway(stripe_client(API_KEY, fake.base_url), has_api_key=True,
                              webhook_secret=None)
    payload = checkout_completed(ref="u1")
    with pytest.raises(InvalidWebhookError):
        gw.read_event(payload.encode(), signed(payload))


@pytest.mark.parametrize(("raw", "expected"), [
    ("+447700900123", "+447700900123"), ("+44 7700 900123", "+447700900123"),
    ("447700900123", "+447700900123"), ("+1 (415) 555-2671", "+14155552671"),
    ("+4477", None), ("900123", None), ("", None), (None, None), ("call me", None),
])
def test_the_collected_phone_is_normalised_to_e164_or_dropped(raw: str | None,
                                                             expected: str | None) -> None:
    assert e164(raw) == expected
