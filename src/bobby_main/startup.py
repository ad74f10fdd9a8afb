"""Start-up checks shared by `bobby serve`, `bobby worker` and the ASGI factory: production
refuses an unsafe configuration, one clear line per problem; dev warns once about plain text."""

from __future__ import annotations

import logging

from bobby_adapters.sqlalchemy.encryption import EncryptionKeyError, FieldCipher
from bobby_http.config import StartupError
from bobby_main.media import bucket_problem
from bobby_main.settings import MessagingProvider, Settings

logger = logging.getLogger("bobby.startup")
_warned: set[str] = set()

_PRODUCTION_NEEDS = "must be set when BOBBY_ENV=production"


def field_cipher(settings: Settings) -> FieldCipher | None:
    """The cipher for DATA_ENCRYPTION_KEY, or None without one; raise StartupError if malformed."""
    if settings.data_encryption_key is None:
        return None
    try:
        return FieldCipher(settings.data_encryption_key.get_secret_value())
    except EncryptionKeyError as exc:
        raise StartupError(f"invalid setting DATA_ENCRYPTION_KEY: {exc}") from None


def startup_problems(settings: Settings) -> list[str]:
    """Every reason this configuration must not start, one line each (empty: it may)."""
    problems: list[str] = []
    try:
        field_cipher(settings)
    except StartupError as exc:
        problems.append(str(exc))
    if problem := bucket_problem(settings):
        problems.append(problem)
    if not settings.production:
        return problems
    if not settings.public_base_url:
        problems.append(f"PUBLIC_BASE_URL {_PRODUCTION_NEEDS} (chart and media links, and "
                        "Twilio signatures, are built from it)")
    if settings.twilio_auth_token is None and settings.messaging is not MessagingProvider.META:
        problems.append(f"TWILIO_AUTH_TOKEN {_PRODUCTION_NEEDS} (it is needed to check Twilio "
                        "webhook signatures)")
    if not settings.uses_postgres:
        problems.append(f"DATABASE_URL {_PRODUCTION_NEEDS} to a PostgreSQL database "
                        "(postgresql://...); SQLite is for development on one machine")
    if settings.data_encryption_key is None and not settings.allow_plaintext:
        problems.append(f"DATA_ENCRYPTION_KEY {_PRODUCTION_NEEDS} (make one with `bobby keys "
                        "new`), or set ALLOW_PLAINTEXT=true to store messages unencrypted")
    return problems


def check_startup(settings: Settings) -> None:
    """Raise StartupError (one line per problem) or warn, once per process, about plain text."""
    problems = startup_problems(settings)
    if problems:
        raise StartupError("\n".join(problems))
    if settings.data_encryption_key is None and "plaintext" not in _warned:
        _warned.add("plaintext")
        logger.warning("DATA_ENCRYPTION_KEY is not set: messages, answers and feedback are "
                       "stored unencrypted (acceptable in development only)")


def startup_lines(error: StartupError) -> list[str]:
    """The operator's lines for a refused start, each prefixed with the program name."""
    return [f"bobby: {line}" for line in str(error).splitlines()]
