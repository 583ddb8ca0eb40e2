"""Build wall time and peak memory: our site against plain Material with the same Markdown."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.locales import read_config

ROOT = Path(__file__).resolve().parent.parent

# Plain Material with our theme settings (features, colour palette and its
# toggle), so that the comparison counts only what our macros and scripts add.
PLAIN_CONFIG = {
    "site_name": "Netzwerk-Leitfaden",
    "site_url": "http://127.0.0.1:8000/",
    "theme": {"name": "material", "language": "de", "font": False},
    "extra": {"generator": False},
    "markdown_extensions": ["admonition", "attr_list", "md_in_html", {"toc": {"permalink": True}}],
    "plugins": ["search"],
}
THEME_SETTINGS = ("features", "palette")


def plain_config(ours: Path) -> str:
    """The plain project's ``mkdocs.yml``, with the theme settings of ``ours``."""
    theme = read_config(ours)["theme"]
    config = {
        **PLAIN_CONFIG,
        "theme": {**PLAIN_CONFIG["theme"], **{key: theme[key] for key in THEME_SETTINGS if key in theme}},
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


@dataclass(frozen=True)
class BuildRun:
    """One build: seconds of wall time and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def measure_build(config: Path, site_dir: Path, env: dict[str, str] | None = None) -> BuildRun:
    """Run ``mkdocs build`` in a fresh process and measure it (peak memory of that process tree)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "if done.returncode: sys.stderr.write(done.stdout + done.stderr); sys.exit(done.returncode)\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site_dir)]
    result = subprocess.run(
        [sys.executable, "-c", code, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=config.parent,
        env={**os.environ, **(env or {})},
    )
    seconds, kib = result.stdout.split()
    return BuildRun(float(seconds), int(kib) / 1024)


def export_markdown(target: Path, site_dir: Path) -> None:
    """Build our site once, writing every page's final Markdown (both languages) to ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    measure_build(ROOT / "mkdocs.yml", site_dir, {"GUIDE_EXPORT_MARKDOWN": str(target)})


def plain_project(markdown: Path, project: Path) -> Path:
    """A plain Material project (no macros, no JS or CSS of ours) with the same Markdown and theme settings."""
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(markdown, project / "docs")
    (project / "mkdocs.yml").write_text(plain_config(ROOT / "mkdocs.yml"), encoding="utf-8")
    return project / "mkdocs.yml"


def cold_cache() -> None:
    """Forget the build caches (wheel and snapshot, compiled templates), as a fresh clone would have them."""
    for name in ("runtime", "templates"):
        shutil.rmtree(ROOT / "build" / name, ignore_errors=True)


def run_builds(workdir: Path, runs: int) -> dict[str, list[BuildRun]]:
    """Our build (cold once, then warm) and the plain build, ``runs`` times each."""
    export_markdown(workdir / "markdown", workdir / "ours-export")
    plain = plain_project(workdir / "markdown", workdir / "plain")
    results: dict[str, list[BuildRun]] = {"ours_cold": [], "ours": [], "plain": []}
    cold_cache()
    results["ours_cold"].append(measure_build(ROOT / "mkdocs.yml", workdir / "ours-site"))
    for _ in range(runs):
        results["ours"].append(measure_build(ROOT / "mkdocs.yml", workdir / "ours-site"))
        results["plain"].append(measure_build(plain, workdir / "plain-site"))
    return results
