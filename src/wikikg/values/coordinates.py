"""Geographic coordinates: ``{{coord}}`` in all its forms, infobox latitude/longitude parameter sets,
and written degrees ("48°8′60″N 11°34′60″E").

Results are WGS84 decimal degrees, south and west negative.  Out-of-range values (latitude beyond
±90, longitude beyond ±180, minutes or seconds of 60 or more) are not coordinates.

``{{coord}}`` (en.wikipedia ``Template:Coord``; the same arguments in most editions, and in
``{{Coordinate}}``/``{{ウィキ座標度分秒}}``) takes, before its named options and its
``type:…_region:…`` parameter, one of::

    {{coord|44.112|-87.913}}                     signed decimal degrees
    {{coord|44.112|N|87.913|W}}                  decimal degrees and hemispheres
    {{coord|59|21|N|18|04|E}}                    degrees, minutes
    {{coord|48|51|24|N|2|21|03|E}}               degrees, minutes, seconds

>>> from wikikg.wikitext.scan import Scan
>>> parse_coord_template(Scan.of("{{coord|51|30|29|N|00|07|29|W}}").templates[0])
(51.50805555555556, -0.12472222222222222)
>>> parse_coord_params({"latd": "52", "latm": "31", "latNS": "N", "longd": "13", "longm": "24", "longEW": "E"})
(52.516666666666666, 13.4)
>>> [round(x, 6) for x in read_coordinates("33º51'35.9\\" S 151º12'40\\" E")]
[-33.859972, 151.211111]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from wikikg.values.templates import fold
from wikikg.wikitext.scan import Template

COORD_TEMPLATES = frozenset(fold(n) for n in (
    "Coord", "Coor", "Coor d", "Coor dm", "Coor dms", "Coor title d", "Coor title dm", "Coor title dms",
    "Coordinates", "Coordinate", "Koordinate", "Coord2", "ウィキ座標度分秒", "ウィキ座標2段度分秒", "Coord-ru",
    "Координаты", "Координати", "좌표", "坐标", "Coördinaten", "Coordenadas", "Coordonnées", "Coordinate text",
    "Geolocalizzazione", "Location", "Geo",
))
_HEMI = {"N": 1, "S": -1, "E": 1, "W": -1, "O": 1,  # O: Ost/Oest/Ouest (de, es, fr)
         "С": 1, "Ю": -1, "В": 1, "З": -1,  # ru/uk: север, юг, восток, запад
         "北": 1, "南": -1, "東": 1, "西": -1, "东": 1}
_LAT_HEMI = frozenset("NSСЮ北南")
_NUM = re.compile(r"^[-+−]?\d+(?:[.,]\d+)?$")


def _float(s: str) -> float | None:
    s = s.strip().replace("−", "-").replace(",", ".")
    return float(s) if _NUM.match(s) else None


def dms(parts: Sequence[str], hemisphere: str | None = None) -> float | None:
    """Degrees (and minutes, seconds) with an optional hemisphere letter → signed decimal degrees.

    >>> dms(["48", "51", "24"], "N"), dms(["87.913"], "W"), dms(["10", "75"], "N")
    (48.85666666666667, -87.913, None)
    """
    values: list[float] = []
    for p in parts:
        if not p.strip():
            values.append(0.0)
            continue
        v = _float(p)
        if v is None:
            return None
        values.append(v)
    if not values or len(values) > 3:
        return None
    deg = values[0]
    for v in values[1:]:
        if not 0 <= v <= 60:  # 60 occurs where 59.99 was rounded ("8′60″"); more is malformed
            return None
    total = abs(deg) + (values[1] / 60 if len(values) > 1 else 0) + (values[2] / 3600 if len(values) > 2 else 0)
    negative = deg < 0 or str(parts[0]).strip().startswith(("-", "−"))
    if hemisphere is not None:
        h = hemisphere.strip().upper()
        if h not in _HEMI:
            return None
        if negative:
            return None  # "-10 S": contradictory
        negative = _HEMI[h] < 0
    return -total if negative else total


def _valid(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return None
    return lat, lon


def coordinates_from_args(args: Sequence[str]) -> tuple[float, float] | None:
    """``{{coord}}``'s positional arguments (before any ``type:…``-style parameter) → (lat, long)."""
    parts: list[str] = []
    for a in args:
        a = a.strip()
        if ":" in a or "=" in a:
            break
        parts.append(a)
    # find the latitude hemisphere among the first four arguments
    for i in range(1, min(4, len(parts))):
        if parts[i].upper() in _HEMI and parts[i].upper() in _LAT_HEMI:
            lat = dms(parts[:i], parts[i])
            rest = parts[i + 1:]
            for j in range(1, min(4, len(rest))):
                if rest[j].upper() in _HEMI and rest[j].upper() not in _LAT_HEMI:
                    return _valid(lat, dms(rest[:j], rest[j]))
            return None
    if len(parts) >= 2 and all(_float(p) is not None for p in parts[:2]):
        if len(parts) > 2 and parts[2]:
            return None  # three numbers without hemispheres: not a form {{coord}} knows
        return _valid(_float(parts[0]), _float(parts[1]))
    return None


