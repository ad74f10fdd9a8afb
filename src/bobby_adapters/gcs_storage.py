"""Generated files (charts) in a Google Cloud Storage bucket (MEDIA_BUCKET), shared by every
process, each handed out as a V4 signed URL that expires.

The bucket stays private: only a signed URL reads an object, and only until it expires.
Twilio fetches a reply's image when it sends it (WhatsApp keeps its own copy), so a day is
plenty; an outbox retry that comes later than that sends a dead link, which is why the expiry
is a constructor argument.

Signing needs a key: a service account key file (GOOGLE_APPLICATION_CREDENTIALS), or, on
Google Cloud with metadata credentials, the IAM signBlob API (the service account needs
roles/iam.serviceAccountTokenCreator on itself)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from google.api_core import exceptions as google_errors
from google.auth import exceptions as auth_errors
from google.auth.credentials import Signing
from google.auth.transport.requests import Request
from google.cloud import storage
from google.cloud.storage.retry import DEFAULT_RETRY
from requests.exceptions import RequestException

from bobby_adapters.local_storage import file_name, stored_name
from bobby_core.errors import ExternalServiceError

DEFAULT_EXPIRY = timedelta(hours=24)
DEFAULT_DEADLINE_SECONDS = 10.0
PREFIX = "charts/"
_FAILURES = (google_errors.GoogleAPIError, google_errors.RetryError, auth_errors.GoogleAuthError,
             RequestException)


class GcsMediaStorage:
    def __init__(self, client: storage.Client, bucket: str, *, expiry: timedelta = DEFAULT_EXPIRY,
                 signing_credentials: Any = None, api_access_endpoint: str | None = None,
                 deadline_seconds: float = DEFAULT_DEADLINE_SECONDS) -> None:
        self._bucket = client.bucket(bucket)
        self._client = client
        self._expiry = expiry
        self._signer = signing_credentials
        self._endpoint = api_access_endpoint
        # The SDK retries for two minutes by default; a chart is drawn inside a turn.
        self._retry = DEFAULT_RETRY.with_timeout(deadline_seconds)
        self._timeout = deadline_seconds

    async def put(self, content: bytes, content_type: str, suffix: str, key: str) -> str:
        name = PREFIX + file_name(key, suffix)
        try:
            return await asyncio.to_thread(self._upload_and_sign, name, content, content_type)
        except _FAILURES as exc:
            raise ExternalServiceError("storage", type(exc).__name__) from exc

    async def remove(self, url: str) -> bool:
        name = stored_name(url, PREFIX)
        if name is None:
            return False
        try:
            return await asyncio.to_thread(self._delete, PREFIX + name)
        except _FAILURES as exc:
            raise ExternalServiceError("storage", type(exc).__name__) from exc

    def _delete(self, name: str) -> bool:
        try:
            self._bucket.blob(name).delete(retry=self._retry, timeout=self._timeout)
        except google_errors.NotFound:
            return False
        return True

    async def remove_older_than(self, cutoff: datetime) -> int:
        try:
            return await asyncio.to_thread(self._delete_older, cutoff)
        except _FAILURES as exc:
            raise ExternalServiceError("storage", type(exc).__name__) from exc

    def _delete_older(self, cutoff: datetime) -> int:
        # A bucket lifecycle rule (age) does the same without us; this keeps MEDIA_KEEP_DAYS
        # true whether or not one is set.
        old = [b.name for b in self._client.list_blobs(self._bucket, prefix=PREFIX,
                                                       retry=self._retry, timeout=self._timeout)
               if b.time_created is not None and b.time_created < cutoff]
        return sum(self._delete(name) for name in old)

    def _upload_and_sign(self, name: str, content: bytes, content_type: str) -> str:
        blob = self._bucket.blob(name)
        # if_generation_match=0: create only, which also makes the SDK's retries safe.
        blob.upload_from_string(content, content_type=content_type, if_generation_match=0,
                                retry=self._retry, timeout=self._timeout)
        options: dict[str, Any] = {"version": "v4", "expiration": self._expiry, "method": "GET"}
        if self._endpoint is not None:
            options["api_access_endpoint"] = self._endpoint
        credentials = self._signer or self._client._credentials
        if isinstance(credentials, Signing):
            options["credentials"] = credentials
        else:
            # Metadata-server credentials cannot sign locally: sign through IAM instead.
            credentials.refresh(Request())
            options["service_account_email"] = credentials.service_account_email
            options["access_token"] = credentials.token
        return str(blob.generate_signed_url(**options))
