"""A new number's first calls arriving at once, through Studio's routes, the step endpoint and
the WhatsApp webhook, make one user: the get-or-create is shared and safe on a real database."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from bobby_core.model import Channel, DeliveryStatus, normalise_phone
from bobby_core.ports import UnitOfWorkFactory
from bobby_http.app import create_app
from bobby_main.asgi import lifespan_for
from bobby_main.container import build_container
from tests.integration.http_support import PUBLIC, TOKEN, inbound, settings, sign, studio_signed
from tests.integration.pipeline_support import RecordingMessengerModule

pytestmark = pytest.mark.integration

NEW = "+447700900777"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def app(request: pytest.FixtureRequest) -> AsyncIterator[Litestar]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite"
                                  else "clean_postgres_url")
    container = build_container(settings(database_url=url, twilio_auth_token=TOKEN,
                                         public_base_url=PUBLIC, studio_flows_ask_consent=True),
                                RecordingMessengerModule())
    application = create_app(container, lifespan=[lifespan_for(container, worker=False)])
    application.state.test_container = container
    try:
        yield application
    finally:
        uow: Any = container.get(UnitOfWorkFactory)
        await uow.dispose()


async def _studio(client: AsyncTestClient[Litestar], path: str, body: dict[str, Any]) -> int:
    raw = json.dumps(body)
    url, headers = studio_signed(path, raw)
    return (await client.post(url, content=raw, headers=headers)).status_code


async def _whatsapp(client: AsyncTestClient[Litestar], sid: str) -> int:
    params = inbound("hi", sid, NEW)
    path = "/webhooks/twilio/messages"
    return (await client.post(path, content=urlencode(params), headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": sign(PUBLIC + path, params)})).status_code


async def test_first_calls_at_once_make_one_user(app: Litestar) -> None:
    who = f"whatsapp:{NEW}"
    async with AsyncTestClient(app=app) as client:
        statuses = await asyncio.gather(
            *(_studio(client, "/save_user_info", {"user_number": who, "flow_name": "reflect"})
              for _ in range(5)),
            _studio(client, "/studio/steps/consent/disclose", {"phone": who, "text": ""}),
            _studio(client, "/custom_reminder/set_custom_reminder",
                    {"user_number": who, "user_number_of_days": 2}),
            _whatsapp(client, "SM" + "7" * 32))
    assert set(statuses) == {200}, statuses
    container = app.state.test_container
    async with container.get(UnitOfWorkFactory)() as work:
        user = await work.users.get_by_phone(normalise_phone(who))
        assert user is not None
        [reminder] = [r for r in await work.reminders.recent(10) if r.user_id == user.id]
    assert reminder.user_id == user.id


async def test_a_step_calls_replies_are_rows_of_their_channel_sent_once_answered(
        app: Litestar) -> None:
    who = f"whatsapp:{NEW}"
    async with AsyncTestClient(app=app) as client:
        raw = json.dumps({"phone": who, "text": ""})
        url, headers = studio_signed("/studio/steps/consent/disclose", raw)
        answer = (await client.post(url, content=raw, headers=headers)).json()
    container = app.state.test_container
    async with container.get(UnitOfWorkFactory)() as work:
        user = await work.users.get_by_phone(normalise_phone(who))
        assert user is not None
        rows = await work.transcript.list_for_user(user.id)
    assert [m.body for m in rows] == answer["parts"]
    assert {(m.channel, m.status) for m in rows} == {(Channel.STEP_API, DeliveryStatus.SENT)}
