"""The snapshot file: only the memory pages the wasm file does not hold already (then brotli, macros/runtime.py).

A Pyodide memory snapshot is the whole wasm memory. Nearly half of it is
zeros, and unpacking those zeros cost the browser as much time as the rest.
And some 4 MB of it, the static data, is in the wasm file too (its data
segments), mostly unchanged. So the file leaves out the zero pages, sends
the pages of static data as their difference (XOR) to the wasm's data, and
those that equal it not at all. ``docs/assets/js/unpack-worker.mjs`` unpacks
it into a buffer of the full size, where the missing pages are zeros, reads
the data segments from the wasm it compiles anyway, checks ``checksum``
against them and applies the differences.

Byte ``i`` of the snapshot is byte ``i - offset`` of the wasm memory:
Pyodide's snapshot starts with a header of ``offset`` bytes.

Layout (little-endian): ``MAGIC`` (8 bytes), page size, full size, offset,
checksum (uint32 each), then two maps of one bit per page (least significant
bit first): "data follows", then "XOR with the wasm's data", then the pages
whose data follows. The last page may be shorter.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass

MAGIC = b"WSSNAP02"
PAGE_SIZE = 65536
_HEADER = struct.Struct("<8sIIII")
_FNV_PRIME = 0x01000193
_FNV_OFFSET = 0x811C9DC5


class SnapshotFormatError(ValueError):
    """The bytes are not a packed snapshot (or are cut short)."""


def _page_count(size: int, page_size: int) -> int:
    return -(-size // page_size)


def _map_size(count: int) -> int:
    return -(-count // 8)


def _baseline_slice(baseline: bytes, offset: int, start: int, end: int) -> bytes:
    """Bytes ``start:end`` of the snapshot as the wasm's data has them (zeros for Pyodide's header and beyond)."""
    low = start - offset
    lead = max(0, -low)
    body = baseline[max(0, low) : max(0, end - offset)]
    return bytes(lead) + body + bytes(end - start - lead - len(body))


def checksum(data: bytes) -> int:
    """A 32-bit FNV-1a over little-endian 32-bit words (the browser computes the same, quickly)."""
    words = array("I")
    words.frombytes(data[: len(data) - len(data) % 4])
    value = _FNV_OFFSET
    for word in words:
        value = ((value ^ word) * _FNV_PRIME) & 0xFFFFFFFF
    return value


def _leb128(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def wasm_data_image(wasm: bytes) -> bytes:
    """The memory a wasm module's active data segments write (zeros elsewhere), up to their end.

    Only the form Pyodide's module has: segments for memory 0 at an
    ``i32.const`` offset; anything else raises SnapshotFormatError, so that a
    changed Pyodide fails the build instead of the page.
    """
    if wasm[:4] != b"\0asm":
        raise SnapshotFormatError("not a wasm module")
    at, segments = 8, []
    while at < len(wasm):
        section, size_at = wasm[at], at + 1
        size, at = _leb128(wasm, size_at)
        if section == 11:
            count, cursor = _leb128(wasm, at)
            for _ in range(count):
                flags, cursor = _leb128(wasm, cursor)
                if flags != 0 or wasm[cursor] != 0x41:
                    raise SnapshotFormatError(f"wasm data segment of an unknown form (flags {flags})")
                offset, cursor = _leb128(wasm, cursor + 1)  # positive offsets: their sLEB128 is their LEB128
                if wasm[cursor] != 0x0B:
                    raise SnapshotFormatError("wasm data segment offset is not a constant")
                length, cursor = _leb128(wasm, cursor + 1)
                segments.append((offset, wasm[cursor : cursor + length]))
                cursor += length
        at += size
    image = bytearray(max((offset + len(data) for offset, data in segments), default=0))
    for offset, data in segments:
        image[offset : offset + len(data)] = data
    return bytes(image)


def pack(memory: bytes, baseline: bytes = b"", offset: int = 0, page_size: int = PAGE_SIZE) -> bytes:
    """The packed form of ``memory``: header, page maps, and the data of the pages that need any.

    ``baseline`` is the wasm's data (:func:`wasm_data_image`; empty: none); a
    page is sent as its XOR with it where that has more zero bytes than the page.
    """
    count = _page_count(len(memory), page_size)
    present, delta = bytearray(_map_size(count)), bytearray(_map_size(count))
    pages, used = [], []
    zeros = bytes(page_size)
    for index in range(count):
        start, end = index * page_size, min((index + 1) * page_size, len(memory))
        page = memory[start:end]
        base = _baseline_slice(baseline, offset, start, end) if baseline else b""
        if base == zeros[: len(page)]:
            base = b""  # nothing there before the restore: the page as it is
        if base:
            xor = (int.from_bytes(page, "little") ^ int.from_bytes(base, "little")).to_bytes(len(page), "little")
            if xor.count(0) > page.count(0):
                delta[index // 8] |= 1 << (index % 8)
                used.append(base)
                page = xor
        if page != zeros[: len(page)]:
            present[index // 8] |= 1 << (index % 8)
            pages.append(page)
    header = _HEADER.pack(MAGIC, page_size, len(memory), offset, checksum(b"".join(used)))
    return header + bytes(present) + bytes(delta) + b"".join(pages)


@dataclass(frozen=True)
class Header:
    """What the start of a packed snapshot says."""

    page_size: int
    size: int
    offset: int
    checksum: int


def read_header(packed_start: bytes) -> Header:
    """The header of a packed snapshot."""
    if len(packed_start) < _HEADER.size:
        raise SnapshotFormatError("too short for a snapshot header")
    magic, page_size, size, offset, check = _HEADER.unpack_from(packed_start)
    if magic != MAGIC:
        raise SnapshotFormatError(f"not a packed snapshot of this format (starts with {magic!r})")
    if page_size == 0:
        raise SnapshotFormatError("page size 0")
    return Header(page_size, size, offset, check)


def full_size(packed_start: bytes) -> int:
    """The unpacked size, read from the first bytes of a packed snapshot."""
    return read_header(packed_start).size


def unpack(packed: bytes, baseline: bytes = b"") -> bytes:
    """The memory that :func:`pack` packed (used by tests; the browser has its own unpacker)."""
    header = read_header(packed)
    size, page_size = header.size, header.page_size
    count = _page_count(size, page_size)
    maps = _HEADER.size + 2 * _map_size(count)
    if len(packed) < maps:
        raise SnapshotFormatError("page map cut short")
    present = packed[_HEADER.size : _HEADER.size + _map_size(count)]
    delta = packed[_HEADER.size + _map_size(count) : maps]
    memory = bytearray(size)
    offset = maps
    used = []
    for index in range(count):
        start, end = index * page_size, min((index + 1) * page_size, size)
        page = bytes(end - start)
        if present[index // 8] >> (index % 8) & 1:
            page = packed[offset : offset + end - start]
            if len(page) != end - start:
                raise SnapshotFormatError(f"page {index} cut short")
            offset += end - start
        if delta[index // 8] >> (index % 8) & 1:
            base = _baseline_slice(baseline, header.offset, start, end)
            used.append(base)
            page = (int.from_bytes(page, "little") ^ int.from_bytes(base, "little")).to_bytes(end - start, "little")
        memory[start:end] = page
    if offset != len(packed):
        raise SnapshotFormatError(f"{len(packed) - offset} bytes after the last page")
    if used and checksum(b"".join(used)) != header.checksum:
        raise SnapshotFormatError("the wasm's data is not the one the snapshot was packed against")
    return bytes(memory)
