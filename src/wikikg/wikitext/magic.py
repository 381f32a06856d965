"""Per-language magic words that change what a page is: redirects.

Source: MediaWiki ``languages/messages/Messages*.php``, ``$magicWords['redirect']``.  English
``#REDIRECT`` is accepted in every language, as MediaWiki does.
"""

from __future__ import annotations

import re

REDIRECT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("#REDIRECT",),
    "de": ("#WEITERLEITUNG",),
    "fr": ("#REDIRECTION",),
    "it": ("#RINVIA", "#RINVIO", "#RIMANDO"),
    "es": ("#REDIRECCIÓN", "#REDIRECCION"),
    "pt": ("#REDIRECIONAMENTO", "#REDIR"),
    "nl": ("#DOORVERWIJZING",),
    "pl": ("#PATRZ", "#PRZEKIERUJ", "#TAM"),
    "ru": ("#ПЕРЕНАПРАВЛЕНИЕ", "#ПЕРЕНАПР"),
    "uk": ("#ПЕРЕНАПРАВЛЕННЯ", "#ПЕРЕНАПР"),
    "bg": ("#пренасочване", "#виж"),
    "cs": ("#PŘESMĚRUJ",),
    "sv": ("#OMDIRIGERING",),
    "fi": ("#OHJAUS", "#UUDELLEENOHJAUS"),
    "hu": ("#ÁTIRÁNYÍTÁS",),
    "tr": ("#YÖNLENDİRME", "#YÖNLENDİR"),
    "ar": ("#تحويل",),
    "fa": ("#تغییر_مسیر", "#تغییرمسیر"),
    "he": ("#הפניה",),
    "ja": ("#転送", "#リダイレクト"),
    "zh": ("#重定向",),
    "ko": ("#넘겨주기",),
    "el": ("#ΑΝΑΚΑΤΕΥΘΥΝΣΗ",),
    "hy": ("#ՎԵՐԱՀՂՈՒՄ",),
    "vi": ("#ĐỔI",),
    "id": ("#ALIH",),
    "ca": ("#REDIRECCIÓ",),
}

_CACHE: dict[str, re.Pattern[str]] = {}


def redirect_pattern(lang: str) -> re.Pattern[str]:
    """A regex matching a redirect at the start of a page's text; group 1 is the target."""
    pat = _CACHE.get(lang)
    if pat is None:
        words = {"#REDIRECT", *REDIRECT_WORDS.get(lang, ())}
        alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        pat = re.compile(rf"^\s*(?:{alt})\s*:?\s*\[\[([^\]|\n]+)(?:\|[^\]]*)?\]\]", re.I)
        _CACHE[lang] = pat
    return pat
