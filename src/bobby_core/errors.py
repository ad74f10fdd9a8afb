"""One error tree for everything Bobby raises on purpose."""


class BobbyError(Exception):
    """Root of everything we raise on purpose."""


class DomainError(BobbyError):
    """A business rule said no."""


class InvalidPhoneError(DomainError):
    """The sender address is not a usable E.164 phone number."""

    def __init__(self, raw: str) -> None:
        super().__init__("not an E.164 phone number")
        self.raw = raw


class UnknownFlowError(DomainError):
    """No flow with this id (and version) is registered."""

    def __init__(self, flow_id: str, version: int | None = None) -> None:
        super().__init__(f"unknown flow {flow_id!r}" + (f" v{version}" if version else ""))
        self.flow_id = flow_id
        self.version = version


class FlowDefinitionError(BobbyError):
    """A flow is built wrongly (a programming error caught when the flow is registered)."""


class ConcurrentUpdateError(BobbyError):
    """Someone else changed the row between our read and our write; the turn can be retried."""


class ExternalServiceError(BobbyError):
    """A provider (model, messenger, payments, storage) failed or timed out."""

    def __init__(self, service: str, detail: str = "") -> None:
        super().__init__(f"{service}: {detail}" if detail else service)
        self.service = service
        self.detail = detail


class DeliveryError(ExternalServiceError):
    """The messaging provider did not take a message: `permanent` when a retry cannot help
    (an invalid number, outside WhatsApp's 24-hour window), else it may be retried later."""

    def __init__(self, code: str | None, *, permanent: bool, detail: str = "",
                 window_closed: bool = False) -> None:
        super().__init__("messenger", detail or f"send refused (code {code})")
        self.code = code
        self.permanent = permanent
        self.window_closed = window_closed
        """Refused because WhatsApp's 24-hour window is closed: only an approved template
        may go now."""


class InvalidWebhookError(DomainError):
    """A provider webhook is forged, stale, unsigned or malformed; nothing was done."""

    def __init__(self, provider: str, reason: str) -> None:
        super().__init__(f"{provider} webhook rejected: {reason}")
        self.provider = provider
        self.reason = reason


class MailingListError(ExternalServiceError):
    """The mailing-list provider did not take a change: `permanent` when a retry cannot help
    (it rejected the address), else the sweep tries again later."""

    def __init__(self, detail: str, *, permanent: bool) -> None:
        super().__init__("mailing_list", detail)
        self.permanent = permanent


class UserNotFoundError(DomainError):
    """No user is stored with this phone or id (never created, or erased)."""


class ExportLinkInvalidError(DomainError):
    """An export link that was never issued here (forged, cut short, or for a gone user)."""


class ExportLinkGoneError(DomainError):
    """An export link that was valid once: it expired, or it was used already."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"this export link has {reason}")
        self.reason = reason
