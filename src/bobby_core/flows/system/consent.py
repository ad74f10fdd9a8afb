"""First contact: say what Bobby is and is not, and ask before storing anything."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, Say, YesNo

FLOW = Flow(
    id="consent", version=1, title="Consent", system=True,
    steps=(
        Say(id="disclose", text=(
            "Hi, I'm Bobby 👋 an automated well-being companion. I guide you through short "
            "exercises from coaching and CBT to help with stress and clear thinking.\n\n"
            "I'm not a therapist, a doctor or a medical device, and I can't help in an "
            "emergency. If you are in danger, please call your local emergency number."
        )),
        Ask(id="ask", save_as="consent", expect=YesNo(hint="Please reply yes or no."), prompt=(
            "To run the exercises I need to store your messages and answers. They are used only "
            "to support you; you can export or delete them at any time by sending "
            "'delete my data'.\n\nIs that OK? Reply yes or no."
        )),
        Branch.if_yes(id="decide", var="consent", then="accept", otherwise="decline"),
        Action(id="accept", name="set_consent", args={"status": "given"}, next="thanks"),
        Action(id="decline", name="set_consent", args={"status": "declined"}, next="bye"),
        End(id="bye", text=(
            "That's fine, I won't store anything. Without it I can't run the exercises. "
            "If you change your mind, just say hi."
        )),
        End(id="thanks", text="Thank you! Let's begin."),
    ),
)
