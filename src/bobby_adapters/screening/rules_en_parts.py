"""English rules that read a statement from its parts, not from one phrase.

Explicit statements come in more wordings than phrase rules can list: "would 60 tramadol do
it", "how high does a bridge need to be to be sure", "Sunday. garage. engine running". Each is
made of a few parts that mean little alone and risk together: a means and a question of whether
it kills; a place and a jump said as the writer's own next step; an act on the writer's own body
and what it is for ("so I don't take it out on anyone", "till it bled"); a wish, a gladness or a
"wouldn't mind" and the writer's own death. Each rule here joins such parts within one sentence,
so the everyday sentence with one part ("is the train quicker than the bus", "I'll jump in the
shower") stays clear. Written in four rounds from the explicit statements the phrase rules
missed in training corpora K to Z (issue 26), and measured on sets written blind to them."""

from __future__ import annotations

from bobby_adapters.screening.rules_en import EVERYDAY, PILLS, QUANT, Rule, rules

SENTENCE = r"[^.!?]*"
"""The rest of the sentence: parts joined by a rule must stand in one."""
LETHAL_MEANS = (r"(pills?|tablets?|meds|paracetamol|painkillers|insulin|morphine|oxycodone|tramadol"
                r"|codeine|co\s+codamol|diazepam|amitriptyline|sertraline|sleeping\s+(pills|tablets)"
                r"|ibuprofen|aspirin|tylenol|citalopram|fluoxetine|xanax|valium|zopiclone|pregabalin"
                r"|quetiapine|seroquel|lithium|olanzapine|mirtazapine|propranolol|venlafaxine|antipsychotics"
                r"|pesticide|paraquat|rogor|paraffin|kerosene|petrol|charcoal|methadone|ketamine|benzos|heroin"
                r"|gear|reservation|pillar|barrier"
                r"|antidepressants|vodka\s+and|bleach|rat\s+poison|poison|weedkiller|antifreeze"
                r"|sheep\s+dip|rope|noose|belt|bridge|viaduct|overpass|cliffs?|quarry|drop|floor"
                r"|multi\s?storey|car\s+park|roof|building|train|tracks|lorry|exhaust|carbon\s+monoxide"
                r"|engine|garage|gun|shotgun|rifle|blade|razor|knife|wrists?|jump\w*|hang\w*|overdose)")
"""A means, a place or an act that can kill, as a lethality question names it."""
KILLS = (r"(die|dying|dead|kill\s+(me|you|a\s+(person|man|woman|human|grown\s+\w+|adult)|someone"
         r"|myself|yourself)|fatal|lethal|painless|instant\w*|for\s+sure|be\s+sure|definitely"
         r"|enough\s+to\s+(do\s+it|die|kill|not\s+wake)|do\s+it|do\s+the\s+job|finish\s+(me|a\s+(man|person)"
         r"|someone)\s+off|hold\s+(a|an)\s+(grown\s+)?(adult|person|man|woman)|hang\s+(a|an)\s+(person"
         r"|man|woman|adult|human)|quick(er|est)?\s+(with|way|death|to\s+die)|(still\s+)?work\s+with"
         r"|be\s+(quick|instant|painless)\s*$|(dont|do\s+not|wont)\s+survive|make\s+sure|hurt\s+or\s+(is\s+it\s+)?quick"
         r"|be\s+certain|(very\s+|less\s+|more\s+)?painful|works?\s+(fast|quickly|on\s+(a\s+person|me|you))"
         r"|before\s+it\s+works|stop\s+(someones|my|your|a\s+persons)\s+breathing|be\s+enough\s+or\b"
         r"|be\s+enough(\s*[,?]|\s+do\s+you"
         r"|\s*$))")
"""What a question asks of a means when it asks whether it kills."""
QUESTION = (r"\b(how|which|what|whats|would|will|can|could|is|are|does|do|if\s+i|if\s+you"
            r"|if\s+(someone|somebody|a\s+person))\b")
ASKED_FOR_ME = r"\b(asking\s+for\s+(me|myself|a\s+reason)|for\s+me\s+not|is\s+it\s+(just\s+)?me)\b"
JUMP_NOW = (r"\b(im|i\s+am|ill|i\s+will|going\s+to|gonna)\s+(just\s+)?(jump|jumping)"
            r"(?=\s*($|[.!?,~]|off\b(?!\s+(the\s+)?walls)|from\b|in\s+front\b|then\b|tonight|tomorrow"
            r"|thats|that\s+s))")
"""A jump said as the writer's next step, ending its clause or with where from: not "jump in
the shower", "jump on a call" or "jump at the chance"."""
HIGH_PLACE = (r"\b(bridge|cliffs?|head|viaduct|overpass|roof|building|multi\s?storey|car\s+park|tower"
              r"|quarry|point|gap|pier)\b")
WATER = r"\b(quarry|river|sea|canal|lake|reservoir|harbour|dock|weir|loch)\b"
BODY = (r"(arms?|forearms?|legs?|thighs?|wrists?|skin|head|hands?|fists?|stomach|face|knuckles|hips?"
        r"|fingers|ribs|chest|belly|shins?|ankles?)")
ON_MY_BODY = rf"(myself|my\s+(own\s+)?{BODY})"
HARM_ACT = (r"(cut|cuts|cutting|burn\w*|scratch\w*|bang\w*|hit|hits|hitting|punch\w*|bit|bite|biting"
            r"|pick\w*|carv\w*|slash\w*|scald\w*|scrap\w*)")
WHAT_FOR = (r"\b(only\s+thing|quiet\w*|calm\w*|numb\w*|release|relief|punish\w*|deserve\w*|so\s+i\s+dont"
            r"|when\s+(im|i\s+am|i\s+get)\s+(overloaded|angry|upset|stressed|overwhelmed)|teeth\s+marks|meltdown"
            r"|shutdown|split|bruised|bleeding"
            r"|to\s+feel|feel\s+(something|calmer|better|real)|cope|coping|take\s+it\s+out|raw|till\s+it"
            r"\s+(bled|bleeds)|until\s+it\s+(bled|bleeds)|long\s+sleeves|no\s+one\s+(sees|can\s+see)"
            r"|nobody\s+(sees|can\s+see)|hide\s+(it|them|the))\b")
"""What an act on the writer's own body is for, when it is self-harm and not an accident."""
ACCIDENT = (r"\b(shaving|cooking|chopping|gardening|opening|by\s+accident|accidentally|brambles"
            r"|thorns|while\s+\w+ing|football|rugby|training|the\s+cat|the\s+dog)\b")
WISHING = (r"\b(hop\w*|wish\w*|pray\w*|secretly|happy|glad|fine|wouldnt\s+mind|dont\s+mind|relieved"
           r"|kinda|part\s+of\s+me)\b")
PARTNER = (r"(he|she|hes|shes|husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|missus|fella"
           r"|old\s+man|ex)")

