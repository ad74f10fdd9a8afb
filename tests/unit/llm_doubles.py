"""Language-model doubles: one records every request, one fails like a provider that is down,
one never finishes a model loop on its own, one answers as a test scripts it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_core.errors import ExternalServiceError
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import TokenUsage


@dataclass
class RecordingLanguageModel:
    """Answers like the offline model (with a fixed token count) and keeps every request."""

    converse_requests: list[ConverseRequest] = field(default_factory=list)
    extract_requests: list[ExtractRequest] = field(default_factory=list)
    usage: TokenUsage = field(default_factory=lambda: TokenUsage(prompt_tokens=100, completion_tokens=20))
    _inner: OfflineLanguageModel = field(default_factory=OfflineLanguageModel)

    @property
    def name(self) -> str:
        return "recording"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        self.converse_requests.append(request)
        reply = await self._inner.converse(request)
        return ConverseReply(text=reply.text, done=reply.done, usage=self.usage)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        self.extract_requests.append(request)
        reply = await self._inner.extract(request)
        return ExtractReply(values=reply.values, usage=self.usage)

    def everything_sent(self) -> str:
        """All text any request carried, for 'never reached the model' assertions."""
        parts: list[str] = []
        for c in self.converse_requests:
            parts += [c.system_prompt, c.closing, *c.guide_questions, *(t.content for t in c.history)]
        for e in self.extract_requests:
            parts += [e.instruction, e.text, *(f.description for f in e.fields)]
        return "\n".join(parts)


@dataclass
class DownLanguageModel:
    """Raises like an unreachable provider while `down` is set, else answers offline."""

    down: bool = True
    calls: int = 0
    _inner: OfflineLanguageModel = field(default_factory=OfflineLanguageModel)

    @property
    def name(self) -> str:
        return "down"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        self.calls += 1
        if self.down:
            raise ExternalServiceError("openai", "timed out")
        return await self._inner.converse(request)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        self.calls += 1
        if self.down:
            raise ExternalServiceError("openai", "timed out")
        return await self._inner.extract(request)


@dataclass
class NeverDoneLanguageModel:
    """Always asks one more question and never says the step is done (extracts offline)."""

    _inner: OfflineLanguageModel = field(default_factory=OfflineLanguageModel)

    @property
    def name(self) -> str:
        return "never-done"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        return ConverseReply(text=f"Question {request.user_turns + 1}: and what then?", done=False)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        return await self._inner.extract(request)



@dataclass
class ScriptedLanguageModel:
    """Answers a loop turn with `answers` (in order) while `when` holds for the request, and
    like the offline model otherwise; extractions come from `extracts` in order, then offline.
    Keeps every request."""

    when: Callable[[ConverseRequest], bool] = lambda _: False
    answers: list[ConverseReply] = field(default_factory=list)
    extracts: list[ExtractReply] = field(default_factory=list)
    converse_requests: list[ConverseRequest] = field(default_factory=list)
    extract_requests: list[ExtractRequest] = field(default_factory=list)
    _inner: OfflineLanguageModel = field(default_factory=OfflineLanguageModel)

    @property
    def name(self) -> str:
        return "scripted"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        self.converse_requests.append(request)
        if self.answers and self.when(request):
            return self.answers.pop(0)
        return await self._inner.converse(request)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        self.extract_requests.append(request)
        if self.extracts:
            return self.extracts.pop(0)
        return await self._inner.extract(request)
