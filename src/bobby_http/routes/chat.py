"""The web chat: a dev tool that talks to Bobby as a fictional WhatsApp user would.

The page posts a message (stored and queued like a WhatsApp one) and polls the conversation
until the replies are there; nothing here waits for a turn or holds a transaction."""

from __future__ import annotations

from importlib.resources import files

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody
from litestar.response import Redirect
from litestar.status_codes import HTTP_202_ACCEPTED

from bobby_core.use_cases.read_chat import ReadChat, ReadChatCommand
from bobby_core.use_cases.receive_message import ReceiveMessage
from bobby_http.schemas import ChatHistoryOut, ChatMessageIn, ChatMessageOut

PAGE = files("bobby_http.pages").joinpath("chat.html").read_text(encoding="utf-8")


@get("/", include_in_schema=False)
async def home() -> Redirect:
    return Redirect("/chat")


@get("/chat", include_in_schema=False)
async def chat_page() -> Response[str]:
    return Response(PAGE, media_type="text/html; charset=utf-8")


@post("/chat/messages", status_code=HTTP_202_ACCEPTED, summary="Send one chat message (dev only)")
async def chat_message(data: JSONBody[ChatMessageIn],
                       receive: NamedDependency[ReceiveMessage]) -> ChatMessageOut:
    return ChatMessageOut.of(await receive.execute(data.to_command()))


@get("/chat/messages", summary="The conversation of one fictional number (dev only)")
async def chat_history(phone: FromQuery[str], read_chat: NamedDependency[ReadChat]) -> ChatHistoryOut:
    ChatMessageIn.check_phone(phone)
    return ChatHistoryOut.of(await read_chat.execute(ReadChatCommand(phone=phone)))


ROUTES = [home, chat_page, chat_message, chat_history]
