"""What `bobby eval` reads from the metrics after each turn, as a difference: the same counters
/metrics shows, so the evaluation and production count alike.

The guard on model replies (issue 27, branch guard27) counts in GUARD_METRIC each reply it held
back (regenerated, replaced by the step's fallback, or a loop's early "done" overridden), with
kind, action, flow and step as labels: each is a hit. Until the guard lands the counter does
not exist and the hits read 0."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_adapters.prometheus_metrics import PrometheusMetrics

GUARD_METRIC = "bobby_reply_guard"


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    guard_hits: int = 0
    model_unavailable: int = 0
    """Turns given up with the kind "I need a moment" reply (the model failed or was slow)."""
    model_errors: int = 0
    """Model calls that raised (a turn may retry or fall back, so not every one is seen)."""

    def __sub__(self, other: Counts) -> Counts:
        return Counts(guard_hits=self.guard_hits - other.guard_hits,
                      model_unavailable=self.model_unavailable - other.model_unavailable,
                      model_errors=self.model_errors - other.model_errors)


_READ = ("bobby_turns_total", "bobby_model_errors_total", f"{GUARD_METRIC}_total")


def read_counts(metrics: PrometheusMetrics) -> Counts:
    guard = unavailable = errors = 0.0
    for family in metrics.registry.restricted_registry(_READ).collect():
        for sample in family.samples:
            if not sample.name.endswith("_total"):
                continue
            if family.name == GUARD_METRIC:
                guard += sample.value
            elif family.name == "bobby_turns" and sample.labels.get("outcome") == \
                    "model_unavailable":
                unavailable += sample.value
            elif family.name == "bobby_model_errors":
                errors += sample.value
    return Counts(guard_hits=int(guard), model_unavailable=int(unavailable),
                  model_errors=int(errors))
