"""The billing contract: one body, run for every payment provider. The product's stories
(trial, paid, past due within and after the grace days, cancelled at the period end, paused, a
one-off pass, a refunded pass) are sent as each provider's own signed notifications through
its real adapter, with its fake API answering fetches, and must give the same access at the
same moments, in every order of arrival, with a notification delivered twice."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bobby_adapters.fakes import FakeClock
from bobby_adapters.fakes_billing import FakeMailingList
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_core.model import User, UserId
from bobby_core.subscriptions.access import AccessRules, access
from bobby_core.use_cases.handle_billing_event import (
    HandleBillingEvent,
    HandleBillingEventCommand,
    Outcome,
)
from bobby_core.use_cases.sync_mailing_list import SyncMailingList
from tests.integration.billing_providers import EMAIL, PROVIDERS, Provider

pytestmark = pytest.mark.integration

B = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DAY, MONTH = timedelta(days=1), timedelta(days=30)
USER = "u1"


@dataclass(frozen=True)
class Story:
    steps: Callable[[Provider], list[str]]
    access: dict[timedelta, bool]
    """Whether the user has access at B + each offset, once every notification is in."""


STORIES = {
    "trial": Story(lambda p: p.subscribed(USER, "trialing", B, B + 14 * DAY, B),
                   {DAY: True, 13 * DAY: True, 15 * DAY: False}),
    "paid": Story(lambda p: p.subscribed(USER, "active", B, B + MONTH, B),
                  {DAY: True, 29 * DAY: True, 31 * DAY: False}),
    # A renewal that fails moves the period on and leaves it unpaid: access lasts its end
    # plus the grace days, then stops.
    "past due": Story(lambda p: [*p.subscribed(USER, "active", B, B + MONTH, B),
                                 *p.renewal_failed(B + MONTH, B + 2 * MONTH, B + MONTH)],
                      {MONTH + DAY: True, 2 * MONTH + 2 * DAY: True,
                       2 * MONTH + 4 * DAY: False}),
    "cancelled at period end": Story(
        lambda p: [*p.subscribed(USER, "active", B, B + MONTH, B),
                   *p.cancel_scheduled(B, B + MONTH, B + 10 * DAY),
                   *p.ended(B + MONTH, B + MONTH)],
        {20 * DAY: True, MONTH - DAY: True, MONTH + DAY: False}),
    "paused": Story(lambda p: [*p.subscribed(USER, "active", B, B + MONTH, B),
                               *p.paused(B + MONTH)],
                    {10 * DAY: False, MONTH + DAY: False}),
    "one-off pass": Story(lambda p: p.pass_bought(USER, B),
                          {DAY: True, 27 * DAY: True, 32 * DAY: False}),
    "refunded pass": Story(lambda p: [*p.pass_bought(USER, B), *p.refunded(B + 2 * DAY)],
                           {DAY: False, 27 * DAY: False}),
}


@pytest.fixture(params=sorted(PROVIDERS))
def provider(request: pytest.FixtureRequest) -> Iterator[Provider]:
    made: Provider = PROVIDERS[request.param]()
    yield made
    made.stop()


def orders(payloads: list[str]) -> Iterator[list[str]]:
    """Every order of arrival, each with its first notification delivered again at the end."""
    for order in itertools.permutations(payloads):
        yield [*order, order[0]]


async def deliver(provider: Provider, payloads: list[str], mailing: FakeMailingList | None = None,
                  now: datetime = B + 3 * MONTH) -> InMemoryUnitOfWorkFactory:
    """Handle `payloads` in this order at `now` (after every story's events: a fetch then
    sees the subscription as it stands at the end of the story)."""
    uow, clock = InMemoryUnitOfWorkFactory(), FakeClock(now)
    async with uow() as work:
        await work.users.add(User(id=UserId(USER), phone="+447700900123", created_at=B))
        await work.commit()
    mailing = mailing or FakeMailingList()
    handle = HandleBillingEvent(uow, provider.gateway(), clock, AccessRules(),
                                SyncMailingList(uow, mailing, clock))
    outcomes = [await handle.execute(HandleBillingEventCommand(
        payload=p.encode(), signature=provider.sign(p), source=provider.name)) for p in payloads]
    applied = [o.outcome for o in outcomes[:-1]]
    assert Outcome.DUPLICATE not in applied  # each notification is applied once...
    assert outcomes[-1].outcome in (Outcome.DUPLICATE, Outcome.IGNORED)  # ...and only once
    return uow


async def access_at(uow: InMemoryUnitOfWorkFactory, offsets: list[timedelta]) -> dict[timedelta, bool]:
    async with uow() as work:
        subscriptions = await work.subscriptions.list_for_user(UserId(USER))
    return {at: access(subscriptions, B + at, AccessRules()).allowed for at in offsets}


@pytest.mark.parametrize("name", list(STORIES))
async def test_every_story_gives_the_same_access_in_every_order(provider: Provider,
                                                                name: str) -> None:
    story = STORIES[name]
    payloads = story.steps(provider)
    for order in orders(payloads):
        uow = await deliver(provider, order)
        assert await access_at(uow, list(story.access)) == story.access, (name, order)


@pytest.mark.parametrize("name", ["trial", "paid", "past due", "cancelled at period end",
                                  "paused"])
async def test_the_subscriptions_own_notifications_alone_give_the_same_access(
        provider: Provider, name: str) -> None:
    # Without a checkout or a payment nothing is fetched: the subscription's versions are
    # ordered by its own change times, and our user id comes with its metadata.
    story = STORIES[name]
    payloads = [p for p in story.steps(provider) if provider.is_subscription_event(p)]
    for order in orders(payloads):
        uow = await deliver(provider, order)
        assert await access_at(uow, list(story.access)) == story.access, (name, order)


async def test_the_subscriber_joins_the_mailing_list_with_the_address_given_at_checkout(
        provider: Provider) -> None:
    mailing = FakeMailingList()
    payloads = provider.subscribed(USER, "active", B, B + MONTH, B)
    await deliver(provider, [*payloads, payloads[0]], mailing, now=B + DAY)
    assert mailing.contacts[EMAIL] == {"subscriber": True, "trial": False, "lapsed": False}


async def test_a_subscription_that_never_names_the_user_grants_nothing(
        provider: Provider) -> None:
    payloads = provider.subscribed("someone-else", "active", B, B + MONTH, B)
    uow = await deliver(provider, [*payloads, payloads[0]])
    assert await access_at(uow, [DAY]) == {DAY: False}
