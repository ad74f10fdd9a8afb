"""Server-rendered pages (Jinja, autoescaped): the admin and the export download page."""

from __future__ import annotations

from pathlib import Path

from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

TEMPLATES = TemplateConfig(directory=Path(__file__).parent, engine=JinjaTemplateEngine)
