"""A rule-based crisis screener: phrases and patterns for explicit and indirect crisis signals.

It errs towards flagging: a false alarm costs a kind message with helplines, a miss can cost far
more. Most people in crisis do not say "suicide", so the indirect wordings (wanting everything to
stop, being a burden, giving things away, saying goodbye) matter as much as the explicit ones.
Idioms that only sound alarming ("this deadline is killing me") are removed before matching.
Measured on tests/unit/safety_cases.py by bench/screener_recall.py."""

from __future__ import annotations

import re

from bobby_core.ports import ScreeningResult

# Text is lower-cased and apostrophes are dropped before matching ("don't" -> "dont"), so the
# patterns are written without apostrophes and match people who type without them too.
_NOT_PEOPLE = (r"(back|neck|knees?|ankles?|foot|feet|hands?|legs?|shoulders?|wrists?|fingers?|toes?"
               r"|head|hips?|eyes?|feelings|chances|pride|ego|reputation|career|grades|score|budget|plans?)")
_FAMILY = r"(partner|husband|wife|boyfriend|girlfriend|dad|father|mum|mom|mother|stepdad|stepfather|ex)"

_PATTERNS: dict[str, tuple[str, ...]] = {
    "suicide": (
        r"\b(kill|killing|end|ending|take|taking)\s+(myself|my\s+self|my\s+(own\s+)?life)\b",
        r"\bsuicid\w*", r"\b(kms|kys)\b", r"\bunaliv\w*",
        r"\b(want|wanna|wish|ready|plan\w*|deserve)\s+(to\s+)?die\b",
        r"\bwant\s+to\s+be\s+dead\b",
        r"\bwish\s+(i\s+)?(was|were|could\s+be)\s+dead\b",
        r"\bwish\s+i\s+(was|were|had)\s+(never|not)\s+been\s+born\b|\bnever\s+been\s+born\b",
        r"\b(rather|better\s+off)\s+(be\s+)?dead\b",
        r"\b(end|ending)\s+it(\s+all)?\s*($|[.!,]|\btonight|\btoday|\bnow|\bsoon)",
        r"\boverdos\w*|\bhang(ing)?\s+myself\b|\bslit\w*\s+my\b",
        r"\b(pills|tablets|meds|medication)\b.*\b(take|taking|swallow\w*)\s+(them\s+|it\s+)?all\b",
        r"\b(sav(ed|ing)|stockpil\w*|hoard\w*)\s+(up\s+)?(my\s+)?(pills|tablets|meds)\b",
        r"\bjump(ing)?\s+(off|from)\s+(a|the|my)?\s*\w*\s*(bridge|building|roof|cliff|balcony)\b",
        r"\b(jump\w*|step\w*|throw\w*\s+myself)\s+in\s+front\s+of\s+(a|the)\s+(train|bus|car|lorry|truck)\b",
        r"\b(goodbye|suicide)\s+(note|letter)\b(?!\s+(for|to)\s+(my|a|our)\s+(colleague|coworker|boss|team))",
        r"\bnote\s+for\s+(my|the)\s+\w+\s+to\s+find\b",
        r"\b(dont|do\s+not|no\s+longer)\s+want\s+to\s+(live|be\s+alive|exist|wake\s+up)\b",
        r"\b(dont|do\s+not)\s+want\s+to\s+be\s+here\s+any\s*more\b",
        r"\b(hurt|hurts)\s+(the\s+)?least\b|\bpainless\s+(way|death)\b",
        r"\bthink\w*\s+about\s+how\s+(id|i\s+would|to)\s+do\s+it\b",
        r"\b(end|ending)\s+(things|everything)\b(?=\s*($|[.!,?]|tonight|today|soon|now|for\s+good))",
        r"\b(took|taken|take|taking|swallowed)\s+(a\s+bunch\s+of|all\s+(of\s+)?(my|the)|loads\s+of|too\s+many"
        r"|lots\s+of|a\s+lot\s+of|a\s+handful\s+of|handfuls\s+of)\s+(pills|tablets|meds|painkillers|paracetamol)\b",
        r"\b(stop|not)\s+existing\b(?!\s+(on|in|at|for|as)\b)|\bwant\s+to\s+not\s+(exist|be\s+here)\b",
        r"\b(rope|noose)\s+(ready|tied|up)\b|\bbought\s+a\s+(rope|noose)\b",
        r"\bwhen\s+(im|i\s+am)\s+(gone|dead|not\s+here\s+any\s*more)\b(?!\s+(for|on|to|at|from)\b)",
    ),
    "self_harm": (
        r"\b(hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|burnt|punish\w*|starv\w*)"
        r"\s+(myself|my\s+self)\b",
        r"\bself[\s-]?harm\w*",
        r"\bcut(ting)?\s+(my|into\s+my)\s+(arms?|wrists?|legs?|thighs?|skin|stomach)\b",
        r"\b(been|started|start|keep|kept)\s+cutting\b(?!\s+(back|down|out|corners|costs|the|my\s+hair|carbs))"
        r"|\bcutting\s+again\b",
    ),
    "indirect": (
        r"\bwant\s+(everything|it\s+all|all\s+of\s+(this|it)|it|the\s+pain|life)\s+to\s+(stop|end)\b",
        r"\bbetter\s+(off\s+)?without\s+me\b",
        r"\bbetter\s+off\s+if\s+i\s+(wasnt|werent|was\s+not|were\s+not)\s+(here|around|alive)\b",
        r"\b(happier|better|easier)\s+(off\s+)?(if|when)\s+i\s+(was|were|am|m)\s+(gone|dead)\b",
        r"\b(nobody|no\s+one|noone)\s+would\s+(even\s+)?(notice|care|miss\s+me)\b.*\bif\s+i\b",
        r"\b(giv(ing|en)|gave)\s+(away\s+)?(all\s+)?my\s+(things|stuff|belongings|possessions)\b",
        r"\bgave\s+away\b.*\bwont\s+need\b",
        r"\b(cant|cannot|dont|can\s+not)\s+see\s+(a|any)\s+way\s+(out|forward)\b|\bno\s+way\s+out\b",
        r"\bwhats\s+the\s+point\s+(anymore|any\s+more|of\s+(living|life|it\s+all|anything|going\s+on"
        r"|being\s+(here|alive)|trying|me))\b",
        r"\bwhats\s+the\s+point\s*[?.!]*$",
        r"\bno\s+point\s+((in|to|of)\s+)?(living|going\s+on|carrying\s+on|being\s+alive|anything|any\s+of\s+(this|it)"
        r"|life|trying)\b",
        r"\b(cant|cannot)\s+(take|do|handle|bear|cope\s+with)\s+(it|this|any\s+of\s+this|life)\s+any\s*more\b",
        r"\b(cant|cannot)\s+keep\s+going\b(?!\s+(at|with|to|on)\b)",
        r"\bdone\s+with\s+(life|living|everything|it\s+all|being\s+alive)\b(?!\s+(at|in|for|on)\b)",
        r"\b(cant|cannot|can\s+not)\s+(go|carry)\s+on\b(?!\s+(a|the|that|this|holiday|trip|with\s+the)\b)",
        r"\b(cant|cannot)\s+(take|do)\s+(it|this)\s+any\s*more\b",
        r"\b(no|any|not\s+one)\s+reasons?\s+to\s+(keep\s+going|live|go\s+on|carry\s+on|be\s+(here|alive)|stay)\b",
        r"\b(never|not)\s+(to\s+)?wake\s+up\b",
        r"\b(disappear|vanish|be\s+gone)\s+(forever|for\s+good|for\s+ever)\b",
        r"\bburden\s+(to|on|for)\s+(everyone|everybody|my\s+(family|friends|parents|kids|children)|them\s+all)\b",
        r"\b(im|i\s+am)\s+(just\s+)?a\s+burden\s*[.!]*$",
        r"\bsaid\s+my\s+goodbyes\b|\bgoodbyes?\s+(to\s+everyone|for\s+good|forever)\b",
        r"\blast\s+time\s+(youll|you\s+will)\s+(hear|see)\s+(from\s+)?me\b",
        r"\bwont\s+(hear\s+from|see)\s+me\s+again\b",
        r"\bwont\s+be\s+(around|here|alive)\s+(much\s+longer|for\s+(much\s+)?long|anymore|any\s+more)\b",
        r"\b(dont|do\s+not)\s+belong\s+(in\s+this\s+world|here\s+any\s*more|anywhere)\b",
        r"\b(tired|sick|weary)\s+of\s+(living|being\s+alive|existing)\b"
        r"(?!\s+(with|in|at|on|like|here|there|out)\b)",
        r"\b(tired|sick|weary)\s+of\s+life\b(?=\s*($|[.!,?]|and\b|any\s*more))",
        r"\b(not|isnt|wasnt|no\s+longer)\s+worth\s+(living|it\s+any\s*more)\b",
        r"\bnothing\s+(left\s+)?to\s+live\s+for\b",
        # Hopelessness is a known risk signal; "hopeless at cooking" is not.
        r"\bfeel\w*\s+(so\s+|completely\s+|totally\s+|utterly\s+)?hopeless\b(?!\s+at\b)",
        r"\bill\s+be\s+(gone|dead)\b(?!\s+(for|until|till|by|from|on|at|in|all|before|after|over|to)\b)",
    ),
    "harm_to_others": (
        r"\b(kill|hurt|harm|stab|stabb|shoot|strangle|murder|smother|poison)(ing|s)?\s+(him|her|them|someone|somebody"
        rf"|people|everyone|(my|his|her|their)\s+(?!{_NOT_PEOPLE}\b)\w+)\b",
    ),
    "abuse": (
        r"\b(he|she|they|my\s+\w+)\s+(hits|hit|beats|beat|hurts|chokes|choked|kicks|kicked|slaps|slapped|punches"
        r"|punched|rapes|raped|abuses|abused|strangles|strangled|touches|touched)\s+me\b"
        r"(?!\s+(at|in|to|with|up|on\s+the\s+(shoulder|arm|back|hand))\b)",
        r"\b(being|been|was|am|were|got)\s+(abused|raped|assaulted|molested|beaten\s+up|beaten)\b",
        rf"\b(scared|afraid|frightened|terrified)\s+(to\s+go\s+home|of\s+(my\s+)?{_FAMILY})\b",
        r"\b(forces?|forced|forcing|makes|made)\s+me\s+(to\s+)?(do\s+)?(things|stuff|sexual|have\s+sex)\b",
        r"\bthreaten\w*\s+to\s+(kill|hurt|hit)\s+me\b",
    ),
}
# Everyday hyperbole: removed before matching so it cannot trigger a flag on its own.
_IDIOMS = (
    r"\b(is|are|was|were|its|s|re)\s+killing\s+me\b",
    r"\bkill(ed|ing|s)?\s+it\b",
    r"\b(kill|murder)\s+for\s+an?\b",
    r"\b(dying|die|died)\s+(to\s+(see|know|try|get|go|meet|hear|read|watch|eat|tell)|for\s+(a|an|some)\b"
    r"|of\s+(embarrassment|boredom|shame|laughter|curiosity|thirst|hunger)|laughing)\b",
    r"\bdead\s+(tired|on|serious|funny|good|easy)\b",
    r"\bkill(ing)?\s+(time|the\s+lights)\b",
    r"\bcut\s+myself\s+(some\s+slack|off|a\s+break)\b",
)
_COMPILED = {cat: tuple(re.compile(p) for p in pats) for cat, pats in _PATTERNS.items()}
_IDIOM_RE = tuple(re.compile(p) for p in _IDIOMS)
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes, collapse whitespace and remove known idioms."""
    cleaned = " ".join(_APOSTROPHES.sub("", text.lower()).split())
    for idiom in _IDIOM_RE:
        cleaned = idiom.sub(" ", cleaned)
    return " ".join(cleaned.split())


class OfflineCrisisScreener:
    name = "offline-rules"

    async def screen(self, text: str) -> ScreeningResult:
        cleaned = normalise(text)
        categories = tuple(cat for cat, pats in _COMPILED.items()
                           if any(p.search(cleaned) for p in pats))
        return ScreeningResult(flagged=bool(categories), categories=categories,
                               screener=self.name)
