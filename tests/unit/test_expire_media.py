from datetime import timedelta

from bobby_adapters.fakes import FakeClock, InMemoryMediaStorage
from bobby_core.use_cases.expire_media import ExpireMedia


async def test_charts_older_than_the_keep_time_are_deleted_and_newer_ones_kept() -> None:
    clock = FakeClock()
    storage = InMemoryMediaStorage(clock=clock)
    old = await storage.put(b"old", "image/png", ".png", "chart-one")
    clock.advance(timedelta(days=20))
    new = await storage.put(b"new", "image/png", ".png", "chart-two")
    clock.advance(timedelta(days=11))
    assert await ExpireMedia(storage, clock, timedelta(days=30)).execute() == 1
    assert set(storage.files) == {new}
    assert old not in storage.files


async def test_an_unreachable_store_waits_for_the_next_sweep() -> None:
    clock = FakeClock()
    storage = InMemoryMediaStorage(clock=clock)
    await storage.put(b"old", "image/png", ".png", "chart-one")
    clock.advance(timedelta(days=40))
    storage.fail = True
    assert await ExpireMedia(storage, clock, timedelta(days=30)).execute() == 0
    storage.fail = False
    assert await ExpireMedia(storage, clock, timedelta(days=30)).execute() == 1