GONE_SELF = (r"\b(if|when|once)\s+i\s+(just\s+)?(didnt\s+wake\s+up|never\s+woke\s+up|wasnt|werent|was\s+not"
             r"|were\s+not|stopped\s+(existing|being\s+(here|around|alive)|breathing)|stopped(?=\s*([.,!?]|$))|was\s+gone|were\s+gone|disappeared"
             r"|vanished|died|wasnt\s+around|wasnt\s+here|wasnt\s+in\s+the\s+picture)\b")
"""The writer imagining their own absence ("if I just wasn't around", "if I didn't wake up")."""
WOULD_BE_BETTER = (r"\b(fine|better|easier|happier|calmer|nicer|simpler|lighter|relieved|relief|favour"
                   r"|manage|move\s+on|notice|peaceful|nice|for\s+the\s+best)\b")
HIGHER_POWER = r"(god|lord|the\s+good\s+lord|jesus|allah|he|the\s+man\s+upstairs)"

PLAN_MEANS = (r"(rope|noose|overdose|hang(ing)?\s+myself|jump(ing)?\s+(off|from|in\s+front)"
              r"|(off|from)\s+the\s+(bridge|cliffs?|viaduct|roof|multi\s?storey|car\s+park)|the\s+(bridge|cliffs?|viaduct|quarry|tracks)"
              r"\s+(at|on|after|tonight|tomorrow)|exhaust|drown(ing)?\s+myself|over\s+the\s+side|(all|every|enough)\s+"
              r"(of\s+)?(my\s+|the\s+)?(\w+\s+)?(pills|tablets))")
"""The means a plan names, narrower than LETHAL_MEANS: "the plan is to take the train", "plans
tonight: hang out", "the plan is to clear the garage" are an ordinary day."""

