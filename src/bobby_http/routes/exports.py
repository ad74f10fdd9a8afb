"""GET /exports/{token}: the JSON file behind a user's export link (signed, used once)."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from bobby_core.use_cases.download_export import DownloadExport, DownloadExportCommand


@get("/exports/{token:str}", summary="A user's data export (the link sent in the chat)",
     include_in_schema=False)
async def download(token: FromPath[str],
                   export: NamedDependency[DownloadExport]) -> Response[dict[str, Any]]:
    result = await export.execute(DownloadExportCommand(token=token[:512]))
    return Response(result.document, headers={
        "Content-Disposition": 'attachment; filename="bobby-export.json"',
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


ROUTES = [download]
