"""Adapters for switched-off providers: free access (no payments), no mailing list, and no
numbers for the admin pages without a database."""

from __future__ import annotations

from bobby_core.errors import InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.ports.stats import (
    FailureLine,
    FeedbackLine,
    FeelPoint,
    FunnelLine,
    ModelCallLine,
    SafetyLine,
    UsageLine,
    UserLine,
)
from bobby_core.privacy.model import Erasure
from bobby_core.safety.guard_events import GuardCount
from bobby_core.subscriptions.events import BillingEvent, SubscriptionSnapshot


class FreePaymentGateway:
    @property
    def name(self) -> str:
        return "free"

    async def checkout_link(self, user_id: UserId, key: str) -> str | None:
        return None

    async def portal_link(self, customer_id: str, key: str) -> str | None:
        return None

    async def fetch_subscription(self, subscription_id: str) -> SubscriptionSnapshot | None:
        return None

    def read_event(self, payload: bytes, signature: str | None) -> BillingEvent:
        raise InvalidWebhookError("payments", "payments are not configured")


class NoMailingList:
    """No mailing list configured: nothing is recorded or sent."""

    @property
    def enabled(self) -> bool:
        return False

    async def upsert(self, email: str, tags: dict[str, bool]) -> None:
        return

    async def delete(self, contact_key: str) -> None:
        return


class EmptyOperatorStats:
    """The admin pages over in-memory storage (`bobby chat --memory`, tests): nothing kept
    between runs, so nothing to count."""

    async def users(self, limit: int) -> list[UserLine]:
        return []

    async def funnels(self) -> list[FunnelLine]:
        return []

    async def feel_after(self) -> list[FeelPoint]:
        return []

    async def feedback(self, limit: int) -> list[FeedbackLine]:
        return []

    async def safety_events(self, limit: int) -> list[SafetyLine]:
        return []

    async def guard_counts(self) -> list[GuardCount]:
        return []

    async def delivery_failures(self) -> list[FailureLine]:
        return []

    async def usage(self) -> list[UsageLine]:
        return []

    async def model_calls(self) -> list[ModelCallLine]:
        return []

    async def erasures(self, limit: int) -> list[Erasure]:
        return []
