"""The web chat may speak only for numbers reserved for fiction, in several countries, so crisis
replies can be tried with each country's helplines (issue 17 item 8)."""

import re

import pytest

from bobby_core.safety.helplines import helplines_for
from bobby_http.schemas import FICTIONAL_PHONE


@pytest.mark.parametrize(("phone", "country"), [
    ("+12025550142", "the US and Canada"), ("+14165550199", "the US and Canada"),
    ("+447700900000", "the UK"), ("+447700900999", "the UK"),
    ("+61491570006", "Australia"), ("+61491570737", "Australia"),
])
def test_fictional_numbers_of_several_countries_are_allowed(phone: str, country: str) -> None:
    assert re.fullmatch(FICTIONAL_PHONE, phone)
    assert helplines_for(phone).country == country


@pytest.mark.parametrize("phone", [
    "+12025550200", "+12025551234", "+447700901000", "+447911123456", "+4477009001234",
    "+61491570007", "+61491571000", "+61412345678", "+353861234567", "+15555550142x",
])
def test_real_or_malformed_numbers_are_refused(phone: str) -> None:
    assert not re.fullmatch(FICTIONAL_PHONE, phone)
