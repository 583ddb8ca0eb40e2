"""Put the Python runtime into the built site: Pyodide from npm, our wheel, a lock file.

Only the files a browser needs are copied from ``node_modules/pyodide``. The
``worksheets`` wheel is built with ``python -m build`` (cached by a hash of its
sources) and registered in a copy of ``pyodide-lock.json`` with pyodide-build's
``pyodide lockfile add-wheels``, so the worker loads it with ``loadPackage``;
a memory snapshot with the worksheets imported makes the usual start fast.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import brotli

from macros import snapshot_format
from macros.contract import FILES, contract_json

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
SITE_FOLDER = Path("assets") / "pyodide"
# Chromium keeps no response over about 6 MiB in the memory cache of a private
# window (and of a fresh Playwright context), so each large runtime file is
# served in parts below that: a reload then takes them from the cache instead
# of downloading them again.
PART_SIZE = 4 * 1024 * 1024
WASM_BR = FILES["wasmBr"]
# npm's brotli-dec-wasm: its script and the wasm it loads from beside itself.
DECODER_FILES = (FILES["brotliDecoder"], "brotli_dec_wasm_bg.wasm")
# Brotli at its best (quality 11), each file with the window that packs it
# smallest. The snapshot: 2,599,905 bytes with 4 MiB, 2,573,964 with 8 MiB,
# 2,572,865 with 16 MiB (2026-12-07; gzip -9 took 5.31 MB on 2026-12-03). The
# wasm: 2,799,168 with 1 MiB, 2,720,718 with 2 MiB, 2,741,061 with 4 MiB,
# 2,769,119 with 8 MiB (gzip -6: 3.55 MB). The decoder needs as much memory
# as the window while it unpacks, so not 16 MiB for 1 kB.
BROTLI_SNAPSHOT = {"quality": 11, "lgwin": 23}
BROTLI_WASM = {"quality": 11, "lgwin": 21}


class RuntimeInstallError(RuntimeError):
    """The runtime could not be put into the site; says what is missing."""


def _sources_hash(root: Path) -> str:
    digest = hashlib.sha256()
    files = sorted((root / "worksheets").rglob("*.py")) + sorted((root / "worksheets" / "locale").rglob("*.mo"))
    for path in [root / "pyproject.toml", *files]:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel(root: Path) -> Path:
    """The worksheets wheel for the current sources (built once per change)."""
    cache = root / "build" / "runtime" / _sources_hash(root)
    wheels = sorted(cache.glob("worksheets-*.whl"))
    if wheels:
        return wheels[0]
    for old in cache.parent.glob("*"):
        shutil.rmtree(old, ignore_errors=True)  # one cached runtime is enough
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(cache), str(root)],
        check=True,
        capture_output=True,
        text=True,
    )
    shutil.rmtree(root / "build" / "lib", ignore_errors=True)
    return sorted(cache.glob("worksheets-*.whl"))[0]


def pyodide_version(root: Path) -> str:
    """The version of the pinned npm package."""
    return str(json.loads((root / "node_modules" / "pyodide" / "package.json").read_text())["version"])


def _add_wheel_to_lock(root: Path, wheel: Path, lock: Path) -> None:
    """Register ``wheel`` in a copy of Pyodide's lock file with pyodide-build."""
    source = root / "node_modules" / "pyodide" / "pyodide-lock.json"
    pyodide_cli = Path(sys.executable).parent / "pyodide"
    result = subprocess.run(
        [
            str(pyodide_cli),
            "lockfile",
            "add-wheels",
            "--input",
            str(source),
            "--output",
            str(lock),
            "--base-path",
            str(wheel.parent),
            str(wheel),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeInstallError(f"pyodide lockfile add-wheels failed:\n{result.stdout}\n{result.stderr}")


def _keep_only_what_the_site_serves(lock: Path, wheel: Path) -> None:
    """Cut ``lock`` down to our wheel and what it depends on.

    Pyodide's lock lists its whole distribution (358 packages, 26 kB gzipped,
    which every first worksheet visit downloads and parses), but the site
    serves none of those files and loads nothing from elsewhere.
    """
    data = json.loads(lock.read_text(encoding="utf-8"))
    packages = data["packages"]
    ours = [name for name, entry in packages.items() if entry.get("file_name") == wheel.name]
    if len(ours) != 1:
        raise RuntimeInstallError(f"{lock}: {wheel.name} is not listed once in the lock file")
    kept: dict[str, object] = {}
    waiting = ours
    while waiting:
        name = waiting.pop()
        if name in kept:
            continue
        if name not in packages:
            raise RuntimeInstallError(f"{lock}: {wheel.name} depends on {name}, which the lock file does not list")
        kept[name] = packages[name]
        waiting.extend(packages[name].get("depends", []))
    if kept.keys() != packages.keys():
        lock.write_text(json.dumps({**data, "packages": kept}, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Runtime:
    """The built parts of the runtime: our wheel, its lock file, the snapshot and the wasm, both brotli'd."""

    pyodide: str
    wheel: Path
    lock: Path
    snapshot: Path
    snapshot_size: int
    wasm_br: Path
    version: str  # names the service worker's cache (_runtime_version)

    @property
    def snapshot_parts(self) -> int:
        """Into how many files the snapshot is cut (``<snapshot>.1`` and so on)."""
        return max(1, -(-self.snapshot.stat().st_size // PART_SIZE))

    def manifest(self) -> dict[str, str | int]:
        """What a page and ``runtime.json`` tell the worker: which snapshot fits which Pyodide."""
        return {
            "pyodide": self.pyodide,
            "wheel": self.wheel.name,
            "snapshot": self.snapshot.name,
            "snapshotParts": self.snapshot_parts,
            "snapshotSize": self.snapshot_size,
            "version": self.version,
        }


def prepare_runtime(root: Path) -> Runtime:
    """Build (or take from the cache) the wheel, its lock file, the snapshot and the brotli'd wasm.

    They are cached side by side, keyed by the same hash of the sources, so an
    unchanged build only reads them.
    """
    source = root / "node_modules" / "pyodide"
    if not (source / "pyodide.mjs").exists():
        raise RuntimeInstallError(f"{source}: the Pyodide runtime is missing; run `make setup` (npm ci)")
    wheel = build_wheel(root)
    lock = wheel.parent / "pyodide-lock.json"
    if not lock.exists():
        _add_wheel_to_lock(root, wheel, lock)
    _keep_only_what_the_site_serves(lock, wheel)
    snapshot = make_snapshot(root, wheel)
    version = pyodide_version(root)
    settings = hashlib.sha256(json.dumps(BROTLI_WASM).encode()).hexdigest()[:8]
    wasm_br = wheel.parent / f"pyodide-{version}-{settings}.asm.wasm.br"
    if not wasm_br.exists():
        # 9.6 MB become 2.7 MB, whatever the host compresses; the unpack worker unpacks it while it compiles.
        partial = wasm_br.with_suffix(".partial")
        partial.write_bytes(brotli.compress((source / "pyodide.asm.wasm").read_bytes(), **BROTLI_WASM))
        partial.replace(wasm_br)
    built = _runtime_version(version, wheel, snapshot, _decoder_dir(root))
    return Runtime(version, wheel, lock, snapshot, _memory_size(snapshot), wasm_br, built)


def _runtime_version(pyodide: str, wheel: Path, snapshot: Path, decoder: Path) -> str:
    """Pyodide's version and short hashes of the wheel, the snapshot and the brotli decoder.

    It names the service worker's cache (``storage.cachePrefix`` + version),
    so a build with any of them changed starts a cache of its own.
    """
    wheel_hash = hashlib.sha256(wheel.read_bytes()).hexdigest()[:12]
    snapshot_hash = snapshot.name.removeprefix("worksheets-").removesuffix(".snapshot.br")
    decoder_hash = hashlib.sha256(b"".join((decoder / name).read_bytes() for name in DECODER_FILES)).hexdigest()[:8]
    return f"{pyodide}-{wheel_hash}-{snapshot_hash}-{decoder_hash}"


def _decoder_dir(root: Path) -> Path:
    decoder = root / "node_modules" / "brotli-dec-wasm" / "pkg"
    for name in DECODER_FILES:
        if not (decoder / name).exists():
            raise RuntimeInstallError(f"{decoder / name}: the brotli decoder is missing; run `make setup` (npm ci)")
    return decoder


def install_runtime(root: Path, site_dir: Path, runtime: Runtime | None = None, fast_start: bool = True) -> Path:
    """Copy Pyodide, the wheel, its lock file, the brotli'd wasm, its decoder and the snapshot (in parts) into the site.

    ``runtime.json`` is the build's contract (macros/contract.py), with ``fast_start`` in it.
    """
    runtime = runtime or prepare_runtime(root)
    source = root / "node_modules" / "pyodide"
    target = site_dir / SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copy2(source / name, target / name)
    for product in (runtime.wheel, runtime.lock):
        shutil.copy2(product, target / product.name)
    shutil.copy2(runtime.wasm_br, target / WASM_BR)
    decoder = _decoder_dir(root)
    for name in DECODER_FILES:
        shutil.copy2(decoder / name, target / name)
    with runtime.snapshot.open("rb") as whole:
        for index in range(runtime.snapshot_parts):
            (target / f"{runtime.snapshot.name}.{index + 1}").write_bytes(whole.read(PART_SIZE))
    (target / FILES["manifest"]).write_text(contract_json(runtime.manifest(), fast_start=fast_start), encoding="utf-8")
    return target


def _memory_size(path: Path) -> int:
    start = brotli.Decompressor().process(path.read_bytes()[:65536])
    return snapshot_format.full_size(start[:64])


def make_snapshot(root: Path, wheel: Path) -> Path:
    """A Pyodide memory snapshot with the worksheets warmed up, packed and brotli'd (cached beside the wheel).

    Made in Node.js by ``tools/make_snapshot.mjs``; its name carries a hash of
    the Pyodide version, the wheel and the script, so a deploy never serves a
    stale one.
    """
    script = root / "tools" / "make_snapshot.mjs"
    digest = hashlib.sha256()
    for part in (
        pyodide_version(root).encode(),
        wheel.read_bytes(),
        script.read_bytes(),
        script.with_name("snapshot_trim.py").read_bytes(),
        Path(snapshot_format.__file__).read_bytes(),
        json.dumps(BROTLI_SNAPSHOT).encode(),
    ):
        digest.update(part)
    cached = wheel.parent / f"worksheets-{digest.hexdigest()[:16]}.snapshot.br"
    if cached.exists():
        return cached
    node = shutil.which("node")
    if node is None:
        raise RuntimeInstallError("Node.js is needed to make the Pyodide snapshot; install nodejs")
    raw = cached.with_suffix("")
    runtime = root / "node_modules" / "pyodide"
    result = subprocess.run(
        [node, str(script), str(runtime), str(wheel), str(raw)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeInstallError(f"making the Pyodide snapshot failed:\n{result.stderr[-2000:]}")
    memory = raw.read_bytes()
    image = snapshot_format.wasm_data_image((runtime / "pyodide.asm.wasm").read_bytes())
    packed = snapshot_format.pack(memory, image, _pyodide_header_length(memory))
    partial = cached.with_suffix(".partial")
    partial.write_bytes(brotli.compress(packed, **BROTLI_SNAPSHOT))
    partial.replace(cached)
    raw.unlink()
    return cached


def _pyodide_header_length(snapshot: bytes) -> int:
    """Where the wasm memory starts in a Pyodide 314 snapshot (its second uint32: the header's length)."""
    (length,) = struct.unpack_from("<I", snapshot, 4)
    if not 16 <= length < len(snapshot) or length % 16:
        raise RuntimeInstallError(f"unexpected Pyodide snapshot header length {length}: its format changed")
    return int(length)
