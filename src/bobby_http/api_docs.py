"""`/schema`: the OpenAPI document and a Swagger UI that works offline.

Litestar's render plugins load their JavaScript from a CDN by default, so the page is blank
without internet. The Swagger UI files come from the `swagger-ui-bundle-v2` package instead and
are served beside the page. The Studio route's description lists every flow and the steps it
may be called with, taken from the registry the app runs."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from litestar import Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.steps import Ask, LlmLoop

ASSETS = "/schema/assets"
FAVICON = '<link rel="icon" type="image/svg+xml" href="/favicon.svg">'
STUDIO_INTRO = (
    "Twilio Studio calls `POST /studio/steps/{flow}/{step}` once per step, with the user's "
    "phone and their answer (empty text asks the step's question). The flows and the steps "
    "that wait for an answer:\n\n")


class OfflineSwaggerPlugin(SwaggerRenderPlugin):
    """Swagger UI from packaged files: no outside call when the page loads."""

    def __init__(self) -> None:
        super().__init__(
            js_url=f"{ASSETS}/swagger-ui-bundle.js", css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            path=["/", "/swagger"], favicon=FAVICON)

    def receive_router(self, router: Router) -> None:
        router.register(create_static_files_router(
            path="/assets", directories=[Path(swagger_ui_bundle.swagger_ui_path)],
            include_in_schema=False, name="swagger_assets"))


def studio_steps(registry: FlowRegistry) -> str:
    """A Markdown list: each flow id (title) with the ids of its steps that wait for an answer."""
    lines = []
    for flow in registry.all_latest():
        waiting = [s.id for s in flow.steps if isinstance(s, Ask | LlmLoop)]
        steps = ", ".join(f"`{s}`" for s in waiting) or (
            f"none (call `{flow.first.id}` with an empty text; it runs to its end)")
        lines.append(f"- `{flow.id}` ({flow.title}): {steps}")
    return "\n".join(lines)


def openapi_config(registry: FlowRegistry) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Bobby", version="0.1.0", path="/schema",
        description=STUDIO_INTRO + studio_steps(registry),
        render_plugins=[OfflineSwaggerPlugin()])
