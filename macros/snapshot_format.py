"""The snapshot file: only the memory pages that are not all zeros, then gzip.

A Pyodide memory snapshot is the whole wasm memory, and nearly half of it is
zeros. Unpacking those zeros costs the browser as much time as the rest, so
the file leaves them out: a header with a page map, then the non-zero pages
in order. ``docs/assets/js/unpack-worker.mjs`` unpacks it into a buffer of
the full size, where the missing pages are zeros already.

Layout (little-endian): ``MAGIC`` (8 bytes), page size (uint32), full size
(uint32), one bit per page (least significant bit first; 1: the page
follows), then the pages. The last page may be shorter than the page size.
"""

from __future__ import annotations

import struct

MAGIC = b"WSSNAP01"
PAGE_SIZE = 65536
_HEADER = struct.Struct("<8sII")


class SnapshotFormatError(ValueError):
    """The bytes are not a packed snapshot (or are cut short)."""


def _page_count(size: int, page_size: int) -> int:
    return -(-size // page_size)


def pack(memory: bytes, page_size: int = PAGE_SIZE) -> bytes:
    """The packed form of ``memory``: header, page map and the pages that are not all zeros."""
    count = _page_count(len(memory), page_size)
    page_map = bytearray(-(-count // 8))
    pages = []
    zeros = bytes(page_size)
    for index in range(count):
        page = memory[index * page_size : (index + 1) * page_size]
        if page != zeros[: len(page)]:
            page_map[index // 8] |= 1 << (index % 8)
            pages.append(page)
    return _HEADER.pack(MAGIC, page_size, len(memory)) + bytes(page_map) + b"".join(pages)


def full_size(packed_start: bytes) -> int:
    """The unpacked size, read from the first bytes of a packed snapshot."""
    if len(packed_start) < _HEADER.size:
        raise SnapshotFormatError("too short for a snapshot header")
    magic, _, size = _HEADER.unpack_from(packed_start)
    if magic != MAGIC:
        raise SnapshotFormatError(f"not a packed snapshot (starts with {magic!r})")
    return int(size)


def unpack(packed: bytes) -> bytes:
    """The memory that :func:`pack` packed (used by tests; the browser has its own unpacker)."""
    size = full_size(packed)
    _, page_size, _ = _HEADER.unpack_from(packed)
    count = _page_count(size, page_size)
    start = _HEADER.size + -(-count // 8)
    page_map = packed[_HEADER.size : start]
    if page_size == 0 or len(page_map) < -(-count // 8):
        raise SnapshotFormatError("page map cut short")
    memory = bytearray(size)
    offset = start
    for index in range(count):
        if page_map[index // 8] >> (index % 8) & 1:
            length = min(page_size, size - index * page_size)
            page = packed[offset : offset + length]
            if len(page) != length:
                raise SnapshotFormatError(f"page {index} cut short")
            memory[index * page_size : index * page_size + length] = page
            offset += length
    if offset != len(packed):
        raise SnapshotFormatError(f"{len(packed) - offset} bytes after the last page")
    return bytes(memory)
