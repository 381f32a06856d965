"""Wiki titles, normalised as MediaWiki normalises them.

``[[ berlin_(city)#History|…]]`` and ``[[Berlin (city)]]`` name the same page: MediaWiki decodes
entities and percent-escapes, turns underscores into spaces, collapses runs of spaces, strips the
ends, resolves the namespace prefix case-insensitively and upper-cases the first letter where the
namespace's case rule says ``first-letter`` (``Title::secureAndSplit`` in MediaWiki core).
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from wikikg.dump.editions import is_language
from wikikg.dump.page import CASE_SENSITIVE, SiteInfo

_SPACES = re.compile(r"[\s_\u00a0\u200e\u200f\u2028\u2029\u3000]+")
# Characters MediaWiki refuses in titles (Title::legalChars complement).
_ILLEGAL = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f]|~{3,}")


@dataclass(frozen=True, slots=True)
class Title:
    """A normalised title: namespace number, local namespace prefix and page name.

    >>> from wikikg.dump.namespaces import default_siteinfo
    >>> t = parse_title("category:world_war II", default_siteinfo("en"))
    >>> (t.ns, t.full, t.encoded)
    (14, 'Category:World war II', 'Category:World_war_II')
    """

    ns: int
    name: str
    prefix: str = ""
    fragment: str | None = None
    interwiki: str | None = None

    @property
    def full(self) -> str:
        """The title with its namespace prefix, with spaces: ``Category:World war II``."""
        return f"{self.prefix}:{self.name}" if self.prefix else self.name

    @property
    def encoded(self) -> str:
        """The title as it appears in URLs and DBpedia IRIs, before escaping: underscores for spaces."""
        return self.full.replace(" ", "_")


def upper_first(s: str) -> str:
    """MediaWiki's ``ucfirst``: the first character in title case, the rest untouched.

    MediaWiki title-cases (not upper-cases) the first letter, which leaves Georgian Mkhedruli
    as it is; a character with no single-character title case (``ß`` → ``Ss``) is kept.

    >>> upper_first("berlin"), upper_first("ბერლინი"), upper_first("ßx"), upper_first("ǆungla")
    ('Berlin', 'ბერლინი', 'ßx', 'ǅungla')
    """
    if not s:
        return s
    up = s[0].title()  # title case, as MediaWiki: Georgian ბ stays ბ, ǆ becomes ǅ
    return (up if len(up) == 1 else s[0]) + s[1:]


def clean(raw: str) -> str:
    """Decode entities and percent-escapes and normalise white space, as MediaWiki does."""
    if "&" in raw:
        raw = html.unescape(raw)
    if "%" in raw:
        with contextlib.suppress(UnicodeDecodeError):
            raw = unquote(raw, errors="strict")
    return _SPACES.sub(" ", raw).strip()


def parse_title(raw: str, site: SiteInfo, default_ns: int = 0) -> Title | None:
    """Parse a link target or page title; ``None`` when it is not a valid title.

    A leading ``:`` forces the main namespace (``[[:Category:X]]`` links to the category page).
    An interwiki or interlanguage prefix (``de:``, ``fr:``) is recognised when the site does not
    have a namespace of that name; the remainder is kept unnormalised beyond white space, since
    the other wiki's rules apply to it.
    """
    text = clean(raw)
    fragment: str | None = None
    if "#" in text:
        text, _, frag = text.partition("#")
        fragment = frag.strip() or None
        text = text.strip()
    ns = default_ns
    prefix = ""
    interwiki: str | None = None
    if text.startswith(":"):
        text = text[1:].strip()
        ns = 0
    if ":" in text:
        head, _, rest = text.partition(":")
        ns_id = site.namespace_id(head)
        if ns_id is not None:
            ns = ns_id
            text = rest.strip()
        elif is_language(head.strip()):
            interwiki = head.strip().lower()
            text = rest.strip()
            return Title(0, text, "", fragment, interwiki) if text else None
    if not text or _ILLEGAL.search(text):
        return None
    namespace = site.namespace(ns)
    if ns != 0:
        prefix = namespace.name if namespace is not None else ""
    if namespace is None or namespace.case != CASE_SENSITIVE:
        text = upper_first(text)
    return Title(ns, text, prefix, fragment, interwiki)
