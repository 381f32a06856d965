"""Templates rendered to the text they show, without their definitions.

Without a MediaWiki server the definitions of templates are unknown, so each template that shows
text in running prose has a renderer here, written after its documentation on the edition that
defines it (``Template:Convert``, ``Template:Lang``, ``Template:Nihongo`` … on en.wikipedia.org,
``Modèle:Date`` on fr.wikipedia.org …).  Every other template is removed: infoboxes, navboxes,
hatnotes, maintenance banners, citations and footnotes show no running text.  A removed template
leaves :data:`~wikikg.wikitext.cleanup.REMOVED` behind, so that the brackets that only framed it
go too (``({{IPA-de|…}})``).

Template names compare as MediaWiki compares them: first letter case-insensitive, ``_`` = space;
here the whole name is case-folded, which merges no two templates that matter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wikikg.dump.page import SiteInfo
from wikikg.wikitext import template_i18n, units
from wikikg.wikitext.bio_it import render_bio
from wikikg.wikitext.cleanup import REMOVED
from wikikg.wikitext.local_names import LocalNamespaces
from wikikg.wikitext.scan import Template
from wikikg.wikitext.template_tables import (
    LANG_LABELS,
    LANGUAGE_NAMES_EN,
    LIST_TEMPLATES,
    MONTHS_EN,
    WRAPPERS,
)


@dataclass
class RenderContext:
    """What renderers know about where the text comes from."""

    lang: str
    title: str | None = None
    site: SiteInfo | None = None
    namespaces: LocalNamespaces | None = None
    #: how deep the rendering is in templates and links nested in one another
    depth: int = 0

    def __post_init__(self) -> None:
        if self.namespaces is None:
            self.namespaces = LocalNamespaces(self.lang, self.site)

    @property
    def ns(self) -> LocalNamespaces:
        assert self.namespaces is not None
        return self.namespaces


Expand = Callable[[str, RenderContext], str]
Renderer = Callable[[Template, RenderContext, Expand], str]


# --- helpers ----------------------------------------------------------------------------------
def positional(t: Template) -> list[str]:
    """The positional arguments in order (``1``, ``2`` …; explicit ``2=`` counted in place)."""
    by_pos: dict[int, str] = {}
    for p in t.params:
        if p.positional and p.key.isdigit():
            by_pos[int(p.key)] = p.value
    if not by_pos:
        return []
    return [by_pos.get(i, "") for i in range(1, max(by_pos) + 1)]


def arg(t: Template, *keys: str) -> str | None:
    """The first of ``keys`` given with a non-blank value, stripped."""
    for k in keys:
        v = t.get(k)
        if v is not None and v.strip():
            return v.strip()
    return None


def _text(value: str | None, ctx: RenderContext, expand: Expand) -> str:
    if not value:
        return ""
    return expand(value, ctx) if ("{{" in value or "[[" in value) else value


def template_key(t: Template, ctx: RenderContext) -> str:
    """The case-folded name with any ``Template:`` prefix (local or English) removed."""
    name = t.name
    if ":" in name:
        head, _, rest = name.partition(":")
        if ctx.ns.is_template(head):
            name = rest
    return " ".join(name.replace("_", " ").split()).casefold()


# --- renderers --------------------------------------------------------------------------------
def _removed(t: Template, ctx: RenderContext, expand: Expand) -> str:
    return REMOVED


def _first(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = positional(t)
    return _text(pos[0] if pos else arg(t, "text", "1"), ctx, expand)


def _second(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = positional(t)
    return _text(pos[1] if len(pos) > 1 else arg(t, "text"), ctx, expand)


def _last(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = [p for p in positional(t) if p.strip()]
    return _text(pos[-1] if pos else arg(t, "text"), ctx, expand)


def _lang_xx(code: str) -> Renderer:
    """``{{lang-de|Berlin}}``: en.wikipedia shows "German: Berlin", ruwiki "нем. Berlin", zhwiki
    "德语：Berlin" (:data:`LANG_LABELS`); editions whose labels are not known show the text alone."""

    def render(t: Template, ctx: RenderContext, expand: Expand) -> str:
        pos = positional(t)
        text = _text(pos[0] if pos else arg(t, "text"), ctx, expand).strip()
        return _labelled(code, text, ctx)

    return render


def _labelled(code: str, text: str, ctx: RenderContext) -> str:
    if not text:
        return REMOVED
    code = code.lower()
    if ctx.lang in ("en", "simple") and code in LANGUAGE_NAMES_EN:
        return f"{LANGUAGE_NAMES_EN[code]}: {text}"
    fmt, names = LANG_LABELS.get(ctx.lang, ("", {}))
    if code in names:
        return fmt.format(name=names[code], text=text)
    return text


def _llang(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """kowiki ``{{llang|de|Berlin}}`` → "독일어: Berlin" (language code first, like ``{{lang}}``)."""
    pos = positional(t)
    if len(pos) < 2:
        return REMOVED
    return _labelled(pos[0].strip(), _text(pos[1], ctx, expand).strip(), ctx)


def _nee(word: str) -> Renderer:
    """``{{née|Kasner}}`` → "née Kasner" (en.wikipedia ``Template:Née``)."""

    def render(t: Template, ctx: RenderContext, expand: Expand) -> str:
        pos = positional(t)
        shown = _text(pos[0].strip(), ctx, expand) if pos else ""
        return f"{word} {shown}".strip()

    return render


def _items(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{ubl|a|b}}``, ``{{hlist|a|b}}``: every item, one per line (as the reader sees them)."""
    items = [_text(p.strip(), ctx, expand) for p in positional(t) if p.strip()]
    return "\n".join(items) if items else REMOVED


