"""Metrics wiring: one PrometheusMetrics per container, read by /metrics (HttpMetrics), and
the read-only numbers of the admin pages."""

from __future__ import annotations

from injector import Module, provider, singleton

from bobby_adapters.disabled import EmptyOperatorStats
from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_adapters.sqlalchemy.stats import SqlAlchemyOperatorStats, queue_depth
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.ports.stats import OperatorStats
from bobby_http.metrics import HttpMetrics
from bobby_main.settings import Settings


class MetricsModule(Module):
    @singleton
    @provider
    def metrics(self, uow: UnitOfWorkFactory) -> PrometheusMetrics:
        if isinstance(uow, SqlAlchemyUnitOfWorkFactory):
            engine = uow.engine
            return PrometheusMetrics(depth=lambda: queue_depth(engine))
        return PrometheusMetrics()  # memory storage: no queue to measure

    @singleton
    @provider
    def operator_stats(self, uow: UnitOfWorkFactory) -> OperatorStats:
        if isinstance(uow, SqlAlchemyUnitOfWorkFactory):
            return SqlAlchemyOperatorStats(uow.engine)
        return EmptyOperatorStats()

    @singleton
    @provider
    def http_metrics(self, metrics: PrometheusMetrics) -> HttpMetrics:
        return metrics


def metrics_tokens(settings: Settings) -> tuple[str, ...]:
    """Who may scrape: METRICS_TOKEN and ADMIN_TOKEN, whichever are set."""
    return tuple(t.get_secret_value() for t in (settings.metrics_token, settings.admin_token)
                 if t is not None)
