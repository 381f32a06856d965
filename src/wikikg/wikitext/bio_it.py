"""it.wikipedia's ``{{Bio}}``: the template that writes the first sentence of a biography.

On itwiki the opening sentence of nearly every biography is generated from ``{{Bio}}``'s
arguments, so without it the abstract would miss the sentence that says who the person was::

    {{Bio|Nome = Adam|Cognome = Smith|Sesso = M|LuogoNascita = Kirkcaldy
    |GiornoMeseNascita = 5 giugno|AnnoNascita = 1723|LuogoMorte = Edimburgo
    |GiornoMeseMorte = 17 luglio|AnnoMorte = 1790|Attività = filosofo|Attività2 = economista
    |Nazionalità = scozzese|PostNazionalità = , che … gettò le basi dell'economia politica}}

shows "Adam Smith (Kirkcaldy, 5 giugno 1723 – Edimburgo, 17 luglio 1790) è stato un filosofo
e economista scozzese, che … gettò le basi dell'economia politica."

Source: it.wikipedia.org ``Template:Bio`` (documentation of the arguments) and ``Modulo:Bio``
(the order in which they are written, the article "un/uno/una/un'", "è stato/è stata").
The arguments are given in the form to show (``scrittrice``, ``austriaca`` for a woman).

>>> from wikikg.wikitext.scan import Scan
>>> t = Scan.of("{{Bio|Nome=Claude|Cognome=Jade|Sesso=F|LuogoNascita=Digione|GiornoMeseNascita=8 ottobre|AnnoNascita=1948|Attività=attrice|Nazionalità=francese}}").templates[0]
>>> render_bio(t, lambda s: s)
"Claude Jade (Digione, 8 ottobre 1948) è un'attrice francese."
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wikikg.wikitext.scan import Template

_VOWEL = re.compile(r"^[aeiouàèéìòùAEIOU]")
# "uno" before s + consonant, z, x, y, gn, ps, pn, i + vowel (Italian grammar; Modulo:Bio)
_UNO = re.compile(r"^(?:s[^aeiouàèéìòù]|z|x|y|gn|ps|pn|i[aeiou])", re.I)


def _article(word: str, female: bool) -> str:
    if female:
        return "un'" if _VOWEL.match(word) else "una "
    return "uno " if _UNO.match(word) else "un "


def render_bio(t: Template, text: Callable[[str], str]) -> str:
    """The opening sentence ``{{Bio}}`` writes; ``text`` renders an argument's wikitext."""

    def get(key: str) -> str:
        v = t.get(key)
        return text(v.strip()) if v and v.strip() else ""

    female = get("Sesso").upper().startswith("F")
    name = " ".join(x for x in (get("Titolo"), get("Nome"), get("Cognome")) if x)
    if get("PostCognomeVirgola"):
        name += ", " + get("PostCognomeVirgola")
    elif get("PostCognome"):
        name += " " + get("PostCognome")

    birth_place = get("LuogoNascitaAlt") or get("LuogoNascita")
    birth_date = " ".join(x for x in (get("GiornoMeseNascita"), get("AnnoNascita")) if x)
    death_place = get("LuogoMorteAlt") or get("LuogoMorte")
    death_date = " ".join(x for x in (get("GiornoMeseMorte"), get("AnnoMorte")) if x)
    birth = ", ".join(x for x in (birth_place, birth_date) if x)
    death = ", ".join(x for x in (death_place, death_date) if x)
    dates = f"{birth} – {death}" if death else birth
    if get("PreData"):
        dates = f"{get('PreData')}; {dates}" if dates else get("PreData")
    if get("PostData"):
        dates = f"{dates} {get('PostData')}"
    head = f"{name} ({dates})" if dates else name

    if get("FineIncipit"):
        return f"{head} {get('FineIncipit')}"
    activities = [a for a in (get("Attività"), get("Attività2"), get("Attività3")) if a]
    if not activities:
        return head
    others = get("AttivitàAltre")  # " e dittatore": then the listed ones are joined by commas
    if others or len(activities) == 1:
        listed = ", ".join(activities) + others
    else:
        listed = ", ".join(activities[:-1]) + " e " + activities[-1]
    dead = bool(get("AnnoMorte") or get("GiornoMeseMorte"))
    verb = ("è stata" if female else "è stato") if dead else "è"
    nationality = get("Nazionalità")
    if get("NazionalitàNaturalizzato"):
        nationality += " naturalizzat" + ("a " if female else "o ") + get("NazionalitàNaturalizzato")
    sentence = f"{head} {verb} {_article(listed, female)}{listed} {nationality}".rstrip()
    sentence += get("PostNazionalità")
    if get("Punto").lower() != "no" and not sentence.rstrip().endswith("."):
        sentence = sentence.rstrip() + "."
    return sentence
