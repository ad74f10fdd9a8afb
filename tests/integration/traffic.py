"""Traffic for the fault tests: simulated users posting signed webhooks to a running `bobby serve`,
resending refused messages as a user (or Twilio) would, and the ledger that shows afterwards
whether every message got exactly one turn and every reply exactly one send."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import psycopg

from bobby_adapters.queue.procrastinate_queue import libpq_dsn
from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import PUBLIC, inbound, sign

PATH = "/webhooks/twilio/messages"
WALK = ("hi", "yes", "2", "My manager criticised my report in front of the team",
        "I tell myself that I am useless", "He did praise my last project", "menu", "4")
"""Into Reflect and its loop with the offline model, then to the menu and the Burnout check."""


def phone(n: int) -> str:
    return f"+4477009{n:05d}"


@dataclass
class Answers:
    """What the webhook answered, by status, and how long the slowest answer took."""

    statuses: Counter[int] = field(default_factory=Counter)
    problems: int = 0
    slowest: float = 0.0
    resent: int = 0


@dataclass
class Users:
    web_url: str
    answers: Answers = field(default_factory=Answers)
    timeout: float = 10.0
    """No answer within this is a hang, and fails the test."""

    async def post(self, client: httpx.AsyncClient, number: str, text: str, sid: str) -> int:
        params = inbound(text, sid, number)
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Twilio-Signature": sign(PUBLIC + PATH, params)}
        started = time.monotonic()
        response = await client.post(self.web_url + PATH, content=urlencode(params),
                                     headers=headers, timeout=self.timeout)
        self.answers.slowest = max(self.answers.slowest, time.monotonic() - started)
        self.answers.statuses[response.status_code] += 1
        if response.status_code != 200:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["status"] == response.status_code
            self.answers.problems += 1
        return response.status_code

    async def deliver(self, client: httpx.AsyncClient, number: str, text: str, sid: str) -> None:
        """Post until stored: a 503 or a cut connection is sent again with the same sid, as a
        resend would be (the inbox keeps one copy)."""
        for _ in range(600):
            try:
                if await self.post(client, number, text, sid) == 200:
                    return
            except httpx.TransportError:
                self.answers.statuses[0] += 1
            self.answers.resent += 1
            await asyncio.sleep(0.2)
        raise AssertionError(f"{sid} was never taken")

    async def walk(self, numbers: Sequence[str], script: Sequence[str] = WALK,
                   pause: float = 0.0) -> None:
        """Every number through `script` at once, each waiting `pause` between its messages."""
        async with httpx.AsyncClient() as client:

            async def one(n: int, number: str) -> None:
                for k, text in enumerate(script):
                    # Not hex after "SM": the fake Twilio's own SIDs are, and must not clash.
                    await self.deliver(client, number, text, f"SMu{n:05d}k{k:025d}")
                    await asyncio.sleep(pause)

            await asyncio.gather(*(one(n, number) for n, number in enumerate(numbers)))


@dataclass(frozen=True)
class Ledger:
    inbound: int
    unhandled: int
    replies: int
    unsent: int
    turns: int
    """The sum of the conversations' versions: one save per turn."""
    inbound_by_phone: dict[str, int]
    versions_by_phone: dict[str, int]
    inbound_without_reply: int
    doubled_inbound: int
    reply_statuses: dict[str, int]
    sending_lately: int
    """Replies claimed in the last 10 s (a Twilio call's timeout): a live sender's, not yet
    orphans of a killed one."""


def ledger(database_url: str) -> Ledger:
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as lite:
            # SQLite keeps naive UTC text, which compares as text with datetime()'s.
            return _ledger(lambda q: lite.execute(q).fetchall(),
                           "datetime('now', '-10 seconds')")
    with psycopg.connect(libpq_dsn(database_url), autocommit=True) as conn:
        return _ledger(lambda q: conn.execute(q.encode()).fetchall(), "now() - interval '10 s'")


_SENDING_SINCE = ("SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
                  "status = 'sending' AND handled_at > ")