def parse_coord_template(template: Template) -> tuple[float, float] | None:
    """(latitude, longitude) of a ``{{coord}}``-like template, ``None`` if it holds none.

    Also reads de.wikipedia's ``{{Coordinate|NS=52/31/12/N|EW=13/24/36/E}}``.
    """
    name = fold(template.name)
    if name not in COORD_TEMPLATES:
        return None
    named = {p.key.strip(): p.value.strip() for p in template.params if not p.positional}
    if "NS" in named and "EW" in named:
        return _valid(_slashed(named["NS"]), _slashed(named["EW"]))
    by_pos: dict[int, str] = {}
    for p in template.params:
        if p.positional and p.key.isdigit():
            by_pos[int(p.key)] = p.value
    args = [by_pos.get(i, "") for i in range(1, max(by_pos, default=0) + 1)]
    return coordinates_from_args(args)


def _slashed(value: str) -> float | None:
    """de ``NS=52/31/12/N`` or ``NS=52.52``."""
    parts = value.split("/")
    if parts and parts[-1].strip().upper() in _HEMI:
        return dms(parts[:-1], parts[-1])
    return dms(parts)


# Parameter sets of infoboxes that give a position, by edition (each template's documentation:
# en Infobox settlement, ru Государство/НП, it Divisione amministrativa, ja 日本の市町村 …).
# (degrees, minutes, seconds, hemisphere) keys for latitude, then for longitude.
_DMS_SETS: tuple[tuple[tuple[str, str, str, str], tuple[str, str, str, str]], ...] = (
    (("latd", "latm", "lats", "latNS"), ("longd", "longm", "longs", "longEW")),
    (("lat_d", "lat_m", "lat_s", "lat_NS"), ("long_d", "long_m", "long_s", "long_EW")),
    (("lat_deg", "lat_min", "lat_sec", "lat_dir"), ("lon_deg", "lon_min", "lon_sec", "lon_dir")),
    (("lat_degrees", "lat_minutes", "lat_seconds", "lat_direction"),
     ("long_degrees", "long_minutes", "long_seconds", "long_direction")),
    (("lat_deg", "lat_min", "lat_sec", "lat_hem"), ("lon_deg", "lon_min", "lon_sec", "lon_hem")),
    (("latG", "latM", "latS", "latNS"), ("lonG", "lonM", "lonS", "lonEW")),
    (("緯度度", "緯度分", "緯度秒", "N(北緯)及びS(南緯)"), ("経度度", "経度分", "経度秒", "E(東経)及びW(西経)")),
    (("Gradi_latitudine", "Minuti_latitudine", "Secondi_latitudine", "NS"),
     ("Gradi_longitudine", "Minuti_longitudine", "Secondi_longitudine", "EW")),
)
_DECIMAL_SETS: tuple[tuple[str, str], ...] = (
    ("latitude", "longitude"), ("lat", "long"), ("lat", "lon"), ("lat", "lng"), ("Latitudine decimale", "Longitudine decimale"),
    ("latitud", "longitud"), ("Breitengrad", "Längengrad"), ("широта", "долгота"), ("Широта", "Довгота"),
    ("lat_dec", "long_dec"), ("latitude_decimal", "longitude_decimal"), ("緯度", "経度"), ("coord_lat", "coord_long"),
)


