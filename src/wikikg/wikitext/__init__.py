"""Wikitext: titles, fast structural scans, the shared per-page parse, plain-text rendering."""

from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.title import Title, parse_title

__all__ = ["ParsedPage", "Title", "parse_title"]
