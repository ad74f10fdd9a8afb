"""A turn decides and the edge does: charts and payment links are effects carried out once,
after the commit, by the outbox, however often the turn is decided."""

from __future__ import annotations

from dataclasses import replace

from bobby_adapters.fakes_billing import FakePaymentGateway
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_core.errors import DeliveryError
from bobby_core.model import DeliveryStatus, UserId
from bobby_core.ports import ScreeningResult
from bobby_core.subscriptions.model import PlanKind, Subscription, SubscriptionStatus
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.receive_message import ReceiveMessageCommand
from tests.unit.harness import PHONE, Bobby

ANSWERS = ["3", "4", "2", "5", "3", "3", "2", "4", "3", "2", "3", "4"]


class RacingScreener:
    """The offline rules; while `race` is on, each screening of text saying `when` first saves
    the conversation behind the turn's back (another worker got there), so that turn loses
    the race at its commit and is decided again."""

    def __init__(self, bobby: Bobby | None = None, when: str = "") -> None:
        self.rules = OfflineCrisisScreener()
        self.bobby, self.when, self.race, self.raced = bobby, when, False, 0

    async def screen(self, text: str) -> ScreeningResult:
        if self.race and self.bobby is not None and text == self.when:
            self.race = False
            self.raced += 1
            state = self.bobby.state()
            self.bobby.store.conversations[state.user_id] = replace(state,
                                                                    version=state.version + 1)
        return await self.rules.screen(text)


def racing(bobby_kwargs: dict[str, object], when: str) -> tuple[Bobby, RacingScreener]:
    screener = RacingScreener(when=when)
    bobby = Bobby(screener=screener, **bobby_kwargs)  # type: ignore[arg-type]
    screener.bobby = bobby
    return bobby, screener


async def test_a_checkout_decided_twice_makes_one_checkout_session() -> None:
    gateway = FakePaymentGateway()
    bobby, screener = racing({"gateway": gateway, "paywall": Paywall(on=True, payments=True)}, "2")
    await bobby.consented()
    screener.race = True
    sent = await bobby.send("2")  # Reflect, without access
    assert screener.raced == 1  # the turn lost the race once and was decided again
    assert len(gateway.made) == 1
    [link] = gateway.made.values()
    assert [r.body for r in sent.replies if link in r.body]  # the user got it, once
    assert sum(link in s.body for s in bobby.messenger.sent) == 1
    assert bobby.at() == ("why_not_buy", "ask")


async def test_a_chart_decided_twice_is_drawn_and_stored_once() -> None:
    bobby, screener = racing({}, ANSWERS[-1])
    await bobby.consented()
    await bobby.say("4")
    for answer in ANSWERS[:-1]:
        await bobby.say(answer)
    screener.race = True
    sent = await bobby.send(ANSWERS[-1])
    assert screener.raced == 1
    assert len(bobby.charts.bar_charts) == 1
    assert bobby.storage.puts == 1
    [chart] = [r.media_url for r in sent.replies if r.media_url]
    assert chart in bobby.storage.files


async def test_a_reply_whose_send_is_retried_keeps_its_chart_and_link() -> None:
    gateway = FakePaymentGateway()
    bobby = Bobby(gateway=gateway, paywall=Paywall(on=True, payments=True))
    await bobby.consented()
    bobby.messenger.failures = [DeliveryError("20429", permanent=False)]
    await bobby.receive.execute(ReceiveMessageCommand(sender=PHONE, text="2"))
    await bobby.jobs.run_turns(bobby.user().id)  # the link is made, the send refused for now
    row, *_ = [m for m in bobby.outbox() if m.status is DeliveryStatus.QUEUED]
    [link] = gateway.made.values()
    assert link in row.body  # the completed text is kept with the row for the next try
    await bobby.deliver_waiting()
    assert len(gateway.made) == 1
    assert sum(link in s.body for s in bobby.messenger.sent) == 1


async def test_the_decision_holds_no_vendor_work_only_its_description() -> None:
    gateway = FakePaymentGateway(down=True)
    bobby = Bobby(gateway=gateway, paywall=Paywall(on=True, payments=True))
    await bobby.consented()
    bobby.storage.fail = True
    sent = await bobby.send("2")
    # The provider failed after the commit: the turn stands; the user is told to try again.
    assert bobby.at() == ("why_not_buy", "ask")
    assert sent.replies[0].body == bobby.flow_text("why_not_buy", "link_down")
    assert "{link}" not in "".join(s.body for s in bobby.messenger.sent)


def plan(user_id: UserId, status: SubscriptionStatus, customer: str | None) -> Subscription:
    bobby_now = Bobby().clock.now()
    return Subscription(id="sub_1", user_id=user_id, customer_id=customer,
                        kind=PlanKind.RECURRING, status=status, as_of=bobby_now,
                        period_end=bobby_now.replace(year=bobby_now.year + 1))


async def test_subscription_gives_the_portal_with_access_and_the_checkout_without() -> None:
    gateway = FakePaymentGateway()
    bobby = Bobby(gateway=gateway, paywall=Paywall(on=True, payments=True))
    await bobby.consented()
    checkout = await bobby.say("subscription")
    assert f"client_reference_id={bobby.user().id}" in checkout
    bobby.store.subscriptions["sub_1"] = plan(bobby.user().id, SubscriptionStatus.ACTIVE, "cus_9")
    portal = await bobby.say("subscription")
    assert "https://pay.test/portal/cus_9" in portal
    bobby.store.subscriptions["sub_1"] = plan(bobby.user().id, SubscriptionStatus.ACTIVE, None)
    assert "http" not in await bobby.say("subscription")  # active, but no portal to open
    assert len(gateway.made) == 2


async def test_without_a_payment_provider_subscription_says_everything_is_free() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("subscription")
    assert reply
    assert "http" not in reply
    assert bobby.user().phone == PHONE