# Currency templates: {{US$|1,000}} → "US$1,000" (en.wikipedia Template:US$, Template:GBP …).
_CURRENCIES: dict[str, str] = {
    "us$": "US$", "usd": "US$", "gbp": "£", "£": "£", "€": "€", "eur": "€", "jpy": "¥", "¥": "¥",
    "cad": "CA$", "aud": "A$", "inr": "₹", "₹": "₹", "cny": "CN¥", "chf": "CHF ", "rub": "₽",
}


def _currency(symbol: str) -> Renderer:
    def render(t: Template, ctx: RenderContext, expand: Expand) -> str:
        pos = positional(t)
        return f"{symbol}{_text(pos[0].strip(), ctx, expand)}" if pos else symbol.strip()

    return render


def _ordinal(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{ordinal|21}}`` → "21st"."""
    pos = positional(t)
    n = pos[0].strip() if pos else ""
    if not n.isdigit():
        return n or REMOVED
    suffix = "th" if 10 <= int(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(int(n) % 10, "th")
    return n + suffix


def _circa(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = positional(t)
    return ("c. " + _text(pos[0], ctx, expand)).strip() if pos else "c."


def _nihongo(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{nihongo|English|漢字|rōmaji|extra}}`` → "English (漢字, rōmaji, extra)"; with
    ``lead=yes`` (the article's subject) "English (Japanese: 漢字, Hepburn: rōmaji)"."""
    pos = [_text(p.strip(), ctx, expand) for p in positional(t)]
    pos += [""] * (4 - len(pos))
    english, kanji, romaji, extra = pos[:4]
    if (arg(t, "lead") or "").lower() in ("yes", "y", "true"):
        kanji = f"Japanese: {kanji}" if kanji else kanji
        romaji = f"Hepburn: {romaji}" if romaji else romaji
    inner = ", ".join(x for x in (kanji, romaji, extra) if x)
    if not english:
        return inner
    return f"{english} ({inner})" if inner else english


def _as_of(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{as of|2015|6|30}}`` → "As of 30 June 2015" (``df=US``: "June 30, 2015"; ``alt=`` replaces it)."""
    alt = arg(t, "alt")
    if alt:
        return _text(alt, ctx, expand)
    pos = [p.strip() for p in positional(t)]
    date = _date_text(pos[:3], dmy=(arg(t, "df") or "").lower() != "us")
    lead = "as of" if (arg(t, "lc") or "").lower() in ("y", "yes") else "As of"
    if arg(t, "since"):
        lead = "since" if lead == "as of" else "Since"
    return f"{lead} {date}".strip()


def _date_text(parts: list[str], *, dmy: bool) -> str:
    """``["1988", "5", "15"]`` → "May 15, 1988" (or "15 May 1988" with ``dmy``)."""
    parts = [p for p in parts if p]
    if not parts:
        return ""
    year = parts[0]
    if len(parts) == 1 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 12:
        return year
    month = MONTHS_EN[int(parts[1]) - 1]
    if len(parts) == 2 or not parts[2].isdigit():
        return f"{month} {year}"
    day = str(int(parts[2]))
    return f"{day} {month} {year}" if dmy else f"{month} {day}, {year}"


def _date_template(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{start date|1988|5|15|df=y}}``, ``{{birth date|…}}`` … in en.wikipedia's formats."""
    pos = [p.strip() for p in positional(t)]
    dmy = (arg(t, "df") or "").lower() in ("y", "yes")
    return _date_text(pos[:3], dmy=dmy) or REMOVED


