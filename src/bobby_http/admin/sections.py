"""What each admin section shows: the numbers (for the JSON API) and the same as tables (for
the pages). Read through the OperatorStats port; nothing here writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from html import escape
from typing import Any

from bobby_core.ports.stats import ModelPrices, OperatorStats
from bobby_core.subscriptions.access import Access
from bobby_core.subscriptions.paywall import Paywall
from bobby_http.admin.charts import line_chart

LIMIT = 200
FEEL_MAX = 5  # the feel-after questions ask for 1 to 5

TITLES = {"users": "Users", "funnels": "Exercise funnels", "feel-after": "Feel-after scores",
          "feedback": "Feedback", "safety": "Safety events", "deliveries": "Delivery failures",
          "usage": "Model use and cost", "guard": "Reply guard", "erasures": "Erasures"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    title: str
    tables: list[Table] = field(default_factory=list)
    chart: str | None = None
    """Inline SVG, built from escaped text only."""


async def section_data(name: str, stats: OperatorStats, prices: ModelPrices,
                       paywall: Paywall) -> dict[str, Any]:
    """The JSON of one section."""
    if name == "users":
        now = datetime.now(UTC)
        return {"paywall": paywall.on, "users": [
            {**asdict(u), "access": _access(paywall.access(u.subscriptions, now), paywall.on)}
            for u in await stats.users(LIMIT)]}
    if name == "funnels":
        return {"funnels": [asdict(f) for f in await stats.funnels()]}
    if name == "feel-after":
        return {"points": [asdict(p) for p in await stats.feel_after()]}
    if name == "feedback":
        return {"feedback": [asdict(f) for f in await stats.feedback(LIMIT)]}
    if name == "safety":
        events = await stats.safety_events(LIMIT)
        counts = Counter(c for e in events for c in e.categories)
        return {"by_category": dict(counts.most_common()), "events": [asdict(e) for e in events]}
    if name == "deliveries":
        return {"failures": [asdict(f) for f in await stats.delivery_failures()]}
    if name == "guard":
        return await guard_data(stats)
    if name == "erasures":
        return {"erasures": [{"requested_at": e.requested_at, "source": e.source,
                              "media_removed": e.media_removed, "completed_at": e.completed_at,
                              "files_pending": len(e.pending_media)}
                             for e in await stats.erasures(LIMIT)]}
    return await _usage_data(stats, prices)


async def _usage_data(stats: OperatorStats, prices: ModelPrices) -> dict[str, Any]:
    """Per exercise, the answers that made its turns; in all, every attempt that reached the
    model (answers thrown away, retries and risk checks too): the cost figure is the latter."""
    lines = await stats.usage()
    calls = [{**asdict(c), "estimated_cost_usd": round(
        prices.cost(c.prompt_tokens, c.completion_tokens), 4)} for c in await stats.model_calls()]
    return {"usage": [{**asdict(u), "estimated_cost_usd": round(
        prices.cost(u.prompt_tokens, u.completion_tokens), 4)} for u in lines],
            "calls": calls,
            "total_cost_usd": round(sum(prices.cost(c["prompt_tokens"], c["completion_tokens"])
                                        for c in calls), 6),
            "attempts": sum(c["attempts"] for c in calls),
            "estimated_attempts": sum(c["estimated"] for c in calls),
            "prices_usd_per_million": asdict(prices)}


async def guard_data(stats: OperatorStats) -> dict[str, Any]:
    """The reply guard's decisions: a count per kind (the overview) and per step."""
    counts = await stats.guard_counts()
    by_kind: Counter[str] = Counter()
    for c in counts:
        by_kind[c.kind] += c.count
    return {"by_kind": dict(by_kind.most_common()), "by_step": [asdict(c) for c in counts]}


def _access(given: Access, paywall_on: bool) -> dict[str, Any]:
    """Whether the user may start exercises now, and until when (None: open-ended)."""
    return {"allowed": given.allowed or not paywall_on, "paid": given.allowed,
            "trial": given.trial, "until": given.until,
            "status": given.status.value if given.status else None}


def page_of(name: str, data: dict[str, Any]) -> Page:
    """The section as tables (and a chart), from its JSON."""
    build = _PAGES[name]
    return build(data)


def _users(data: dict[str, Any]) -> Page:
    rows = [(u["user_id"], u["phone_hint"], _when(u["created_at"]), u["consent"],
             "yes" if u["opted_out"] else "no", _when(u["last_message_at"]),
             _access_text(u["access"]), u["access"]["status"] or "none")
            for u in data["users"]]
    paywall = "on" if data["paywall"] else "off: everyone may start exercises"
    return Page(title=TITLES["users"], tables=[Table(
        caption=f"The newest {LIMIT} users and their access (the paywall is {paywall})",
        rows=rows, columns=("User", "Phone", "Since", "Consent", "Opted out", "Last message",
                            "Access", "Subscription"))])


def _access_text(given: dict[str, Any]) -> str:
    if not given["paid"]:
        return "free" if given["allowed"] else "none"
    kind = "trial" if given["trial"] else "paid"
    return f"{kind} until {_when(given['until'])}" if given["until"] else kind


