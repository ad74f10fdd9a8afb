from io import StringIO

from bobby_adapters.console_messenger import ConsoleMessenger


async def test_prints_the_body_and_media_but_never_the_phone() -> None:
    out = StringIO()
    first = await ConsoleMessenger(out).send_text("+447700900123", "Time to reflect?", "https://x/c.png")
    second = await ConsoleMessenger(out).send_text("+447700900123", "Again")
    printed = out.getvalue()
    assert "Time to reflect?" in printed
    assert "https://x/c.png" in printed
    assert "447700900123" not in printed
    assert first != second
