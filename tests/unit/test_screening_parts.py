"""Explicit statements read from their parts (screening/rules_en_parts.py, issue 26's fifth
round: taken from what the phrase rules missed in training corpora K to N), the same parts in
everyday sentences, and the reports of other people's crises the rules now leave alone."""

import pytest

from bobby_adapters.offline_screener import OfflineCrisisScreener


@pytest.mark.parametrize(("text", "category"), [
    # a means and a question of whether it kills
    ("would 30 of my zopiclone be enough to not wake up", "method"),
    ("how tall does a car park need to be, to be sure", "method"),
    ("the motorway bridge near work, would that be quick", "method"),
    ("can you die from the car exhaust thing or is that a myth", "method"),
    ("high enough to kill a man, that drop behind the mill", "method"),
    ("what happens if you take all your mum's morphine in one go", "method"),
    ("got my granddad's rifle down from the loft, keep thinking of using it on myself", "method"),
    # a jump or a place said as the writer's own next step
    ("Friday night, the viaduct, I'm going to jump.", "plan"),
    ("I know where I'd jump, I've driven past it a hundred times", "plan"),
    ("they won't find me alive on Monday", "plan"),
    ("I've worked it out so nobody can stop me", "plan"),
    # an act on the writer's own body and what it is for
    ("I scratch my arms until it bleeds, it's the only thing that helps", "self_harm"),
    ("held a lighter to my wrist last night, wearing long sleeves now", "self_harm"),
    ("i want to cut so badly tonight", "self_harm"),
    ("two months clean from cutting and I'm scared I'll slip", "self_harm"),
    # the writer's own death, wished or welcomed around the word
    ("I'd be glad to die, if I'm honest", "wish_dead"),
    ("wouldn't mind dying in my sleep tonight", "wish_dead"),
    ("I'm worth more dead, the mortgage would be paid off", "wish_dead"),
    ("had enough of being alive tbh", "wish_dead"),
    ("I keep hoping the plane goes down so I can die without anyone blaming me", "wish_dead"),
    ("im not suicidal i just want to be dead", "wish_dead"),
    # passive wishes said without death words, from their parts
    ("honestly if I wasn't around the kids would be calmer", "wish_dead"),
    ("everyone would be fine if I just didn't wake up one day", "wish_dead"),
    ("every night I ask the Lord to take me home", "wish_dead"),
    ("I think God has forgotten to come for me", "wish_dead"),
    ("I wish I could just fade away.", "wish_dead"),
    ("I just want to not be anymore", "wish_dead"),
    ("I can't see a future with me in it", "wish_dead"),
    ("she's my only reason to keep going and lately it's not enough", "wish_dead"),
    ("I've stopped caring whether there's a tomorrow", "wish_dead"),
    ("I hope there aren't many more birthdays", "wish_dead"),
    ("I won't mind when my time comes, sooner the better", "wish_dead"),
    ("tired of being here, truly", "wish_dead"),
    ("i just wnat to die", "wish_dead"),
    ("I'd quite like to be dead, if I'm honest", "wish_dead"),
    ("being dead would be so much easier than this", "wish_dead"),
    ("I wake up annoyed that I'm still alive", "wish_dead"),
    ("honestly I'm just waiting to die now", "wish_dead"),
    ("sometimes I wish I'd drowned in that river as a kid", "wish_dead"),
    ("I used to be afraid of dying. Now I'm looking forward to it", "wish_dead"),
    ("do you ever think about killing yourself? because I do", "active_thoughts"),
    ("would a full box of my lithium be enough to kill someone my size", "method"),
    ("which car parks in town don't have the fences up yet", "method"),
    ("my uncle's shotgun is in the shed and I know where the key is", "method"),
    ("I know how and when, I just haven't told anyone", "plan"),
    ("picked the bridge and the night", "plan"),
    ("I've thought it through, the cliffs after my last shift", "plan"),
    # third round (corpora S to V): older people, people in uniform, the bereaved, teenagers
    ("I'd as soon be dead, now that she's gone", "wish_dead"),
    ("please just let me die, I'm so tired", "wish_dead"),
    ("I'm an old woman who wants to die and the doctors won't listen", "wish_dead"),
    ("every morning I'm disappointed I didn't die in my sleep", "wish_dead"),
    ("I keep praying for a big stroke to take me", "wish_dead"),
    ("it would be simpler for everyone if I'd died in that crash", "wish_dead"),
    ("maybe it's better if I just die, then they can stop paying for me", "active_thoughts"),
    ("why can't I just die like normal people", "wish_dead"),
    ("thinking about doing away with myself, never said that out loud before", "active_thoughts"),
    ("Going to finish myself off tonight", "active_thoughts"),
    ("I know the dose for my body weight off by heart", "method"),
    ("if someone jumped off the viaduct would they definitely die", "method"),
    ("the revolver's in the drawer. It would be quick", "method"),
    ("whatever the results say, I'm not staying alive after. it's decided", "plan"),
    ("I held the pillow over Jim's face for a second last night", "harm_others"),
    ("I've been sitting outside my ex's house with a knife in the car", "harm_others"),
    ("the carer grabs me by the arm so hard I've bruises all over", "abuse"),
    ("the sergeant keeps cornering me in the stores and touching me", "abuse"),
    ("he says he'll send my pics to everyone if I tell", "abuse"),
    ("how do you hide cuts from your PE teacher", "self_harm"),
    # attempts, abuse and harm to others said in other words
    ("I've just drunk half a bottle of gin with my sleeping tablets", "attempt"),
    ("waded into the sea last week to drown and I wish it had worked", "attempt"),
    ("had stitches for the cuts on my thigh and told the nurse it was an accident", "self_harm"),
    ("took a knife to school today in my bag", "harm_others"),
    ("if he shouts at the kids again I'll stick the bread knife in him", "harm_others"),
    ("my stepdad kicks the hell out of me when he's drunk", "abuse"),
    ("he put his hands round my throat last night", "abuse"),
    ("a gang of lads followed me and kicked me in the street", "abuse"),
    ("he threatens to get me sectioned if I tell anyone", "abuse"),
    ("I swallowed a whole blister pack of sleeping tablets", "attempt"),
    ("slit both my wrists in the bath", "attempt"),
    ("he shoved me down the stairs again last night", "abuse"),
    ("my husband takes my bank card and says I'm not allowed out without him", "abuse"),
    ("I keep having thoughts of smothering my baby", "harm_others"),
])
async def test_explicit_statements_read_from_their_parts_flag(text: str, category: str) -> None:
    assert category in (await OfflineCrisisScreener().screen(text)).categories


