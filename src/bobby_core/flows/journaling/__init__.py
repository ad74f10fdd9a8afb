"""Journaling: a 7-prompt series on a topic the user picks (with the model's help), or free style.

Each session: one prompt, then model follow-ups built on the prompt's own follow-up questions
(at least 2). When a prompt has a 4th follow-up, the user is first asked whether to keep going.
"Change topic" and "free style" work at the prompt; "I don't know" gets the prompt reframed.
The 1-5 rating gets a reply that matches it (the prototype always sent the happy one)."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    Choice,
    End,
    FreeText,
    LlmExtract,
    LlmLoop,
    NumberRange,
    Option,
    Say,
    SubFlow,
    When,
    YesNo,
)
from bobby_core.flows.journaling.actions import SAVED_FIELDS
from bobby_core.flows.journaling.topics import KEYWORDS, TOPICS, topic_menu
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldShape, FieldSpec

FREE_WORDS = ("free style", "freestyle", "journal free style", "free-style", "free")
CHANGE_WORDS = ("change topic", "change the topic", "new topic", "another topic", "change")
NOT_SURE = ("i don't know", "i dont know", "idk", "not sure", "i'm not sure", "im not sure",
            "no idea", "dunno", "?", "don't know", "dont know")
TOPIC_CHOICE = Choice(
    options=(*(Option(key=t, label=t, aliases=(str(n),)) for n, t in enumerate(TOPICS, start=1)),
             Option(key="free style", label="free style", aliases=FREE_WORDS)),
    hint="Please reply with a number from 1 to 16, or *free style*.",
)

FLOW = Flow(
    id="journaling", version=1, title="Journaling", menu_key="1", reads_progress=True,
    aliases=("journal", "journaling"), deep_links=("Start Journaling",),
    on_abandon="journal_keep_partial",
    description="A guided journaling prompt, part of a 7-session series (about 5 minutes).",
    steps=(
        Action(id="progress", name="journal_progress"),
        Say(id="intro", text="{journal_intro}"),
        Branch(id="has_series", cases=(
            Case(when=When(var="journal_has_series", op="==", value=True), goto="load"),
        ), otherwise="pick"),
        Ask(id="pick", save_as="topic_talk", expect=FreeText(), prompt=(
            "What would you like to journal about? Here are the topics:\n" + topic_menu() +
            "\n\nReply with a number, or tell me in your own words what's on your mind and I'll "
            "suggest one. Or reply *free style* to write about anything."
        )),
        Branch(id="pick_free", cases=(
            Case(when=When(var="topic_talk", op="said", value=FREE_WORDS), goto="free_style"),
        ), otherwise="match_topic"),
        LlmExtract(id="match_topic", instruction=load_prompt(__name__, "choose_topic.txt"),
                   input="{topic_talk}", fields=(FieldSpec(
                       name="topic_choice", description="The journaling topic that fits best",
                       choices=TOPICS, keywords=KEYWORDS, default=""),)),
        Branch(id="matched", cases=(
            Case(when=When(var="topic_choice", op="set"), goto="chosen"),
        ), otherwise="pick_number"),
        Ask(id="pick_number", save_as="topic_choice", expect=TOPIC_CHOICE, prompt=(
            "I'm not sure which topic fits best. Which number from the list feels closest? "
            "Or reply *free style*."
        )),
        Branch(id="number_free", cases=(
            Case(when=When(var="topic_choice", op="==", value="free style"), goto="free_style"),
        ), otherwise="chosen"),
        Action(id="chosen", name="journal_choose_topic", args={"var": "topic_choice"}),
        Say(id="announce", text=(
            "Over the next 7 sessions we'll focus on *{topic}*, one prompt at a time. Let's begin."
        )),
        Action(id="load", name="journal_load_prompt"),
        Ask(id="entry", save_as="entry", expect=FreeText(), prompt=(
            "*{topic}* · session {journal_session} of 7\n\n{prompt}\n\n"
            "Take your time. If you're not sure, just say so. You can also reply *change topic* "
            "or *free style*."
        )),
        Branch(id="entry_words", cases=(
            Case(when=When(var="entry", op="said", value=CHANGE_WORDS), goto="change"),
            Case(when=When(var="entry", op="said", value=FREE_WORDS), goto="free_style"),
            Case(when=When(var="entry", op="said", value=NOT_SURE), goto="reframe"),
        ), otherwise="followups"),
        Say(id="change", text="Sure, let's change topic.", next="pick"),
        Action(id="free_style", name="journal_free_style"),
        Ask(id="free_entry", save_as="entry", expect=FreeText(), next="entry_words", prompt=(
            "Free style it is. {prompt} Write as much or as little as you like."
        )),
        LlmExtract(id="reframe", instruction=load_prompt(__name__, "reframe.txt"),
                   input="{prompt}", fields=(FieldSpec(
                       name="reframed", description="The prompt as one simpler question",
                       shape=FieldShape.QUESTION),)),
        Ask(id="entry_again", save_as="entry", expect=FreeText(), prompt=(
            "That's okay, there's no right answer. Let me put it another way:\n\n{reframed}\n\n"
            "Even a few words are a good start."
        )),
        LlmLoop(id="followups", save_as="followups", prompt=load_prompt(__name__, "followups.txt"),
                guide_questions=("{follow_up_1}", "{follow_up_2}", "{follow_up_3}"),
                closing="Thank you for going deeper with me. 💛", min_turns=2, max_turns=5),
        Branch(id="more_left", cases=(
            Case(when=When(var="follow_up_4", op="set"), goto="keep_going"),
        ), otherwise="rate"),
        Ask(id="keep_going", save_as="keep_going", expect=YesNo(), prompt=(
            "We've covered a few questions already. Would you like to keep going with one more, "
            "or stop here? (yes/no)"
        )),
        Branch(id="continue", cases=(
            Case(when=When(var="keep_going", op="==", value=True), goto="more"),
        ), otherwise="rate"),
        LlmLoop(id="more", save_as="more_followups",
                prompt=load_prompt(__name__, "followups.txt"), guide_questions=("{follow_up_4}",),
                closing="Thank you for writing all of that down. 💛", min_turns=1, max_turns=3),
        Ask(id="rate", save_as="rating", expect=NumberRange(low=1, high=5), prompt=(
            "Your journaling session has come to an end. How much did you enjoy it, from 1 to 5?"
            "\n1 - not at all\n3 - it was okay\n5 - very much"
        )),
        Branch(id="rating_reply", cases=(
            Case(when=When(var="rating", op=">", value=3), goto="liked"),
            Case(when=When(var="rating", op="==", value=3), goto="so_so"),
        ), otherwise="not_for_me"),
        Say(id="liked", next="save", text=(
            "Well done! 🌟 Journaling works best as a habit, so see if you can make a little "
            "time for it again soon."
        )),
        Say(id="so_so", next="save", text=(
            "Journaling can feel tricky at first. It often gets easier with practice, so it may "
            "be worth giving it another go."
        )),
        Say(id="not_for_me", next="save", text=(
            "Thanks for trying it. Journaling isn't for everyone, and that's okay. If you tell me "
            "what didn't work in a moment, it helps me improve."
        )),
        Action(id="save", name="save_result", args={
            "fields": SAVED_FIELDS,
            "feel_after": "rating",
        }),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
    ),
)
