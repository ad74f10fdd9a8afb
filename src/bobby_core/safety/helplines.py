"""Crisis helplines by phone prefix. Checked against each service's own published numbers.

Longest prefix wins, so a more specific entry (an area code) can override a country."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Helplines:
    country: str
    emergency: str
    lines: tuple[str, ...]


INTERNATIONAL = Helplines(
    country="your country",
    emergency="your local emergency number",
    lines=("Find a free, confidential helpline near you at https://findahelpline.com",),
)

HELPLINES: dict[str, Helplines] = {
    "+44": Helplines(country="the UK", emergency="999", lines=(
        "Samaritans: call 116 123 (free, day or night)",
        "Shout: text SHOUT to 85258",
    )),
    "+353": Helplines(country="Ireland", emergency="112 or 999", lines=(
        "Samaritans: call 116 123 (free, day or night)",
        "Text About It: text HELLO to 50808",
    )),
    "+1": Helplines(country="the US and Canada", emergency="911", lines=(
        # Both countries answer 988: the US 988 Lifeline and Canada's 9-8-8 Suicide Crisis Helpline.
        "Suicide crisis line: call or text 988 (free, day or night, US and Canada)",
    )),
    "+61": Helplines(country="Australia", emergency="000", lines=(
        "Lifeline: call 13 11 14 or text 0477 13 11 14",
        "Beyond Blue: call 1300 22 4636",
    )),
    "+91": Helplines(country="India", emergency="112", lines=(
        "Tele-MANAS: call 14416 or 1-800-891-4416 (free, day or night)",
    )),
    "+27": Helplines(country="South Africa", emergency="112 from a mobile, or 10111", lines=(
        "SADAG Suicide Crisis Helpline: call 0800 567 567, or SMS 31393 for a call back",
        "Lifeline South Africa: call 0861 322 322",
    )),
    "+64": Helplines(country="New Zealand", emergency="111", lines=(
        "Need to talk? Call or text 1737",
        "Lifeline: call 0800 543 354",
    )),
    # Spain: Línea 024, the Ministry of Health's line for suicidal behaviour (24 h, free).
    "+34": Helplines(country="Spain", emergency="112", lines=(
        "Línea 024: call 024 (free, day or night)",
    )),
    # France: 3114, the national suicide prevention number (numéro national de prévention du suicide).
    "+33": Helplines(country="France", emergency="112 or 15", lines=(
        "3114: call 3114 (free, day or night)",
    )),
    # Germany: TelefonSeelsorge, both free numbers, day or night.
    "+49": Helplines(country="Germany", emergency="112", lines=(
        "TelefonSeelsorge: call 0800 111 0 111 or 0800 111 0 222 (free, day or night)",
    )),
    # Austria: Telefonseelsorge 142. Switzerland: Die Dargebotene Hand / La Main Tendue 143.
    "+43": Helplines(country="Austria", emergency="112", lines=(
        "Telefonseelsorge: call 142 (free, day or night)",
    )),
    "+41": Helplines(country="Switzerland", emergency="144 or 112", lines=(
        "Die Dargebotene Hand / La Main Tendue: call 143 (day or night)",
    )),
    # Portugal: Linha Nacional de Prevenção do Suicídio 1411 (24 h since September 2025) and the
    # SNS 24 psychological counselling line.
    "+351": Helplines(country="Portugal", emergency="112", lines=(
        "Linha Nacional de Prevenção do Suicídio: call 1411 (free, day or night)",
        "SNS 24 (psychological counselling): call 808 24 24 24",
    )),
    # Brazil: CVV, Centro de Valorização da Vida.
    "+55": Helplines(country="Brazil", emergency="192", lines=(
        "CVV: call 188 (free, day or night)",
    )),
    # Mexico: Línea de la Vida (CONASAMA, Secretaría de Salud).
    "+52": Helplines(country="Mexico", emergency="911", lines=(
        "Línea de la Vida: call 800 911 2000 (free, day or night)",
    )),
}


def helplines_for(phone: str, table: dict[str, Helplines] | None = None) -> Helplines:
    """The helplines for the country of an E.164 number, or the international fallback."""
    entries = HELPLINES if table is None else table
    for length in range(min(len(phone), 8), 1, -1):
        found = entries.get(phone[:length])
        if found is not None:
            return found
    return INTERNATIONAL
