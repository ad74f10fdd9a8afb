"""Finding or creating the user behind a sender, shared by every door (WhatsApp, Studio, chat)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bobby_core.errors import ConcurrentUpdateError, DomainError, InvalidPhoneError
from bobby_core.local_time import DEFAULT_ZONE
from bobby_core.model import ConsentStatus, User, UserId
from bobby_core.ports import Clock, IdGenerator, UnitOfWork, ZoneFinder

# A business-scoped user id starts with the user's country (ISO 3166 alpha-2) and a period.
_COUNTRY_PREFIX = re.compile(r"^([A-Z]{2})\.")


def identified(by_id: User | None, by_phone: User | None, phone: str | None,
               provider_user_id: str | None) -> User | None:
    """The known user behind a sender, with what the sender says now: the provider's id is
    looked up first, then the phone. A user found by phone takes the provider's new id (it
    arrived, or changed with a new number); one found by id takes a phone no one else has."""
    user = by_id or by_phone
    if user is None:
        return None
    if by_id is None and provider_user_id and user.provider_user_id != provider_user_id:
        user = replace(user, provider_user_id=provider_user_id)
    if phone and user.phone != phone and by_phone is None:
        user = replace(user, phone=phone)
    return user


def guess_zone(zones: ZoneFinder | None, phone: str | None, provider_user_id: str | None) -> str:
    """A new user's time zone: from the phone, else from the country a business-scoped user id
    starts with, else the default (the user can name theirs in the chat either way)."""
    if zones is None:
        return DEFAULT_ZONE
    if phone:
        return zones.zone_for_phone(phone) or DEFAULT_ZONE
    country = _COUNTRY_PREFIX.match(provider_user_id or "")
    return (zones.zone_for_region(country.group(1)) if country else None) or DEFAULT_ZONE


async def ensure_user(uow: UnitOfWork, ids: IdGenerator, clock: Clock, phone: str | None, *,
                      provider_user_id: str | None = None,
                      profile_name: str | None = None,
                      zones: ZoneFinder | None = None) -> User:
    """The user with this provider id or E.164 phone (one of them is needed), created on first
    contact (in the time zone `zones` guesses: only then, the lookup costs more than the rest
    of a webhook); safe when two processes see the same new user at once (the loser reads the
    winner's row)."""
    if not phone and not provider_user_id:
        raise InvalidPhoneError("")
    user = await _known(uow, phone, provider_user_id)
    if user is not None:
        return user
    user = User(id=UserId(ids.new_id()), phone=phone, provider_user_id=provider_user_id,
                profile_name=profile_name, created_at=clock.now(),
                time_zone=guess_zone(zones, phone, provider_user_id))
    try:
        await uow.users.add(user)
    except ConcurrentUpdateError:
        won = await _known(uow, phone, provider_user_id)
        if won is None:
            raise
        return won
    return user


async def _known(uow: UnitOfWork, phone: str | None, provider_user_id: str | None) -> User | None:
    by_id = ((await uow.users.get_by_provider_ids([provider_user_id])).get(provider_user_id)
             if provider_user_id else None)
    by_phone = await uow.users.get_by_phone(phone) if phone and by_id is None else None
    if by_id is not None and phone and by_id.phone != phone:
        by_phone = await uow.users.get_by_phone(phone)
    user = identified(by_id, by_phone, phone, provider_user_id)
    if user is not None and user != (by_id or by_phone):
        await uow.users.save(user)
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
