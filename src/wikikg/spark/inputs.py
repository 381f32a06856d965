"""Planning the input partitions of each dump on the driver, without reading the dump.

The driver reads only a dump's head (``<mediawiki>`` and ``<siteinfo>``: the edition's namespaces,
which every executor needs) and decides how the executors will cut it:

``multistream``
    a bz2 multistream dump with its index beside it (:mod:`wikikg.dump.multistream`): partitions are byte
    ranges of whole streams, planned from the index; each executor task seeks, decompresses its
    streams with Python's bz2 and parses the pages.  The fastest way, for dumps on a disk every
    executor mounts.
``hadoop``
    a plain XML or bz2 file (a local path, or any URL Hadoop reads: ``hdfs://``, ``s3a://``,
    ``gs://``, ``file://``): Hadoop's ``TextInputFormat`` with the record delimiter ``</page>``
    splits it into byte ranges (bz2 at its block boundaries, Hadoop's ``BZip2Codec`` being
    splittable) and hands each task whole pages.
``stream``
    what cannot be split — gzip and xz, UTF-16 and other non-UTF-8 encodings: one executor task
    reads the file with the local engine's :class:`~wikikg.dump.xml.DumpReader` (its recoveries
    and warnings included) and the pages are spread over partitions by a shuffle.  Recompress such
    a dump as bz2 to read it in parallel.
"""

from __future__ import annotations

import codecs
import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikikg.dump.compression import open_dump, sniff
from wikikg.dump.editions import language_from_dbname, language_from_filename
from wikikg.dump.multistream import (
    ByteRange,
    check_stream_starts,
    index_path_for,
    plan_ranges,
    read_stream_offsets,
)
from wikikg.dump.page import SiteInfo
from wikikg.dump.xml import DumpReader
from wikikg.errors import InputError
from wikikg.pipeline.config import is_url

MULTISTREAM = "multistream"
HADOOP = "hadoop"
STREAM = "stream"

#: bytes of decompressed head the driver reads from a Hadoop URL to find ``<siteinfo>``
HEAD_BYTES = 4 << 20
#: the smallest split worth a task (a bz2 block holds up to 900 kB of text, ~250 kB compressed)
MIN_SPLIT = 256 << 10

_XML_DECL_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
#: extensions for which Hadoop would pick a codec (CompressionCodecFactory's defaults)
_HADOOP_CODEC_EXTENSIONS = (".bz2", ".gz", ".deflate", ".zst", ".lz4", ".snappy")
#: characters Hadoop's input paths read as a list or glob pattern, which cannot all be escaped
_HADOOP_PATTERN = re.compile(r"[\\,{}\[\]*?]")


@dataclass(frozen=True)
class Source:
    """One input dump as the executors will read it."""

    index: int  #: position among the run's inputs (names its partitions: ``s003-p00042``)
    location: str  #: a local path, or a URL Hadoop reads
    lang: str
    site: SiteInfo
    mode: str  #: :data:`MULTISTREAM`, :data:`HADOOP` or :data:`STREAM`
    size: int
    ranges: tuple[ByteRange, ...] = ()  #: the byte ranges (multistream)
    split_bytes: int = 0  #: the largest split Hadoop may make (hadoop)
    index_file: str | None = None
    notes: tuple[str, ...] = ()  #: warnings about the input itself

    @property
    def is_local(self) -> bool:
        return not is_url(self.location)

    @property
    def name(self) -> str:
        return self.location.rstrip("/").rsplit("/", 1)[-1]

    def hadoop_path(self) -> str:
        """The location as a Hadoop path: ``file://`` for a local file (its path holds none of the
        characters Hadoop reads as a pattern: :func:`plan_source` sees to that)."""
        return self.location if is_url(self.location) else "file://" + str(Path(self.location).resolve())

    def report(self) -> dict[str, Any]:
        site = self.site
        return {"sitename": site.sitename, "dbname": site.dbname, "base": site.base,
                "generator": site.generator, "namespaces": len(site.namespaces)}


def split_bytes_for(size: int, parallelism: int, max_split: int) -> int:
    """Split size giving each core about two tasks, between :data:`MIN_SPLIT` and ``max_split``.

    >>> split_bytes_for(3_600_000, 2, 64 << 20), split_bytes_for(20 << 30, 64, 64 << 20) == 64 << 20
    (900000, True)
    """
    return max(MIN_SPLIT, min(max_split, math.ceil(size / max(1, 2 * parallelism))))


