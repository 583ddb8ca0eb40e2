"""The packed snapshot file: zero pages left out, everything else back in place."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from macros.runtime import PART_SIZE
from macros.snapshot_format import MAGIC, SnapshotFormatError, full_size, pack, unpack

PAGE = 16


def memory(*pages: bytes) -> bytes:
    return b"".join(pages)


ZERO = bytes(PAGE)
DATA = bytes(range(1, PAGE + 1))


def nonzero_bytes(original: bytes) -> int:
    pages = [original[i : i + PAGE] for i in range(0, len(original), PAGE)]
    return sum(len(page) for page in pages if any(page))


@pytest.mark.parametrize(
    ("original", "pages_kept"),
    [
        pytest.param(b"", 0, id="empty"),
        pytest.param(memory(ZERO, ZERO, ZERO), 0, id="all-zero"),
        pytest.param(memory(DATA, DATA), 2, id="no-zero-page"),
        pytest.param(memory(ZERO, DATA, ZERO, DATA, ZERO), 2, id="mixed"),
        pytest.param(memory(DATA, ZERO) + b"\x07\x00\x05", 2, id="short-last-page"),
        pytest.param(memory(DATA) + b"\x00\x00\x00", 1, id="short-zero-last-page"),
        pytest.param(memory(*[ZERO] * 7, DATA, *[ZERO] * 9), 1, id="page-map-over-two-bytes"),
    ],
)
def test_pack_keeps_only_nonzero_pages_and_unpacks_to_the_same_bytes(original: bytes, pages_kept: int) -> None:
    packed = pack(original, page_size=PAGE)
    count = -(-len(original) // PAGE)
    header = 16 + -(-count // 8)
    assert packed.startswith(MAGIC)
    assert full_size(packed) == len(original)
    assert len(packed) - header == nonzero_bytes(original)
    assert sum(bin(byte).count("1") for byte in packed[16:header]) == pages_kept
    assert unpack(packed) == original


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(lambda b: b"NOTASNAP" + b[8:], "not a packed snapshot", id="wrong-magic"),
        pytest.param(lambda b: b[:10], "too short", id="no-header"),
        pytest.param(lambda b: b[:-3], "cut short", id="last-page-cut"),
        pytest.param(lambda b: b + b"\x01", "after the last page", id="trailing-bytes"),
    ],
)
def test_damaged_snapshots_are_refused_with_the_reason(damage: Callable[[bytes], bytes], message: str) -> None:
    packed = pack(memory(ZERO, DATA, DATA), page_size=PAGE)
    with pytest.raises(SnapshotFormatError, match=message):
        unpack(damage(packed))


def test_the_built_snapshot_is_packed_and_its_size_is_in_the_manifest(built_site: Path) -> None:
    runtime = built_site / "assets" / "pyodide"
    manifest = json.loads((runtime / "runtime.json").read_text(encoding="utf-8"))
    parts = [runtime / f"{manifest['snapshot']}.{index}" for index in range(1, manifest["snapshotParts"] + 1)]
    packed = gzip.decompress(b"".join(part.read_bytes() for part in parts))
    assert full_size(packed) == manifest["snapshotSize"]
    memory_size = len(unpack(packed))
    assert memory_size == manifest["snapshotSize"]
    assert len(packed) < 0.75 * memory_size  # the zero pages are left out


def test_no_runtime_file_of_the_fast_start_is_too_large_for_a_private_windows_cache(built_site: Path) -> None:
    """Chromium's memory cache (private windows, fresh contexts) keeps no response over about 6 MiB.

    A larger file would be downloaded again on every visit; so the fast start
    loads the gzipped wasm and the snapshot in parts.
    """
    runtime = built_site / "assets" / "pyodide"
    manifest = json.loads((runtime / "runtime.json").read_text(encoding="utf-8"))
    fast_start = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm.gz", "python_stdlib.zip", "pyodide-lock.json"]
    fast_start += [f"{manifest['snapshot']}.{index}" for index in range(1, manifest["snapshotParts"] + 1)]
    sizes = {name: (runtime / name).stat().st_size for name in fast_start}
    assert max(sizes.values()) <= PART_SIZE, sizes
    assert not (runtime / manifest["snapshot"]).exists()  # only the parts are served
