"""English rules, one group per warning sign of suicide-risk screening (the C-SSRS categories:
wish to be dead, active thoughts, method, intent, plan, preparation, attempt) plus self-harm of
any kind, abuse or danger at home, and harm to others.

Patterns read normalised text (see text.py). A rule marked negatable is cancelled by a negation
just before it in the same clause ("I'm *not* suicidal", "I *don't* want to die"); rules that
carry their own negation ("I don't want to live") are not. Several rules combine two weaker
signals that only mean risk together: a means or a place plus the writer dwelling on it, a time
plus a decision, a quantity plus pills."""

from __future__ import annotations

import re
from dataclasses import dataclass

MEANS = (r"(pills?|tablets?|meds|medication|paracetamol|painkillers|antidepressants|insulin"
         r"|sleeping\s+(pills|tablets)|rope|noose|gun|pistol|rifle|razors?|blades?|knife|knives"
         r"|bridge|roof|rooftop|ledge|cliffs?|balcony|platform|train\s+tracks|tracks|railway"
         r"|tallest\s+\w+|high\s+(building|bridge)|motorway|bleach|poison|multi\s?storey|car\s+park"
         r"|shotgun|train\s+line|railway\s+line|level\s+crossing)")
DWELL = (r"(keep\s+(thinking|looking|staring|standing|going|holding|checking|googling|picturing)"
         r"|looking\s+at|eyeing(\s+up)?|eyed\s+up|(go\s+and\s+)?(stand|sit)\s+(next\s+to|by|near|on)"
         r"|thinking\s+(about|of)|think\s+about|staring\s+at|stare\s+at|googl\w+|looking\s+up"
         r"|researching|reading\s+about|been\s+looking\s+at|looked\s+up|holding\s+the)")
PILLS = (r"(my\s+|the\s+|of\s+my\s+|of\s+the\s+|of\s+)?(\w+\s+){0,2}?(pills|tablets|meds|medication"
         r"|paracetamol|painkillers|antidepressants|sleeping\s+pills|insulin|ibuprofen|aspirin"
         r"|tylenol|codeine|co\s+codamol|tramadol|sertraline|citalopram|fluoxetine|xanax|valium"
         r"|diazepam|caps|capsules|of\s+them|of\s+those|morphine|oxycodone|amitriptyline|zopiclone"
         r"|pregabalin|gabapentin|pill|tablet|quetiapine|seroquel|lithium|olanzapine|mirtazapine"
         r"|propranolol|venlafaxine|antipsychotics|methadone|benzos|pregabs?)\b")
QUANT = (r"(like\s+|about\s+|around\s+|over\s+|maybe\s+)?(a\s+load\s+of|loads\s+of|a\s+bunch\s+of"
         r"|all\s+(of\s+)?(my|the|those|these|them)?"
         r"|a\s+whole\s+(blister\s+)?(packet|box|bottle|pack|strip)\s+of|the\s+whole\s+(packet|box|bottle|pack)"
         r"(\s+of)?|too\s+many|lots\s+of|a\s+lot\s+of|a\s+handful\s+of|handfuls\s+of|\d{2,}|(my|the)\s+whole\s+(week|weeks|month|months)s?\s+(of|worth\s+of)\s+"
         r"|(twenty|thirty|forty|fifty|a\s+hundred)(\s+of)?|a\s+packet\s+of|a\s+box\s+of"
         r"|a\s+bottle\s+of|every|(two|three|four|five|six|several|\d+)\s+(packets|packs|boxes|bottles"
         r"|strips|blister\s+packs)\s+of)\s*")
TIME = (r"(tonight|tomorrow|today|this\s+(weekend|week|month)|next\s+week|soon|monday|tuesday"
        r"|wednesday|thursday|friday|saturday|sunday|the\s+\d+(st|nd|rd|th)?|a\s+date|the\s+date"
        r"|by\s+the\s+end\s+of|after\s+(my|the|everyone)|before\s+(my|the|christmas|new\s+year))")
PEOPLE = (r"(him|her|them|someone|somebody|people|everyone|everybody|anyone|anybody|those\s+\w+"
          r"|the\s+(kids|boys|girls|people|teacher|class)|(the|that|this)\s+(guy|man|woman|girl|boy|bitch"
          r"|bastard|teacher|boss|kid|person|prick|neighbour|neighbor|lad|bloke|landlord|manager|ex"
          r"|flatmate|driver|consultant|sergeant|stepson|stepdaughter|doctor|officer|screw|supervisor"
          r"|coach|bully|bullies|baby|babies|child|toddler|twins)|the\s+\w+\s+who\b"
          r"|the\s+next\s+(person|guy|one|bloke|lad)|my\s+(?!(back|neck|knees?|feet|hands?|legs?|head|eyes?"
          r"|feelings|chances|career|grades|plans?|time|phone|laptop|car)\b)\w+|his\s+\w+|her\s+\w+)")
HARM_VERB = (r"(kill|killing|hurt|hurting|harm|harming|stab|stabbing|shoot|shooting|strangle|batter"
             r"|battering|glass|glassing|throttle|throttling|smash|smashing"
             r"|strangling|murder|murdering|smother|poison|poisoning|beat|beating|attack|attacking"
             r"|drown|drowning|suffocate|suffocating|burn|burning)")
LETHAL = (r"(kill|killing|killed|hang|hanging|hanged|drown|drowning|drowned|poison|poisoning|poisoned"
          r"|gas|gassing|suffocate|suffocating|shoot|shooting|shot|electrocute|overdose|throw|throwing"
          r"|threw|starve|starving|stab|stabbing|end|ending)")


@dataclass(frozen=True, slots=True)
class Rule:
    category: str
    pattern: re.Pattern[str]
    negatable: bool = True
    about_self: bool = True
    """Read on the text with other people, news and fiction masked (text.for_self)."""
    unless: re.Pattern[str] | None = None
    """Cancels the rule when found anywhere in the message: the everyday reading of words that
    also say a passive wish to die ("no point waking up early tomorrow, the meeting's off")."""


def rules(category: str, *patterns: str, negatable: bool = True,
           about_self: bool = True, unless: str | None = None) -> list[Rule]:
    guard = re.compile(unless) if unless else None
    return [Rule(category, re.compile(p), negatable, about_self, guard) for p in patterns]


# Passive wishes to die said without death words (issue 26): no reason to keep living or going
# on, not being around much longer, no point in waking up tomorrow. The same words are everyday
# talk when they have an object ("no reason to keep going *to that gym*") or a schedule ("I won't
# be around much longer, *my shift ends at 5*"), so the object ends the phrase (GOING_ON_END) and
# the schedule words cancel the rule (SCHEDULE).
GOING_ON = (r"(keep(\s+on)?\s+(going|living|trying|breathing|fighting)|go\s+on|carry\s+on|live"
            r"|be\s+(here|alive|around)|stay(\s+alive|\s+here)?|stick\s+around|wake\s+up|get\s+up"
            r"|exist|get\s+through\s+(another|the|each)\s+day|face\s+(another\s+day|tomorrow)"
            r"|see\s+tomorrow)")
GOING_ON_END = (r"(?!\s+(to|with|in|at|into|through|about|up|out|back|round|off|down|home|late|over"
                r"|before|until|till|early"
                r"|away|behind|a|an|the|that|those|my|your|his|her|their|our|it|holiday"
                r"|\w+ing)\b)(?!\s+(on|for)\s+\w)(?!\s+like\s+(a|an|the|my|your|good)\b)"
                r"(?!\s+(this|these)\s+(?!(days|time|way|life|world)\b)\w)")
WHY_I = (r"(why|dont\s+(\w+\s+)?(know|see)\s+why|not\s+sure\s+why|no\s+idea\s+why"
         r"|cant\s+(remember|see|think)\s+why)\s+(do\s+i|should\s+i|would\s+i|i\s+should|i\s+would"
         r"|i\s+do|id|im\s+supposed\s+to|i\s+am\s+supposed\s+to|i\s+have\s+to|i\s+need\s+to|i)")
