import pytest

from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.url import DatabaseUrlError, async_database_url


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u:p@db.example.com:5432/bobby", "postgresql+psycopg://u:***@db.example.com:5432/bobby"),
    ("postgresql://u:p@db.example.com/bobby?sslmode=require",
     "postgresql+psycopg://u:***@db.example.com/bobby?sslmode=require"),
    ("postgresql+psycopg://u@localhost/bobby", "postgresql+psycopg://u@localhost/bobby"),
    ("sqlite:///./bobby.db", "sqlite+aiosqlite:///./bobby.db"),
    ("sqlite:////var/lib/bobby/bobby.db", "sqlite+aiosqlite:////var/lib/bobby/bobby.db"),
])
def test_operator_urls_map_to_async_drivers(given: str, expected: str) -> None:
    url = async_database_url(given)
    assert str(url) == expected
    if "u:p@" in given:
        assert url.password == "p"


@pytest.mark.parametrize("given", ["mysql://u:secret@h/db", "postgresql+psycopg2://u@h/db",
                                   "u:secret@host/db", ""])
def test_other_urls_are_refused_without_echoing_secrets(given: str) -> None:
    with pytest.raises(DatabaseUrlError) as caught:
        async_database_url(given)
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize("given", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_sqlite_database_is_refused_with_a_pointer_to_memory_mode(given: str) -> None:
    with pytest.raises(DatabaseUrlError, match="--memory"):
        create_engine(given)
