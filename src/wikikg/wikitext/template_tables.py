"""Tables behind :mod:`wikikg.wikitext.inline_templates`.

Sources: the templates' documentation pages on the editions named (``Template:Lang-de``,
``Template:Nowrap`` … on en.wikipedia.org), ISO 639 for language names.
"""

from __future__ import annotations

# Templates listing their positional arguments, one item each ({{ubl|a|b}}, {{hlist|a|b}}).
LIST_TEMPLATES: tuple[str, ...] = (
    "unbulleted list", "ubl", "ubil", "hlist", "bulleted list", "bull list", "ordered list", "collapsible list",
    "plain list", "unbulleted list citebundle", "endash list", "flatlist items",
)

# Templates whose first argument is the text they show (styling, grouping, no-break wrappers).
WRAPPERS: tuple[str, ...] = (
    "nowrap", "nobr", "nobreak", "no wrap", "small", "smaller", "big", "larger", "large", "huge",
    "sc", "smallcaps", "small caps", "sc1", "sc2", "allcaps", "caps", "sup", "sub", "su", "em",
    "strong", "abbr", "abbrlink", "tooltip", "underline", "u", "strikethrough", "s-", "bold", "italic",
    "ital", "noitalic", "nobold", "not a typo", "as written", "proper name", "linktext",
    "highlight", "mark", "ill", "interlanguage link", "interlanguage link multi", "ill2",
    "plainlist", "flatlist", "title case", "keep together",
    "nowraplinks", "center", "centre", "left", "right", "blockquote", "quote", "cquote", "poem quote",
    "script", "angbr", "bracket", "brackets", "small-caps", "noprint", "vanchor", "anchor text",
    "coloured", "colored", "pad", "lang-x", "wikt-lang", "spaced en dash", "code", "mono",
    "kbd", "var", "samp", "math", "mvar", "tmath", "unicode", "polytonic", "rtl-lang",
    "script/arabic", "script/hebrew", "transl-x", "smallsup", "nobold", "small caps all",
    # other editions
    "bj", "sp", "кратко", "comment", "仮リンク", "interlang", "ill-wd", "lnobr",
)

MONTHS_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

# ISO 639 code → the English language name en.wikipedia's {{lang-xx}} shows ("German: Berlin").
LANGUAGE_NAMES_EN: dict[str, str] = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "arc": "Aramaic", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bo": "Tibetan", "br": "Breton",
    "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian",
    "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fo": "Faroese", "fr": "French",
    "fy": "West Frisian", "ga": "Irish", "gd": "Scottish Gaelic", "gl": "Galician",
    "grc": "Ancient Greek", "gsw": "Swiss German", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "ko": "Korean",
    "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi",
    "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian Nynorsk", "no": "Norwegian", "nb": "Norwegian Bokmål", "oc": "Occitan",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sa": "Sanskrit", "sh": "Serbo-Croatian", "si": "Sinhala", "sk": "Slovak",
    "sl": "Slovene", "so": "Somali", "sq": "Albanian", "aln": "Gheg Albanian", "als": "Tosk Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik", "th": "Thai", "tk": "Turkmen",
    "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "yi": "Yiddish", "zh": "Chinese", "zu": "Zulu", "ang": "Old English",
    "non": "Old Norse", "got": "Gothic", "syc": "Syriac", "ota": "Ottoman Turkish",
    "ber": "Berber", "kab": "Kabyle", "haw": "Hawaiian", "mi": "Māori", "sm": "Samoan",
    "yue": "Cantonese", "nan": "Hokkien", "hak": "Hakka", "egy": "Egyptian", "akk": "Akkadian",
    "sux": "Sumerian", "peo": "Old Persian", "pi": "Pali", "ett": "Etruscan", "gmh": "Middle High German",
    "goh": "Old High German", "fro": "Old French", "frm": "Middle French", "enm": "Middle English",
    "sco": "Scots", "kw": "Cornish", "gv": "Manx", "co": "Corsican", "sc": "Sardinian",
    "scn": "Sicilian", "nap": "Neapolitan", "vec": "Venetian", "lmo": "Lombard", "fur": "Friulian",
    "rm": "Romansh", "lij": "Ligurian", "wa": "Walloon", "li": "Limburgish", "nds": "Low German",
    "hsb": "Upper Sorbian", "dsb": "Lower Sorbian", "csb": "Kashubian", "rue": "Rusyn",
    "ce": "Chechen", "os": "Ossetian", "ba": "Bashkir", "cv": "Chuvash", "sah": "Yakut",
    "ug": "Uyghur", "ckb": "Central Kurdish", "kmr": "Kurmanji", "ha": "Hausa", "yo": "Yoruba",
    "ig": "Igbo", "xh": "Xhosa", "ti": "Tigrinya", "mg": "Malagasy", "jv": "Javanese",
    "su": "Sundanese", "ceb": "Cebuano", "war": "Waray", "ilo": "Ilocano", "fil": "Filipino",
    "lo": "Lao", "dv": "Dhivehi", "gu": "Gujarati", "kn": "Kannada", "or": "Odia", "as": "Assamese",
    "sd": "Sindhi", "ks": "Kashmiri", "bh": "Bhojpuri", "mai": "Maithili", "new": "Newar",
    "iu": "Inuktitut", "kl": "Greenlandic", "se": "Northern Sami", "fit": "Meänkieli",
    "ltg": "Latgalian", "sgs": "Samogitian", "liv": "Livonian", "crh": "Crimean Tatar",
    "qu": "Quechua", "gn": "Guarani", "ay": "Aymara", "nv": "Navajo", "chr": "Cherokee",
    "ht": "Haitian Creole", "pap": "Papiamento", "tpi": "Tok Pisin", "bi": "Bislama",
    "ia": "Interlingua", "io": "Ido", "vo": "Volapük", "jbo": "Lojban", "lad": "Ladino",
    "zh-hans": "Chinese", "zh-hant": "Chinese", "sr-latn": "Serbian", "sr-cyrl": "Serbian",
    "pt-br": "Brazilian Portuguese", "en-gb": "British English", "en-us": "American English",
}


