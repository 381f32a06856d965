"""Text-showing templates of editions other than English, and dates in their languages.

Each renderer follows the template's documentation on its own edition (``Modèle:Date`` and
``Modèle:Siècle`` on fr.wikipedia.org, ``Шаблон:ДН`` on uk.wikipedia.org, ``Template:仮リンク`` on
ja.wikipedia.org …).  Month names come from MediaWiki's ``languages/messages/Messages<Xx>.php``
(``$messages['january'] …`` and, for Slavic languages, the genitive ``january-gen`` forms used
after a day number).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wikikg.wikitext.cleanup import REMOVED
from wikikg.wikitext.scan import Template

Text = Callable[[str], str]
Renderer = Callable[[Template, Text, str], str]

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    # genitive forms: "14 березня 1854"
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"),
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
           "жовтня", "листопада", "грудня"),
}

_YEAR_SUFFIX = {"ru": " года", "uk": " року"}


def month_name(lang: str, number: str) -> str | None:
    names = MONTHS.get(lang)
    n = number.strip()
    if names is None or not n.isdigit() or not 1 <= int(n) <= 12:
        return None
    return names[int(n) - 1]


def _pos(t: Template) -> list[str]:
    by_pos = {int(p.key): p.value.strip() for p in t.params if p.positional and p.key.isdigit()}
    return [by_pos.get(i, "") for i in range(1, max(by_pos, default=0) + 1)]


def _arg(t: Template, *keys: str) -> str:
    for k in keys:
        v = t.get(k)
        if v is not None and v.strip():
            return v.strip()
    return ""


# --- French ---------------------------------------------------------------------------------------
def _fr_date(t: Template, text: Text, lang: str) -> str:
    """``{{date|15|mai|1988}}``, ``{{date de naissance|11|novembre|1866}}`` → "15 mai 1988"."""
    pos = [p for p in _pos(t)[:3]]
    if len(pos) >= 2 and pos[1].isdigit():
        pos[1] = month_name("fr", pos[1]) or pos[1]
    if pos and pos[0] in ("1", "01"):
        pos[0] = "1er"
    shown = " ".join(text(p) for p in pos if p)
    return shown or REMOVED


def _fr_siecle(t: Template, text: Text, lang: str) -> str:
    """``{{s|XIX}}`` → "XIXe siècle"; ``{{s-|XIX}}`` → "XIXe"; ``{{-s|III}}`` → "IIIe siècle av. J.-C."."""
    pos = _pos(t)
    if not pos or not pos[0]:
        return REMOVED
    numeral = pos[0]
    suffix = "er" if numeral in ("I", "Ier") else "e"
    numeral = numeral.removesuffix("er")
    name = t.name.strip().casefold()
    shown = f"{numeral}{suffix}"
    if name in ("s", "siècle"):
        shown += " siècle"
    elif name == "-s":
        shown += " siècle av. J.-C."
    return shown


def _fr_unite(t: Template, text: Text, lang: str) -> str:
    """``{{unité|892|km|2}}`` → "892 km2" (value, then unit and exponent pairs)."""
    pos = _pos(t)
    if not pos:
        return REMOVED
    value = pos[0]
    unit = "".join(pos[1:3]) if len(pos) > 1 else ""
    rest = " ".join(pos[3:])
    return " ".join(x for x in (value, unit + (" " + rest if rest else "")) if x).strip()


def _fr_lien(t: Template, text: Text, lang: str) -> str:
    """``{{Lien|fr=Titre|lang=en|trad=Title|texte=affiché}}`` → "affiché" (or the French title)."""
    return text(_arg(t, "texte", "fr", "1")) or REMOVED


def _fr_citation(t: Template, text: Text, lang: str) -> str:
    """frwiki ``{{citation|…}}`` is an inline quotation: « … »."""
    pos = _pos(t)
    return f"« {text(pos[0])} »" if pos and pos[0] else REMOVED


def _fr_ordinal(suffix: str) -> Renderer:
    def render(t: Template, text: Text, lang: str) -> str:
        pos = _pos(t)
        return f"{pos[0]}{suffix}" if pos and pos[0] else suffix

    return render


# --- Russian, Ukrainian ---------------------------------------------------------------------------
def _slavic_date(t: Template, text: Text, lang: str) -> str:
    """``{{ДН|14|3|1854|2}}`` (uk: дата народження) → "14 березня 1854"; the fourth argument
    (which week-day-style variant, Julian date shift) shows nothing more."""
    pos = _pos(t)
    if len(pos) < 3 or not pos[0].isdigit():
        return REMOVED
    month = month_name(lang if lang in MONTHS else "ru", pos[1])
    if month is None:
        return REMOVED
    return f"{int(pos[0])} {month} {pos[2]}"


def _iw(t: Template, text: Text, lang: str) -> str:
    """ruwiki/ukwiki ``{{iw|Заголовок|текст|en|Title}}`` / ``{{не переведено|…}}``: the text, else the title."""
    pos = _pos(t)
    shown = pos[1] if len(pos) > 1 and pos[1] else (pos[0] if pos else "")
    return text(shown) or REMOVED


def _number_grouped(t: Template, text: Text, lang: str) -> str:
    """``{{число|65300}}`` → "65 300" (ru/uk group digits by threes with a space)."""
    pos = _pos(t)
    if not pos or not pos[0].replace(",", "").replace(".", "").isdigit():
        return text(pos[0]) if pos else REMOVED
    whole, sep, frac = pos[0].partition(",")
    return f"{int(whole):,}".replace(",", " ") + (sep + frac if sep else "") + (
        " " + " ".join(pos[1:]) if len(pos) > 1 else "")


# --- Japanese, Chinese ---------------------------------------------------------------------------
def _yomigana(t: Template, text: Text, lang: str) -> str:
    """``{{読み仮名|漢字|かんじ}}`` → "漢字（かんじ）" (jawiki)."""
    pos = _pos(t)
    if not pos:
        return REMOVED
    reading = "、".join(text(p) for p in pos[1:] if p)
    return f"{text(pos[0])}（{reading}）" if reading else text(pos[0])


def _ja_lang_short(label: str) -> Renderer:
    """``{{lang-en-short|geography}}`` → "英: geography" (jawiki)."""

    def render(t: Template, text: Text, lang: str) -> str:
        pos = _pos(t)
        return f"{label}: {text(pos[0])}" if pos and pos[0] else REMOVED

    return render


def _kari_link(t: Template, text: Text, lang: str) -> str:
    """jawiki ``{{仮リンク|日本語名|en|English|label=表示}}`` → the label or the Japanese title."""
    pos = _pos(t)
    return text(_arg(t, "label", "表示") or (pos[0] if pos else "")) or REMOVED


def _zh_le(t: Template, text: Text, lang: str) -> str:
    """zhwiki ``{{le|中文|English|显示}}`` → the third argument if given, else the first."""
    pos = _pos(t)
    shown = pos[2] if len(pos) > 2 and pos[2] else (pos[0] if pos else "")
    return text(shown) or REMOVED


def _first(t: Template, text: Text, lang: str) -> str:
    pos = _pos(t)
    return text(pos[0]) if pos and pos[0] else REMOVED


def _second(t: Template, text: Text, lang: str) -> str:
    pos = _pos(t)
    return text(pos[1]) if len(pos) > 1 and pos[1] else REMOVED


def _literal(shown: str) -> Renderer:
    def render(t: Template, text: Text, lang: str) -> str:
        return shown

    return render


# frwiki's {{XIXe siècle}}, {{IIIe millénaire}}, {{Ier siècle av. J.-C.}}: their name is their text.
FR_NAMED_PERIOD = re.compile(r"^[IVXLC]+(?:e|er) (?:siècle|millénaire)(?: av\. j\.-c\.)?$", re.I)


#: per edition: template key (case-folded) → renderer
BY_LANGUAGE: dict[str, dict[str, Renderer]] = {
    "fr": {
        "date": _fr_date, "date de naissance": _fr_date, "date de décès": _fr_date,
        "date-": _fr_date, "date sport": _fr_date, "s": _fr_siecle, "siècle": _fr_siecle, "s-": _fr_siecle,
        "-s": _fr_siecle, "unité": _fr_unite, "nombre": _fr_unite, "nb": _fr_unite,
        "lien": _fr_lien, "citation": _fr_citation, "nobr": _first, "lang": _second, "langue": _second,
        "en langue": _second, "1er": _fr_ordinal("er"), "er": _fr_ordinal("er"), "e": _fr_ordinal("e"),
        "ère": _fr_ordinal("re"), "re": _fr_ordinal("re"), "ier": _fr_ordinal("er"), "xe": _fr_ordinal("e"),
        "abréviation": _first, "japonais": _first, "grec ancien": _first,
    },
    "ru": {
        "др": _slavic_date, "дс": _slavic_date, "дата рождения": _slavic_date,
        "дата смерти": _slavic_date, "iw": _iw, "не переведено": _iw, "нп": _iw, "нп3": _iw,
        "не переведено 3": _iw, "число": _number_grouped, "nobr": _first, "comment": _first,
        "lang": _second, "s": _first,
    },
    "uk": {
        "дн": _slavic_date, "дс": _slavic_date, "дн2": _slavic_date, "дс2": _slavic_date,
        "нар": _literal("нар."), "пом": _literal("пом."), "iw": _iw, "не перекладено": _iw,
        "нп": _iw, "число": _number_grouped, "nobr": _first, "comment": _first, "lang": _second,
    },
    "ja": {
        "読み仮名": _yomigana, "読み仮名 ruby不使用": _yomigana, "仮リンク": _kari_link,
        "lang-en-short": _ja_lang_short("英"), "lang-fr-short": _ja_lang_short("仏"),
        "lang-de-short": _ja_lang_short("独"), "lang-it-short": _ja_lang_short("伊"),
        "lang-la-short": _ja_lang_short("羅"), "lang-zh-short": _ja_lang_short("中"),
        "lang-ru-short": _ja_lang_short("露"), "lang-es-short": _ja_lang_short("西"),
        "en": _first, "interlang": _second, "lang": _second,
    },
    "zh": {"le": _zh_le, "link-en": _first, "link-ja": _first, "link-de": _first, "link-fr": _first,
           "lang": _second, "en": _first, "tsl": _zh_le},
    "it": {"ta": _first, "formatnum": _first, "lang": _second, "sp": _literal(" ")},
    "de": {"lang": _second, "sort": _second, "sortkey": _second, "0": _literal(""),
           "bibel": _first, "polytonisch": _first},
    "es": {"lang": _second, "esd": _first},
    "pt": {"lang": _second, "nowrap": _first},
}
