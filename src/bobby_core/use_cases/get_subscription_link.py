"""The link a user needs now: checkout without access, the billing portal with it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bobby_core.errors import ExternalServiceError
from bobby_core.flows.system.why_not_buy import (
    ACTIVE_NO_PORTAL_TEXT,
    FREE_TEXT,
    LINK_DOWN_TEXT,
    checkout_message,
    portal_message,
)
from bobby_core.model import UserId
from bobby_core.ports import Clock, IdGenerator, PaymentGateway, UnitOfWorkFactory
from bobby_core.subscriptions.access import Access
from bobby_core.subscriptions.paywall import Paywall


class LinkKind(StrEnum):
    CHECKOUT = "checkout"
    PORTAL = "portal"
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSubscriptionLinkCommand:
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSubscriptionLinkResult:
    kind: LinkKind
    text: str
    """The message to send the user (it contains the link, when there is one)."""
    url: str | None = None
    access: Access


class GetSubscriptionLink:
    """Never raises for a provider failure: the user gets a "try again" text instead."""

    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway, clock: Clock,
                 paywall: Paywall, ids: IdGenerator) -> None:
        self._uow, self._gateway, self._clock, self._paywall = uow, gateway, clock, paywall
        self._ids = ids

    async def execute(self, cmd: GetSubscriptionLinkCommand) -> GetSubscriptionLinkResult:
        async with self._uow() as uow:
            subscriptions = await uow.subscriptions.list_for_user(cmd.user_id)
        now = self._paywall.access(subscriptions, self._clock.now())
        # A fresh key per call for now: the key that makes a retried delivery reuse the same
        # link will come from the reply that carries it.
        key = self._ids.new_id()
        try:
            if now.allowed:
                url = (await self._gateway.portal_link(now.customer_id, key)
                       if now.customer_id else None)
                if url is None:
                    return GetSubscriptionLinkResult(kind=LinkKind.NONE, access=now,
                                                     text=ACTIVE_NO_PORTAL_TEXT)
                return GetSubscriptionLinkResult(kind=LinkKind.PORTAL, url=url, access=now,
                                                 text=portal_message(url))
            url = await self._gateway.checkout_link(cmd.user_id, key)
        except ExternalServiceError:
            return GetSubscriptionLinkResult(kind=LinkKind.NONE, access=now, text=LINK_DOWN_TEXT)
        if url is None:
            return GetSubscriptionLinkResult(kind=LinkKind.NONE, access=now, text=FREE_TEXT)
        return GetSubscriptionLinkResult(kind=LinkKind.CHECKOUT, url=url, access=now,
                                         text=checkout_message(url))
