"""Local names of the File (6) and Category (14) namespaces, per edition.

Needed to tell ``[[Kategorie:Berlin]]`` (no text: the page is put in a category) from an ordinary
link, and ``[[Datei:x.jpg|mini|…]]`` (an image) from text, when a dump carries no ``<siteinfo>`` of
its own (DBpedia's minidumps all carry enwiki's).  The canonical English names ``File``, ``Image``
and ``Category`` are accepted in every edition, as MediaWiki does.

Source: MediaWiki ``languages/messages/Messages<Xx>.php`` (``$namespaceNames`` and
``$namespaceAliases``), checked against the links found in the dumps of ``../shared/data``.
"""

from __future__ import annotations

from wikikg.dump.page import SiteInfo

CATEGORY_NAMES: dict[str, tuple[str, ...]] = {
    "af": ("Kategorie",), "als": ("Kategorie",), "am": ("መደብ",), "an": ("Categoría",),
    "ar": ("تصنيف",), "arz": ("تصنيف",), "ast": ("Categoría",), "az": ("Kateqoriya",),
    "azb": ("بؤلمه",), "ba": ("Категория",), "bar": ("Kategorie",), "be": ("Катэгорыя",),
    "bg": ("Категория",), "bn": ("বিষয়শ্রেণী",), "br": ("Rummad",), "bs": ("Kategorija",),
    "ca": ("Categoria",), "ce": ("Категори", "Категория"), "ceb": ("Kategoriya",),
    "ckb": ("پۆل",), "cs": ("Kategorie",), "cv": ("Категори",), "cy": ("Categori",),
    "da": ("Kategori",), "de": ("Kategorie",), "el": ("Κατηγορία",), "eo": ("Kategorio",),
    "es": ("Categoría",), "et": ("Kategooria",), "eu": ("Kategoria",), "fa": ("رده",),
    "fi": ("Luokka",), "fo": ("Bólkur",), "fr": ("Catégorie",), "fy": ("Kategory",),
    "ga": ("Catagóir",), "gd": ("Roinn-seòrsa",), "gl": ("Categoría",), "he": ("קטגוריה",),
    "hi": ("श्रेणी",), "hr": ("Kategorija",), "hsb": ("Kategorija",), "ht": ("Kategori",),
    "hu": ("Kategória",), "hy": ("Կատեգորիա",), "ia": ("Categoria",), "id": ("Kategori",),
    "io": ("Kategorio",), "is": ("Flokkur",), "it": ("Categoria",), "ja": ("カテゴリ",),
    "jv": ("Kategori",), "ka": ("კატეგორია",), "kk": ("Санат",), "kn": ("ವರ್ಗ",),
    "ko": ("분류",), "ku": ("Kategorî",), "ky": ("Категория",), "la": ("Categoria",),
    "lb": ("Kategorie",), "li": ("Categorie",), "lmo": ("Categuria", "Categoria"),
    "lt": ("Kategorija",), "ltg": ("Kategoreja",), "lv": ("Kategorija",), "mg": ("Sokajy",),
    "mk": ("Категорија",), "ml": ("വർഗ്ഗം",), "mn": ("Ангилал",), "mr": ("वर्ग",),
    "mrj": ("Категори",), "ms": ("Kategori",), "mzn": ("رج",), "nap": ("Categurìa", "Categoria"),
    "nds": ("Kategorie",), "ne": ("श्रेणी",), "new": ("पुचः",), "nl": ("Categorie",),
    "nn": ("Kategori",), "no": ("Kategori",), "oc": ("Categoria",), "or": ("ଶ୍ରେଣୀ",),
    "os": ("Категори",), "pa": ("ਸ਼੍ਰੇਣੀ",), "pl": ("Kategoria",), "pms": ("Categorìa",),
    "pnb": ("گٹھ",), "pt": ("Categoria",), "qu": ("Katiguriya",), "ro": ("Categorie",),
    "ru": ("Категория",), "sa": ("वर्गः",), "sah": ("Категория",), "scn": ("Catigurìa",),
    "sh": ("Kategorija",), "sk": ("Kategória",), "sl": ("Kategorija",), "sq": ("Kategoria",),
    "sr": ("Категорија", "Kategorija"), "sv": ("Kategori",), "sw": ("Jamii",),
    "ta": ("பகுப்பு",), "te": ("వర్గం",), "tg": ("Гурӯҳ",), "th": ("หมวดหมู่",),
    "tl": ("Kategorya",), "tr": ("Kategori",), "tt": ("Төркем", "Категория"),
    "uk": ("Категорія",), "ur": ("زمرہ",), "uz": ("Turkum",), "vec": ("Categoria",),
    "vi": ("Thể loại",), "vo": ("Klad",), "war": ("Kaarangay",), "yi": ("קאַטעגאָריע",),
    "yo": ("Ẹ̀ka",), "zh": ("分类", "分類"),
}

