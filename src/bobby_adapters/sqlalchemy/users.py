"""Users and their conversation state."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bobby_adapters.sqlalchemy.billing import SqlAlchemyMailingSyncRepository
from bobby_adapters.sqlalchemy.privacy import delete_user_rows
from bobby_adapters.sqlalchemy.tables import (
    ConversationRow,
    MessageRow,
    ReminderRow,
    UserRow,
)
from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import (
    ChatTurn,
    ConsentStatus,
    ConversationState,
    Direction,
    Frame,
    Role,
    TokenUsage,
    User,
    UserId,
)

# The statements a turn runs are built once, on the tables (see messages.py for why).
_U: Table = UserRow.__table__  # type: ignore[assignment]
_C: Table = ConversationRow.__table__  # type: ignore[assignment]
_USER_BY_ID = select(_U).where(_U.c.id == bindparam("b_id"))
_USER_BY_PHONE = select(_U).where(_U.c.phone == bindparam("b_phone"))
_USERS_BY_PHONES = select(_U).where(_U.c.phone.in_(bindparam("b_phones", expanding=True)))
_USERS_BY_PROVIDER_IDS = select(_U).where(
    _U.c.provider_user_id.in_(bindparam("b_ids", expanding=True)))
_INSERT_USER = insert(_U)
_SAVE_USER = update(_U).where(_U.c.id == bindparam("b_id"))
_CONVERSATION = select(_C).where(_C.c.user_id == bindparam("b_user"))
_INSERT_CONVERSATION = insert(_C)
_SAVE_CONVERSATION = update(_C).where(_C.c.user_id == bindparam("b_user"),
                                      _C.c.version == bindparam("b_version"))


class SqlAlchemyUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: UserId) -> User | None:
        row = (await self._s.execute(_USER_BY_ID, {"b_id": user_id})).first()
        return _user(row) if row is not None else None

    async def get_by_phone(self, phone: str) -> User | None:
        row = (await self._s.execute(_USER_BY_PHONE, {"b_phone": phone})).first()
        return _user(row) if row is not None else None

    async def get_by_phones(self, phones: Collection[str]) -> dict[str, User]:
        if not phones:
            return {}
        rows = await self._s.execute(_USERS_BY_PHONES, {"b_phones": list(phones)})
        return {u.phone: u for u in map(_user, rows) if u.phone}

    async def get_by_provider_ids(self, provider_user_ids: Collection[str]) -> dict[str, User]:
        if not provider_user_ids:
            return {}
        rows = await self._s.execute(_USERS_BY_PROVIDER_IDS, {"b_ids": list(provider_user_ids)})
        return {u.provider_user_id: u for u in map(_user, rows) if u.provider_user_id}

    async def add(self, user: User) -> None:
        try:
            # A savepoint, so that the caller can re-read after losing a race on the phone or id.
            async with self._s.begin_nested():
                await self._s.execute(_INSERT_USER, {"id": user.id, **_user_values(user)})
        except IntegrityError as exc:
            raise ConcurrentUpdateError("user exists") from exc

    async def save(self, user: User) -> None:
        await self._s.execute(_SAVE_USER, {"b_id": user.id, **_user_values(user)})

    async def delete(self, user_id: UserId) -> None:
        # The mailing-list contact must go too: keep only its key until the sweep removed it.
        await SqlAlchemyMailingSyncRepository(self._s).forget_user(user_id)
        await delete_user_rows(self._s, user_id)

    async def quiet_since(self, since: datetime, nudge_kind: str) -> list[UserId]:
        spoke = select(MessageRow.id).where(
            MessageRow.user_id == UserRow.id, MessageRow.direction == Direction.INBOUND.value,
            MessageRow.created_at >= since)
        nudged = select(ReminderRow.id).where(
            ReminderRow.user_id == UserRow.id, ReminderRow.kind == nudge_kind,
            ReminderRow.created_at >= since)
        query = select(UserRow.id).where(
            UserRow.consent == ConsentStatus.GIVEN.value, UserRow.opted_out.is_(False),
            ~exists(spoke), ~exists(nudged))
        return [UserId(u) for u in (await self._s.scalars(query)).all()]


def _user_values(user: User) -> dict[str, Any]:
    return {"phone": user.phone, "provider_user_id": user.provider_user_id,
            "profile_name": user.profile_name, "consent": user.consent.value,
            "opted_out": user.opted_out, "time_zone": user.time_zone,
            "told_english_only": user.told_english_only,
            "created_at": user.created_at, "stop_notice_at": user.stop_notice_at}


def _user(row: Any) -> User:
    return User(id=UserId(row.id), phone=row.phone, provider_user_id=row.provider_user_id,
                profile_name=row.profile_name, consent=ConsentStatus(row.consent),
                opted_out=row.opted_out, time_zone=row.time_zone, created_at=row.created_at,
                told_english_only=row.told_english_only, stop_notice_at=row.stop_notice_at)


class SqlAlchemyConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: UserId) -> ConversationState | None:
        row = (await self._s.execute(_CONVERSATION, {"b_user": user_id})).first()
        return _state(row) if row is not None else None

    async def save(self, state: ConversationState) -> ConversationState:
        values = _state_values(state)
        if state.version == 0:
            try:
                async with self._s.begin_nested():
                    await self._s.execute(_INSERT_CONVERSATION,
                                          {"user_id": state.user_id, "version": 1, **values})
            except IntegrityError as exc:
                raise ConcurrentUpdateError("conversation changed") from exc
        else:
            # Optimistic lock: the update only matches if nobody saved since we read.
            result = await self._s.execute(_SAVE_CONVERSATION, {
                "b_user": state.user_id, "b_version": state.version,
                "version": state.version + 1, **values})
            if getattr(result, "rowcount", 0) != 1:
                raise ConcurrentUpdateError("conversation changed")
        return replace(state, version=state.version + 1)

    async def users_idle(self, before: datetime) -> list[UserId]:
        query = select(ConversationRow.user_id).where(
            ConversationRow.flow_id.is_not(None), ConversationRow.paused_at.is_(None),
            ConversationRow.last_activity_at < before)
        return [UserId(u) for u in (await self._s.scalars(query)).all()]


def _state_values(state: ConversationState) -> dict[str, Any]:
    top = state.top
    return {
        "flow_id": top.flow_id if top else None,
        "flow_version": top.version if top else None,
        "step_id": top.step_id if top else None,
        "stack": [{"flow_id": f.flow_id, "version": f.version, "step_id": f.step_id,
                   **({"rephrased": True} if f.rephrased else {})} for f in state.stack],
        "variables": state.variables,
        "llm_history": [{"role": t.role.value, "content": t.content} for t in state.llm_history],
        "started_at": state.started_at,
        "last_activity_at": state.last_activity_at,
        "paused_at": state.paused_at,
        "held_text": state.held_text,
        "result_saved": state.result_saved,
        "after_consent": state.after_consent,
        "prompt_tokens": state.usage.prompt_tokens,
        "completion_tokens": state.usage.completion_tokens,
        "checked_in_at": state.checked_in_at,
    }


LEGACY_BOOKKEEPING = ("_result_saved", "_after_consent", "_usage_prompt", "_usage_completion")
"""What the engine kept in a conversation's variables before migration 0012. The variables are
encrypted with keys the migration does not hold, so a row saved before it is moved over when it
is read (and written clean at its next save)."""


def _bookkeeping(row: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The row's variables without the old bookkeeping, and its typed fields."""
    variables = dict(row.variables)
    old = {name: variables.pop(name) for name in LEGACY_BOOKKEEPING if name in variables}
    after = row.after_consent or old.get("_after_consent")
    return variables, {
        "result_saved": bool(row.result_saved or old.get("_result_saved")),
        "after_consent": after if isinstance(after, str) else None,
        "usage": TokenUsage(
            prompt_tokens=row.prompt_tokens + _count(old.get("_usage_prompt")),
            completion_tokens=row.completion_tokens + _count(old.get("_usage_completion")))}


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _state(row: Any) -> ConversationState:
    variables, typed = _bookkeeping(row)
    return ConversationState(
        user_id=UserId(row.user_id),
        stack=tuple(Frame(flow_id=f["flow_id"], version=f["version"], step_id=f["step_id"],
                          rephrased=bool(f.get("rephrased", False))) for f in row.stack),
        variables=variables, **typed,
        llm_history=tuple(ChatTurn(role=Role(t["role"]), content=t["content"])
                          for t in row.llm_history),
        started_at=row.started_at, last_activity_at=row.last_activity_at, version=row.version,
        paused_at=row.paused_at, held_text=row.held_text, checked_in_at=row.checked_in_at)
