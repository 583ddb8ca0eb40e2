"""The service worker: its version ties the browser cache to this build's runtime."""

from __future__ import annotations

import json
from pathlib import Path

from macros.contract import FILES, STORAGE
from macros.runtime import DECODER_FILES

SOURCE = Path(__file__).with_name("sw.js")


def runtime_version(runtime_dir: Path) -> str:
    """The runtime's version, as ``runtime.json`` has it (``Runtime.version``, made in macros/runtime.py)."""
    manifest = json.loads((runtime_dir / "runtime.json").read_text(encoding="utf-8"))
    return str(manifest["version"])


# python_stdlib.zip is not among them: the snapshot's boot needs it only for an import
# that is not in memory yet (docs/assets/js/worksheet-worker.mjs). The brotli decoder is:
# a browser without DecompressionStream("brotli") needs it for every fast start.
PRECACHED = ("pyodide.mjs", "pyodide.asm.mjs", FILES["wasmBr"], *DECODER_FILES)


LUNR = "assets/javascripts/lunr/min"


def search_paths(site_dir: Path) -> list[str]:
    """The search worker, each language's search index and the lunr files the worker imports.

    The search starts last on a worksheet page (after Python), often after the
    reader has gone offline; its worker's imports fail uncaught when missing.
    """
    # Material's search worker, and the guard that loads it on worksheet pages.
    paths = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.glob("assets/javascripts/workers/*.js"))
    for index in sorted(site_dir.glob("**/search/search_index.json")):
        paths.append(index.relative_to(site_dir).as_posix())
        # As Material's search worker chooses them.
        langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
        others = [lang for lang in langs if lang != "en"]
        names = (["lunr.stemmer.support"] if others else []) + (["lunr.multi"] if len(langs) > 1 else [])
        for name in [*names, *(f"lunr.{lang}" for lang in others)]:
            path = f"{LUNR}/{name}.min.js"
            if (site_dir / path).is_file() and path not in paths:
                paths.append(path)
    return paths


def precached_paths(site_dir: Path, runtime_dir: Path) -> list[str]:
    """The files the service worker stores on install, relative to the site root.

    These are the files of the fast start, the engine's workers, the search's
    (``search_paths``) and the sitemaps; the plain ``pyodide.asm.wasm`` and
    the standard library of the fallback are stored when they are first used.
    The workers' scripts are stored here because WebKitGTK 2.50 does not store
    them as it loads them (the cache lacked them on 2026-12-03), and offline a
    worksheet then failed with "worker failed".
    """
    manifest = json.loads((runtime_dir / "runtime.json").read_text(encoding="utf-8"))
    folder = runtime_dir.relative_to(site_dir).as_posix()
    workers = (runtime_dir.parent / "js").relative_to(site_dir).as_posix()  # "../js/" from the runtime
    parts = [f"{manifest['snapshot']}.{index}" for index in range(1, int(manifest["snapshotParts"]) + 1)]
    runtime = [f"{folder}/{name}" for name in (*PRECACHED, *parts)]
    engine = [f"{workers}/{FILES[kind]}" for kind in ("engine", "unpacker")]
    return runtime + engine + search_paths(site_dir) + sitemap_paths(site_dir)


def sitemap_paths(site_dir: Path) -> list[str]:
    """Each locale's sitemap, which Material's instant navigation reads (offline too)."""
    return sorted(path.relative_to(site_dir).as_posix() for path in site_dir.glob("**/sitemap.xml"))


def write_service_worker(site_dir: Path, runtime_dir: Path) -> Path:
    """Write ``sw.js`` to the site root with this build's version and runtime files."""
    target = site_dir / "sw.js"
    text = SOURCE.read_text(encoding="utf-8").replace("__VERSION__", runtime_version(runtime_dir))
    text = text.replace("__RUNTIME__", json.dumps(precached_paths(site_dir, runtime_dir)))
    text = text.replace("__PREFIX__", STORAGE["cachePrefix"])
    target.write_text(text, encoding="utf-8")
    return target
