"""Which Cloud API refusals a retry can fix: the failure policy for outbound sends, in one table.

Graph errors arrive as `{"error": {"message", "type", "code", "error_subcode", "error_data",
"fbtrace_id"}}`. A code in PERMANENT is a refusal no retry can fix (the recipient, WhatsApp's
rules, our template or our request is wrong): the outbox fails the reply at once. Rate limits
and Meta's own outages are transient; so is a 5xx, and, as with Twilio, a 4xx whose code is not
listed (a refused send made no message, so the outbox's bounded retries cannot deliver twice).
An expired or revoked token fails the reply without a retry (every send fails the same way
until an operator acts) and is logged once, not once a reply.

Source: Meta's Cloud API error codes reference,
https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bobby_adapters.refusals import RefusalCodes
from bobby_core.errors import DeliveryError

logger = logging.getLogger("bobby.meta")

OUTSIDE_WINDOW = 131047
BAD_TOKEN = 190
PERMANENT: Mapping[int, str] = {
    10: "permission denied (the token lacks whatsapp_business_messaging)",
    100: "invalid parameter (an unknown phone number id, or a malformed request)",
    200: "permission denied",
    368: "temporarily blocked for a policy violation",
    131008: "a required parameter is missing",
    131009: "a parameter value is invalid",
    131021: "the recipient is the sender",
    131026: "message undeliverable (not a WhatsApp user, or an old app)",
    131030: "the recipient is not on the test number's allowed list",
    131031: "the business account is locked",
    OUTSIDE_WINDOW: "outside WhatsApp's 24-hour window: only an approved template may be sent",
    131051: "unsupported message type",
    131053: "the media could not be fetched or uploaded",
    132000: "the template's parameters do not match its variables",
    132001: "the template does not exist in this language",
    132005: "the template's text is too long once filled",
    132007: "the template's format violates WhatsApp's policy",
    132012: "a template parameter has the wrong format",
    132015: "the template is paused for low quality",
    132016: "the template is disabled",
}
TRANSIENT: Mapping[int, str] = {
    1: "API unknown error",
    2: "API service temporarily unavailable",
    4: "the app's API call rate limit",
    80007: "the business account's rate limit",
    130429: "the Cloud API's throughput limit",
    131000: "something went wrong at Meta",
    131016: "a Meta service is unavailable",
    131048: "the spam rate limit",
    131056: "too many messages to this user in a short time",
    133004: "the server is temporarily unavailable",
}
CODES = RefusalCodes("meta", PERMANENT, TRANSIENT, OUTSIDE_WINDOW)


class TokenAlarm:
    """Says once, as a warning, that the access token is refused, until a send succeeds: an
    expired token fails every reply, and one line an operator can act on beats thousands."""

    def __init__(self) -> None:
        self._raised = False

    def refused(self) -> None:
        if not self._raised:
            self._raised = True
            logger.warning("Meta refused the access token (code 190: expired or revoked): "
                           "replies fail until META_ACCESS_TOKEN is renewed")

    def accepted(self) -> None:
        self._raised = False


def refusal(status: int, code: int | None, alarm: TokenAlarm) -> DeliveryError:
    """The DeliveryError for a Graph API error answer (HTTP status, Meta's code if any). The
    detail never carries Meta's own message: it may quote the recipient."""
    if code == BAD_TOKEN:
        alarm.refused()
        return DeliveryError(str(code), permanent=True,
                             detail=f"meta refused ({CODES.where(status, code)}): "
                                    "the access token is not valid")
    return CODES.classify(status, code)
