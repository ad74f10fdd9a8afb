"""Payments and the mailing list: Stripe, Paddle or free access; EmailOctopus or no list."""

from __future__ import annotations

from datetime import timedelta
from typing import TypeVar

import httpx
from injector import Module, provider, singleton

from bobby_adapters.disabled import FreePaymentGateway, NoMailingList
from bobby_adapters.emailoctopus import DEFAULT_BASE, EmailOctopusMailingList
from bobby_core.ports import Clock, MailingList, PaymentGateway, UnitOfWorkFactory
from bobby_core.subscriptions.access import AccessRules
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.handle_billing_event import HandleBillingEvent
from bobby_core.use_cases.sync_mailing_list import SyncMailingList
from bobby_main.settings import PaymentsProvider, Settings

MAILING_TIMEOUT_SECONDS = 10.0
T = TypeVar("T")


def _required(value: T | None, name: str) -> T:
    # Settings already refuse to start without it; this keeps the types honest.
    if value is None:
        raise ValueError(f"{name} must be set when PAYMENTS_PROVIDER=paddle")
    return value


def paddle_gateway(s: Settings) -> PaymentGateway:
    from bobby_adapters.paddle_payments import PaddleClients, PaddlePaymentGateway

    key = _required(s.paddle_api_key, "PADDLE_API_KEY").get_secret_value()
    secret = _required(s.paddle_webhook_secret, "PADDLE_WEBHOOK_SECRET").get_secret_value()
    clients = PaddleClients(key, s.paddle_environment.value, s.paddle_api_base)
    return PaddlePaymentGateway(clients, webhook_secret=secret,
                                price_id=_required(s.paddle_price_id, "PADDLE_PRICE_ID"),
                                checkout_url=_required(s.paddle_checkout_url, "PADDLE_CHECKOUT_URL"))


def stripe_gateway(s: Settings) -> PaymentGateway:
    from bobby_adapters.stripe_payments import StripePaymentGateway, stripe_client

    key = s.stripe_api_key.get_secret_value() if s.stripe_api_key else None
    secret = s.stripe_webhook_secret.get_secret_value() if s.stripe_webhook_secret else None
    # After paying or managing the plan, the browser goes back to the WhatsApp chat.
    back = f"https://wa.me/{s.whatsapp_number.lstrip('+')}" if s.whatsapp_number else None
    return StripePaymentGateway(stripe_client(key, s.stripe_api_base), has_api_key=key is not None,
                                webhook_secret=secret, price_id=s.stripe_price_id,
                                payment_link=s.stripe_payment_link, return_url=back)


class BillingModule(Module):
    @singleton
    @provider
    def paywall(self, s: Settings) -> Paywall:
        return Paywall(on=s.paywall_on, payments=s.payments is not None, rules=AccessRules(
            grace=timedelta(days=s.paywall_grace_days), pass_months=s.paywall_pass_months))

    @singleton
    @provider
    def payment_gateway(self, s: Settings) -> PaymentGateway:
        if s.payments is PaymentsProvider.PADDLE:
            return paddle_gateway(s)
        if s.payments is PaymentsProvider.STRIPE:
            return stripe_gateway(s)
        return FreePaymentGateway()

    @singleton
    @provider
    def mailing_list(self, s: Settings) -> MailingList:
        if not (s.emailoctopus_api_key and s.emailoctopus_list_id):
            return NoMailingList()
        # The ASGI lifespan closes this client (`aclose`).
        return EmailOctopusMailingList(httpx.AsyncClient(timeout=MAILING_TIMEOUT_SECONDS),
                                       s.emailoctopus_api_key.get_secret_value(),
                                       s.emailoctopus_list_id,
                                       base_url=s.emailoctopus_api_base or DEFAULT_BASE)

    @singleton
    @provider
    def sync_mailing_list(self, uow: UnitOfWorkFactory, mailing: MailingList,
                          clock: Clock) -> SyncMailingList:
        return SyncMailingList(uow, mailing, clock)

    @singleton
    @provider
    def handle_billing_event(self, uow: UnitOfWorkFactory, gateway: PaymentGateway, clock: Clock,
                             paywall: Paywall, sync: SyncMailingList) -> HandleBillingEvent:
        return HandleBillingEvent(uow, gateway, clock, paywall.rules, sync)
