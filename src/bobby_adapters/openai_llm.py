"""The LanguageModel port on OpenAI's Chat Completions API, or any OpenAI-compatible server.

Both calls ask for structured outputs (a strict json_schema `response_format` built from a
pydantic model), and the prompts say the same shape in words for servers that ignore it; the
answer is read tolerantly and asked for again once if unreadable (openai_calls).

Time budget. A turn runs on the queue, after the webhook has answered, with the typing
indicator on, so it may take a while: it is cut at TURN_DEADLINE_SECONDS (45 s) and then gets
the "give me a moment" reply. One turn can hold a risk check and up to three model calls (a
loop's reply, an extraction, the next loop's opening). Each attempt is cut at
MODEL_CALL_TIMEOUT_SECONDS (20 s: a 400-800-token first prompt on a slow local server takes
5-10 s) and retried MODEL_RETRIES times (1) for a passing failure, after a short back-off."""

from __future__ import annotations

from typing import Any, Literal

import httpx2
from openai import AsyncOpenAI
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from bobby_adapters.openai_calls import AnswerCutError, OpenAIStructuredCalls
from bobby_adapters.openai_transport import model_http_client
from bobby_adapters.structured_answer import shape_in_words
from bobby_core.llm import (
    ConverseReply,
    ConverseRequest,
    ExtractReply,
    ExtractRequest,
    FieldSpec,
)

MAX_COMPLETION_TOKENS = 500
"""Replies are a few WhatsApp sentences; this also caps what a runaway answer costs."""
CONNECT_TIMEOUT = 5.0


def openai_client(api_key: str, base_url: str | None = None,
                  timeout_seconds: float = 20.0) -> AsyncOpenAI:
    """A client for any compatible server (`base_url`), without the SDK's hidden retries: Bobby
    retries itself, and logs it. Its own timeout is a backstop a little past Bobby's cut."""
    timeout = httpx2.Timeout(timeout_seconds + 1, connect=min(CONNECT_TIMEOUT, timeout_seconds))
    return AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0,
                       http_client=model_http_client())


class LoopReply(BaseModel):
    """The structured answer of one loop turn."""

    model_config = ConfigDict(extra="forbid")
    reply: str = Field(description="your next WhatsApp message to the user")
    done: bool = Field(description="true only when this message closes the exercise step")

    @field_validator("reply")
    @classmethod
    def _says_something(cls, value: str) -> str:
        # A check, not a schema keyword: strict structured outputs refuse minLength on some
        # servers. An empty reply is then asked for again like any unreadable answer.
        if not value.strip():
            raise ValueError("the reply is empty")
        return value.strip()


class OpenAILanguageModel:
    def __init__(self, calls: OpenAIStructuredCalls,
                 max_completion_tokens: int = MAX_COMPLETION_TOKENS) -> None:
        self._calls, self._max_tokens = calls, max_completion_tokens

    @property
    def name(self) -> str:
        return f"openai:{self._calls.model}"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        messages: list[dict[str, str]] = [{"role": "system", "content": loop_system_prompt(request)}]
        messages += [{"role": t.role.value, "content": t.content} for t in request.history]
        if not request.history:
            # Some compatible servers refuse a chat with no user turn; this one only cues the opening.
            messages.append({"role": "user", "content": "(The user is ready. Send your opening message.)"})
        try:
            parsed, usage = await self._calls.ask("converse", messages, LoopReply,
                                                  max_completion_tokens=self._max_tokens)
        except AnswerCutError as cut:
            return ConverseReply(text="", done=False, usage=cut.usage, cut=True)
        assert isinstance(parsed, LoopReply)  # noqa: S101 - ask returns the schema it was given
        return ConverseReply(text=parsed.reply, done=parsed.done, usage=usage)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        schema = extraction_schema(request.fields)
        messages = [
            {"role": "system", "content": extract_system_prompt(request, schema)},
            {"role": "user", "content": request.text},
        ]
        try:
            parsed, usage = await self._calls.ask("extract", messages, schema,
                                                  max_completion_tokens=self._max_tokens)
        except AnswerCutError as cut:
            return ExtractReply(values={}, usage=cut.usage, cut=True)
        values = parsed.model_dump()
        return ExtractReply(values={f.name: str(values.get(f.name) or f.default) for f in request.fields},
                            usage=usage)


def extraction_schema(fields: tuple[FieldSpec, ...]) -> type[BaseModel]:
    """A pydantic model with one required field per spec; choice fields are Literals.

    A choice field's default is among its options too: it is the answer "none fits" (the
    engine keeps the default for it), so a prompt may ask for it without the schema refusing."""
    definitions: dict[str, Any] = {}
    for spec in fields:
        options = (*spec.choices, *(() if spec.default in spec.choices else (spec.default,)))
        kind: Any = Literal.__getitem__(options) if spec.choices else str
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
    parts.append(shape_in_words(LoopReply))
    return "\n\n".join(parts)


def extract_system_prompt(request: ExtractRequest, schema: type[BaseModel]) -> str:
    retry = (f"\n\nYour previous answer could not be used: {request.retry_reason} Write a new "
             "answer that fixes this.") if request.retry_reason else ""
    return (f"{request.instruction.strip()}\n\nRead the user's message and fill every field. "
            "Use the user's own words where a field asks for them; for a field with fixed "
            "options, pick one of them as the instructions above say."
            f"{retry}\n\n{shape_in_words(schema)}")