def _convert(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{convert}}``; ``{{cvt}}`` is the same with ``abbr=on``."""
    named = dict(t.named)
    if template_key(t, ctx) == "cvt":
        named.setdefault("abbr", "on")
    rendered = units.render_convert(positional(t), named, lang=ctx.lang)
    return rendered if rendered is not None else REMOVED


def _literal(text: str) -> Renderer:
    def render(t: Template, ctx: RenderContext, expand: Expand) -> str:
        return text

    return render


def _isbn(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = positional(t)
    return f"ISBN {pos[0].strip()}" if pos else "ISBN"


def _sortname(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = [_text(p.strip(), ctx, expand) for p in positional(t)[:2]]
    return " ".join(p for p in pos if p)


def _frac(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = [p.strip() for p in positional(t)]
    if len(pos) == 1:
        return f"1⁄{pos[0]}"
    if len(pos) == 2:
        return f"{pos[0]}⁄{pos[1]}"
    if len(pos) >= 3:
        return f"{pos[0]} {pos[1]}⁄{pos[2]}"
    return ""


_ZH_LABELS = (
    ("c", "Chinese"), ("t", "traditional Chinese"), ("s", "simplified Chinese"), ("p", "pinyin"),
    ("w", "Wade–Giles"), ("j", "Jyutping"), ("cy", "Cantonese Yale"), ("poj", "Pe̍h-ōe-jī"),
    ("l", "lit."),
)


def _zh(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{zh|t=中國|s=中国|p=Zhōngguó}}`` → "traditional Chinese: 中國; simplified Chinese: 中国; pinyin: Zhōngguó"."""
    out = []
    for key, label in _ZH_LABELS:
        v = arg(t, key)
        if v:
            v = _text(v, ctx, expand)
            out.append(f"{label} '{v}'" if key == "l" else f"{label}: {v}")
    return "; ".join(out) if out else REMOVED


# Parser functions written in lower case (``{{formatnum:1234}}``, ``{{lc:…}}``): the scan only
# splits off the argument of ``#``-functions and upper-case magic words.
_LOWER_FUNCTIONS = frozenset(
    ["formatnum", "lc", "uc", "lcfirst", "ucfirst", "padleft", "padright", "urlencode", "anchorencode",
     "int", "ns", "localurl", "fullurl", "filepath", "plural", "grammar", "gender", "tag"]
)


# Variables (MediaWiki ``includes/parser/CoreMagicVariables.php``, ``MagicWordFactory``).
_MAGIC_WORDS = frozenset(
    ["PAGENAME", "PAGENAMEE", "FULLPAGENAME", "FULLPAGENAMEE", "BASEPAGENAME", "SUBPAGENAME", "ROOTPAGENAME",
     "NAMESPACE", "SITENAME", "SERVER", "CURRENTYEAR", "CURRENTMONTH", "CURRENTMONTHNAME", "CURRENTDAY",
     "CURRENTDAY2", "CURRENTDAYNAME", "CURRENTTIME", "CURRENTTIMESTAMP", "LOCALYEAR", "LOCALMONTH",
     "LOCALMONTHNAME", "LOCALDAY", "NUMBEROFARTICLES", "NUMBEROFPAGES", "NUMBEROFUSERS", "NUMBEROFEDITS",
     "NUMBEROFACTIVEUSERS", "REVISIONID", "REVISIONYEAR", "REVISIONMONTH", "REVISIONDAY", "!", "=",
     "DISPLAYTITLE", "DEFAULTSORT"]
)


