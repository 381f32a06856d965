"""Templates that carry or shape infobox values, per edition, by what they do.

Names are compared after MediaWiki's normalisation (first letter upper case, ``_`` → space) and
then case-folded, so each table lists one spelling.  Sources: each template's documentation page
on its Wikipedia (``Template:Start date``, ``Template:Flagicon``, ``Шаблон:ДатаРождения``,
``Template:Bio`` …) and DBpedia's ``DateTimeParserConfig.templateDateMap``,
``FlagTemplateParserConfig`` and ``DataParserConfig.splitPropertyNodeRegexInfoboxTemplates``
(extraction-framework, core/…/config/dataparser/).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final


def fold(name: str) -> str:
    """The comparison key of a template name: ``Start_date`` → ``start date``."""
    return " ".join(name.replace("_", " ").split()).casefold()


def _names(*names: str) -> frozenset[str]:
    return frozenset(fold(n) for n in names)


# ---- dates ------------------------------------------------------------------------------------
# How a date template holds its date. Positional arguments only are counted (``df=y`` is ignored);
# the order of year, month and day inside a triple is recognised from the numbers themselves
# (a three- or four-digit number is the year) and otherwise taken from ``DMY_FIRST``.
#   "first"  — the date is the first triple                     {{Start date|1944|6|6}}
#   "second" — the second triple (an "as of" or birth date first) {{Birth date and age2|2010|1|1|1961|7|4}}
#   "flag"   — a leading B/N flag picks the first (birth) triple, otherwise the second (death)
#   "both"   — a range: the first and the second triple           {{Start and end dates|1944|6|6|1944|8|30}}
#   "text"   — the first argument is a date written out           {{Birth-date|6 June 1944}}
#   "year"   — the first argument is a year                       {{Birth year and age|1950}}
DATE_TEMPLATES: Final = MappingProxyType({
    **dict.fromkeys(_names(
        # en
        "Birth date", "Birth date and age", "Bda", "Dob", "Death date", "Death date and age", "Dda",
        "Start date", "Start date and age", "End date", "End date and age", "Film date", "Release date",
        "Date", "Dts", "Dtsh", "Date table sorting", "Sort date", "Birth date and given age",
        # fr
        "Date de naissance", "Date de décès", "Date de décès et âge", "Date sport", "Date début", "Date-",
        "Date de naissance-", "Naissance", "Date de création",
        # it
        "Data nascita", "Data di nascita", "Data di morte", "Data", "Morte",
        # es / pt / ca
        "Fecha", "Fecha de nacimiento", "Fecha de muerte", "Fecha de inicio", "Edad", "Dni", "Dnibr",
        "Nascimento", "Falecimento", "Morte", "DataExt", "Dtlink", "Dtext", "Data naixement",
        "Data naixement i edat", "Data defunció", "Data defunció i edat",
        # ru / uk / bg
        "ДатаРождения", "Дата рождения", "ДатаСмерти", "Дата смерти", "Дата", "Родился", "Умер", "Возраст",
        "Дата народження", "Дата смерті", "Дата з віком", "Народився", "Помер", "Дата релізу та вік",
        "Дата на раждане", "Дата на раждане и години", "Дата на смърт", "Дата на смърт и години",
        # nl / cs / pl / sl / sk
        "Geboren", "Geboortedatum", "Overleden", "Overlijdensdatum", "Begindatum", "Einddatum",
        "Datum narození", "Datum narození a věk", "Datum úmrtí", "Datum úmrtí a věk",
        "Data urodzenia", "Data śmierci", "Datum rojstva", "Datum smrti", "Dátum narodenia a vek",
        # ja / zh / ko
        "生年月日と年齢", "生年月日", "没年月日", "出生日期", "逝世日期和年龄", "출생일", "사망일과 나이",
    ), "first"),
    **dict.fromkeys(_names("Birth date and age2", "生年月日と年齢2"), "second"),
    **dict.fromkeys(_names("死亡年月日と没年齢", "死亡年月日と没馬齢", "没年齢", "Death date and given age"),
                    "second"),
    **dict.fromkeys(_names("BirthDeathAge", "NDA", "Naissance décès âge", "Lahirmati"), "flag"),
    **dict.fromkeys(_names("Start and end dates", "Start and end date", "Date range", "Датарождения-смерти"), "both"),
    **dict.fromkeys(_names("Birth-date", "Death-date", "Start-date", "End-date", "Birth-date and age",
                           "Death-date and age", "Start-date and age"), "text"),
    **dict.fromkeys(_names("Birth year and age", "Death year and age", "Birth year", "Death year",
                           "Год рождения", "Год смерти", "Année de naissance et âge", "Année de décès et âge",
                           "Nbay", "NBA Year", "Nhly", "NHL Year"), "year"),
})
# Date templates of these editions write day, month, year (``{{Date de naissance|24|2|1993}}``):
# an all-small triple such as 1|2|3 is read in that order there, year-first elsewhere.
DMY_FIRST: Final = frozenset({"fr", "it", "es", "pt", "ca", "ru", "uk", "bg", "nl", "be", "sr", "hr", "sl"})
# The first argument of a "flag" template that selects the birth date.
BIRTH_FLAGS: Final = frozenset({"b", "n", "birth", "naissance"})
# Templates that turn a date into "approximately": their value is kept as a string.
CIRCA_TEMPLATES: Final = _names("Circa", "C.", "Ca.", "Около", "Близько", "Ca", "Env.", "Vers")

# ---- lists ------------------------------------------------------------------------------------
# Templates whose positional arguments are the items of a list ({{ubl|a|b}}) …
LIST_PARAM_TEMPLATES: Final = _names(
    "Unbulleted list", "Ubl", "Ubil", "Unbullet", "Ublist", "Plainlist/items", "Hlist", "Hlist-comma",
    "Bulleted list", "Blist", "Bullet list", "Ordered list", "Collapsible list", "Clist", "Br separated entries",
    "Comma separated entries", "Enum", "Cslist", "Flatlist/items", "Liste à puces", "Liste horizontale/items",
    "Список", "Плоский список/элементы", "Сноски списком",
)
# … and those holding one argument with a bullet list inside ({{plainlist|\n* a\n* b}}).
LIST_BODY_TEMPLATES: Final = _names(
    "Plainlist", "Plain list", "Flatlist", "Flat list", "Indented plainlist", "Startflatlist", "Startplainlist",
    "Liste horizontale", "Liste non numérotée", "Плоский список", "Простий список", "Cassetto", "Collapsed",
)
# Templates standing between two items (a line break or a list dot).
SEPARATOR_TEMPLATES: Final = _names("Br", "Break", "Clr", "·", "•", "*", "Dot", "Middot", "Bull", "Wbr", "Endflatlist",
                                    "Endplainlist", "Nbsp dot", "Spaced ndash")

# ---- resources ----------------------------------------------------------------------------------
# Flag templates naming a country by its title: template → what the reader sees.
#   "name": the country's name, linked ({{flag|Germany}}); "icon": only the flag ({{flagicon|Germany}})
FLAG_TEMPLATES: Final = MappingProxyType({
    **dict.fromkeys(_names("Flag", "Flagcountry", "Flag country", "Flagu", "Flaglink", "Flagdeco text",
                           "Army", "Navy", "Air force", "Naval", "Flagbig", "Флагификация", "Флаг страны",
                           "Прапорець країни", "Drapeau2", "Drapeaux", "Bandera2"), "name"),
    **dict.fromkeys(_names("Flagicon", "Flag icon", "Flagdeco", "Flagicon2", "Флаг", "Прапорець",
                           "Прапорець20", "Drapeau", "Bandiera", "Band"), "icon"),
})
# Country names under which a flag template's argument is known, where it is not the article's
# title (``Template:Country data …`` redirects on en.wikipedia).
FLAG_ALIASES: Final = MappingProxyType({
    "en": {"USA": "United States", "US": "United States", "United States of America": "United States",
           "UK": "United Kingdom", "GBR": "United Kingdom", "UKGBI": "United Kingdom of Great Britain and Ireland",
           "USSR": "Soviet Union", "URS": "Soviet Union", "UAE": "United Arab Emirates",
           "PRC": "China", "ROC": "Republic of China", "DPRK": "North Korea", "ROK": "South Korea",
           "NZ": "New Zealand", "Nazi Germany": "Nazi Germany", "West Germany": "West Germany",
           "British Raj": "British Raj", "Empire of Japan": "Empire of Japan"},
})
# Templates that are a link to a local title, in another wiki's translation ({{ill|Title|de|Titel}}).
INTERLANGUAGE_LINK_TEMPLATES: Final = _names("Ill", "Interlanguage link", "Interlanguage link multi", "Iw",
                                             "Не переведено", "Не перекладено", "仮リンク", "Link-interwiki",
                                             "Lien", "Ill2")

# ---- decorations and footnotes ----------------------------------------------------------------
# Icons that qualify a value without being part of it (trend arrows, killed-in-action marks):
# ignored when the value is typed.
DECORATION_TEMPLATES: Final = _names(
    "Increase", "Decrease", "Steady", "Profit", "Loss", "IncreaseNegative", "DecreaseNegative",
    "Increase positive", "Decrease negative", "Up", "Down", "Gain", "KIA", "DOW", "POW", "WIA", "MIA",
    "Executed", "Surrendered", "Died in captivity", "Dagger", "Double dagger", "†", "Ref label",
    "Рост", "Падение", "Увеличение", "Уменьшение", "Повышение", "Понижение", "Снижение", "Без изменений",
    "Збільшення", "Зменшення", "Зростання", "Падіння", "Hausse", "Baisse", "Stable", "Aumento", "Diminuzione",
    "Stabile", "Zunahme", "Abnahme", "Steigerung", "Gleichstand",
    # flag pictures given by file name: an image, no country to name
    "Flagicon image", "Flag icon image", "Flagdeco image", "Flagimage",
)
# Footnote and citation-need templates: removed with their content, like ``<ref>``.
FOOTNOTE_TEMPLATES: Final = _names(
    "Efn", "Efn-ua", "Efn-lr", "Efn-la", "Efn2", "Sfn", "Sfnm", "Sfnp", "Sfnref", "SfnRef", "Harvnb", "Harv",
    "Harvp", "Refn", "Ref", "R", "Rp", "Note", "NoteTag", "Notetag", "Note label", "Ref label", "Refnest",
    "Citation needed", "Cn", "Fact", "Clarify", "Dubious", "When", "Who", "Which", "By whom",
    "According to whom", "Failed verification", "Page needed", "Verify source", "Better source",
    "Better source needed", "Inconsistent", "Unreliable source?", "Specify", "Vague", "Year needed",
    "Примечание", "Нет АИ", "Источник?", "Уточнить", "Комм.", "Sfn-ru", "Джерело?", "Уточніть",
    "Citation nécessaire", "Réf. nécessaire", "Refnec", "Nota", "Senza fonte", "Cn-it", "Nota disambigua",
    "要出典", "要出典範囲", "Refnest", "Efn2", "Ref-en", "Ref-ru", "Ref-de", "Ref-fr", "Ref-es", "Ref-pt", "Ref-eo",
    "En icon", "Ru icon", "Ar icon", "De icon", "Fr icon", "Webarchive", "Wayback",
)

# ---- numbers -------------------------------------------------------------------------------
# Templates showing their first argument as a formatted number ({{nts|30000}} → 30,000).
NUMBER_TEMPLATES: Final = _names("Nts", "Ntsh", "Number table sorting", "Nowrap number", "Число", "Zahl", "Nombre",
                                 "Formatnum", "Val", "Num", "Число/формат", "Число2")
# Templates showing their argument unchanged (wrappers for layout or language).
TRANSPARENT_TEMPLATES: Final = _names(
    "Nowrap", "Nobr", "Nobreak", "Small", "Smaller", "Big", "Larger", "Resize", "Center", "Centre", "Midsize",
    "Noitalic", "Nobold", "Sic", "Nowrap begin", "Abbr", "Tooltip", "Hover title", "Sup", "Sub", "Color",
    "Colour", "Font color", "Nwr", "Bold", "Italic", "Оформление", "Nobr-ru", "Не переносить", "Неразрывно",
    "Нобр", "Spaces", "Nbsp", "Space",
)
# Language templates: the text they wrap is in another language ({{lang|de|Berlin}}, {{lang-de|Berlin}}).
LANG_TEMPLATES: Final = _names("Lang", "Langx", "Transl", "Transliteration", "Native name", "Nativename",
                               "Нп", "Langue", "Lang2", "Polytonic")
