"""Write ``.gz`` and ``.br`` beside each compressible file of the built site (``make build`` runs it).

nginx (``gzip_static``, and ``brotli_static`` with the brotli module), Caddy
(``file_server { precompressed br gzip }``) and Apache (with rewrite rules)
serve these instead of compressing on every request; hosts that compress by
themselves ignore them.

- Only text-like types and wasm over 1 KiB, and only where compression saves
  at least 5 %; a file that is already compressed (zip, wheel, gzip, the
  snapshot's parts) is left alone.
- A sibling the build already wrote (``pyodide.asm.wasm.br``, brotli at
  quality 11, which the engine fetches by that name: ``macros/runtime.py``)
  is kept, after checking that it unpacks to its file.
- Brotli runs at quality 11 below 2 MiB and at 9 above (11 took two minutes
  for the 9.6 MB wasm); results are cached in ``build/precompress/`` by
  content, so an unchanged file is compressed once.

Usage: ``python -m tools.precompress [site]``
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "precompress"
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map", ".wasm", ".ico"})
MIN_SIZE = 1024
MIN_SAVING = 0.05
BROTLI_BEST_UP_TO = 2 * 1024 * 1024
ENCODINGS = (".gz", ".br")


def compressible(path: Path) -> bool:
    """Whether ``path`` is worth precompressing by its type and size."""
    return path.suffix in SUFFIXES and path.stat().st_size > MIN_SIZE


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _brotli(data: bytes) -> bytes:
    quality = 11 if len(data) <= BROTLI_BEST_UP_TO else 9
    return bytes(brotli.compress(data, quality=quality))


CODECS: dict[str, Callable[[bytes], bytes]] = {".gz": _gzip, ".br": _brotli}
DECODERS: dict[str, Callable[[bytes], bytes]] = {".gz": gzip.decompress, ".br": brotli.decompress}


def _compressed(data: bytes, encoding: str, cache: Path) -> bytes:
    key = hashlib.sha256(data).hexdigest() + encoding
    cached = cache / key
    if cached.exists():
        return cached.read_bytes()
    packed = CODECS[encoding](data)
    cache.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_bytes(packed)
    partial.replace(cached)
    return packed


def precompress(site: Path, cache: Path = CACHE) -> list[Path]:
    """Write the ``.gz`` and ``.br`` siblings into ``site``; return the files written."""
    written = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and compressible(p)):
        data = path.read_bytes()
        for encoding in ENCODINGS:
            target = path.with_name(path.name + encoding)
            if target.exists():
                if DECODERS[encoding](target.read_bytes()) != data:
                    raise ValueError(f"{target}: exists and does not unpack to {path.name}")
                continue
            packed = _compressed(data, encoding, cache)
            if len(packed) <= len(data) * (1 - MIN_SAVING):
                target.write_bytes(packed)
                written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Precompress the site folder given (``site`` by default) and say how much was written."""
    parser = argparse.ArgumentParser(prog="python -m tools.precompress", description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"error: {args.site} holds no built site (run mkdocs build first)", file=sys.stderr)
        return 1
    written = precompress(args.site)
    total = sum(path.stat().st_size for path in written)
    print(f"precompressed: wrote {len(written)} .gz and .br files, {total / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