# How {{lang-xx|…}} introduces foreign text in editions other than English: a format and the
# language names or abbreviations it uses (ruwiki ``Шаблон:Lang-de`` → "нем. Berlin", zhwiki
# ``Template:Lang-de`` → "德语：Berlin", jawiki → "ドイツ語: Berlin", kowiki ``틀:Llang`` →
# "독일어: Berlin").  Codes not listed show the text alone.
LANG_LABELS: dict[str, tuple[str, dict[str, str]]] = {
    "ru": ("{name} {text}", {
        "en": "англ.", "de": "нем.", "fr": "фр.", "it": "итал.", "es": "исп.", "la": "лат.", "pl": "польск.",
        "uk": "укр.", "el": "греч.", "grc": "др.-греч.", "ja": "яп.", "zh": "кит.", "ar": "араб.",
        "he": "ивр.", "tr": "тур.", "pt": "порт.", "nl": "нидерл.", "sv": "швед.", "fi": "фин.",
        "cs": "чеш.", "be": "белор.", "lt": "лит.", "lv": "латыш.", "et": "эст.", "ka": "груз.",
        "hy": "арм.", "az": "азерб.", "kk": "каз.", "fa": "перс.", "ko": "кор.",
    }),
    "uk": ("{name} {text}", {
        "en": "англ.", "de": "нім.", "fr": "фр.", "it": "італ.", "es": "ісп.", "la": "лат.", "pl": "пол.",
        "ru": "рос.", "el": "гр.", "grc": "дав.-гр.", "ja": "яп.", "zh": "кит.", "ar": "араб.",
        "he": "івр.", "tr": "тур.", "pt": "порт.", "nl": "нід.", "sv": "швед.", "fi": "фін.",
        "cs": "чес.", "be": "біл.", "lt": "лит.", "lv": "латис.", "et": "ест.", "ka": "груз.",
        "hy": "вірм.", "az": "азерб.", "kk": "каз.", "fa": "перс.", "eo": "есп.", "ko": "кор.",
    }),
    "zh": ("{name}：{text}", {
        "en": "英语", "de": "德语", "fr": "法语", "ja": "日语", "ru": "俄语", "la": "拉丁语",
        "es": "西班牙语", "it": "意大利语", "ko": "韩语", "pt": "葡萄牙语", "ar": "阿拉伯语",
        "el": "希腊语", "nl": "荷兰语",
    }),
    "ja": ("{name}: {text}", {
        "en": "英語", "de": "ドイツ語", "fr": "フランス語", "la": "ラテン語", "ru": "ロシア語",
        "it": "イタリア語", "es": "スペイン語", "zh": "中国語", "ko": "朝鮮語", "pt": "ポルトガル語",
        "el": "ギリシア語", "ar": "アラビア語", "nl": "オランダ語",
    }),
    "ko": ("{name}: {text}", {
        "de": "독일어", "en": "영어", "fr": "프랑스어", "ja": "일본어", "zh": "중국어", "ru": "러시아어",
        "la": "라틴어", "es": "스페인어", "it": "이탈리아어", "pt": "포르투갈어", "el": "그리스어",
        "ar": "아랍어", "nl": "네덜란드어",
    }),
}
