"""Wikipedia's language editions: the codes that name an edition and serve as interwiki prefixes.

Source: Wikimedia's list of Wikipedias (meta.wikimedia.org/wiki/List_of_Wikipedias), the
``wgLanguageCode`` of each edition; plus the special wikis DBpedia extracts (commons, wikidata).
``[[de:Berlin]]`` in an article is an interlanguage link because ``de`` is one of these codes.
"""

from __future__ import annotations

import re

WIKIPEDIA_LANGUAGES: frozenset[str] = frozenset(
    ["aa", "ab", "ace", "ady", "af", "ak", "als", "alt", "am", "ami", "an", "ang", "anp", "ar", "arc", "ary", "arz", "as", "ast", "atj", "av", "avk", "awa", "ay", "az", "azb", "ba", "ban", "bar", "bat-smg", "bbc", "bcl", "be", "be-tarask", "be-x-old", "bg", "bh", "bi", "bjn", "blk", "bm", "bn", "bo", "bpy", "br", "bs", "bug", "bxr", "ca", "cbk-zam", "cdo", "ce", "ceb", "ch", "cho", "chr", "chy", "ckb", "co", "cr", "crh", "cs", "csb", "cu", "cv", "cy", "da", "dag", "de", "din", "diq", "dsb", "dty", "dv", "dz", "ee", "el", "eml", "en", "eo", "es", "et", "eu", "ext", "fa", "fat", "ff", "fi", "fiu-vro", "fj", "fo", "fon", "fr", "frp", "frr", "fur", "fy", "ga", "gag", "gan", "gcr", "gd", "gl", "glk", "gn", "gom", "gor", "got", "gpe", "gsw", "gu", "guc", "gur", "guw", "gv", "ha", "hak", "haw", "he", "hi", "hif", "ho", "hr", "hsb", "ht", "hu", "hy", "hyw", "hz", "ia", "id", "ie", "ig", "ii", "ik", "ilo", "inh", "io", "is", "it", "iu", "ja", "jam", "jbo", "jv", "ka", "kaa", "kab", "kbd", "kbp", "kcg", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "koi", "kr", "krc", "ks", "ksh", "ku", "kv", "kw", "ky", "la", "lad", "lb", "lbe", "lez", "lfn", "lg", "li", "lij", "lld", "lmo", "ln", "lo", "lrc", "lt", "ltg", "lv", "lzh", "mad", "mai", "map-bms", "mdf", "mg", "mh", "mhr", "mi", "min", "mk", "ml", "mn", "mni", "mnw", "mo", "mr", "mrj", "ms", "mt", "mus", "mwl", "my", "myv", "mzn", "na", "nah", "nan", "nap", "nds", "nds-nl", "ne", "new", "ng", "nia", "nl", "nn", "no", "nov", "nqo", "nr", "nrm", "nso", "nv", "ny", "oc", "olo", "om", "or", "os", "pa", "pag", "pam", "pap", "pcd", "pcm", "pdc", "pfl", "pi", "pih", "pl", "pms", "pnb", "pnt", "ps", "pt", "pwn", "qu", "rm", "rmy", "rn", "ro", "roa-rup", "roa-tara", "ru", "rue", "rw", "sa", "sah", "sat", "sc", "scn", "sco", "sd", "se", "sg", "sh", "shi", "shn", "si", "simple", "sk", "skr", "sl", "sm", "smn", "sn", "so", "sq", "sr", "srn", "ss", "st", "stq", "su", "sv", "sw", "szl", "szy", "ta", "tay", "tcy", "te", "tet", "tg", "th", "ti", "tk", "tl", "tly", "tn", "to", "tpi", "tr", "trv", "ts", "tt", "tum", "tw", "ty", "tyv", "udm", "ug", "uk", "ur", "uz", "ve", "vec", "vep", "vi", "vls", "vo", "wa", "war", "wo", "wuu", "xal", "xh", "xmf", "yi", "yo", "yue", "za", "zea", "zgh", "zh", "zh-classical", "zh-min-nan", "zh-yue", "zu"]
)

# Wikis that are not language editions but are extracted the same way.
SPECIAL_WIKIS: frozenset[str] = frozenset({"commons", "wikidata", "meta", "species", "mediawiki"})

_DB_NAME = re.compile(r"^([a-z][a-z0-9_-]*?)wiki(?:[-_.]|$)")


def is_language(code: str) -> bool:
    """``True`` for a Wikipedia edition's language code, e.g. ``"de"``, ``"zh-yue"``.

    >>> is_language("de"), is_language("zh-min-nan"), is_language("Category")
    (True, True, False)
    """
    return code.lower() in WIKIPEDIA_LANGUAGES


def language_from_filename(name: str) -> str | None:
    """The edition a Wikimedia dump file name names, or ``None``.

    >>> language_from_filename("dewiki-20240101-pages-articles.xml.bz2")
    'de'
    >>> language_from_filename("zh_yuewiki.xml.bz2")
    'zh-yue'
    >>> language_from_filename("friends_fandom_pages_current.xml.bz2") is None
    True
    """
    base = name.rsplit("/", 1)[-1].lower()
    m = _DB_NAME.match(base)
    if not m:
        return None
    code = m.group(1).replace("_", "-")
    if code in WIKIPEDIA_LANGUAGES or code in SPECIAL_WIKIS:
        return code
    return None


def language_from_dbname(dbname: str | None) -> str | None:
    """``enwiki`` → ``en``; ``zh_min_nanwiki`` → ``zh-min-nan``; anything else → ``None``."""
    if not dbname:
        return None
    return language_from_filename(dbname)


# Language tags for editions whose code is not the BCP 47 tag of their language
# (DBpedia's Language.scala maps wiki codes to ISO codes the same way).
_LANG_TAGS = {
    "simple": "en",
    "commons": "en",
    "wikidata": "en",
    "meta": "en",
    "species": "en",
    "mediawiki": "en",
    "zh-min-nan": "nan",
    "zh-yue": "yue",
    "zh-classical": "lzh",
    "be-x-old": "be-tarask",
    "bat-smg": "sgs",
    "roa-rup": "rup",
    "fiu-vro": "vro",
    "nds-nl": "nds-NL",
    "roa-tara": "nap-x-tara",
    "map-bms": "jv-x-bms",
    "cbk-zam": "cbk",
}


def lang_tag(code: str) -> str:
    """The language tag the literals of an edition carry.

    >>> lang_tag("de"), lang_tag("simple"), lang_tag("zh-yue")
    ('de', 'en', 'yue')
    """
    return _LANG_TAGS.get(code, code)
