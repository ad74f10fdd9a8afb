"""Test doubles for payments and the mailing list: events by reference, recorded pushes."""

from __future__ import annotations

from dataclasses import dataclass, field

from bobby_core.errors import ExternalServiceError, InvalidWebhookError, MailingListError
from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEvent, SubscriptionSnapshot

GOOD_SIGNATURE = "fake-signed"


@dataclass
class FakePaymentGateway:
    """`read_event` returns the event whose id is the payload, when the signature is
    GOOD_SIGNATURE; `subscriptions` is what `fetch_subscription` finds; `down` fails calls."""

    events: dict[str, BillingEvent] = field(default_factory=dict)
    subscriptions: dict[str, SubscriptionSnapshot] = field(default_factory=dict)
    checkout_base: str | None = "https://pay.test/checkout"
    down: bool = False
    fetched: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    """The key of every link asked for, in order."""

    @property
    def name(self) -> str:
        return "stripe"

    def deliver(self, event: BillingEvent) -> bytes:
        """Make `event` readable; the returned payload goes with GOOD_SIGNATURE."""
        self.events[event.id] = event
        return event.id.encode()

    async def checkout_link(self, user_id: UserId, key: str) -> str | None:
        self._check()
        self.keys.append(key)
        return f"{self.checkout_base}?client_reference_id={user_id}" if self.checkout_base else None

    async def portal_link(self, customer_id: str, key: str) -> str | None:
        self._check()
        self.keys.append(key)
        return f"https://pay.test/portal/{customer_id}" if self.checkout_base else None

    async def fetch_subscription(self, subscription_id: str) -> SubscriptionSnapshot | None:
        self._check()
        self.fetched.append(subscription_id)
        return self.subscriptions.get(subscription_id)

    def read_event(self, payload: bytes, signature: str | None) -> BillingEvent:
        if signature != GOOD_SIGNATURE:
            raise InvalidWebhookError("stripe", "signature does not match or is stale")
        try:
            return self.events[payload.decode()]
        except (KeyError, UnicodeDecodeError):
            raise InvalidWebhookError("stripe", "malformed event") from None

    def _check(self) -> None:
        if self.down:
            raise ExternalServiceError("stripe", "down")


@dataclass
class FakeMailingList:
    """Records contacts by address; `failures` queues errors for the next calls."""

    contacts: dict[str, dict[str, bool]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    failures: list[MailingListError] = field(default_factory=list)
    calls: int = 0

    @property
    def enabled(self) -> bool:
        return True

    async def upsert(self, email: str, tags: dict[str, bool]) -> None:
        self._next()
        self.contacts[email] = {**self.contacts.get(email, {}), **tags}

    async def delete(self, contact_key: str) -> None:
        self._next()
        self.deleted.append(contact_key)

    def _next(self) -> None:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
