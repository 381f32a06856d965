"""What a Wikimedia dump run publishes, and which run to take.

Wikimedia's dump servers (and their mirrors, which copy the same tree) lay a run out as::

    {mirror}/{wiki}/                         an index page linking one folder per run, 20240101/ …
    {mirror}/{wiki}/{date}/{wiki}-{date}-pages-articles-multistream.xml.bz2
    {mirror}/{wiki}/{date}/{wiki}-{date}-pages-articles-multistream-index.txt.bz2
    {mirror}/{wiki}/{date}/{wiki}-{date}-langlinks.sql.gz            … one file per "kind"
    {mirror}/{wiki}/{date}/{wiki}-{date}-sha1sums.txt               "<hex>  <file name>" per line
    {mirror}/{wiki}/{date}/{wiki}-{date}-md5sums.txt
    {mirror}/{wiki}/{date}/dumpstatus.json                         every job's status and files

``dumpstatus.json`` (the dumps' "status API", version 0.8) reads
``{"jobs": {"articlesmultistreamdump": {"status": "done", "updated": "…", "files":
{"<file name>": {"size": …, "url": "…", "md5": "…", "sha1": "…"}}}, …}, "version": "0.8"}``.
A run is written over about two weeks, so the newest folder is often unfinished: "latest" means
the newest run in which every requested file is done.  The checksum files list only finished
files; ``dumpstatus.json`` tells finished from running jobs and gives the sizes.

A *kind* is what follows ``{wiki}-{date}-`` up to the extension: ``pages-articles``,
``pages-articles-multistream``, ``langlinks``, ``page``, ``redirect``, ``categorylinks`` …  Large
wikis also publish each kind in numbered pieces (``pages-articles1.xml-p1p41242.bz2``); we take
the whole, recombined file, which every wiki has.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wikikg.dump.editions import is_language
from wikikg.errors import ConfigError
from wikikg.fetch.http import FetchError, HttpClient, NotFound

log = logging.getLogger(__name__)

DEFAULT_MIRROR = "https://dumps.wikimedia.org"
DEFAULT_KINDS: tuple[str, ...] = ("pages-articles-multistream", "langlinks")

#: Files that go with a kind: the multistream dump is only useful with its offset index.
COMPANIONS: Mapping[str, tuple[str, ...]] = {
    "pages-articles-multistream": ("pages-articles-multistream-index",),
    "pages-meta-current-multistream": ("pages-meta-current-multistream-index",),
}

#: When a kind comes in several compressions, the first of these wins (7z is the slowest to read).
_EXT_PREFERENCE = (".bz2", ".gz", ".xz", ".json", ".txt", ".7z")

#: How many of the newest runs "latest" looks into before giving up.
LATEST_TRIES = 6

_WIKI = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{8}$")
_RUN_LINK = re.compile(r'href="(?:\./)?(\d{8})/?"')


@dataclass(frozen=True)
class Checksum:
    """A published digest: ``algorithm`` is a :mod:`hashlib` name (``sha1``, ``md5``)."""

    algorithm: str
    hexdigest: str

    def hasher(self) -> Any:  # hashlib's _Hash is private; Any keeps mypy honest about it
        return hashlib.new(self.algorithm)


@dataclass(frozen=True)
class DumpFile:
    """One published file of a run."""

    name: str
    url: str
    checksum: Checksum | None
    size: int | None = None
    status: str | None = None  # its job's status in dumpstatus.json; None when there is none

    @property
    def done(self) -> bool:
        return self.status in (None, "done")


@dataclass(frozen=True)
class DumpRun:
    """One dated run of one wiki: its folder URL and the files it lists."""

    wiki: str
    date: str
    url: str
    files: Mapping[str, DumpFile]

    @property
    def prefix(self) -> str:
        return f"{self.wiki}-{self.date}-"

    def kinds(self) -> list[str]:
        """The kinds this run offers as whole files, sorted."""
        return sorted({k for name in self.files if (k := self.kind_of(name)) is not None})

    def kind_of(self, name: str) -> str | None:
        """``enwiki-20240101-langlinks.sql.gz`` → ``langlinks``; ``None`` for pieces and others."""
        if not name.startswith(self.prefix):
            return None
        kind, dot, ext = name[len(self.prefix) :].partition(".")
        if not dot or "-" in ext or not kind:
            return None
        return kind

    def select(self, kinds: Iterable[str]) -> list[DumpFile]:
        """The files of ``kinds`` (and their companions), in order; a kind it lacks is a :class:`ConfigError`."""
        wanted: list[str] = []
        for kind in kinds:
            for k in (kind, *COMPANIONS.get(kind, ())):
                if k not in wanted:
                    wanted.append(k)
        chosen: list[DumpFile] = []
        missing: list[str] = []
        for kind in wanted:
            candidates = [f for name, f in self.files.items() if self.kind_of(name) == kind]
            if not candidates:
                missing.append(kind)
                continue
            chosen.append(min(candidates, key=lambda f: (_ext_rank(f.name), f.name)))
        if missing:
            raise ConfigError(
                f"{self.wiki} {self.date} has no {', '.join(missing)}; it offers: {', '.join(self.kinds())}"
            )
        return chosen


def _ext_rank(name: str) -> int:
    for i, ext in enumerate(_EXT_PREFERENCE):
        if name.endswith(ext):
            return i
    return len(_EXT_PREFERENCE)


def wiki_name(name: str) -> str:
    """The dump name of a wiki: ``enwiki`` as given; a language code becomes its Wikipedia.

    >>> wiki_name("simplewiki"), wiki_name("en"), wiki_name("zh-yue")
    ('simplewiki', 'enwiki', 'zh_yuewiki')
    """
    name = name.strip()
    if is_language(name):
        return f"{name.lower().replace('-', '_')}wiki"
    if not _WIKI.match(name):
        raise ConfigError(f"not a wiki's dump name: {name!r} (e.g. enwiki, simplewiki, dewiki)")
    return name


def parse_checksums(text: str, algorithm: str) -> dict[str, Checksum]:
    """A ``sha1sums.txt``/``md5sums.txt`` file (``sha1sum``'s output: digest, two spaces, name).

    >>> parse_checksums("da39a3ee5e6b4b0d3255bfef95601890afd80709  x.sql.gz\\n", "sha1")
    {'x.sql.gz': Checksum(algorithm='sha1', hexdigest='da39a3ee5e6b4b0d3255bfef95601890afd80709')}
    """
    out: dict[str, Checksum] = {}
    length = hashlib.new(algorithm).digest_size * 2
    for line in text.splitlines():
        parts = line.split(None, 1)
        if len(parts) != 2:
            continue
        digest, name = parts[0].lower(), parts[1].strip().lstrip("*")
        if len(digest) == length and all(c in "0123456789abcdef" for c in digest):
            out[name] = Checksum(algorithm, digest)
    return out


def parse_dumpstatus(data: Any) -> dict[str, tuple[str | None, int | None, Checksum | None]]:
    """``dumpstatus.json`` → file name → (job status, size, checksum: sha1, else md5)."""
    out: dict[str, tuple[str | None, int | None, Checksum | None]] = {}
    jobs = data.get("jobs") if isinstance(data, dict) else None
    if not isinstance(jobs, dict):
        return out
    for job in jobs.values():
        if not isinstance(job, dict):
            continue
        status = job.get("status")
        for name, meta in (job.get("files") or {}).items():
            if not isinstance(meta, dict):
                continue
            checksum = None
            for alg in ("sha1", "md5"):
                if isinstance(meta.get(alg), str) and meta[alg]:
                    checksum = Checksum(alg, meta[alg].lower())
                    break
            size = meta.get("size") if isinstance(meta.get("size"), int) else None
            out[name] = (status if isinstance(status, str) else None, size, checksum)
    return out


def run_url(mirror: str, wiki: str, date: str) -> str:
    return f"{mirror.rstrip('/')}/{wiki}/{date}/"


def list_runs(http: HttpClient, mirror: str, wiki: str) -> list[str]:
    """The dates of the runs the mirror holds for ``wiki``, newest first (from its index page)."""
    url = f"{mirror.rstrip('/')}/{wiki}/"
    try:
        page = http.get(url).body.decode("utf-8", "replace")
    except NotFound:
        raise FetchError(f"no dumps of {wiki!r} at {mirror} (is the name right? e.g. enwiki, simplewiki)") from None
    return sorted(set(_RUN_LINK.findall(page)), reverse=True)


def load_run(http: HttpClient, mirror: str, wiki: str, date: str) -> DumpRun:
    """Read a run's checksum files and status; a run with neither is a :class:`FetchError`."""
    base = run_url(mirror, wiki, date)
    checksums: dict[str, Checksum] = {}
    for alg in ("md5", "sha1"):  # sha1 last: it wins where both are published
        try:
            text = http.get(f"{base}{wiki}-{date}-{alg}sums.txt").body.decode("utf-8", "replace")
        except NotFound:
            continue
        checksums.update(parse_checksums(text, alg))
    status: dict[str, tuple[str | None, int | None, Checksum | None]] = {}
    try:
        raw = http.get(f"{base}dumpstatus.json").body
    except NotFound:
        pass
    else:
        try:
            status = parse_dumpstatus(json.loads(raw))
        except ValueError:
            log.warning("%sdumpstatus.json is not JSON; ignoring it", base)
    if not checksums and not status:
        raise NotFound(f"no dump run {wiki} {date} at {mirror} (no checksum files, no dumpstatus.json)")
    files: dict[str, DumpFile] = {}
    for name in sorted(set(checksums) | set(status)):
        job_status, size, status_sum = status.get(name, (None, None, None))
        files[name] = DumpFile(name, base + name, checksums.get(name) or status_sum, size, job_status)
    return DumpRun(wiki, date, base, files)


def find_run(
    http: HttpClient, mirror: str, wiki: str, date: str, kinds: Sequence[str]
) -> tuple[DumpRun, list[DumpFile]]:
    """The run to download from and its files of ``kinds``: ``date``, or for ``latest`` the newest complete one."""
    if date != "latest":
        if not _DATE.match(date):
            raise ConfigError(f"--date must be 'latest' or YYYYMMDD, not {date!r}")
        try:
            run = load_run(http, mirror, wiki, date)
        except NotFound as exc:
            raise FetchError(str(exc)) from None
        files = run.select(kinds)
        unfinished = [f"{f.name} ({f.status})" for f in files if not f.done]
        if unfinished:
            raise FetchError(f"not finished in the {date} run: {', '.join(unfinished)}")
        return run, files
    reasons: list[str] = []
    for candidate in list_runs(http, mirror, wiki)[:LATEST_TRIES]:
        try:
            run = load_run(http, mirror, wiki, candidate)
            files = run.select(kinds)
        except (NotFound, ConfigError) as exc:
            reasons.append(f"{candidate}: {exc}")
            continue
        unfinished = [f.name for f in files if not f.done]
        if unfinished:
            reasons.append(f"{candidate}: still running ({', '.join(unfinished)})")
            continue
        for reason in reasons:
            log.info("skipped run %s", reason)
        return run, files
    detail = "; ".join(reasons) if reasons else "the index lists no runs"
    raise FetchError(f"no complete run of {wiki} with {', '.join(kinds)} at {mirror}: {detail}")
