"""The offline screening layers, shared by the offline and the OpenAI wiring."""

from __future__ import annotations

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.sklearn_screener import ScikitLearnCrisisScreener
from bobby_core.ports import CrisisScreener
from bobby_core.safety.any_screener import AnyCrisisScreener
from bobby_main.settings import Settings


def offline_layers(settings: Settings) -> list[CrisisScreener]:
    """The rules always; the n-gram classifier beside them when the settings use it (it
    trains in the background from here)."""
    layers: list[CrisisScreener] = [OfflineCrisisScreener()]
    if settings.uses_classifier:
        layers.append(ScikitLearnCrisisScreener())
    return layers


def offline_screener(settings: Settings) -> CrisisScreener:
    layers = offline_layers(settings)
    return layers[0] if len(layers) == 1 else AnyCrisisScreener(*layers)
