"""Rendering of internal links ``[[…]]`` to the text a reader sees.

MediaWiki shows ``[[target|label]]`` as *label* and ``[[target]]`` as *target*; letters glued after
the closing brackets (the link trail, ``[[dog]]s``) are shown right after, so rendering the link in
place and leaving the following text alone gives "dogs".  File and image links show a picture, not
text; category links and interlanguage links show nothing where they stand.  A leading colon
(``[[:Category:X]]``, ``[[:de:Berlin]]``) turns any of these into an ordinary visible link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from wikikg.dump.editions import is_language
from wikikg.wikitext.cleanup import REMOVED
from wikikg.wikitext.scan import Link

if TYPE_CHECKING:
    from wikikg.wikitext.inline_templates import RenderContext

# What a media file's name ends with: a link to one is a picture or a player, not text.
_MEDIA_EXT = re.compile(
    r"\.(?:jpe?g|png|svg|gif|tiff?|webp|xcf|bmp|ogg|oga|ogv|webm|mp3|mp4|wav|flac|midi?|opus|pdf|djvu|stl)\s*$",
    re.I,
)

# Options of an image link (MediaWiki's ``img_*`` magic words, English; sizes in any edition).
_IMAGE_OPTION = re.compile(
    r"^\s*(?:\d*x?\d+\s*(?:px|пкс|пикс|ピクセル|像素|픽셀)|thumb|thumbnail|frame|frameless|framed|border"
    r"|left|right|center|centre|none|upright(?:\s*=?\s*[\d.]*)?|mini|miniatur|vignette|alt=.*|link=.*)\s*$",
    re.I,
)

Expand = Callable[[str, "RenderContext"], str]


def render_link(link: Link, inner: str, ctx: RenderContext, expand: Expand) -> str:
    """The visible text of one internal link; ``inner`` is the raw text between its brackets.

    Nested markup in the label is rendered by ``expand``.  Spaces just inside the brackets
    (``and[[ Evan Marks]]``) are shown, so they are kept.
    """
    target = link.target
    visible_prefix = target.startswith(":")
    shown = target[1:].strip() if visible_prefix else target
    prefix, colon, rest = shown.partition(":")
    if colon and not visible_prefix:
        p = prefix.strip()
        if ctx.ns.is_file(p) or ctx.ns.is_category(p):
            return REMOVED
        if is_language(p) and p == p.lower():
            return ""  # an interlanguage link: shown in the sidebar, not in the text
        if len(p) < 30 and (_MEDIA_EXT.search(rest) or any(_IMAGE_OPTION.match(o) for o in link.parts)):
            return REMOVED  # [[Datei:x.jpg|mini|…]], [[Video:…|300px|right]]: a picture or a player
    if link.parts:
        label = "|".join(link.parts)
        if not label.strip():
            label = shown  # the pipe trick is expanded when a page is saved; be lenient
    else:
        label = shown.replace("_", " ")
        if inner[:1].isspace():
            label = " " + label
        if inner[-1:].isspace():
            label += " "
    return expand(label, ctx) if ("{{" in label or "[[" in label) else label