def _split_function(t: Template) -> tuple[str, list[str]] | None:
    """``{{formatnum:1234|R}}`` → ``("formatnum", ["1234", "R"])``; ``None`` if not a function."""
    raw = t.raw_name.strip()
    head, colon, first = raw.partition(":")
    if colon and head.strip().lower() in _LOWER_FUNCTIONS:
        return head.strip().lower(), [first, *positional(t)]
    if t.is_parser_function and (colon or raw.startswith("#") or raw in _MAGIC_WORDS):
        return raw.lower(), positional(t)
    if raw in _MAGIC_WORDS:
        return raw.lower(), positional(t)
    return None  # an upper-case template name ({{HMS|…}}, {{US$|…}}, {{ISBN|…}}) is a template


def _parser_function(fn: str, pos: list[str], ctx: RenderContext, expand: Expand) -> str:
    """The few parser functions and magic words that appear in prose."""
    first = pos[0].strip() if pos else ""
    if fn == "formatnum":
        first = _text(first, ctx, expand).strip()
        return units.format_number(first, ctx.lang) if first else ""
    if fn in ("lc", "uc", "lcfirst", "ucfirst"):
        s = _text(first, ctx, expand)
        return {"lc": s.lower(), "uc": s.upper(), "lcfirst": s[:1].lower() + s[1:],
                "ucfirst": s[:1].upper() + s[1:]}[fn]
    if fn == "plural":
        return _text(pos[1].strip() if len(pos) > 1 else "", ctx, expand)
    if fn == "#if":
        first = _text(first, ctx, expand).strip()
        branch = pos[1] if first and len(pos) > 1 else (pos[2] if not first and len(pos) > 2 else "")
        return _text(branch.strip(), ctx, expand)
    if fn in ("pagename", "fullpagename", "pagenamee", "basepagename", "subpagename"):
        return ctx.title or ""
    if fn in ("=", "!"):
        return "=" if fn == "=" else "|"
    return REMOVED


# Ship-name templates: ``{{HMS|Terror|I03}}`` → "HMS Terror (I03)".  The optional format number is
# a bit mask: 4 shows the prefix, 2 the name, 1 the identifier (en.wikipedia ``Template:Ship``).
_SHIP_PREFIXES: dict[str, str] = {
    p.casefold(): p
    for p in ("HMS", "USS", "SS", "HMAS", "HMCS", "HMNZS", "HNLMS", "HNoMS", "HDMS", "HSwMS", "SMS", "SMU",
              "RMS", "MV", "USNS", "USCGC", "ARA", "INS", "ORP", "JS", "HMT", "HMY", "HMSAS", "KRI", "ROKS",
              "TCG", "BRP", "NRP", "HS", "HMIS", "RFA", "USAT", "USRC", "HMHS", "RMAS", "SMN", "KMS")
}
_SHIP_PREFIXES["gs"] = "German submarine"
_SHIP_PREFIXES["ship"] = ""


def _ship(t: Template, ctx: RenderContext, expand: Expand, prefix: str) -> str:
    pos = [p.strip() for p in positional(t)]
    if not prefix:  # {{ship|prefix|name|id|format}}
        prefix, pos = (pos[0] if pos else ""), pos[1:]
    name = _text(pos[0], ctx, expand) if pos else ""
    ident = pos[1] if len(pos) > 1 else ""
    fmt = int(pos[2]) if len(pos) > 2 and pos[2].isdigit() else 7
    parts = []
    if fmt & 4 and prefix:
        parts.append(prefix)
    if fmt & 2 and name:
        parts.append(name)
    if fmt & 1 and ident:
        parts.append(f"({ident})")
    return " ".join(parts) or REMOVED


def _sclass(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{sclass-|Maestrale|destroyer}}`` → "Maestrale-class destroyer"."""
    pos = [p.strip() for p in positional(t)]
    if len(pos) < 2:
        return REMOVED
    return f"{pos[0]}-class {pos[1]}"


def _val(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{val|6.241|e=18|u=m}}`` → "6.241×10^18 m" (en ``Template:Val``)."""
    pos = [p.strip() for p in positional(t)]
    if not pos:
        return REMOVED
    shown = units.format_number(pos[0], ctx.lang)
    if len(pos) > 1 and pos[1]:
        shown += f" ± {pos[1]}"
    if arg(t, "e"):
        shown += f"×10^{arg(t, 'e')}"
    unit = arg(t, "u", "ul", "up")
    return f"{shown} {_text(unit, ctx, expand)}" if unit else shown