def _funnels(data: dict[str, Any]) -> Page:
    rows = [(f["flow_id"], f["flow_version"], f["started"], f["finished"], f["abandoned"],
             f["in_progress"], _percent(f["finished"], f["started"]),
             ", ".join(f"{step}: {n}" for step, n in f["abandoned_at"].items()) or "-")
            for f in data["funnels"]]
    return Page(title=TITLES["funnels"], tables=[Table(
        caption="Per exercise and version", rows=rows,
        columns=("Exercise", "Version", "Started", "Finished", "Abandoned", "In progress",
                 "Finished %", "Abandoned at step"))])


def _feel(data: dict[str, Any]) -> Page:
    series: dict[str, list[tuple[date, float]]] = {}
    for p in data["points"]:
        series.setdefault(p["flow_id"], []).append((p["day"], p["average"]))
    rows = [(p["flow_id"], p["day"].isoformat(), p["average"], p["answers"])
            for p in data["points"]]
    # One chart per exercise, as the README says: lines of several exercises on one chart
    # cross and hide each other.
    charts = "".join(
        f"<h3>{escape(flow_id)}</h3>"
        + line_chart({flow_id: points}, y_max=FEEL_MAX, label=f"feel-after scores: {flow_id}")
        for flow_id, points in sorted(series.items()))
    return Page(title=TITLES["feel-after"],
                chart=charts or line_chart({}, y_max=FEEL_MAX, label="feel-after scores"),
                tables=[Table(caption="Average feel-after score (1-5) by exercise and day",
                              columns=("Exercise", "Day", "Average", "Answers"), rows=rows)])


def _feedback(data: dict[str, Any]) -> Page:
    rows = [(_when(f["created_at"]), f["kind"], f["flow_id"] or "-", f["text"])
            for f in data["feedback"]]
    return Page(title=TITLES["feedback"], tables=[Table(
        caption='Feedback after exercises and "why not buy" answers, newest first',
        columns=("When", "Kind", "Exercise", "Text"), rows=rows)])


def _safety(data: dict[str, Any]) -> Page:
    counts = [(c, n) for c, n in data["by_category"].items()]
    rows = [(_when(e["created_at"]), ", ".join(e["categories"]) or "-", e["screener"],
             e["flow_id"] or "-") for e in data["events"]]
    return Page(title=TITLES["safety"], tables=[
        Table(caption="By category", columns=("Category", "Events"), rows=counts),
        Table(caption="Newest first (what was written is never shown)",
              columns=("When", "Categories", "Screener", "Exercise"), rows=rows)])


def _guard(data: dict[str, Any]) -> Page:
    rows = [(c["flow_id"], c["step_id"], c["kind"], c["action"], c["count"])
            for c in data["by_step"]]
    return Page(title=TITLES["guard"], tables=[
        Table(caption="Model replies not sent as written, by kind",
              columns=("Kind", "Replies"), rows=list(data["by_kind"].items())),
        Table(caption="By exercise and step (what the model wrote is never stored)",
              columns=("Exercise", "Step", "Kind", "What Bobby did", "Replies"), rows=rows)])


def _deliveries(data: dict[str, Any]) -> Page:
    rows = [(f["error_code"], f["status"], f["count"], _when(f["last_at"]))
            for f in data["failures"]]
    return Page(title=TITLES["deliveries"], tables=[Table(
        caption="Replies Twilio refused or could not deliver, by error code",
        columns=("Twilio error", "Status", "Replies", "Last"), rows=rows)])


def _usage(data: dict[str, Any]) -> Page:
    prices = data["prices_usd_per_million"]
    calls = [(c["kind"], c["outcome"], c["attempts"], c["estimated"], c["prompt_tokens"],
              c["completion_tokens"], f"${c['estimated_cost_usd']:.4f}") for c in data["calls"]]
    rows = [(u["flow_id"], u["turns"], u["prompt_tokens"], u["completion_tokens"],
             f"${u['estimated_cost_usd']:.4f}") for u in data["usage"]]
    return Page(title=TITLES["usage"], tables=[Table(
        caption=(f"Every request that reached the model: ${data['total_cost_usd']:.4f} in all, "
                 f"at ${prices['input_per_million']} (input) and ${prices['output_per_million']} "
                 f"(output) per million tokens; {data['estimated_attempts']} of "
                 f"{data['attempts']} attempts estimated (cut or failed: no usage reported)"),
        columns=("Call", "Outcome", "Attempts", "Estimated", "Prompt tokens",
                 "Completion tokens", "Estimated cost"),
        rows=calls), Table(
        caption="Tokens per exercise (the answers its turns used)",
        columns=("Exercise", "Turns", "Prompt tokens", "Completion tokens", "Estimated cost"),
        rows=rows)])


def _erasures(data: dict[str, Any]) -> Page:
    rows = [(_when(e["requested_at"]), e["source"], e["media_removed"],
             _when(e["completed_at"]) if e["completed_at"] else "files still to remove")
            for e in data["erasures"]]
    return Page(title=TITLES["erasures"], tables=[Table(
        caption="Users who had their data deleted (the records name nobody)",
        columns=("When", "Asked through", "Files removed", "Completed"), rows=rows)])


_PAGES = {"users": _users, "funnels": _funnels, "feel-after": _feel, "feedback": _feedback,
          "safety": _safety, "deliveries": _deliveries, "usage": _usage, "guard": _guard,
          "erasures": _erasures}


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"
