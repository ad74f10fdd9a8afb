"""What the HTTP layer needs to know about its deployment (filled in by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bobby_core.ports.stats import ModelPrices


class StartupError(Exception):
    """The app cannot start with this configuration; the message names the variable to set."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpConfig:
    twilio_auth_token: str | None = None
    meta_app_secret: str | None = None
    """Set when Meta's Cloud API is the messaging provider: its webhooks are signed with it."""
    meta_verify_token: str | None = None
    public_base_url: str | None = None
    production: bool = False
    metrics_tokens: tuple[str, ...] = ()
    """Bearer tokens that may read /metrics (METRICS_TOKEN, ADMIN_TOKEN); none: no /metrics."""
    admin_token: str | None = None
    """Who may open /admin (pages and JSON); None: there is no admin at all."""
    model_prices: ModelPrices = field(default_factory=ModelPrices)
    trusted_proxies: str = "127.0.0.1,::1"
    """Peers whose X-Forwarded-Host/-Proto/-For are believed (comma-separated; `*`: any)."""
    max_body_bytes: int = 64 * 1024
    """A larger request body is refused with 413 as soon as its size is known, unread."""

    @property
    def chat_enabled(self) -> bool:
        """The web chat is a dev tool that talks as a fictional user; never in production."""
        return not self.production

    def check(self) -> None:
        """Refuse to start a production app whose webhooks anyone could forge."""
        if self.production and not (self.twilio_auth_token or self.meta_app_secret):
            raise StartupError(
                "TWILIO_AUTH_TOKEN must be set when BOBBY_ENV=production "
                "(it is needed to check Twilio webhook signatures)")
