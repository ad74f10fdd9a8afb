"""Finding or creating the user behind a sender, shared by every door (WhatsApp, Studio, chat)."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.errors import ConcurrentUpdateError, DomainError
from bobby_core.local_time import DEFAULT_ZONE
from bobby_core.model import ConsentStatus, User, UserId
from bobby_core.ports import Clock, IdGenerator, UnitOfWork, ZoneFinder


async def ensure_user(uow: UnitOfWork, ids: IdGenerator, clock: Clock, phone: str, *,
                      provider_user_id: str | None = None,
                      profile_name: str | None = None,
                      zones: ZoneFinder | None = None) -> User:
    """The user with this E.164 phone, created on first contact (in the time zone `zones`
    guesses from the number: only then, the lookup costs more than the rest of a webhook);
    safe when two processes see the same new phone at once (the loser reads the winner's row)."""
    user = await uow.users.get_by_phone(phone)
    if user is not None:
        return user
    user = User(id=UserId(ids.new_id()), phone=phone, provider_user_id=provider_user_id,
                profile_name=profile_name, created_at=clock.now(),
                time_zone=(zones.zone_for_phone(phone) if zones is not None else None)
                or DEFAULT_ZONE)
    try:
        await uow.users.add(user)
    except ConcurrentUpdateError:
        won = await uow.users.get_by_phone(phone)
        if won is None:
            raise
        return won
    return user


class ConsentRequiredError(DomainError):
    """Nothing may be stored for this number: it has not consented, and the caller's flows do
    not ask for consent themselves."""

    def __init__(self) -> None:
        super().__init__("this number has not consented to storage yet; ask with "
                         "POST /studio/steps/consent/ask (or set STUDIO_FLOWS_ASK_CONSENT when "
                         "your flows ask for it)")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentPolicy:
    flows_ask_consent: bool = False
    """The operator's own flows tell users what is stored and ask them, so a signed call from
    them records the number's consent (never over a number that declined)."""


async def storing_user(uow: UnitOfWork, ids: IdGenerator, clock: Clock, phone: str,
                       policy: ConsentPolicy) -> User:
    """The caller's user, created on first contact, once Bobby may store for them; raise
    ConsentRequiredError otherwise."""
    user = await ensure_user(uow, ids, clock, phone)
    if user.may_store:
        return user
    if policy.flows_ask_consent and user.consent is not ConsentStatus.DECLINED:
        consented = user.with_consent(ConsentStatus.GIVEN)
        await uow.users.save(consented)
        return consented
    raise ConsentRequiredError
