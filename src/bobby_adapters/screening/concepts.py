"""The ideas a message is made of, for the classifier: many wordings, one token each.

A passive wish to die said without death words is made of a few ideas put together: *no
reason* (or no point, why bother) with *going on* (living, carrying on, waking up, being
here); *not being around* said of the writer, with *soon*; *hoping not to wake*. People
say each idea in many ways, and a classifier that sees only the words learns the wordings of
its training set; one that also sees the ideas, and which ideas stand together, learns the
shape. Everyday readings bring ideas of their own (a schedule, a thing, someone else, a
laugh), which the classifier learns to weigh against the rest.

Each concept is a pattern on normalised text (text.normalise). `concepts` gives the concepts
in order of appearance; `concept_features` adds each concept and every pair that stands in one
sentence, as tokens for a vectoriser."""

from __future__ import annotations

import re
from itertools import combinations

_CONCEPTS: dict[str, str] = {
    "LIFE": (r"\b(living|live|alive|life|existing|exist|existence|breathing|surviv\w+|survive"
             r"|go(ing)?\s+on|keep(ing)?\s+(on\s+)?(going|at\s+it|trying|fighting|living|pushing)"
             r"|carry(ing)?\s+on|continu\w+|be(ing)?\s+(here|around)|stay(ing)?(\s+(here|around))?"
             r"|stick(ing)?\s+around|hang(ing)?\s+(on|around)|hold(ing)?\s+on|get(ting)?\s+through"
             r"|push(ing)?\s+through|make\s+it|face\s+(it|another|tomorrow|the\s+day|each)"
             r"|another\s+(day|year|week|month)|one\s+more\s+day|the\s+future|any\s+of\s+this)\b"),
    "WAKE": (r"\b(wak\w*|woke|get(ting)?\s+up|open(ing)?\s+my\s+eyes|morning|mornings|tomorrow"
             r"|sunrise|alarm|next\s+day|a\s+new\s+day|another\s+day|tonight|sleep\w*|asleep|night)\b"),
    "FUTILE": (r"\b(no|any|a|one|single|real|good)\s+(\w+\s+)?reasons?\b|\breasons?\b"
               r"|\b(no|the|any|whats\s+the|whats\s+even\s+the)\s+point\b|\bpointless\b"
               r"|\bwhats\s+the\s+use\b|\bno\s+use\b|\bwhy\s+bother\b|\bwhy\s+(do|should|would|am)\s+i\b"
               r"|\bwhy\s+(even|still)\b|\bfor\s+what\b|\bworth\b|\bmeaningless\b|\bnothing\s+(left|to|worth"
               r"|keeping|keeps|that)\b|\bcant\s+(think|see|remember|find)\s+(why|a|any|one)\b"
               r"|\bdont\s+(know|see)\s+(why|what)\b|\bno\s+idea\s+why\b|\bwhats\s+(keeping|left)\b"
               r"|\bwhat\s+for\b|\bwhat\s+am\s+i\s+(even\s+|still\s+)*(doing|here)\b"),
    "GONE": (r"\b(wont|will\s+not|not\s+going\s+to|might\s+not|may\s+not|dont\s+think\s+ill|doubt\s+ill)"
             r"\s+(be\s+)?(around|here|there|a\s+problem|a\s+burden|in\s+\w+\s+way|bother\w*)\b"
             r"|\bbe\s+gone\b|\bgone\s+(soon|before|by)\b|\brid\s+of\s+me\b|\bfree\s+of\s+me\b"
             r"|\bout\s+of\s+(your|everyones|everybodys|their|the)\s+(way|hair|lives?)\b"
             r"|\b(deal|put\s+up|worry|bother)\w*\s+(with|about)\s+me\b|\bwithout\s+me\b|\bmiss\s+me\b"
             r"|\bdisappear\w*|\bvanish\w*|\bfade\w*(\s+(away|out))?\b|\bnot\s+(exist|be\s+here|be\s+around)\b"
             r"|\blast\s+(christmas|birthday|summer|time|one|goodbye)\b|\bburden\b|\bover\s+soon\b"
             r"|\b(wont|never)\s+(see|hear\s+from)\s+me\b|\bnot\s+(here|around)\s+(for|by|next|much)\b"),
    "WISHNOT": (r"\b(hope|hoping|wish\w*|pray\w*|rather|prefer)\s+(that\s+)?(i|it|tomorrow|the\s+\w+)?\s*"
                r"(dont|didnt|doesnt|wont|wouldnt|never|not)\b|\b(dont|do\s+not|no\s+longer)\s+want\s+to\b"
                r"|\bwish\w*\s+(i|it)\s+(could|would)\b|\bnever\s+(end|come|wake)\b"),
    "TIRED": (r"\b(tired|sick|weary|exhausted|done|finished|over)\s+(of|with)\b|\bcant\s+(do|take|bear"
              r"|handle|cope)\b|\benough\b|\bgive\s+up\b|\bgiving\s+up\b|\bgave\s+up\b"),
    "DEATH": (r"\b(die|dies|dying|died|dead|death|suicid\w*|kill\w*|overdos\w*|end\s+(it|my\s+life)"
              r"|self\s*harm\w*|cut(ting)?\s+myself|hurt(ing)?\s+myself)\b"),
    "SELF": r"\b(i|im|ive|id|ill|me|my|myself|mine)\b",
    "SOON": (r"\b(soon|much\s+longer|for\s+long|any\s*more|any\s+longer|before\s+long|not\s+long"
             r"|next\s+(year|month|week)|by\s+(the\s+end|christmas|then|next)|ever\s+again|again)\b"),
    "SCHEDULE": (r"\b(\d+|early|late|oclock|shift|train|bus|flight|plane|meeting|class|lecture|exam"
                 r"|party|gym|shop|appointment|holiday|weekend|trip|job|work|office|boss|contract|school"
                 r"|uni|college|course|move|moving|leaving|abroad|retir\w*|notice|visa|lease|rent"
                 r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|today)\b"),
    "THING": (r"\b(phone|battery|laptop|computer|plant|show|series|season|episode|game|team|club|car"
              r"|printer|band|film|movie|book|character|app|account|subscription)\b"),
    "OTHER": (r"\b(he|she|they|him|her|them|his|their|mum|mom|dad|nan|gran|grandad|grandma|grandpa"
              r"|grandmother|grandfather|dog|cat|friend|brother|sister|son|daughter|husband|wife"
              r"|partner|boyfriend|girlfriend|uncle|aunt|neighbour|colleague)\b"),
    "LAUGH": r"\b(lol|lmao|haha\w*|rofl|jk|kidding|joking)\b",
    "NEG": r"\b(not|never|no|dont|cant|wont|nothing|none|nobody)\b",
}
_PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in _CONCEPTS.items())
_SENTENCE = re.compile(r"[.!?;]+|\bbut\b")


def concepts(normalised: str) -> list[str]:
    """The concepts of a normalised text, in the order they appear (repeats kept)."""
    found = [(m.start(), name) for name, pattern in _PATTERNS for m in pattern.finditer(normalised)]
    return [name for _, name in sorted(found)]


def concept_features(normalised: str) -> list[str]:
    """Each concept of each sentence, and each pair of concepts that share a sentence."""
    features: list[str] = []
    for sentence in _SENTENCE.split(normalised):
        present = sorted(set(concepts(sentence)))
        features += present
        features += [f"{a}+{b}" for a, b in combinations(present, 2)]
    return features
