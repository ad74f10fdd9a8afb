"""Media wiring: charts drawn by matplotlib, stored as local files served at /media/{name},
or in a Google Cloud Storage bucket (MEDIA_BUCKET) behind signed URLs.

The bucket's client is the `gcs` extra: it is imported only when MEDIA_BUCKET is set, and
start-up without it says which extra to install (bobby_main.startup)."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

from injector import Module, provider, singleton

from bobby_adapters.local_storage import LocalMediaStorage
from bobby_core.ports import ChartRenderer, Clock, MediaStorage
from bobby_core.use_cases.expire_media import ExpireMedia
from bobby_http.config import StartupError
from bobby_http.origin import RequestOrigin
from bobby_http.routes.media import MediaConfig
from bobby_main.kept_files import served_address
from bobby_main.settings import Settings

GCS_EXTRA_MISSING = ("MEDIA_BUCKET needs the gcs extra (google-cloud-storage), which is not "
                     "installed: pip install 'bobby[gcs]' (in a checkout: pip install -e '.[gcs]')")


def bucket_problem(s: Settings) -> str | None:
    """Why MEDIA_BUCKET cannot be used here, or None (unset, or the gcs extra is installed)."""
    if not s.media_bucket:
        return None
    try:
        found = importlib.util.find_spec("google.cloud.storage") is not None
    except ModuleNotFoundError:  # not even the `google` namespace
        found = False
    return None if found else GCS_EXTRA_MISSING


def _bucket_storage(bucket: str) -> MediaStorage:
    from google.cloud import storage

    from bobby_adapters.gcs_storage import GcsMediaStorage

    # Credentials and project come from the environment (Application Default Credentials:
    # GOOGLE_APPLICATION_CREDENTIALS, or the metadata server).
    return GcsMediaStorage(storage.Client(), bucket)


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
        # where `bobby serve` said it listens (so `bobby chat`'s and a worker's links open on
        # it, whatever its port), else where this process would. Unused with PUBLIC_BASE_URL.
        return RequestOrigin(served_address(s, listening_url(s)))

    @singleton
    @provider
    def storage(self, s: Settings, config: MediaConfig, origin: RequestOrigin) -> MediaStorage:
        if s.media_bucket:
            if problem := bucket_problem(s):
                raise StartupError(problem)
            return _bucket_storage(s.media_bucket)
        return LocalMediaStorage(config.directory, s.public_base_url or origin)

    @singleton
    @provider
    def expire_media(self, s: Settings, storage: MediaStorage, clock: Clock) -> ExpireMedia:
        return ExpireMedia(storage, clock, timedelta(days=s.media_keep_days))

    @singleton
    @provider
    def charts(self) -> ChartRenderer:
        from bobby_adapters.matplotlib_charts import MatplotlibChartRenderer

        return MatplotlibChartRenderer()