SCHEDULE = (r"\b(\d|early|late|alarm|oclock|half\s+(past\s+)?(one|two|three|four|five|six|seven|eight"
            r"|nine|ten|eleven|twelve)|shift|train|bus|flight|flying|plane|airport|taxi|ferry|lunch"
            r"|break|dinner|meeting|class|lecture|lessons?|course|exam|party|match|game|gym|shops?"
            r"|market|dentist|doctors?\s+appointment|appointment|holidays?|day\s+off|weekend|lie\s+in"
            r"|lazy|sleep(ing)?\s+in|cancell?ed|postponed|closed|shut|leaving|heading|off\s+to|visiting"
            r"|trip|travel\w*|abroad|spending\s+it|working|pick(ing)?\s+up|passed\s+my"
            r"|(almost|nearly)\s+(done|finished)\s+with\s+(the|my)|moving\s+(out|house|to|away|on\s+\w+day)"
            r"|notice|new\s+job|restructur\w*|battery|this\s+chat|nothings\s+(on|open)|recover\w*|flu"
            r"|annual\s+leave|on\s+leave|half\s+term|in\s+laws|staying\s+with|going\s+to\s+my"
            r"|popping|dropping\s+in|nipping"
            r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
"""Words that give a passive-sounding phrase its everyday reading: a time, a plan, a place."""
WOKEN_TO = (r"to\s+(?!(another\s+(day|morning)|this\s+(life|world)|reality|life|it\s+all)\b)(more"
            r"|another|a|an|the|that|those|\d+)\b")
"""Waking up *to* something ordinary (more snow, the builders, 40 emails), not to another day."""
ORDINARY_WAKING = (r"(?!\s+(early|at\s+\d|before|late|to\s+an?\s+alarm|to\s+another\s+\w+\s+of"
                   r"|to\s+the\s+(sound|noise|alarm)|" + WOKEN_TO + "))")
"""What ends "wake up" in its everyday reading: a time, an alarm, something ordinary to wake to."""
EVERYDAY = (SCHEDULE.removesuffix(r")\b")
            + r"|restaurant|club|bar|pub|seminar|town|city|queue|team|band|project"
            r"|level|boss|potions?|series|season|diet|puzzle|walk|hike|run|tender|lessons?|piano"
            r"|notifications|pta|committee|group\s+chat|office|uni|school|course|shop|store|place"
            r"\s+is|film|movie|song|playlist)\b")
"""SCHEDULE and the places and pastimes of an ordinary day, for the phrases that are everyday
talk as often as not ("why am I still here, the bus was due 40 minutes ago")."""


RULES: list[Rule] = [
    *rules("wish_dead",
            r"\bwish\w*\s+(that\s+)?i\s+(was|were|could\s+(just\s+)?be)\s+dead\b",
            r"\b(never|not)\s+been\s+born\b|\bwish\w*\s+i\s+(was|were)\s+(never|not)\s+born\b",
            r"\b(pray|hope|wish)\w*\s+(that\s+)?i\s+(dont|do\s+not|never|wont|will\s+not)\s+wake\s+up\b"
            r"(?!\s+(before|for|when|until|till|early|late|at\s+\d|in\s+time)\b)(?!\s+(again\s+|tomorrow\s+"
            rf"|in\s+the\s+morning\s+)?{WOKEN_TO})",
            r"\b(die|dying)\s+in\s+my\s+sleep\b|(?<!could )(?<!would )\bsleep\s+forever\b"
            r"|\bif\s+i\s+could\s+sleep\s+forever\b",
            r"\b(disappear|vanish|be\s+gone)\s+(forever|for\s+good|for\s+ever)\b",
            r"\b(want|ready|deserve|like|wish)\s+(to\s+)?die\b",
            r"\b(rather|better\s+off|better)\s+(be\s+|being\s+)?dead\b|\bbeing\s+dead\s+would\b",
            # Explicit wishes said in more words: "I just want to be dead", "I'd be happier dead",
            # "it'd be such a relief to just be dead".
            r"\b(want|wanna|wish|ready|relief|easier|peaceful|nicer|prefer|pray)\w*\s+(\w+\s+){0,6}?(to\s+)?(just\s+)?"
            r"be\s+dead\b|\b(happier|calmer|freer|easier)\s+(off\s+)?dead\b",
            # A wish or a hope of the writer's own death, however it comes ("I keep hoping I'll
            # have a heart attack and die", "wish I had died in that crash").
            r"\b(wish\w*|hop(e|es|ing)|pray\w*)\s+(that\s+)?(i|ill|id|i\s+would|i\s+could|i\s+had"
            r"|i\s+will|i\s+just)\s+((?!(she|he|they|it|you|we|her|him|his|their|them|my|before|after|when"
            r"|if|until)\b)\w+\s+){0,6}?(die|died|be\s+dead)\b(?!\s+(of|from)\s+(embarrassment"
            r"|laughing|boredom|shame))",
            r"\b(pray|hop|wish)\w*\s+for\s+(a\s+|an\s+)?(big\s+|quick\s+|fatal\s+)?(heart\s+attack|stroke(?!\s+of)"
            r"|accident|car\s+crash|the\s+end"
            r"|it\s+to\s+(end|be\s+over)|death)\b",
            r"\b(mercy|relief|blessing|kindness)\s+(to|if\s+i)\s+(just\s+)?(die|died|didnt\s+wake"
            r"|did\s+not\s+wake|never\s+woke|went\s+in\s+my\s+sleep)\b",
            r"\bif\s+i\s+died\s+(tomorrow|tonight|today|now)\b[^.!?]*\b(at\s+least|would|could)\b",
            r"\bdeath\s+(sounds|seems|feels|would\s+be|looks)\s+(like\s+)?(a\s+)?(relief|peaceful"
            r"|better|easier|nice|good|kind)\b",
            r"\b(stop|not)\s+existing\b(?!\s+(on|in|at|for|as)\b)|\bwant\s+to\s+not\s+(exist|be\s+here)\b",
            r"\b(tired|sick|weary|exhausted)\s+of\s+(being\s+alive|living|existing)\b"
            r"(?!\s+(with|in|at|on|like|here|there|out)\b)",
            r"\b(tired|sick|weary)\s+of\s+life\b(?=\s*($|[.!,?]|and\b|any\s*more))",
            r"\b(if\s+i\s+got|wouldnt\s+(even\s+)?mind|fine|ok|okay|happy|hope|hoping|wish|pray)\b"
            r"(\s+\w+){0,4}\s+(hit|run\s+over|killed)\s+by\s+a\s+(bus|car|train|truck|lorry)\b",
            r"\b(get|got|getting)\s+(sick|ill|cancer)\s+and\s+(just\s+)?(dont|not|never|wont)\s+"
            r"(recover|get\s+better|make\s+it)\b",
            r"\b(nobody|no\s+one|noone)\s+would\s+(even\s+)?miss\s+me\b",
            r"\b(nobody|no\s+one|noone)\s+would\s+(even\s+)?(notice|care)\b.*\bif\s+i\b",
            r"\bnothing\s+(left\s+)?to\s+live\s+for\b",
            r"\b(cant|cannot|can\s+not)\s+(go|carry)\s+on\b(?!\s+(a|the|that|this|holiday|trip"
            r"|with\s+the)\b)(?!\s+(?!(living|existing|breathing|being|feeling)\b)\w+ing\b)",
            r"\b(cant|cannot)\s+keep\s+going\b(?!\s+(at|with|to|on)\b)",
            r"\bdone\s+with\s+(life|living|being\s+alive)\b(?!\s+(at|in|for|on)\b)",
            r"\bno\s+way\s+out\b|\bcant\s+see\s+(a|any)\s+way\s+(out|forward)\b",
            r"\b(wish|hope|pray)\w*\s+(that\s+)?(\w+\s+){0,3}(would|will|could)\s+(just\s+)?(hit|kill|run\s+me"
            r"\s+over|take)\s+me\b|\b(wish|hope|pray)\w*\s+(that\s+)?(\w+\s+){0,3}(would|will)\s+(just\s+)?"
            r"(hit|kill)\s+me\b",
            r"\b(hope|hoping|want|wish)\s+(that\s+)?i\s+(die|get\s+killed|dont\s+make\s+it)\b",
            r"\bcant\s+wait\s+to\s+die\b|\bwant\s+to\s+be\s+gone\b",
            r"\bwant\s+(it|this|everything)\s+(all\s+)?to\s+be\s+over\b",
            r"\b(hoping|hope|pray\w*|wish\w*)\s+(that\s+)?(its|it\s+is|this\s+is|today\s+is|tonight\s+is)\s+"
            r"(my|the)\s+last\b",
            r"\bwant\s+to\s+not\s+(be\s+alive|wake\s+up|live|be\s+around)\b|\bnot\s+be\s+alive\b",
            r"\bsleep\s+and\s+(not|never)\s+(come\s+back|wake)\b(?!(\s+\w+){0,3}\s+(until|till|before)\b)",
            r"\blife\s+(is|feels)\s+(so\s+)?(pointless|meaningless|worthless|hopeless|unbearable)\b",
            r"\bi\s+(just\s+)?want\s+out\b(?!\s+of\s+(this|the|my|our|that)\s+(?!(life|world|misery|pain|body"
            r"|head|existence|hell|darkness)\b)\w)",
            r"\b(dont|do\s+not)\s+(think|know\s+if|know\s+whether)\s+i\s+want\s+to\s+(live|be\s+alive|be\s+here"
            r"|exist|go\s+on|wake\s+up)\b",
            r"\basleep\s+(forever|for\s+ever|and\s+never\s+wake)\b",
            r"\b(welcome|embrace|long\s+for|crave|pray\s+for|hoping\s+for|wish\s+for)\s+(death|dying|the\s+end)\b",
            r"\bif\s+i\s+(just\s+)?(died|vanished|disappeared|was\s+gone|were\s+gone)\b.*\b(wouldnt|not|dont|wont)"
            r"\s+(care|mind|matter|notice|change)\b|\bnothing\s+would\s+change\s+if\s+i\b",
            r"\bwhy\s+(am\s+i|im|do\s+i)\s+(still\s+|even\s+)?(alive|breathing|exist)\b|\bwhy\s+was\s+i\s+born\b",
            r"\b(envy|jealous\s+of)\s+(people|those|anyone|the\s+ones)\s+who\s+(die|died|are\s+dead|get\s+to\s+die)\b",
            r"\b(envied|envy|envying)\b[^.!?]*\b(being\s+dead|out\s+of\s+it)\b",
            r"\b(hope|hopes|hoping|wish|pray)\w*\s+(that\s+)?(the|my)\s+(plane|car|bus|train)\s+(crashes|crash"
            r"|goes\s+down)\b",
            r"\bwish\w*\s+i\s+(was|were|had)\s+(never|not)\s+(here|been\s+here|alive|existed)\b",
            r"\bdone\s+with\s+(being\s+here|existing)\b|\bdone\b.*\bwith\s+being\s+(here|alive)\b",
            negatable=True),
    *rules("wish_dead",
            rf"\b(dont|do\s+not|no\s+longer|never)\s+want\s+to\s+(live|be\s+alive|exist"
            rf"|wake\s+up{ORDINARY_WAKING}|go\s+on)\b",
            rf"\b(not|never)\s+(to\s+)?wake\s+up\b{ORDINARY_WAKING}",
            rf"\bpoint\s+(in|of|to)\s+(me\s+)?(being\s+alive|living|life|going\s+on|carrying\s+on"
            rf"|existing|being\s+here)\b{GOING_ON_END}",
            r"\bwhats\s+(even\s+)?the\s+point\s+(any\s*more|of\s+(living|life|it\s+all|going\s+on"
            r"|being\s+(here|alive)|me))\b|\bwhats\s+the\s+point\s*[?.!]*$",
            r"\b(not|isnt|wasnt|no\s+longer)\s+worth\s+(living|it\s+any\s*more)\b",
            r"\b(dont|do\s+not)\s+belong\s+(in\s+this\s+world|here\s+any\s*more|anywhere)\b",
            r"\b(rather|prefer\s+to)\s+not\s+(exist|be\s+alive|be\s+here|wake\s+up|live)\b(?!\s+(on|in|at)\s+"
            r"(the|a|my|this|that)\b)(?!\s+(when|while|during|to\s+(the|a|more|another\s+(?!day)))\b)",
            r"\b(cant|cannot)\s+do\s+(life|living|this\s+life)\b",
            r"\b(dont|do\s+not)\s+care\s+(if|whether)\s+i\s+(live|die|wake\s+up|make\s+it)\b",
            r"\bif\s+i\s+died\b.*\b(wouldnt|not|dont|wont)\s+(care|mind|matter)\b",
            r"\bif\s+i\s+died\b.*\b(relief|better|easier|fine|good\s+thing|mercy|blessing)\b",
            r"\blife\s+(isnt|is\s+not|aint)\s+worth\s+(it|living)\b",
            rf"\bno\s+point\s+((in|to|of)\s+)?(living|going\s+on(?!\s+about)|carrying\s+on|being\s+alive|anything"
            rf"|any\s+of\s+(this|it)|life|trying)\b{GOING_ON_END}",
            r"\b(cant|cannot)\s+(take|do|handle|bear|cope\s+with)\s+(it|this|any\s+of\s+this|life)\s+"
            r"any\s*more\b",
            negatable=False),
    *rules("wish_dead",
            # no reason to keep living or going on
            rf"\b(no|not\s+(a|one|any)|(dont|do\s+not|cant|cannot|couldnt|no\s+longer|stopped|never"
            rf"|struggl\w+\s+to|hard\s+to|unable\s+to|not\s+sure\s+(theres|there\s+is|there\s+are))"
            rf"\s+(\w+\s+){{0,2}}?(see|seeing|have|find|finding"
            rf"|think\s+of|come\s+up\s+with|name|got)\s+(a|any|one|a\s+single|the)?|lost\s+(every|all|my"
            rf"|the|any)|run\s+out\s+of|out\s+of|whats\s+my|what)\s*(single\s+|real\s+|good\s+)?reasons?\s+"
            rf"(\w+\s+){{0,4}}?(left\s+)?(for\s+me\s+)?to\s+{GOING_ON}\b{GOING_ON_END}",
            rf"\b(one|a\s+single|any)\s+reason\s+to\s+{GOING_ON}\b{GOING_ON_END}.*\b(none|cant\s+find"
            rf"\s+(any|one)|dont\s+have\s+(any|one)|havent\s+got\s+(any|one))\b",
            rf"\b(not\s+sure|dont\s+think|doubt)\s+(theres|there\s+is|there\s+are)\s+(a|any)\s+(real\s+)?"
            rf"reasons?\s+(left\s+)?(for\s+me\s+)?to\s+{GOING_ON}\b{GOING_ON_END}",
            r"\b(ran|run|running)\s+out\s+of\s+reasons\b(?=\s*($|[.,!?]|a\s+while|long\s+ago|ages\s+ago"
            r"|now|already))",
            rf"\b(nothing|none\s+of\s+(it|this|that))\s+(\w+\s+)?(gives|giving|left\s+to\s+give)\s+me\s+(a|any)\s+reasons?\s+to\s+"
            rf"{GOING_ON}\b{GOING_ON_END}",
            rf"\breasons?\s+(i\s+(had|have)\s+)?to\s+{GOING_ON}\b{GOING_ON_END}\s+(are|is|were|was)\s+"
            rf"(all\s+)?(gone|not\s+there|no\s+longer\s+there|disappearing|disappeared|vanished)\b"
            rf"|\breasons?\s+(i\s+had\s+)?to\s+{GOING_ON}\s+(arent|isnt|werent)\s+there\b",
            r"\b(keep(\s+on)?\s+(going|living)|go\s+on|carry\s+on|stay\s+alive)\s+for\s+no\s+reason\b",
            rf"\b{WHY_I}\s+(even\s+|still\s+)?(keep(\s+on)?\s+(going|living|trying)|go\s+on|carry\s+on)\b"
            rf"{GOING_ON_END}",
            rf"\bnothing\s+(left\s+)?(that\s+)?(\w+\s+)?(keeps|keeping|to\s+keep|makes|making)\s+me\s+"
            rf"(want\s+to\s+)?(going|alive|here|{GOING_ON})\b{GOING_ON_END}"
            r"(?![^.!?]*\b(moving|selling|contract|emigrat\w*|relocat\w*|flight|new\s+job)\b)",
            r"\bnothing\s+(left\s+)?(worth\s+)?(to\s+)?(keep(\s+on)?\s+(going|living)|living|live|staying|stay"
            r"|sticking\s+around|stick\s+around|being\s+here|be\s+here)\s+for\b(?!\s+(in|at|with|on)\b)",
            rf"\b(nothing|not\s+(one|a)\s+(single\s+)?thing|(cant|cannot|couldnt)\s+\w+(\s+of)?\s+(one|a|any)"
            rf"\s+(single\s+)?thing)\b[^.!?]*\bworth\s+(keeping\s+going|going\s+on|carrying\s+on|living"
            rf"|staying|sticking\s+around)(\s+for)?\b{GOING_ON_END}",
            r"\bwhats\s+(even\s+)?keeping\s+me\s+(here|going|alive)\b.*\bnothing\b",
            negatable=False),
    *rules("wish_dead",
            # no point in waking up tomorrow
            r"\b(no|any|whats\s+(even\s+)?the|(dont|do\s+not|cant|cannot)\s+(really\s+|even\s+)?see\s+(a|the"
            r"|any)|is\s+there\s+(a|any))\s+point\s+((in|of|to)\s+)?(me\s+)?(waking|getting|wake|get)\s+up\b"
            r"(?!\s+(tomorrow\s+)?(for\s+(the|a|an|my|that|this)|before|to\s+(see|watch|catch|go|do))\b)",
            rf"\b({WHY_I}|why|why\s+bother|why\s+i\s+bother)\s+(even\s+|still\s+)?(bother\s+)?(waking|wake"
            rf"|getting|get)\s+up\b",
            r"\bnothing\s+(\w+\s+){0,2}?(to\s+)?(wake|waking|get|getting)\s+up\s+for\b",
            r"\b(hope|hoping|pray\w*|wish\w*)\s+(that\s+)?i\s+(dont|do\s+not|never|wont)\s+(get\s+to\s+)?see"
            r"\s+(tomorrow|the\s+morning|another\s+(day|morning)|next\s+(week|year))\b",
            r"\b(rather|prefer\s+to|prefer|(dont|do\s+not)\s+want\s+to)\s+(not\s+)?(to\s+)?see\s+(tomorrow"
            r"|the\s+morning|another\s+(day|morning)|next\s+(week|year))\b(?!\s+(meeting|match|game|show"
            r"|episode|news|forecast|results?)\b)",
            r"\b(hope|hoping|wish\w*|pray\w*|rather)\s+(that\s+)?tomorrow\s+(just\s+)?(doesnt|does\s+not"
            r"|never|wont|would\s+never|will\s+never|didnt)\s+(come|came|arrive\w*|happen\w*)\b",
            r"\btomorrow\s+(doesnt|does\s+not|dont|do\s+not)\s+need\s+to\s+(happen|come)\b",
            r"\b(id|i\s+would|i\s+d)\s+be\s+(fine|ok|okay|happy|glad|content|relieved)\s+(with\s+)?not\s+"
            r"(waking|to\s+wake|wake)\s+up\b|\b(wouldnt|would\s+not|dont)\s+mind\s+not\s+waking\s+up\b",
            r"\b(waking|getting)\s+up\s+(tomorrow|in\s+the\s+morning|again|any\s*more|each\s+day|every\s+day)"
            r"\s+(feels|seems|is)\s+(so\s+|completely\s+)?(pointless|meaningless|useless)\b",
            r"\b(no|dont\s+see\s+(a|the|any)|whats\s+the)\s+point\s+(in|of)\s+tomorrow\b(?!\s*s\b)",
            r"\b(rather|prefer\s+to|prefer)\s+not\s+(to\s+)?have\s+a\s+tomorrow\b(?!\s+like)",
            r"\bwak\w+\s+up\b[^.!?]*\b(prefer|rather)\s+not\s+(to\s+)?(at\s+all|ever)\b",
            r"\bwhat\s+am\s+i\s+(even\s+)?(still\s+)?(here|alive|living)\s+for\b",
            r"\b(ill|i\s+will)\s+be\s+gone\s+(before\s+long|soon|shortly)\b",
            r"\b(you|they|people|anyone|nobody|no\s+one)\s+(wont|will\s+not|will\s+never)\s+(see|hear\s+from)\s+"
            r"me\s+(around\s+(here\s+)?)?(any\s*more|much\s+longer|for\s+much\s+longer)\b",
            r"\b(before\s+long|soon)\b[^.!?]*\b(nobody|no\s+one|you|anyone|they|people)\s+(wont|will\s+not"
            r"|will)\s+(need|have)\s+to\s+(\w+\s+){0,3}?me\b",
            # not being around much longer, said calmly
            r"(\b(i|im|i\s+am)\s+(\w+\s+)?(wont|will\s+not|not\s+going\s+to|may\s+not|might\s+not|not"
            r"\s+planning\s+(on|to)|dont\s+plan\s+(on|to)|do\s+not\s+plan\s+(on|to)|(dont|do\s+not)\s+expect"
            r"\s+to)|\b(dont|do\s+not)\s+think\s+(ill"
            r"|i\s+will|im\s+going\s+to)|\bdoubt\s+(ill|i\s+will|im\s+going\s+to)|^(wont|not\s+going\s+to))"
            r"\s+(be|being)\s+(around|here|alive)\s+"
            r"((for\s+)?(much|very|that|a\s+lot)\s+longer|(for\s+)?(very\s+|that\s+)?long(?!\s+(enough"
            r"|after|before))|any\s+longer"
            r"|to\s+see\s+(the\s+|next\s+|another\s+)?\w+|(for|by|at|on|until|till)?\s*(my\s+(next\s+)?"
            r"birthday|christmas|new\s+year|next\s+(week|month|year|summer|spring|winter|autumn|birthday)"
            r"|the\s+(summer|spring|winter|autumn|new\s+year))|to\s+(bother|annoy|bug|burden|trouble)\s+"
            r"(anyone|anybody|you|people|everyone))\b(?!\s+(today|tonight|this\s+(evening|afternoon"
            r"|morning|week)|at\s+\w+|on\s+\w+|in\s+(?!(this|the)\s+world\b)\w+)\b)",
            r"(\b(i|im|i\s+am)\s+(\w+\s+)?|^)(wont|will\s+not|not\s+going\s+to)\s+be\s+(a\s+problem|a\s+burden"
            r"|a\s+bother|a\s+nuisance|trouble|in\s+(your|anyones|the)\s+way)\s+(for\s+(anyone|anybody|you"
            r"|much|very)\s+)?(much\s+longer|for\s+(much\s+)?long|any\s*more|soon|long|longer)\b",
            r"\b(you|anyone|anybody|nobody|no\s+one|everyone|they|people)\s+(wont|will\s+not|dont|will)\s+"
            r"(need|have)\s+to\s+(\w+\s+){0,3}?me\s+(for\s+)?(much\s+longer|for\s+long|any\s*more)\b",
            negatable=False, unless=SCHEDULE),
    *rules("wish_dead",
            # Indirect phrases that are everyday talk as often as not: read with EVERYDAY.
            r"\bwhy\s+(am\s+i|im|do\s+i)\s+(still\s+|even\s+)?here\b",
            r"\b(dont|do\s+not|no\s+longer|never)\s+want\s+to\s+be\s+here\s+any\s*more\b",
            negatable=True, unless=EVERYDAY),
    *rules("active_thoughts",
            r"\b(better|happier|easier)\s+(off\s+)?without\s+me\b(?!\s+(on|in|at|hovering|for|when"
            r"|while|there)\b)",
            negatable=True, unless=EVERYDAY),
    *rules("active_thoughts",
            r"\bsu+i?[cs]+i?d\w*",
            r"\b(kill\w*|end\w*|take|taking|took)\s+(myself|my\s+(own\s+)?life)\b",
            r"\b(end|ending)\s+it(\s+all)?\b(?=\s*($|[.!,?~]|all|tonight|today|now|soon|for\s+good"
            r"|this|tomorrow|im\b|i\s+am))",
            r"\b(end|ending)\s+(things|everything)\b(?=\s*($|[.!,?]|tonight|today|soon|now|for\s+good))",
            r"\b(hang\w*|hung)\s+myself\b|\bslit\w*\s+my\b",
            r"\b(googl\w*|search\w*|look\w*\s+up|read\w*\s+about|research\w*)\s+(\w+\s+){0,3}?(ways?|how)\s+"
            r"(\w+\s+){0,3}?(kill\s+(themselves|myself|yourself)|die|end\s+(it|their\s+lives|my\s+life)"
            r"|take\s+(their|my)\s+(own\s+)?lives?)\b",
            r"\bplan\w*\s+(my\s+(own\s+)?death|to\s+die)\b",
            r"\b(think\w*|thought\w*)\s+(about|of)\s+(dying|death|not\s+being\s+(here|alive)|being\s+dead"
            r"|jumping|hanging)\b(?!.*\b(doesnt|does\s+not|dont|do\s+not)\s+(frighten|scare|worry|bother)\s+me\b)",
            r"\bhow\s+(id|i\s+would|to|i\s+could|i\s+should)\s+do\s+it\b",
            r"\b(hurt|hurts)\s+(the\s+)?least\b|\bpainless\s+(way|death)\b",
            r"\bwant\s+(everything|it\s+all|all\s+of\s+(this|it)|it|the\s+pain|life)\s+to\s+(stop|end)\b"
            r"(?!\s+\w+ing\b)",
            r"\bill\s+be\s+(gone|dead)\b(?!\s+(for|until|till|by|from|on|at|in|all|before|after|over"
            r"|to)\b)",
            r"\bfeel\w*\s+(so\s+|completely\s+|totally\s+|utterly\s+)?hopeless\b(?!\s+(at|about)\b)",
            r"\bnothing\s+matters\b.*\bready\s+to\s+go\b",
            r"\b(would|d|will|ll)\s+be\s+(free|fine|okay|ok|lighter|relieved|safer)\s+(off\s+)?without\s+me\b"
            r"(?![^.!?]*\b(if|when)\s+i\s+(stepped|step|left|leave|quit|resign\w*|moved?)\b)",
            r"\bdeserves?\s+better\s+than\s+(\w+\s+){0,3}me\b",
            r"\b(better|happier|easier)\s+(off\s+)?(if|when)\s+i\s+(wasnt|werent|was\s+not|were\s+not"
            r"|wasn?t)\s+(here|around|alive|in\s+it|there|born)\b",
            r"\b(happier|better|easier)\s+(off\s+)?(if|when)\s+i\s+(was|were|am|m)\s+(gone|dead)\b"
            r"|\bbetter\s+if\s+i\s+(just\s+)?(die|died)\b|\b(better\s+off|happier|easier)\s+with\s+me\s+(dead|gone)\b",
            r"\bburden\s+(to|on|for)\s+(everyone|everybody|my\s+\w+|them\s+all)\b",
            r"\b(im|i\s+am)\s+(just\s+|such\s+)?a\s+burden\b",
            r"\b(easier|better|happier|simpler|lighter|fine|relieved|glad)\b.*\bif\s+i\s+(just\s+)?(wasnt\s+(here|around"
            r"|alive)|werent\s+(here|around|alive)|was\s+(gone|dead)|were\s+(gone|dead)|didnt\s+exist"
            r"|disappeared|died)\b",
            r"\bend\s+(my|the)\s+suffering\b|\bthoughts\s+of\s+(death|dying)\b",
            r"\b(fantasi\w+|think\w*|dream\w*|imagin\w+|plan\w*)\s+(about|of)\s+my\s+(own\s+)?(funeral|death"
            r"|grave)\b",
            negatable=True),
    *rules("method",
            rf"\b{DWELL}\b(\s+\S+){{0,8}}\s+{MEANS}\b",
            rf"\b{MEANS}\b(\s+\S+){{0,10}}\s+{DWELL}\b",
            rf"\bhow\s+(many|much)\s+(of\s+)?(my\s+)?(\w+\s+)?{MEANS}\b",
            r"\bhow\s+high\s+(you|i)\s+(need|have|would\s+need)\s+to\s+(be|jump|fall)\b",
            r"\b(drive|driving|crash|crashing|swerve|steer)\w*\s+(my\s+car\s+|the\s+car\s+)?(into|off)"
            r"\s+(a|the)\s+(wall|tree|lorry|truck|bridge|cliff|river|oncoming\s+\w+)\b",
            r"\b(jump\w*|step\w*|throw\w*\s+myself)\s+(off|from|in\s+front\s+of)\s+(a|the|my)?\s*(\w+\s+)"
            r"{0,2}(bridge|building|roof|cliff|balcony|train|bus|car|lorry|truck|platform|window)\b",
            r"\b(bridge|building|roof|cliff|balcony|window)\s+(id|i\s+would|i\s+could|to)\s+jump\b",
            r"\b(gun|pistol|rifle)\b.*\b(myself|on\s+me|my\s+head|use\s+it|using\s+it)\b",
            r"\b(razor|blade|knife|knives)\b.*\bwrists?\b|\bwrists?\b.*\b(razor|blade|knife|knives)\b",
            r"\b(lethal|fatal|deadly)\s+(dose|amount)\b|\bwould\s+be\s+(fatal|lethal)\b",
            r"\b(edge|ledge)\b.*\b(platform|train|bridge|roof|cliff)\b"
            r"|\b(platform|bridge|roof|cliffs?)\b.*\b(edge|ledge)\b",
            r"\b(ways?|methods?|how)\s+to\s+(die|kill\s+myself|end\s+(it|my\s+life)|overdose|not\s+wake\s+up)\b",
            r"\b(painless|quick|quickest|easy|easiest|peaceful|surest)\s+(ways?|methods?|death)\b",
            r"\bbleed\s+out\b|\bhow\s+long\s+((does|would|will)\s+)?it\s+takes?\s+to\s+(die|bleed|drown|suffocate)\b",
            r"\b(knife|blade|razor|pills|gun|rope)\s+(is|are)\s+(right\s+)?(here|next\s+to\s+me|beside\s+me|by\s+me"
            r"|in\s+front\s+of\s+me|on\s+my\s+lap|in\s+my\s+hand)\b",
            r"\b(\d+(st|nd|rd|th)|top)\s+floor\b.*\b(window|balcony|edge|jump)\b",
            r"\bmy\s+(tablets|pills|meds|medication)\b[^.!?]*\b(dangerous|deadly|lethal|fatal|toxic)\b",
            r"\bcrash\w*\s+(my|the)\s+car\b.*\bon\s+purpose\b|\bon\s+purpose\b.*\bcrash\w*\s+(my|the)\s+car\b",
            r"\b(im|i\s+am|sitting|standing|stood|sat|sit|stand)\s+(\w+\s+){0,3}(on|at|by|near|over)\s+(the\s+)?"
            r"(edge\s+of\s+the\s+)?(bridge|roof|rooftop|ledge|cliff|cliffs|tracks|railway|top\s+of\s+the\s+\w+)\b",
            r"\b(pills|tablets|knife|blade|razor|rope|gun|noose)\s+(are\s+|is\s+)?(in|on)\s+(my\s+hand|front\s+of"
            r"\s+me|my\s+lap)\b|\bholding\s+the\s+(pills|knife|blade|razor|rope|gun)\b",
            r"\bmy\s+pockets?\s+(full\s+of|with)\s+stones\b|\bstones\s+in\s+my\s+pockets\b",
            r"\b(got|have|took|taken|get)\s+(my\s+\w+\s+|my\s+|the\s+|a\s+)(gun|shotgun|pistol|rifle|knife|rope"
            r"|blade|razor|pills)\s+out\b|\b(gun|shotgun|pistol|rifle|knife|rope|blade|razor)\s+(out\s+)?(on|in)"
            r"\s+(the|my)\s+(bed|lap|desk|table)\b",
            r"\bhow\s+(deep|high|tall|far\s+down|cold)\s+(the\s+)?(river|water|sea|lake|bridge|drop|building"
            r"|cliff|fall)\b"),
    *rules("intent",
            r"\b(going\s+to|will|ll|about\s+to|plan\w*\s+to|decided\s+to|ready\s+to|want\s+to)\s+"
            r"(kill\s+myself|end\s+(my\s+life|it\s+all|it|things)|take\s+my\s+(own\s+)?life)\b(?!\s+with\b)",
            r"\b(going\s+to|will|ll)\s+do\s+it\b[^.!?]*\b(done\s+pretending|mean\s+it|no\s+one\s+can\s+stop"
            r"|nobody\s+can\s+stop|dont\s+try\s+to\s+stop)\b|\bready\s+to\s+go\b[^?]*\bmean\s+it\b",
            r"\b(im|i\s+am|i\s+will|ill)\s+(going\s+to\s+|about\s+to\s+|ready\s+to\s+)?die\b",
            r"\b(do|go\s+through\s+with)\s+it\s+this\s+time\b|\bgo(ing)?\s+through\s+with\s+it\b"
            r"|\b(actually|really|finally)\s+(going\s+to|gonna)\s+do\s+it\b",
            r"\b(decided|made\s+up\s+my\s+mind|mind\s+is\s+made\s+up)\b.*\b(not\s+(going\s+to\s+)?be"
            r"\s+(alive|here|around)|(wont|will\s+not|not)\s+(survive|be\s+(alive|here|around))|end\s+it"
            r"|die|do\s+it)\b",
            r"\b((wont|will\s+not|not)\s+(survive|be\s+(alive|here|around))|not\s+going\s+to\s+be\s+"
            r"(alive|here|around))\b.*\b(decided|made\s+up\s+my\s+mind|mind\s+is\s+made\s+up)\b",
            r"\bmade\s+(my\s+)?peace\s+with\s+(it|dying|death|everything|my\s+decision)\b",
            r"\bwont\s+be\s+(a\s+problem|a\s+burden|around|here|alive|in\s+(your|anyones)\s+way)\s+"
            r"(for\s+(anyone|anybody|you|much)\s+)?(any\s*more|soon)\b",
            r"\b(it|this|everything)\s+(will|ll)\s+all\s+be\s+over\b|\ball\s+be\s+over\s+soon\b",
            rf"\b(going\s+to|will|ll|want\s+to|plan\w*\s+to|about\s+to|ready\s+to|decided\s+to)\s+"
            rf"(just\s+)?{LETHAL}\s+myself\b",
            r"\b(going\s+to|might|will|ll|scared|afraid)\b.*\bdo\s+something\s+(to\s+myself|drastic)\b",
            r"\b(walk|walking|swim|swimming|drive|driving|jump|jumping|step|stepping)\s+(out\s+)?(into|in\s+front"
            r"\s+of)\s+(the\s+|a\s+)?(sea|ocean|river|lake|traffic|train|bus|lorry|truck|motorway|water|lough|loch"
            r"|canal|reservoir|quarry)\b",
            r"\b(ill|i\s+will)\s+be\s+dead\b(?!\s+(tired|on|serious|funny|before\s+that|by\s+the\s+time))",
            r"\blast\s+(night|day|time)\s+(ill|i\s+will|im\s+going\s+to|i\s+am\s+going\s+to)\s+(be\s+(here"
            r"|alive)|see|wake)\b|\b(my|the)\s+last\s+(night|day)\s+(alive|on\s+earth|here)\b",
            negatable=True),
    *rules("plan",
            rf"\b(planned|plan)\s+(it|everything)\b(\s+\w+){{0,3}}\s+{TIME}",
            r"\bgot\s+(it\s+all|everything|it)\s+(planned|sorted|ready|worked\s+out)\b"
            r"|\beverything\s+(is\s+)?(sorted|ready|planned)\b",
            r"\b(picked|chosen|chose|set)\s+(a|the)\s+(date|day|time)\b|\bchosen\s+(how|when)\b",
            r"\b(tonights|todays|tomorrows|tonight\s+is|tomorrow\s+is|today\s+is)\s+the\s+(night|day)\b"
            r"(?!\s*[,.!]*\s*(the\s+|my\s+|our\s+)?(concert|party|gig|game|match|show|date|wedding|premiere"
            r"|launch|final|big|first|interview|exam|results|trip|holiday)\b)",
            r"\bdo\s+it\s+when\s+(everyone|everybody|they|my\s+\w+)\s+(is|are|s|re)\s+(asleep|out|away"
            r"|at\s+work|gone)\b",
            r"\b(a|my)\s+plan\s+to\s+(kill|end|die)\b",
            rf"\b(going\s+to|will|ll|plan\w*\s+to)\s+(take|swallow|down)\s+{QUANT}{PILLS}",
            r"\b(going\s+to|will|ll)\s+(take|swallow)\s+(them|it)\s+all\b",
            rf"\b(going\s+to|will|ill|ll)\s+(jump|do\s+it|end\s+it)\b(?!\s+with\b)(\s+\w+){{0,6}}\s+{TIME}",
            r"\b(happening|do\s+it|doing\s+it|end\s+it|go\s+through\s+with\s+it)\b.*\bafter\s+(my\s+\w+|everyone"
            r"|everybody|they|the\s+kids)\s+(go|goes|went|are|is|fall|falls)\s+(to\s+bed|asleep|to\s+sleep|out"
            r"|to\s+work)\b",
            r"\b(picked|chosen|chose|found|got)\s+(the|a)\s+(spot|place|time|date|day|location)\s+and\s+(the|a)\s+"
            r"(time|date|day|place|spot)\b",
            rf"\b(doing|do)\s+it\s+{TIME}(?=.*\b(pills|tablets|rope|bridge|goodbye|end|die|dead|kill|nobody|no\s+one"
            r"|finally|decided|ready|last|gone|over|no\s+more|any\s*more)\b)",
            rf"\b(got|have|bought)\s+(the|my|enough)\s+(pills|tablets|rope|gun|knife|blades?|razors?)\b.*\b{TIME}"
            rf"|\b{TIME}\b.*\b(got|have|bought)\s+(the|my|enough)\s+(pills|tablets|rope|gun|knife|blades?"
            rf"|razors?)\b",
            r"\benough\s+(pills|tablets|meds|paracetamol|insulin|rope)\s+to\s+(do\s+it|die|end\s+it|kill\s+myself"
            r"|not\s+wake\s+up)\b",
            rf"\bthe\s+plan\s+is\s+(the\s+|my\s+)?{MEANS}\b",
            r"\bthis\s+is\s+it\b.*\b(im\s+done|no\s+more|goodbye)\b",
            r"\b(a|the)\s+date\s+(set|picked|chosen)\b|\b(written|wrote)\s+the\s+letters\b",
            rf"\b{TIME}\b(\s+\w+){{0,3}}\s+(im|i\s+am|i\s+will|ill)\s+(ending|going\s+to\s+end)\s+"
            r"(my\s+life|it)\b",
            negatable=True),
    *rules("preparation",
            r"\b(wrote|written|writing|write|left|leaving)\s+(a\s+|my\s+)?(goodbye|farewell|suicide|last)"
            r"\s+(letters?|notes?|messages?|texts?|cards?|posts?)\b(?!\s+(for|to)\s+(my|a|our)\s+"
            r"(colleague|coworker|boss|team|teacher|class|friend\s+who))",
            r"\b(wrote|written|writing|left)\s+(letters|notes)\s+(to|for)\s+(everyone|everybody|all"
            r"|my\s+(family|kids|children|parents|mum|mom|dad|partner|wife|husband))",
            r"\bnote\s+for\s+(my|the)\s+\w+\s+to\s+find\b",
            r"\b(goodbye|farewell)\s+(message|letter|note|post|video)\b|\bthis\s+is\s+(my\s+)?goodbye\b",
            r"\bsaid\s+(all\s+)?my\s+goodbyes\b|\bgoodbyes?\s+(to\s+everyone|for\s+good|forever)\b",
            r"\blast\s+message\s+(to|for)\s+(anyone|everyone|you)\b|\bwont\s+(hear\s+from|see)\s+me"
            r"\s+again\b|\blast\s+time\s+(youll|you\s+will)\s+(hear|see)\b",
            r"\b(giv\w+|gave)\s+(away\s+)?(all\s+)?(of\s+)?my\s+(things|stuff|belongings|possessions)\b",
            r"\b(who\s+gets|who\s+should\s+get|who\s+will\s+get)\s+my\s+(stuff|things|belongings)\b",
            r"\bwont\s+need\s+(it|any\s+of\s+it|them|anything|my\s+\w+)\b(?=\s*($|[.!,]|soon"
            r"|any\s*more|much\s+longer|where))",
            r"\b(pills|tablets|meds)\s+(\w+\s+)?(saved|stockpiled|hoarded|stored|put\s+away)\b",
            r"\b(rope|noose)\s+(is\s+)?(ready|tied|up)\b",
            r"\b(for|after|when)\s+(im|i\s+am)\s+(gone|dead|not\s+here\s+any\s*more)\b"
            r"(?!\s+(for|on|to|at|from)\b)",
            r"\bwill\b.*\b(for\s+after|when\s+im\s+gone|cancel\w*)\b|\bfor\s+after\s*($|[.!,])",
            r"\bbought\s+a\s+(rope|noose|hose|gun)\b|\bnoose\b",
            r"\b(sav(e|ed|ing)|stockpil\w*|hoard\w*|collect\w*|stor(e|ed|ing))\s+(up\s+)?(all\s+)?"
            r"(my\s+)?(\w+\s+)?(pills|tablets|meds|medication|antidepressants|painkillers)\b",
            r"\bbought\s+(a\s+lot\s+of|loads\s+of|lots\s+of|extra|several\s+\w+\s+of|\d+\s+\w+\s+of)\s+"
            r"(paracetamol|pills|tablets|painkillers)\b|\bmore\s+than\s+i\s+need\b.*\b(pills|tablets"
            r"|paracetamol|painkillers)\b|\b(pills|tablets|paracetamol|painkillers)\b.*\bmore\s+than"
            r"\s+i\s+need\b",
            r"\b(drove|went|walked|go|going)\s+to\s+the\s+(cliffs?|bridge|tracks|railway|roof)\b",
            r"\b(put|putting|got|get|getting|sorted|sort\w*)\s+(everything|my\s+affairs|my\s+things|all\s+my"
            r"\s+affairs|it\s+all)\s+in\s+order\b|\bleft\s+instructions\b",
            r"\b(sent|send|sending|gave|giving|given)\s+(\w+\s+){0,4}my\s+(passwords|bank\s+details|pin\s+numbers?)\b"
            r"(?!.*\b(scam\w*|fraud\w*|phish\w*|con\s+artists?)\b)",
            r"\bsaying\s+(my\s+)?goodbyes?\s+to\s+(people|everyone|everybody|my\s+(friends|family|kids|mum|mom"
            r"|dad|partner)|you|them|all)\b|\b(been|started|keep)\s+saying\s+goodbye\b",
            r"\blast\s+(youll|you\s+will|anyone\s+will|anybody\s+will)\s+(ever\s+)?(hear|see)\b",
            r"\bwont\s+be\s+(using|needing|wanting)\s+(it|them|any\s+of\s+it|any\s+of\s+this)\b",
            rf"\b(sav(e|ed|ing)|stockpil\w*|hoard\w*|collect\w*)\s+(up\s+)?(all\s+)?{PILLS}",
            r"\bmy\s+(own\s+)?funeral\s+(playlist|music|songs|plans?)\b",
            r"\b(letter|note|message)\s+(for|to)\s+(my\s+\w+|everyone|them)\s+explaining\s+(why|everything)\b",
            r"\bleft\s+my\s+(phone|laptop)\s+unlocked\b",
            r"\b(because|since|as|cause|cuz)\s+i\s+wont\s+be\s+(around|here|alive)\b(?!\s+(for|on|at|this|next"
            r"|tomorrow|tonight|till|until|when|to)\b)",
            r"\b(love|loved|goodbye|hug\w*|told|tell)\b[^.!?]*\bone\s+last\s+time\b",
            r"\b(beam|hook|branch|banister|door\s+frame|rail)\s+(\w+\s+)?(strong|high|sturdy)\s+enough\b"
            r"|\bgot\s+(a|the)\s+(rope|noose)\b",
            rf"\b(buying|buy|bought|getting|got)\s+(extra|more|loads\s+of|lots\s+of|a\s+lot\s+of|several\s+packs"
            rf"\s+of)\s+{PILLS}"),
    *rules("attempt",
            r"\b(took|taken|swallowed|had)\s+(everything|all|the\s+lot)\s+(in|from|out\s+of)\s+(my|the)\s+"
            r"(medicine|pill|bathroom|first\s+aid)\w*(\s+(drawer|box|cabinet|cupboard))?\b"
            r"|\bswallowed\s+the\s+whole\s+(strip|packet|pack|box|bottle|blister)\b",
            r"\b(drank|drunk|swallowed)\s+(a|the)\s+(\w+\s+)?bottle\s+of\s+(cleaning\s+\w+|bleach|detergent"
            r"|disinfectant|antifreeze|weedkiller|pesticide)\b",
            r"\b(insulin|pills|tablets|meds|medication|paracetamol)\b[^.!?]*\bfinish\w*\s+me\s+off\b",
            rf"\b(took|taken|take|taking|swallowed|swallow|downed|had|ate|with)\s+{QUANT}{PILLS}",
            r"\bswallowed\s+(everything|the\s+lot|them\s+all|all\s+of\s+them)\b|\bmedicine\s+cabinet\b",
            r"\boverdos\w*",
            r"\b(tried|try|trying|attempted|attempt)\s+(to\s+)?(kill|hang|end|drown|poison|cut|off)\w*\s+"
            r"(myself|my\s+life|my\s+own\s+life)\b",
            r"\b(tried|attempted)\s+to\s+(kill|end|hang)\b(?!\s+(herself|himself|themselves|her\s+life"
            r"|his\s+life|their\s+li\w+|him|her|them)\b)",
            r"\b(tried|attempted|try|trying)\s+to\s+(\w+\s+)?myself\b(?<!help myself)(?<!find myself)",
            r"\b(drank|drunk|swallowed|took|had|drinking)\s+(some\s+|a\s+bottle\s+of\s+|a\s+cup\s+of\s+|the\s+)?"
            r"(\w+\s+)?(bleach|antifreeze|poison|weedkiller|rat\s+poison|drain\s+cleaner|pesticide|paraquat|rogor"
            r"|paraffin|kerosene)\b"),
    *rules("self_harm",
            r"\b(cut|cuts|cutting|burn\w*|hit|hits|hitting|punch\w*|scratch\w*|bit|bite|biting|bang\w*"
            r"|starv\w*|hurt\w*|harm\w*|chok\w*|strangl\w*|punish\w*|beat\w*|slap\w*|stab\w*|carv\w*"
            r"|drown\w*|poison\w*|suffocat\w*|gass?\w*|shoot|shot|electrocut\w*)\s+myself\b",
            r"\b(arms?|forearms?|legs?|skin|thighs?|wrists?|hands?|stomach|ribs|chest)\s+with\s+(a\s+|the\s+)?(\w+\s+)?(cigarettes?|lighter"
            r"|razors?|blades?|knife|iron|scissors|compass|glass)\b",
            r"\bcarv\w*\s+(\w+\s+){0,3}(into|in|on)\s+my\s+(skin|arms?|legs?|body|thighs?|wrists?)\b",
            r"\bmade\s+myself\s+(bleed|throw\s+up)\b|\b(cuts|burns|scars)\s+on\s+my\s+(arms?|legs?|thighs?"
            r"|wrists?|stomach)\b.*\b(deeper|again|new|fresh|more)\b",
            r"\bself\s?harm\w*",
            r"\bcut(ting|s)?\s+(my|into\s+my)\s+(arms?|wrists?|legs?|thighs?|skin|stomach|hips?|body)\b",
            r"\b(been|started|start|keep|kept|still)\s+cutting\b(?!\s+(back|down|out|corners|costs|the"
            r"|my\s+hair|carbs|sugar|off))|\bcutting\s+again\b",
            r"\b(cut|cutting|burn\w*|hit\w*|punch\w*|scratch\w*|bang\w*|bit|bite\w*|carv\w*)\s+"
            r"(\w+\s+){0,2}(arms?|wrists?|legs?|thighs?|skin|stomach|head|face|hands?|knuckles|walls?)\b"
            r".*\b(on\s+purpose|deliberately|until|till|when\s+(it|i|things)|to\s+feel|as\s+punishment"
            r"|with\s+a\s+(lighter|razor|blade|cigarette|knife))\b",
            r"\b(until|till)\s+(it|they|i|my\s+\w+)\s+(really\s+)?(bleed|bleeds|bled|bruise|bruises|bruised"
            r"|broke|break|hurts?|burns?|scars?)\b",
            r"\b(punch\w*|hit\w*|bang\w*|burn\w*|cut\w*|scratch\w*|scald\w*|bruis\w*|pinch\w*)\b.*\b(on\s+purpose"
            r"|deliberately)\b",
            r"\b(relapsed|relapse)\b(?!\s+(on|with|into)\s+(smoking|drinking|sugar|junk))",
            r"\bcut\w*\s+(\w+\s+)?too\s+deep\b|\bbleeding\s+(\w+\s+){0,3}from\s+my\s+(wrists?|arms?|legs?"
            r"|thighs?)\b"),
    *rules("abuse",
            r"\b(he|she|they|my\s+(?!(dog|cat|puppy|kitten|hamster|horse|parrot|rabbit|bird|pony|baby|babies|toddler"
            r"|toddlers|newborn|little|twins)\b)\w+(\s+\w+)?)"
            r"\s+(\w+\s+){0,3}?(hit\w*|beat\w*|hurt\w*|chok\w*|kick\w*"
            r"|slap\w*|punch\w*|rap(e|es|ed|ing)|abus\w*|strangl\w*|touch\w*|push\w*|shov\w*|throw\w*"
            r"\s+(\w+\s+){1,3}at|threw\s+(\w+\s+){1,3}at|burn\w*|bit(e|es|ing)?|grab\w*|lock\w*|pin(s|ned|ning)?"
            r"|smack\w*|throttl\w*|drag\w*|spat\s+on|spits\s+on)\s+((my\s+\w+|\w+)\s+and\s+)?(me|us)\b"
            r"(?!\s+(at\s+(cards|chess|pool|tennis|football|mario|fifa|monopoly|scrabble|darts|golf|squash|badminton"
            r"|snooker|uno|poker|\w+\s+kart|video\s+games|games?|fortnite|everything)|on\s+the\s+(shoulder|arm|back"
            r"|hand))\b)",
            r"\b(hed|he\s+would|hell|he\s+will|shed|she\s+would|shell|she\s+will|theyd|theyll|they\s+will"
            r"|they\s+would)\s+(break|kill|hurt"
            r"|hit|beat|burn|cut|stab|smash)\s+(me|my\s+\w+|us)\b",
            r"\bhiding\s+(in|from|under)\b.*\b(he|she|they|hes|shes|theyre|him|her)\b"
            r"|\b(hes|shes|theyre|he\s+is|she\s+is)\s+(smashing|banging|kicking|breaking|punching)\s+(the|my)\s+"
            r"(door|window|walls?|things|stuff)\b",
            r"\btakes?\s+(all\s+)?my\s+(wages|money|pay|benefits|salary)\b",
            r"\b(wife|husband|partner|boyfriend|girlfriend|dad|father|mum|mom|mother|stepdad|stepmum|old\s+man"
            r"|son|brother|uncle|carer|ex|fiance|fiancee)\s+(\w+\s+){0,2}?(hits|hit|beats|beat|pushed|pushes"
            r"|kicks|kicked|punched|punches|slapped|slaps|chokes|choked|strangled|throttled)\s+me\b"
            r"(?!\s+(at\s+\w+|in\s+the\s+feels|on\s+the\s+(shoulder|arm|back)|up|to)\b)",
            r"\bthreaten\w*\s+to\s+(stab|kill|hurt|harm|hit|beat|burn|shoot)\s+(me|us|the\s+kids|my\s+\w+)\b",
            r"\bgives?\s+me\s+a\s+(hiding|beating|kicking|slap)\b|\bstarted\s+on\s+me\b",
            r"\bi\s+make\s+(him|her|them)\s+do\s+it\b|\bthrew\s+(\w+\s+){1,3}at\s+(me|my\s+(head|face))\b",
            r"\bthreaten\w*\s+(me|us|my\s+(kids|children|family))\b|\bforc\w*\s+me\s+(into|to|onto|down)\b",
            r"\b(he|she|my\s+\w+)\s+(\w+\s+){0,2}?(hits|beats|hurts|chokes|kicks|punches|abuses|touches)\s+my\s+"
            r"(little\s+|baby\s+|younger\s+|big\s+)?(sister|brother|mum|mom|mother|siblings?|kids|children)\b",
            r"(\b(i\s+am|im|i\s+was|ive\s+been|i\s+have\s+been|i\s+got|i\s+get|i\s+keep\s+getting|im\s+being"
            r"|i\s+am\s+being)|(^|[.!?]\s*)(being|been|got))\s+(abused|raped|assaulted|molested|beaten(\s+up)?"
            r"|strangled|choked|battered|jumped|stabbed)\b",
            r"\b(not|never)\s+safe\s+(at\s+home|with\s+(him|her|them|my\s+\w+)|in\s+my\s+(own\s+)?(house|home))\b",
            r"\bif\s+i\s+(leave|tell|go|say|call)\b.*\b(hurt|kill|hit|beat|take)\s+(the\s+kids|my\s+kids|the"
            r"\s+children|us|my\s+\w+)\b|\b(hurt|kill|hit|beat|take)\s+(me|the\s+kids|my\s+kids|the\s+children"
            r"|us)\b.*\bif\s+i\s+(leave|tell|go|say|call)\b",
            r"\bthreaten\w*\s+me\s+with\b|\bbruises?\s+(from|because\s+of)\s+(him|her|them|my\s+\w+)\b",
            r"\b(scared|afraid|frightened|terrified)\s+(that\s+)?(he|she|they)\s*(ll|will|is\s+going\s+to|might)"
            r"\s+(hurt|kill|hit)\b",
            r"\b(scared|afraid|frightened|terrified)\s+(to\s+go\s+home|of\s+(my\s+)?(partner|husband|wife"
            r"|boyfriend|girlfriend|dad|father|mum|mom|mother|stepdad|stepfather|stepmum|ex|him|her"
            r"|them|uncle|brother))\b",
            r"\bthreaten\w*\s+(to\s+)?(kill|hurt|hit|beat)\s+me\b|\bif\s+i\s+(leave|tell|go|say)\b.*"
            r"\b(kill|hurt|hit|beat)\s+me\b|\b(hell|shell|he\s+will|she\s+will|theyll)\s+(kill|hurt|hit"
            r"|beat)\s+me\b",
            r"\b(forces?|forced|forcing|makes|made|make)\s+me\s+(to\s+)?(do\s+)?(things|stuff|sexual"
            r"|have\s+sex|touch)\b",
            r"\bcomes?\s+(in)?to\s+my\s+(room|bed)\s+at\s+night\b",
            r"\b(locks?|locked)\s+me\s+(in|out|up)\b|\bcontrols?\s+(all\s+)?my\s+(money|phone|life)\b"
            r"|\bwont\s+let\s+me\s+(leave|go\s+out|see\s+my|have\s+my)\b",
            negatable=True, about_self=False),
    *rules("harm_others",
            rf"\b(going\s+to|will|ill|ll|want\s+to|plan\w*\s+to|about\s+to|think\w*\s+(about|of)"
            rf"|imagining|imagine|thoughts\s+(of|about)|urges?\s+to|fantasi\w+\s+about|picturing|feel\s+like"
            rf"|plan\w*\s+how\s+to|thought\s+about\s+how\s+to|figur\w+\s+out\s+how\s+to|might|may)\s+"
            rf"(\w+\s+)?{HARM_VERB}\s+{PEOPLE}\b",
            rf"\bcould\s+{HARM_VERB}\s+{PEOPLE}\b.*\b(i\s+might|i\s+will|i\s+mean\s+(it|that)|for\s+real"
            r"|literally|not\s+a\s+figure\s+of\s+speech)\b",
            rf"\bcould\s+(really|actually|seriously)\s+{HARM_VERB}\s+{PEOPLE}\b",
            r"\b(shoot\w*|bomb\w*)\s+up\s+(the|my|a)\s+\w+",
            r"\b(bring\w*|take|taking|took)\s+(a|my|the|my\s+\w+s)\s+(knife|gun|weapon|blade)\s+(to|into)\s+"
            r"(school|work|class|college|uni)\b",
            r"\bmake\s+(him|her|them)\s+pay\b.*\b(knife|gun|weapon)\b|\b(knife|gun|weapon)\b.*\bmake"
            r"\s+(him|her|them)\s+pay\b",
            r"\bkill\s+yourself\b",
            r"\b(use|using)\s+it\s+on\s+(him|her|them|my\s+\w+)\b|\b(knife|gun|weapon|blade|bat|hammer)\b.*"
            r"\b(on|at|into)\s+(him|her|them)\b(?!\s+(for|about)\b)",
            r"\b(run|running|ran)\s+(him|her|them|my\s+\w+|the\s+\w+)\s+over\b|\b(going\s+to|will|ll|want\s+to)\s+run"
            r"\s+over\s+(him|her|them|my\s+\w+)\b",
            r"\b(want|going|will|ll|gonna)\s+(to\s+)?make\s+(him|her|them|everyone)\s+(all\s+)?(suffer|bleed)\b",
            r"\b(knife|gun|hammer|bat|weapon|blade|axe)\b.*\b(going|coming|heading|on\s+my\s+way)\s+(round\s+|over\s+)?"
            r"(to\s+)?(his|her|their)\s+(flat|house|place|work|school)\b",
            r"\bset\s+fire\s+to\b.*\b(with|while)\s+(him|her|them)\s+(in|inside)\b|\b(going\s+to|will|ll|want\s+to)"
            r"\s+(set\s+fire\s+to|burn\s+down)\s+(his|her|their|my\s+\w+)\b",
            r"\bbeat\s+the\s+(shit|hell|crap|life)\s+out\s+of\s+(him|her|them|someone|my\s+\w+|the\s+\w+)\b",
            r"\b(i|ive|id)\s+((?!(never|not|wouldnt|dont|didnt|wont|cant|couldnt|wouldn)\b)\w+\s+){0,3}?(hit|punched"
            r"|grabbed"
            r"|slapped|kicked|shook|shake|choked|strangled|hurt|smothered)\s+"
            r"(my\s+(son|daughter|baby|kids?|child|children|wife|husband|partner|girlfriend|boyfriend|mum|mom"
            r"|dad|mother|father|flatmate|toddler)|him|her)\b(?!\s+(up|back|with\s+(a\s+)?(pillow|snowball)))",
            r"\b(push\w*|shov\w*|throw\w*)\s+(my\s+\w+|him|her|them|someone|people|a\s+stranger)\s+"
            r"(down\s+the\s+stairs|off|onto\s+the\s+tracks|in\s+front\s+of)\b",
            r"\bvoices?\b[^.!?]*\b(tell|telling|told|want)\s+me\s+to\s+(hurt|kill|harm|stab|attack)\b",
            rf"\b(afraid|scared|terrified|worried)\s+(that\s+)?(i\s+(could|might|will|ll|am\s+going\s+to)|ill|id)\s+"
            rf"(\w+\s+)?{HARM_VERB}\s+{PEOPLE}\b",
            rf"\b(started\s+)?wanting\s+to\s+{HARM_VERB}\s+{PEOPLE}\b",
            r"\b(want|going|gonna|ill|i\s+will)\s+(to\s+)?break\s+(his|her|their)\s+(face|nose|jaw|legs?|neck|skull|head"
            r"|arms?|ribs|teeth)\b",
            r"\b(how\s+to|ways\s+to)\s+(kill|poison|hurt)\s+(my\s+\w+|him|her|them|someone)\b",
            negatable=True, about_self=False),
]
