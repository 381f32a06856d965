"""DBpedia's units: which dimension each unit datatype measures and how it converts.

DBpedia keeps every quantity of a unit-typed ontology property twice: in the *standard unit* of
its dimension (``dbo:height`` in metres, as ``xsd:double``) and, for a class that asks for its own
unit, as a specific property (``dbo:Person/height`` in centimetres).  A value converts to the
standard unit as ``(value + offset) × factor`` (``FactorUnitDatatype.toStandardUnit``); currencies
do not convert at all (``InconvertibleUnitDatatype``) and are written in their own datatype.

Source: ``OntologyDatatypes.scala`` (extraction-framework, core/src/main/scala/org/dbpedia/extraction/
ontology/), commit e3dfe8bb8 — the dimensions, units, factors and offsets below are copied from it
(the unit *labels* used to read values — "km", "sq mi" … — belong to :mod:`wikikg.values`), except
where DBpedia's factor is wrong or rounded: those (marked "DBpedia: …") are the exact definitions of
NIST Special Publication 811 (2008), Appendix B — the international yard and pound of 1959, the
nautical mile of 1852 m, the mechanical horsepower, g = 9.80665 m/s².
Every unit is the datatype ``http://dbpedia.org/datatype/<name>``; so is every dimension
(``http://dbpedia.org/datatype/Length``).

>>> km = UNITS["kilometre"]
>>> (km.dimension, km.to_standard(1.5), STANDARD["Length"].name)
('Length', 1500.0, 'metre')
>>> round(UNITS["degreeFahrenheit"].to_standard(212), 2), UNITS["centimetre"].from_standard(1.8)
(373.15, 180.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from wikikg.rdf import vocab
from wikikg.rdf.terms import IRI


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit datatype: its name, dimension, and conversion to the dimension's standard unit."""

    name: str
    dimension: str
    factor: float = 1.0
    offset: float = 0.0
    standard: bool = False
    convertible: bool = True

    @property
    def iri(self) -> IRI:
        return IRI(vocab.DBT + self.name)

    def to_standard(self, value: float) -> float:
        """The value in the dimension's standard unit (decimal arithmetic, as DBpedia's BigDecimal)."""
        if self.standard:
            return value
        if not self.convertible:
            raise ValueError(f"{self.name} does not convert")
        return float((Decimal(repr(value)) + Decimal(repr(self.offset))) * Decimal(repr(self.factor)))

    def from_standard(self, value: float) -> float:
        """A value given in the standard unit, expressed in this unit."""
        if self.standard:
            return value
        if not self.convertible:
            raise ValueError(f"{self.name} does not convert")
        return float(Decimal(repr(value)) / Decimal(repr(self.factor)) - Decimal(repr(self.offset)))


