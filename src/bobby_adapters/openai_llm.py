"""The LanguageModel port on OpenAI's Chat Completions API, or any OpenAI-compatible server.

Both calls use structured outputs (`chat.completions.parse` with a pydantic schema), so "done"
and extracted fields come back as JSON the SDK validates, never as stop words in prose.

Time budget. A turn runs on the queue, after the webhook has answered, so Twilio's 15 s limit no
longer bounds it; the turn itself is cut at 30 s (RunTurns) and then gets the "give me a
moment" reply. One turn can hold a moderation call and up to three model calls (a loop's reply,
an extraction, the next loop's opening). Each attempt is cut at 5 s (2 s to connect) and
retried once (429, 5xx, connection errors, with the SDK's short backoff): a typical call takes
1-3 s, so one slow or rate-limited answer can still recover within the turn's budget."""

from __future__ import annotations

import logging
from typing import Any, Literal

import httpx2
from openai import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncOpenAI,
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    OpenAIError,
    RateLimitError,
)
from openai.types import CompletionUsage
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from bobby_adapters.openai_transport import model_http_client
from bobby_core.errors import ExternalServiceError
from bobby_core.llm import (
    ConverseReply,
    ConverseRequest,
    ExtractReply,
    ExtractRequest,
    FieldSpec,
)
from bobby_core.model import TokenUsage

log = logging.getLogger(__name__)

CALL_TIMEOUT = httpx2.Timeout(5.0, connect=2.0)
MAX_RETRIES = 1
MAX_COMPLETION_TOKENS = 500
"""Replies are a few WhatsApp sentences; this also caps what a runaway answer costs."""


def openai_client(api_key: str, base_url: str | None = None) -> AsyncOpenAI:
    """A client with Bobby's time budget; `base_url` points it at any compatible server."""
    return AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=CALL_TIMEOUT,
                       max_retries=MAX_RETRIES, http_client=model_http_client())


class LoopReply(BaseModel):
    """The structured answer of one loop turn."""

    model_config = ConfigDict(extra="forbid")
    reply: str = Field(description="Your next WhatsApp message to the user.")
    done: bool = Field(description="True only when this message closes the exercise step.")


class OpenAILanguageModel:
    def __init__(self, client: AsyncOpenAI, model: str,
                 max_completion_tokens: int = MAX_COMPLETION_TOKENS) -> None:
        self._client, self._model = client, model
        self._max_tokens = max_completion_tokens

    @property
    def name(self) -> str:
        return f"openai:{self._model}"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        messages: list[dict[str, str]] = [{"role": "system", "content": loop_system_prompt(request)}]
        messages += [{"role": t.role.value, "content": t.content} for t in request.history]
        if not request.history:
            # Some compatible servers refuse a chat with no user turn; this one only cues the opening.
            messages.append({"role": "user", "content": "(The user is ready. Send your opening message.)"})
        parsed, usage = await self._parse("converse", messages, LoopReply)
        if parsed is None:
            return ConverseReply(text="", done=False, usage=usage, cut=True)
        assert isinstance(parsed, LoopReply)  # noqa: S101 - parse returns the schema it was given
        if not parsed.reply.strip():
            raise ExternalServiceError("openai", "empty reply")
        return ConverseReply(text=parsed.reply.strip(), done=parsed.done, usage=usage)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        schema = extraction_schema(request.fields)
        messages = [
            {"role": "system", "content": extract_system_prompt(request)},
            {"role": "user", "content": request.text},
        ]
        parsed, usage = await self._parse("extract", messages, schema)
        if parsed is None:
            return ExtractReply(values={}, usage=usage, cut=True)
        values = parsed.model_dump()
        return ExtractReply(values={f.name: str(values.get(f.name) or f.default) for f in request.fields},
                            usage=usage)

    async def _parse(self, call: str, messages: list[dict[str, str]],
                     schema: type[BaseModel]) -> tuple[BaseModel | None, TokenUsage]:
        """The parsed answer and its usage; None for an answer cut at the token limit (the
        engine's reply guard decides what happens to it, and its tokens still count)."""
        try:
            completion = await self._client.chat.completions.parse(
                model=self._model, messages=messages,  # type: ignore[arg-type]
                response_format=schema, max_completion_tokens=self._max_tokens)
        except LengthFinishReasonError as exc:
            log.warning("openai %s answer cut at the token limit", call)
            return None, _usage(exc.completion.usage)
        except Exception as exc:
            raise _translate(call, exc) from exc
        message = completion.choices[0].message if completion.choices else None
        if message is None or message.parsed is None:
            detail = "refused" if message is not None and message.refusal else "no structured answer"
            log.warning("openai %s failed: %s", call, detail)
            raise ExternalServiceError("openai", detail)
        return message.parsed, _usage(completion.usage)


