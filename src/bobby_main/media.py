"""Media wiring: charts drawn by matplotlib, stored as local files served at /media/{name},
or in a Google Cloud Storage bucket (MEDIA_BUCKET) behind signed URLs."""

from __future__ import annotations

from pathlib import Path

from google.cloud import storage
from injector import Module, provider, singleton

from bobby_adapters.gcs_storage import GcsMediaStorage
from bobby_adapters.local_storage import LocalMediaStorage
from bobby_adapters.matplotlib_charts import MatplotlibChartRenderer
from bobby_core.flows.burnout.scoring import AT_RISK_FROM, HIGH_RISK_FROM
from bobby_core.ports import ChartRenderer, MediaStorage
from bobby_http.routes.media import MediaConfig
from bobby_main.settings import Settings

DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"


class MediaModule(Module):
    @singleton
    @provider
    def media_config(self, s: Settings) -> MediaConfig:
        return MediaConfig(directory=Path(s.media_dir))

    @singleton
    @provider
    def storage(self, s: Settings, config: MediaConfig) -> MediaStorage:
        if s.media_bucket:
            # Credentials and project come from the environment (Application Default
            # Credentials: GOOGLE_APPLICATION_CREDENTIALS, or the metadata server).
            return GcsMediaStorage(storage.Client(), s.media_bucket)
        return LocalMediaStorage(config.directory, s.public_base_url or DEFAULT_PUBLIC_BASE_URL)

    @singleton
    @provider
    def charts(self) -> ChartRenderer:
        return MatplotlibChartRenderer(at_risk_from=AT_RISK_FROM, high_risk_from=HIGH_RISK_FROM)
