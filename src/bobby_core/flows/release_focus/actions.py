"""Release and Focus's closing reflection: it names only what the user actually named."""

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.actions import ActionContext, ActionHandler, declare
from bobby_core.engine.parsing import normalise, says_nothing


async def reflect_control(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """`control_reflection`: what the talk in `control_talk` named, out of the user's control
    and in it; a user who named nothing is not thanked for naming something."""
    talk = ctx.variables.get("control_talk")
    turns = [t for t in talk if isinstance(t, dict)] if isinstance(talk, list) else []
    # How a question about what is in the user's hands reads (the rest ask what is outside
    # them): kept beside the guide questions in the flow's text file, so they change together.
    within_markers = [normalise(m) for m in ctx.text("within_markers").split("|") if m.strip()]
    outside = within = asked_within = False
    asked = ""
    for turn in turns:
        if turn.get("role") == "assistant":
            asked = normalise(str(turn.get("content", ""))).replace("*", "")
            asked_within = asked_within or any(marker in asked for marker in within_markers)
        elif not says_nothing(str(turn.get("content", ""))):
            if any(marker in asked for marker in within_markers):
                within = True
            else:
                outside = True
    if (outside or within) and not asked_within:
        name = "reflect_some"  # the talk never plainly turned to what is in their hands
    else:
        name = ("reflect_both" if outside and within else "reflect_focus" if within
                else "reflect_let_go" if outside else "reflect_nothing")
    ctx.variables["control_reflection"] = ctx.text(name)


ACTIONS: Mapping[str, ActionHandler] = {"reflect_control": declare(
    reflect_control, writes=("control_reflection",),
    texts=("within_markers", "reflect_both", "reflect_focus", "reflect_let_go", "reflect_some",
           "reflect_nothing"))}
