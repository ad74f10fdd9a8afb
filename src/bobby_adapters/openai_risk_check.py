"""The CrisisScreener port as a language-model risk check: one structured-output call that rates
the message's risk (none to imminent) and names its warning sign.

It reads what rules miss (hopelessness in new words, context, other languages), and it is slow
beside them (a model call), so it is meant to run alongside the step's own model call
(bobby_core.safety.alongside.screen_alongside) rather than before it. It fails closed only in
the sense that matters: an error raises ExternalServiceError and the other layers' verdict
stands. The prompt never asks the model to answer the user; only the rating comes back.

It runs at temperature 0 (the same message gets the same rating), through the same attempts as
the step's calls (openai_calls): the per-call budget, Bobby's retries, a tolerant reading, and
its tokens recorded with every other model call's, for they are billed the same."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bobby_adapters.openai_calls import OpenAIStructuredCalls
from bobby_adapters.structured_answer import shape_in_words
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult

Risk = Literal["none", "low", "moderate", "high", "imminent"]
RISK_ORDER: tuple[Risk, ...] = ("none", "low", "moderate", "high", "imminent")
Category = Literal["none", "wish_dead", "active_thoughts", "method", "intent", "plan", "preparation",
                   "attempt", "self_harm", "abuse", "harm_others"]

SYSTEM_PROMPT = """You screen one message sent to a well-being chat companion for crisis risk.
Rate only the writer's own situation. Use the C-SSRS warning signs: wish to be dead, active
suicidal thoughts, a method, intent, a plan (time, place, decision), preparatory behaviour
(goodbyes, giving things away, getting the means), a past or current attempt (an overdose
taken), self-harm of any kind, abuse or danger at home, or a wish or plan to harm others.
A wish to be dead is often said calmly and without any word about death: having no reason to
keep living or going on, not being around much longer, seeing no point in waking up tomorrow.
Rate these moderate (wish_dead) unless the same words are plainly about an everyday plan ("no
point waking up early tomorrow, the meeting is cancelled", "I won't be around much longer, my
shift ends at 5") or about someone else.
Idioms ("this deadline is killing me"), grief, ordinary stress, fiction, news and questions about
someone else are "none" unless the writer's own risk shows. The message may be in any language.
risk: none, low (distress without a warning sign), moderate (a warning sign), high (intent, a
plan, a method or an attempt), imminent (acting now or very soon). Answer only with the rating."""


class RiskAssessment(BaseModel):
    """The structured answer of the risk check."""

    model_config = ConfigDict(extra="forbid")
    risk: Risk = Field(description="How much risk the message shows for the writer or others.")
    category: Category = Field(description="The main warning sign, or none.")


ANSWER_SHAPE = shape_in_words(RiskAssessment)


class OpenAIRiskCheckScreener:
    name = "model-risk-check"

    def __init__(self, calls: OpenAIStructuredCalls, flag_at: Risk = "high",
                 check_in_at: Risk = "moderate") -> None:
        """`flag_at` and above get the crisis reply; `check_in_at` up to it, a gentle check-in
        before the turn's own reply (measured by `bobby eval --risk-check`: a weak model rates
        ordinary answers moderate, rarely high)."""
        self._calls, self._flag_at = calls, RISK_ORDER.index(flag_at)
        self._check_in_at = RISK_ORDER.index(check_in_at)

    @property
    def crisis_at(self) -> Risk:
        """The rating from which the crisis reply goes."""
        return RISK_ORDER[self._flag_at]

    async def screen(self, text: str) -> ScreeningResult:
        """The rating; ExternalServiceError (the other layers' verdict stands) if none came."""
        parsed, _ = await self._calls.ask(
            "risk-check", [{"role": "system", "content": f"{SYSTEM_PROMPT}\n\n{ANSWER_SHAPE}"},
                           {"role": "user", "content": text}],
            RiskAssessment, max_completion_tokens=100, temperature=0)
        assert isinstance(parsed, RiskAssessment)  # noqa: S101 - ask returns the schema given
        level = RISK_ORDER.index(parsed.risk)
        flagged = level >= self._flag_at
        check_in = not flagged and level >= self._check_in_at
        categories = ((parsed.category if parsed.category != "none" else "unspecified",)
                      if flagged or check_in else ())
        verdict = LayerVerdict(layer=self.name, flagged=flagged, categories=categories,
                               score=level / (len(RISK_ORDER) - 1))
        return ScreeningResult(flagged=flagged, categories=categories, screener=self.name,
                               verdicts=(verdict,), check_in=check_in)


def rating_of(result: ScreeningResult) -> Risk | None:
    """The risk check's rating behind a result it gave (None: not the risk check's)."""
    for verdict in result.verdicts:
        if verdict.layer == OpenAIRiskCheckScreener.name and verdict.score is not None:
            return RISK_ORDER[round(verdict.score * (len(RISK_ORDER) - 1))]
    return None
