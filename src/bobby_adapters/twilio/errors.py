"""Which Twilio refusals a retry can fix: the failure policy for outbound sends, in one table.

A code listed in PERMANENT is a refusal no retry can fix (the number, the recipient's choice,
WhatsApp's rules or our message itself is wrong): the outbox marks the reply failed at once.
Rate limits, Twilio's 5xx, timeouts and connection errors are transient. A 4xx whose code is
not listed is also treated as transient, so the outbox's bounded retries decide: a refused send
created no message, so retrying it cannot deliver a reply twice, and an unlisted code that
turns out to be temporary does not silently drop a reply.

Sources: Twilio's error dictionary, https://www.twilio.com/docs/api/errors/<code>."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bobby_adapters.refusals import RefusalCodes
from bobby_core.errors import DeliveryError

logger = logging.getLogger("bobby.twilio")

PERMANENT: Mapping[int, str] = {
    21211: "invalid 'To' phone number",
    21408: "permission to send to this region is not enabled",
    21604: "'To' phone number is required",
    21606: "'From' is not a message-capable Twilio sender for this account",
    21608: "trial account: the 'To' number is not verified",
    21610: "the recipient unsubscribed (replied STOP)",
    21612: "the To/From combination cannot be routed",
    21614: "'To' is not a valid mobile number",
    21617: "the body exceeds 1600 characters",
    21635: "'To' is a landline",
    63003: "the channel could not find the 'To' address",
    63007: "no channel (WhatsApp sender) for the 'From' address",
    63014: "the recipient blocked this sender",
    63016: "outside WhatsApp's 24-hour window: only an approved template may be sent",
    63024: "the recipient is not a valid WhatsApp user",
}
TRANSIENT: Mapping[int, str] = {
    20429: "too many concurrent requests (never processed; safe to retry)",
    63018: "the WhatsApp channel's rate limit was exceeded",
}
BAD_CREDENTIALS = 20003
OUTSIDE_WINDOW = 63016
CODES = RefusalCodes("twilio", PERMANENT, TRANSIENT, OUTSIDE_WINDOW)


def refusal(status: int, code: int | None) -> DeliveryError:
    """The DeliveryError for an HTTP error answer from Twilio (status, and Twilio's code if any).

    The detail never carries Twilio's own message: it quotes the phone number it refuses."""
    where = CODES.where(status, code)
    if code == BAD_CREDENTIALS or status == 401:
        # Every send will fail the same way until an operator fixes the settings; a retry of this
        # one message cannot help, so it is permanent for the message.
        logger.warning("Twilio refused our credentials (%s): check TWILIO_ACCOUNT_SID and "
                       "TWILIO_AUTH_TOKEN", where)
        return DeliveryError(str(code) if code is not None else None, permanent=True,
                             detail=f"twilio refused ({where}): bad credentials")
    return CODES.classify(status, code)
