"""Configuration, read once at start-up from the environment or `.env` (SPEC §3)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bobby_main.helplines_file import load_helplines


class Environment(StrEnum):
    DEV = "dev"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = "sqlite:///./bobby.db"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4.1-mini"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    whatsapp_number: str | None = None
    public_base_url: str | None = None
    stripe_api_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("STRIPE_WEBHOOK_SECRET", "STRIPE_SECRET"))
    paywall: bool | None = None
    emailoctopus_api_key: SecretStr | None = None
    emailoctopus_list_id: str | None = None
    data_encryption_key: SecretStr | None = None
    admin_token: SecretStr | None = None
    bobby_env: Environment = Environment.DEV
    idle_timeout_minutes: int = Field(default=60, ge=1)
    media_dir: str = "./media"
    helplines_file: str | None = None
    openai_moderation: bool = True
    """Also screen with OpenAI's moderation endpoint when OPENAI_API_KEY is set."""
    openai_moderation_threshold: float = Field(default=0.4, gt=0, le=1)
    """A self-harm score at or above this flags, even below OpenAI's own flag."""
    openai_risk_check: bool = True
    """Also screen with a model risk check (structured output) when OPENAI_API_KEY is set."""
    openai_risk_model: str | None = None
    """The model for the risk check; OPENAI_MODEL when unset."""
    screening_classifier: bool = False
    """Also screen with the offline n-gram classifier (the `classifier` extra; see README)."""

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
        "helplines_file", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # The prototype's deployments set unused secrets to "" or "None"; both mean unset.
        if isinstance(value, str) and value.strip() in {"", "None", "none"}:
            return None
        return value

    @field_validator("helplines_file")
    @classmethod
    def _helplines_load(cls, value: str | None) -> str | None:
        load_helplines(value)  # a broken table stops start-up here, with one clear line
        return value

    @property
    def production(self) -> bool:
        return self.bobby_env is Environment.PRODUCTION
