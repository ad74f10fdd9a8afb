from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from injector import Injector
from pydantic import SecretStr

from bobby_core.ports import MediaStorage
from bobby_core.privacy.export_links import ExportLinks
from bobby_main.container import InMemoryModule, build_container
from bobby_main.kept_files import KEY_FILE, KeptLinkKey, served_address
from bobby_main.media import listening_url
from bobby_main.privacy_module import link_key
from bobby_main.settings import Settings


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_every_process_of_a_deployment_signs_with_the_same_key() -> None:
    assert link_key(settings(link_signing_key="k" * 32)) == b"k" * 32
    derived = link_key(settings(data_encryption_key=SecretStr("new,old")))
    assert derived == link_key(settings(data_encryption_key=SecretStr("new")))
    assert derived not in (b"new", b"new,old")  # one-way: the data key is not handed out
    assert link_key(settings(twilio_auth_token="t" * 32)) == link_key(
        settings(twilio_auth_token="t" * 32))


def test_without_any_secret_a_key_is_made_once_and_kept_with_the_data(tmp_path: Path) -> None:
    media = tmp_path / "media"
    kept = link_key(settings(media_dir=str(media)))
    assert isinstance(kept, KeptLinkKey)
    assert not (media / KEY_FILE).exists()  # made when first needed, not at start-up
    key = kept.key()
    assert (media / KEY_FILE).stat().st_mode & 0o777 == 0o600
    again = link_key(settings(media_dir=str(media)))
    assert isinstance(again, KeptLinkKey)
    assert again.key() == key
    elsewhere = link_key(settings(media_dir=str(tmp_path / "other")))
    assert isinstance(elsewhere, KeptLinkKey)
    assert elsewhere.key() != key


def _container(media: Path) -> Injector:
    return build_container(settings(media_dir=str(media), database_url="sqlite://"),
                           InMemoryModule())


def test_a_link_one_process_signs_opens_in_another_built_from_the_same_settings(
        tmp_path: Path) -> None:
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    signer = _container(tmp_path).get(ExportLinks)
    checker = _container(tmp_path).get(ExportLinks)
    url = signer.url_for("user-1", "nonce-1", now)
    assert checker.verify(url.rsplit("/", 1)[-1], now).user_id == "user-1"


def test_links_of_another_process_point_where_bobby_serve_listens(tmp_path: Path) -> None:
    served = settings(media_dir=str(tmp_path), port=9123)
    served_address(served, listening_url(served)).record(listening_url(served))
    chat = _container(tmp_path)  # the default port (8000), as `bobby chat` runs
    url = chat.get(ExportLinks).url_for("user-1", "nonce-1", datetime(2026, 12, 6, tzinfo=UTC))
    assert url.startswith("http://127.0.0.1:9123/exports/")
    assert chat.get(MediaStorage).base_url == "http://127.0.0.1:9123"  # type: ignore[attr-defined]


def test_processes_making_the_key_at_once_agree_on_one_and_leave_no_draft(tmp_path: Path) -> None:
    path = tmp_path / "media" / KEY_FILE
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: KeptLinkKey(path).key(), range(32)))
    assert keys == {path.read_text(encoding="ascii").strip().encode()}
    assert [p.name for p in path.parent.iterdir()] == [KEY_FILE]
    assert path.stat().st_mode & 0o777 == 0o600
