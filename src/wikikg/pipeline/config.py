"""The extraction's configuration: built once (from the command line or from keywords), checked once,
then read by the local engine (:mod:`wikikg.pipeline.run`) and the Spark engine (:mod:`wikikg.spark.job`).

:class:`ExtractConfig` is frozen: a run never changes what it was asked.  Its options are checked
before the pass, in one place, so that a mistake costs no time and reads the same whichever engine
runs; each mistake raises :class:`~wikikg.errors.ConfigError` (or :class:`~wikikg.errors.InputError`
for a missing input) with one line.  ``wikikg extract`` and the spark-submit entry point build their
parsers with :meth:`ExtractConfig.add_arguments` and read them with :meth:`ExtractConfig.from_args`.

>>> c = ExtractConfig(("a.xml",), Path("out"), extractors=("labels",), check_inputs=False)
>>> c.extractor_names, c.options["canonical"]
(('labels',), 'en')
>>> ExtractConfig(("a.xml",), Path("out"), jobs=0, check_inputs=False)
Traceback (most recent call last):
wikikg.errors.ConfigError: --jobs must be at least 1
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from wikikg.dump.editions import language_from_filename
from wikikg.errors import ConfigError, InputError
from wikikg.extractors import registry
from wikikg.extractors.base import Extractor
from wikikg.pipeline import canonical, langlinks
from wikikg.rdf.datasets import COMPRESSIONS

ENGINES = ("local", "spark")
#: the largest input split of the Spark engine, in MB (Hadoop splits and multistream byte ranges)
DEFAULT_SPLIT_MB = 64.0
#: how the Spark engine's tests make every task's first attempt fail (see :mod:`wikikg.spark.task`)
FAILURE_MODES = ("raise", "exit")


def is_url(location: str) -> bool:
    """A URL with a scheme Hadoop resolves (``hdfs://…``, ``s3a://…``, ``file:///…``), not a local path.

    >>> is_url("s3a://dumps/enwiki.xml.bz2"), is_url("/data/enwiki.xml.bz2"), is_url("C:/x.xml")
    (True, False, False)
    """
    scheme = urlparse(location).scheme
    return len(scheme) > 1


@dataclass(frozen=True)
class ExtractConfig:
    """What one extraction was asked, checked (see the module).

    ``extractors`` are names as given (extractor or group names, each possibly comma-separated);
    ``selected`` are the classes they resolve to — with ``page-ids`` added when ``--langlinks``
    files are joined, since the join maps page ids to titles through the pass's ids.  ``options``
    are the extractors' options (``mappings_dir``, ``langlinks``, ``canonical`` …), ``canonical``
    normalized.  ``indexes``, ``split_mb``, ``master`` and ``inject_failure`` are the Spark engine's.
    """

    inputs: tuple[str, ...]
    out: Path
    extractors: tuple[str, ...] | None = None
    jobs: int = 1
    compress: str = "gz"
    lang: str | None = None
    base: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    progress: bool | None = None  #: None: a bar when stderr is a terminal
    engine: str = "local"
    master: str | None = None
    indexes: Mapping[str, str] = field(default_factory=dict)
    split_mb: float = DEFAULT_SPLIT_MB
    inject_failure: str | None = None
    check_inputs: bool = True  #: whether the input files must exist (off for doctests only)
    selected: tuple[type[Extractor], ...] = field(init=False, repr=False, compare=False)
    languages: tuple[str | None, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "inputs", tuple(str(p) for p in self.inputs))
        set_(self, "out", Path(self.out))
        set_(self, "extractors", tuple(self.extractors) if self.extractors else None)
        self._check_options()
        if self.check_inputs:
            self._check_inputs()
        names = list(self.extractors) if self.extractors else None
        options = dict(self.options)
        if names and options.get("langlinks"):
            names.append("page-ids")  # the langlinks join maps page ids to titles through the pass's ids
        set_(self, "selected", tuple(registry.select(names)))
        langlinks.langlinks_files(options)
        options["canonical"] = canonical.canonical_edition(options)
        set_(self, "options", options)  # plain dicts: pickled to Spark's executors
        set_(self, "indexes", dict(self.indexes))
        set_(self, "languages", tuple(resolve_languages(self.inputs, self.lang)))

    def _check_options(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r} (choose {', '.join(ENGINES)})")
        if self.base and not self.base.startswith(("http://", "https://")):
            raise ConfigError(f"--base must be an http(s) IRI, not {self.base!r}")
        if self.compress not in COMPRESSIONS:
            raise ConfigError(f"unknown compression {self.compress!r} (choose gz, bz2 or none)")
        if self.jobs < 1:
            raise ConfigError("--jobs must be at least 1")
        if self.inject_failure is not None and self.inject_failure not in FAILURE_MODES:
            raise ConfigError(f"unknown failure mode {self.inject_failure!r} (choose {', '.join(FAILURE_MODES)})")
        if self.split_mb <= 0:
            raise ConfigError("the split size must be positive")
        if self.engine == "spark" and is_url(str(self.out)):
            raise ConfigError(f"the output folder must be a path on a disk the driver and the executors share, "
                              f"not {str(self.out)!r}")

    def _check_inputs(self) -> None:
        for loc in self.inputs:
            if self.engine == "spark":
                if not is_url(loc) and not Path(loc).exists():
                    raise InputError(f"{loc}: no such file")
                continue
            p = Path(loc)
            if not p.exists():
                raise InputError(f"{p}: no such file")
            if not p.is_file():
                raise InputError(f"{p}: not a file")

    @property
    def extractor_names(self) -> tuple[str, ...]:
        """The names of the selected extractors, in the registry's order."""
        return tuple(c.name for c in self.selected)

    @property
    def explicit_lang(self) -> bool:
        """The language was given, not taken from file names."""
        return bool(self.lang)

    # --- the command line -----------------------------------------------------------------------
    @staticmethod
    def add_arguments(p: argparse.ArgumentParser) -> None:
        """The options of ``wikikg extract`` (also the spark-submit entry point's)."""
        p.add_argument("dumps", nargs="+", metavar="DUMP",
                       help="dump files (the spark engine also takes hdfs://, s3a:// … URLs)")
        p.add_argument("-o", "--out", type=Path, required=True,
                       help="output folder: one run at a time (a second is refused); the previous finished run "
                            "stays until the new one is published whole")
        p.add_argument("--lang", help="edition language: one for all dumps, or one per dump comma-separated "
                                      "(default: the file name's wiki prefix, else <siteinfo>)")
        p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
        p.add_argument("--extractors", "-e", action="append", metavar="NAMES",
                       help="extractor or group names, comma-separated (default: all); groups: "
                            + ", ".join(sorted(registry.groups())))
        p.add_argument("--compress", choices=["gz", "bz2", "none"], default="gz", help="output compression")
        p.add_argument("--base", help="resource namespace instead of http://{lang}.dbpedia.org/resource/")
        p.add_argument("--mappings", type=Path, metavar="DIR",
                       help="folder with ontology/ and mappings/ (default: DBpedia's, downloaded once and cached)")
        p.add_argument("--mappings-url", metavar="URL",
                       help="where to download DBpedia's ontology and mappings from "
                            "(default: DBpedia's published files)")
        p.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="where downloaded ontology and mappings are kept (default ~/.cache/wikikg)")
        p.add_argument("--langlinks", type=Path, action="append", metavar="FILE",
                       help="a langlinks SQL table dump ({lang}wiki-…-langlinks.sql.gz); may be repeated")
        p.add_argument("--canonical", default="en", metavar="LANG",
                       help="the edition whose IRIs the canonical view uses (default en)")
        p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar (default: when stderr is a terminal)")
        p.add_argument("--engine", choices=list(ENGINES), default="local",
                       help="local: this machine's processes (--jobs); spark: a PySpark job (see README, Scaling out)")
        p.add_argument("--master", metavar="URL",
                       help="Spark master for --engine spark (local[4], spark://host:7077, yarn, k8s://…; "
                            "default: spark-submit's, else local[*])")
        p.add_argument("--index", action="append", metavar="DUMP=INDEX",
                       help="--engine spark: the multistream index of DUMP "
                            "(default: found beside it by Wikimedia's name)")
        p.add_argument("--split-mb", type=float, default=DEFAULT_SPLIT_MB, metavar="N",
                       help=f"--engine spark: the largest input partition, in MB of the input file "
                            f"(default {DEFAULT_SPLIT_MB:g})")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ExtractConfig:
        """The configuration of parsed :meth:`add_arguments` options (checked)."""
        options: dict[str, Any] = {"canonical": args.canonical}
        if args.mappings:
            options["mappings_dir"] = str(args.mappings)
        if args.mappings_url:
            options["mappings_url"] = args.mappings_url
        if args.cache_dir:
            options["cache_dir"] = str(args.cache_dir)
        if args.langlinks:
            options["langlinks"] = [str(p) for p in args.langlinks]
        indexes: dict[str, str] = {}
        for item in args.index or []:
            dump, eq, index = item.partition("=")
            if not eq or not dump or not index:
                raise ConfigError(f"--index takes DUMP=INDEX, not {item!r}")
            indexes[dump] = index
        return cls(tuple(args.dumps), args.out, extractors=args.extractors, jobs=args.jobs, compress=args.compress,
                   lang=args.lang, base=args.base, options=options, progress=args.progress, engine=args.engine,
                   master=args.master, indexes=indexes, split_mb=args.split_mb)


def resolve_languages(paths: Sequence[Path | str], lang: str | None) -> list[str | None]:
    """The language of each input: given (one for all, or one per input, comma-separated), else the
    file name's Wikimedia prefix, else ``None`` (the reader then takes ``<siteinfo>``).

    >>> resolve_languages(["dewiki-latest-pages-articles.xml.bz2", "x.xml"], None)
    ['de', None]
    >>> resolve_languages(["a.xml", "b.xml", "c.xml"], "en,de")
    Traceback (most recent call last):
    wikikg.errors.ConfigError: --lang names 2 languages for 3 dumps: give one, or one per dump
    """
    given = [s.strip() for s in lang.split(",")] if lang else []
    if given and len(given) not in (1, len(paths)):
        raise ConfigError(f"--lang names {len(given)} languages for {len(paths)} dumps: give one, or one per dump")
    out: list[str | None] = []
    for i, p in enumerate(paths):
        if given:
            out.append(given[0] if len(given) == 1 else given[i])
        else:
            out.append(language_from_filename(Path(p).name))
    return out
