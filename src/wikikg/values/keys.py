"""What a parameter's name says about its value: an identifier (``isbn``, ``postal_code``, ja
``電話番号`` — read as a string, digits and all) or a year or date (``birth_year``, it
``AnnoNascita`` — a bare number is a year).

Key words come from the infobox documentation of each edition; English key names are used in
every edition.  DBpedia has no such hints: it reads "73001702" of ``refnum`` as an integer and
"1" out of an InChI.

>>> hints = KeyHints("it")
>>> hints.of("AnnoNascita"), hints.of("cap"), hints.of("Attività")
((False, True), (True, False), (False, False))
>>> KeyHints("ja").of("国際電話番号"), KeyHints("ja").of("人口統計年"), KeyHints("ja").of("年齢")
((True, False), (False, True), (False, False))
"""

from __future__ import annotations

import re

# Keys that name identifiers and codes: their values stay strings, digits and all. English key
# names are used in every edition; each edition adds its own (from its infobox documentation).
_ID_WORDS = ("isbn", "issn", "oclc", "lccn", "doi", "inchi", "stdinchi", "inchikey", "stdinchikey", "smiles",
             "cas", "cas number", "casno", "pubchem", "chemspider", "unii", "kegg", "chebi", "chembl", "atc code",
             "ec number", "e number", "rtecs", "phone", "telephone", "tel", "fax", "zip", "zipcode", "zip code",
             "postal code", "postcode", "post code", "iata", "icao", "faa", "iso", "iso code", "iso 3166",
             "callsign", "call sign", "imo", "mmsi", "code", "area code", "calling code", "viaf", "gnd", "orcid",
             "imdb", "id", "identifier", "fips", "gnis", "geonames", "nuts", "lau", "refnum", "ssn")
_ID_WORDS_LANG: dict[str, tuple[str, ...]] = {
    "de": ("plz", "kfz", "gemeindeschlüssel", "vorwahl", "telefonvorwahl"),
    "it": ("cap", "codice", "codice istat", "codice catastale", "prefisso"),
    "fr": ("code postal", "insee", "code commune", "indicatif"),
    "es": ("código postal", "código", "prefijo"), "pt": ("código postal", "cep", "código"),
    "nl": ("postcode", "netnummer"), "pl": ("kod pocztowy", "terc", "simc", "tablice rejestracyjne"),
    "ru": ("код", "индекс", "почтовый индекс", "телефонный код", "окато", "октмо", "огрн", "инн"),
    "uk": ("код", "індекс", "поштовий індекс", "телефонний код", "коатуу"),
    "ja": ("コード", "郵便番号", "電話番号", "市町村コード", "外部電話番号"), "zh": ("邮政编码", "电话区号", "代码"),
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Words of keys that mark a value as a year or a date, so that a bare number is a year
# ("AnnoNascita = 12", "birth_year = 1912"); matched inside the key, short ones as whole words.
_YEAR_WORDS = ("year", "date")
_YEAR_WORDS_LANG: dict[str, tuple[str, ...]] = {
    "it": ("anno", "data"), "de": ("jahr", "datum"), "fr": ("année", "annee"), "es": ("año", "fecha"),
    "pt": ("ano", "data"), "ca": ("any", "data"), "nl": ("jaar", "datum"), "sv": ("år", "datum"),
    "da": ("år", "dato"), "no": ("år", "dato"), "pl": ("rok", "data"), "cs": ("rok", "datum"),
    "ru": ("год", "дата"), "uk": ("рік", "дата"), "be": ("год", "дата"), "bg": ("година", "дата"),
    "ja": ("年", "日付", "年月日"), "zh": ("年", "日期"), "ko": ("연도", "날짜"), "fi": ("vuosi", "päivä"),
}


def _alternation(words: set[str]) -> str:
    """Words as a key's last words: Latin or Cyrillic ones whole, CJK ones as the key's ending
    ("国際電話番号" ends with "電話番号", "人口統計年" with "年")."""
    spaced = sorted((w for w in words if not _CJK.search(w)), key=len, reverse=True)
    glued = sorted((w for w in words if _CJK.search(w)), key=len, reverse=True)
    parts = []
    if spaced:
        parts.append(r"(?:^|\s)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s") for w in spaced) + ")")
    if glued:
        parts.append("(?:" + "|".join(map(re.escape, glued)) + ")")
    return "(?:" + "|".join(parts) + ")"


def key_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    identifier = re.compile(_alternation({*_ID_WORDS, *_ID_WORDS_LANG.get(lang, ())}) + "$")
    words = {*_YEAR_WORDS, *_YEAR_WORDS_LANG.get(lang, ())}
    # year words may stand anywhere in a key ("AnnoNascita", "year_of_birth"), short Latin ones as
    # whole words ("ano" not in "piano"), CJK ones at its end ("設立年", not "年齢")
    inside = sorted(w for w in words if len(w) >= 4 and not _CJK.search(w))
    whole = sorted(w for w in words if len(w) < 4 and not _CJK.search(w))
    alternatives = [re.escape(w) for w in inside]
    if whole:
        alternatives.append(r"(?:^|\s)(?:" + "|".join(map(re.escape, whole)) + r")(?:\s|$)")
    cjk = sorted(w for w in words if _CJK.search(w))
    if cjk:
        alternatives.append("(?:" + "|".join(map(re.escape, cjk)) + ")$")
    return identifier, re.compile("|".join(alternatives))


def key_forms(key: str) -> tuple[str, str]:
    """The words of a key — lower case, ``_``/``-`` → space, trailing number dropped — as written
    and with camelCase split ("AnnoNascita" → "anno nascita")."""
    def words(k: str) -> str:
        return re.sub(r"\s*\d+$", "", " ".join(re.split(r"[\s_\-]+", k.lower()))).strip()

    return words(key), words(re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])", " ", key.strip()))


class KeyHints:
    """(names an identifier, names a year or date) for the keys of one edition, remembered per key."""

    def __init__(self, lang: str) -> None:
        self._identifier, self._year = key_patterns(lang)
        self._known: dict[str, tuple[bool, bool]] = {}

    def of(self, key: str | None) -> tuple[bool, bool]:
        if not key:
            return False, False
        found = self._known.get(key)
        if found is None:
            forms = key_forms(key)
            found = (any(self._identifier.search(k) for k in forms), any(self._year.search(k) for k in forms))
            if len(self._known) < 50_000:  # a cache of a pure function, bounded
                self._known[key] = found
        return found