def _ledger(rows: Callable[[str], Sequence[Any]], ten_seconds_ago: str) -> Ledger:
    def one(query: str) -> int:
        found = rows(query)
        return int(found[0][0]) if found and found[0][0] is not None else 0

    def by_phone(query: str) -> dict[str, int]:
        return {str(p): int(n) for p, n in rows(query)}

    return Ledger(
        inbound=one("SELECT count(*) FROM messages WHERE direction = 'inbound'"),
        unhandled=one("SELECT count(*) FROM messages WHERE direction = 'inbound' "
                      "AND handled_at IS NULL"),
        replies=one("SELECT count(*) FROM messages WHERE direction = 'outbound'"),
        unsent=one("SELECT count(*) FROM messages WHERE direction = 'outbound' "
                   "AND status IN ('queued', 'sending')"),
        turns=one("SELECT sum(version) FROM conversations"),
        inbound_by_phone=by_phone(
            "SELECT u.phone, count(*) FROM messages m JOIN users u ON u.id = m.user_id "
            "WHERE m.direction = 'inbound' GROUP BY u.phone"),
        versions_by_phone=by_phone(
            "SELECT u.phone, c.version FROM conversations c JOIN users u ON u.id = c.user_id"),
        inbound_without_reply=one(
            "SELECT count(*) FROM messages i WHERE i.direction = 'inbound' AND NOT EXISTS "
            "(SELECT 1 FROM messages o WHERE o.in_reply_to = i.id)"),
        doubled_inbound=one(
            "SELECT count(*) FROM (SELECT provider_message_id FROM messages WHERE "
            "direction = 'inbound' GROUP BY provider_message_id HAVING count(*) > 1) d"),
        reply_statuses=by_phone("SELECT status, count(*) FROM messages "
                                "WHERE direction = 'outbound' GROUP BY status"),
        sending_lately=one(_SENDING_SINCE + ten_seconds_ago),
    )


async def settled(database_url: str, expected_inbound: int, within: float,
                  interrupted: bool = False) -> Ledger:
    """The ledger once every expected message had its turn and every reply was sent; with
    `interrupted`, replies a killed process left SENDING count as settled (they are never
    sent again: the sweep fails them for the operator after five minutes)."""
    deadline = time.monotonic() + within
    while True:
        now = ledger(database_url)
        waiting = (now.reply_statuses.get("queued", 0) + now.sending_lately if interrupted
                   else now.unsent)
        if now.inbound == expected_inbound and now.unhandled == 0 and waiting == 0:
            return now
        if time.monotonic() > deadline:
            raise AssertionError(f"not settled within {within} s: {now}")
        await asyncio.sleep(0.3)


async def replay_status_callbacks(twilio: FakeTwilio, web_url: str, status: str = "sent") -> None:
    """POST, signed, the status callback Twilio makes for every message it accepted, each to
    the StatusCallback it was given (the public URL, delivered to the local web process)."""
    async with httpx.AsyncClient(timeout=10) as client:
        for n, form in enumerate(list(twilio.sent), start=1):
            callback = form.get("StatusCallback", [""])[0]
            if not callback:
                continue
            params = twilio.status_callback_form(twilio.sid_of(n), status, to=form["To"][0],
                                                 from_=form["From"][0])
            local = web_url + callback.removeprefix(PUBLIC)
            response = await client.post(local, content=urlencode(params), headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio.sign(callback, params)})
            assert response.status_code == 204, response.text


def sends_per_reply(twilio: FakeTwilio) -> Counter[tuple[str, str]]:
    """How often Twilio was asked to send each (recipient, status-callback reference) pair: the
    reference is the outbound message's own id, so 1 everywhere means no reply went twice."""
    return Counter((form["To"][0], form.get("StatusCallback", [""])[0]) for form in twilio.sent)


def assert_one_turn_per_message(final: Ledger) -> None:
    """Stored once, one turn (one conversation save) each, every one answered."""
    assert final.doubled_inbound == 0
    assert final.inbound_by_phone == final.versions_by_phone
    assert final.inbound_without_reply == 0


async def assert_each_reply_sent_at_most_once(final: Ledger, twilio: FakeTwilio, web_url: str,
                                              database_url: str) -> int:
    """No reply went to Twilio twice; those a fault left "sending" were handed over at most
    once, and Twilio's status callbacks (replayed here as they come) record each one it took.
    Returns how many replies were never sent."""
    sends = sends_per_reply(twilio)
    assert set(sends.values()) <= {1}
    await replay_status_callbacks(twilio, web_url)
    after = ledger(database_url)
    never_sent = after.reply_statuses.get("sending", 0)
    assert after.reply_statuses.get("sent", 0) == sum(sends.values())
    assert sum(sends.values()) + never_sent == final.replies
    return never_sent
