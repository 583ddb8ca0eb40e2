"""The packed snapshot file: zero pages left out, static data as differences, everything else back in place."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest

from macros.runtime import DECODER_FILES, PART_SIZE
from macros.snapshot_format import (
    MAGIC,
    SnapshotFormatError,
    checksum,
    full_size,
    pack,
    read_header,
    unpack,
    wasm_data_image,
)

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
    header = 24 + 2 * -(-count // 8)
    assert packed.startswith(MAGIC)
    assert full_size(packed) == len(original)
    assert len(packed) - header == nonzero_bytes(original)
    assert sum(bin(byte).count("1") for byte in packed[24 : 24 + -(-count // 8)]) == pages_kept
    assert not any(packed[24 + -(-count // 8) : header]), "no differences without a baseline"
    assert unpack(packed) == original


# The memory before the restore: Pyodide's snapshot starts with a header of
# OFFSET bytes, so snapshot byte i is byte i - OFFSET of the memory.
OFFSET = 4
STATIC = bytes(range(101, 101 + PAGE))
ALMOST = STATIC[:3] + b"\x00" + STATIC[4:]  # one byte changed since the module wrote it


@pytest.mark.parametrize(
    ("snapshot", "baseline", "data_pages", "differences"),
    [
        pytest.param(bytes(OFFSET) + STATIC + STATIC, STATIC + STATIC, 0, 3, id="unchanged-static-data-is-not-sent"),
        pytest.param(bytes(OFFSET) + ALMOST + DATA, STATIC + bytes(PAGE), 3, 2, id="changed-pages-as-differences"),
        pytest.param(bytes(OFFSET) + DATA + DATA, DATA[::-1] * 2, 3, 0, id="unlike-the-baseline-as-it-is"),
        pytest.param(bytes(OFFSET) + DATA + DATA, bytes(2 * PAGE), 3, 0, id="zero-baseline-as-it-is"),
    ],
)
def test_pages_like_the_memory_before_the_restore_go_as_differences(
    snapshot: bytes, baseline: bytes, data_pages: int, differences: int
) -> None:
    snapshot = snapshot[: 2 * PAGE + OFFSET]
    packed = pack(snapshot, baseline, OFFSET, page_size=PAGE)
    count = -(-len(snapshot) // PAGE)
    maps = -(-count // 8)
    assert sum(bin(byte).count("1") for byte in packed[24 : 24 + maps]) == data_pages
    assert sum(bin(byte).count("1") for byte in packed[24 + maps : 24 + 2 * maps]) == differences
    assert unpack(packed, baseline) == snapshot
    assert read_header(packed).offset == OFFSET


def test_differences_against_other_wasm_data_are_refused() -> None:
    snapshot = bytes(OFFSET) + ALMOST + STATIC
    packed = pack(snapshot, STATIC + STATIC, OFFSET, page_size=PAGE)
    with pytest.raises(SnapshotFormatError, match="not the one the snapshot was packed against"):
        unpack(packed, STATIC + DATA)


def _wasm(*segments: bytes, section: int = 11) -> bytes:
    """A wasm module with nothing but a data section of ``segments`` (each already encoded)."""
    body = bytes([len(segments)]) + b"".join(segments)
    return b"\0asm\x01\x00\x00\x00" + bytes([1, 0]) + bytes([section, len(body)]) + body


def _active(offset: int, data: bytes) -> bytes:
    return b"\x00\x41" + bytes([offset]) + b"\x0b" + bytes([len(data)]) + data


def test_the_wasm_data_image_holds_each_active_segment_at_its_offset() -> None:
    # A type section of size 0 first, which the reader skips.
    assert wasm_data_image(_wasm(_active(2, b"ab"), _active(6, b"xyz"))) == b"\0\0ab\0\0xyz"
    assert wasm_data_image(_wasm(section=1)) == b""


@pytest.mark.parametrize(
    ("module", "message"),
    [
        pytest.param(b"not wasm", "not a wasm module", id="not-wasm"),
        pytest.param(_wasm(b"\x01\x02ab"), "unknown form", id="passive-segment"),
        pytest.param(_wasm(b"\x00\x23\x00\x0b\x02ab"), "unknown form", id="offset-from-a-global"),
    ],
)
def test_a_wasm_of_another_form_fails_the_build(module: bytes, message: str) -> None:
    with pytest.raises(SnapshotFormatError, match=message):
        wasm_data_image(module)


def test_the_checksum_is_fnv_1a_over_little_endian_words() -> None:
    # FNV-1a's offset basis and prime, over 32-bit words (the browser computes it the same way).
    assert checksum(b"") == 0x811C9DC5
    assert checksum(b"\x01\x00\x00\x00") == ((0x811C9DC5 ^ 1) * 0x01000193) & 0xFFFFFFFF


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
    packed = brotli.decompress(b"".join(part.read_bytes() for part in parts))
    assert full_size(packed) == manifest["snapshotSize"]
    image = wasm_data_image((runtime / "pyodide.asm.wasm").read_bytes())
    memory_size = len(unpack(packed, image))
    assert memory_size == manifest["snapshotSize"]
    assert len(packed) < 0.6 * memory_size  # the zero pages and the wasm's unchanged data are left out
    with pytest.raises(SnapshotFormatError, match="not the one the snapshot was packed against"):
        unpack(packed)  # the differences need the wasm's data


def test_no_runtime_file_of_the_fast_start_is_too_large_for_a_private_windows_cache(built_site: Path) -> None:
    """Chromium's memory cache (private windows, fresh contexts) keeps no response over about 6 MiB.

    A larger file would be downloaded again on every visit; so the fast start
    loads the brotli'd wasm and the snapshot in parts.
    """
    runtime = built_site / "assets" / "pyodide"
    manifest = json.loads((runtime / "runtime.json").read_text(encoding="utf-8"))
    fast_start = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm.br", "pyodide-lock.json"]
    fast_start += [f"{manifest['snapshot']}.{index}" for index in range(1, manifest["snapshotParts"] + 1)]
    sizes = {name: (runtime / name).stat().st_size for name in fast_start}
    assert max(sizes.values()) <= PART_SIZE, sizes
    assert not (runtime / manifest["snapshot"]).exists()  # only the parts are served


# Issue 15's bar: a 9 Mbit/s link has a first worksheet visit ready in 0.7 x the bare Pyodide page's time,
# which needs it under about 6 MB; the page itself, Material and our scripts take about 0.15 MB of that.
# The engine's part was 5.75 MB on 2026-12-03 (the snapshot without columns).
ENGINE_FIRST_VISIT_BUDGET = 5_800_000


def test_what_a_first_visit_downloads_for_the_engine_stays_within_its_budget(built_site: Path) -> None:
    runtime = built_site / "assets" / "pyodide"
    manifest = json.loads((runtime / "runtime.json").read_text(encoding="utf-8"))
    as_they_are = ["pyodide.asm.wasm.br"] + [
        f"{manifest['snapshot']}.{index}" for index in range(1, manifest["snapshotParts"] + 1)
    ]
    gzipped = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide-lock.json", "runtime.json", *DECODER_FILES]
    sizes = {name: (runtime / name).stat().st_size for name in as_they_are}
    sizes |= {name: len(gzip.compress((runtime / name).read_bytes(), 6)) for name in gzipped}
    assert sum(sizes.values()) <= ENGINE_FIRST_VISIT_BUDGET, sizes
