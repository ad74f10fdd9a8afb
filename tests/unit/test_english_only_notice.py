"""A user who writes another language is told once that Bobby speaks English only; their
message still goes on, and a crisis statement in their language still gets the helplines."""

from tests.unit.harness import Bobby


async def test_the_notice_comes_once_and_the_message_still_goes_on() -> None:
    bobby = Bobby()
    first = await bobby.say("hola, estoy muy cansada del trabajo y no sé qué hacer")
    assert first.startswith(bobby.registry.texts.english_only)
    assert bobby.text("consent", "ask") in first  # the consent question came all the same
    assert bobby.user().told_english_only
    again = await bobby.say("sí, gracias")
    assert bobby.registry.texts.english_only not in again


async def test_english_and_short_replies_never_get_the_notice() -> None:
    bobby = Bobby()
    for text in ("hi", "yes", "2", "My manager criticised my report today"):
        assert bobby.registry.texts.english_only not in await bobby.say(text)
    assert not bobby.user().told_english_only


async def test_a_crisis_statement_in_spanish_gets_the_helplines_first() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("quiero morir, ya no puedo más")
    assert bobby.registry.texts.english_only not in reply
    assert bobby.crisis_reply() in reply
