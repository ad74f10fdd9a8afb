"""Inbound WhatsApp webhooks as Twilio sends them: form fields, signed for the public URL."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "be" * 16
AUTH_TOKEN = "bench-auth-token-0123456789abcdef"  # noqa: S105 - a fake, for the fakes
PUBLIC_BASE_URL = "https://bobby-bench.example"
WHATSAPP_NUMBER = "+14155238886"
INBOUND_PATH = "/webhooks/twilio/messages"


def phone(n: int) -> str:
    """The n-th bench user's phone (+44 7700 9xxxxx, a drama-style number; never a real user)."""
    return f"+4477009{n:05d}"


def whatsapp(number: str) -> str:
    return f"whatsapp:{number}"


@dataclass(frozen=True)
class Signed:
    signature: str
    body: str
    """application/x-www-form-urlencoded"""


class Signer:
    """Signs webhook forms for PUBLIC_BASE_URL + path with the bench's auth token; every
    MessageSid it hands out is new (a random run prefix and a counter)."""

    def __init__(self, token: str = AUTH_TOKEN, base_url: str = PUBLIC_BASE_URL,
                 path: str = INBOUND_PATH) -> None:
        self._validator = RequestValidator(token)
        self._url = base_url.rstrip("/") + path
        self._run = secrets.token_hex(4)
        self._count = 0

    def next_sid(self) -> str:
        self._count += 1
        return f"SM{self._run}{self._count:024x}"

    def inbound(self, number: str, text: str) -> Signed:
        sid = self.next_sid()
        form = {
            "SmsMessageSid": sid, "NumMedia": "0", "ProfileName": "Bench", "MessageType": "text",
            "SmsSid": sid, "WaId": number.lstrip("+"), "SmsStatus": "received", "Body": text,
            "To": whatsapp(WHATSAPP_NUMBER), "NumSegments": "1", "ReferralNumMedia": "0",
            "MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": whatsapp(number),
            "ApiVersion": "2010-04-01",
        }
        return Signed(self._validator.compute_signature(self._url, form), urlencode(form))


def write_requests(path: str, requests: list[Signed]) -> None:
    """One request a line, `signature<TAB>body`, the format load.py and the wrk script read."""
    with open(path, "w") as out:
        for request in requests:
            out.write(f"{request.signature}\t{request.body}\n")


def read_requests(path: str) -> list[Signed]:
    with open(path) as source:
        return [Signed(*line.rstrip("\n").split("\t", 1)) for line in source if line.strip()]
