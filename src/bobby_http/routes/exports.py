"""/exports/{token}: the JSON file behind a user's export link (signed, used once).

Opening the link (GET) only shows a page with a download button; the download itself is a
POST. Link previews (a chat app fetching the URL to draw a card) only GET, so they cannot use
the link up before its owner does."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.download_export import DownloadExport, DownloadExportCommand

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                      "form-action 'self'; frame-ancestors 'none'"}
MAX_TOKEN = 512


@get("/exports/{token:str}", summary="The page of a user's export link",
     include_in_schema=False)
async def export_page(token: FromPath[str], export: NamedDependency[DownloadExport]) -> Template:
    await export.execute(DownloadExportCommand(token=token[:MAX_TOKEN], check_only=True))
    return Template(template_name="export.html", headers=HEADERS)


@post("/exports/{token:str}", summary="A user's data export (used once)",
      include_in_schema=False, status_code=HTTP_200_OK)
async def download(token: FromPath[str],
                   export: NamedDependency[DownloadExport]) -> Response[dict[str, Any]]:
    result = await export.execute(DownloadExportCommand(token=token[:MAX_TOKEN]))
    return Response(result.document or {}, headers={
        **HEADERS, "Content-Disposition": 'attachment; filename="bobby-export.json"'})


ROUTES = [export_page, download]
