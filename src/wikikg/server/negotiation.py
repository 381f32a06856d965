"""HTTP content and language negotiation (RFC 9110 §12.5.1 Accept, §12.5.4 Accept-Language)."""

from __future__ import annotations

from collections.abc import Sequence


def _weighted(header: str | None) -> list[tuple[str, float, int]]:
    """``(value, q, position)`` for each element of an Accept-style header, q > 0 only."""
    out = []
    for pos, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        value = fields[0].lower()
        if not value:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            out.append((value, q, pos))
    return out


def best_media_type(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers; ``offered[0]`` for a missing header or ``*/*``.

    Ties go to the more specific range, then to the client's order, then to ours.

    >>> best_media_type("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> best_media_type("application/ld+json", ["text/html", "application/ld+json"])
    'application/ld+json'
    >>> best_media_type("text/turtle;q=0.5, application/n-triples", ["text/html", "text/turtle", "application/n-triples"])
    'application/n-triples'
    >>> best_media_type("image/png", ["text/html"]) is None
    True
    """
    ranges = _weighted(header)
    if not ranges:
        return offered[0] if offered else None
    best: tuple[float, int, int, int] | None = None
    choice = None
    for i, media in enumerate(offered):
        major = media.split("/")[0]
        for value, q, pos in ranges:
            if value == media:
                spec = 2
            elif value == f"{major}/*":
                spec = 1
            elif value == "*/*":
                spec = 0
            else:
                continue
            key = (q, spec, -pos, -i)
            if best is None or key > best:
                best, choice = key, media
    return choice


def preferred_languages(header: str | None) -> list[str]:
    """Language tags in the client's order of preference (``*`` dropped), lower-cased.

    >>> preferred_languages("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5")
    ['fr-ch', 'fr', 'en']
    """
    ranked = sorted(_weighted(header), key=lambda x: (-x[1], x[2]))
    return [v for v, _, _ in ranked if v != "*"]


def choose_language(available: Sequence[str], asked: str | None, header: str | None, fallback: str) -> str | None:
    """The language to show: ``?lang=`` if available, else the best Accept-Language match
    (``fr-ch`` matches ``fr``), else ``fallback``, else the first available.

    >>> choose_language(["en", "fr", "de"], None, "fr-CH, en;q=0.5", "en")
    'fr'
    >>> choose_language(["en", "de"], "de", "fr", "en")
    'de'
    >>> choose_language(["ja"], None, None, "en")
    'ja'
    """
    if not available:
        return None
    by_lower = {a.lower(): a for a in available}
    if asked and asked.lower() in by_lower:
        return by_lower[asked.lower()]
    for tag in preferred_languages(header):
        if tag in by_lower:
            return by_lower[tag]
        base = tag.split("-")[0]
        if base in by_lower:
            return by_lower[base]
    if fallback in by_lower:
        return by_lower[fallback]
    return sorted(available)[0]