def _date(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{date|1944-1-14|mdy}}`` → "January 14, 1944"."""
    pos = [p.strip() for p in positional(t)]
    if not pos:
        return REMOVED
    parts = pos[0].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return _date_text(parts, dmy=not (len(pos) > 1 and pos[1].lower() == "mdy"))
    return pos[0]


def _old_style_date(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{OldStyleDate|February 2|1905|January 20}}`` → "February 2 [O.S. January 20] 1905"."""
    pos = [p.strip() for p in positional(t)]
    if len(pos) < 3:
        return " ".join(pos) or REMOVED
    return f"{pos[0]} [O.S. {pos[2]}] {pos[1]}"


def _bio(t: Template, ctx: RenderContext, expand: Expand) -> str:
    return render_bio(t, lambda s: _text(s, ctx, expand)) if ctx.lang == "it" else REMOVED


RENDERERS: dict[str, Renderer] = {
    "convert": _convert, "cvt": _convert,
    "circa": _circa, "c.": _circa, "ca.": _circa,
    "nihongo": _nihongo, "nihongo2": _first, "nihongo3": _nihongo,
    "lang": _second, "langx": _llang, "transl": _last, "transliteration": _last,
    "as of": _as_of,
    "start date": _date_template, "end date": _date_template, "birth date": _date_template,
    "death date": _date_template, "birth date and age": _date_template,
    "death date and age": _date_template, "dts": _date_template, "start date and age": _date_template,
    "birth year and age": _first, "death year and age": _first,
    "isbn": _isbn, "sortname": _sortname, "frac": _frac, "fraction": _frac,
    "zh": _zh,
    "nbsp": _literal(" "), "'": _literal("'"), "=": _literal("="), "!": _literal("|"),
    "•": _literal(" • "), "·": _literal(" · "), "dot": _literal(" · "), "middot": _literal("·"),
    "ndash": _literal("–"), "mdash": _literal("—"), "snd": _literal(" – "), "spaced ndash": _literal(" – "),
    "okina": _literal("ʻ"), "sic": _first,
    "color": _second, "colour": _second, "font color": _second,
    "resize": _last, "flag": _first, "flagcountry": _first, "sp": _literal(" "),
    "sclass": _sclass, "sclass-": _sclass, "val": _val, "date": _date, "oldstyledate": _old_style_date,
    "bio": _bio, "lang-x": _second, "llang": _llang, "née": _nee("née"), "nee": _nee("née"),
    "né": _nee("né"),
    "shy": _literal(""), "wbr": _literal(""), "zwsp": _literal(""), "pi": _literal("π"),
    "fl.": _literal("fl."), "floruit": _literal("fl."), "r.": _literal("r."), "reign": _literal("r."),
    "b.": _literal("b."), "d.": _literal("d."), "ordinal": _ordinal, "sfrac": _frac,
    "spnd": _literal(" – "), "en dash": _literal("–"), "em dash": _literal("—"),
    **{name: _currency(symbol) for name, symbol in _CURRENCIES.items()},
}
for _name in WRAPPERS:
    RENDERERS.setdefault(_name, _first)
for _name in LIST_TEMPLATES:
    RENDERERS.setdefault(_name, _items)


def render_template(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """The text a template call shows in running prose (or :data:`REMOVED`).

    Looked up first among the edition's own templates (:mod:`.template_i18n`), then among
    en.wikipedia's, which many editions copy; anything else shows no running text.
    """
    function = _split_function(t)
    if function is not None:
        return _parser_function(*function, ctx, expand)
    key = template_key(t, ctx)
    local = template_i18n.BY_LANGUAGE.get(ctx.lang)
    if local is not None and key in local:
        return local[key](t, lambda s: _text(s, ctx, expand), ctx.lang)
    fn = RENDERERS.get(key)
    if fn is not None:
        return fn(t, ctx, expand)
    if key.startswith(("lang-", "vol-")):
        return _lang_xx(key[4 if key.startswith("vol-") else 5 :])(t, ctx, expand)
    if key in _SHIP_PREFIXES:
        return _ship(t, ctx, expand, _SHIP_PREFIXES[key])
    if ctx.lang == "fr" and template_i18n.FR_NAMED_PERIOD.match(key):
        return t.name.strip()
    return REMOVED  # pronunciations, infoboxes, navboxes, hatnotes, citations, maintenance …
