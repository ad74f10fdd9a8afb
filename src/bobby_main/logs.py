"""Structured logs (structlog): JSON lines in production, readable lines in dev.

Every record, ours, the libraries' and uvicorn's, goes through one chain that adds the
context (the request id of the HTTP request, the job id and kind of the worker's job) and
then `redact`: phone numbers become a keyed hash, message text and secrets are dropped. Code
should never log those in the first place; the processor is the net under it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from bobby_main.settings import Settings

# A phone in E.164 (+447700900123), Twilio's whatsapp: form, URL-encoded (%2B...), or bare
# digits as WhatsApp ids come (447700900123). Bare runs need 10+ digits, so job ids and counts
# stay readable; inside a word (a Twilio SID) nothing matches.
_PHONE = re.compile(r"(?:whatsapp:|%2B|\+)\s?\d[\d\s().-]{5,}\d|\b\d{10,15}\b", re.IGNORECASE)
_TEXT_KEYS = frozenset({"body", "text", "content", "message_body", "prompt", "reply", "answer",
                        "variables", "llm_history", "fields"})
_PHONE_KEYS = frozenset({"phone", "to", "from", "from_", "to_phone", "wa_id", "waid"})
_SECRET = re.compile(r"token|secret|password|passwd|authorization|api_?key|cookie|signature|"
                     r"encryption_key|dsn|database_url", re.IGNORECASE)
_HANDLER = "bobby-structlog"
_SKIP = frozenset({"event", "level", "logger", "timestamp", "request_id", "job_id", "job_kind",
                   "_record", "_from_structlog"})


class UserHasher:
    """HMAC-SHA256 of a phone number: the same user gets the same short name in every line,
    and nobody without the key can turn it back into the number."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def for_settings(cls, settings: Settings) -> UserHasher:
        if settings.log_hash_key is not None:
            return cls(settings.log_hash_key.get_secret_value().encode())
        if settings.data_encryption_key is not None:
            # A key of its own, derived one-way, so a hash never reveals the data key.
            newest = settings.data_encryption_key.get_secret_value().split(",")[0].strip()
            return cls(hmac.new(newest.encode(), b"bobby log hash v1", hashlib.sha256).digest())
        return cls(secrets.token_bytes(32))  # dev: stable for this process only

    def __call__(self, phone: str) -> str:
        digits = re.sub(r"\D", "", phone)
        return "u_" + hmac.new(self._key, digits.encode(), hashlib.sha256).hexdigest()[:16]


class Redactor:
    """The structlog processor that keeps phones, message text and secrets out of the logs."""

    def __init__(self, hasher: UserHasher) -> None:
        self._hash = hasher

    def __call__(self, _: WrappedLogger, __: str, event: EventDict) -> EventDict:
        for key in list(event):
            if key in _SKIP:
                continue
            lowered = key.lower()
            if lowered in _PHONE_KEYS:
                event["user"] = self._hash(str(event.pop(key)))
            elif lowered in _TEXT_KEYS:
                event.pop(key)
            elif _SECRET.search(lowered):
                event[key] = "[redacted]"
            else:
                event[key] = self._scrub(event[key])
        event["event"] = self._scrub(event.get("event", ""))
        return event

    def _scrub(self, value: Any) -> Any:
        if isinstance(value, str):
            return _PHONE.sub(lambda m: self._hash(m.group(0)), value)
        if isinstance(value, MutableMapping):
            return {k: "[redacted]" if _SECRET.search(str(k)) else self._scrub(v)
                    for k, v in value.items() if str(k).lower() not in _TEXT_KEYS}
        if isinstance(value, list | tuple):
            return [self._scrub(v) for v in value]
        return value


def _tidy(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    for key in ("request_id", "job_id", "job_kind"):
        if event.get(key) is None:
            event.pop(key, None)
    # Copies of the message that logging and uvicorn leave on the record.
    event.pop("message", None)
    event.pop("color_message", None)
    return event


def configure_logging(settings: Settings, *, stream: Any = None) -> None:
    """Route every logger through structlog; call once per process, before serving."""
    json = settings.production
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.stdlib.ExtraAdder(),
        structlog.processors.format_exc_info,
        _tidy,
        Redactor(UserHasher.for_settings(settings)),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor = (structlog.processors.JSONRenderer() if json
                           else structlog.dev.ConsoleRenderer(colors=False))
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer])
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    handler.set_name(_HANDLER)
    root = logging.getLogger()
    # Replace our own handler of an earlier call, and the default one of logging.basicConfig;
    # leave others (a test's capture) in place.
    root.handlers = [h for h in root.handlers if h.get_name() != _HANDLER
                     and type(h) is not logging.StreamHandler]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # uvicorn configures loggers of its own before the ASGI factory runs: send them to ours.
    # Its access line (client address, full path with the query) is replaced by ours.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers, uvicorn_logger.propagate = [], True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    # procrastinate logs two lines per job at INFO, each carrying the whole job; ours (one per
    # job, with its kind and duration) says the same for a fraction of the CPU.
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    # alembic says each migration it runs at INFO, with the revision's whole message (several
    # lines): `bobby db upgrade` prints the revision reached instead.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *shared,
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
