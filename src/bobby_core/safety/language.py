"""Whether a message looks written in a language other than English, deterministically.

Bobby speaks English only. The screener still reads explicit crisis statements in Spanish,
French, German and Portuguese; this helper lets the conversation say once that Bobby answers in
English. It counts function words that belong to one of those languages and not to English
("que", "est", "nicht", "não"), plus letters English does not use (ñ, ç, ß, ã, accents), against
common English words. Short English replies ("ok", "yes", "no", "2") never count as foreign."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FOREIGN_LETTERS = re.compile(r"[ñçßãõáéíóúàèìòùâêîôûäöüœ¿¡]")

_FOREIGN = _words("""
el los las del que y por con para una unos unas es esta estoy estas soy muy pero como cuando
porque yo tengo tiene quiero hola gracias buenos buenas dias noches mucho poco nada todo siempre
hoy ayer mañana trabajo también aquí donde
le les des est et je tu il elle nous vous ils sont suis avec pour pas mais comme quand parce
moi toi bonjour merci oui très aujourd hui travail ça cette mon ma mes ton ta une
der die das und ist nicht ich du er sie wir ihr sind bin mit für aber wie wenn weil auch noch
hallo danke heute morgen arbeit sehr viel guten tag ein eine einen mein meine dich mich
os um uma não eu você ele ela nós são sou estou muito mas quando porque também olá obrigado
obrigada hoje bom boa dia trabalho isso isto meu minha
quiero morir matarme vivir voy mi marido novio pega pastillas corto
veux vais mourir tuer ai suis vivre mari frappe
will werde sterben umbringen leben mann schlägt ritze
quero vou morrer matar viver namorado bate
de la al se lo su sus hago misma mismo muerto muerta risa hambre cansancio este esto eso
meurs faim fatigue mort morte suis rien
vor mir dir sich nur schon hier müde tot
morto morta fome rir cansado cansada estou está
""") - {"will"}
_ENGLISH = _words("""
the a an and is are am was were be been i you he she it we they me my your his her our their
to of in on at for with not no yes ok okay so but or if then this that what when why how do
does did have has had will would can could just really very today work feel feeling want like
""")
_GREETINGS = frozenset({"hola", "bonjour", "salut", "hallo", "ola", "olá", "oi", "gracias",
                        "merci", "danke", "obrigado", "obrigada", "buenas", "servus", "moin"})


def looks_non_english(text: str) -> bool:
    """True when the text reads as Spanish, French, German or Portuguese rather than English."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return False
    if len(words) <= 2 and any(w in _GREETINGS for w in words):
        return True
    foreign = sum(w in _FOREIGN for w in words) + len(_FOREIGN_LETTERS.findall(text.lower()))
    english = sum(w in _ENGLISH for w in words)
    if english == 0 and len(words) <= 4 and 2 * foreign >= len(words):
        return True
    return foreign >= 2 and foreign > english
