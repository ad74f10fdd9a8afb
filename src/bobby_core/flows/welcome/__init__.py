"""Welcome: who Bobby is, what it can and cannot do, the skills on offer; then the menu.

The skills are the menu's exercises, listed from their catalogue (`list_exercises`), so a new
exercise shows here without an edit. The prototype showed two founder videos and a skills
infographic here. Bobby has no such media files of its own yet, so Welcome is text only; a Say
takes `media_url` once they exist."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, End, Say

FLOW = Flow(
    id="welcome", version=1, menu_key="0",
    aliases=("welcome", "intro", "about", "about bobby", "who are you"),
    keywords=("what is bobby", "who are you", "what are you", "how does this work",
              "how does it work", "what can you do", "new here", "first time", "explain",
              "what is this", "about you"),
    steps=(
        Say(id="hello"),
        Say(id="how"),
        Say(id="limits"),
        Action(id="skills_list", name="list_exercises", args={"skip": ("welcome", "recommender")}),
        Say(id="skills"),
        Action(id="save", name="save_result"),
        Action(id="menu", name="show_menu"),
        End(id="done"),
    ),
)
