"""Journaling: a 7-prompt series on a topic the user picks (with the model's help), or free style.

A topic named by its number or name starts at once; one the model finds in the user's own words
is suggested first and starts only on yes. Unsure twice at the topic question means free style.

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
    End,
    FreeText,
    LlmExtract,
    LlmLoop,
    NumberRange,
    Say,
    SubFlow,
    Unsure,
    When,
    YesNo,
)
from bobby_core.flows.journaling.actions import SAVED_FIELDS
from bobby_core.flows.journaling.topics import KEYWORDS, TOPICS
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldShape, FieldSpec

FREE_WORDS = ("free style", "freestyle", "journal free style", "free-style", "free")
CHANGE_WORDS = ("change topic", "change the topic", "new topic", "another topic", "change")
NOT_SURE = ("i don't know", "i dont know", "idk", "not sure", "i'm not sure", "im not sure",
            "no idea", "dunno", "?", "don't know", "dont know")
FOLLOW_UPS = load_prompt(__name__, "followups.txt")

START = (
    Action(id="progress", name="journal_progress"),
    Say(id="intro"),
    Branch.if_yes(id="has_series", var="journal_has_series", then="load", otherwise="pick"),
)

CHOOSE_TOPIC = (
    # A number or a topic's name is a choice; own words get a suggestion to confirm; nothing
    # clear asks again (the list, a number, more words or free style), as often as it takes.
    Ask(id="pick", save_as="topic_talk", expect=FreeText(), unsure=Unsure.ANSWER_AFTER_REPHRASE),
    # Still unsure after the question in other words (which offers free style): free style.
    Branch.on_words(id="pick_free", var="topic_talk",
                    routes={"free_style": (*FREE_WORDS, *NOT_SURE)}, otherwise="listed"),
    Action(id="listed", name="journal_listed_topic", args={"var": "topic_talk"}),
    Branch.if_set(id="picked_listed", var="topic_choice", then="chosen", otherwise="match_topic"),
    LlmExtract(id="match_topic", instruction=load_prompt(__name__, "choose_topic.txt"),
               input="{topic_talk}", fields=(FieldSpec(
                   name="topic_choice", description="The journaling topic that fits best",
                   choices=TOPICS, keywords=KEYWORDS, default=""),)),
    Branch.if_set(id="matched", var="topic_choice", then="suggest_topic",
                  otherwise="pick_number"),
    Ask(id="suggest_topic", save_as="topic_agreed", expect=YesNo()),
    Branch.if_yes(id="agreed", var="topic_agreed", then="chosen", otherwise="pick_number"),
    Ask(id="pick_number", save_as="topic_talk", expect=FreeText(),
        unsure=Unsure.ANSWER_AFTER_REPHRASE, next="pick_free"),
    Action(id="chosen", name="journal_choose_topic", args={"var": "topic_choice"}),
    Say(id="announce"),
)

WRITE = (
    Action(id="load", name="journal_load_prompt"),
    Ask(id="entry", save_as="entry", expect=FreeText(), unsure=Unsure.ANSWER),
    Branch.on_words(id="entry_words", var="entry", routes={
        "change": CHANGE_WORDS, "free_style": FREE_WORDS, "reframe": NOT_SURE,
    }, otherwise="followups"),
    Say(id="change", next="pick"),
    Action(id="free_style", name="journal_free_style"),
    Ask(id="free_entry", save_as="entry", expect=FreeText(), unsure=Unsure.ANSWER,
        next="entry_words"),
    LlmExtract(id="reframe", instruction=load_prompt(__name__, "reframe.txt"), input="{prompt}",
               fields=(FieldSpec(name="reframed", description="The prompt as one simpler question",
                                 shape=FieldShape.QUESTION),)),
    Ask(id="entry_again", save_as="entry", expect=FreeText(), unsure=Unsure.ANSWER),
)

GO_DEEPER = (
    LlmLoop(id="followups", save_as="followups", prompt=FOLLOW_UPS, min_turns=2, max_turns=5,
            guide_questions=("{follow_up_1}", "{follow_up_2}", "{follow_up_3}")),
    Branch.if_set(id="more_left", var="follow_up_4", then="keep_going", otherwise="rate"),
    Ask(id="keep_going", save_as="keep_going", expect=YesNo()),
    Branch.if_yes(id="continue", var="keep_going", then="more", otherwise="rate"),
    LlmLoop(id="more", save_as="more_followups", prompt=FOLLOW_UPS, min_turns=1, max_turns=3,
            guide_questions=("{follow_up_4}",)),
)

RATE = (
    Ask(id="rate", save_as="rating", expect=NumberRange(low=1, high=5)),
    Branch(id="rating_reply", cases=(
        Case(when=When(var="rating", op=">", value=3), goto="liked"),
        Case(when=When(var="rating", op="==", value=3), goto="so_so"),
    ), otherwise="not_for_me"),
    Say(id="liked", next="save"),
    Say(id="so_so", next="save"),
    Say(id="not_for_me", next="save"),
)

FLOW = Flow(
    id="journaling", version=1, menu_key="1", reads_progress=True,
    aliases=("journal", "journaling"), deep_links=("Start Journaling",),
    keywords=("journal", "write", "writing", "thoughts", "mind", "process", "confused",
              "lonely", "sad", "grateful", "feelings", "lot going on"),
    on_abandon="journal_keep_partial",
    steps=(
        *START, *CHOOSE_TOPIC, *WRITE, *GO_DEEPER, *RATE,
        Action(id="save", name="save_result", args={"fields": SAVED_FIELDS,
                                                    "feel_after": "rating"}),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
    ),
)
