"""DATA_ENCRYPTION_KEY: what users wrote is ciphertext in every raw column, on SQLite and
PostgreSQL; old keys read, `bobby keys rotate` moves everything (plain rows too) to the newest."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bobby_adapters.sqlalchemy.encryption import FieldCipher, UnreadableValueError, attach_cipher
from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.rotate import encrypted_tables
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.model import (
    ChatTurn,
    ConversationState,
    Direction,
    ExerciseResult,
    Feedback,
    Frame,
    ResultId,
    ResultStatus,
    Role,
)
from bobby_core.subscriptions.access import Access
from bobby_core.subscriptions.mailing import wanted_subscription
from bobby_main.cli import main
from tests.contract.objects import T0, make_message, make_user, next_id, stored_user

pytestmark = pytest.mark.integration

SECRET = "I have felt hopeless since my sister left"
KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@asynccontextmanager
async def _factory(url: str, keys: str | None) -> AsyncIterator[SqlAlchemyUnitOfWorkFactory]:
    engine = create_engine(url)
    attach_cipher(engine, FieldCipher(keys) if keys else None)
    factory = SqlAlchemyUnitOfWorkFactory(engine)
    try:
        yield factory
    finally:
        await factory.dispose()


async def _write_everything(url: str, keys: str | None, phone: str) -> dict[str, Any]:
    """One of each thing a user writes, through the repositories."""
    async with _factory(url, keys) as uow:
        user = replace(make_user(phone), profile_name=f"{SECRET} (profile)")
        email = f"hopeless.{phone[-3:]}@example.com"
        inbound = replace(make_message(user, provider_id=next_id("SM")), body=SECRET)
        outbound = replace(make_message(user, direction=Direction.OUTBOUND),
                           body=f"You said: {SECRET}")
        state = replace(ConversationState(user_id=user.id),
                        stack=(Frame(flow_id="reflect", version=1, step_id="socratic"),),
                        variables={"event": SECRET, "score": 3},
                        llm_history=(ChatTurn(role=Role.USER, content=SECRET),))
        result = ExerciseResult(id=ResultId(next_id("res")), user_id=user.id, flow_id="reflect",
                                flow_version=1, status=ResultStatus.FINISHED, started_at=T0,
                                ended_at=T0, fields={"belief": SECRET}, feel_after=4)
        notes = [Feedback(id=next_id("fb"), user_id=user.id, created_at=T0, kind=kind,
                          text=SECRET) for kind in ("feedback", "why_not_buy")]
        async with uow() as work:
            await work.users.add(user)
            await work.mailing.want(wanted_subscription(email, user.id, Access(allowed=True)))
            await work.inbox.add([inbound])
            await work.outbox.add([outbound])
            await work.conversations.save(state)
            await work.results.add(result)
            for note in notes:
                await work.feedback.add(note)
            await work.commit()
        return {"user": user, "inbound": inbound, "outbound": outbound, "result": result,
                "notes": notes, "email": email}


async def _read_everything(url: str, keys: str | None, written: dict[str, Any]) -> None:
    user = written["user"]
    async with _factory(url, keys) as uow, uow() as work:
        assert await work.users.get(user.id) == user  # the profile name too
        assert [e.email for e in await work.mailing.for_user(user.id)] == [written["email"]]
        assert [m.body for m in await work.transcript.list_for_user(user.id)] == [
            SECRET, f"You said: {SECRET}"]
        state = await work.conversations.get(user.id)
        assert state is not None
        assert state.variables == {"event": SECRET, "score": 3}
        assert state.llm_history == (ChatTurn(role=Role.USER, content=SECRET),)
        assert await work.results.list_for_flows(user.id, {"reflect"}) == [written["result"]]
        feedback = (await work.personal_data.rows_about(user.id))["feedback"]
        assert [(f["id"], f["text"]) for f in feedback] == [(n.id, n.text) for n in written["notes"]]


async def _raw_values(url: str) -> list[str]:
    """Every encrypted column of every row, as the database holds it."""
    engine = create_engine(url)  # no cipher: nothing is decrypted
    values: list[str] = []
    try:
        async with engine.connect() as conn:
            for target in encrypted_tables():
                names = ", ".join(c.name for c in target.columns)
                rows = await conn.execute(text(f"SELECT {names} FROM {target.table.name}"))  # noqa: S608
                # NULL stays NULL (a nullable column, such as a paused exercise's held
                # answer, with nothing in it).
                values += [str(v) for row in rows for v in row if v is not None]
    finally:
        await engine.dispose()
    return values


async def test_every_column_a_user_writes_is_ciphertext_and_reads_back(database_url: str) -> None:
    written = await _write_everything(database_url, KEY_A, "+447700900123")
    raw = await _raw_values(database_url)
    # 2 bodies, variables, history, result fields, 2 feedback texts, the profile name, the
    # mailing-list address
    assert len(raw) == 9
    assert all(SECRET not in value and "hopeless" not in value for value in raw)
    assert all(value.strip('"').startswith("enc:v1:") for value in raw)
    await _read_everything(database_url, KEY_A, written)


async def test_old_keys_read_and_a_missing_key_is_refused(database_url: str) -> None:
    written = await _write_everything(database_url, KEY_A, "+447700900124")
    await _read_everything(database_url, f"{KEY_B},{KEY_A}", written)
    with pytest.raises(UnreadableValueError):
        await _read_everything(database_url, KEY_B, written)


async def test_rotation_moves_encrypted_and_plain_rows_to_the_newest_key(
        database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    plain = await _write_everything(database_url, None, "+447700900125")  # before a key was set
    assert sum("hopeless" in value for value in await _raw_values(database_url)) == 9
    await _read_everything(database_url, KEY_A, plain)  # plain rows still read with a key
    sealed = await _write_everything(database_url, KEY_A, "+447700900126")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", f"{KEY_B},{KEY_A}")
    assert await asyncio.to_thread(main, ["keys", "rotate", "--batch", "1"]) == 0
    assert "messages: 4 rows" in capsys.readouterr().out
    assert all("hopeless" not in value for value in await _raw_values(database_url))
    for written in (plain, sealed):
        await _read_everything(database_url, KEY_B, written)  # key A is no longer needed


def test_rotation_without_a_key_says_what_to_set(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DATA_ENCRYPTION_KEY", raising=False)
    assert main(["keys", "rotate"]) == 2
    assert "needs DATA_ENCRYPTION_KEY" in capsys.readouterr().err
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", "not-a-key")
    assert main(["keys", "rotate"]) == 2
    err = capsys.readouterr().err
    assert "invalid setting DATA_ENCRYPTION_KEY" in err
    assert "not-a-key" not in err


def test_a_new_key_is_a_fernet_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "new"]) == 0
    FieldCipher(capsys.readouterr().out.strip())


async def test_plain_text_that_looks_encrypted_is_kept_as_typed(sqlite_url: str) -> None:
    async with _factory(sqlite_url, None) as uow:
        user = await stored_user(uow)
        typed = [replace(make_message(user), body=body) for body in ("enc:v1:abc", "raw:x", "hi")]
        async with uow() as work:
            await work.inbox.add(typed)
            await work.commit()
        async with uow() as work:
            assert [m.body for m in await work.transcript.list_for_user(user.id)] == [
                "enc:v1:abc", "raw:x", "hi"]
