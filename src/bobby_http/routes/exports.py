"""/exports/{token}: the JSON file behind a user's export link (signed, used once).

Opening the link (GET) only shows a page with a download button; the download itself is a
POST. Link previews (a chat app fetching the URL to draw a card) only GET, so they cannot use
the link up before its owner does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK, HTTP_404_NOT_FOUND, HTTP_410_GONE

from bobby_core.errors import ExportLinkGoneError, ExportLinkInvalidError
from bobby_core.use_cases.download_export import DownloadExport, DownloadExportCommand
from bobby_http.errors import handle_error

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                      "form-action 'self'; frame-ancestors 'none'"}
MAX_TOKEN = 512


GONE = {
    "used": ("This link has been used", "Your data was downloaded with it already: each link "
             "works once, to keep your data safe."),
    "expired": ("This link has expired", "Export links work for 30 minutes, to keep your "
                "data safe."),
    "invalid": ("This link does not work", "It may be mistyped, or the data it pointed to has "
                "been deleted."),
}


def gone_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A person's browser gets a page that says why the link no longer opens (and how to get
    a new one); any other client, the usual problem+json."""
    if "text/html" not in request.headers.get("accept", ""):
        return handle_error(request, exc)
    if isinstance(exc, ExportLinkGoneError):
        kind, status = ("used" if "used" in str(exc) else "expired"), HTTP_410_GONE
    else:
        kind, status = "invalid", HTTP_404_NOT_FOUND
    heading, why = GONE[kind]
    return Template(template_name="export_gone.html", status_code=status, headers=HEADERS,
                    context={"heading": heading, "why": why})


LINK_ERRORS: dict[int | type[Exception], Callable[[Request[Any, Any, Any], Any], Response[Any]]] = {
    ExportLinkGoneError: gone_page, ExportLinkInvalidError: gone_page}


@get("/exports/{token:str}", summary="The page of a user's export link",
     include_in_schema=False, exception_handlers=LINK_ERRORS)
async def export_page(token: FromPath[str], export: NamedDependency[DownloadExport]) -> Template:
    await export.execute(DownloadExportCommand(token=token[:MAX_TOKEN], check_only=True))
    return Template(template_name="export.html", headers=HEADERS)


@post("/exports/{token:str}", summary="A user's data export (used once)",
      include_in_schema=False, status_code=HTTP_200_OK, exception_handlers=LINK_ERRORS)
async def download(token: FromPath[str],
                   export: NamedDependency[DownloadExport]) -> Response[dict[str, Any]]:
    result = await export.execute(DownloadExportCommand(token=token[:MAX_TOKEN]))
    return Response(result.document or {}, headers={
        **HEADERS, "Content-Disposition": 'attachment; filename="bobby-export.json"'})


ROUTES = [export_page, download]
