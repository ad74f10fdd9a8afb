"""The mailing-list state we want for one contact; a sweep pushes it to the provider.

A change is recorded with the transaction that caused it and pushed after commit, so a provider
that is down never blocks a user: the row stays pending and the sweep retries with back-off."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bobby_core.model import UserId
from bobby_core.subscriptions.access import Access

MAX_ATTEMPTS = 12
"""After this many failed pushes a change is given up (kept, marked failed, for an operator)."""
MAX_BACKOFF = timedelta(hours=6)


def contact_key(email: str) -> str:
    """The contact's key: MD5 hex of the lower-cased address (what EmailOctopus and Mailchimp
    accept as a contact id), so the contact can be deleted after the address is forgotten."""
    return hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()


def tags_for(access: Access) -> dict[str, bool]:
    """Tags that describe the user's subscription; `False` removes a tag at the provider."""
    return {"subscriber": access.allowed and not access.trial, "trial": access.trial,
            "lapsed": not access.allowed}


@dataclass(frozen=True, slots=True, kw_only=True)
class MailingEntry:
    """One contact's wanted state. `revision` grows with each change, so a push that raced a
    newer change does not mark that change as done."""

    contact_key: str
    email: str | None
    tags: dict[str, bool] = field(default_factory=dict)
    user_id: UserId | None = None
    delete: bool = False
    pending: bool = True
    revision: int = 1
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    failed: bool = False

    def already_wants(self, other: MailingEntry) -> bool:
        """Whether recording `other` would change nothing (a failed wish is wanted again)."""
        return ((self.email, self.tags, self.user_id, self.delete)
                == (other.email, other.tags, other.user_id, other.delete)
                and not self.failed)

    def after_failure(self, now: datetime, error: str, *, permanent: bool) -> MailingEntry:
        attempts = self.attempts + 1
        give_up = permanent or attempts >= MAX_ATTEMPTS
        delay = min(timedelta(minutes=2 ** min(attempts, 10)), MAX_BACKOFF)
        return replace(self, attempts=attempts, last_error=error[:200], failed=give_up,
                       pending=not give_up, next_attempt_at=None if give_up else now + delay)


def wanted_subscription(email: str, user_id: UserId, access: Access) -> MailingEntry:
    """The entry for a user who gave `email` (at checkout), tagged by their access."""
    return MailingEntry(contact_key=contact_key(email), email=email.strip(),
                        tags=tags_for(access), user_id=user_id)
