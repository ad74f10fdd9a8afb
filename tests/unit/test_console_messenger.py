from io import StringIO

from bobby_adapters.console_messenger import ConsoleMessenger
from bobby_core.model import MessageId, OutboundMessage, Recipient


def _message(body: str, media: str | None = None) -> OutboundMessage:
    return OutboundMessage(reference=MessageId("m1"), to=Recipient(phone="+447700900123"), body=body,
                           media_url=media)


async def test_prints_the_body_and_media_but_never_the_phone() -> None:
    out = StringIO()
    first = await ConsoleMessenger(out).send(_message("Time to reflect?", "https://x/c.png"))
    second = await ConsoleMessenger(out).send(_message("Again"))
    printed = out.getvalue()
    assert "Time to reflect?" in printed
    assert "https://x/c.png" in printed
    assert "447700900123" not in printed
    assert first != second
