from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import (
    ConsentStatus,
    ConversationState,
    ExerciseResult,
    Feedback,
    ResultId,
    ResultStatus,
    SafetyEvent,
)
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, make_message, make_user, next_id, stored_user


async def test_a_user_is_found_by_id_and_by_exact_phone(uow: UnitOfWorkFactory) -> None:
    user = replace(make_user(), provider_user_id="wa-1", profile_name="Sam",
                   time_zone="Europe/London")
    async with uow() as work:
        await work.users.add(user)
        await work.commit()
    assert user.phone is not None
    async with uow() as work:
        assert await work.users.get(user.id) == user
        assert await work.users.get_by_phone(user.phone) == user
        assert await work.users.get_by_phone(user.phone + "9") is None
        assert await work.users.get_by_provider_ids(["wa-1", "wa-2"]) == {"wa-1": user}
        assert await work.users.get(next_id("nobody")) is None  # type: ignore[arg-type]


async def test_timestamps_come_back_aware_and_equal(uow: UnitOfWorkFactory) -> None:
    created = datetime(2026, 6, 1, 23, 15, 7, 123456, tzinfo=timezone(timedelta(hours=-5)))
    user = replace(make_user(), created_at=created)
    async with uow() as work:
        await work.users.add(user)
        await work.commit()
    async with uow() as work:
        found = await work.users.get(user.id)
    assert found is not None
    assert found.created_at == created
    assert found.created_at.tzinfo is not None


async def test_a_user_without_a_phone_is_kept_by_the_providers_id(
        uow: UnitOfWorkFactory) -> None:
    first = replace(make_user(), phone=None, provider_user_id="US.13491208655302741918")
    second = replace(make_user(), phone=None, provider_user_id="GB.9000000000000001")
    async with uow() as work:
        await work.users.add(first)
        await work.users.add(second)  # many users may have no phone
        with pytest.raises(ConcurrentUpdateError):
            await work.users.add(replace(make_user(), provider_user_id=first.provider_user_id))
        await work.commit()
    async with uow() as work:
        found = await work.users.get_by_provider_ids(["US.13491208655302741918"])
        assert found == {"US.13491208655302741918": first}
        assert await work.users.get_by_phones(["+447700900123"]) == {}


async def test_a_taken_phone_cannot_be_added_twice(uow: UnitOfWorkFactory) -> None:
    first = await stored_user(uow)
    assert first.phone is not None
    async with uow() as work:
        with pytest.raises(ConcurrentUpdateError):
            await work.users.add(make_user(first.phone))
        # The unit of work stays usable, so the loser of a first-contact race can re-read.
        assert await work.users.get_by_phone(first.phone) == first


async def test_save_overwrites_the_fields(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    changed = replace(user.with_consent(ConsentStatus.GIVEN).opt_out(), time_zone="Asia/Tokyo",
                      profile_name="Kim")
    async with uow() as work:
        await work.users.save(changed)
        await work.commit()
    async with uow() as work:
        assert await work.users.get(user.id) == changed


async def test_delete_removes_the_user_and_everything_about_them(uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    async with uow() as work:
        for owner in (user, other):
            await work.conversations.save(ConversationState(user_id=owner.id, started_at=T0))
            await work.inbox.add([make_message(owner, provider_id=next_id("SM"))])
            await work.results.add(ExerciseResult(
                id=ResultId(next_id("res")), user_id=owner.id, flow_id="reflect", flow_version=1,
                status=ResultStatus.FINISHED, started_at=T0, ended_at=T0))
            await work.safety_events.add(SafetyEvent(
                id=next_id("safe"), user_id=owner.id, created_at=T0, categories=("self-harm",),
                screener="offline"))
            await work.feedback.add(Feedback(id=next_id("fb"), user_id=owner.id, created_at=T0,
                                             kind="exercise", text="nice"))
        await work.commit()
    async with uow() as work:
        await work.users.delete(user.id)
        await work.commit()
    async with uow() as work:
        assert await work.users.get(user.id) is None
        assert await work.personal_data.rows_about(user.id) == {}
        # Someone else's data is untouched.
        assert await work.users.get(other.id) == other
        theirs = await work.personal_data.rows_about(other.id)
        assert len(await work.transcript.list_for_user(other.id)) == 1
        assert len(await work.results.list_for_flows(other.id, {"reflect"})) == 1
        assert (len(theirs["safety_events"]), len(theirs["feedback"])) == (1, 1)
        assert await work.conversations.get(other.id) is not None
