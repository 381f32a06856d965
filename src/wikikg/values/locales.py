"""Per-language words and conventions the value parsers need: month names, eras, number separators,
magnitude words, list conjunctions.

Sources
-------
* Month names (nominative and, where the language inflects them in dates, genitive/partitive
  forms and common abbreviations): Unicode CLDR v44 ``main/<lang>/ca-gregorian.xml``
  (``months/format`` and ``months/stand-alone``, wide and abbreviated), cross-checked with
  DBpedia's ``DateTimeParserConfig.monthsMap`` (extraction-framework, core/…/config/dataparser/).
* Era markers: DBpedia ``DateTimeParserConfig.eraStrMap``, completed from CLDR ``eras`` and the
  usage of each Wikipedia's date templates (``до н. э.``, ``a.C.``, ``紀元前`` …).
* Decimal and grouping separators: CLDR ``numbers/symbols[@numberSystem="latn"]`` of each
  language; every edition also accepts a space (or no-break / narrow no-break space) as grouping
  separator when its decimal separator is a comma, as Wikipedia's style guides of those
  editions prescribe (fr "50 183", ru "65 301").
* Magnitude words: the short-scale names used by each edition's number formatting templates
  (en ``{{format price}}``, ru ``{{число}}``, de ``{{Zahl}}``) and CLDR ``decimalFormats-short``.

Languages without an entry fall back to English words and the English separators, as DBpedia does.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

_M = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december")


def _months(*rows: str) -> dict[str, int]:
    """Each row lists twelve names (space-separated, ``_`` inside a name) for months 1–12."""
    out: dict[str, int] = {}
    for row in rows:
        names = row.split()
        if len(names) != 12:
            raise ValueError(f"a month row needs 12 names: {row!r}")
        for i, name in enumerate(names, 1):
            if name != "-":
                out[name.replace("_", " ")] = i
    return out


MONTHS: Final = MappingProxyType({
    "en": _months(" ".join(_M), "jan feb mar apr - jun jul aug sep oct nov dec",
                  "- - - - - - - - sept - - -"),
    "de": _months("januar februar märz april mai juni juli august september oktober november dezember",
                  "jänner feber maerz - - - - - - - - -",
                  "jan feb mär apr - jun jul aug sep okt nov dez", "- - - - - - - - sept - - -"),
    "fr": _months("janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
                  "- fevrier - - - - - aout - - - decembre",
                  "janv févr - avr - - juil - sept oct nov déc"),
    "it": _months("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
                  "gen feb mar apr mag giu lug ago set ott nov dic"),
    "es": _months("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
                  "- - - - - - - - setiembre - - -", "ene feb mar abr may jun jul ago sep oct nov dic"),
    "pt": _months("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
                  "jan fev mar abr mai jun jul ago set out nov dez"),
    "ca": _months("gener febrer març abril maig juny juliol agost setembre octubre novembre desembre"),
    "gl": _months("xaneiro febreiro marzo abril maio xuño xullo agosto setembro outubro novembro decembro"),
    "eu": _months("urtarrila otsaila martxoa apirila maiatza ekaina uztaila abuztua iraila urria azaroa abendua",
                  "urtarrilaren otsailaren martxoaren apirilaren maiatzaren ekainaren uztailaren abuztuaren "
                  "irailaren urriaren azaroaren abenduaren"),
    "nl": _months("januari februari maart april mei juni juli augustus september oktober november december",
                  "jan feb mrt apr - jun jul aug sep okt nov dec"),
    "af": _months("januarie februarie maart april mei junie julie augustus september oktober november desember"),
    "sv": _months("januari februari mars april maj juni juli augusti september oktober november december"),
    "no": _months("januar februar mars april mai juni juli august september oktober november desember"),
    "nb": _months("januar februar mars april mai juni juli august september oktober november desember"),
    "nn": _months("januar februar mars april mai juni juli august september oktober november desember"),
    "da": _months("januar februar marts april maj juni juli august september oktober november december"),
    "is": _months("janúar febrúar mars apríl maí júní júlí ágúst september október nóvember desember"),
    "fi": _months("tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu "
                  "marraskuu joulukuu",
                  "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta "
                  "syyskuuta lokakuuta marraskuuta joulukuuta"),
    "et": _months("jaanuar veebruar märts aprill mai juuni juuli august september oktoober november detsember"),
    "lv": _months("janvāris februāris marts aprīlis maijs jūnijs jūlijs augusts septembris oktobris novembris "
                  "decembris",
                  "janvārī februārī martā aprīlī maijā jūnijā jūlijā augustā septembrī oktobrī novembrī decembrī"),
    "lt": _months("sausis vasaris kovas balandis gegužė birželis liepa rugpjūtis rugsėjis spalis lapkritis gruodis",
                  "sausio vasario kovo balandžio gegužės birželio liepos rugpjūčio rugsėjo spalio lapkričio "
                  "gruodžio"),
    "pl": _months("styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
                  "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
                  "grudnia"),
    "cs": _months("leden únor březen duben květen červen červenec srpen září říjen listopad prosinec",
                  "ledna února března dubna května června července srpna - října listopadu prosince"),
    "sk": _months("január február marec apríl máj jún júl august september október november december",
                  "januára februára marca apríla mája júna júla augusta septembra októbra novembra decembra"),
    "sl": _months("januar februar marec april maj junij julij avgust september oktober november december",
                  "januarja februarja marca aprila maja junija julija avgusta septembra oktobra novembra decembra"),
    "hr": _months("siječanj veljača ožujak travanj svibanj lipanj srpanj kolovoz rujan listopad studeni prosinac",
                  "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga "
                  "prosinca"),
    "sr": _months("јануар фебруар март април мај јун јул август септембар октобар новембар децембар",
                  "januar februar mart april maj jun jul avgust septembar oktobar novembar decembar"),
    "bs": _months("januar februar mart april maj juni juli august septembar oktobar novembar decembar"),
    "hu": _months("január február március április május június július augusztus szeptember október november "
                  "december", "jan febr márc ápr máj jún júl aug szept okt nov dec"),
    "ro": _months("ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie "
                  "decembrie"),
    "tr": _months("ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık"),
    "el": _months("ιανουάριος φεβρουάριος μάρτιος απρίλιος μάιος ιούνιος ιούλιος αύγουστος σεπτέμβριος "
                  "οκτώβριος νοέμβριος δεκέμβριος",
                  "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου "
                  "οκτωβρίου νοεμβρίου δεκεμβρίου", "- - - - μαίου - - - - - - -"),
    "ru": _months("январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
                  "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
                  "янв фев мар апр - июн июл авг сен окт ноя дек", "- февр - - - - - - сент - нояб -"),
    "uk": _months("січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень",
                  "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня"),
    "be": _months("студзень люты сакавік красавік травень чэрвень ліпень жнівень верасень кастрычнік лістапад "
                  "снежань",
                  "студзеня лютага сакавіка красавіка траўня чэрвеня ліпеня жніўня верасня кастрычніка "
                  "лістапада снежня"),
    "bg": _months("януари февруари март април май юни юли август септември октомври ноември декември"),
    "mk": _months("јануари февруари март април мај јуни јули август септември октомври ноември декември"),
    "hy": _months("հունվար փետրվար մարտ ապրիլ մայիս հունիս հուլիս օգոստոս սեպտեմբեր հոկտեմբեր նոյեմբեր "
                  "դեկտեմբեր",
                  "հունվարի փետրվարի մարտի ապրիլի մայիսի հունիսի հուլիսի օգոստոսի սեպտեմբերի հոկտեմբերի "
                  "նոյեմբերի դեկտեմբերի"),
    "eo": _months("januaro februaro marto aprilo majo junio julio aŭgusto septembro oktobro novembro decembro"),
    "ga": _months("eanáir feabhra márta aibreán bealtaine meitheamh iúil lúnasa meán_fómhair deireadh_fómhair "
                  "samhain nollaig"),
    "cy": _months("ionawr chwefror mawrth ebrill mai mehefin gorffennaf awst medi hydref tachwedd rhagfyr"),
    "id": _months("januari februari maret april mei juni juli agustus september oktober november desember"),
    "ms": _months("januari februari mac april mei jun julai ogos september oktober november disember"),
    "ar": _months("يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
                  "جانفي فيفري - أفريل ماي جوان جويلية أوت - - - -",
                  "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني كانون_الأول",
                  "- - - إبريل - - يوليوز غشت شتنبر - نونبر دجنبر"),
    "fa": _months("ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
                  "- - - - می - ژوئیهٔ اگوست - - - -"),
    "he": _months("ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר",
                  "בינואר בפברואר במרץ באפריל במאי ביוני ביולי באוגוסט בספטמבר באוקטובר בנובמבר בדצמבר"),
    "hi": _months("जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
                  "- फरवरी - - - - - - सितम्बर अक्तूबर नवम्बर दिसम्बर"),
    "mr": _months("जानेवारी फेब्रुवारी मार्च एप्रिल मे जून जुलै ऑगस्ट सप्टेंबर ऑक्टोबर नोव्हेंबर डिसेंबर"),
    "bn": _months("জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর",
                  "জানুয়ারী ফেব্রুয়ারী - - - - - অগাস্ট - - - -"),
    "zh": _months("一月 二月 三月 四月 五月 六月 七月 八月 九月 十月 十一月 十二月"),
    "ja": _months("一月 二月 三月 四月 五月 六月 七月 八月 九月 十月 十一月 十二月"),
})
MONTHS_FALLBACK: Final = "en"
# simple.wikipedia is English; Norwegian Bokmål and Nynorsk share "no"'s words
ALIASES: Final = MappingProxyType({"simple": "en", "sh": "hr"})

# ---- eras --------------------------------------------------------------------------------------
# marker → -1 (before Christ) or +1 (anno Domini). English markers are accepted in every language.
_ERAS_EN = {"bc": -1, "b.c.": -1, "bce": -1, "b.c.e.": -1, "ad": 1, "a.d.": 1, "ce": 1, "c.e.": 1, "ac": -1}
ERAS: Final = MappingProxyType({
    "en": _ERAS_EN,
    "de": {"v. chr.": -1, "v.chr.": -1, "vor christus": -1, "n. chr.": 1, "n.chr.": 1, "v. u. z.": -1, "u. z.": 1},
    "fr": {"av. j.-c.": -1, "av. j-c": -1, "avant j.-c.": -1, "ap. j.-c.": 1, "apr. j.-c.": 1, "av. jc": -1},
    "it": {"a.c.": -1, "a. c.": -1, "a.C.": -1, "d.c.": 1, "d. c.": 1, "p.e.v.": -1, "e.v.": 1, "pev": -1, "ev": 1},
    "es": {"a. c.": -1, "a.c.": -1, "a. de c.": -1, "d. c.": 1, "d.c.": 1, "a. e. c.": -1, "e. c.": 1},
    "pt": {"a.c.": -1, "a. c.": -1, "d.c.": 1, "d. c.": 1, "a.e.c.": -1, "e.c.": 1},
    "ca": {"aC": -1, "a.C.": -1, "dC": 1, "d.C.": 1},
    "gl": {"a.c.": -1, "a. c.": -1, "d.c.": 1, "d. c.": 1},
    "nl": {"v.chr.": -1, "v. chr.": -1, "voor christus": -1, "n.chr.": 1, "n. chr.": 1, "v.c.": -1, "n.c.": 1},
    "sv": {"f.kr.": -1, "f. kr.": -1, "e.kr.": 1, "e. kr.": 1, "f.v.t.": -1, "e.v.t.": 1},
    "no": {"f.kr.": -1, "f. kr.": -1, "e.kr.": 1, "e. kr.": 1, "fvt.": -1, "evt.": 1},
    "da": {"f.kr.": -1, "f. kr.": -1, "e.kr.": 1, "e. kr.": 1, "fvt.": -1, "evt.": 1},
    "fi": {"eaa.": -1, "eaa": -1, "jaa.": 1, "eKr.": -1, "ekr.": -1, "jkr.": 1},
    "pl": {"p.n.e.": -1, "p. n. e.": -1, "n.e.": 1, "n. e.": 1},
    "cs": {"př. n. l.": -1, "př.n.l.": -1, "n. l.": 1, "př. kr.": -1},
    "sk": {"pred kr.": -1, "pred n. l.": -1, "n. l.": 1},
    "ru": {"до н. э.": -1, "до н.э.": -1, "до нашей эры": -1, "н. э.": 1, "н.э.": 1, "до р. х.": -1},
    "uk": {"до н. е.": -1, "до н.е.": -1, "до нашої ери": -1, "н. е.": 1, "н.е.": 1},
    "be": {"да н. э.": -1, "да н.э.": -1, "н. э.": 1},
    "bg": {"пр.н.е.": -1, "пр. н. е.": -1, "пр. хр.": -1, "сл. хр.": 1, "н.е.": 1},
    "el": {"π.χ.": -1, "π.χ": -1, "πχ": -1, "μ.χ.": 1, "μ.χ": 1, "μχ": 1},
    "hu": {"i. e.": -1, "i.e.": -1, "kr. e.": -1, "i. sz.": 1, "kr. u.": 1},
    "tr": {"mö": -1, "m.ö.": -1, "ms": 1, "m.s.": 1},
    "ro": {"î.hr.": -1, "î.e.n.": -1, "d.hr.": 1, "e.n.": 1},
    "eo": {"a.k.": -1, "p.k.": 1},
    "ja": {"紀元前": -1, "前": -1, "西暦": 1},
    "zh": {"公元前": -1, "前": -1, "公元": 1},
    "ko": {"기원전": -1, "서기": 1},
    "ar": {"ق.م": -1, "ق.م.": -1, "ق م": -1, "م": 1, "م.": 1},
    "fa": {"پ.م": -1, "پ. م": -1, "پیش از میلاد": -1, "م": 1},
    "he": {'לפנה"ס': -1, "לפנה״ס": -1, "לספירה": 1},
    "hi": {"ई.पू.": -1, "ई॰पू॰": -1, "ईसा पूर्व": -1, "ई.": 1, "ई॰": 1},
})

# ---- words around dates ---------------------------------------------------------------------
# Words that may stand between or after date parts and mean nothing by themselves
# ("4th of July", "15 de mayo de 1988", "15 мая 1988 года", "1988 m. gegužės 15 d.").
DATE_FILLERS: Final = MappingProxyType({
    "en": ("of", "the"),
    "es": ("de", "del"), "pt": ("de", "do"), "ca": ("de", "d'", "del"), "gl": ("de", "do"),
    "fr": ("le",), "it": ("il",),
    "ru": ("года", "год", "г.", "г", "гг.", "году"), "uk": ("року", "рік", "р.", "р", "рр."),
    "be": ("года", "г."), "bg": ("г.", "година"), "sr": ("године", "год."), "mk": ("година",),
    "pl": ("r.", "roku"), "cs": ("roku",), "lt": ("m.", "d.", "metų"), "lv": ("gada", "g."),
    "hu": ("-án", "-én"), "hy": ("թ.", "թվական", "թվականի"), "et": ("a.", "aastal"),
    "vi": ("ngày", "năm"), "tr": ("yılı",), "fi": ("vuonna",),
})

# Words for "until now" at the end of a range ("1988 – present"): such a range is not two dates.
OPEN_END: Final = ("present", "ongoing", "today", "now", "heute", "présent", "aujourd'hui", "oggi", "presente",
                   "actualidad", "atualidade", "heden", "nu", "настоящее время", "н. в.", "наст. время",
                   "теперішній час", "нині", "obecnie", "dosud", "現在", "至今", "现在", "현재")

# Words joining two dates into a range besides dashes ("from 1 May to 3 June").
RANGE_WORDS: Final = MappingProxyType({
    "en": ("to", "until", "till", "through"), "de": ("bis",), "fr": ("au", "à"), "it": ("al", "a"),
    "es": ("al", "a", "hasta"), "pt": ("a", "até"), "nl": ("tot",), "ru": ("по", "до"), "uk": ("по", "до"),
    "pl": ("do",), "sv": ("till",), "ja": ("から", "～", "〜"), "zh": ("至", "到", "～"),
})

# ---- numbers --------------------------------------------------------------------------------
# language → (decimal separator, grouping separator); CLDR latn number symbols.
_COMMA_DOT = ("de", "it", "es", "pt", "nl", "id", "tr", "da", "el", "ro", "hr", "sl", "sr", "bs", "ca", "gl",
              "eu", "vi", "is", "az", "mk", "ka")
_COMMA_SPACE = ("fr", "ru", "uk", "be", "bg", "pl", "cs", "sk", "sv", "fi", "no", "nb", "nn", "hu", "et", "lv",
                "lt", "kk", "uz", "hy", "af", "eo", "ky", "tg")
SEPARATORS: Final = MappingProxyType({
    **{lang: (",", ".") for lang in _COMMA_DOT},
    **{lang: (",", " ") for lang in _COMMA_SPACE},
})
DEFAULT_SEPARATORS: Final = (".", ",")

# word (lower case, trailing dot optional) → multiplier
_MAG_EN = {"thousand": 10**3, "million": 10**6, "millions": 10**6, "mio": 10**6, "mln": 10**6, "mn": 10**6,
           "billion": 10**9, "billions": 10**9, "bn": 10**9, "bln": 10**9, "trillion": 10**12, "tn": 10**12}
MAGNITUDES: Final = MappingProxyType({
    "en": _MAG_EN,
    "de": {"tausend": 10**3, "tsd": 10**3, "mio": 10**6, "million": 10**6, "millionen": 10**6, "mrd": 10**9,
           "milliarde": 10**9, "milliarden": 10**9, "billion": 10**12, "billionen": 10**12},
    "fr": {"mille": 10**3, "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
           "md": 10**9, "mds": 10**9, "md€": 10**9},
    "it": {"mila": 10**3, "milione": 10**6, "milioni": 10**6, "mln": 10**6, "miliardo": 10**9,
           "miliardi": 10**9, "mld": 10**9, "mrd": 10**9},
    "es": {"mil": 10**3, "millón": 10**6, "millones": 10**6, "mil millones": 10**9, "millardo": 10**9,
           "millardos": 10**9, "billón": 10**12, "billones": 10**12},
    "pt": {"mil": 10**3, "milhão": 10**6, "milhões": 10**6, "bilhão": 10**9, "bilhões": 10**9,
           "mil milhões": 10**9},
    "nl": {"duizend": 10**3, "miljoen": 10**6, "mln": 10**6, "miljard": 10**9, "mld": 10**9},
    "ru": {"тыс": 10**3, "тысяч": 10**3, "тысячи": 10**3, "тысяча": 10**3, "млн": 10**6, "миллион": 10**6,
           "миллиона": 10**6, "миллионов": 10**6, "млрд": 10**9, "миллиард": 10**9, "миллиарда": 10**9,
           "миллиардов": 10**9, "трлн": 10**12, "триллион": 10**12, "триллиона": 10**12, "триллионов": 10**12},
    "uk": {"тис": 10**3, "тисяч": 10**3, "тисячі": 10**3, "млн": 10**6, "мільйон": 10**6, "мільйона": 10**6,
           "мільйонів": 10**6, "млрд": 10**9, "мільярд": 10**9, "мільярда": 10**9, "мільярдів": 10**9,
           "трлн": 10**12},
    "pl": {"tys": 10**3, "mln": 10**6, "milion": 10**6, "miliony": 10**6, "milionów": 10**6, "mld": 10**9,
           "miliard": 10**9, "miliardy": 10**9, "miliardów": 10**9},
    "cs": {"tis": 10**3, "mil": 10**6, "milion": 10**6, "milionů": 10**6, "miliony": 10**6, "mld": 10**9,
           "miliarda": 10**9, "miliard": 10**9},
    "sv": {"miljon": 10**6, "miljoner": 10**6, "milj": 10**6, "miljard": 10**9, "miljarder": 10**9, "mdr": 10**9},
    "ja": {"千": 10**3, "万": 10**4, "億": 10**8, "兆": 10**12},
    "zh": {"千": 10**3, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8},
    "ko": {"천": 10**3, "만": 10**4, "억": 10**8, "조": 10**12},
})

# ---- lists ----------------------------------------------------------------------------------
# Words that join the members of a list of links ("[[A]] and [[B]]").
CONJUNCTIONS: Final = MappingProxyType({
    "en": ("and", "&", "or"), "de": ("und", "&", "oder"), "fr": ("et", "&", "ou"), "it": ("e", "ed", "&", "o"),
    "es": ("y", "e", "&", "o"), "pt": ("e", "&", "ou"), "nl": ("en", "&", "of"), "ru": ("и", "&", "или"),
    "uk": ("і", "й", "та", "&", "або"), "pl": ("i", "oraz", "&", "lub"), "cs": ("a", "&", "nebo"),
    "sv": ("och", "&"), "no": ("og", "&"), "da": ("og", "&"), "fi": ("ja", "&"), "ca": ("i", "&"),
    "ja": ("と", "及び"), "zh": ("和", "与", "與", "及"),
})


def months(lang: str) -> dict[str, int]:
    """Month names of ``lang`` (lower case) → month number; English ones when the language has none."""
    lang = ALIASES.get(lang, lang)
    return MONTHS.get(lang) or MONTHS.get(lang.split("-")[0]) or MONTHS[MONTHS_FALLBACK]


def eras(lang: str) -> dict[str, int]:
    """Era markers of ``lang`` plus the English ones (lower case) → -1 / +1."""
    lang = ALIASES.get(lang, lang)
    return {**_ERAS_EN, **{k.lower(): v for k, v in ERAS.get(lang, {}).items()}}


def separators(lang: str) -> tuple[str, str]:
    """(decimal, grouping) separators of ``lang``."""
    lang = ALIASES.get(lang, lang)
    return SEPARATORS.get(lang) or SEPARATORS.get(lang.split("-")[0]) or DEFAULT_SEPARATORS


def magnitudes(lang: str) -> dict[str, int]:
    """Magnitude words of ``lang`` plus the English ones → multiplier."""
    lang = ALIASES.get(lang, lang)
    return {**_MAG_EN, **MAGNITUDES.get(lang, {})}


def conjunctions(lang: str) -> tuple[str, ...]:
    lang = ALIASES.get(lang, lang)
    own = CONJUNCTIONS.get(lang, ())
    return (*own, *(w for w in CONJUNCTIONS["en"] if w not in own))