FILE_NAMES: dict[str, tuple[str, ...]] = {
    "af": ("Lêer",), "als": ("Datei",), "am": ("ስዕል",), "an": ("Imachen",), "ar": ("ملف", "صورة"),
    "ast": ("Ficheru", "Archivu"), "az": ("Fayl",), "ba": ("Файл",), "bar": ("Datei",),
    "be": ("Выява", "Файл"), "bg": ("Файл", "Картинка"), "bn": ("চিত্র",), "br": ("Restr",),
    "bs": ("Datoteka",), "ca": ("Fitxer", "Imatge"), "ckb": ("پەڕگە",), "cs": ("Soubor",),
    "cv": ("Ӳкерчĕк",), "cy": ("Delwedd",), "da": ("Fil",), "de": ("Datei", "Bild"),
    "el": ("Αρχείο", "Εικόνα"), "eo": ("Dosiero",), "es": ("Archivo", "Imagen"),
    "et": ("Pilt", "Fail"), "eu": ("Fitxategi",), "fa": ("پرونده", "تصویر"), "fi": ("Tiedosto", "Kuva"),
    "fo": ("Mynd",), "fr": ("Fichier", "Image"), "fy": ("Ofbyld",), "ga": ("Íomhá",),
    "gd": ("Faidhle",), "gl": ("Ficheiro", "Imaxe"), "he": ("קובץ", "תמונה"), "hi": ("चित्र",),
    "hr": ("Datoteka", "Slika"), "hu": ("Fájl", "Kép"), "hy": ("Պատկեր",), "id": ("Berkas", "Gambar"),
    "io": ("Arkivo",), "is": ("Mynd",), "it": ("Immagine",), "ja": ("ファイル", "画像"),
    "jv": ("Gambar", "Berkas"), "ka": ("ფაილი", "სურათი"), "kk": ("Сурет",), "kn": ("ಚಿತ್ರ",),
    "ko": ("파일", "그림"), "ky": ("Файл",), "la": ("Fasciculus", "Imago"), "li": ("Plaetje",),
    "lmo": ("Archivi",), "lt": ("Vaizdas", "Failas"), "ltg": ("Fails",), "lv": ("Attēls", "Fails"),
    "mg": ("Sary",), "mk": ("Податотека", "Слика"), "ml": ("പ്രമാണം",), "mn": ("Зураг",),
    "mr": ("चित्र", "संचिका"), "mrj": ("Файл",), "ms": ("Fail", "Imej"), "mzn": ("پرونده",),
    "nds": ("Bild", "Datei"), "nl": ("Bestand", "Afbeelding"), "nn": ("Fil",), "no": ("Fil", "Bilde"),
    "oc": ("Fichièr",), "pl": ("Plik", "Grafika"), "pms": ("Figura",), "pt": ("Ficheiro", "Imagem", "Arquivo"),
    "qu": ("Rikcha",), "ro": ("Fișier", "Imagine"), "ru": ("Файл", "Изображение"), "sah": ("Билэ",),
    "scn": ("Mmàggini",), "sh": ("Datoteka", "Slika"), "sk": ("Súbor", "Obrázok"), "sl": ("Slika", "Datoteka"),
    "sq": ("Skeda",), "sr": ("Датотека", "Слика", "Datoteka"), "sv": ("Fil", "Bild"), "sw": ("Picha",),
    "ta": ("படிமம்",), "te": ("దస్త్రం",), "th": ("ไฟล์", "ภาพ"), "tl": ("Talaksan",),
    "tr": ("Dosya", "Resim"), "tt": ("Рәсем", "Файл"), "uk": ("Файл", "Зображення"), "ur": ("فائل", "تصویر"),
    "uz": ("Fayl",), "vec": ("Imàjine", "File"), "vi": ("Tập tin", "Hình"), "vo": ("Ragiv",),
    "zh": ("文件", "檔案", "图像", "圖像"),
}

_CANONICAL_FILE = ("File", "Image", "Media")
_CANONICAL_CATEGORY = ("Category",)


def _fold(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


class LocalNamespaces:
    """Answers "is this link prefix the File / Category namespace?" for one edition.

    >>> ns = LocalNamespaces("de")
    >>> ns.is_category("kategorie"), ns.is_file("Bild"), ns.is_file("Image"), ns.is_category("Berlin")
    (True, True, True, False)
    """

    __slots__ = ("categories", "files")

    def __init__(self, lang: str, site: SiteInfo | None = None) -> None:
        files = {*_CANONICAL_FILE, *FILE_NAMES.get(lang, ())}
        cats = {*_CANONICAL_CATEGORY, *CATEGORY_NAMES.get(lang, ())}
        if site is not None:
            for ns, names in ((6, files), (-2, files), (14, cats)):
                info = site.namespace(ns)
                if info is not None:
                    names.update(n for n in (info.name, info.canonical, *info.aliases) if n)
        self.files = frozenset(_fold(n) for n in files)
        self.categories = frozenset(_fold(n) for n in cats)

    def is_file(self, prefix: str) -> bool:
        return _fold(prefix) in self.files

    def is_category(self, prefix: str) -> bool:
        return _fold(prefix) in self.categories
