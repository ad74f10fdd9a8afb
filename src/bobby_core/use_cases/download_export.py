"""Opening an export link: check its signature and age, use it up, hand over the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bobby_core.errors import ExportLinkGoneError, ExportLinkInvalidError, UserNotFoundError
from bobby_core.ports import Clock, UnitOfWorkFactory
from bobby_core.privacy.export_links import ExportLinks
from bobby_core.use_cases.export_user_data import ExportUserData, ExportUserDataCommand

USED_LINKS = "export_link"
"""The `processed_events` source that remembers used links (by nonce, naming nobody)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DownloadExportCommand:
    token: str
    check_only: bool = False
    """Only say whether the link would open (signature, age, not used yet), using nothing
    up: what a link preview or the page before the download button may do."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DownloadExportResult:
    document: dict[str, Any] | None
    """None after a check only."""


class DownloadExport:
    """ExportLinkInvalidError for a link not made here or whose user is gone;
    ExportLinkGoneError when it expired or was used (a second download, even at once)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, links: ExportLinks,
                 export: ExportUserData) -> None:
        self._uow, self._clock, self._links, self._export = uow, clock, links, export

    async def execute(self, cmd: DownloadExportCommand) -> DownloadExportResult:
        grant = self._links.verify(cmd.token, self._clock.now())
        if cmd.check_only:
            # The page says at once when the link was used, rather than offer a dead button.
            async with self._uow() as uow:
                if await uow.processed_events.was_processed(USED_LINKS, grant.nonce):
                    raise ExportLinkGoneError("been used already")
            return DownloadExportResult(document=None)
        async with self._uow() as uow:
            try:
                document = await self._export.build(uow, ExportUserDataCommand(
                    user_id=grant.user_id))
            except UserNotFoundError:
                raise ExportLinkInvalidError("the user of this link is gone") from None
            # Recorded in the same transaction as the read: of two downloads at once, the
            # second waits on the first's row and finds the link used.
            if not await uow.processed_events.mark_processed(USED_LINKS, grant.nonce):
                raise ExportLinkGoneError("been used already")
            await uow.commit()
        return DownloadExportResult(document=document)
