"""Welcome: who Bobby is, what it can and cannot do, the skills on offer; then the menu.

The prototype showed two founder videos and a skills infographic here. Bobby has no such media
files of its own yet, so Welcome is text only; a Say takes `media_url` once they exist."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, End, Say
from bobby_core.flows.support import PROFESSIONAL_HELP_URL

FLOW = Flow(
    id="welcome", version=1, title="Welcome: what is Bobby?", menu_key="0",
    aliases=("welcome", "intro", "about", "about bobby", "who are you"),
    description="Who Bobby is and how it can help (1 minute).",
    steps=(
        Say(id="hello", text=(
            "Hi, I'm Bobby 👋 I'm a well-being companion that lives right here in WhatsApp. "
            "I help with everyday work stress through short exercises of one to five minutes, "
            "whenever it suits you."
        )),
        Say(id="how", text=(
            "To get the most out of me: pick an exercise from the menu and answer in your own "
            "words. There are no wrong answers, and the more honest you are, the more useful it "
            "gets. You can send *menu* at any time to start over, *help* for the commands, or "
            "*stop* to pause all messages."
        )),
        Say(id="limits", text=(
            "What I can't do: I'm an automated companion, not a therapist, a doctor or a crisis "
            "service. I can't diagnose or treat anxiety, depression or any other condition. If "
            "you're struggling, please talk to a professional; you can find free, confidential "
            f"support near you at {PROFESSIONAL_HELP_URL}. If you're ever in danger, call your "
            "local emergency number."
        )),
        Say(id="skills", text=(
            "Here's what we can do together:\n"
            "• *Journaling*: write through a topic, one prompt at a time\n"
            "• *Reflect*: look at a situation that bothers you from a new angle\n"
            "• *Release and Focus*: let go of what you can't control, focus on what you can\n"
            "• *Burnout check*: 12 quick questions on how work is wearing on you\n"
            "• *SMART goal*: turn today's goal into a clear plan\n"
            "• *Cheerleader*: be as kind to yourself as you are to a friend\n"
            "• *Boundaries*: a day-by-day journey to protect your time and energy\n"
            "Not sure where to start? Pick *Help me choose* and I'll suggest one."
        )),
        Action(id="save", name="save_result"),
        Action(id="menu", name="show_menu"),
        End(id="done", text="That's the tour! Here's the menu whenever you're ready."),
    ),
)
