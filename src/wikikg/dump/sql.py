"""Streaming MediaWiki SQL table dumps (``{wiki}-{date}-{table}.sql.gz``) without a database.

Wikimedia publishes tables such as ``langlinks``, ``page``, ``redirect``, ``pagelinks`` and
``categorylinks`` as ``mysqldump`` output: a ``CREATE TABLE`` statement giving the columns, then
``INSERT INTO `t` VALUES (…),(…),…;`` statements, each on one (long) line.  Values are numbers,
``NULL`` or single-quoted strings with MySQL's backslash escapes (``\\'``, ``\\\\``, ``\\n``, ``\\0`` …).
The bytes of strings are UTF-8 (``varbinary`` columns); titles use underscores for spaces.

:func:`iter_rows` yields each row as a tuple, :func:`iter_records` as a dict keyed by the column
names of the ``CREATE TABLE`` statement; memory is bounded by one ``INSERT`` line.  Typed readers
follow for the tables wikikg uses, in both the old schema (titles inline) and the 2024 one where
``pagelinks`` / ``categorylinks`` point through ``pl_target_id`` / ``cl_target_id`` into the
``linktarget`` table (not part of these dumps: the ids are exposed as they are).

>>> import gzip, tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "t.sql.gz")
...     _ = p.write_bytes(gzip.compress(b"INSERT INTO `langlinks` VALUES (3354,'de','Berlin'),(3354,'fr','Berlin \\\\'x\\\\'');\\n"))
...     list(iter_rows(p))
[(3354, 'de', 'Berlin'), (3354, 'fr', "Berlin 'x'")]
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from wikikg.dump.compression import open_dump
from wikikg.errors import DumpFormatError

log = logging.getLogger("wikikg")

#: warnings of one file logged one by one; the rest are counted in its summary
MAX_LOGGED = 10
#: the start of lines of a table dump that are neither INSERT nor CREATE TABLE, and carry no rows
_OTHER_SQL = (b"--", b"/*", b"DROP", b"LOCK", b"UNLOCK", b"SET", b"USE", b"COMMIT", b"START TRANSACTION",
              b"BEGIN", b"ALTER")

Value = int | float | str | None
Row = tuple[Value, ...]

_INSERT = re.compile(rb"INSERT\s+INTO\s+`?([\w$]+)`?\s*(?:\(([^)]*)\))?\s*VALUES\s*", re.I)
_CREATE = re.compile(rb"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([\w$]+)`?", re.I)
_COLUMN = re.compile(rb"\s*`([^`]+)`\s+\w")
_FIELD = re.compile(rb"\s*(?:'((?:[^'\\]|\\.)*)'|(NULL)|([^,()'\s]+))\s*", re.S)
_ESCAPE = re.compile(rb"\\(.)", re.S)
# MySQL string escapes (MySQL reference manual, "String Literals", table 11.1)
_ESCAPES = {b"0": b"\x00", b"b": b"\b", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"Z": b"\x1a"}
_INT = re.compile(rb"[-+]?\d+\Z")


def _unescape(m: re.Match[bytes]) -> bytes:
    c = m.group(1)
    return _ESCAPES.get(c, c)


def _value(m: re.Match[bytes]) -> Value:
    s, null, bare = m.group(1, 2, 3)
    if s is not None:
        if b"\\" in s:
            s = _ESCAPE.sub(_unescape, s)
        return s.decode("utf-8", "replace")
    if null is not None:
        return None
    if _INT.match(bare):
        return int(bare)
    try:
        return float(bare)
    except ValueError:
        return bare.decode("ascii", "replace")


def parse_values(line: bytes, pos: int = 0) -> Iterator[Row]:
    """The rows of ``(…),(…);`` starting at ``pos`` of an INSERT line.

    Raises :class:`ValueError` naming the byte position when the line is malformed.

    >>> list(parse_values(b"(1,'a\\\\nb',NULL,-2.5),(2,'',0,1e3);"))
    [(1, 'a\\nb', None, -2.5), (2, '', 0, 1000.0)]
    """
    n = len(line)
    field = _FIELD.match
    while True:
        while pos < n and line[pos] in b" \t\r\n":
            pos += 1
        if pos >= n or line[pos] != 0x28:  # "("
            raise ValueError(f"expected '(' at byte {pos}")
        pos += 1
        row: list[Value] = []
        while True:
            m = field(line, pos)
            if m is None or m.end() >= n:
                raise ValueError(f"bad value at byte {pos}")
            row.append(_value(m))
            pos = m.end()
            c = line[pos]
            pos += 1
            if c == 0x2C:  # ","
                continue
            if c == 0x29:  # ")"
                break
            raise ValueError(f"expected ',' or ')' at byte {pos - 1}")
        yield tuple(row)
        while pos < n and line[pos] in b" \t":
            pos += 1
        if pos >= n or line[pos] == 0x3B or line[pos] in b"\r\n":  # ";" or end of line
            return
        if line[pos] != 0x2C:
            raise ValueError(f"expected ',' or ';' at byte {pos}")
        pos += 1


class SqlDump:
    """One SQL table dump file, read as a stream of rows.

    ``columns`` maps each table seen so far to its column names (from ``CREATE TABLE``, or from
    an ``INSERT``'s column list).  ``warnings`` lists, with their line numbers, INSERT statements
    that could not be parsed (whole, or from the place where they break) and lines that are no
    SQL of a table dump; the rest of the file is still read.  Each is logged as a warning (the
    first :data:`MAX_LOGGED`), and a file read to its end with any of them logs a summary whose
    record carries the counts as ``wikikg_damage`` (the run puts them in its manifest).
    ``bytes_read`` / ``total_bytes`` measure progress.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.columns: dict[str, tuple[str, ...]] = {}
        self.warnings: list[str] = []
        self.statements = 0  #: INSERT statements seen
        self.statements_skipped = 0  #: of them, not read or not read to their end
        self.lines_skipped = 0  #: lines that are no SQL of a table dump
        self.rows_read = 0
        self._stream = open_dump(self.path)
        self.total_bytes = self._stream.total_bytes

    @property
    def bytes_read(self) -> int:
        return self._stream.compressed_bytes_read

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if len(self.warnings) <= MAX_LOGGED:
            log.warning("%s", message)

    def _summary(self) -> None:
        if not (self.statements_skipped or self.lines_skipped):
            return
        damage = {"file": str(self.path), "statements": self.statements,
                  "statements_skipped": self.statements_skipped, "lines_skipped": self.lines_skipped,
                  "rows_read": self.rows_read, "first": self.warnings[0] if self.warnings else None}
        log.warning("%s: %d of %d INSERT statements could not be read (whole or to their end) and %d lines "
                    "are no SQL of a table dump; their rows are lost, %d rows were read",
                    self.path, self.statements_skipped, self.statements, self.lines_skipped, self.rows_read,
                    extra={"wikikg_damage": damage})

    def rows(self, table: str | None = None) -> Iterator[tuple[str, Row]]:
        """``(table name, row)`` for every row of every INSERT (of ``table`` only, if given)."""
        seen_sql = False
        creating: str | None = None
        cols: list[str] = []
        try:
            reader = io.BufferedReader(self._stream, buffer_size=1 << 20)
            for lineno, line in enumerate(reader, 1):
                if creating is not None:
                    if line.lstrip().startswith(b")"):
                        self.columns[creating] = tuple(cols)
                        creating = None
                    else:
                        c = _COLUMN.match(line)
                        if c is not None:
                            cols.append(c.group(1).decode("utf-8"))
                    continue
                m = _INSERT.match(line)
                if m is None:
                    cm = _CREATE.match(line)
                    if cm is not None:
                        creating, cols, seen_sql = cm.group(1).decode("utf-8"), [], True
                    elif line.upper().startswith(_OTHER_SQL):
                        seen_sql = True
                    elif line.strip() and not seen_sql:
                        raise DumpFormatError(
                            f"{self.path} is not a MediaWiki SQL table dump: line {lineno} is not SQL"
                        )
                    elif line.strip():
                        start = line[:40].decode("utf-8", "replace").strip()
                        if line[:6].upper() == b"INSERT":
                            self.statements += 1
                            self.statements_skipped += 1
                            what = "is an INSERT statement we cannot read"
                        else:
                            self.lines_skipped += 1
                            what = "is no SQL of a table dump"
                        self._warn(f"{self.path}: line {lineno} ({start!r}…) {what}; skipped")
                    continue
                seen_sql = True
                self.statements += 1
                name = m.group(1).decode("utf-8")
                if m.group(2):
                    self.columns.setdefault(
                        name, tuple(c.strip(b" `").decode() for c in m.group(2).split(b","))
                    )
                if table is not None and name != table:
                    continue
                try:
                    for row in parse_values(line, m.end()):
                        self.rows_read += 1
                        yield name, row
                except ValueError as e:
                    self.statements_skipped += 1
                    self._warn(f"{self.path}: the INSERT statement on line {lineno} is malformed ({e}); "
                               "the rest of it is skipped")
        except (EOFError, OSError) as e:
            self.statements_skipped += 1
            self._warn(f"{self.path}: the file ends early or is corrupt ({e}); reading stopped")
        finally:
            self._stream.close()
        if not seen_sql:
            raise DumpFormatError(
                f"{self.path} is not a MediaWiki SQL table dump: no INSERT or CREATE TABLE found"
            )
        self._summary()


def iter_rows(path: str | os.PathLike[str], table: str | None = None) -> Iterator[Row]:
    """Every row of the INSERT statements of a SQL dump (of ``table`` only, if given), as tuples."""
    for _, row in SqlDump(path).rows(table):
        yield row


def iter_records(path: str | os.PathLike[str], table: str | None = None) -> Iterator[dict[str, Value]]:
    """Every row as ``{column: value}``, with the columns of the ``CREATE TABLE`` statement.

    A table whose layout the file does not give gets the names ``col0``, ``col1`` ….
    """
    dump = SqlDump(path)
    for name, row in dump.rows(table):
        cols = dump.columns.get(name)
        if cols is None or len(cols) != len(row):
            cols = tuple(f"col{i}" for i in range(len(row)))
        yield dict(zip(cols, row, strict=True))


# -- typed readers ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LangLink:
    """``langlinks``: page ``from_id`` of this wiki has the interlanguage link ``[[lang:title]]``."""

    from_id: int
    lang: str
    title: str


@dataclass(frozen=True, slots=True)
class PageRow:
    """``page``: one page's id, namespace, title (underscores), redirect flag and latest revision."""

    id: int
    namespace: int
    title: str
    is_redirect: bool
    latest: int | None = None
    length: int | None = None
    content_model: str | None = None


@dataclass(frozen=True, slots=True)
class RedirectRow:
    """``redirect``: page ``from_id`` redirects to ``namespace:title`` (on ``interwiki``, at ``fragment``)."""

    from_id: int
    namespace: int
    title: str
    interwiki: str | None = None
    fragment: str | None = None


@dataclass(frozen=True, slots=True)
class PageLink:
    """``pagelinks``: page ``from_id`` links to a target.

    Old schema: ``namespace`` and ``title``; since MediaWiki 1.43 (2024): ``target_id`` into the
    ``linktarget`` table (``namespace``/``title`` are then ``None``).
    """

    from_id: int
    from_namespace: int | None
    namespace: int | None = None
    title: str | None = None
    target_id: int | None = None


@dataclass(frozen=True, slots=True)
class CategoryLink:
    """``categorylinks``: page ``from_id`` is in a category.

    Old schema: ``category`` is the category's title (without prefix, underscores); new schema:
    ``target_id`` into ``linktarget``.  ``type`` is ``page``, ``subcat`` or ``file``.
    """

    from_id: int
    category: str | None = None
    target_id: int | None = None
    type: str | None = None
    sortkey_prefix: str | None = None


def _int(v: Value) -> int | None:
    return v if isinstance(v, int) else None


def _str(v: Value) -> str | None:
    return None if v is None else str(v)


def _records(
    path: str | os.PathLike[str], table: str, layouts: Mapping[int, tuple[str, ...]]
) -> Iterator[dict[str, Value]]:
    """Records of ``table``; rows of a file without ``CREATE TABLE`` are named by their arity."""
    dump = SqlDump(path)
    for _, row in dump.rows(table):
        cols = dump.columns.get(table)
        if cols is None or len(cols) != len(row):
            cols = layouts.get(len(row), ())
            if table == "pagelinks" and len(row) == 3 and isinstance(row[2], str):
                cols = ("pl_from", "pl_namespace", "pl_title")  # before 1.24: no pl_from_namespace
        if len(cols) != len(row):
            raise DumpFormatError(
                f"{dump.path}: `{table}` rows have {len(row)} columns, a layout we do not know"
            )
        yield dict(zip(cols, row, strict=True))


def langlinks(path: str | os.PathLike[str]) -> Iterator[LangLink]:
    """The rows of a ``langlinks`` dump (``ll_from``, ``ll_lang``, ``ll_title``)."""
    for r in _records(path, "langlinks", {3: ("ll_from", "ll_lang", "ll_title")}):
        yield LangLink(int(r["ll_from"] or 0), str(r["ll_lang"]), str(r["ll_title"]))


def pages(path: str | os.PathLike[str]) -> Iterator[PageRow]:
    """The rows of a ``page`` dump."""
    for r in _records(path, "page", {}):
        yield PageRow(
            id=int(r["page_id"] or 0),
            namespace=int(r["page_namespace"] or 0),
            title=str(r["page_title"]),
            is_redirect=bool(r.get("page_is_redirect")),
            latest=_int(r.get("page_latest")),
            length=_int(r.get("page_len")),
            content_model=_str(r.get("page_content_model")),
        )


def redirects(path: str | os.PathLike[str]) -> Iterator[RedirectRow]:
    """The rows of a ``redirect`` dump (empty ``rd_interwiki`` / ``rd_fragment`` become ``None``)."""
    layout = {
        5: ("rd_from", "rd_namespace", "rd_title", "rd_interwiki", "rd_fragment"),
        3: ("rd_from", "rd_namespace", "rd_title"),
    }
    for r in _records(path, "redirect", layout):
        yield RedirectRow(
            from_id=int(r["rd_from"] or 0),
            namespace=int(r["rd_namespace"] or 0),
            title=str(r["rd_title"]),
            interwiki=_str(r.get("rd_interwiki")) or None,
            fragment=_str(r.get("rd_fragment")) or None,
        )


def pagelinks(path: str | os.PathLike[str]) -> Iterator[PageLink]:
    """The rows of a ``pagelinks`` dump, old (titles) or new (``pl_target_id``) schema."""
    layout = {
        4: ("pl_from", "pl_namespace", "pl_title", "pl_from_namespace"),
        3: ("pl_from", "pl_from_namespace", "pl_target_id"),
    }
    for r in _records(path, "pagelinks", layout):
        yield PageLink(
            from_id=int(r["pl_from"] or 0),
            from_namespace=_int(r.get("pl_from_namespace")),
            namespace=_int(r.get("pl_namespace")),
            title=_str(r.get("pl_title")),
            target_id=_int(r.get("pl_target_id")),
        )


def categorylinks(path: str | os.PathLike[str]) -> Iterator[CategoryLink]:
    """The rows of a ``categorylinks`` dump, old (``cl_to``) or new (``cl_target_id``) schema."""
    layout = {
        7: ("cl_from", "cl_to", "cl_sortkey", "cl_timestamp", "cl_sortkey_prefix", "cl_collation", "cl_type"),
    }
    for r in _records(path, "categorylinks", layout):
        yield CategoryLink(
            from_id=int(r["cl_from"] or 0),
            category=_str(r.get("cl_to")),
            target_id=_int(r.get("cl_target_id")),
            type=_str(r.get("cl_type")),
            sortkey_prefix=_str(r.get("cl_sortkey_prefix")),
        )
