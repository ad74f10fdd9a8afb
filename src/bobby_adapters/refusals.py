"""A provider's refusal of a send, classified by its table of codes: what every messaging
adapter's failure policy shares (each keeps its own tables and its own credential check)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bobby_core.errors import DeliveryError


@dataclass(frozen=True, slots=True)
class RefusalCodes:
    provider: str
    """As the detail names it ("twilio", "meta")."""
    permanent: Mapping[int, str]
    """Codes no retry can fix, with what each means."""
    transient: Mapping[int, str]
    """Codes a later retry can fix."""
    outside_window: int
    """The code that says only a template may be sent now."""

    def where(self, status: int, code: int | None) -> str:
        return f"HTTP {status}" + (f", code {code}" if code is not None else "")

    def classify(self, status: int, code: int | None) -> DeliveryError:
        """Permanent or transient by the tables; a code in neither is transient, so the
        outbox's bounded retries decide. The detail never carries the provider's own message."""
        where, code_text = self.where(status, code), str(code) if code is not None else None
        refused = f"{self.provider} refused ({where})"
        if code is not None and code in self.permanent:
            return DeliveryError(code_text, permanent=True, window_closed=code == self.outside_window,
                                 detail=f"{refused}: {self.permanent[code]}")
        if code is not None and code in self.transient:
            return DeliveryError(code_text, permanent=False,
                                 detail=f"{refused}: {self.transient[code]}")
        return DeliveryError(code_text, permanent=False, detail=refused)