_UNITS: tuple[Unit, ...] = (
    # Area
    Unit("squareMetre", "Area", standard=True),
    Unit("squareMillimetre", "Area", 1e-06),
    Unit("squareCentimetre", "Area", 0.0001),
    Unit("squareDecimetre", "Area", 0.01),
    Unit("squareDecametre", "Area", 100.0),  # DBpedia: 0.1
    Unit("squareHectometre", "Area", 10000.0),
    Unit("squareKilometre", "Area", 1000000.0),
    Unit("hectare", "Area", 10000.0),
    Unit("squareInch", "Area", 0.00064516),
    Unit("squareFoot", "Area", 0.09290304),
    Unit("squareYard", "Area", 0.83612736),
    Unit("acre", "Area", 4046.8564224),
    Unit("squareMile", "Area", 2589988.110336),
    Unit("squareNauticalMile", "Area", 3429904.0),
    # Currency
    Unit("usDollar", "Currency", convertible=False),
    Unit("euro", "Currency", convertible=False),
    Unit("poundSterling", "Currency", convertible=False),
    Unit("japaneseYen", "Currency", convertible=False),
    Unit("russianRouble", "Currency", convertible=False),
    Unit("unitedArabEmiratesDirham", "Currency", convertible=False),
    Unit("afghanAfghani", "Currency", convertible=False),
    Unit("albanianLek", "Currency", convertible=False),
    Unit("armenianDram", "Currency", convertible=False),
    Unit("netherlandsAntilleanGuilder", "Currency", convertible=False),
    Unit("angolanKwanza", "Currency", convertible=False),
    Unit("argentinePeso", "Currency", convertible=False),
    Unit("australianDollar", "Currency", convertible=False),
    Unit("arubanGuilder", "Currency", convertible=False),
    Unit("bosniaAndHerzegovinaConvertibleMarks", "Currency", convertible=False),
    Unit("barbadosDollar", "Currency", convertible=False),
    Unit("bangladeshiTaka", "Currency", convertible=False),
    Unit("bulgarianLev", "Currency", convertible=False),
    Unit("bahrainiDinar", "Currency", convertible=False),
    Unit("burundianFranc", "Currency", convertible=False),
    Unit("bermudianDollar", "Currency", convertible=False),
    Unit("bruneiDollar", "Currency", convertible=False),
    Unit("bolivianBoliviano", "Currency", convertible=False),
    Unit("brazilianReal", "Currency", convertible=False),
    Unit("bahamianDollar", "Currency", convertible=False),
    Unit("bhutaneseNgultrum", "Currency", convertible=False),
    Unit("botswanaPula", "Currency", convertible=False),
    Unit("belarussianRuble", "Currency", convertible=False),
    Unit("belizeDollar", "Currency", convertible=False),
    Unit("canadianDollar", "Currency", convertible=False),
    Unit("congoleseFranc", "Currency", convertible=False),
    Unit("swissFranc", "Currency", convertible=False),
    Unit("chileanPeso", "Currency", convertible=False),
    Unit("renminbi", "Currency", convertible=False),
    Unit("colombianPeso", "Currency", convertible=False),
    Unit("costaRicanColon", "Currency", convertible=False),
    Unit("cubanPeso", "Currency", convertible=False),
    Unit("capeVerdeEscudo", "Currency", convertible=False),
    Unit("czechKoruna", "Currency", convertible=False),
    Unit("djiboutianFranc", "Currency", convertible=False),
    Unit("danishKrone", "Currency", convertible=False),
    Unit("dominicanPeso", "Currency", convertible=False),
    Unit("algerianDinar", "Currency", convertible=False),
    Unit("estonianKroon", "Currency", convertible=False),
    Unit("egyptianPound", "Currency", convertible=False),
    Unit("eritreanNakfa", "Currency", convertible=False),
    Unit("ethiopianBirr", "Currency", convertible=False),
    Unit("fijiDollar", "Currency", convertible=False),
    Unit("falklandIslandsPound", "Currency", convertible=False),
    Unit("georgianLari", "Currency", convertible=False),
    Unit("ghanaianCedi", "Currency", convertible=False),
    Unit("gibraltarPound", "Currency", convertible=False),
    Unit("gambianDalasi", "Currency", convertible=False),
    Unit("guineaFranc", "Currency", convertible=False),
    Unit("guatemalanQuetzal", "Currency", convertible=False),
    Unit("guyanaDollar", "Currency", convertible=False),
    Unit("hongKongDollar", "Currency", convertible=False),
    Unit("honduranLempira", "Currency", convertible=False),
    Unit("croatianKuna", "Currency", convertible=False),
    Unit("haitiGourde", "Currency", convertible=False),
    Unit("hungarianForint", "Currency", convertible=False),
    Unit("indonesianRupiah", "Currency", convertible=False),
    Unit("israeliNewSheqel", "Currency", convertible=False),
    Unit("indianRupee", "Currency", convertible=False),
    Unit("iraqiDinar", "Currency", convertible=False),
    Unit("iranianRial", "Currency", convertible=False),
    Unit("icelandKrona", "Currency", convertible=False),
    Unit("jamaicanDollar", "Currency", convertible=False),
    Unit("jordanianDinar", "Currency", convertible=False),
    Unit("kenyanShilling", "Currency", convertible=False),
    Unit("kyrgyzstaniSom", "Currency", convertible=False),
    Unit("uzbekistanSom", "Currency", convertible=False),
    Unit("cambodianRiel", "Currency", convertible=False),
    Unit("comorianFranc", "Currency", convertible=False),
    Unit("northKoreanWon", "Currency", convertible=False),
    Unit("southKoreanWon", "Currency", convertible=False),
    Unit("kuwaitiDinar", "Currency", convertible=False),
    Unit("caymanIslandsDollar", "Currency", convertible=False),
    Unit("kazakhstaniTenge", "Currency", convertible=False),
    Unit("laoKip", "Currency", convertible=False),
    Unit("lebanesePound", "Currency", convertible=False),
    Unit("sriLankanRupee", "Currency", convertible=False),
    Unit("liberianDollar", "Currency", convertible=False),
    Unit("lesothoLoti", "Currency", convertible=False),
    Unit("lithuanianLitas", "Currency", convertible=False),
    Unit("latvianLats", "Currency", convertible=False),
    Unit("libyanDinar", "Currency", convertible=False),
    Unit("moroccanDirham", "Currency", convertible=False),
    Unit("moldovanLeu", "Currency", convertible=False),
    Unit("malagasyAriary", "Currency", convertible=False),
    Unit("macedonianDenar", "Currency", convertible=False),
    Unit("myanmaKyat", "Currency", convertible=False),
    Unit("mongolianTögrög", "Currency", convertible=False),
    Unit("macanesePataca", "Currency", convertible=False),
    Unit("mauritanianOuguiya", "Currency", convertible=False),
    Unit("mauritianRupee", "Currency", convertible=False),
    Unit("maldivianRufiyaa", "Currency", convertible=False),
    Unit("malawianKwacha", "Currency", convertible=False),
    Unit("zambianKwacha", "Currency", convertible=False),
    Unit("mexicanPeso", "Currency", convertible=False),
    Unit("malaysianRinggit", "Currency", convertible=False),
    Unit("mozambicanMetical", "Currency", convertible=False),
    Unit("namibianDollar", "Currency", convertible=False),
    Unit("nigerianNaira", "Currency", convertible=False),
    Unit("nicaraguanCórdoba", "Currency", convertible=False),
    Unit("norwegianKrone", "Currency", convertible=False),
    Unit("nepaleseRupee", "Currency", convertible=False),
    Unit("newZealandDollar", "Currency", convertible=False),
    Unit("omaniRial", "Currency", convertible=False),
    Unit("panamanianBalboa", "Currency", convertible=False),
    Unit("peruvianNuevoSol", "Currency", convertible=False),
    Unit("papuaNewGuineanKina", "Currency", convertible=False),
    Unit("philippinePeso", "Currency", convertible=False),
    Unit("pakistaniRupee", "Currency", convertible=False),
    Unit("polishZłoty", "Currency", convertible=False),
    Unit("paraguayanGuarani", "Currency", convertible=False),
    Unit("qatariRial", "Currency", convertible=False),
    Unit("romanianNewLeu", "Currency", convertible=False),
    Unit("serbianDinar", "Currency", convertible=False),
    Unit("rwandaFranc", "Currency", convertible=False),
    Unit("saudiRiyal", "Currency", convertible=False),
    Unit("solomonIslandsDollar", "Currency", convertible=False),
    Unit("seychellesRupee", "Currency", convertible=False),
    Unit("sudanesePound", "Currency", convertible=False),
    Unit("swedishKrona", "Currency", convertible=False),
    Unit("singaporeDollar", "Currency", convertible=False),
    Unit("saintHelenaPound", "Currency", convertible=False),
    Unit("slovakKoruna", "Currency", convertible=False),
    Unit("sierraLeoneanLeone", "Currency", convertible=False),
    Unit("somaliShilling", "Currency", convertible=False),
    Unit("surinamDollar", "Currency", convertible=False),
    Unit("sãoToméAndPríncipeDobra", "Currency", convertible=False),
    Unit("syrianPound", "Currency", convertible=False),
    Unit("swaziLilangeni", "Currency", convertible=False),
    Unit("thaiBaht", "Currency", convertible=False),
    Unit("tajikistaniSomoni", "Currency", convertible=False),
    Unit("turkmenistaniManat", "Currency", convertible=False),
    Unit("azerbaijaniManat", "Currency", convertible=False),
    Unit("tunisianDinar", "Currency", convertible=False),
    Unit("tonganPaanga", "Currency", convertible=False),
    Unit("turkishLira", "Currency", convertible=False),
    Unit("trinidadAndTobagoDollar", "Currency", convertible=False),
    Unit("newTaiwanDollar", "Currency", convertible=False),
    Unit("tanzanianShilling", "Currency", convertible=False),
    Unit("ukrainianHryvnia", "Currency", convertible=False),
    Unit("ugandaShilling", "Currency", convertible=False),
    Unit("uruguayanPeso", "Currency", convertible=False),
    Unit("venezuelanBolívar", "Currency", convertible=False),
    Unit("vanuatuVatu", "Currency", convertible=False),
    Unit("samoanTala", "Currency", convertible=False),
    Unit("centralAfricanCfaFranc", "Currency", convertible=False),
    Unit("eastCaribbeanDollar", "Currency", convertible=False),
    Unit("westAfricanCfaFranc", "Currency", convertible=False),
    Unit("cfpFranc", "Currency", convertible=False),
    Unit("yemeniRial", "Currency", convertible=False),
    Unit("southAfricanRand", "Currency", convertible=False),
    Unit("zimbabweanDollar", "Currency", convertible=False),
    # Density
    Unit("kilogramPerCubicMetre", "Density", standard=True),
    Unit("kilogramPerLitre", "Density", 1000.0),
    Unit("gramPerCubicCentimetre", "Density", 1000.0),
    Unit("gramPerMillilitre", "Density", 1000.0),
    # Energy
    Unit("joule", "Energy", standard=True),
    Unit("kilojoule", "Energy", 1000.0),
    Unit("erg", "Energy", 1e-07),
    Unit("milliwattHour", "Energy", 3.6),
    Unit("wattHour", "Energy", 3600.0),
    Unit("kilowattHour", "Energy", 3600000.0),
    Unit("megawattHour", "Energy", 3600000000.0),
    Unit("gigawattHour", "Energy", 3600000000000.0),
    Unit("terawattHour", "Energy", 3600000000000000.0),
    Unit("millicalorie", "Energy", 0.0041868),
    Unit("calorie", "Energy", 4.1868),
    Unit("kilocalorie", "Energy", 4186.8),
    Unit("megacalorie", "Energy", 4186800.0),
    Unit("inchPound", "Energy", 0.11298482902),
    Unit("footPound", "Energy", 1.3558179483),
    # FlowRate
    Unit("cubicMetrePerSecond", "FlowRate", standard=True),
    Unit("cubicFeetPerSecond", "FlowRate", 0.028316846592),
    Unit("cubicMetrePerYear", "FlowRate", 3.1709791983765e-08),
    Unit("cubicFeetPerYear", "FlowRate", 8.9792131512047e-10),
    # Force
    Unit("newton", "Force", standard=True),
    Unit("nanonewton", "Force", 1e-09),
    Unit("millinewton", "Force", 0.001),
    Unit("kilonewton", "Force", 1000.0),
    Unit("meganewton", "Force", 1000000.0),
    Unit("giganewton", "Force", 1000000000.0),
    Unit("tonneForce", "Force", 9806.65),
    Unit("megapond", "Force", 9806.65),
    Unit("kilogramForce", "Force", 9.80665),
    Unit("kilopond", "Force", 9.80665),
    Unit("gramForce", "Force", 0.00980665),
    Unit("pond", "Force", 0.00980665),
    Unit("milligramForce", "Force", 9.80665e-06),  # DBpedia: 0.00980665
    Unit("millipond", "Force", 9.80665e-06),  # DBpedia: 0.00980665
    Unit("poundal", "Force", 0.138254954376),  # DBpedia: 0.1383
    # Frequency
    Unit("hertz", "Frequency", standard=True),
    Unit("millihertz", "Frequency", 0.001),
    Unit("kilohertz", "Frequency", 1000.0),
    Unit("megahertz", "Frequency", 1000000.0),
    Unit("gigahertz", "Frequency", 1000000000.0),
    Unit("terahertz", "Frequency", 1000000000000.0),
    # FuelEfficiency
    Unit("kilometresPerLitre", "FuelEfficiency", standard=True),
    # InformationUnit
    Unit("byte", "InformationUnit", standard=True),
    Unit("bit", "InformationUnit", 0.125),
    Unit("kilobit", "InformationUnit", 128.0),
    Unit("megabit", "InformationUnit", 131072.0),
    Unit("kilobyte", "InformationUnit", 1000.0),
    Unit("megabyte", "InformationUnit", 1000000.0),
    Unit("gigabyte", "InformationUnit", 1000000000.0),
    Unit("terabyte", "InformationUnit", 1000000000000.0),
    # Length
    Unit("metre", "Length", standard=True),
    Unit("nanometre", "Length", 1e-09),
    Unit("micrometre", "Length", 1e-06),
    Unit("millimetre", "Length", 0.001),
    Unit("centimetre", "Length", 0.01),
    Unit("decimetre", "Length", 0.1),
    Unit("decametre", "Length", 10.0),
    Unit("hectometre", "Length", 100.0),
    Unit("kilometre", "Length", 1000.0),
    Unit("megametre", "Length", 1000000.0),
    Unit("gigametre", "Length", 1000000000.0),
    Unit("inch", "Length", 0.0254),
    Unit("hand", "Length", 0.1016),
    Unit("foot", "Length", 0.3048),
    Unit("yard", "Length", 0.9144),
    Unit("fathom", "Length", 1.8288),
    Unit("rod", "Length", 5.0292),
    Unit("chain", "Length", 20.1168),
    Unit("furlong", "Length", 201.168),
    Unit("mile", "Length", 1609.344),
    Unit("nautialMile", "Length", 1852.0),  # DBpedia: 1852.01; the nautical mile is 1852 m
    Unit("astronomicalUnit", "Length", 149597870700.0),
    Unit("lightYear", "Length", 9460730472580800.0),
    Unit("kilolightYear", "Length", 9.4607304725808e+18),
    # Mass
    Unit("gram", "Mass", standard=True),
    Unit("milligram", "Mass", 0.001),
    Unit("kilogram", "Mass", 1000.0),
    Unit("tonne", "Mass", 1000000.0),
    Unit("stone", "Mass", 6350.29318),
    Unit("pound", "Mass", 453.59237),  # DBpedia: 453.6
    Unit("ounce", "Mass", 28.349523125),  # DBpedia: 28.35
    Unit("grain", "Mass", 0.06479891),  # DBpedia: 0.0648
    Unit("carat", "Mass", 0.2),
    # PopulationDensity
    Unit("inhabitantsPerSquareKilometre", "PopulationDensity", standard=True),
    Unit("inhabitantsPerSquareMile", "PopulationDensity", 0.3861021585424459),
    # Power
    Unit("watt", "Power", standard=True),
    Unit("kilowatt", "Power", 1000.0),
    Unit("milliwatt", "Power", 0.001),
    Unit("megawatt", "Power", 1000000.0),
    Unit("gigawatt", "Power", 1000000000.0),
    Unit("horsepower", "Power", 745.69987158227022),  # DBpedia: 745.72218; mechanical hp
    Unit("pferdestaerke", "Power", 735.49875),
    Unit("brakeHorsepower", "Power", 745.7),
    # ElectricCurrent
    Unit("ampere", "ElectricCurrent", standard=True),
    Unit("kiloampere", "ElectricCurrent", 1000.0),
    Unit("milliampere", "ElectricCurrent", 0.001),
    Unit("microampere", "ElectricCurrent", 1e-06),
    # Voltage
    Unit("volt", "Voltage", standard=True),
    Unit("megavolt", "Voltage", 1000000.0),
    Unit("kilovolt", "Voltage", 1000.0),
    Unit("millivolt", "Voltage", 0.001),
    Unit("microvolt", "Voltage", 1e-06),
    # Pressure
    Unit("pascal", "Pressure", standard=True),
    Unit("millipascal", "Pressure", 0.001),
    Unit("hectopascal", "Pressure", 0.01),
    Unit("kilopascal", "Pressure", 1000.0),
    Unit("megapascal", "Pressure", 1000000.0),
    Unit("millibar", "Pressure", 100.0),
    Unit("decibar", "Pressure", 10000.0),
    Unit("bar", "Pressure", 100000.0),
    Unit("standardAtmosphere", "Pressure", 101325.0),
    Unit("poundPerSquareInch", "Pressure", 6894.7572932),
    # Speed
    Unit("kilometrePerHour", "Speed", standard=True),
    Unit("metrePerSecond", "Speed", 3.6),
    Unit("kilometrePerSecond", "Speed", 3600.0),
    Unit("milePerHour", "Speed", 1.609344),  # DBpedia: 1.60934
    Unit("footPerSecond", "Speed", 1.09728),  # DBpedia: 0.0003048333333
    Unit("footPerMinute", "Speed", 0.018288),  # DBpedia: 0.01829
    Unit("knot", "Speed", 1.852),
    # Temperature
    Unit("kelvin", "Temperature", standard=True),
    Unit("degreeCelsius", "Temperature", 1.0, offset=273.15),
    Unit("degreeFahrenheit", "Temperature", 0.5555555555555556, offset=459.67),
    Unit("degreeRankine", "Temperature", 0.5555555555555556),
    # Time
    Unit("second", "Time", standard=True),
    Unit("millisecond", "Time", 0.001),
    Unit("microsecond", "Time", 1e-06),
    Unit("nanosecond", "Time", 1e-09),
    Unit("minute", "Time", 60.0),
    Unit("hour", "Time", 3600.0),
    Unit("day", "Time", 86400.0),
    # Torque
    Unit("newtonMetre", "Torque", standard=True),
    Unit("newtonMillimetre", "Torque", 0.001),
    Unit("newtonCentimetre", "Torque", 0.01),  # DBpedia: 0.001
    Unit("poundFoot", "Torque", 1.3558179483314),
    # Volume
    Unit("cubicMetre", "Volume", standard=True),
    Unit("cubicMillimetre", "Volume", 1e-09),
    Unit("cubicCentimetre", "Volume", 1e-06),
    Unit("cubicDecimetre", "Volume", 0.001),
    Unit("cubicDecametre", "Volume", 1000.0),
    Unit("cubicHectometre", "Volume", 1000000.0),
    Unit("cubicKilometre", "Volume", 1000000000.0),
    Unit("microlitre", "Volume", 1e-09),
    Unit("millilitre", "Volume", 1e-06),
    Unit("centilitre", "Volume", 1e-05),
    Unit("decilitre", "Volume", 0.0001),
    Unit("litre", "Volume", 0.001),
    Unit("hectolitre", "Volume", 0.1),
    Unit("kilolitre", "Volume", 1.0),
    Unit("megalitre", "Volume", 1000.0),
    Unit("gigalitre", "Volume", 1000000.0),
    Unit("cubicMile", "Volume", 4168181825.4406),
    Unit("cubicYard", "Volume", 0.764554857984),  # DBpedia: 0.764692
    Unit("cubicFoot", "Volume", 0.028316846592),  # DBpedia: 0.0283219
    Unit("cubicInch", "Volume", 1.6387064e-05),  # DBpedia: 1.639e-05
    Unit("imperialBarrel", "Volume", 0.163659),
    Unit("usBarrel", "Volume", 0.11924),
    Unit("imperialBarrelOil", "Volume", 0.159113),
    Unit("usBarrelOil", "Volume", 0.158987),
    Unit("imperialGallon", "Volume", 0.00454609),
    Unit("usGallon", "Volume", 0.00378541178),
    # LinearMassDensity
    Unit("gramPerKilometre", "LinearMassDensity", standard=True),
    # Ratio
    Unit("perCent", "Ratio", 0.01),
    Unit("perMil", "Ratio", 0.001),
)

UNITS: dict[str, Unit] = {u.name: u for u in _UNITS}
"""Every unit by name (``kilometre``)."""

DIMENSIONS: frozenset[str] = frozenset(u.dimension for u in _UNITS)
"""The dimension names (``Length``, ``Area`` …); each is a datatype too."""

STANDARD: dict[str, Unit] = {u.dimension: u for u in _UNITS if u.standard}
"""The standard unit of each dimension that has one (``Length`` → ``metre``)."""


def unit_of(iri_or_name: str) -> Unit | None:
    """The unit named by a name or a ``http://dbpedia.org/datatype/…`` IRI."""
    name = iri_or_name[len(vocab.DBT):] if iri_or_name.startswith(vocab.DBT) else iri_or_name
    return UNITS.get(name)


def dimension_of(iri_or_name: str) -> str | None:
    """The dimension a unit or dimension datatype measures (``kilometre`` → ``Length``)."""
    name = iri_or_name[len(vocab.DBT):] if iri_or_name.startswith(vocab.DBT) else iri_or_name
    if name in DIMENSIONS:
        return name
    unit = UNITS.get(name)
    return unit.dimension if unit else None
