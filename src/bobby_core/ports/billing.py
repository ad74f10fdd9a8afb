"""Ports for payments, the mailing list and what is stored about them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEvent, SubscriptionSnapshot
from bobby_core.subscriptions.mailing import MailingEntry
from bobby_core.subscriptions.model import Subscription


class PaymentGateway(Protocol):
    @property
    def name(self) -> str:
        """The provider's short name (`stripe`, `paddle`, `free`): the source of processed events."""
        ...

    async def checkout_link(self, user_id: UserId, key: str) -> str | None:
        """A link where this user can pay; the provider's events carry `user_id` back. The same
        `key` gives the same link where the provider can (its idempotency key). None when
        payments are off. Raise ExternalServiceError when the provider fails."""
        ...

    async def portal_link(self, customer_id: str, key: str) -> str | None:
        """A link where the customer manages or cancels the subscription, made once per `key`
        where the provider can; None when payments are off. Raise ExternalServiceError when
        the provider fails."""
        ...

    async def fetch_subscription(self, subscription_id: str) -> SubscriptionSnapshot | None:
        """The subscription as the provider has it now; None when it is unknown or payments
        are off. Raise ExternalServiceError when the provider fails."""
        ...

    def read_event(self, payload: bytes, signature: str | None) -> BillingEvent:
        """Verify a webhook's signature over the raw body and read the event.

        Raise InvalidWebhookError when it is forged, stale, unsigned or malformed."""
        ...


class MailingList(Protocol):
    @property
    def enabled(self) -> bool:
        """Whether a list is configured; when not, no address is even recorded."""
        ...

    async def upsert(self, email: str, tags: dict[str, bool]) -> None:
        """Create or update the contact; `True` adds a tag, `False` removes it, others stay.

        Raise MailingListError (permanent when the address was rejected)."""
        ...

    async def delete(self, contact_key: str) -> None:
        """Remove the contact with this key (MD5 of the lower-cased address); a contact that
        is not there counts as removed. Raise MailingListError."""
        ...


class SubscriptionRepository(Protocol):
    async def lock(self, subscription_id: str) -> None:
        """Hold this subscription's lock until commit, so two events never merge at once."""
        ...

    async def get(self, subscription_id: str) -> Subscription | None:
        """Return the stored subscription or pass with this id, or None."""
        ...

    async def save(self, subscription: Subscription) -> None:
        """Insert or overwrite the subscription with this id."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[Subscription]:
        """Return the user's subscriptions and passes, in no particular order."""
        ...

    async def user_for_customer(self, customer_id: str) -> UserId | None:
        """Return the user another subscription of this customer is linked to, or None."""
        ...


class MailingSyncRepository(Protocol):
    async def get(self, contact_key: str) -> MailingEntry | None:
        """Return the wanted state of this contact, or None."""
        ...

    async def want(self, entry: MailingEntry) -> None:
        """Record a new wanted state for the contact: pending, with a higher revision than the
        stored one (attempts start again). Nothing changes if it is what was already wanted."""
        ...

    async def due(self, now: datetime, limit: int) -> list[MailingEntry]:
        """Return up to `limit` pending entries whose next attempt is due, oldest first."""
        ...

    async def record(self, entry: MailingEntry) -> bool:
        """Store the outcome of a push of `entry.revision`: synced (not pending), or failed with
        back-off; a synced deletion removes the row. Return False, changing nothing, when a
        newer revision was recorded meanwhile."""
        ...

    async def for_user(self, user_id: UserId) -> list[MailingEntry]:
        """Return the entries of the user's addresses (to re-tag them when access changes)."""
        ...
