"""Download Wikimedia dump files: resumable, verified, and never half-written under the real name.

A file is transferred into ``NAME.part``.  When a transfer is cut (connection reset, timeout,
server restart) the next attempt — in the same run, or a later ``wikikg download`` — asks for
the rest with an HTTP ``Range: bytes=N-`` request (RFC 9110 §14) and appends it; a server that
ignores the range (``200`` instead of ``206``) makes us start over.  The published checksum
(:mod:`.catalog`) is computed while the bytes arrive; only when it matches is ``NAME.part``
renamed to ``NAME``.  On a mismatch the ``.part`` file is deleted and the download refused: a
file under its final name is always a verified one.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from http.client import HTTPException
from pathlib import Path
from typing import Any, BinaryIO

from wikikg.fetch.catalog import DEFAULT_MIRROR, Checksum, DumpFile, find_run, wiki_name
from wikikg.fetch.http import FetchError, HttpClient, RangeNotSatisfiable, TransientError
from wikikg.fetch.progress import byte_progress

log = logging.getLogger(__name__)

CHUNK = 1 << 20
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$")


class ChecksumError(FetchError):
    """A downloaded file does not match its published checksum."""


def download_dump(
    http: HttpClient,
    wiki: str,
    directory: Path,
    *,
    date: str = "latest",
    kinds: Sequence[str],
    mirror: str = DEFAULT_MIRROR,
    tty: bool | None = None,
) -> list[Path]:
    """Download the files of ``kinds`` of a run of ``wiki`` into ``directory``; their paths."""
    wiki = wiki_name(wiki)
    run, files = find_run(http, mirror, wiki, date, kinds)
    log.info("%s %s: %d file(s) from %s", wiki, run.date, len(files), run.url)
    directory.mkdir(parents=True, exist_ok=True)
    return [fetch_file(http, f, directory, tty=tty) for f in files]


def fetch_file(http: HttpClient, f: DumpFile, directory: Path, *, tty: bool | None = None) -> Path:
    """Bring ``f`` into ``directory`` (resuming a ``.part`` left before) and verify it."""
    if f.checksum is None:
        raise FetchError(f"{f.name}: no published checksum; refusing to download an unverifiable file")
    final = directory / f.name
    if final.exists():
        if _digest_of(final, f.checksum) == f.checksum.hexdigest:
            log.info("%s: already downloaded, %s verified", f.name, f.checksum.algorithm)
            return final
        log.warning("%s: present but its %s differs from the published one; downloading again", f.name, f.checksum.algorithm)
    part = _Part(directory / f"{f.name}.part", f.checksum)
    try:
        if f.size is not None and part.size > f.size:
            part.restart()  # longer than the published file: not a prefix of it
        if f.size is None or part.size < f.size:
            http.retry(f"download {f.name}", lambda: _transfer(http, f, part, tty))
        digest = part.finish()
    except BaseException:
        part.close()
        raise
    if digest != f.checksum.hexdigest:
        part.path.unlink(missing_ok=True)
        raise ChecksumError(
            f"{f.name}: {f.checksum.algorithm} checksum mismatch (published {f.checksum.hexdigest}, "
            f"got {digest}); the download was discarded"
        )
    os.replace(part.path, final)
    log.info("%s: %s verified", f.name, f.checksum.algorithm)
    return final


def _digest_of(path: Path, checksum: Checksum) -> str:
    hasher = checksum.hasher()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            hasher.update(block)
    digest: str = hasher.hexdigest()
    return digest


class _Part:
    """The ``.part`` file: appended to, hashed as it grows (including what an earlier run left)."""

    def __init__(self, path: Path, checksum: Checksum) -> None:
        self.path = path
        self.checksum = checksum
        self.hasher: Any = checksum.hasher()
        self.size = 0
        if path.exists():
            with path.open("rb") as fh:
                while block := fh.read(CHUNK):
                    self.hasher.update(block)
                    self.size += len(block)
        self.fh: BinaryIO = path.open("ab")

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.hasher.update(data)
        self.size += len(data)

    def restart(self) -> None:
        self.fh.seek(0)
        self.fh.truncate()
        self.hasher = self.checksum.hasher()
        self.size = 0

    def finish(self) -> str:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        digest: str = self.hasher.hexdigest()
        return digest

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()


def _transfer(http: HttpClient, f: DumpFile, part: _Part, tty: bool | None) -> None:
    """One attempt: ask for what ``part`` lacks and append it; a cut raises :class:`TransientError`."""
    headers = {"Range": f"bytes={part.size}-"} if part.size else {}
    try:
        response = http.open(f.url, headers=headers)
    except RangeNotSatisfiable:
        if part.size:
            return  # nothing after our last byte: the part is whole, the checksum will tell
        raise
    with response:
        if response.status == 206:
            m = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
            if not m or int(m.group(1)) != part.size:
                part.restart()
                raise TransientError(f"unexpected Content-Range {response.headers.get('Content-Range')!r}")
            if part.size:
                log.info("%s: resuming at byte %d", f.name, part.size)
        elif part.size:
            log.info("%s: the server ignored the range request; starting over", f.name)
            part.restart()
        length = response.headers.get("Content-Length")
        end = part.size + int(length) if length and length.isdigit() else f.size
        progress = byte_progress(f.name, end if end is not None else f.size, part.size, tty=tty)
        try:
            while True:
                try:
                    block = response.read(CHUNK)
                except (OSError, HTTPException) as exc:
                    raise TransientError(f"connection lost after {part.size} bytes: {exc or type(exc).__name__}") from None
                if not block:
                    break
                part.write(block)
                progress.update(len(block))
        finally:
            progress.close()
            part.fh.flush()
    if end is not None and part.size < end:
        raise TransientError(f"connection closed after {part.size} of {end} bytes")