def plan_source(index: int, location: str, lang: str | None, *, parallelism: int, max_split: int,
                multistream_index: str | None = None, spark: Any = None, explicit: bool = False) -> Source:
    """Decide how the executors read one input; read its head for ``<siteinfo>``.

    ``lang`` is the edition (given with ``--lang`` when ``explicit``, else from the file name).
    """
    if is_url(location):
        return _plan_url(index, location, lang, parallelism, max_split, spark, explicit)
    path = Path(location)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    lang = lang or language_from_filename(path.name)
    site, notes = _siteinfo(path, lang, explicit)
    size = path.stat().st_size
    with open_dump(path) as stream:
        compression = stream.compression
        first = stream.read_block(4096)
    common: dict[str, Any] = {"index": index, "location": str(path), "lang": site.lang, "site": site,
                              "size": size, "notes": tuple(notes)}
    if compression not in ("bz2", "plain") or needs_transcoding(first):
        return Source(mode=STREAM, **common)
    idx = Path(multistream_index) if multistream_index else (index_path_for(path) if compression == "bz2" else None)
    if idx is not None:
        if compression != "bz2":
            raise InputError(f"{path}: a multistream index was given but the dump is not bz2")
        ranges = plan_ranges(read_stream_offsets(idx), size, split_bytes_for(size, parallelism, max_split))
        check_stream_starts(path, ranges)
        return Source(mode=MULTISTREAM, ranges=tuple(ranges), index_file=str(idx), **common)
    if not hadoop_can_read(path.name, compression):
        return Source(mode=STREAM, **common)
    if _HADOOP_PATTERN.search(str(path.resolve())):
        note = (f"{path}: Hadoop reads ',{{}}[]*?\\' in a path as a pattern, so one task reads the file "
                "whole; rename it to read it in parallel")
        return Source(mode=STREAM, **{**common, "notes": (*notes, note)})
    return Source(mode=HADOOP, split_bytes=split_bytes_for(size, parallelism, max_split), **common)


def hadoop_can_read(name: str, compression: str) -> bool:
    """Whether Hadoop's text input reads this file as it is: plain, or bz2 named ``.bz2`` (Hadoop
    picks its codec by the file name's extension).

    >>> hadoop_can_read("a.xml", "plain"), hadoop_can_read("a.xml.bz2", "bz2"), hadoop_can_read("a.dat", "bz2")
    (True, True, False)
    """
    if compression == "bz2":
        return name.endswith(".bz2")
    return compression == "plain" and not name.endswith(_HADOOP_CODEC_EXTENSIONS)


def needs_transcoding(first: bytes) -> bool:
    """Whether the decompressed head says UTF-16 or a declared non-UTF-8 encoding (not splittable as text).

    >>> needs_transcoding(b"<?xml version='1.0' encoding='utf-8'?><mediawiki>"), needs_transcoding(b"\\xff\\xfe<\\x00")
    (False, True)
    """
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")):
        return True
    d = _XML_DECL_ENCODING.match(first.removeprefix(codecs.BOM_UTF8))
    if d is None:
        return False
    try:
        return codecs.lookup(d.group(1).decode("ascii")).name not in ("utf-8", "ascii")
    except LookupError:
        return True


def _siteinfo(path: Path, lang: str | None, explicit: bool) -> tuple[SiteInfo, list[str]]:
    """The edition's ``<siteinfo>`` as the local reader reads it (the head of the file only), and
    the local engine's warnings about it."""
    notes: list[str] = []
    with DumpReader(path, lang=lang, prefetch=False) as reader:
        site = reader.siteinfo
        notes.extend(reader.warnings)
        declared_db = getattr(reader, "declared_dbname", None) or site.dbname
    declared = language_from_dbname(declared_db)
    if lang and declared and declared != lang:
        notes.append(f"{path.name}: its <siteinfo> describes {declared_db!r}, but the file is read as the "
                     f"{lang!r} edition ({'--lang' if explicit else 'its file name'} wins)")
    return site, notes


def _plan_url(index: int, url: str, lang: str | None, parallelism: int, max_split: int, spark: Any,
              explicit: bool) -> Source:
    """A dump at a Hadoop URL: its size and head through the driver's Hadoop file system client."""
    if spark is None:
        raise InputError(f"{url}: a URL input needs the Spark session")
    if _HADOOP_PATTERN.search(url):
        raise InputError(f"{url}: Hadoop reads ',{{}}[]*?\\' in a path as a pattern: rename the file")
    sc = spark.sparkContext
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    hpath = jvm.org.apache.hadoop.fs.Path(url)
    try:
        fs = hpath.getFileSystem(conf)
        if not fs.exists(hpath):
            raise InputError(f"{url}: no such file")
        size = int(fs.getFileStatus(hpath).getLen())
        codec = jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(hpath)
        stream = fs.open(hpath)
        try:
            raw = codec.createInputStream(stream) if codec is not None else stream
            head = bytes(raw.readNBytes(HEAD_BYTES))
        finally:
            stream.close()
    except InputError:
        raise
    except Exception as e:  # py4j carries the Java exception: one line of it is what the user needs
        raise InputError(f"{url}: cannot read it through Hadoop ({str(e).splitlines()[0] if str(e) else e})") from None
    kind = sniff(head[:8])
    if kind != "plain":
        raise InputError(f"{url}: Hadoop cannot decompress this {kind} file (name it .bz2 if it is bz2; "
                         "recompress xz or 7z dumps as bz2)")
    if needs_transcoding(head[:4096]):
        raise InputError(f"{url}: not UTF-8 (UTF-16?): convert it to UTF-8, or read it from a local disk")
    lang = lang or language_from_filename(url.rstrip("/").rsplit("/", 1)[-1])
    with tempfile.TemporaryDirectory(prefix="wikikg-head-") as d:
        head_file = Path(d, "head.xml")
        head_file.write_bytes(head)
        site, notes = _siteinfo(head_file, lang, explicit)
    notes = [n.replace(str(head_file), url) for n in notes]
    return Source(index=index, location=url, lang=site.lang, site=site, mode=HADOOP, size=size,
                  split_bytes=split_bytes_for(size, parallelism, max_split), notes=tuple(notes))
