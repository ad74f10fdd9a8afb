"""The web chat: a dev tool that talks to Bobby as a fictional WhatsApp user would."""

from __future__ import annotations

from importlib.resources import files

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.response import Redirect
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.handle_inbound_message import HandleInboundMessage
from bobby_http.schemas import ChatMessageIn, ChatMessageOut

PAGE = files("bobby_http.pages").joinpath("chat.html").read_text(encoding="utf-8")


@get("/", include_in_schema=False)
async def home() -> Redirect:
    return Redirect("/chat")


@get("/chat", include_in_schema=False)
async def chat_page() -> Response[str]:
    return Response(PAGE, media_type="text/html; charset=utf-8")


@post("/chat/messages", status_code=HTTP_200_OK, summary="Send one chat message (dev only)")
async def chat_message(data: JSONBody[ChatMessageIn],
                       handle: NamedDependency[HandleInboundMessage]) -> ChatMessageOut:
    # Replies come back in the answer only; nothing here goes through the Messenger.
    return ChatMessageOut.of(await handle.execute(data.to_command()))


ROUTES = [home, chat_page, chat_message]
