"""Firefox ESR over WebDriver BiDi, through puppeteer-core in a Node.js bridge (firefox_bridge.mjs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.engines import Engine, Tab

BRIDGE = Path(__file__).with_name("firefox_bridge.mjs")
ROOT = BRIDGE.parent.parent.parent


def firefox_binary() -> str:
    """Debian's Firefox ESR (``$FIREFOX`` overrides)."""
    found = os.environ.get("FIREFOX") or shutil.which("firefox-esr") or shutil.which("firefox")
    if not found:
        raise RuntimeError("Firefox not found: run tools/ensure-debian-packages.sh (make test does)")
    return found


class FirefoxEngine(Engine):
    """One Firefox for the session; a tab is a page in a fresh browser context (own storage)."""

    name = "firefox"

    def __init__(self) -> None:
        binary = firefox_binary()
        self.version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()
        self._profile = tempfile.mkdtemp(prefix="firefox-profile-")
        self._process = subprocess.Popen(
            ["node", str(BRIDGE), binary, self._profile],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,  # node_modules/puppeteer-core
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
        self._next = 0

    def call(self, op: str, **fields: Any) -> Any:
        """Send one request to the bridge; its value, or raise with the bridge's error."""
        assert self._process.stdin
        assert self._process.stdout
        self._next += 1
        self._process.stdin.write(json.dumps({"id": self._next, "op": op, **fields}) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the Firefox bridge ended (exit {self._process.wait()})")
        answer = json.loads(line)
        assert answer["id"] == self._next, answer
        if "error" in answer:
            raise RuntimeError(f"firefox: {op}: {answer['error']}")
        return answer["value"]

    def new_tab(self) -> Tab:
        self.call("newTab")
        return FirefoxTab(self)

    def quit(self) -> None:
        try:
            self.call("quit")
            self._process.wait(timeout=20)
        except (RuntimeError, OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream:
                stream.close()
        shutil.rmtree(self._profile, ignore_errors=True)


class FirefoxTab(Tab):
    """The bridge's current page (one tab at a time)."""

    engine = "firefox"

    def __init__(self, owner: FirefoxEngine) -> None:
        self._call = owner.call

    def goto(self, url: str) -> None:
        self._call("goto", url=url)

    def reload(self) -> None:
        self._call("reload")

    def run(self, expression: str) -> Any:
        return self._call("evaluate", expression=expression)

    def fill(self, selector: str, text: str) -> None:
        self._call("fill", selector=selector, text=text)

    def click(self, selector: str) -> None:
        self._call("click", selector=selector)

    def errors(self) -> list[str]:
        return list(self._call("errors"))

    def close(self) -> None:
        self._call("closeTab")
