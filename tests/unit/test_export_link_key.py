from pydantic import SecretStr

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


def test_without_any_secret_each_process_has_its_own_key() -> None:
    assert link_key(settings()) != link_key(settings())
