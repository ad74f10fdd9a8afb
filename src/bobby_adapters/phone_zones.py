"""Time zones from phone numbers, with the `phonenumbers` library.

A number of a country with one zone gets it. For a country with several, the number's prefix
often narrows it down (US area codes, Australian and Brazilian ranges); when it still leaves
several, the country's most populous zone is taken from the small table below. A number the
library cannot place gets UTC; the user can name their zone in chat either way."""

from __future__ import annotations

import phonenumbers
from phonenumbers import timezone as pn_timezone

FALLBACK = "UTC"

MOST_POPULOUS_ZONE: dict[str, str] = {
    # The zone most of a multi-zone country's people live in (by region code).
    "US": "America/New_York",
    "CA": "America/Toronto",
    "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo",
    "AR": "America/Argentina/Buenos_Aires",
    "CL": "America/Santiago",
    "RU": "Europe/Moscow",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "CD": "Africa/Kinshasa",
    "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon",
    "EC": "America/Guayaquil",
    "MN": "Asia/Ulaanbaatar",
    "UA": "Europe/Kyiv",
    "GL": "America/Nuuk",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "CN": "Asia/Shanghai",
    "IN": "Asia/Kolkata",
    "DE": "Europe/Berlin",
    "MY": "Asia/Kuala_Lumpur",
    "PG": "Pacific/Port_Moresby",
    "KI": "Pacific/Tarawa",
    "FM": "Pacific/Pohnpei",
}


def zone_for_phone(phone: str) -> str:
    """The IANA zone of an E.164 number (see the module docstring); UTC when unknown."""
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return FALLBACK
    zones = _known(number)
    if len(zones) == 1:
        return zones[0]
    # An unassigned or fictional range (+44 7700 900..., +1 555...) still names its country.
    region = (phonenumbers.region_code_for_number(number)
              or phonenumbers.region_code_for_country_code(number.country_code or 0))
    preferred = MOST_POPULOUS_ZONE.get(region or "")
    if preferred is not None and (not zones or preferred in zones):
        return preferred
    if zones:
        return zones[0]
    example = phonenumbers.example_number(region) if region and region != "ZZ" else None
    country_zones = _known(example) if example is not None else []
    return country_zones[0] if len(country_zones) == 1 else FALLBACK


def _known(number: phonenumbers.PhoneNumber) -> list[str]:
    return [z for z in pn_timezone.time_zones_for_number(number) if z != "Etc/Unknown"]


def zone_for_region(region: str) -> str:
    """The IANA zone of a country (ISO 3166 alpha-2): its only zone, or its most populous one;
    UTC when it has several and the table does not say."""
    code = region.strip().upper()
    if code in MOST_POPULOUS_ZONE:
        return MOST_POPULOUS_ZONE[code]
    example = phonenumbers.example_number(code) if len(code) == 2 else None
    zones = _known(example) if example is not None else []
    return zones[0] if len(zones) == 1 else FALLBACK


class PhonenumbersZoneFinder:
    def zone_for_phone(self, phone: str) -> str:
        return zone_for_phone(phone)

    def zone_for_region(self, region: str) -> str:
        return zone_for_region(region)
