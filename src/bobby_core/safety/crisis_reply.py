"""The fixed message a person in crisis receives. Written by us, reviewed, never generated."""

from __future__ import annotations

from bobby_core.safety.helplines import Helplines


def crisis_message(helplines: Helplines) -> str:
    lines = "\n".join(f"• {line}" for line in helplines.lines)
    return (
        "Thank you for telling me. It sounds like you are going through something really hard, "
        "and you deserve support from a person right now.\n\n"
        f"If you are in danger or might act on these thoughts, please call {helplines.emergency} "
        "now.\n\n"
        f"You can also talk to someone, free and in confidence:\n{lines}\n\n"
        "I'm an automated companion, so I can't give crisis support myself, but I'm still here."
    )
