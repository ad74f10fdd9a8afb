"""Configuration, read once at start-up from the environment or `.env` (SPEC §3)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal
from urllib.parse import urlsplit

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bobby_core.local_time import QuietHours
from bobby_main.helplines_file import load_helplines


class Environment(StrEnum):
    DEV = "dev"
    PRODUCTION = "production"


class PaymentsProvider(StrEnum):
    STRIPE = "stripe"
    PADDLE = "paddle"


class PaddleEnvironment(StrEnum):
    SANDBOX = "sandbox"
    PRODUCTION = "production"


PADDLE_REQUIRED = ("paddle_api_key", "paddle_webhook_secret", "paddle_price_id",
                   "paddle_checkout_url")


class MessagingProvider(StrEnum):
    TWILIO = "twilio"
    META = "meta"
    CONSOLE = "console"


TWILIO_REQUIRED = ("twilio_account_sid", "twilio_auth_token", "whatsapp_number")
META_REQUIRED = ("meta_access_token", "meta_phone_number_id", "meta_app_secret",
                 "meta_verify_token")
META_GRAPH_API = "https://graph.facebook.com"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = "sqlite:///./bobby.db"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4.1-mini"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    whatsapp_number: str | None = None
    twilio_api_base_url: str | None = None
    """Send every Twilio API call (api.twilio.com, messaging.twilio.com) to this host instead:
    a Twilio-compatible gateway, or a fake in tests. Unset means Twilio's own hosts."""
    public_base_url: str | None = None
    stripe_api_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("STRIPE_WEBHOOK_SECRET", "STRIPE_SECRET"))
    stripe_price_id: str | None = None
    stripe_payment_link: str | None = None
    stripe_api_base: str | None = None
    """Another host for the Stripe API (a fake in tests); unset: Stripe's own."""
    payments_provider: PaymentsProvider | None = None
    """`stripe` or `paddle`; unset: whichever one's settings are set (Stripe's first)."""
    paddle_api_key: SecretStr | None = None
    paddle_webhook_secret: SecretStr | None = None
    """The secret key of the Paddle notification destination (`pdl_ntfset_...`)."""
    paddle_price_id: str | None = None
    paddle_environment: PaddleEnvironment = PaddleEnvironment.SANDBOX
    paddle_api_base: str | None = None
    """Another host for the Paddle API (a fake in tests); unset: PADDLE_ENVIRONMENT's."""
    paddle_checkout_url: str | None = None
    """The Paddle account's default payment link: a page with Paddle.js on an approved domain."""
    paywall: bool | None = None
    """`on` / `off`; unset: on when Stripe is configured (STRIPE_API_KEY)."""
    paywall_grace_days: int = Field(default=3, ge=0)
    """Days a past-due subscription keeps access while Stripe retries the payment."""
    paywall_pass_months: int = Field(default=1, ge=1)
    """How long a one-off payment (a Payment Link in payment mode) gives access."""
    emailoctopus_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("EMAILOCTOPUS_API_KEY", "EMAIL_OCTOPUS_API_KEY"))
    emailoctopus_list_id: str | None = None
    emailoctopus_api_base: str | None = None
    """Another host for the EmailOctopus API (a fake in tests)."""
    data_encryption_key: SecretStr | None = None
    admin_token: SecretStr | None = None
    bobby_env: Environment = Environment.DEV
    idle_timeout_minutes: int = Field(default=60, ge=1)
    check_in_every_hours: float = Field(default=24.0, ge=0)
    """The gentle check-in (a warning sign short of a crisis) goes at most once in this time."""
    turn_deadline_seconds: float = Field(default=45.0, gt=0, le=600)
    """A turn (screening and its model calls) that takes longer is given up with a kind reply."""
    model_call_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    """One request to the model (an attempt) that takes longer is cut (and may be retried)."""
    model_retries: int = Field(default=1, ge=0, le=5)
    """Attempts after the first for a model request cut or refused for a passing reason
    (connection error, timeout, 429, 5xx), with exponential back-off and jitter."""
    studio_flows_ask_consent: bool = False
    """The operator's own Studio flows tell users what is stored and ask them, so a signed call
    to the prototype's routes records the number's consent; false: the number must consent
    through Bobby first (the consent step of /studio/steps), else saves answer 409."""
    media_dir: str = "./media"
    helplines_file: str | None = None
    openai_moderation: bool = True
    """Also screen with OpenAI's moderation endpoint when OPENAI_API_KEY is set."""
    sqlite_busy_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    """How long a SQLite write waits for another process's lock before answering 503."""
    database_pool_size: int = Field(default=10, ge=1, le=200)
    """Pooled connections per process (SQLAlchemy's, and the job queue's own)."""
    database_connect_timeout_seconds: float = Field(default=3.0, ge=1, le=60)
    """A new PostgreSQL connection not made within this fails (a 503, or the spool)."""
    database_statement_timeout_seconds: float = Field(default=5.0, gt=0, le=600)
    """PostgreSQL cancels a statement running longer; a webhook waits this long to store its
    message (then spools it) and /ready this long for an answer (then says 503)."""
    database_pool_timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    """How long a request waits for a pooled connection when all are busy."""
    spool_dir: str = "./spool"
    """Where a signed inbound message waits, on local disk, while the database cannot take it."""
    worker_concurrency: int = Field(default=500, ge=1, le=5000)
    """Jobs one worker runs at once: turns mostly wait on the model, so many fit."""
    worker_stalled_after_seconds: float = Field(default=30.0, ge=1.0, le=3600.0)
    """A job whose worker sent no heartbeat for this long died with it and is run again."""
    openai_moderation_threshold: float = Field(default=0.4, gt=0, le=1)
    """A self-harm score at or above this flags, even below OpenAI's own flag."""
    openai_risk_check: bool = True
    """Also screen with a model risk check (structured output) when OPENAI_API_KEY is set."""
    openai_risk_model: str | None = None
    """The model for the risk check; OPENAI_MODEL when unset."""
    openai_risk_crisis_at: Literal["moderate", "high"] = "high"
    """The risk check's rating from which the crisis reply goes; a moderate rating below it
    gets a gentle check-in (a weak model rates ordinary answers moderate: see README)."""
    screening_classifier: bool | None = None
    """Also screen with the offline n-gram classifier, whose warning signs get the gentle
    check-in, never the crisis reply (README, "Crisis screening"). Unset: on unless the model
    risk check runs, which gives the same check-in (the classifier costs a process about
    150 MB and a few ms a message: see `uses_classifier`)."""
    # Privacy and operations (issue 12).
    allow_plaintext: bool = False
    """Let production start without DATA_ENCRYPTION_KEY (messages then sit in plain text)."""
    log_hash_key: SecretStr | None = None
    """Key of the hash that names users in logs; derived from DATA_ENCRYPTION_KEY if unset."""
    model_input_price: float = Field(default=0.40, ge=0)
    """US dollars per million prompt tokens, for the admin's cost estimate (gpt-4.1-mini's)."""
    model_output_price: float = Field(default=1.60, ge=0)
    """US dollars per million completion tokens, for the admin's cost estimate."""
    link_signing_key: SecretStr | None = None
    """Key that signs export links (`export my data`); derived from DATA_ENCRYPTION_KEY if unset."""
    metrics_token: SecretStr | None = None
    """Bearer token for /metrics (ADMIN_TOKEN also works); with neither, /metrics is 404."""
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    """`bobby worker` serves its own /metrics on this port (at HOST), same tokens."""
    media_keep_days: int = Field(default=30, ge=1, le=3650)
    """Charts older than this are deleted (WhatsApp keeps its own copy of a sent image)."""
    media_bucket: str | None = None
    """Keep charts in this Google Cloud Storage bucket (signed URLs) instead of MEDIA_DIR."""
    host: str = "127.0.0.1"
    """Where `bobby serve` listens (`--host` overrides it); PaaS platforms set HOST and PORT."""
    port: int = Field(default=8000, ge=1, le=65535)
    trusted_proxies: str = "127.0.0.1,::1"
    """Comma-separated addresses whose X-Forwarded-Host/-Proto are believed when chart links
    are made from the request URL (no PUBLIC_BASE_URL); `*` trusts every peer."""
    max_request_body_bytes: int = Field(default=64 * 1024, ge=1024, le=16 * 1024 * 1024)
    """A larger request body is refused with 413 (64 kB is plenty for any webhook)."""

    twilio_reminder_content_sid: str | None = None
    """Approved WhatsApp template (Content SID, HX...) for reminders outside the 24 h window;
    unset: such reminders are skipped and recorded with the reason."""
    messaging_provider: MessagingProvider | None = None
    """`twilio`, `meta` or `console`; unset: Twilio when its settings are set, else console."""
    meta_access_token: SecretStr | None = None
    """A system user's permanent token with whatsapp_business_messaging (Meta's Cloud API)."""
    meta_phone_number_id: str | None = None
    """The id of the WhatsApp business phone number Bobby sends from (not the number)."""
    meta_app_secret: SecretStr | None = None
    """The Meta app's secret: webhooks are signed with it (X-Hub-Signature-256)."""
    meta_verify_token: SecretStr | None = None
    """Any string of yours, also typed in the app's webhook settings (the subscription check)."""
    meta_api_version: str = Field(default="v23.0", pattern=r"^v\d+\.\d+$")
    """The Graph API version Bobby calls (`v23.0`)."""
    meta_graph_api_base: str | None = None
    """Another host for the Graph API (a fake in tests); unset: graph.facebook.com."""
    meta_reminder_template: str | None = None
    """`name:language` of an approved WhatsApp template for reminders outside the 24 h window
    (`bobby_reminder:en_US`); unset: such reminders are skipped and recorded."""
    quiet_hours: str = "21-8"
    """Local hours (from-to, 0-23) in which no reminder is sent; reminders move past them."""
    nudge_every_days: int | None = Field(default=None, ge=1, le=365)
    """Optional periodic nudge to users who have not chatted for this many days; unset: off."""

    clock_offset_seconds: float = 0.0
    """Development only: run with the clock moved forward (or back) this many seconds, to see a
    reminder "in 2 days" now. Refused when BOBBY_ENV=production."""

    @model_validator(mode="after")
    def _no_time_travel_in_production(self) -> Settings:
        if self.clock_offset_seconds and self.production:
            raise ValueError("CLOCK_OFFSET_SECONDS is for development; unset it in production")
        return self

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        QuietHours.parse(value)  # "QUIET_HOURS: quiet hours look like 21-8 ..." at start-up
        return value

    @property
    def uses_classifier(self) -> bool:
        """SCREENING_CLASSIFIER if set; otherwise on when no model risk check runs beside the
        turn (no OPENAI_API_KEY, or OPENAI_RISK_CHECK=false)."""
        if self.screening_classifier is not None:
            return self.screening_classifier
        return self.openai_api_key is None or not self.openai_risk_check

    @property
    def quiet(self) -> QuietHours:
        return QuietHours.parse(self.quiet_hours)

    @field_validator("paywall", mode="before")
    @classmethod
    def _on_off(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in {"on", "off"}:
            return value.strip().lower() == "on"
        return value

    @field_validator(
        "openai_api_key", "twilio_account_sid", "twilio_auth_token", "whatsapp_number",
        "public_base_url", "stripe_api_key", "stripe_webhook_secret", "emailoctopus_api_key",
        "emailoctopus_list_id", "data_encryption_key", "admin_token", "openai_base_url",
        "helplines_file", "twilio_api_base_url", "stripe_price_id", "stripe_payment_link",
        "stripe_api_base", "emailoctopus_api_base", "log_hash_key", "metrics_token", "link_signing_key",
        "media_bucket", "twilio_reminder_content_sid", "nudge_every_days", "payments_provider",
        "paddle_api_key", "paddle_webhook_secret", "paddle_price_id", "paddle_api_base",
        "paddle_checkout_url", "metrics_port", "messaging_provider", "meta_access_token",
        "meta_phone_number_id", "meta_app_secret", "meta_verify_token", "meta_graph_api_base",
        "meta_reminder_template", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # The prototype's deployments set unused secrets to "" or "None"; both mean unset.
        if isinstance(value, str) and value.strip() in {"", "None", "none"}:
            return None
        return value

    @field_validator("meta_reminder_template")
    @classmethod
    def _template_and_language(cls, value: str | None) -> str | None:
        if value is not None:
            name, _, language = value.partition(":")
            if not name.strip() or not language.strip():
                raise ValueError("META_REMINDER_TEMPLATE must be name:language, for example "
                                 "bobby_reminder:en_US")
        return value

    @model_validator(mode="after")
    def _messaging_is_complete(self) -> Settings:
        provider = self.messaging
        required = {MessagingProvider.TWILIO: TWILIO_REQUIRED,
                    MessagingProvider.META: META_REQUIRED}.get(provider, ())
        for name in required:
            if getattr(self, name) is None:
                raise ValueError(f"{name.upper()} must be set when MESSAGING_PROVIDER="
                                 f"{provider.value}")
        return self

    @property
    def messaging(self) -> MessagingProvider:
        """The messaging provider: MESSAGING_PROVIDER, else Twilio when its settings are set."""
        if self.messaging_provider is not None:
            return self.messaging_provider
        if all(getattr(self, name) is not None for name in TWILIO_REQUIRED):
            return MessagingProvider.TWILIO
        return MessagingProvider.CONSOLE

    @property
    def reminder_template(self) -> tuple[str, str | None] | None:
        """The approved reminder template of the messaging provider: (name or id, language)."""
        if self.messaging is MessagingProvider.META:
            if self.meta_reminder_template is None:
                return None
            name, _, language = self.meta_reminder_template.partition(":")
            return name.strip(), language.strip()
        sid = self.twilio_reminder_content_sid
        return (sid, None) if sid else None

    @field_validator("twilio_api_base_url", "paddle_api_base", "paddle_checkout_url",
                     "meta_graph_api_base")
    @classmethod
    def _http_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and (urlsplit(value).scheme not in {"http", "https"}
                                  or not urlsplit(value).netloc):
            raise ValueError(f"{str(info.field_name).upper()} must be an http:// or https:// URL")
        return value

    @field_validator("helplines_file")
    @classmethod
    def _helplines_load(cls, value: str | None) -> str | None:
        load_helplines(value)  # a broken table stops start-up here, with one clear line
        return value

    @model_validator(mode="after")
    def _paddle_is_complete(self) -> Settings:
        if self.payments is not PaymentsProvider.PADDLE:
            return self
        for name in PADDLE_REQUIRED:
            if getattr(self, name) is None:
                raise ValueError(f"{name.upper()} must be set when PAYMENTS_PROVIDER=paddle")
        key = self.paddle_api_key.get_secret_value() if self.paddle_api_key else ""
        # Paddle's keys name their environment; a key used against the other one gets 403s.
        if key.startswith("pdl_live_") and self.paddle_environment is PaddleEnvironment.SANDBOX:
            raise ValueError("PADDLE_API_KEY is a live key: set PADDLE_ENVIRONMENT=production")
        if key.startswith("pdl_sdbx_") and self.paddle_environment is PaddleEnvironment.PRODUCTION:
            raise ValueError("PADDLE_API_KEY is a sandbox key: set PADDLE_ENVIRONMENT=sandbox")
        return self

    @model_validator(mode="after")
    def _paywall_can_take_payment(self) -> Settings:
        if not self.paywall_on or self.payments is PaymentsProvider.PADDLE:
            return self  # Paddle's settings are all required (above)
        if not (self.stripe_payment_link or (self.stripe_api_key and self.stripe_price_id)):
            raise ValueError("PAYWALL is on but no checkout can be made: set STRIPE_PRICE_ID "
                             "(with STRIPE_API_KEY) or STRIPE_PAYMENT_LINK")
        if self.production and not self.stripe_webhook_secret:
            raise ValueError("STRIPE_WEBHOOK_SECRET must be set when PAYWALL is on and "
                             "BOBBY_ENV=production (nobody could ever get access without it)")
        return self

    @property
    def payments(self) -> PaymentsProvider | None:
        """The payment provider: PAYMENTS_PROVIDER, else the one whose settings are set."""
        if self.payments_provider is not None:
            return self.payments_provider
        if self.stripe_api_key or self.stripe_webhook_secret or self.stripe_payment_link:
            return PaymentsProvider.STRIPE
        if any(getattr(self, name) is not None for name in PADDLE_REQUIRED):
            return PaymentsProvider.PADDLE
        return None

    @property
    def paywall_on(self) -> bool:
        """Whether exercises need a subscription (PAYWALL, else whether payments are set up)."""
        if self.paywall is not None:
            return self.paywall
        if self.payments is PaymentsProvider.PADDLE:
            return True
        return self.stripe_api_key is not None

    @property
    def production(self) -> bool:
        return self.bobby_env is Environment.PRODUCTION

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.strip().lower().startswith("postgres")
