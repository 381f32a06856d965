"""open_dump: compression from magic bytes, concatenated streams, progress, clear errors."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
from pathlib import Path

import pytest

from wikikg.dump.compression import open_dump
from wikikg.errors import DumpFormatError, InputError


def _read_all(path: Path) -> bytes:
    with open_dump(path) as f:
        return f.read()


def test_bz2_gzip_xz_plain_sniffed_not_from_the_name(dumps: Path, tmp_path: Path) -> None:
    pear = (dumps / "en" / "enwiki-2014-Pear-export-0.10.xml").read_bytes()
    for name, data in {
        "a.bin": bz2.compress(pear),
        "b.xml": gzip.compress(pear),  # gzip under a misleading extension
        "c.bz2": lzma.compress(pear),  # xz under a misleading extension
        "d.gz": pear,  # plain
    }.items():
        (tmp_path / name).write_bytes(data)
        assert _read_all(tmp_path / name) == pear, name


def test_multistream_bz2_is_read_whole(dumps: Path, tmp_path: Path) -> None:
    """Wikimedia's multistream dumps are many bz2 streams back to back."""
    xml = bz2.decompress((dumps / "en" / "enwiki-2019-slice-196pages.xml.bz2").read_bytes())
    parts = [xml[i : i + 50_000] for i in range(0, len(xml), 50_000)]
    assert len(parts) > 3
    p = tmp_path / "multi.xml.bz2"
    p.write_bytes(b"".join(bz2.compress(part) for part in parts))
    assert _read_all(p) == xml


def test_progress_counts_compressed_bytes(dumps: Path) -> None:
    path = dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2"
    with open_dump(path) as f:
        assert f.compression == "bz2"
        assert f.total_bytes == path.stat().st_size
        f.read_block(1 << 20)
        part = f.compressed_bytes_read
        assert 0 < part < f.total_bytes
        while f.read_block(1 << 20):
            pass
        assert f.compressed_bytes_read == f.total_bytes


def test_prefetch_gives_the_same_bytes(dumps: Path) -> None:
    path = dumps / "multi" / "itwiki-2013-747pages.xml.gz"
    with open_dump(path, prefetch=True) as f:
        chunks = []
        while block := f.read_block(1 << 16):
            chunks.append(block)
    assert b"".join(chunks) == gzip.decompress(path.read_bytes())


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        open_dump(tmp_path / "nope.xml.bz2")
    with pytest.raises(InputError, match="is a directory"):
        open_dump(tmp_path)


def test_unsupported_compression_is_named(tmp_path: Path) -> None:
    p = tmp_path / "x.xml.zst"
    p.write_bytes(b"\x28\xb5\x2f\xfd" + b"\x00" * 20)
    with pytest.raises(DumpFormatError, match="zstd"):
        open_dump(p)


@pytest.mark.parametrize("prefetch", [False, True])
def test_file_sha1_is_the_whole_files_however_far_it_was_read(dumps: Path, tmp_path: Path, prefetch: bool) -> None:
    """The checksum is taken while reading; the part not read (a reader stopped early, corrupt
    data) is hashed at the end, so it is always the sha1 of the file as stored."""
    dump = dumps / "en" / "enwiki-2016-sample-206pages.xml.bz2"
    data = dump.read_bytes()
    want = hashlib.sha1(data).hexdigest()
    for stop_after in (None, 1, 3):  # read to the end, or close after one or three blocks
        with open_dump(dump, prefetch=prefetch) as f:
            n = 0
            while f.read_block(1 << 16) and (stop_after is None or (n := n + 1) < stop_after):
                pass
        assert f.file_sha1() == want, stop_after
    corrupt = tmp_path / "corrupt.xml.bz2"  # reading stops at the damage, 10 kB in
    corrupt.write_bytes(data[:10_000] + bytes(len(data) - 10_000))
    with open_dump(corrupt, prefetch=prefetch) as f, pytest.raises((OSError, EOFError)):
        while f.read_block():
            pass
    assert f.compressed_bytes_read < len(data)
    assert f.file_sha1() == hashlib.sha1(corrupt.read_bytes()).hexdigest()