RULES: list[Rule] = [
    *rules("wish_dead",
            # Third round of parts (corpora S to V): the writer's own death asked for, waited for,
            # envied or hoped to come by illness, accident or someone else's hand.
            r"\b(rather|sooner|as\s+soon)\s+(be\s+)?dead\b",
            r"\blet\s+me\s+(just\s+)?die\b",
            r"\b(im|i\s+am)\s+(\w+\s+){0,4}?who\s+wants\s+to\s+die\b",
            r"\b(glad|happy|content|relieved|ready|grateful|thankful)\s+to\s+(just\s+)?die\b",
            r"\bif\s+i\s+could\s+(just\s+)?die\b",
            r"\b(being\s+)?dead\s+(cant|couldnt|wouldnt|can\s+not)\s+be\s+worse\b",
            r"\bif\s+(i|id|i\s+had)\s+(\w+\s+){0,4}?(and\s+)?died\b[^.!?]*\b(mercy|relief|relieved|blessing|better|fine"
            r"|easier|happy|glad|simpler|solve|sort|fix)\w*|\b(simpler|better|easier|kinder)\b[^.!?]*\bif\s+(i|id|i\s+had)"
            r"\s+(\w+\s+){0,3}?died\b",
            r"\b(i\s+)?want\s+death\b|\bwant\s+death\s+to\s+come\b",
            r"\b(stop|keep|always)\s+wanting\s+to\s+die\b|\b(im|i\s+am|i\s+keep|been)\s+(\w+\s+){0,2}?wanting\s+to"
            r"\s+die\b|^wanting\s+to\s+die\b",
            r"\bwhy\s+(cant|can\s+not|couldnt)\s+i\s+(just\s+)?die\b",
            r"\b(disappointed|gutted|annoyed|angry)\s+(that\s+)?i\s+(didnt|did\s+not)\s+(die|wake|go)\b",
            r"\bwould\s+any(one|body)\s+(care|notice|miss\s+me)\s+if\s+i\s+(died|was\s+gone|disappeared|wasnt\s+here)\b",
            r"\b(hop\w*|wish\w*|pray\w*)\b[^.!?]*\b(would|will|could|to)\s+(\w+\s+){0,5}?(kill|take|finish)\s+me(\s+off)?\b"
            r"(?!\s+(when|if)\b)|\b(hop\w*|wish\w*|pray\w*)\b[^.!?]*\b(kills|takes)\s+me\b",
            r"\b(wish|hop|pray)\w*\s+(that\s+)?(i|id|ill|i\s+would|i\s+could)\s+(\w+\s+){0,9}?(drown|get\s+killed|get\s+shot"
            r"|drop\s+dead|not\s+make\s+it|never\s+come\s+back)\b",
            r"\b(wish|hop|pray)\w*\s+(\w+\s+){0,4}(would|will)\s+(come\s+in|fall|collapse|cave\s+in)\s+on\s+me\b",
            r"\b(want|wish|wishing|hope)\w*\s+(\w+\s+){0,6}body\s+bag\b",
            r"\bi\s+get\s+to\s+die\b|\bpray\w*\s+to\s+die\b",
            r"\bswap\s+places\s+with\s+[^.!?]*\bwho\s+died\b",
            r"\b(wanted|want)\s+(him|her|them|it|someone|somebody)\s+to\s+kill\s+me\b",
            r"\b(want|wanted)\s+to\s+live\b[^.!?]*[.!?]?\s*i\s+said\s+(not\s+really|no)\b",
            r"\bwish\w*\s+you\s+were\s+dead\b[^.]*\b(asking\s+for\s+me|for\s+me|i\s+do|most\s+days)\b",
            negatable=False),
    *rules("active_thoughts",
            r"\b(think\w*|thought\w*)\s+about\s+(taking\s+(your|my|their)\s+own\s+life|killing\s+(yourself|myself))\b"
            r"[^.]*?\b(cos|because|cause|coz)\s+i\b",
            negatable=False),
    *rules("plan",
            r"\bhanging\s+in\s+the\s+(woods|garage|loft|barn|shed|stairwell)\b",
            rf"\b(sorted|worked\s+out|know)\s+how\s+(im|i\s+am|ill|i\s+will)\s+(doing|going\s+to\s+do)\s+it\b"
            rf"|(^|[.!?]\s*|\b(my|the)\s+)plan(s|\s+is)\b.*\b{PLAN_MEANS}\b|\bplanned\s+it\b.*\b{PLAN_MEANS}\b",
            r"\b(ill|i\s+will|going\s+to|gonna)\s+(swallow|take|down)\s+(the|my|all\s+the|all\s+my)\s+(pills|tablets)\s+"
            r"(then|tonight|when|after|at)\b|\bdo\s+it\b[^.!?]*\bwith\s+the\s+(shotgun|gun|rope|pills|tablets|knife)\b"
            r"|\bplan\s+is\s+to\s+(die|kill\s+myself|end\s+it)\b",
            r"\benough\b[^.!?]*\bto\s+make\s+sure\s+i\s+(dont|do\s+not|never|wont)\s+(wake|come\s+back)\b",
            r"\b(wont|will\s+not)\s+be\s+alive\s+to\b|\bnot\s+(staying|going\s+to\s+stay)\s+alive\b",
            negatable=False),
    *rules("method",
            r"\benough\s+to\s+(finish\s+me(\s+off)?|do\s+me\s+in|end\s+me|kill\s+me)\b",
            r"\b(ran|run|running)\s+the\s+(car|engine)\b.*\bgarage\b|\bgarage\b.*\b(ran|run|running)\s+the\s+(car|engine)\b"
            r"|\bhose\b[^.!?]*\bexhaust\b|^(?=.*\bhose\b)(?=.*\bgarage\b)(?=.*\b(know\s+what\s+to\s+do|engine|running"
            r"|tonight|asleep)\b)",
            r"\b(gun|revolver|pistol|rifle|shotgun|firearm)s?\b.*\b(would|could)\s+be\s+(quick|easy|simple)\b",
            r"\b(could|can|how|would)\b[^.!?]*\bdrown\s+(themselves|yourself|myself|oneself)\b",
            r"\bput\s+(it|the\s+(gun|barrel|muzzle))\s+in\s+my\s+mouth\b",
            r"\b(how\s+much|dose|the\s+dose)\b[^.!?]*\b(for\s+(someone|a\s+person)\s+(my|of\s+my)\s+(weight|size)"
            r"|for\s+my\s+(body\s*weight|weight|size))\b|\bdose\s+for\s+me\b|\bfor\s+me,?\s+not\s+a\s+patient\b"
            r"|\b(dose|drawing\s+(it\s+)?up|draw\s+(it\s+)?up)\s+for\s+myself\b",
            r"\bthink\w*\s+about\s+(steering|driving|swerving|crashing)\s+(it\s+)?(into|off)\b",
            negatable=True),
    *rules("preparation",
            r"\b(keeping|holding)\s+back\s+my\s+(\w+\s+)?(morphine|pills|tablets|meds|patches|medication|insulin)\b",
            r"\btidying\s+up\s+before\s+i\s+go\s*([.!]|$)|\ball\s+thats\s+left\s+is\s+(to\s+go|for\s+me\s+to\s+go)\b",
            negatable=False),
    *rules("attempt",
            r"\b(took|swallowed|taken)\s+(everything|all|the\s+lot)\s+(in|from|out\s+of)\s+the\s+(box|packet|bottle|tub"
            r"|pack)\b",
            r"\blet\s+go\s+of\s+the\s+(rail|railing|ledge)\b|\binjected\s+myself\s+with\b",
            r"\btook\s+the\s+(tablets|pills)\b[^.!?]*[.!?]?\s*all\s+of\s+them\b|\bswallowed\s+(whatever|everything)\s+"
            r"(was\s+)?(left\s+)?in\s+the\b|\b(plus|and)\s+everything\s+in\s+the\s+(bathroom|medicine)\s+(cabinet"
            r"|cupboard)\b|\bmixed\s+every\s+(pill|tablet)\b",
            r"\bi\s+jumped\s+(off|from)\s+(a|the)\s+(\w+\s+)?(bridge|footbridge|building|roof|car\s+park|multi\s?storey"
            r"|cliff|balcony|pier|viaduct)\b(?![^.!?]*\b(laugh|swim|dare|fun|holiday|summer|bet)\b)|\bwanted\s+to\s+drown\b",
            r"\b(did|done)\s+it\s+(deliberately|on\s+purpose)\b",
            r"\b(walked|went|waded)\s+(out\s+)?into\s+the\s+(sea|river|lake|water|canal|lough)\b.*\b(turned\s+me\s+back"
            r"|shocked\s+me|pulled\s+me\s+out|couldnt\s+(even\s+)?(manage|do)\s+(it|that))\b",
            negatable=False),
    *rules("self_harm",
            r"\bhide\s+(my\s+|the\s+|ur\s+|your\s+)?(cuts|scars|burns|self\s?harm\w*)\b",
            r"\bonly\s+thing\s+that\s+helps\s+is\s+the\s+(blade|razor|cutting|knife)\b|\b(days?|weeks?|months?)\s+(not"
            r"|without)\s+cutting\b|\babout\s+the\s+cutting\b|(^|[.!?]\s*|\bi\s+)cut\s+again\b",
            r"\bkeep\s+(a|the|my)\s+(blade|razor)\b[^.!?]*\b(for\s+(bad|hard)\s+(days|nights)|in\s+my\s+(purse|pencil"
            r"\s+case|bag|pocket|wallet))\b|\b(blade|razor)\b.*\bhavent\s+used\s+it\b",
            negatable=False),
    *rules("method",
            # read on the whole text: "suicide barriers" is masked as talk about others
            r"\bwhich\s+(bridges?|buildings?|car\s+parks?|cliffs?|stations?)\b[^.!?]*\b(dont|do\s+not|without)\s+"
            r"(have\s+)?(the\s+)?(suicide\s+)?(barriers?|fences?|nets?|railings?)\b",
            negatable=False, about_self=False),
    *rules("abuse",
            # not negatable: "if I say no he stands in the doorway so I can't get out"
            r"\b(he|she|they)\b[^.!?]*\bso\s+i\s+(cant|couldnt|can\s+not)\s+(get\s+out|leave|escape)\b",
            negatable=False, about_self=False),
    *rules("harm_others",
            r"\bmy\s+hands?\s+(round|around|on)\s+(his|her|their|my\s+\w+s)\s+(throat|neck)\b",
            r"\b(see\s+what\s+i\s+(do|will\s+do)|make\s+(him|her|them)\s+pay|sort\s+(him|her|them)\s+out)\b.*"
            r"\b(bought|got|sharpened)\s+(a|the|my)\s+(panga|machete|axe|knife|gun|bat|hammer|blade)\b",
            r"\bburn\s+(\w+\s+){0,3}down\s+with\s+(\w+\s+){0,2}(in|inside)\b",
            r"\b(blade|knife|gun|bat)\s+in\s+my\s+(jacket|pocket|bag|car|coat)\s+for\s+(when|him|her|them|the)\b"
            r"|\bbringing\s+(the|a|my)\s+(bat|knife|blade|gun|hammer)\b(?=.*\b(one\s+way\s+or\s+another|out\s+of\s+"
            r"(him|her|them))\b)",
            r"\b(going\s+to|will|ll)\s+hit\s+(him|her|them)\s+back\b[^.!?]*\b(wont|not)\s+stop\b",
            r"\b(stand|stood|standing)\s+over\s+(him|her|them)\s+with\s+(the|a)\s+(knife|hammer|pillow|bat|gun)\b"
            r"|\b(going|go|come)\s+round\s+(there\s+)?with\s+a\s+(hammer|knife|bat|machete)\b",
            r"\b(outside|near|by)\s+(my\s+)?(exs|his|her|their)\s+(flat|house|place|work)\b.*\b(knife|gun|weapon|blade"
            r"|bat|hammer)\b|\b(knife|gun|weapon|blade)\b.*\b(outside|near)\s+(my\s+)?(exs|his|her|their)\s+(flat"
            r"|house|place|work)\b",
            negatable=True, about_self=False),
    *rules("abuse",
            r"\b(yanks?|yanked|drags?|dragged|pinch\w*|grab\w*|shov\w*)\s+me\b[^.!?]*\b(bruis\w*|so\s+hard|hurt\w*|cry)\b"
            r"|\bwhere\s+(the\s+)?bruises\s+(dont|wont)\s+show\b|\bpinch\w*\s+me\s+and\s+call\w*\s+me\b",
            r"\bgrab\w*\s+me\s+by\s+(the|my)\s+(neck|throat|hair|arm|wrist)\b|\bgrab\w*\s+my\s+(wrist|arm|neck|throat"
            r"|hair)\b[^.!?]*\b(squeez\w*|twist\w*|till|until|hard|hurt|bruis\w*)\b",
            r"\b(the\s+|my\s+)?(sergeant|boss|manager|supervisor|teacher|coach|carer|landlord|priest|officer|guard|foreman"
            r"|skipper|neighbour|stepdad|stepmum|uncle|cousin)\s+(\w+\s+){0,8}?(touch\w*|hit\w*|beat\w*|punch\w*"
            r"|slap\w*|kick\w*|chok\w*|grop\w*|rap(e|es|ed|ing))\s+(me|us)\b",
            r"\b(his|her|their)\s+(brother|dad|father|mum|mother|son|family|mates|friends|husband|boyfriend|cousin)\s+"
            r"(punched|hit|kicked|attacked|beat|slapped|headbutted)\s+me\b",
            r"\bim\s+the\s+one\s+with\s+the\s+bruises\b",
            r"\b(ll|will|hell|shell|theyll|going\s+to|threaten\w*\s+to)\s+(send|share|post|leak)\s+(my|the)\s+(pics|photos|nudes|pictures"
            r"|videos)\b|\bnudes\b.*\b(angry|threat\w*|hes\s+\d\d|he\s+is\s+\d\d|older)\b",
            negatable=True, about_self=False),
    *rules("wish_dead",
            # Passive wishes said without death words, from their parts: the writer's absence
            # imagined and found better; a power asked to take them; wishing to stop or fade.
            rf"{GONE_SELF}(?![^.!?]*\b(for\s+(a|the|an|one|two|\d)|this\s+\w+end|on\s+holiday|at\s+work"
            rf"|from\s+(the|this|that|work)|tomorrow\s+(morning|at))\b){SENTENCE}{WOULD_BE_BETTER}"
            rf"|{WOULD_BE_BETTER}{SENTENCE}{GONE_SELF}(?!\s+(for|at|on|from|in|to|there|home)\b)"
            r"(?![^.!?]*\b(for\s+(a|the|an|one|two|\d)|this\s+\w+end|on\s+holiday)\b)",
            rf"\b(pray\w*|hop\w*|wish\w*|if|asking|ask)\b{SENTENCE}\b{HIGHER_POWER}\s+(would\s+|will\s+|to\s+"
            r"|could\s+|would\s+just\s+|just\s+)?(take|takes|took|come\s+for|call|calls|called)\s+me"
            r"(\s+home|\s+tonight|\s+in\s+my\s+sleep|\s+soon|\s+now|\s+early)?\b(?!\s+(to|on|through"
            r"|out|back|aside|for\s+a|into)\b)",
            rf"\b{HIGHER_POWER}\s*(s|has|have)?\s+forg\w*\s+(to\s+)?(come\s+for|take|about)\s+me\b",
            r"\bwish\w*\s+(that\s+)?i\s+could\s+(just\s+)?(stop|fade(\s+out|\s+away)?|be\s+erased|disappear"
            r"|vanish|cease|evaporate|dissolve|not\s+be)\b(?!\s+(\w+ing|at|for|by|in|on|the|my|this|that|it"
            r"|from|into|off|to|with|sometimes)\b)(?![\s.,:;-]*stop\s+\w+ing)",
            r"\b(just\s+)?want\s+to\s+not\s+be(\s+any\s*more|\s+at\s+all)?\s*([.!?]|$)"
            r"|\bfinished\s+with\s+being\s*([.!?]|$)|\bdone\s+being\s+(here|alive)\b",
            r"\b(cant|cannot|couldnt)\s+(picture|see|imagine)\s+a\s+future\s+with\s+me\s+in\s+it\b",
            r"\b(only|one)\s+(reason|thing)\s+(to\s+keep\s+going|keeping\s+me\s+(here|going|alive))\b[^.!?]*"
            r"\b((not|isnt)\s+(\w+\s+)?(feeling\s+like\s+)?enough|even\s+that\s+(isnt|is\s+not|wont)|not\s+sure"
            r"\s+(it|that)s?\s+enough)",
            r"\b(stopped|stop)\s+caring\s+(whether|if)\s+(theres|there\s+is)\s+a\s+tomorrow\b"
            r"|\b(dont|do\s+not)\s+care\s+(whether|if)\s+(theres|there\s+is)\s+a\s+tomorrow\b",
            r"\b(hop\w*|not\s+sure\s+i\s+want)\s+(that\s+)?(there\s+)?(arent|are\s+not|wont\s+be|is\s+not|isnt)?"
            r"\s*(\w+\s+){0,2}?(many|any)\s+more\s+(of\s+them|days|years|birthdays|christmases|mornings)\b",
            r"\b(envy|jealous\s+of)\s+(the\s+)?(people\s+in\s+the\s+obituaries|the\s+dead|dead\s+people)\b",
            r"\brather\s+be\s+gone\s+than\b",
            r"\bmy\s+time\s+(comes|is\s+up)\b.*\bsooner\s+the\s+better\b|\b(wont|wouldnt|dont)\s+mind\s+when"
            r"\s+my\s+time\s+comes\b",
            r"\bwhats\s+(even\s+)?keeping\s+me\s+(here|going|alive)\b[^?]*\b(cant\s+think\s+of\s+(anything|one"
            r"\s+thing|a\s+thing)|no\s+idea|not\s+sure\s+anything)\b",
            r"\b(sleep|asleep)\s+and\s+(have\s+it\s+be|it\s+be|that\s+be)\s+(permanent|that|it)\b"
            r"|\bfall\s+asleep\b[^.!?]*\band\s+that\s+be\s+that\b",
            negatable=False),
    *rules("wish_dead",
            r"\b(tired|sick|weary|exhausted)\s+of\s+being\s+here\b(?![\s,]+(in|at|on|with|for|all|every|till"
            r"|until|waiting|alone|so|by)\b)",
            r"\b(i\s+just|just)\s+(dont|do\s+not)\s+want\s+to\s+be\s+here\s*([.!?]|$)",
            negatable=False, unless=EVERYDAY),
    *rules("wish_dead",
            # The writer's own death, wished or welcomed, said around the word.
            rf"{WISHING}{SENTENCE}\b(so|and|that|if)\s+(i\s+can|id|i\s+could|i\s+would|i\s+might"
            r"|i\s+just|i)\s+(just\s+)?(die|died|be\s+dead|dropped\s+dead|drop\s+dead|never\s+wake"
            r"|not\s+wake\s+up)\b",
            r"\b(glad|happy|content|relieved|ready)\s+to\s+(just\s+)?die\b",
            r"\bwouldnt\s+mind\s+(just\s+)?(dying|being\s+dead|dropping\s+dead|if\s+i\s+died)\b",
            r"\b(dying|death|being\s+dead)\b.*\b(id|i\s+would|i\s+d)\s+(\w+\s+)?(welcome|embrace)\s+it\b"
            r"|\b(id|i\s+would)\s+(welcome|embrace)\s+(it|death|dying)\b(?=[^.!?]*\b(dying|death|dead)\b)",
            r"\b(worth\s+more|more\s+use|more\s+useful)\s+(to\s+\w+\s+)?dead\b|\b(better\s+off|worth\s+more"
            r"|more\s+use|more\s+useful)\s+(\w+\s+){0,6}?(as\s+)?(a\s+)?(life\s+insurance|insurance\s+payout"
            r"|the\s+insurance|payout)\b",
            r"\b(had\s+enough|fed\s+up|done)\s+(of|with)\s+(being\s+alive|living|existing|life)\b"
            r"(?!\s+(with|in|at|on|like|here|there|out|off|under|together)\b)",
            r"\bnot\s+(fine|ok|okay)\s+with\s+(is\s+)?being\s+alive\b|\bwith\s+(living|being\s+alive)\s*[.!]*$",
            r"\b(i|id|ive)\s+should\s+(just\s+)?be\s+dead\b|\b(saying|says|tells\s+me)\s+(that\s+)?(you|i)\s+should\s+"
            r"(just\s+)?be\s+dead\b|^should\s+(just\s+)?be\s+dead\b",
            r"\b(part|bit)\s+of\s+me\s+(\w+\s+)?wants\s+to\s+die\b",
            r"\b(choosing|chose|choose|decided|deciding|decide|decision)\s+to\s+die\b",
            # Fourth round (corpora W to Z).
            r"\b(give|grant)\s+me\s+death\b|\b(id|i\s+would)\s+(take|choose|pick)\s+death\b",
            r"\bif\s+death\s+(comes?|came)\b[^.!?]*\b(not|no|wont|wouldnt)\s+(go\s+)?(fight|resist|mind)\b",
            r"\bbetter\s+(that\s+)?i\s+(just\s+)?die\b|\bdying\s+is\s+the\s+only\s+way\b",
            r"\b(keeps|kept)\s+(saying|telling\s+me)\s+(to\s+)?(just\s+)?(die|kill\s+myself)\b",
            r"\b(god|lord|allah|jesus)\b[^.!?]*\b(then\s+)?take\s+me\b(?!\s+(to|on|through|out|back|aside|for\s+a|into"
            r"|with)\b)",
            r"\bstop\s+being\s+alive\b|\bcease\s+to\s+exist\b|\bshould\s+(have|ve)\s+died\b"
            r"|\bshould\s+be\s+the\s+one\s+who\s+died\b",
            r"\b(being\s+dead|dead|death|dying)\s+(is|would\s+be)\s+(better|easier|kinder|preferable|fine|quiet)\b",
            r"\b(hed|shed|theyd|youd)\s+(just\s+)?(kill|take|finish)\s+me\b",
            r"\bbetter\s+off\s+with\s+a\s+dead\s+(dad|mum|mom|father|mother|husband|wife|son|daughter|brother|sister)\b",
            r"\bme\s+(from\s+)?wanting\s+to\s+die\b|\bthe\s+wanting\s+to\s+die\b|(^|[.!?]\s*)wanting\s+to\s+die\b"
            r"|\b(have|ve)\s+wanted\s+to\s+die\b",
            r"\b(wanted|want)\s+to\s+stay\s+dead\b|\bangry\s+(that\s+)?they\s+(saved|revived|narcanned|brought\s+me\s+back"
            r"|resuscitated)\b",
            r"\bif\s+i\s+die\b[^.!?]*\b(so\s+be\s+it|glad|fine|relief|good)\b",
            r"\b(fine|ok|okay|happy)\s+with\s+dying\b|\b(accept|welcome)\s+dying\b",
            r"\bnever\s+existed\b[^.!?]*\b(press|choose|take)\s+it\b",
            r"\bhoping\s+to\s+(die|not\s+wake)\b(?!\s+(peacefully|at\s+home|in\s+my\s+(own\s+)?bed|surrounded|old"
            r"|at\s+\d+|of\s+old\s+age)\b)",
            # The writer's own death found easier, restful, looked forward to or waited for.
            r"\b(id|i\s+would|i\s+d)\s+(quite\s+|really\s+|honestly\s+|just\s+)?(like|love|prefer)\s+(to\s+be\s+dead"
            r"|to\s+die|my\s+life\s+to\s+end|it\s+all\s+to\s+end|to\s+not\s+be\s+alive|not\s+to\s+be\s+alive)\b",
            r"\b(being\s+dead|dead|death|dying|not\s+being\s+alive|not\s+existing)\s+(\w+\s+){0,3}?(would\s+be|sounds"
            r"|seems|feels)\s+(so\s+much\s+|much\s+|a\s+lot\s+)?(easier|better|restful|peaceful|nicer|kinder|simpler"
            r"|a\s+relief|like\s+a\s+relief)\b",
            r"\bnot\s+being\s+alive\s+would\b|\bif\s+i\s+(wasnt|werent|was\s+not)\s+alive\b",
            r"\bwaiting\s+to\s+die\b|\bmight\s+as\s+well\s+be\s+dead\b|\b(glad|relieved|happy)\s+to\s+be\s+dead\b",
            r"\b(angry|annoyed|disappointed|gutted|furious)\s+(that\s+)?(im|i\s+am|i\s+was)\s+(not\s+dead|still"
            r"\s+(alive|here))\b",
            r"\b(die|dead)\s+and\s+i\s+still\s+do\b|\bwant\s+to\s+stop\s+being\s+alive\b",
            r"\bwish\w*\s+(i\s+had|id)\s+(drowned|died|been\s+killed|not\s+survived|not\s+woken(\s+up)?)\b",
            r"\b(scared|afraid|frightened)\s+of\s+dying\b[^.!?]*[.!?]?\s*(now\s+)?(im|i\s+am)\s+(rather\s+|quite\s+)?"
            r"looking\s+forward\s+to\s+it\b",
            r"\bkill\s+me\b.*\bi\s+mean\s+it\b",
            r"\b(dont|do\s+not)\s+(even\s+|really\s+)want\s+to\s+be\s+alive\b",
            r"\brather\s+(just\s+)?die\s+than\s+(wait|live|go\s+on|carry\s+on|keep|feel|face|spend\s+another"
            r"|be\s+here|do\s+this|wake\s+up|find\s+out)\b",
            r"\bdeath\s+(\w+\s+){0,2}(sounds|seems|feels|would\s+be|looks)\s+(so\s+|really\s+|quite\s+|pretty\s+"
            r"|kind\s+of\s+|kinda\s+)?(like\s+)?(a\s+|the\s+)?(peaceful|holiday"
            r"|rest|gift|escape|release|break|blessing|mercy|welcome|peace|reward)\b",
            negatable=False),
    *rules("wish_dead",
            # Another's wish to die that the writer shares ("mum says she wants to die and I keep
            # thinking, me too"): read on the unmasked text, as the mask hides the first half.
            r"\bwants?\s+to\s+die\b[^.!?]*\b(me\s+too|so\s+do\s+i|same\s+here)\b",
            negatable=False, about_self=False),
    *rules("active_thoughts",
            rf"\b(is\s+it\s+normal|do\s+other\s+\w+|does\s+anyone\s+else|anyone\s+else|do\s+people)\b{SENTENCE}"
            r"\b(think\w*|thought\w*)\s+(about|of)\s+(kill\w*\s+(yourself|themselves|myself)|suicide|ending"
            r"\s+it|dying)\b",
            rf"\b(think\w*|thought\w*)\s+(about|of)\s+kill\w*\s+(yourself|themselves){SENTENCE}{ASKED_FOR_ME}",
            r"\b(think|thought)\w*\s+about\s+(taking\s+your\s+own\s+life|killing\s+yourself|ending\s+it|suicide)\b"
            r"[^.!]*?\??\s*(cos|because|cause|coz|bc)?\s*i\s+do\b",
            r"\bby\s+my\s+own\s+hand\b|\b(daydream\w*|fantasi\w+)\s+(about|of)\s+(being\s+dead|dying|death"
            r"|not\s+waking)\b",
            negatable=False),
    *rules("method",
            # Does it kill: a question of lethality about a means.
            rf"(^|[.!?,;]\s*|\b(and|but|so|tbh|honestly|seriously|like|bro|mate|from)\s+){QUESTION}"
            rf"(?={SENTENCE}\b{LETHAL_MEANS}\b)(?=.*\b{KILLS})",
            rf"\b{LETHAL_MEANS}\b.*\b(asking\s+for\s+(me|myself)|for\s+myself,?\s+not\s+(for\s+)?a\s+(story|project"
            r"|friend|patient))\b",
            r"\bhot\s+shot\b|\b(inject|swallow|drink|take|mix)\w*\b[^.!?]*\bto\s+(finish|kill|end)\s+me\b"
            r"|\bmake\s+sure\s+i\s+(die|dont\s+(wake|come\s+back|survive)|wont\s+(wake|come\s+back|survive))\b",
            r"\bthink\w*\s+(\w+\s+){0,2}(stepping|walking|jumping|lying\s+down)\s+in\s+front\s+of\b",
            rf"{QUESTION}(?=[^.!?]*\?)(?={SENTENCE}\b{LETHAL_MEANS}\b)(?={SENTENCE}\b{KILLS})",
            rf"\b{LETHAL_MEANS}\b{SENTENCE}[,;]\s*{QUESTION}(?={SENTENCE}\b{KILLS})",
            r"\b(high|deep|tall|strong)\s+enough\s+(for\s+(\w+\s+){1,4}?)?to\s+(kill|die|do\s+it|jump|go\s+off"
            r"|finish)\b",
            r"\b(use|using)\s+(it|them|the\s+\w+)\s+on\s+myself\b",
            r"\b(how|ways?)\s+to\s+(hang|drown|gas|poison|shoot|electrocute)\s+(yourself|myself|oneself)\b",
            rf"\bwhat\s+happens\s+if\s+(you|someone|i|a\s+person|somebody)\s+(takes?|swallows?|drinks?|mix\w*"
            rf"|injects?)\s+{SENTENCE}\b{PILLS}",
            r"\b(car\s+)?exhaust\s+(thing|pipe|hose|method|fumes)\b|\bcarbon\s+monoxide\b"
            r"|\b(engine|car)\s+running\b.*\bgarage\b|\bgarage\b.*\b(engine|car)\s+running\b",
            r"\b(standing|stood|stand|sitting|sat)\s+(\w+\s+){0,3}(close|near)\s+to\s+the\s+(edge|tracks"
            r"|platform\s+edge)\b",
            r"\b(gun|shotgun|rifle|pistol|rope|pills|tablets|blade|razor)\b.*\b(think|thinking|thought)\s+about\s+"
            r"(that|it)\s+(a\s+lot|all\s+the\s+time|constantly|every\s+day|more\s+and\s+more)\b"
            r"|\b(gun|shotgun|rifle|pistol)\b.*\bknow\s+where\s+the\s+key\s+is\b",
            r"\b(razor|blade)s?\b.*\b(not|didnt\s+need\s+it)\s+for\s+shaving\b",
            r"\b(whats|what\s+is|where\s+is|wheres|which\s+is)\s+the\s+(tallest|highest)\s+(bridge|building"
            r"|cliff|car\s+park|multi\s?storey)\s+(near|around|nearby|closest|close\s+to|round)\b",
            r"\b(put|drive|driving|drove|crash\w*|steer\w*|swerve\w*|run|roll|take|plough\w*)\s+(my\s+|the\s+)?"
            r"(car|lorry|truck|van|tractor|motorbike|bike)?\s*(straight\s+)?(into|off)\s+(a|the)\s+(\w+\s+)?"
            r"(viaduct|pillar|barrier|quarry|pier|overpass|embankment|bridge|cliff|wall|tree|river)\b"
            r"(?=.*\b(on\s+purpose|to\s+die|end\s+it|do\s+it|tonight|tomorrow|quick|its\s+all"
            r"|nobody|no\s+one|for\s+good|and\s+not))",
            r"\bgun\s+(in|to|against)\s+my\s+(mouth|head|temple|chin)\b",
            negatable=False),
    *rules("plan",
            JUMP_NOW,
            rf"{HIGH_PLACE}{SENTENCE}\band\s+(jump|jumping)(?=\s*($|[.!?,~]))",
            r"\bwhere\s+(id|i\s+would|i\s+will|ill|i\s+could|to)\s+jump\b",
            rf"\b(going\s+to|gonna|ill|i\s+will|im)\s+(jump|jumping)\s+in\b(?={SENTENCE}$)(?=.*{WATER})"
            rf"|{WATER}.*\b(going\s+to|gonna|ill|i\s+will|im)\s+(jump|jumping)\s+in\b",
            r"\bgo\s+over\s+the\s+(side|railing|rail|barrier)\b",
            r"\b(wont|will\s+not|never)\s+find\s+me\s+alive\b",
            r"\bknow\s+(how\s+and\s+when|when\s+and\s+how|where\s+and\s+when|when\s+and\s+where)\b",
            r"\b(picked|chosen|chose)\s+the\s+(bridge|spot|place|night|tree|cliff|building|method|way)\b",
            rf"\b(worked\s+it\s+(all\s+)?out|thought\s+it\s+(all\s+)?through|thought\s+about\s+it\s+for\s+"
            rf"(weeks|months|ages)|decided\s+on\s+\w+day)\b(?=.*\b{LETHAL_MEANS}\b)"
            rf"|\b{LETHAL_MEANS}\b.*\b(worked\s+it\s+(all\s+)?out|thought\s+it\s+(all\s+)?through|thought\s+about"
            r"\s+it\s+for\s+(weeks|months|ages))\b",
            r"\btake\s+everything\s+in\s+the\s+(cabinet|cupboard|drawer|medicine\s+\w+|bathroom)\b",
            r"\bso\s+(nobody|no\s+one|noone)\s+(can|could|will|would)\s+(stop|find|save)\s+me\b"
            r"|\bwithout\s+any(one|body)\s+stopping\s+me\b|\bnobody(ll|\s+will)\s+look\s+for\s+me\b"
            r"|\btimed\s+it\s+so\s+(nobody|no\s+one|noone)s?\b",
            r"\b(with|take|taking|swallow)\s+(the|my|all\s+the|all\s+my)\s+(tablets|pills)\s+and\s+do\s+it\b",
            r"\b(i|ill|im|id|me|myself)\b[^.!?]*\bin\s+front\s+of\s+(a|the)\s+(first\s+|next\s+|\w+\s+)?"
            r"(train|lorry|bus|truck)\b(?!\s+station)",
            r"\b(pills|tablets|rope|gun|knife)\s+(are|is)\s+(already\s+)?(in|under|ready)\b[^.!?]*"
            r"|\bdo\s+it\b[^.!?]*\b(pills|tablets|rope|gun)\s+(are|is)\s+(already\s+)?(in|under|ready)\b",
            negatable=True),
    *rules("attempt",
            r"\b(slash\w*|slit\w*)\s+(my|both)\s+(\w+\s+)?wrists?\b",
            r"\b(injected|took|swallowed|downed)\s+(all|my\s+whole|the\s+whole|a\s+whole|every)\b[^.!?]*"
            r"\b(insulin|supply|prescription)\b",
            rf"\b(took|drank|swallowed|had|downed)\b{SENTENCE}\band\s+(all|every)\s+(of\s+)?(the|my)?\s*{PILLS}",
            rf"\b(swallowed|took|taken|downed)\s+{QUANT}{PILLS}",
            r"\b(tried|attempted|try|trying)\s+to\s+(jump|hang|drown|gas)(?=\s*($|[.!?,~]|off\b|from\b"
            r"|in\s+front\b|last|before|once|twice|when|in\s+\d|myself))",
            rf"\b(drove|crashed|steered|swerved)\b{SENTENCE}\bon\s+purpose\b{SENTENCE}\bto\s+die\b",
            rf"\b(drunk|drank|had|took|downed|swallowed)\s+(a\s+|the\s+|half\s+a\s+|a\s+whole\s+)(\w+\s+)?bottle\s+of"
            rf"\s+\w+\s+with\s+(all\s+)?(my|the)\s+{PILLS}",
            r"\b(walked|went|swam|waded)\s+(out\s+)?into\s+the\s+(sea|river|lake|water|canal)\b[^.!?]*\b(to\s+drown"
            r"|to\s+die|and\s+(didnt|not)\s+come\s+back)\b|\bwish\w*\s+it\s+(had\s+)?worked\b",
            negatable=False),
    *rules("self_harm",
            # An act on the writer's own body, and what it is for.
            rf"\b{HARM_ACT}\s+(\w+\s+){{0,2}}?{ON_MY_BODY}\b(?!.*{ACCIDENT})(?=.*{WHAT_FOR})",
            rf"{WHAT_FOR}.*\b{HARM_ACT}\s+(\w+\s+){{0,2}}?{ON_MY_BODY}\b(?!.*{ACCIDENT})",
            r"\burges?\s+to\s+cut\b(?!\s+(my\s+(hair|fringe|nails)|bangs|the\s+\w+|back|down|carbs|ties|loose))",
            r"\b(want|wanna|need|urges?|itch|tempted|craving|going)\s+(\w+\s+)?to\s+cut(?=\s*($|[.!?,~]"
            r"|so\b|again|tonight|today|right\s+now|badly|deep|deeper|really|but|and\s+(i|its)|when))",
            r"\b(weeks?|days?|months?)\s+(clean\s+)?(without|from|of\s+no)\s+cutting\b|\bclean\s+from\s+cutting\b",
            r"\b(hide|hiding|hid|cover\w*)\s+(\w+\s+)?(the\s+|my\s+)?(cuts|scars|burns|marks)\s+on\s+my\b"
            rf"|\b{BODY}\s+(are\s+|is\s+)?covered\s+in\s+(cuts|scars|burns)\b(?!{SENTENCE}{ACCIDENT})",
            rf"\b(blade|razor|knife|stanley\s+knife|scissors|compass|glass|cigarettes?|lighter|lit\s+match"
            rf"|iron)\s+(\w+\s+){{0,3}}(on|to|into|across|against)\s+my\s+{BODY}\b(?!{SENTENCE}{ACCIDENT})",
            rf"\bon\s+my\s+{BODY}\s+where\s+(no\s+one|nobody|noone)\s+(sees|can\s+see|will\s+see|looks)\b",
            rf"\b(stitches|steri\s+strips|glued|dressed)\b.*\b(cuts?|wounds?|burns?)\s+on\s+my\s+{BODY}\b"
            r".*\btold\s+(\w+\s+){1,3}it\s+was\s+an\s+accident\b",
            r"\b(hand|arm|fingers|palm)\s+(on|in|against|over)\s+(the|a)\s+(hob|iron|stove|oven|kettle"
            r"|radiator|flame|fire|candle)\b[^.!?]*\bon\s+purpose\b",
            negatable=True),
    *rules("harm_others",
            r"\b(pillow|hands?)\s+over\s+(her|his|their|the\s+\w+s|my\s+\w+s|\w+s)\s+(face|mouth)\b",
            r"\b(thoughts?\s+of|think\w*\s+(about|of)|urges?\s+to|want\w*\s+to|going\s+to|gonna)\s+"
            r"(smother\w*|suffocat\w*|drown\w*|shak\w*|hurt\w*)\s+(the|my)\s+(baby|son|daughter|child|toddler"
            r"|newborn|little\s+one)\b",
            r"\b(going\s+to|gonna|want\s+to|wanna|will|ill)\s+(batter|stab|glass|knife|kill|murder)\s+\w+\s+(so\s+bad"
            r"|so\s+hard|till|until|to\s+death|within\s+an\s+inch)\b",
            r"\b(going\s+to|gonna|want\s+to|wanna|will|ill)\s+(stab|kill|murder|batter)\s+the\s+\w+\s+(that|who)\b",
            r"\bstick\s+(the\s+|a\s+|my\s+)?(\w+\s+)?(knife|blade|screwdriver|scissors)\s+(in|into)\s+(him|her|them"
            r"|his|her)\b",
            r"\b(brought|bringing|carrying|carry|carried)\s+(a|my)\s+(knife|gun|weapon|blade)\s+(to|into)\s+"
            r"(school|work|class|college|uni)\b",
            r"\b(run\w*|ran|driv\w*|drove|plough\w*)\s+(my\s+car\s+|the\s+car\s+|the\s+van\s+)?(into|at|over)\s+"
            r"(her|him|them)\b(?=[^.!?]*\b(on\s+purpose|when\s+(she|he|they)|deliberately)\b)",
            negatable=True, about_self=False),
    *rules("abuse",
            r"\b(threw|throws|pushed|pushes|shoved|shoves|kicked|kicks|dragged|drags|slammed|slams)\s+me\s+"
            r"(down|against|across|out\s+of|onto|off|to\s+the\s+(floor|ground)|into\s+(?!(the\s+)?(pool|water|sea"
            r"|snow|leaves|lake|river)\b))\b(?!\s+(kicking\s+and\s+screaming))",
            r"\bforc\w*\s+(himself|herself|themselves)\s+on\s+me\b|\b(was\s+it|is\s+it|count\s+as|counts\s+as)"
            r"\s+rape\b",
            r"\bknock\w*\s+me\s+(about|around)\b",
            r"\b(he|she|hes|shes|uncle|jiju|cousin|stepdad|stepbrother|boss|teacher|coach|neighbour|man|guy|landlord"
            r"|priest|manager)\s+(\w+\s+){0,2}?(keeps|kept|started)\s+touching\s+me\b|\bthen\s+hits\s+me\b|\b(baba|papa|abba|abbu|daddy|mummy|mama"
            r"|ammi|amma|father|mother|uncle|aunty|auntie|jiju|bhaiya)\s+(\w+\s+){0,3}?(hits|beats|slaps|touches|burns)\s+me\b",
            r"\block\w*\s+(the\s+)?(\w+\s+)?door\s+and\s+takes\s+the\s+key\b|\bheld\s+a\s+(knife|gun|blade)\s+to\s+"
            r"(me|my)\b|\bheld\s+me\s+down\b(?![^.!?]*\btickl\w*)",
            r"\b(he|she|they|hes|shes)\s+(\w+\s+)?(twist\w*|bit)\s+my\s+(wrist|arm|hand|finger)\b|\b(he|she|partner|husband|wife|boyfriend|girlfriend)\s+(\w+\s+)?(gets|got)\s+physical\b",
            r"\bpunch\w*\s+(a\s+hole\s+in\s+)?the\s+wall"
            r"\s+(right\s+)?(next\s+to|beside|by)\s+my\s+(head|face)\b",
            r"\b(he|she|husband|wife|partner|boyfriend|girlfriend|carer|mum|mom|dad|stepdad|stepmum|brother|sister)\s+"
            r"(\w+\s+){0,3}?(pulls?|pulled|yanks?|yanked|grabs?|grabbed)\s+(me\s+by\s+)?my\s+hair\b"
            r"|\bmakes?\s+me\s+(sleep\s+on\s+the\s+floor|eat\s+(on\s+the\s+floor|outside|alone)|stand\s+(outside"
            r"|in\s+the\s+corner)|kneel)\b"
            r"|\bmakes?\s+me\s+(sell\s+myself|have\s+sex|sleep\s+with)\b",
            r"\b(he|she|they|husband|wife|partner|boyfriend|girlfriend)\s+(\w+\s+)?(shook|shakes)\s+me\s+so\s+hard\b"
            r"|\b(he|she|they)\s+(\w+\s+)?sat\s+on\s+my\s+(chest|back|face)\b|\b(gun|knife)\b[^.!?]*"
            r"\b(he|she)\s+reminds\s+me\b",
            r"\b(girlfriend|boyfriend|wife|husband|partner|she|he)\s+(\w+\s+)?(clawed|scratched|bit|punched|slapped"
            r"|headbutted)\s+my\s+(face|arm|neck|eye)\b|\b(they|he|she|lads|men)\s+(\w+\s+){0,3}?(burned|burnt|slashed"
            r"|stabbed)\s+my\s+(arm|face|hand|leg|back)\b",
            r"\b(kicks?|kicked|kicking|beats?|beat|beating|knocks?|knocked)\s+the\s+(shit|hell|crap|life)\s+out\s+of"
            r"\s+me\b",
            r"\b(hands?|arm|fingers)\s+(round|around|on)\s+my\s+(throat|neck)\b",
            r"\b(men|man|lads|guys|blokes|boys|group|gang|someone|somebody|stranger|strangers|they)\s+"
            r"(\w+\s+){0,4}?(kicked|punched|beat|attacked|assaulted|stabbed|spat\s+on|strangled|choked)\s+me\b",
            r"\bif\s+i\s+(dont\s+)?do\s+what\s+(he|she|they)\s+(says|wants|tells)\b",
            r"\bthreaten\w*\s+to\s+(get|have)\s+me\s+(sectioned|arrested|deported|kicked\s+out|locked\s+up"
            r"|taken\s+away)\b",
            rf"\b(the|my)?\s*{PARTNER}\s+(\w+\s+){{0,3}}?(takes?|took|keeps?|hides?)\s+(away\s+)?my\s+(phone"
            r"|bank\s+cards?|cards?|keys|car\s+keys|passport|meds|medication|money|insulin|inhaler|medicine|pills)\b",
            rf"\b(not|never|isnt|am\s+not)\s+allowed\s+(to\s+)?(out|go\s+out|leave|see\s+(my|anyone)|have\s+"
            rf"(my\s+)?(own\s+)?(phone|money|friends))\b(?={SENTENCE}\b(him|her|he|she|husband|wife|partner"
            r"|boyfriend|girlfriend)\b)",
            r"\b(stepmum|stepmom|stepdad|mum|mom|dad|mam|da|husband|wife|partner|boyfriend|girlfriend|missus"
            r"|fella|old\s+man|carer|skipper|uncle|he|she|hes|shes)\s+(\w+\s+){0,3}?(burns|burnt|burned|hits|hit|punched|slapped|kicked|pushed|strangled|choked|bit"
            r"|hitting|beats|beating|punches|punching|kicks|kicking|chokes|choking|bites|biting|spits\s+on"
            r"|throws\s+(\w+\s+){1,2}at|knocks)\s+me\b",
            negatable=True, about_self=False),
]