@pytest.mark.parametrize("text", [
    "is the train quicker than the bus to leeds?",
    "the car battery is dead in the multi storey, waiting on the AA",
    "I'll jump in the shower and call you back",
    "kids were running and jumping on the bouncy castle all afternoon",
    "I'm jumping off the walls, I got the job!",
    "I burnt my hand on the oven while cooking, ouch",
    "cut myself shaving again, looks like a crime scene",
    "got the rope on the heifer and she came in quiet as anything",
    "overdosed the tomatoes with feed, they've gone yellow",
    "I'd sooner jump off a bridge than go to another baby shower",
    "if I hear that advert one more time I'm walking into the sea",
    "I'll kill him if he spoils the last episode",
    "I'm going to strangle my sister, she ate my chocolate lol",
    "I'll die if anyone sees the photos from the Christmas party",
    "ill be dead tomorrow at work, up till 3 with the baby",
    "one more roast potato and I'll explode",
    "the new rota is like a noose around our necks",
    "I'd be happier if I stopped being the one who organises everything",
    "if I wasn't at work all week the house would be tidier",
    "I wish I could just stop. Stop answering emails at midnight, stop saying yes.",
    "I wish I could disappear for a week to a spa",
    "tired of being here, in this waiting room I mean, two hours now",
    "God took me on a long road to get here, and I'm grateful",
    "shot myself in the foot by volunteering for the rota",
    "her death still hits me when I hear that song",
    "if one more person asks when the baby's due I'll strangle them",
    "if my sister mentions her new kitchen one more time I'm walking into the sea",
    "they're closing the night shelter, that's going to hurt people",
    "kms this maths homework is 50 questions",
    "if my mum sees this report card she will kill me",
    "I'm walking into the sea if I hear that song again",
    "this queue is so slow I'll die of old age",
    "if Rovers lose again on Saturday I'll shoot myself",
    "the scammers rang again and I nearly gave them my bank details",
    "coach had us doing suicides until we were sick",
    "I think about death more these days, naturally, and it doesn't frighten me",
    "I feel hopeless about the council, not about me",
])
async def test_the_same_parts_in_everyday_sentences_do_not_flag(text: str) -> None:
    assert not (await OfflineCrisisScreener().screen(text)).flagged


@pytest.mark.parametrize("text", [
    "my flatmate took an overdose on Friday and I'm trying to help her family",
    "my friend tried to kill herself last month, how do I support her?",
    "a man jumped in front of a train at our station this morning, awful",
    "we had four overdoses in A&E last night, long shift",
    "there's been a spate of suicides at the college, I'm worried for my son",
    "my colleague's brother attempted suicide, I sent flowers",
    "documentary tonight on suicide among farmers",
    "we lost a resident to suicide this week, the staff are devastated",
    "training today on supporting callers who mention suicide",
    "Dad says he's ready to go and would like to not wake up, he's 96. what do I say?",
    "my daughter asked if I'm going to die like grandpa did",
    "the film had a man slit his wrists in the bath, I couldn't watch",
    "there's a level where you jump off a skyscraper onto a helicopter",
    "lost my cousin to an overdose two years ago, lighting a candle today",
    "we had a suicide call come in at 3am, the team handled it well",
    "read that suicide is the biggest killer of young men, shocking",
    "in the novel she walks into the river with her coat on",
    "I haven't self harmed in two years today!",
    "I told my therapist about my suicide attempt for the first time",
    "the nurse asked the suicide questions as usual and the answer is still no",
    "I used to believe everyone would be better off without me. I don't think that now",
    "lost my best friend from school to an overdose, just sad today",
    "the lad on the wing self-harmed again, got him to healthcare",
    "heroin overdose at a flat, naloxone worked, he was swearing at us within minutes",
])
async def test_other_peoples_crises_reported_do_not_flag(text: str) -> None:
    assert not (await OfflineCrisisScreener().screen(text)).flagged


@pytest.mark.parametrize("text", [
    "my boyfriend left and I overdosed on his pills",
    "I attempted suicide twice when I was at uni",
    "Mum says she wants to die and honestly, me too",
    "sometimes I think suicide is the only way out",
    "if he hits me one more time I'll kill myself",
    "I ended up in hospital after an overdose last week",
    "my best friend killed himself in May and now I keep wishing I was dead too",
    "if he leaves me I'm walking into the sea",
])
async def test_the_writer_in_the_same_sentence_still_flags(text: str) -> None:
    assert (await OfflineCrisisScreener().screen(text)).flagged
