"""A reply's vendor work, carried out after the turn that asked for it was committed.

A turn decides that a reply carries a chart or a payment link; it never draws, uploads or calls
a payment provider itself, so a turn decided twice (it lost a race and ran again) asks for the
work once, in the one outcome that was committed. The work is keyed by the reply's id: a
delivery tried again makes the same file and, where the provider honours the key, the same
payment page."""

from __future__ import annotations

import logging
from dataclasses import replace

from bobby_core.charts import Chart, ScoreBars
from bobby_core.errors import ExternalServiceError
from bobby_core.model import LinkKind, Message, PaymentLink
from bobby_core.ports import ChartRenderer, MediaStorage, PaymentGateway

log = logging.getLogger("bobby.outbox")

LINK = "{link}"
"""Where a reply's text takes the payment link's address."""


class ReplyArtefacts:
    """Complete a reply: draw and store its chart (its URL becomes the media), open its payment
    link (its address fills the text). A failing store leaves the words without the image; a
    failing payment provider turns the reply into the link's `unavailable` text."""

    def __init__(self, charts: ChartRenderer, storage: MediaStorage,
                 payments: PaymentGateway) -> None:
        self._charts, self._storage, self._payments = charts, storage, payments

    async def complete(self, message: Message) -> Message:
        """The reply as it is sent, with nothing left to do (unchanged when it had nothing)."""
        if message.chart is None and message.link is None:
            return message
        body, media = message.body, message.media_url
        if message.link is not None:
            body = await self._linked(message.link, body, message.id)
        if message.chart is not None:
            media = await self.chart_url(message.chart, message.id) or media
        return replace(message, body=body, media_url=media, chart=None, link=None)

    async def chart_url(self, chart: Chart, key: str) -> str | None:
        """Draw and store `chart` under `key`; its URL, or None when either fails."""
        try:
            image = await (self._charts.bar_chart(chart) if isinstance(chart, ScoreBars)
                           else self._charts.donut(chart))
            return await self._storage.put(image, "image/png", ".png", key)
        except ExternalServiceError as exc:
            log.warning("a chart was not stored (%s); the reply goes without it", exc.service)
            return None

    async def _linked(self, link: PaymentLink, body: str, key: str) -> str:
        try:
            if link.kind is LinkKind.PORTAL and link.customer_id is not None:
                url = await self._payments.portal_link(link.customer_id, key)
            else:
                url = await self._payments.checkout_link(link.user_id, key)
        except ExternalServiceError as exc:
            log.warning("a payment link was not made (%s)", exc.service)
            return link.unavailable
        return body.replace(LINK, url) if url else link.unavailable
