import pytest
from pydantic import ValidationError

from bobby_core.local_time import QuietHours
from bobby_main.settings import Settings


def test_quiet_hours_default_to_21_8_and_a_bad_value_stops_start_up() -> None:
    assert Settings(_env_file=None).quiet == QuietHours(start=21, end=8)
    assert Settings(_env_file=None, quiet_hours="22-7").quiet == QuietHours(start=22, end=7)
    with pytest.raises(ValidationError, match="21-8"):
        Settings(_env_file=None, quiet_hours="late")


def test_reminder_settings_are_off_when_blank_and_the_clock_offset_is_dev_only() -> None:
    blank = Settings(_env_file=None, twilio_reminder_content_sid="", nudge_every_days="")
    assert (blank.twilio_reminder_content_sid, blank.nudge_every_days) == (None, None)
    assert Settings(_env_file=None, clock_offset_seconds=60).clock_offset_seconds == 60
    with pytest.raises(ValidationError, match="CLOCK_OFFSET_SECONDS"):
        Settings(_env_file=None, clock_offset_seconds=60, bobby_env="production",
                 twilio_auth_token="t")
