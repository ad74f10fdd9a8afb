"""Prometheus metrics, measured at the ports: decorators around the language model, its call
ledger, the crisis screeners and the messenger, the queue's jobs (the job table records them) and
the HTTP layer's rejections. The core is not touched: it sees a LanguageModel, a CrisisScreener
and a Messenger as before.

Each PrometheusMetrics has a registry of its own, so tests (and two apps in one process) never
share counters."""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable, Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import OutboundMessage, TokenUsage
from bobby_core.ports import CrisisScreener, LanguageModel, Messenger, ScreeningResult
from bobby_core.ports.usage import ModelCall, ModelCallLog

QueueDepth = Callable[[], Awaitable[Mapping[str, int]]]
"""Counts of waiting work by queue name (inbound_waiting, outbound_unsent), read at scrape."""

_TURN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0)


class PrometheusMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, depth: QueueDepth | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._depth = depth
        r = self.registry
        self.turns = Counter("bobby_turns", "Turns run, by outcome", ["outcome"], registry=r)
        self.turn_seconds = Histogram("bobby_turn_seconds", "Time to run one turn (decide and "
                                      "apply; a job's time shared by its turns)",
                                      buckets=_TURN_BUCKETS, registry=r)
        self.model_seconds = Histogram("bobby_model_call_seconds", "Language model call time",
                                       ["call"], buckets=_TURN_BUCKETS, registry=r)
        self.model_tokens = Counter("bobby_model_tokens", "Model tokens used", ["kind"],
                                    registry=r)
        self.model_errors = Counter("bobby_model_errors", "Model calls that failed", ["call"],
                                    registry=r)
        self.model_attempts = Counter("bobby_model_attempts", "Requests that reached the model "
                                      "(retries and risk checks too), by outcome; estimated: "
                                      "no usage came back", ["call", "outcome", "estimated"],
                                      registry=r)
        self.webhook_rejections = Counter("bobby_webhook_rejections", "Webhook requests "
                                          "refused, by reason", ["reason"], registry=r)
        self.queue_depth = Gauge("bobby_queue_depth", "Work waiting: inbound messages without "
                                 "a turn, replies not yet sent", ["queue"], registry=r)
        self.job_failures = Counter("bobby_job_failures", "Queue jobs that raised", ["kind"],
                                    registry=r)
        self.sends = Counter("bobby_sends", "Messages handed to the provider, by status",
                             ["status"], registry=r)
        self.screenings = Counter(
            "bobby_screenings", "Messages screened, by stage (the fast layers before the turn, "
            "the model risk check beside it) and outcome (crisis, check_in, clear, failed)",
            ["stage", "outcome"], registry=r)
        self.screening_layers_down = Counter(
            "bobby_screening_layers_down", "Screening layers that did not screen a message "
            "(unreachable, or the classifier still training), by layer", ["layer"], registry=r)
        self.guard_decisions = Counter(
            "bobby_reply_guard", "Model replies the reply guard held back (or a loop's early "
            "done the engine overrode), by kind, what was done, flow and step",
            ["kind", "action", "flow", "step"], registry=r)

    def guard_decision(self, kind: str, action: str, flow_id: str, step_id: str) -> None:
        self.guard_decisions.labels(kind=kind, action=action, flow=flow_id, step=step_id).inc()

    def webhook_rejected(self, reason: str) -> None:
        self.webhook_rejections.labels(reason=reason).inc()

    async def exposition(self) -> bytes:
        """The text format, with the queue depth read now."""
        if self._depth is not None:
            try:
                for queue, count in (await self._depth()).items():
                    self.queue_depth.labels(queue=queue).set(count)
            except ExternalServiceError:
                pass  # the database is down: the other metrics still tell the story
        return generate_latest(self.registry)

    def turn_job(self, seconds: float, turns: int, model_unavailable: bool) -> None:
        outcome = "model_unavailable" if model_unavailable else "answered"
        if turns:
            self.turns.labels(outcome=outcome).inc(turns)
            for _ in range(turns):
                self.turn_seconds.observe(seconds / turns)


class MeasuredLanguageModel:
    """A LanguageModel that times its calls and counts tokens and failures."""

    def __init__(self, inner: LanguageModel, metrics: PrometheusMetrics) -> None:
        self._inner, self._m = inner, metrics

    @property
    def name(self) -> str:
        return self._inner.name

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        started = time.perf_counter()
        try:
            reply = await self._inner.converse(request)
        except ExternalServiceError:
            self._m.model_errors.labels(call="converse").inc()
            raise
        finally:
            self._m.model_seconds.labels(call="converse").observe(time.perf_counter() - started)
        self._tokens(reply.usage)
        return reply

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        started = time.perf_counter()
        try:
            reply = await self._inner.extract(request)
        except ExternalServiceError:
            self._m.model_errors.labels(call="extract").inc()
            raise
        finally:
            self._m.model_seconds.labels(call="extract").observe(time.perf_counter() - started)
        self._tokens(reply.usage)
        return reply

    def _tokens(self, usage: TokenUsage) -> None:
        self._m.model_tokens.labels(kind="prompt").inc(usage.prompt_tokens)
        self._m.model_tokens.labels(kind="completion").inc(usage.completion_tokens)


class MeasuredCrisisScreener:
    """A CrisisScreener that counts what it decided (never the text): how often the crisis reply
    goes, how often the gentle check-in is asked for, and which layers did not screen."""

    def __init__(self, inner: CrisisScreener, metrics: PrometheusMetrics, stage: str) -> None:
        self._inner, self._m, self._stage = inner, metrics, stage

    async def screen(self, text: str) -> ScreeningResult:
        try:
            result = await self._inner.screen(text)
        except ExternalServiceError:
            self._m.screenings.labels(stage=self._stage, outcome="failed").inc()
            raise
        outcome = "crisis" if result.flagged else "check_in" if result.check_in else "clear"
        self._m.screenings.labels(stage=self._stage, outcome=outcome).inc()
        for verdict in result.verdicts:
            if verdict.failed:
                self._m.screening_layers_down.labels(layer=verdict.layer).inc()
        return result


class MeasuredModelCallLog:
    """A ModelCallLog that also counts each attempt (a retry shows as a failed outcome)."""

    def __init__(self, inner: ModelCallLog, metrics: PrometheusMetrics) -> None:
        self._inner, self._m = inner, metrics

    @property
    def inner(self) -> ModelCallLog:
        return self._inner

    async def record(self, call: ModelCall) -> None:
        self._m.model_attempts.labels(call=call.kind, outcome=call.outcome,
                                      estimated=str(call.estimated).lower()).inc()
        await self._inner.record(call)


class MeasuredMessenger:
    """A Messenger that counts sends: sent, failed (permanent) or retrying (transient)."""

    def __init__(self, inner: Messenger, metrics: PrometheusMetrics) -> None:
        self._inner, self._m = inner, metrics

    @property
    def inner(self) -> Messenger:
        return self._inner

    async def send(self, message: OutboundMessage) -> str:
        try:
            sid = await self._inner.send(message)
        except DeliveryError as exc:
            self._m.sends.labels(status="failed" if exc.permanent else "retrying").inc()
            raise
        self._m.sends.labels(status="sent").inc()
        return sid

    async def show_typing(self, provider_message_id: str) -> None:
        await self._inner.show_typing(provider_message_id)

    async def close(self) -> None:
        closing = getattr(self._inner, "close", None)
        if closing is not None:
            outcome = closing()
            if inspect.isawaitable(outcome):
                await outcome
