"""Publishing: a build for a real address, its ``_headers``, the Pages workflow, precompression, host limits."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
import yaml
from conftest import SITE_LANGUAGES, built, language_of

from macros.contract import FILES
from macros.deploy_headers import IMMUTABLE, MAX_LINE, MAX_RULES, NO_CACHE, has_hash, page_addresses
from macros.plugin.csp import content_security_policy
from tools.precompress import precompress

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_URL = "https://example.org/guide/"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
MAX_FILE = 25 * 1024 * 1024  # Cloudflare Pages' limit per file
LOCAL = re.compile(rb"127\.0\.0\.1|localhost:8000")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as ``SITE_URL=https://example.org/guide/ make build`` writes it (precompressed)."""
    target = built(tmp_path_factory.mktemp("published"), site_url=PUBLIC_URL)
    precompress(target)
    return target


def read_rules(path: Path) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            rules[-1][1][name] = value
        else:
            rules.append((line, {}))
    return rules


def file_of(site: Path, base: str, rule: str) -> Path:
    """The file a rule's exact path names (a directory URL names its index.html)."""
    assert rule.startswith(base), rule
    path = site / rule[len(base) :]
    return path / "index.html" if rule.endswith("/") else path


def exact_rules(site: Path, base: str) -> dict[Path, dict[str, str]]:
    rules = read_rules(site / "_headers")
    return {file_of(site, base, path): headers for path, headers in rules if "*" not in path}


# --- the address ---------------------------------------------------------------------------------------


