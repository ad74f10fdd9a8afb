"""Adapters for switched-off providers: free access (no payments) and no mailing list."""

from __future__ import annotations

from bobby_core.errors import InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEvent, SubscriptionSnapshot


class FreePaymentGateway:
    @property
    def name(self) -> str:
        return "free"

    async def checkout_link(self, user_id: UserId) -> str | None:
        return None

    async def portal_link(self, customer_id: str) -> str | None:
        return None

    async def fetch_subscription(self, subscription_id: str) -> SubscriptionSnapshot | None:
        return None

    def read_event(self, payload: bytes, signature: str | None) -> BillingEvent:
        raise InvalidWebhookError("stripe", "payments are not configured")


class NoMailingList:
    """No mailing list configured: nothing is recorded or sent."""

    @property
    def enabled(self) -> bool:
        return False

    async def upsert(self, email: str, tags: dict[str, bool]) -> None:
        return

    async def delete(self, contact_key: str) -> None:
        return
