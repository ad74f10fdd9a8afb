"""Charts in a Google Cloud Storage bucket: the real SDK against gcp-storage-emulator on
loopback; each chart is a private object behind a V4 signed URL that expires."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from gcp_storage_emulator.server import create_server
from google.api_core.client_options import ClientOptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage
from google.oauth2 import service_account

from bobby_adapters.gcs_storage import GcsMediaStorage
from bobby_core.errors import ExternalServiceError
from bobby_core.ports import MediaStorage
from bobby_main.container import build_container
from tests.integration.http_support import settings

pytestmark = pytest.mark.integration

BUCKET = "bobby-media"
PNG = b"\x89PNG\r\n\x1a\n a chart"


@pytest.fixture
def emulator() -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = create_server("127.0.0.1", port, in_memory=True, default_bucket=BUCKET)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _signer(key: rsa.RSAPrivateKey) -> Any:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return service_account.Credentials.from_service_account_info({  # type: ignore[no-untyped-call]
        "type": "service_account", "client_email": "bobby@test.iam.gserviceaccount.com",
        "private_key": pem, "private_key_id": "k1", "project_id": "test",
        "token_uri": "https://oauth2.googleapis.com/token"})


def _client(endpoint: str) -> storage.Client:
    anonymous = AnonymousCredentials()  # type: ignore[no-untyped-call]
    return storage.Client(project="test", credentials=anonymous,
                          client_options=ClientOptions(api_endpoint=endpoint))


def _signature_holds(url: str, key: rsa.RSAPrivateKey) -> bool:
    """Recompute the V4 string-to-sign and verify the signature with the public key."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    signature = bytes.fromhex(query.pop("X-Goog-Signature"))
    canonical_query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}"
                               for k, v in sorted(query.items()))
    canonical = "\n".join(["GET", parts.path, canonical_query, f"host:{parts.netloc}", "",
                           "host", "UNSIGNED-PAYLOAD"])
    scope = query["X-Goog-Credential"].split("/", 1)[1]
    to_sign = "\n".join(["GOOG4-RSA-SHA256", query["X-Goog-Date"], scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    try:
        key.public_key().verify(signature, to_sign.encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


async def test_a_chart_is_stored_privately_and_read_through_a_signed_url_that_expires(
        emulator: str, key: rsa.RSAPrivateKey) -> None:
    client = _client(emulator)
    store = GcsMediaStorage(client, BUCKET, expiry=timedelta(hours=2),
                            signing_credentials=_signer(key), api_access_endpoint=emulator)
    first = await store.put(PNG, "image/png", ".png", "chartkey-0001-abcdef")
    second = await store.put(PNG, "image/png", ".png", "chartkey-0002-abcdef")
    assert first.split("?")[0] != second.split("?")[0]  # each under its own key
    again = await store.put(PNG, "image/png", ".png", "chartkey-0001-abcdef")
    assert again.split("?")[0] == first.split("?")[0]  # the same key: the same object
    query = dict(parse_qsl(urlsplit(first).query))
    assert query["X-Goog-Expires"] == "7200"
    assert query["X-Goog-Algorithm"] == "GOOG4-RSA-SHA256"
    assert _signature_holds(first, key)
    assert not _signature_holds(first.replace("charts%2F", "charts%2Fx") if "charts%2F" in first
                                else first.replace("/charts/", "/charts/x"), key)
    async with httpx.AsyncClient(timeout=10) as http:
        fetched = await http.get(first)
    assert fetched.status_code == 200
    assert fetched.content == PNG
    [blob] = [b for b in client.list_blobs(BUCKET) if first.split("?")[0].endswith(b.name)]
    assert blob.name.startswith("charts/")
    assert blob.content_type == "image/png"
    with pytest.raises(ValueError, match="suffix"):
        await store.put(PNG, "image/png", "/../x", "chartkey-0001-abcdef")


async def test_an_erased_users_chart_is_deleted_from_the_bucket(
        emulator: str, key: rsa.RSAPrivateKey) -> None:
    client = _client(emulator)
    store = GcsMediaStorage(client, BUCKET, signing_credentials=_signer(key),
                            api_access_endpoint=emulator)
    kept = await store.put(PNG, "image/png", ".png", "chartkey-0001-abcdef")
    erased = await store.put(PNG, "image/png", ".png", "chartkey-0002-abcdef")
    assert await store.remove(erased)
    assert not await store.remove(erased)  # gone already
    assert not await store.remove("https://elsewhere.example/charts/../../secret")
    names = [b.name for b in client.list_blobs(BUCKET)]
    assert any(kept.split("?")[0].endswith(n) for n in names)
    assert not any(erased.split("?")[0].endswith(n) for n in names)
    assert await store.remove_older_than(datetime.now(UTC) - timedelta(days=1)) == 0
    assert await store.remove_older_than(datetime.now(UTC) + timedelta(minutes=5)) == 1
    assert list(client.list_blobs(BUCKET, prefix="charts/")) == []


async def test_an_unreachable_bucket_is_an_external_service_error(key: rsa.RSAPrivateKey) -> None:
    store = GcsMediaStorage(_client("http://127.0.0.1:1"), BUCKET, signing_credentials=_signer(key),
                            deadline_seconds=1.0)
    with pytest.raises(ExternalServiceError):
        await store.put(PNG, "image/png", ".png", "chartkey-0001-abcdef")


def test_media_bucket_switches_the_storage(monkeypatch: pytest.MonkeyPatch, emulator: str) -> None:
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", emulator)  # the SDK's own switch: no credentials
    container = build_container(settings(media_bucket=BUCKET))
    assert isinstance(container.get(MediaStorage), GcsMediaStorage)