def upstream_digests() -> set[str]:
    """Digests of Material's and Pyodide's own files (some mention 127.0.0.1 themselves)."""
    import material

    folders = [Path(material.__file__).parent / "templates", ROOT / "node_modules" / "pyodide"]
    return {sha256(p) for folder in folders for p in folder.rglob("*") if p.is_file()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_build_for_a_public_address_names_no_local_server(published: Path) -> None:
    naming = [path for path in published.rglob("*") if path.is_file() and LOCAL.search(path.read_bytes())]
    upstream = upstream_digests()
    ours = [
        p.relative_to(published).as_posix()
        for p in naming
        if hashlib.sha256(p.read_bytes()).hexdigest() not in upstream
    ]
    assert ours == []
    assert (published / "index.html").read_text(encoding="utf-8").count(PUBLIC_URL) >= 1


def test_every_absolute_reference_is_under_the_public_address(published: Path) -> None:
    attribute = re.compile(r'(?:href|src|content|data-root)="((?:https?:)?//[^"]+|/[^"]*)"')
    outside = []
    for page in published.rglob("*.html"):
        for url in attribute.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            ours = not parts.netloc or parts.hostname in ("example.org", "127.0.0.1", "localhost")
            if ours and not (url.startswith(PUBLIC_URL) if parts.netloc else url.startswith("/guide/")):
                outside.append(f"{page.relative_to(published)}: {url}")
    assert outside == []


@pytest.mark.parametrize("prefix", [language.prefix for language in SITE_LANGUAGES])
def test_each_sitemap_lists_its_own_pages_at_the_public_address(published: Path, prefix: str) -> None:
    sitemap = (published / prefix / "sitemap.xml").read_text(encoding="utf-8")
    own = [a for a in page_addresses(published) if language_of(a).prefix == prefix]
    assert sorted(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == sorted(PUBLIC_URL + address for address in own)
    assert len(own) * len(SITE_LANGUAGES) == len(page_addresses(published))  # as many pages in each language


@pytest.mark.parametrize(("locale", "prefix"), [(language.locale, language.prefix) for language in SITE_LANGUAGES])
def test_each_404_page_has_its_own_absolute_base(published: Path, locale: str, prefix: str) -> None:
    html = (published / prefix / "404.html").read_text(encoding="utf-8")
    assert f'"base": "/guide/{prefix}"' in html
    assert f'<html lang="{locale}"' in html


# --- _headers ------------------------------------------------------------------------------------------


@pytest.mark.build  # asks for its build by name (request.getfixturevalue)
@pytest.mark.parametrize(("layout", "base"), [("published", "/guide/"), ("built_site", "/")])
def test_every_path_in_headers_exists_in_the_build(request: pytest.FixtureRequest, layout: str, base: str) -> None:
    site = request.getfixturevalue(layout)
    rules = read_rules(site / "_headers")
    assert rules[0][0] == base + "*"
    missing = [path for path, _ in rules[1:] if not file_of(site, base, path).is_file()]
    assert missing == []
    assert len(rules) <= MAX_RULES
    assert max(len(line) for line in (site / "_headers").read_text(encoding="utf-8").splitlines()) <= MAX_LINE


def test_only_hashed_file_names_are_cached_for_a_year(published: Path) -> None:
    rules = exact_rules(published, "/guide/")
    immutable = {path for path, headers in rules.items() if headers.get("Cache-Control") == IMMUTABLE}
    hashed = {p for p in published.rglob("*") if p.is_file() and has_hash(p.name) and p.suffix not in (".gz", ".br")}
    assert immutable == hashed
    names = {path.name for path in immutable}
    assert any(re.fullmatch(r"bundle\.[0-9a-f]{8}\.min\.js", name) for name in names)
    assert any(re.fullmatch(r"worksheets-[0-9a-f]{16}\.snapshot\.br\.1", name) for name in names)
    assert not {"pyodide.asm.wasm", "worksheet.js", "site.js", "runtime.json"} & names


@pytest.mark.parametrize(
    ("name", "hashed"),
    [
        ("bundle.a5f9d56c.min.js", True),
        ("worksheets-ffec4d9828ee0860.snapshot.br.2", True),
        ("palette.ab4e12ef.min.css.map", True),
        ("pyodide.asm.wasm", False),
        ("search-guard.js", False),
        ("worksheets-0.1.0-py3-none-any.whl", False),
        ("deadbeefcafe.js", False),  # hex letters only: a word, not a hash
    ],
)
def test_hash_detection(name: str, hashed: bool) -> None:
    assert has_hash(name) is hashed


def test_pages_and_the_service_worker_are_never_cached_stale(published: Path) -> None:
    rules = exact_rules(published, "/guide/")
    no_cache = {path for path, headers in rules.items() if headers.get("Cache-Control") == NO_CACHE}
    pages = {published / address / "index.html" for address in page_addresses(published)}
    assert no_cache == pages | {published / "sw.js"}
    assert len(pages) == len(list(published.rglob("index.html"))) >= 20


def test_wasm_and_module_scripts_get_their_types(published: Path) -> None:
    rules = exact_rules(published, "/guide/")
    typed = {path: headers["Content-Type"] for path, headers in rules.items() if "Content-Type" in headers}
    files = {p for p in published.rglob("*") if p.suffix in (".wasm", ".mjs")}
    assert set(typed) == files
    assert {typed[p].split(";")[0] for p in files if p.suffix == ".wasm"} == {"application/wasm"}
    assert {typed[p].split(";")[0] for p in files if p.suffix == ".mjs"} == {"text/javascript"}


def test_each_page_gets_its_own_csp_as_a_header_and_no_worker_gets_one(published: Path) -> None:
    rules = exact_rules(published, "/guide/")
    with_policy = {
        path: headers["Content-Security-Policy"]
        for path, headers in rules.items()
        if "Content-Security-Policy" in headers
    }
    pages = {published / address / "index.html" for address in page_addresses(published)}
    assert set(with_policy) == pages
    for page, policy in with_policy.items():
        assert policy == content_security_policy(page.read_text(encoding="utf-8")) + "; frame-ancestors 'none'"
    sheet = published / "worksheets" / "ready-check" / "index.html"
    assert "'sha256-" in with_policy[sheet]  # the engine's starter in <head>, allowed by hash
    assert "Content-Security-Policy" not in read_rules(published / "_headers")[0][1]


def test_each_header_is_set_by_one_rule_per_path(published: Path) -> None:
    """Hosts join the values of a header several matching rules set; only the catch-all may overlap."""
    rules = read_rules(published / "_headers")
    catch_all = set(rules[0][1])
    assert not [path for path, headers in rules[1:] if catch_all & set(headers)]
    paths = [path for path, _ in rules]
    assert len(paths) == len(set(paths))


# --- the GitHub Pages workflow -------------------------------------------------------------------------


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_the_workflow_builds_with_the_projects_own_setup_for_the_pages_address() -> None:
    build = steps("build")
    pages = next(step for step in build if step.get("uses", "").startswith("actions/configure-pages@"))
    make = next(step for step in build if "make build" in step.get("run", ""))
    assert make["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    assert build.index(pages) < build.index(make)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^build: setup\b", makefile, flags=re.M)
    assert "tools/bootstrap.sh" in makefile
    python = next(step for step in build if step.get("uses", "").startswith("actions/setup-python@"))
    requires = re.search(r'requires-python = ">=(\d+\.\d+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert requires
    assert tuple(map(int, str(python["with"]["python-version"]).split("."))) >= tuple(
        map(int, requires.group(1).split("."))
    )
    assert any(step.get("uses", "").startswith("actions/setup-node@") for step in build)


def test_the_workflow_uploads_what_make_build_writes(built_site: Path) -> None:
    upload = next(step for step in steps("build") if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    folder = upload["with"]["path"]
    assert folder == "site"
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant)
    assert config.get("site_dir", "site") == folder
    assert "tools.precompress site" in (ROOT / "Makefile").read_text(encoding="utf-8")
    deploy = steps("deploy")
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy)
    assert workflow()["jobs"]["deploy"]["needs"] == "build"
    permissions = workflow()["permissions"]
    assert permissions == {"contents": "read", "pages": "write", "id-token": "write"}


def test_every_path_the_workflow_names_exists() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    named = set(
        re.findall(r"(?<![\w./-])((?:tools|macros|docs|tests)/[\w./-]+|package-lock\.json|pyproject\.toml)", text)
    )
    assert named
    assert sorted(path for path in named if not (ROOT / path).exists()) == []


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml with MkDocs' tags read as nothing."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


# --- precompression and host limits --------------------------------------------------------------------


def test_no_file_exceeds_cloudflare_pages_limit(published: Path) -> None:
    sizes = {path.relative_to(published).as_posix(): path.stat().st_size for path in published.rglob("*")}
    assert sorted(name for name, size in sizes.items() if size > MAX_FILE) == []


def test_precompressed_files_unpack_to_their_originals(published: Path) -> None:
    siblings = sorted(published.rglob("*.br")) + sorted(published.rglob("*.gz"))
    assert len(siblings) > 50
    decode = {".br": brotli.decompress, ".gz": gzip.decompress}
    for sibling in siblings:
        original = sibling.with_suffix("")
        if original.exists():  # the snapshot's parts are named *.br.1 and have no original
            assert decode[sibling.suffix](sibling.read_bytes()) == original.read_bytes(), sibling


def test_every_large_text_file_has_both_siblings(published: Path) -> None:
    text = [
        p
        for p in published.rglob("*")
        if p.suffix in (".html", ".css", ".js", ".mjs", ".json", ".xml") and p.stat().st_size > 1024
    ]
    assert len(text) > 40
    missing = [p.name for p in text for s in (".gz", ".br") if not p.with_name(p.name + s).exists()]
    assert missing == []
    assert (published / "assets" / "pyodide" / "pyodide.asm.wasm.br").exists()
    assert not (published / "assets" / "pyodide" / "python_stdlib.zip.gz").exists()  # a zip gains nothing


def _precached(published: Path) -> list[str]:
    script = (published / "sw.js").read_text(encoding="utf-8")
    runtime = re.search(r"const RUNTIME = (\[.*?\]);", script)
    assert runtime
    return re.findall(r'"([^"]+)"', runtime.group(1))


def test_the_service_worker_precaches_no_precompressed_sibling(published: Path) -> None:
    listed = _precached(published)
    assert listed
    engine_wasm = f"assets/pyodide/{FILES['wasmBr']}"  # the engine's own file, which it fetches by that name
    assert [name for name in listed if name.endswith((".br", ".gz")) and name != engine_wasm] == []
    assert engine_wasm in listed
    assert all((published / name).is_file() for name in listed)


def small_site(tmp_path: Path) -> Path:
    tmp_path.mkdir()
    (tmp_path / "index.html").write_text("<p>Grüße aus Köln</p>\n" * 200, encoding="utf-8")
    (tmp_path / "tiny.css").write_text("a{color:red}", encoding="utf-8")
    (tmp_path / "data.zip").write_bytes(b"PK" + bytes(range(256)) * 20)
    # Incompressible: compression would save less than 5 %.
    (tmp_path / "noise.js").write_bytes(b"".join(hashlib.sha256(i.to_bytes(4)).digest() for i in range(200)))
    return tmp_path


def test_precompress_writes_siblings_only_where_they_help(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    written = precompress(site, cache=tmp_path / "cache")
    assert sorted(p.name for p in written) == ["index.html.br", "index.html.gz"]
    assert precompress(site, cache=tmp_path / "cache") == []  # a second run keeps what is there


def test_precompress_refuses_a_sibling_that_is_not_its_file(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    (site / "index.html.gz").write_bytes(gzip.compress(b"another page"))
    with pytest.raises(ValueError, match=r"index\.html\.gz: exists and does not unpack to index\.html"):
        precompress(site, cache=tmp_path / "cache")


def test_the_service_worker_stores_the_engines_workers_and_the_sitemaps_on_install(published: Path) -> None:
    # WebKitGTK does not store a worker's script as it loads it; offline, the worksheet then could not start.
    # Material's instant navigation reads the sitemaps; offline, Firefox reported each failed one.
    listed = set(_precached(published))
    assert {f"assets/js/{FILES['engine']}", f"assets/js/{FILES['unpacker']}"} <= listed
    sitemaps = {path.relative_to(published).as_posix() for path in published.glob("**/sitemap.xml")}
    assert {"sitemap.xml", "en/sitemap.xml"} <= sitemaps <= listed
