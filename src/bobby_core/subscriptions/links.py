"""The payment link a user needs now, decided inside the turn and opened by the edge after it.

Without access a user gets the checkout; with it, the billing portal of their plan. The turn
only says which link, for whom, and what to say when none can be made: the provider is called
once the turn is committed (see `PaymentLink`). The words are the "why not buy" flow's
`[texts]`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.outcome import Effects
from bobby_core.engine.templates import render
from bobby_core.errors import FlowDefinitionError
from bobby_core.flows.system.why_not_buy import FLOW_ID, TEXTS
from bobby_core.model import LinkKind, OutboundText, PaymentLink, UserId
from bobby_core.subscriptions.gate import FREE_EXERCISE
from bobby_core.subscriptions.model import Subscription
from bobby_core.subscriptions.paywall import Paywall


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentLinks:
    paywall: Paywall
    texts: dict[str, str]

    @classmethod
    def of(cls, paywall: Paywall, registry: FlowRegistry) -> PaymentLinks:
        """The links under `paywall`, said in the registry's words (FlowDefinitionError when
        the "why not buy" text file lacks one)."""
        texts = dict(registry.latest(FLOW_ID).texts)
        missing = [name for name in TEXTS if name not in texts]
        if missing:
            raise FlowDefinitionError(f"{FLOW_ID}: [texts] lacks {', '.join(missing)}")
        free = next((f for f in registry.exercises() if f.id == FREE_EXERCISE), None)
        values = {"burnout_title": free.title if free else "",
                  "burnout_key": free.menu_key if free else ""}
        return cls(paywall=paywall,
                   texts={name: render(texts[name], {**values, "link": "{link}"})
                          for name in TEXTS})

    def checkout(self, user_id: UserId) -> Effects:
        """The checkout link, for a user without access."""
        return self._linked(self.texts["checkout"], PaymentLink(
            kind=LinkKind.CHECKOUT, user_id=user_id, unavailable=self.texts["link_down"]))

    def for_subscription_word(self, user_id: UserId, subscriptions: Iterable[Subscription],
                              now: datetime) -> Effects:
        """What the word `subscription` gets: the portal with access, else the checkout; with
        no payment provider, that everything is free."""
        if not self.paywall.payments:
            return Effects(replies=(OutboundText(body=self.texts["free"]),))
        access = self.paywall.access(subscriptions, now)
        if not access.allowed:
            return self.checkout(user_id)
        if access.customer_id is None:
            return Effects(replies=(OutboundText(body=self.texts["active_no_portal"]),))
        return self._linked(self.texts["portal"], PaymentLink(
            kind=LinkKind.PORTAL, user_id=user_id, customer_id=access.customer_id,
            unavailable=self.texts["link_down"]))

    @staticmethod
    def _linked(body: str, link: PaymentLink) -> Effects:
        return Effects(replies=(OutboundText(body=body, link=link),))
