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
from wikikg.wikitext import units
from wikikg.wikitext.cleanup import REMOVED
from wikikg.wikitext.local_names import LocalNamespaces
from wikikg.wikitext.scan import Template
from wikikg.wikitext.template_tables import (
    LANGUAGE_NAMES_EN,
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
    """``{{lang-de|Berlin}}`` — en.wikipedia shows "German: Berlin"; other editions vary, the text stays."""

    def render(t: Template, ctx: RenderContext, expand: Expand) -> str:
        pos = positional(t)
        text = _text(pos[0] if pos else arg(t, "text"), ctx, expand)
        if not text.strip():
            return REMOVED
        if ctx.lang in ("en", "simple") and code in LANGUAGE_NAMES_EN:
            name = LANGUAGE_NAMES_EN[code]
            return f"{name}: {text}"
        return text

    return render


def _circa(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = positional(t)
    return ("c. " + _text(pos[0], ctx, expand)).strip() if pos else "c."


def _nihongo(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """``{{nihongo|English|漢字|rōmaji|extra}}`` → "English (漢字, rōmaji, extra)"."""
    pos = [_text(p.strip(), ctx, expand) for p in positional(t)]
    pos += [""] * (4 - len(pos))
    english, kanji, romaji, extra = pos[:4]
    inner = ", ".join(x for x in (kanji, romaji, extra) if x)
    if not english:
        return inner
    return f"{english} ({inner})" if inner else english


def _as_of(t: Template, ctx: RenderContext, expand: Expand) -> str:
    pos = [p.strip() for p in positional(t)]
    date = _date_text(pos[:3], dmy=(arg(t, "df") or "").lower() in ("y", "yes"))
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
    rendered = units.render_convert(positional(t), dict(t.named), lang=ctx.lang)
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


def _parser_function(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """The few parser functions and magic words that appear in prose."""
    fn = t.raw_name.strip().lower()
    pos = positional(t)
    first = pos[0].strip() if pos else ""
    if fn in ("formatnum",):
        return units.format_number(first, ctx.lang) if first else ""
    if fn in ("lc", "uc", "lcfirst", "ucfirst"):
        s = _text(first, ctx, expand)
        return {"lc": s.lower(), "uc": s.upper(), "lcfirst": s[:1].lower() + s[1:],
                "ucfirst": s[:1].upper() + s[1:]}[fn]
    if fn == "#if":
        branch = pos[1] if first and len(pos) > 1 else (pos[2] if not first and len(pos) > 2 else "")
        return _text(branch.strip(), ctx, expand)
    if fn in ("pagename", "fullpagename", "pagenamee", "basepagename", "subpagename"):
        return ctx.title or ""
    return REMOVED


RENDERERS: dict[str, Renderer] = {
    "convert": _convert, "cvt": _convert,
    "circa": _circa, "c.": _circa, "ca.": _circa,
    "nihongo": _nihongo, "nihongo2": _first, "nihongo3": _nihongo,
    "lang": _second, "langx": _second, "transl": _last, "transliteration": _last,
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
    "resize": _last, "flag": _first, "flagcountry": _first,
}
for _name in WRAPPERS:
    RENDERERS.setdefault(_name, _first)


def render_template(t: Template, ctx: RenderContext, expand: Expand) -> str:
    """The text a template call shows in running prose (or :data:`REMOVED`)."""
    if t.is_parser_function or t.raw_name.strip().isupper():
        return _parser_function(t, ctx, expand)
    key = template_key(t, ctx)
    fn = RENDERERS.get(key)
    if fn is not None:
        return fn(t, ctx, expand)
    if key.startswith("lang-"):
        return _lang_xx(key[5:])(t, ctx, expand)
    return REMOVED  # pronunciations, infoboxes, navboxes, hatnotes, citations, maintenance …
