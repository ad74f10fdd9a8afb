"""Small files every page uses (the favicon), served from the package, never from a CDN."""

from __future__ import annotations

from importlib.resources import files

from litestar import Response, get

FAVICON = files("bobby_http.pages").joinpath("favicon.svg").read_bytes()


@get("/favicon.svg", include_in_schema=False)
async def favicon() -> Response[bytes]:
    return Response(FAVICON, media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@get("/favicon.ico", include_in_schema=False)
async def favicon_ico() -> Response[bytes]:
    # Browsers ask for /favicon.ico on their own; modern ones accept an SVG body.
    return Response(FAVICON, media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


ROUTES = [favicon, favicon_ico]
