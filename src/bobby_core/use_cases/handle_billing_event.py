"""A payment provider's webhook event: verify it, then fold what it says into the stored
subscription, once per event id, in the same transaction as the dedupe mark."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from bobby_core.errors import BobbyError, InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.ports import Clock, PaymentGateway, UnitOfWork, UnitOfWorkFactory
from bobby_core.subscriptions.access import AccessRules, access
from bobby_core.subscriptions.events import BillingEvent, BillingEventKind, SubscriptionSnapshot
from bobby_core.subscriptions.facts import fact_from, wants_fetch
from bobby_core.subscriptions.mailing import wanted_subscription
from bobby_core.subscriptions.model import merge
from bobby_core.use_cases.sync_mailing_list import SyncMailingList, SyncMailingListCommand

logger = logging.getLogger("bobby.billing")


@dataclass(frozen=True, slots=True, kw_only=True)
class HandleBillingEventCommand:
    payload: bytes
    """The raw request body, exactly as received (the signature covers these bytes)."""
    signature: str | None
    source: str
    """The provider whose webhook this came in on; only the configured one's is read."""


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True, kw_only=True)
class HandleBillingEventResult:
    event_id: str
    outcome: Outcome
    user_id: UserId | None = None


class HandleBillingEvent:
    """Raise InvalidWebhookError for a bad signature or body (nothing is stored), and
    ExternalServiceError when the provider or the database is down (the provider retries)."""

    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway, clock: Clock,
                 rules: AccessRules, sync: SyncMailingList) -> None:
        self._uow, self._gateway, self._clock = uow, gateway, clock
        self._rules, self._sync = rules, sync

    async def execute(self, cmd: HandleBillingEventCommand) -> HandleBillingEventResult:
        if cmd.source != self._gateway.name:
            # A provider left pointing here after a switch, or a probe: nothing is read.
            raise InvalidWebhookError(cmd.source, f"{cmd.source} is not configured (payments go "
                                      f"through {self._gateway.name})")
        event = self._gateway.read_event(cmd.payload, cmd.signature)
        if event.kind is BillingEventKind.IGNORED:
            return HandleBillingEventResult(event_id=event.id, outcome=Outcome.IGNORED)
        # Read from the provider before the transaction opens: no lock waits on the network.
        wanted = wants_fetch(event)
        fetched = await self._gateway.fetch_subscription(wanted) if wanted else None
        async with self._uow() as uow:
            if not await uow.processed_events.mark_processed(self._gateway.name, event.id):
                return HandleBillingEventResult(event_id=event.id, outcome=Outcome.DUPLICATE)
            user_id = await self._apply(uow, event, fetched)
            await uow.commit()
        if user_id is not None and self._sync.enabled:
            await self._sync_now(user_id)
        return HandleBillingEventResult(event_id=event.id, outcome=Outcome.APPLIED,
                                        user_id=user_id)

    async def _apply(self, uow: UnitOfWork, event: BillingEvent,
                     fetched: SubscriptionSnapshot | None) -> UserId | None:
        fact = fact_from(event, fetched, self._clock.now())
        user_id = await _find_user(uow, event, fetched)
        if fact is None:
            return user_id
        await uow.subscriptions.lock(fact.id)
        stored = await uow.subscriptions.get(fact.id)
        if user_id is None and stored is not None:
            user_id = stored.user_id
        merged = merge(stored, fact.linked(user_id, event.customer_id))
        await uow.subscriptions.save(merged)
        if merged.user_id is None:
            logger.info("billing event %s: no user matched yet (kept unlinked)", event.id)
            return None
        await self._retag(uow, merged.user_id, event.email or (fetched.email if fetched else None))
        return merged.user_id

    async def _retag(self, uow: UnitOfWork, user_id: UserId, email: str | None) -> None:
        if not self._sync.enabled:
            return  # no list configured: do not even keep the address
        now_access = access(await uow.subscriptions.list_for_user(user_id), self._clock.now(),
                            self._rules)
        emails = {e.email for e in await uow.mailing.for_user(user_id) if e.email and not e.delete}
        if email:
            emails.add(email.strip())
        for address in sorted(emails):
            await uow.mailing.want(wanted_subscription(address, user_id, now_access))

    async def _sync_now(self, user_id: UserId) -> None:
        try:
            await self._sync.execute(SyncMailingListCommand(user_id=user_id, limit=5))
        except BobbyError:
            # The event is applied and the change recorded; the periodic sweep pushes it.
            logger.warning("mailing list sync deferred to the sweep")


async def _find_user(uow: UnitOfWork, event: BillingEvent,
                     fetched: SubscriptionSnapshot | None) -> UserId | None:
    """Our reference first, then the phone the provider collected (exact E.164), then a
    customer another subscription already links to a user."""
    refs = [event.client_reference_id, event.snapshot.user_ref if event.snapshot else None,
            fetched.user_ref if fetched else None]
    for ref in refs:
        if ref:
            user = await uow.users.get(UserId(ref))
            if user is not None:
                return user.id
    if event.phone:
        user = await uow.users.get_by_phone(event.phone)
        if user is not None:
            return user.id
    customer = event.customer_id or (fetched.customer_id if fetched else None)
    if customer:
        return await uow.subscriptions.user_for_customer(customer)
    return None
