"""SCREENING_CLASSIFIER: what is set wins; unset, the classifier screens unless the model risk
check runs beside the turn (it gives the same check-in, and the classifier costs a process
about 150 MB: bench/slow_model.py)."""

from typing import Any

import pytest
from pydantic import SecretStr

from bobby_main.settings import Settings

KEY = SecretStr("sk-test")


@pytest.mark.parametrize(("values", "used"), [
    ({}, True),
    ({"openai_api_key": KEY}, False),
    ({"openai_api_key": KEY, "openai_risk_check": False}, True),
    ({"openai_api_key": KEY, "screening_classifier": True}, True),
    ({"screening_classifier": False}, False),
])
def test_the_classifier_stands_in_where_no_model_risk_check_runs(values: dict[str, Any],
                                                                used: bool) -> None:
    assert Settings(_env_file=None, **values).uses_classifier is used


def test_the_environment_can_set_it_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_CLASSIFIER", "false")
    assert not Settings(_env_file=None).uses_classifier
    monkeypatch.setenv("SCREENING_CLASSIFIER", "true")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert Settings(_env_file=None).uses_classifier
