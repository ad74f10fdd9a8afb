"""Explicit crisis statements in Spanish, French, German and Portuguese.

Bobby speaks English only, but a person in crisis may write in their own language: these catch
the explicit statements (wanting to die, killing oneself, an overdose taken, self-harm, being
hit at home, threats to kill someone). Patterns read folded text (lower case, no accents or
apostrophes: "J'ai avalé" -> "jai avale", "schlägt" -> "schlagt"); idioms such as "muerto de
cansancio", "je meurs de faim" or "sterbe vor Langeweile" match none of them."""

from __future__ import annotations

from bobby_adapters.screening.rules_en import Rule, rules

RULES: list[Rule] = [
    # Spanish
    *rules("wish_dead", r"\b(quiero|quisiera|deseo|me\s+quiero)\s+morir(me)?\b",
            r"\bno\s+quiero\s+(seguir\s+)?vivir\b", r"\bojala\s+(estuviera|estar)\s+muert[oa]\b",
            r"\bganas\s+de\s+(morir|matarme|desaparecer)\b", r"\bdejar\s+de\s+(vivir|existir)\b"),
    *rules("method", r"\btirarme\s+(de|del|por)\b|\bsaltar\s+(de|del|desde)\s+(el\s+|un\s+)?(puente|edificio"
            r"|techo|balcon)\b"),
    *rules("active_thoughts", r"\bmatarme\b|\bme\s+quiero\s+matar\b|\bsuicid\w*",
            r"\bquitarme\s+la\s+vida\b|\bacabar\s+con\s+(mi\s+vida|todo)\b"),
    *rules("attempt", r"\b(tome|me\s+tome|trague|me\s+trague)\s+(todas|todos|un\s+monton|muchas"
            r"|muchos|la\s+caja|el\s+frasco|el\s+bote|un\s+frasco|una\s+caja|un\s+bote)\b"),
    *rules("self_harm", r"\bme\s+(corto|corte|quemo|queme|lastimo|golpeo|hago\s+dano)\b"
            r"|\bhacerme\s+dano\b|\bautolesion\w*"),
    *rules("abuse", r"\bme\s+(pega|pego|golpea|golpeo|maltrata|violo|viola|amenaza\s+con\s+matar)\b",
            about_self=False),
    *rules("harm_others", r"\b(voy\s+a|quiero|puedo)\s+matar(lo|la|los|las|le|les)\b", about_self=False),
    # French
    *rules("wish_dead", r"\b(je\s+)?(veux|voudrais|vais|souhaite|aimerais)\s+(mourir|disparaitre"
            r"\s+pour\s+toujours)\b", r"\bne\s+veux\s+plus\s+vivre\b|\bplus\s+envie\s+de\s+vivre\b",
            r"\b(envie|besoin)\s+de\s+(mourir|disparaitre|en\s+finir)\b"),
    *rules("method", r"\bsauter\s+(du|d\s*un|de\s+la|par\s+la)\s+(pont|toit|fenetre|falaise|immeuble)\b"
            r"|\bme\s+jeter\s+(du|sous|d\s*un|de\s+la|par\s+la)\b"),
    *rules("active_thoughts", r"\bme\s+(suicider|tuer)\b|\ben\s+finir\b",
            r"\bmettre\s+fin\s+a\s+(mes\s+jours|ma\s+vie)\b"),
    *rules("attempt", r"\b(j\s*)?ai\s+(avale|pris)\s+(toute|tous|toutes|une\s+boite|la\s+boite|trop)\b"),
    *rules("self_harm", r"\bme\s+scarifi\w*|\bscarifi\w*|\bme\s+mutil\w*|\bautomutil\w*",
            r"\bme\s+(fais|faire|suis\s+fait|suis\s+faite)\s+du\s+mal\b",
            r"\bme\s+coup\w+\s+(les\s+)?(bras|poignets|veines|cuisses)\b"),
    *rules("abuse", r"\b(me\s+frappe|me\s+bat|me\s+viole|m\s*a\s+(frappe|viole|battu)|menace\s+de\s+me"
            r"\s+tuer)\b", about_self=False),
    *rules("harm_others", r"\b(vais|veux)\s+(le|la|les)\s+tuer\b", about_self=False),
    # German
    *rules("wish_dead", r"\b(will|mochte|moechte|werde)\s+(\w+\s+){0,3}?sterben\b",
            r"\bnicht\s+mehr\s+(aufwachen|da\s+sein|existieren)\b|\bnicht\s+mehr\s+leben\b|\bwunschte\s+ich\s+ware\s+tot\b|\blebensmude\b"),
    *rules("active_thoughts", r"\bumbringen\b|\bbringe\s+mich\s+(\w+\s+){0,3}?um\b|\bselbstmord\w*",
            r"\bmich\s+(zu\s+)?toten\b",
            r"\bmir\s+das\s+leben\s+(zu\s+)?nehmen\b"),
    *rules("attempt", r"\b(tabletten|pillen)\s+(\w+\s+)?(genommen|geschluckt)\b"),
    *rules("method", r"\b(springe|springen)\s+(von|vor)\s+(der|die|den|einer|einem|einen)\s+(brucke|zug|dach"
            r"|hochhaus)\b"),
    *rules("self_harm", r"\b(schneide|verletze|ritze)\s+mich\b|\britze\w*"
            r"|\bmich\s+(selbst\s+)?(verletzen|verletze|schneiden|schneide)\b"
            r"|\bselbstverletz\w*"),
    *rules("abuse", r"\b(schlagt|schlaegt|verprugelt|vergewaltigt|bedroht|wurgt)\s+mich\b",
            about_self=False),
    *rules("harm_others", r"\b(bringe|werde)\s+(ihn|sie)\s+um\b|\b(ihn|sie)\s+(umbringen|toten)\b",
            about_self=False),
    # Portuguese
    *rules("method", r"\b(pular|me\s+jogar|jogar\s+me|atirar\s+me)\s+(da|do|de)\s+(ponte|predio|janela)\b"),
    *rules("wish_dead", r"\b(quero|queria)\s+morrer\b", r"\bnao\s+quero\s+(mais\s+)?viver\b",
            r"\bvontade\s+de\s+morrer\b"),
    *rules("active_thoughts", r"\b(me\s+matar|matar\s+me|me\s+suicidar)\b",
            r"\btirar\s+a\s+(minha\s+)?(propria\s+)?vida\b"),
    *rules("attempt", r"\b(tomei|engoli)\s+(todos|todas|muitos|muitas|a\s+caixa|o\s+frasco)\b"),
    *rules("self_harm", r"\b(me\s+corto|corto\s+me|me\s+cortar|me\s+cortei|cortei\s+me|me\s+machuc\w*"
            r"|automutil\w*)\b"),
    *rules("abuse", r"\b(me\s+bate|bate\s+me|me\s+agride|agride\s+me|me\s+espanca|me\s+violou|me\s+bateu"
            r"|bateu\s+me)\b", about_self=False),
    *rules("harm_others", r"\b(vou|quero)\s+mata\s?lo\b", about_self=False),
]
