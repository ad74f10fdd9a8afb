"""Export rows and erasure records, the same on every backend."""

from dataclasses import replace
from datetime import timedelta

from bobby_core.model import Direction, Feedback
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.privacy.model import Erasure
from tests.contract.objects import T0, make_message, next_id, stored_user


async def test_the_rows_about_a_user_are_theirs_only_and_their_charts_listed_once(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    chart = "https://bobby.example/media/" + "c" * 32 + ".png"
    async with uow() as work:
        await work.inbox.add([replace(make_message(user), body="my own words")])
        await work.outbox.add([replace(make_message(user, direction=Direction.OUTBOUND),
                                       media_url=chart) for _ in range(2)])
        await work.outbox.add([replace(make_message(other, direction=Direction.OUTBOUND),
                                       media_url=chart.replace("c", "d"))])
        await work.feedback.add(Feedback(id=next_id("fb"), user_id=user.id, created_at=T0,
                                         kind="exercise", text="helpful"))
        await work.commit()
    async with uow() as work:
        rows = await work.personal_data.rows_about(user.id)
        assert await work.personal_data.media_of(user.id) == [chart]
    assert [r["id"] for r in rows["users"]] == [user.id]
    assert len(rows["messages"]) == 3
    assert "my own words" in [m["body"] for m in rows["messages"]]  # decrypted
    every = [row for table in rows.values() for row in table]
    assert all(row.get("user_id", row.get("id")) == user.id for row in every)
    assert other.id not in repr(rows)


async def test_erasures_wait_until_finished(uow: UnitOfWorkFactory) -> None:
    first = Erasure(id=next_id("er"), requested_at=T0, source="whatsapp",
                    pending_media=("https://bobby.example/media/x.png",))
    second = Erasure(id=next_id("er"), requested_at=T0 + timedelta(hours=1), source="operator")
    async with uow() as work:
        await work.erasures.add(first)
        await work.erasures.add(second)
        await work.commit()
    async with uow() as work:
        assert await work.erasures.unfinished(10) == [first, second]
        await work.erasures.save(first.finished(T0 + timedelta(hours=2), 1))
        await work.commit()
    async with uow() as work:
        assert await work.erasures.unfinished(10) == [second]
