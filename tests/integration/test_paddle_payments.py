"""The Paddle adapter with the real SDK: links and subscriptions against a fake Paddle API on
loopback, notifications signed with the SDK's own HMAC helper and shaped as Paddle documents
them (checked below against the SDK's own models of its entities)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from paddle_billing.Entities.Customer import Customer
from paddle_billing.Entities.CustomerPortalSession import CustomerPortalSession
from paddle_billing.Entities.Event import Event
from paddle_billing.Entities.Subscription import Subscription
from paddle_billing.Entities.Transaction import Transaction
from paddle_billing.Notifications.Entities.UndefinedEntity import UndefinedEntity

from bobby_adapters.paddle_payments import PaddleClients, PaddlePaymentGateway
from bobby_core.errors import ExternalServiceError, InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEvent, BillingEventKind
from bobby_core.subscriptions.model import SubscriptionStatus
from tests.integration.fake_paddle import (
    API_KEY,
    CUSTOMER_ID,
    PAYMENT_LINK,
    PRICE_ID,
    FakePaddle,
    customer_entity,
    draft_transaction,
    portal_session,
    subscription_entity,
)
from tests.integration.paddle_signing import (
    SECRET,
    adjustment_event,
    event,
    reader,
    signed,
    subscription_event,
    transaction_event,
)

pytestmark = pytest.mark.integration
USER = UserId("u_Abc-123_x")
NOW = datetime.now(UTC).replace(microsecond=0)
END = NOW + timedelta(days=30)
SUB = "sub_01hv8x29kz0t586xy6zn1a62ny"


@pytest.fixture
def fake() -> Iterator[FakePaddle]:
    server = FakePaddle().start()
    yield server
    server.stop()


def gateway(fake: FakePaddle, key: str = API_KEY) -> PaddlePaymentGateway:
    return PaddlePaymentGateway(PaddleClients(key, "sandbox", fake.base_url),
                                webhook_secret=SECRET, price_id=PRICE_ID,
                                checkout_url=PAYMENT_LINK)


async def test_a_checkout_link_is_a_transaction_of_the_price_carrying_our_user_id(
        fake: FakePaddle) -> None:
    link = await gateway(fake).checkout_link(USER, "key-1")
    [(method, path, body, headers)] = fake.requests
    assert (method, path) == ("POST", "/transactions")
    assert body == {"items": [{"price_id": PRICE_ID, "quantity": 1}],
                    "custom_data": {"bobby_user_id": USER}, "checkout": {"url": PAYMENT_LINK}}
    assert (headers["Paddle-Version"], headers["X-Transaction-ID"]) == ("1", "key-1")
    assert link is not None
    assert link.startswith(f"{PAYMENT_LINK}?_ptxn=txn_01")


async def test_the_portal_link_is_a_customer_portal_session(fake: FakePaddle) -> None:
    link = await gateway(fake).portal_link(CUSTOMER_ID, "key-2")
    assert link is not None
    assert link.startswith("https://customer-portal.paddle.com/cpl_")
    [(method, path, body, _)] = fake.requests
    assert (method, path, body) == ("POST", f"/customers/{CUSTOMER_ID}/portal-sessions", {})


async def test_a_subscription_is_fetched_with_the_customers_address(fake: FakePaddle) -> None:
    fake.subscriptions[SUB] = subscription_entity(SUB, "past_due", starts=NOW, ends=END,
                                                  updated=NOW, user_ref="u1")
    fake.customers[CUSTOMER_ID] = customer_entity("sam@example.com")
    snap = await gateway(fake).fetch_subscription(SUB)
    assert snap is not None
    assert (snap.status, snap.period_end, snap.customer_id, snap.user_ref, snap.email) == (
        SubscriptionStatus.PAST_DUE, END, CUSTOMER_ID, "u1", "sam@example.com")
    assert await gateway(fake).fetch_subscription("sub_missing") is None
    assert fake.paths("GET") == [f"/subscriptions/{SUB}", f"/customers/{CUSTOMER_ID}",
                                 "/subscriptions/sub_missing"]


async def test_a_wrong_key_and_an_outage_become_external_service_errors(
        fake: FakePaddle) -> None:
    with pytest.raises(ExternalServiceError) as caught:
        await gateway(fake, key="pdl_sdbx_apikey_wrong").checkout_link(USER, "k")
    assert caught.value.service == "paddle"
    assert "pdl_sdbx_apikey_wrong" not in str(caught.value)
    fake.fail_next = [500]
    with pytest.raises(ExternalServiceError):
        await gateway(fake).checkout_link(USER, "k")
    # A create is never retried on a status: a retry could make a second transaction.
    assert fake.paths("POST") == ["/transactions", "/transactions"]


async def test_a_read_is_retried_by_the_sdk_after_a_server_error(fake: FakePaddle) -> None:
    fake.subscriptions[SUB] = subscription_entity(SUB, "active", starts=NOW, ends=END,
                                                  updated=NOW)
    fake.customers[CUSTOMER_ID] = customer_entity()
    fake.fail_next = [503]
    snap = await gateway(fake).fetch_subscription(SUB)
    assert snap is not None
    assert snap.status is SubscriptionStatus.ACTIVE
    assert fake.paths("GET") == [f"/subscriptions/{SUB}"] * 2 + [f"/customers/{CUSTOMER_ID}"]


def read(payload: str, header: str | None = None) -> BillingEvent:
    return reader().read_event(payload.encode(), header or signed(payload))


def test_subscription_notifications_are_read_with_their_own_change_time() -> None:
    payload = subscription_event("subscription.updated", SUB, "active", NOW, starts=NOW, ends=END,
                                 user_ref="u1", scheduled_cancel=END)
    got = read(payload)
    assert got.kind is BillingEventKind.SUBSCRIPTION_CHANGED
    snap = got.snapshot
    assert snap is not None
    assert (snap.id, snap.status, snap.period_end, snap.cancel_at_period_end, snap.user_ref,
            snap.changed_at) == (SUB, SubscriptionStatus.ACTIVE, END, True, "u1", NOW)
    # Canceled: no current period; access ends when it was canceled.
    canceled = read(subscription_event("subscription.canceled", SUB, "canceled", END,
                                       canceled_at=END)).snapshot
    assert canceled is not None
    assert (canceled.status, canceled.period_end) == (SubscriptionStatus.CANCELED, END)
    paused = read(subscription_event("subscription.paused", SUB, "paused", END,
                                     paused_at=END)).snapshot
    assert paused is not None
    assert paused.status is SubscriptionStatus.PAUSED


def test_payments_name_the_subscription_or_are_a_pass() -> None:
    got = read(transaction_event("transaction.completed", NOW, sub_id=SUB, starts=NOW,
                                 ends=END, user_ref="u1", txn_id="txn_1"))
    assert got.kind is BillingEventKind.INVOICE_PAID
    assert got.snapshot is not None
    assert (got.subscription_id, got.client_reference_id, got.snapshot.period_end) == (
        SUB, "u1", END)
    got = read(transaction_event("transaction.completed", NOW, sub_id=None, user_ref="u1",
                                 txn_id="txn_2", one_off=True))
    assert got.kind is BillingEventKind.CHECKOUT_COMPLETED
    assert (got.one_off, got.paid, got.payment_id) == (True, True, "txn_2")
    # Paddle's documented sequence: `paid` comes before the subscription exists. With a
    # recurring price that is not a pass.
    got = read(transaction_event("transaction.paid", NOW, sub_id=None, user_ref="u1"))
    assert got.kind is BillingEventKind.IGNORED


@pytest.mark.parametrize(("status", "kind_", "action", "expected"), [
    ("approved", "full", "refund", BillingEventKind.REFUNDED),
    ("approved", "full", "chargeback", BillingEventKind.REFUNDED),
    ("pending_approval", "full", "refund", BillingEventKind.IGNORED),
    ("rejected", "full", "refund", BillingEventKind.IGNORED),
    ("approved", "partial", "refund", BillingEventKind.IGNORED),
    ("approved", "full", "credit", BillingEventKind.IGNORED),
])
def test_only_an_approved_whole_refund_or_chargeback_gives_a_payment_back(
        status: str, kind_: str, action: str, expected: BillingEventKind) -> None:
    got = read(adjustment_event("txn_1", NOW, status=status, kind=kind_, action=action))
    assert got.kind is expected
    if expected is BillingEventKind.REFUNDED:
        assert got.payment_id == "txn_1"


def test_other_notifications_are_ignored() -> None:
    assert read(event("customer.created", customer_entity(), NOW)).kind is BillingEventKind.IGNORED


SIGNED = subscription_event("subscription.created", SUB, "active", NOW, starts=NOW, ends=END,
                            user_ref="u1")


@pytest.mark.parametrize("case", ["forged", "other_secret", "stale", "future", "garbage",
                                  "unknown_key", "no_h1", "non_ascii", "missing", "tampered",
                                  "not_json", "not_utf8"])
def test_forged_stale_and_garbage_signatures_are_rejected(case: str) -> None:
    now = int(time.time())
    body, header = {
        "forged": (SIGNED, f"ts={now};h1=" + "0" * 64),
        "other_secret": (SIGNED, signed(SIGNED, "pdl_ntfset_someone_else")),
        "stale": (SIGNED, signed(SIGNED, at=now - 301)),
        "future": (SIGNED, signed(SIGNED, at=now + 301)),
        "garbage": (SIGNED, "this is not a signature"),
        "unknown_key": (SIGNED, signed(SIGNED) + ";v1=abc"),
        "no_h1": (SIGNED, f"ts={now}"),
        "non_ascii": (SIGNED, f"ts={now};h1=é"),
        "missing": (SIGNED, None),
        "tampered": (SIGNED.replace('"u1"', '"u2"'), signed(SIGNED)),
        "not_json": ("not json", signed("not json")),
        "not_utf8": ("\udcff", f"ts={now};h1=" + "0" * 64),
    }[case]
    raw = body.encode("utf-8", "surrogateescape")
    with pytest.raises(InvalidWebhookError):
        reader().read_event(raw, header)


def test_a_signature_within_the_tolerance_and_one_of_several_h1_is_accepted() -> None:
    # While a secret is rotated Paddle sends an h1 per secret; one matching is enough.
    header = signed(SIGNED, at=int(time.time()) - 290) + ";h1=" + "0" * 64
    assert read(SIGNED, header).kind is BillingEventKind.SUBSCRIPTION_CHANGED


def test_signed_bodies_that_are_not_notifications_are_malformed() -> None:
    for body in ['{"event_id": "evt_1"}', "[1, 2]",
                 json.dumps({"event_id": "evt_1", "event_type": "subscription.updated",
                             "occurred_at": "yesterday", "data": {"id": SUB}}),
                 json.dumps({"event_id": "evt_1", "event_type": "subscription.updated",
                             "occurred_at": "2024-04-12T10:18:49.621022Z", "data": {}}),
                 json.dumps({"event_id": "evt_1", "event_type": "transaction.completed",
                             "occurred_at": "2024-04-12T10:18:49.621022Z", "data": []})]:
        with pytest.raises(InvalidWebhookError):
            read(body)


def test_the_fakes_payloads_are_what_the_sdk_models_as_paddles_documented_entities() -> None:
    """Paddle's own SDK parses every notification and answer the fake gives into its typed
    entities (required fields present, enums and times well formed)."""
    notifications = [
        SIGNED, subscription_event("subscription.canceled", SUB, "canceled", END, canceled_at=END),
        subscription_event("subscription.paused", SUB, "paused", END, paused_at=END),
        subscription_event("subscription.past_due", SUB, "past_due", NOW, starts=NOW, ends=END),
        transaction_event("transaction.completed", NOW, sub_id=SUB, starts=NOW, ends=END),
        transaction_event("transaction.paid", NOW, sub_id=None),
        transaction_event("transaction.completed", NOW, sub_id=None, one_off=True),
        adjustment_event("txn_1", NOW), adjustment_event("txn_1", NOW, type_="adjustment.updated"),
    ]
    for payload in notifications:
        parsed = Event.from_dict(json.loads(payload))
        assert not isinstance(parsed.data, UndefinedEntity), payload[:80]
    request = {"items": [{"price_id": PRICE_ID, "quantity": 1}], "custom_data": {"a": "b"}}
    assert Transaction.from_dict(draft_transaction(request)).status == "draft"
    assert CustomerPortalSession.from_dict(portal_session(CUSTOMER_ID)).urls.general.overview
    assert Subscription.from_dict(subscription_entity(SUB, "active", starts=NOW, ends=END,
                                                      updated=NOW)).current_billing_period
    assert Customer.from_dict(customer_entity()).email == "sam@example.com"
