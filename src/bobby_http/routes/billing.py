"""The payment providers' webhooks: the raw body goes to the core, which verifies the
provider's signature header over it; the route of a provider not configured refuses all.

A bad signature or body is a 400 with nothing stored (a forged request must not look like
success); a provider or database failure is a 503, which both providers retry: Stripe for up
to three days, Paddle on its own back-off schedule. Paddle wants a 200 within five seconds:
the event is applied before answering, and only a subscription fetch talks to it meanwhile."""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.handle_billing_event import HandleBillingEvent, HandleBillingEventCommand
from bobby_http.schemas import BillingEventOut


async def _receive(request: Request[Any, Any, Any], billing: HandleBillingEvent, source: str,
                   header: str) -> BillingEventOut:
    result = await billing.execute(HandleBillingEventCommand(
        payload=await request.body(), signature=request.headers.get(header), source=source))
    return BillingEventOut(id=result.event_id, outcome=result.outcome.value)


@post("/webhooks/stripe", status_code=HTTP_200_OK, summary="Stripe events (subscriptions)")
async def stripe_event(request: Request[Any, Any, Any],
                       billing: NamedDependency[HandleBillingEvent]) -> BillingEventOut:
    return await _receive(request, billing, "stripe", "Stripe-Signature")


@post("/webhooks/paddle", status_code=HTTP_200_OK, summary="Paddle notifications (subscriptions)")
async def paddle_event(request: Request[Any, Any, Any],
                       billing: NamedDependency[HandleBillingEvent]) -> BillingEventOut:
    return await _receive(request, billing, "paddle", "Paddle-Signature")


ROUTES = [stripe_event, paddle_event]
