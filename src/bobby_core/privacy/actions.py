"""The chat's side of an export: the `export_link` action puts a fresh link in the flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.actions import ActionContext, ActionHandler, declare
from bobby_core.engine.outcome import Effects
from bobby_core.privacy.export_links import ExportLinks


def export_actions(links: ExportLinks | None) -> dict[str, ActionHandler]:
    """The action, signing with `links`; without them it leaves `export_url` empty (the flow
    then says an export cannot be made here)."""

    async def export_link(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
        """Sign a single-use link to the user's data (nothing is stored until it is used)."""
        if links is None:
            ctx.variables["export_url"] = ""
            return None
        ctx.variables["export_url"] = links.url_for(ctx.turn.user.id, ctx.turn.ids.new_id(),
                                                    ctx.turn.now)
        ctx.variables["export_minutes"] = int(links.lifetime.total_seconds() // 60)
        return None

    return {"export_link": declare(export_link, writes=("export_url", "export_minutes"))}
