"""Stripe's webhook: the raw body goes to the core, which verifies `Stripe-Signature` over it.

A bad signature or body is a 400 (Stripe stops retrying a 4xx only after its schedule, and a
forged request should not look like success); a provider or database failure is a 503, which
Stripe retries for up to three days."""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.handle_billing_event import HandleBillingEvent, HandleBillingEventCommand
from bobby_http.schemas import StripeEventOut


@post("/webhooks/stripe", status_code=HTTP_200_OK, summary="Stripe events (subscriptions)")
async def stripe_event(request: Request[Any, Any, Any],
                       billing: NamedDependency[HandleBillingEvent]) -> StripeEventOut:
    result = await billing.execute(HandleBillingEventCommand(
        payload=await request.body(), signature=request.headers.get("Stripe-Signature")))
    return StripeEventOut(id=result.event_id, outcome=result.outcome.value)


ROUTES = [stripe_event]