def parse_coord_params(params: Mapping[str, str]) -> tuple[float, float] | None:
    """(latitude, longitude) from an infobox's parameter set (``latd``/``longd`` …, ``lat_deg``/
    ``lon_deg`` …, decimal ``latitude``/``longitude``), ``None`` if no complete set is there.

    Keys compare case-insensitively and with ``_`` = space; empty values count as absent.
    """
    folded = {" ".join(k.replace("_", " ").split()).casefold(): v.strip() for k, v in params.items() if v and v.strip()}

    def get(key: str) -> str:
        return folded.get(" ".join(key.replace("_", " ").split()).casefold(), "")

    for lat_keys, lon_keys in _DMS_SETS:
        if get(lat_keys[0]) and get(lon_keys[0]):
            lat = dms([get(k) for k in lat_keys[:3]], get(lat_keys[3]) or None)
            lon = dms([get(k) for k in lon_keys[:3]], get(lon_keys[3]) or None)
            found = _valid(lat, lon)
            if found is not None:
                return found
    for lat_key, lon_key in _DECIMAL_SETS:
        lat_s, lon_s = get(lat_key), get(lon_key)
        if lat_s and lon_s:
            result = _valid(read_coordinate(lat_s, latitude=True), read_coordinate(lon_s, latitude=False))
            if result is not None:
                return result
    return None


# ---- written coordinates ------------------------------------------------------------------------
_DEG = r"[°º˚]"
_MIN = r"(?:['′’]|&prime;)"
_SEC = r"(?:[\"″”]|''|′′|&Prime;)"
_ONE = re.compile(
    rf"^\s*(?P<deg>[-+−]?\d+(?:[.,]\d+)?)\s*{_DEG}?\s*(?:(?P<min>\d+(?:[.,]\d+)?)\s*{_MIN}\s*)?"
    rf"(?:(?P<sec>\d+(?:[.,]\d+)?)\s*{_SEC}\s*)?(?P<hemi>[NSEWOСЮВЗ北南東西])?\s*$", re.I)
_PAIR = re.compile(
    rf"(?P<lat>\d+(?:[.,]\d+)?\s*{_DEG}\s*(?:\d+(?:[.,]\d+)?\s*{_MIN}\s*)?(?:\d+(?:[.,]\d+)?\s*{_SEC}\s*)?[NSСЮ北南])"
    rf"[\s,;]*"
    rf"(?P<lon>\d+(?:[.,]\d+)?\s*{_DEG}\s*(?:\d+(?:[.,]\d+)?\s*{_MIN}\s*)?(?:\d+(?:[.,]\d+)?\s*{_SEC}\s*)?[EWOВЗ東西])",
    re.I)


def read_coordinate(text: str, *, latitude: bool | None = None) -> float | None:
    """One written coordinate: "52°31′N", "38º32' N", "-87.913", "13.4"; ``None`` if ``text`` is not
    one.  A bare number counts only when ``latitude`` says which axis it is (it is then range-checked).

    >>> read_coordinate("52°31′N"), read_coordinate("87.913", latitude=False), read_coordinate("1944")
    (52.516666666666666, 87.913, None)
    """
    m = _ONE.match(text)
    if m is None:
        return None
    hemi = m.group("hemi")
    has_mark = bool(re.search(_DEG, text)) or hemi is not None
    if not has_mark and latitude is None:
        return None
    parts = [m.group("deg")] + [g for g in (m.group("min"), m.group("sec")) if g is not None]
    if m.group("sec") is not None and m.group("min") is None:
        return None
    value = dms(parts, hemi)
    if value is None:
        return None
    is_lat = (hemi.upper() in _LAT_HEMI) if hemi else latitude
    limit = 90 if is_lat else 180
    return value if -limit <= value <= limit else None


def read_coordinates(text: str, *, whole: bool = False) -> tuple[float, float] | None:
    """A written latitude–longitude pair anywhere in ``text`` ("48º8'60" N 11º34'60" E"), or
    (``whole``) one that is all of it but punctuation."""
    m = _PAIR.search(text)
    if m is None:
        return None
    if whole and re.search(r"[^\W_]", text[: m.start()] + text[m.end():]):
        return None
    return _valid(read_coordinate(m.group("lat")), read_coordinate(m.group("lon")))
