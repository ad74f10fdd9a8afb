"""One structured request to an OpenAI-compatible chat model, as Bobby makes it.

- Each attempt is cut at the per-call budget (MODEL_CALL_TIMEOUT_SECONDS) by
  bobby_core.deadline.bounded, which does not wait for the cancelled request to unwind.
- Passing failures are retried by Bobby's policy (model_retry.RetryPolicy), each retry logged;
  the SDK's own retries are off, so nothing is retried out of sight.
- Every attempt that reached the server is recorded in the ModelCallLog with its usage: the
  response's when it has one, else an estimate from the request's length (marked estimated),
  for a paid API bills a request it answered late or not at all. A 4xx (429 among them) is
  recorded at no tokens: the server refused it before the model ran.
- The answer is read tolerantly (structured_answer); an unreadable one is asked for again
  once, with the reason, and both answers are recorded."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import httpx2
from openai import APIConnectionError, APIStatusError, AsyncOpenAI, OpenAIError, RateLimitError
from openai.lib._parsing import type_to_response_format_param
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from bobby_adapters.model_retry import RetryPolicy, retry_after_seconds
from bobby_adapters.structured_answer import UnreadableAnswerError, read_answer, shape_in_words
from bobby_core.deadline import bounded
from bobby_core.errors import ExternalServiceError
from bobby_core.model import TokenUsage
from bobby_core.ports import Clock
from bobby_core.ports.usage import ModelCall, ModelCallLog

log = logging.getLogger("bobby.model")

Messages = Sequence[dict[str, str]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """What went wrong with one attempt, and what follows from it."""

    detail: str
    retryable: bool
    reached: bool
    """The request got to the server (so it may be billed)."""
    billed: bool = True
    retry_after: float | None = None


class AnswerCutError(ExternalServiceError):
    """The answer stopped at the token limit (finish reason "length"): unfinished, never to be
    read as an answer; `usage` is what its attempts cost (the engine's reply guard decides)."""

    def __init__(self, service: str, usage: TokenUsage) -> None:
        super().__init__(service, "answer cut at the token limit")
        self.usage = usage


class OpenAIStructuredCalls:
    def __init__(self, client: AsyncOpenAI, model: str, calls: ModelCallLog, clock: Clock, *,
                 timeout_seconds: float, policy: RetryPolicy, service: str = "openai",
                 random_fraction: Callable[[], float] = random.random,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._client, self._model, self._calls, self._clock = client, model, calls, clock
        self._timeout, self._policy, self._service = timeout_seconds, policy, service
        self._random, self._sleep = random_fraction, sleep
        self._background: set[asyncio.Task[None]] = set()

    @property
    def model(self) -> str:
        return self._model

    async def ask(self, kind: str, messages: Messages, schema: type[BaseModel],
                  **params: Any) -> tuple[BaseModel, TokenUsage]:
        """The answer as `schema` and the tokens of every attempt; AnswerCutError when the
        answer stopped at the token limit; ExternalServiceError when the server fails, refuses,
        filters the answer or gives an unreadable one twice."""
        answer, usage = await self._answer(kind, messages, schema, params)
        try:
            return read_answer(answer, schema), usage
        except UnreadableAnswerError as exc:
            log.warning("model answer unreadable: asked again",
                        extra={"call": kind, "reason": exc.reason})
            again = [*messages, {"role": "assistant", "content": answer},
                     {"role": "user", "content": f"Your answer could not be read: {exc.reason}. "
                                                 f"{shape_in_words(schema)}"}]
        try:
            answer, more = await self._answer(kind, again, schema, params)
        except AnswerCutError as cut:
            raise AnswerCutError(self._service, usage + cut.usage) from cut
        try:
            return read_answer(answer, schema), usage + more
        except UnreadableAnswerError as exc:
            raise self._failed(kind, "malformed answer") from exc

    async def _answer(self, kind: str, messages: Messages, schema: type[BaseModel],
                      params: dict[str, Any]) -> tuple[str, TokenUsage]:
        """The text of one answer that came back whole, and the usage of its attempts."""
        completion, usage = await self._attempts(kind, messages, schema, params)
        choice = completion.choices[0] if completion.choices else None
        if choice is None:
            raise self._failed(kind, "no structured answer")
        if choice.finish_reason == "length":
            log.warning("model answer cut at the token limit", extra={"call": kind})
            raise AnswerCutError(self._service, usage)
        if choice.finish_reason == "content_filter":
            raise self._failed(kind, "answer cut short")
        if choice.message.refusal:
            raise self._failed(kind, "refused")
        return choice.message.content or "", usage

    async def _attempts(self, kind: str, messages: Messages, schema: type[BaseModel],
                        params: dict[str, Any]) -> tuple[ChatCompletion, TokenUsage]:
        spent = TokenUsage()
        response_format = type_to_response_format_param(schema)
        estimate = _tokens(json.dumps(list(messages)) + json.dumps(response_format))
        for retry in range(self._policy.retries + 1):
            try:
                completion = await bounded(self._client.chat.completions.create(
                    model=self._model, messages=messages,  # type: ignore[arg-type]
                    response_format=response_format, **params), self._timeout)
            except asyncio.CancelledError:
                self._record_later(kind, "cancelled", estimate)  # the turn ran out of time
                raise
            except Exception as exc:
                failure = _failure(exc)
                if failure is None:
                    raise
                if failure.reached:
                    await self._record(kind, failure.detail,
                                       TokenUsage(prompt_tokens=estimate if failure.billed else 0),
                                       estimated=failure.billed)
                    spent += TokenUsage(prompt_tokens=estimate if failure.billed else 0)
                wait = (self._policy.delay(retry, failure.retry_after, self._random)
                        if failure.retryable else None)
                if wait is None:
                    raise self._failed(kind, failure.detail) from exc
                log.warning("model request retried", extra={
                    "call": kind, "retry": retry + 1, "reason": failure.detail,
                    "wait_seconds": round(wait, 3)})
                await self._sleep(wait)
                continue
            usage, estimated = _usage(completion, estimate)
            await self._record(kind, "ok", usage, estimated=estimated)
            return completion, spent + usage
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    async def _record(self, kind: str, outcome: str, usage: TokenUsage, *,
                      estimated: bool) -> None:
        await self._calls.record(ModelCall(
            at=self._clock.now(), model=self._model, kind=kind, outcome=outcome,
            prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
            estimated=estimated))

    def _record_later(self, kind: str, outcome: str, estimate: int) -> None:
        """Record from a task of its own: the attempt's own task is being cancelled."""
        task = asyncio.ensure_future(self._record(kind, outcome, TokenUsage(prompt_tokens=estimate),
                                                  estimated=True))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _failed(self, kind: str, detail: str) -> ExternalServiceError:
        log.warning("model request failed", extra={"call": kind, "reason": detail})
        return ExternalServiceError(self._service, detail)


def _failure(exc: Exception) -> Failure | None:
    """How an attempt failed; None for a bug of ours (not the server's doing)."""
    if isinstance(exc, TimeoutError):
        return Failure(detail="timed out", retryable=True, reached=True)
    if isinstance(exc, APIConnectionError):
        reached = _sent(exc)
        timed_out = any(isinstance(e, httpx2.TimeoutException) for e in _chain(exc)) and reached
        return Failure(detail="timed out" if timed_out else "unreachable", retryable=True,
                       reached=reached)
    if isinstance(exc, APIStatusError):
        status = exc.status_code
        wait = retry_after_seconds(exc.response.headers)
        if isinstance(exc, RateLimitError):
            return Failure(detail="rate limited (429)", retryable=True, reached=True,
                           billed=False, retry_after=wait)
        return Failure(detail=f"HTTP {status}", retryable=status >= 500, reached=True,
                       billed=status >= 500, retry_after=wait)
    if isinstance(exc, OpenAIError | ValueError):  # an answer the SDK could not read
        return Failure(detail="malformed response", retryable=False, reached=True)
    return None


def _sent(exc: BaseException) -> bool:
    """Whether the request left for the server: not when the connection was never made."""
    chain = _chain(exc)
    if any(isinstance(e, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError)
           for e in chain):
        return False
    if any(isinstance(e, aiohttp.ClientError | aiohttp.ServerTimeoutError) for e in chain):
        return True  # connected, then lost or cut (the aiohttp transport says "connect" for it)
    return not any(isinstance(e, httpx2.ConnectError | httpx2.ConnectTimeout) for e in chain)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _usage(completion: ChatCompletion, prompt_estimate: int) -> tuple[TokenUsage, bool]:
    """The response's usage, or (some servers send none) an estimate, marked as such."""
    if completion.usage is not None:
        return TokenUsage(prompt_tokens=completion.usage.prompt_tokens,
                          completion_tokens=completion.usage.completion_tokens), False
    answer = "".join(c.message.content or "" for c in completion.choices)
    return TokenUsage(prompt_tokens=prompt_estimate, completion_tokens=_tokens(answer)), True


def _tokens(text: str) -> int:
    """About four characters to a token, for English in the tokenizers of GPT-4 and after."""
    return math.ceil(len(text) / 4)
