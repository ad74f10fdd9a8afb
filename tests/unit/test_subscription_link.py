from bobby_core.model import UserId
from bobby_core.use_cases.get_subscription_link import GetSubscriptionLinkCommand, LinkKind
from tests.unit.billing_support import checkout, no_mailing, snapshot

CMD = GetSubscriptionLinkCommand(user_id=UserId("u1"))


async def test_a_user_without_access_gets_a_checkout_link_carrying_their_id() -> None:
    billing = no_mailing()
    await billing.add_user()
    result = await billing.links.execute(CMD)
    assert result.kind is LinkKind.CHECKOUT
    assert result.url is not None
    assert "client_reference_id=u1" in result.url
    assert result.url in result.text
    assert not result.access.allowed


async def test_a_paying_user_gets_the_billing_portal() -> None:
    billing = no_mailing()
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    await billing.deliver(checkout(1))
    result = await billing.links.execute(CMD)
    assert (result.kind, result.url) == (LinkKind.PORTAL, "https://pay.test/portal/cus_1")


async def test_payments_down_or_off_give_a_text_and_no_link() -> None:
    billing = no_mailing()
    billing.gateway.down = True
    assert (await billing.links.execute(CMD)).kind is LinkKind.NONE
    billing.gateway.down = False
    billing.gateway.checkout_base = None
    result = await billing.links.execute(CMD)
    assert (result.kind, result.url) == (LinkKind.NONE, None)
    assert "free" in result.text


async def test_every_link_is_asked_for_with_a_fresh_key() -> None:
    billing = no_mailing()
    await billing.add_user()
    await billing.links.execute(CMD)
    await billing.links.execute(CMD)
    billing.gateway.subscriptions["sub_1"] = snapshot()
    await billing.deliver(checkout(1))
    await billing.links.execute(CMD)
    assert billing.gateway.keys == ["key000001", "key000002", "key000003"]