def _usage(usage: CompletionUsage | None) -> TokenUsage:
    return TokenUsage(prompt_tokens=usage.prompt_tokens if usage else 0,
                      completion_tokens=usage.completion_tokens if usage else 0)


def _translate(call: str, exc: Exception) -> Exception:
    """Map SDK and validation failures to ExternalServiceError; anything else is a bug."""
    if isinstance(exc, APITimeoutError):
        detail = "timed out"
    elif isinstance(exc, APIConnectionError):
        detail = "unreachable"
    elif isinstance(exc, RateLimitError):
        detail = "rate limited (429)"
    elif isinstance(exc, APIStatusError):
        detail = f"HTTP {exc.status_code}"
    elif isinstance(exc, ContentFilterFinishReasonError):
        detail = "answer cut short"
    elif isinstance(exc, ValidationError | ValueError):
        detail = "malformed answer"
    elif isinstance(exc, OpenAIError):
        detail = type(exc).__name__
    else:
        return exc
    log.warning("openai %s failed: %s", call, detail)  # never the text: it is the user's
    return ExternalServiceError("openai", detail)


def extraction_schema(fields: tuple[FieldSpec, ...]) -> type[BaseModel]:
    """A pydantic model with one required field per spec; choice fields are Literals."""
    definitions: dict[str, Any] = {}
    for spec in fields:
        kind: Any = Literal.__getitem__(spec.choices) if spec.choices else str
        definitions[spec.name] = (kind, Field(description=spec.description or spec.name))
    model: type[BaseModel] = create_model(
        "Extraction", __config__=ConfigDict(extra="forbid"), **definitions)
    return model


def loop_system_prompt(request: ConverseRequest) -> str:
    """The step's own prompt, then the themes to cover and where the talk stands."""
    parts = [request.system_prompt.strip()]
    if request.guide_questions:
        themes = "\n".join(f"{n}. {q}" for n, q in enumerate(request.guide_questions, 1))
        parts.append("Cover these questions in order, one at a time, in your own words, "
                     f"following what the user says:\n{themes}")
    parts.append(
        f"The user has answered {request.user_turns} time(s) in this step. "
        f"You may finish once they have answered at least {request.min_turns} time(s) and the "
        f"questions are covered. You must finish by their answer number {request.max_turns}.")
    if request.closing:
        parts.append(f"When you finish, set done to true and close in the spirit of: "
                     f"\"{request.closing}\"")
    if request.retry_reason:
        parts.append(f"Your previous answer could not be sent: {request.retry_reason} "
                     "Write a new answer that fixes this.")
    parts.append(
        "Write like a warm, plain-spoken friend on WhatsApp: short (at most about 80 words), "
        "one question at a time, no lists, no diagnosis, no advice about medication. You are an "
        "automated companion, not a therapist.")
    return "\n\n".join(parts)


def extract_system_prompt(request: ExtractRequest) -> str:
    retry = (f"\n\nYour previous answer could not be used: {request.retry_reason} Write a new "
             "answer that fixes this.") if request.retry_reason else ""
    return (f"{request.instruction.strip()}\n\nRead the user's message and fill every field. "
            "Use the user's own words where a field asks for them; for a field with fixed "
            f"options, pick the closest option.{retry}")
