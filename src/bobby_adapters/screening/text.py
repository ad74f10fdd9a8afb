"""Text normalisation for the rules: one spelling for the many ways people type the same thing.

Lower case; accents folded ("mataré" -> "matare"); apostrophes dropped ("don't" -> "dont") so
patterns match people who type without them; hyphens read as spaces; letters repeated three or
more times cut to one at the end of a word ("dieeee" -> "die") and to two inside it; common
slang and typos mapped to words ("kms" -> "kill myself", "unalive" -> "kill", "od'd" ->
"overdosed"); everyday hyperbole removed ("this deadline
is killing me"). `for_self` also masks statements about other people, the news and fiction, for
the rules that look for the writer's own risk."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_TRAILING_REPEATS = re.compile(r"([a-z])\1{2,}\b")

_SLANG: tuple[tuple[str, str], ...] = (
    (r"\bmesel(f)?\b", "myself"),
    (r"\bkms\b", "kill myself"), (r"\bkys\b", "kill yourself"),
    (r"\bunaliving(\s+myself)?\b(?!\s+(him|her|them|my|the|someone|everyone))", "killing myself"),
    (r"\bunalived(\s+myself)?\b(?!\s+(him|her|them|my|the|someone|everyone))", "killed myself"),
    (r"\bunalive(\s+myself)?\b(?!\s+(him|her|them|my|the|someone|everyone))", "kill myself"),
    (r"\bunaliv\w*", "kill"),
    (r"\bself\s?delet(e|ing|ed)\b", "kill myself"), (r"\bsewer\s?slide\w*", "suicide"),
    (r"\boff(ing)?\s+myself\b", r"kill\1 myself"),
    (r"\btop(ping|ped)?\s+myself\b", r"kill\1 myself"),
    (r"\bdo(ing)?\s+away\s+with\s+myself\b", r"kill\1 myself"),
    (r"\bfinish(ing)?\s+myself\s+off\b", r"kill\1 myself"),
    (r"\boff(ing)?\s+themselves\b", r"kill\1 themselves"),
    (r"\btek\s+mi\s+own\s+life\b", "take my own life"), (r"\bfi\s+dead\b", "to be dead"),
    (r"\b(i|just|mi|abeg\s+i)\s+wan\s+(die|dead)\b", r"\1 want to die"),
    (r"\bdo(ing)?\s+myself\s+in\b", r"kill\1 myself"),
    (r"\bdid\s+myself\s+in\b", "killed myself"), (r"\bctb\b", "kill myself"),
    (r"\b(from|do|did|does|doing|after|about|of)\s+sh\b", r"\1 self harm"),
    (r"\bsh\s+on\s+(my|their|your|her|his)\b", r"self harm on \1"),
    (r"\b(my\s?slef|mysefl|myslf|mysel|myelf|mself|myslef|my\s+self|miself)\b", "myself"),
    (r"\b(to|going\s+to|gonna|will|ll)\s+overdoes\b", r"\1 overdose"),
    (r"\bkil\b", "kill"), (r"\bkilin\b|\bkillin\b", "killing"),
    (r"\bwanna\b|\bwana\b|\bwnna\b", "want to"), (r"\bgonna\b|\bgona\b", "going to"),
    (r"\bgotta\b", "got to"), (r"\babt\b", "about"),
    (r"\b(tmrw|tmr|tmrow|tomoz|2moro|2morrow|tomorow|tommorow|tommorrow)\b", "tomorrow"),
    (r"\b(tonite|2nite|tonigt)\b", "tonight"), (r"\brn\b", "right now"),
    (r"\bu\b", "you"), (r"\bur\b", "your"), (r"\b(dnt|dont|dont)\b", "dont"),
    (r"\b(cnt|cant)\b", "cant"), (r"\b(wnt|wnat|watn|wamt)\b", "want"), (r"\bpils\b", "pills"),
    (r"\b(i|ive|i\s+have|i\s+just|just)\s+(odd|oded|od|ode)\b", r"\1 overdosed"),
    (r"\bod\b", "overdose"), (r"\bsh\s+(again|urges?|scars?|relapse)\b", r"self harm \1"),
    (r"\b(relapsed|relapse|relapsing|did|doing|urges?|urge\s+to)\s+(on\s+|to\s+)?sh\b",
     r"\1 \2self harm"),
    (r"\bsuicde|\bsucide|\bsuicid|\bsuiside|\bsuicied", "suicid"),
    (r"\b(cuttin|hurtin|killin|burnin|harmin|thinkin|starvin|hittin|goin|feelin|beatin|punchin"
     r"|plannin|scratchin|bleedin|dyin)\b", r"\1g"),
)
# Said in earnest, a wish to die or a threat keeps a sentence out of the hyperbole masks ("if he
# hits me one more time I'll kill myself", "if he says one more word I'll stab him, I mean it").
THREAT = (r"(?![^.!?]*\b((stab|kill|murder|shoot|hurt|batter|glass)\w*\s+(him|her|them)|mean\s+it"
          r"|not\s+a\s+joke|figure\s+of\s+speech|thought\s+about\s+it|for\s+real|swear)\b)")
EARNEST = (r"(?![^.!?]*\b(kill\w*\s+myself|end\s+(it|my\s+life)|suicid\w*|overdos\w*|hang\s+myself)\b)"
           + THREAT)
# Everyday hyperbole, removed so that it cannot trigger a flag on its own.
_IDIOMS = (
    r"\b(is|are|was|were|its|s|re|keeps?)\s+killing\s+me\b",
    r"\bkill(ed|ing|s)?\s+it\b",
    r"\b(kill|murder)\s+for\s+an?\b|\bcould\s+(kill|murder)\s+(for\s+)?(a|an|some)\b",
    r"\b(id|i\s+would)\s+kill\s+to\b",
    r"\b(dying|die|died|dead)\s+(to\s+(see|know|try|get|go|meet|hear|read|watch|eat|tell)"
    r"|for\s+(a|an|some)\b|of\s+(embar+as+ment|boredom|shame|laughter|curiosity|thirst|hunger|old\s+age)"
    r"|laughing)\b",
    r"\b(literally|im|i\s+am)\s+dying\s+(here|of\s+\w+)\b",
    r"\bdead\s+(tired|on|serious|funny|good|easy)\b|\b(lol|lmao|haha)\s+(im|i\s+am)\s+dead\b",
    r"\bkill(ing)?\s+(some\s+)?(time|the\s+lights)\b",
    r"\bcut\s+myself\s+(some\s+slack|off|a\s+break)\b",
    r"\b(going\s+to|gonna|will|ll)\s+kill\s+me\s+(when|if)\s+(she|he|they|i)\s*"
    r"(sees?|finds?|hears?|m|am|is|are|get|gets)?\b",
    r"\bcould\s+(strangle|kill|murder|throttle)\s+(him|her|them|my\s+\w+)\s+(sometimes|at\s+times)\b",
    r"\bshoot\s+me\s+(a|an)\b|\bhit\s+me\s+up\b",
    r"\b(this|the)\s+\w+\s+is\s+murder\b",
    r"\b(going\s+to|gonna|will|ll)\s+die\s+if\s+i\s+(eat|have|see|hear|do|drink|watch)\s+"
    r"(one|another|any)\b",
    r"\broof\s+(terrace|bar|garden|top\s+bar|party)\b|\brooftop\s+(bar|party|pool)\b",
    r"\b(kill|killed|killing)\s+myself\s+(laughing|with\s+laughter)\b",
    r"\b(ill|i\s+will|im\s+going\s+to|i\s+am\s+going\s+to)\s+die\s+if\s+i\s+have\s+to\s+(sit|listen|watch"
    r"|hear|read|do|go)\b",
    r"\b(overdose|overdosed|lethal\s+dose)\s+(of|on)\s+(caffeine|coffee|vitamin\s*\w*|sugar|chocolate"
    r"|carbs|tv|netflix|sun|sunshine|energy\s+drinks)\b",
    r"\b(goodbye|farewell)\s+(messages?|letters?|notes?|posts?|cards?|party|speech)\b(?=[^.!?]*\b(moving|leaving\s+"
    r"(school|work|the\s+company|my\s+job)|new\s+job|retir\w*|last\s+day)\b)",
    # A harm in the past that the writer says is over is not a present danger.
    r"\bused\s+to\s+(hit|beat|hurt|abuse|kick|slap)\s+me\b(?=[^.!?]*\b(but|and)\b[^.!?]*\b(good|better|fine"
    r"|ok|okay|stopped|changed|therapy)\b)",
    r"\bhow\s+(much|many)\s+\w+(\s+\w+)?\s+(i|you|we)\s+(can|should|could)\s+(safely\s+)?"
    r"(take|have|give)\b",
    # Hyperbole about a small thing: a photo seen, one more mince pie, a song heard once more, a
    # party, a spoiler, a flatmate who ate the leftovers.
    r"\b(ill|i\s+will|im\s+going\s+to|going\s+to)\s+die\s+if\s+(she|he|they|anyone|someone|somebody"
    r"|my\s+\w+|people|everyone)\s+(sees?|finds?|hears?|reads?|knows?|watches)\b",
    r"\b(one|another)\s+more\s+\w+(\s+\w+)?\s+and\s+(ill|i\s+will|im\s+going\s+to)\s+(die|explode"
    r"|burst|pop)\b",
    r"\b(rather|sooner)\s+(just\s+)?(die|jump\w*\s+off\s+(a|the)\s+\w+|throw\s+myself\s+(\w+\s+){1,3}?)"
    r"\s*than\s+(go\s+to|going\s+to|sit|watch|listen|sing|attend|eat|hear|do\s+(another|the|my|that"
    r"|this|a))\b[^.!?]*",
    r"\bif\s+(\w+\s+){0,4}?(asks?|says?|tells?|sends?|mentions?|plays?|hear|see|have\s+to\s+\w+)\b"
    rf"{EARNEST}[^.!?]*\b(one"
    r"\s+more(\s+\w+){0,2}|once\s+more|again)\b[^.!?]*",
    r"\bif\s+one\s+more\s+\w+\s+(\w+\s+){0,2}?(asks?|says?|tells?|sends?|mentions?|plays?|comments?)\b"
    rf"{EARNEST}[^.!?]*",
    r"\b(going\s+to|gonna|will|ll|ill)\s+(kill|murder|strangle|throttle)\s+(him|her|them|my\s+\w+)\b"
    r"(?=[^.!?]*\b((if|when)\s+(he|she|they)\s+(spoils?|eats?|touch\w*\s+my\s+(food|stuff|things|chocolate)"
    r"|breaks?|uses?|finish\w*|drinks?|wears?|forgets?|reads?|borrows?)|ate|eaten|drank|nicked|stole"
    r"|borrowed|hogg\w*|woke\s+me|snor\w*|chew\w*|lol|lmao|haha\w*|jk|joking|kidding|lovingly)\b)",
    r"\b(ill|i\s+will)\s+be\s+dead\s+(tomorrow|in\s+the\s+morning|on\s+my\s+feet|at\s+work)\b"
    r"(?=[^.!?]*\b(work|shift|lol|lmao|haha|tired|sleep|alarm)\b)",
    r"\b(is|like|feels\s+like|its)\s+a\s+noose\s+(round|around)\b",
    r"\b(rope|halter)\s+(on|round|around)\s+(the|a|his|her)\s+(bull|cow|calf|horse|pony|dog|tractor"
    r"|trailer|boat|load|tent|gate|ram|ewe|heifer|steer)\b",
    r"\boverdos\w*\s+(the|my|a|his|her)\s+(lambs?|sheep|ewes?|cows?|calves|dogs?|cats?|plants?|garden"
    r"|horses?|fish|tomatoes|lawn)\b",
    r"\bcut\s+myself\s+(shaving|cooking|chopping|gardening|opening|peeling|slicing)\b",
    r"\b(shot|shoot|shooting)\s+myself\s+in\s+the\s+foot\b",
    r"\b(doing|did|do|run|running|ran)\s+suicides\b",
    r"\bif\s+i\s+(eat|have|drink|see|hear|watch|do)\s+(one|another)\s+more\b(?![^.!?]*\bkill\w*\s+myself\b)[^.!?]*",
    r"\bdragged\s+me\s+(kicking\s+and\s+screaming|along)\b|\bstab\w*\s+(me|you|him|her|them|us)\s+in\s+the\s+back\b",
    r"\bbeat\w*\s+myself\s+up\b(?!\s+(with|until|till))",
    r"\b(kill|shoot|stab|murder)\w*\b[^.!?]*\bin\s+(fortnite|minecraft|roblox|cod|call\s+of\s+duty|the\s+game|gta"
    r"|fifa|warzone|apex|among\s+us)\b",
    r"\b(last\s+day|leaving\s+do|farewell\s+party|retirement)\b[^.!?]*\bgoodbyes?\b[^.!?]*|\bgoodbyes?\b[^.!?]*\b(last"
    r"\s+day|leaving\s+do|farewell\s+party|retirement|new\s+job)\b[^.!?]*",
    r"\b(scam\w*|fraud\w*|phish\w*)\b.*\bmy\s+(bank\s+details|passwords?|pin(\s+numbers?)?)\b",
    r"\bif\s+(?!i\b)(\w+\s+){0,2}(lose|loses|draw|draws|go\s+down|get\s+relegated)\b[^.!?]*\b(shoot|kill)\s+myself\b",
    r"\bkill\s+myself\s+(this|that|the)\s+(\w+\s+)?(homework|essay|exam|test|assignment|coursework|lesson|class"
    r"|maths|chem\w*|physics|bio\w*|english|history)\b|\bkill\s+myself\s+i\s+just\s+(sent|said|did|posted|liked"
    r"|replied|texted|called)\b",
    r"\bif\s+(my\s+)?(mum|mom|mummy|mommy|mam|dad|daddy|mama|papa|parents|teacher|boss|coach|nan|gran)\s+(sees?"
    r"|finds?\s+out|hears?|knows?)\b[^.!?]*\b(kill|murder)\s+me\b[^.!?]*",
    r"\b(walk\w*|swim\w*|drive\w*)\s+into\s+the\s+(sea|ocean|river)\s+(if\s+(i|they|anyone|someone|one\s+more)\b|~)"
    r"(?![^.!?]*\b(leave|leaves|dumps?|cheats?|dies|hits?|finds?\s+out)\b)[^.!?]*"
    r"|\bif\s+(they|someone|anyone|he|she|my\s+\w+)\s+(?![^.!?]*\b(leave|leaves|dumps?|cheats?|dies|hits?|finds?\s+out)"
    r"\b)(\w+\s+){0,8}?(im|ill|i\s+will|i\s+am)\s+(walking|walk|going\s+to\s+walk|swimming)\s+into\s+the\s+(sea"
    r"|ocean)\b",
    r"\b(death|loss|grief|passing|absence|memory|memories|anniversary|news|reality|it|this|that|sadness"
    r"|tiredness|exhaustion|wave|diagnosis)\s+(has\s+|have\s+|had\s+)?(still\s+|really\s+|just\s+|suddenly\s+)?"
    r"(hits?|hit)\s+me\b",
    r"\b(thats|that\s+is|its|it\s+is|this\s+is|that\s+will|itll|thatll|which\s+will)\s+(going\s+to\s+|gonna\s+)?"
    r"(hurt|harm|kill)\s+(people|someone|somebody|everyone|families|patients|kids|children)\b",
    # A dose question about a pain or an illness, with no wish to die in the same message.
    r"\bhow\s+(much|many)\s+\w+(\s+\w+)?\s+(can|should|could)\s+(i|you|we)\s+(safely\s+)?(take|have|give)"
    r"\b(?=[^.!?]*\b(for\s+(a|an|my|the)\s+\w+|a\s+day|per\s+day|in\s+a\s+day)\b)"
    r"(?![^!?]*\b(die|dying|dead|end\s+it|kill|not\s+wake|never\s+wake)\b)",
)
# About someone else, the news, or fiction: masked for the rules about the writer's own risk.
_OTHERS = (
    r"\b(suicide|self\s?harm\w*|overdoses?)\s+(prevention|rates?|awareness|crisis|statistics"
    r"|cases|charity|volunteers?|course|numbers|figures|data|stats|research|lines?|hotline"
    r"|admissions|support|groups?|services?|team|ward|nurses?|training|response|kits?|barriers?|nets|fences?"
    r"|signs|scene|storyline|plot|month|season|squad|doors?|runs?|drills?|sprints?|lane)\b",
    r"\bthe\s+suicide\s+in\s+(the|that|this)\s+(\w+\s+)?(episode|scene|chapter|film|book|season|act)\b",
    r"\b(mate|friend|brother|sister|son|daughter|he|she|they|partner)\s+(\w+\s+){0,3}?relapsed\b[^.!?]*",
    r"\b\w+,\s+\d{1,2},\s+(overdose|suicide)\b",
    r"\b(that|the|my)\s+overdose\s+(i\s+had\s+)?(\w+\s+){0,3}(was\s+an\s+accident|was\s+accidental|by\s+accident)\b",
    r"\b(patient|man|woman|lad|girl|he|she)\s+(\w+\s+){0,4}?(came\s+in|admitted|brought\s+in)\s+after\s+an\s+overdose\b",
    r"\b(died|dies|death|bereaved|lost\s+(\w+\s+){0,2}?)\s*(by|to)\s+suicide\b|\bthe\s+suicides\b|\bsuicidios\b",
    # What others did: "my flatmate took an overdose", "a lad from the village overdosed", "a man
    # jumped in front of a train"; never across the writer ("my boyfriend left and I overdosed").
    r"(?<!\bif )\b(he|she|they|flatmate|housemate|roommate|friend|mate|son|daughter|brother|sister|patient"
    r"|neighbour|cousin|partner|husband|wife|dad|mum|mom|lad|girl|boy|man|woman|guy|bloke|kid|teenager"
    r"|student|person|fella|someone|somebody)\s+((?!(i|im|ive|id|me|my|and)\b)\w+\s+){0,4}?"
    r"(overdosed|took\s+an\s+overdose|had\s+an\s+overdose|killed\s+(himself|herself|themselves)"
    r"|hanged\s+(himself|herself|themselves)|jumped|threw\s+(himself|herself|themselves))\b"
    r"((?!\b(and|but|so|now)\s+(now\s+)?i\b)[^.!?])*",
    r"\b(\d+|two|three|four|five|six|several|many|loads\s+of|lots\s+of|a\s+(run|spate|string|number"
    r"|wave|cluster)\s+of)\s+(overdoses|suicides|attempts)\b",
    r"\b(?!(i|ive|id|have|had|has|just|already|once|twice|never|nearly|almost|both)\b)\w+\s+((has|had"
    r"|have)\s+)?(attempted|committed)\s+suicide\b",
    r"\b(both|they|he|she|characters?)\s+(\w+\s+)?(die|dies|died)\s+by\s+suicide\b",
    r"\bsuicides?\s+(in|among|amongst)\s+(\w+\s+){0,2}(workers|men|farmers|women|teens|teenagers"
    r"|young\s+people|people|veterans|doctors|nurses|students|males|boys)\b|\b(farmer|student|teen|veteran|male"
    r"|female|youth|prison|police|doctor|nurse|vet|child|celebrity|mass|copycat|assisted)\s+suicides\b",
    r"\b(callers|people|patients|clients|someone|anyone|students|customers|users|those)\s+who\s+"
    r"(mention|talk\s+about|are|feel|have|express|disclose)\s+(\w+\s+)?(suicid\w*|self\s?harm\w*)",
    r"\b(an?\s+)?(\w+\s+)?overdose\s+(is|can\s+be|could\s+be)\s+(dangerous|fatal|deadly|serious"
    r"|risky)\b",
    # Someone else's words, reported: "Mum says she's had enough and would like to not wake up".
    r"\b(mum|mom|dad|nan|gran|grandma|grandad|grandmother|grandfather|husband|wife|patient|friend|son"
    r"|daughter|he|she|they)\s+(says|said|keeps\s+saying|tells\s+me|told\s+me|often\s+says)\s+"
    r"(that\s+)?(she|he|they|shes|hes|theyre|theyve|shed|hed)\b[^.!?]*",
    r"\b(asked|asks|asking)\s+(me\s+)?(if|whether)\s+(im|i\s+am|i\s+was)\s+going\s+to\s+die\b",
    r"\b(lost|losing)\s+(\w+\s+){1,5}?to\s+(an\s+)?(overdose|suicide)\b",
    r"\bthe\s+overdose\s+in\s+(bay|bed|cubicle|resus|room|majors|minors)\b|\bmurder\s+suicide\b"
    r"|\b(heroin|fentanyl|opioid|drug|methadone)\s+overdoses?\s+(at|in|on)\s+(a|the)\s+\w+",
    r"\b(lad|lass|prisoner|inmate|patient|resident|pupil|kid|bloke|guy|teenager)\s+(\w+\s+){0,4}?(self\s?harm\w*"
    r"|cut\s+(himself|herself)|overdosed)\b",
    r"\b(had|have|got|saw|attended|treated)\s+(an?|another)\s+(overdose|suicide)\s+(come|in|on|at|through|last"
    r"|today|this|call)\b",
    r"\b(that|the|a|another)\s+(\w+\s+)?(student|farmer|teen|local|celebrity|prison|police|soldier|veteran"
    r"|young|mans|womans|boys|girls)\s+suicides?\b|\bsuicide\s+(call|calls|risk|rates?|is\s+the\s+(biggest|leading|main|second|third|most)|among"
    r"|statistics|report|inquest|verdict)\b|\boverdose\s+(deaths|death\s+rates?|crisis|epidemic|statistics"
    r"|figures)\b|\b(to|went\s+to|attended)\s+a\s+suicide\b",
    r"\b(she|he|they|character|heroine|hero|virginia|woolf|ophelia)\s+((?!(i|im|me|my)\b)\w+\s+){0,3}?(walk\w*"
    r"|swim\w*|jump\w*|step\w*)\s+(into|off|in\s+front)\b[^.!?]*",
    r"\b(too\s+much|lots\s+of|a\s+lot\s+of|so\s+much)\s+(self\s?harm\w*|suicide|overdoses?)\s+(for|in)\b",
    r"\b(she|he|they|character)\s+(\w+\s+){0,6}?after\s+an\s+overdose\b|\b(ends|wakes)\s+up\b[^.!?]*\bafter"
    r"\s+an\s+overdose\b",
    # Recovery talk about the writer's past, said as past: a history told, a question answered no.
    r"\b(history\s+of|years?\s+since\s+my|told\s+(\w+\s+){0,3}about\s+my|talked\s+about\s+my|talk\s+about"
    r"\s+my)\s+(\w+\s+)?(suicide\s+attempts?|self\s?harm\w*|overdoses?|attempts?)\b",
    r"\b(asked|asks)\s+(me\s+)?(the\s+)?suicid\w*\s+questions?\b[^.!?]*",
    r"\bsuicidal\s+thoughts\b[^.!?]*\b(i\s+said|answer\w*)\s+(0|zero|no|none)\b",
    r"\brelapse\s+(signature|plan|prevention|signs)\b",
    r"\bused\s+to\s+(\w+\s+)?(believe|think|feel)\b[^.!?]*(?=[.!?]?\s*i\s+(dont|do\s+not|no\s+longer)\s+(think"
    r"|feel|believe)\b)",
    r"\b(level|mission|quest|cutscene|scene|episode|chapter)\s+(where|in\s+which|when)\b[^.!?]*",
    r"\b(film|movie|book|novel|show|series|episode|play|documentary|game)\s+(\w+\s+){0,3}?(had|has"
    r"|features?|featured|shows?|showed|depicts?|included?)\s+(a|an|the|this|some)\s+(\w+\s+){0,2}?"
    r"(girl|boy|man|woman|guy|character|scene|suicide|overdose|death|murder|hanging|stabbing|kid"
    r"|person)\b[^.!?]*",
    r"\b(talk\w*|read\w*|article|documentary|course|training|book|film|show|poem|radio|news|campaign|piece"
    r"|report|programme|paper|dissertation|thesis|study|research)\s+(\w+\s+){0,3}(about|on)\s+(\w+\s+){0,4}(suicide|self\s?harm\w*|overdoses?|death)\b",
    r"\b(?!(its|this|was|is|thus|as|yes|us)\b)\w+s\s+(own\s+)?(suicide|overdose)\b",
    r"\bin\s+(my|the|a|this|that)\s+(story|book|novel|film|movie|game|show|play|series|poem|script)\b[^.!?;]*",
    r"\b(he|she|they)\s*(s|has|have|is|was|had|are|were)?\s+(been\s+)?(cutting|self\s?harming)\b",
    r"\b(friend|brother|sister|son|daughter|mum|mom|dad|father|mother|partner|cousin|someone"
    r"|uncle|aunt|auntie|nan|gran|grandad|grandma|grandpa|neighbour|colleague|mate|boss|teacher"
    r"|celebrity|singer|actor|actress"
    r"|somebody|girl|boy|man|woman|he|she|they|who|people)s?\s+(used\s+to\s+|is\s+|was\s+|seems\s+"
    r"|feels?\s+|felt\s+|are\s+|were\s+)?"
    r"(suicid\w*|self\s?harm\w*|overdos\w*)",
    r"\b(his|her|their|friends|brothers|sisters|sons|daughters|dads|mums|moms)\s+(own\s+)?"
    r"(suicide|overdose)\b",
    r"\b(took|taken|take)\s+(his|her|their)\s+own\s+life\b",
    # Someone else's words, reported ("my teenager keeps texting 'kms' about homework"); not
    # "he said I should kill myself", where the writer is the one told.
    r"\b(teen(ager)?|son|daughter|kid|child|pupil|student|friend|brother|sister|mate|nephew|niece)s?"
    r"\s+(keeps\s+|kept\s+|always\s+)?(said|says|saying|texted|texts|texting|wrote|writes|posted"
    r"|posts|typed|types|sent)\s+(me\s+)?kill\s+myself\b",
    r"\b(died|dies|death)\s+(of|from)\s+(an?\s+)?(overdose|suicide)\b",
    r"\b(asked|asks|asking)\s+(me\s+)?(if|whether)\s+(i\s+am|im|i\s+was|i\s+had|i\s+felt|i\s+have|id)\s+"
    r"[^.!?]*\b(said|say)\s+no\b",
    r"\b(character|villain|hero|king|queen|detective)\s+(\w+\s+){0,4}?"
    r"(jump\w*|kill\w*|poison\w*|die\w*|shot|shoots?|stab\w*)\b",
    r"\b(bungee|cliff|base|bridge)\s+jump\w*(\s+(off|from)\s+(a|the)\s+\w+)?",
    r"\b(film|movie|book|novel|show|series|story|song|episode|documentary|game|play|poem|thriller"
    r"|memoir|biography|podcast|article)\s+((is|was|s)\s+)?(on\s+(tonight|tv|now|later)\s+)?"
    r"(about|where|in\s+which)\b[^,.!?;]*",
    r"\bused\s+to\s+(self\s?harm\w*|cut(\s+myself)?|hurt\s+myself|be\s+suicidal|think\s+about\s+"
    r"(suicide|killing\s+myself|dying))\b(?=[^.!?]*\b(but|and)\s+(im|ive\s+been|i\s+am|i\s+have\s+been"
    r"|its\s+been)\s+(\w+\s+){0,3}(ok|okay|fine|better|clean|good|well|free)\b)",
)
_SLANG_RE = tuple((re.compile(p), r) for p, r in _SLANG)
_IDIOM_RE = tuple(re.compile(p) for p in _IDIOMS)
_OTHERS_RE = tuple(re.compile(p) for p in _OTHERS)


def fold(text: str) -> str:
    """Lower case, no accents, no apostrophes, hyphens as spaces, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u00df", "ss")
    plain = _APOSTROPHES.sub("", plain).replace("-", " ")
    plain = _REPEATS.sub(r"\1\1", _TRAILING_REPEATS.sub(r"\1", plain))
    return " ".join(plain.split())


def normalise(text: str) -> str:
    """`fold`, then slang and typos mapped to words and known idioms removed."""
    cleaned = fold(text)
    for pattern, replacement in _SLANG_RE:
        cleaned = pattern.sub(replacement, cleaned)
    for idiom in _IDIOM_RE:
        cleaned = idiom.sub(" ~ ", cleaned)
    return " ".join(cleaned.split())


def for_self(normalised: str) -> str:
    """Mask what is said about other people, the news or fiction."""
    masked = normalised
    for pattern in _OTHERS_RE:
        masked = pattern.sub(" ~ ", masked)
    return " ".join(masked.split())
