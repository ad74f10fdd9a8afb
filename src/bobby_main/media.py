"""Media wiring: charts drawn by matplotlib, stored as local files served at /media/{name},
or in a Google Cloud Storage bucket (MEDIA_BUCKET) behind signed URLs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from google.cloud import storage
from injector import Module, provider, singleton

from bobby_adapters.gcs_storage import GcsMediaStorage
from bobby_adapters.local_storage import LocalMediaStorage
from bobby_adapters.matplotlib_charts import MatplotlibChartRenderer
from bobby_core.ports import ChartRenderer, Clock, MediaStorage
from bobby_core.use_cases.expire_media import ExpireMedia
from bobby_http.origin import RequestOrigin
from bobby_http.routes.media import MediaConfig
from bobby_main.settings import Settings


def listening_url(s: Settings) -> str:
    """Where this server listens, as a link a browser on this machine can open."""
    host = "127.0.0.1" if s.host in {"0.0.0.0", "::", ""} else s.host  # noqa: S104 - a check
    return f"http://{f'[{host}]' if ':' in host else host}:{s.port}"


class MediaModule(Module):
    @singleton
    @provider
    def media_config(self, s: Settings) -> MediaConfig:
        return MediaConfig(directory=Path(s.media_dir))

    @singleton
    @provider
    def request_origin(self, s: Settings) -> RequestOrigin:
        # Learned from each request (see bobby_http.origin); before the first one, links point
        # where the server listens. Unused when PUBLIC_BASE_URL is set.
        return RequestOrigin(listening_url(s))

    @singleton
    @provider
    def storage(self, s: Settings, config: MediaConfig, origin: RequestOrigin) -> MediaStorage:
        if s.media_bucket:
            # Credentials and project come from the environment (Application Default
            # Credentials: GOOGLE_APPLICATION_CREDENTIALS, or the metadata server).
            return GcsMediaStorage(storage.Client(), s.media_bucket)
        return LocalMediaStorage(config.directory, s.public_base_url or origin)

    @singleton
    @provider
    def expire_media(self, s: Settings, storage: MediaStorage, clock: Clock) -> ExpireMedia:
        return ExpireMedia(storage, clock, timedelta(days=s.media_keep_days))

    @singleton
    @provider
    def charts(self) -> ChartRenderer:
        return MatplotlibChartRenderer()
