"""One small interface over three browser engines, so that a scenario is written once.

- ``chromium``: Debian's Chromium through Playwright (the suite's own browser);
- ``firefox``: Debian's Firefox ESR over WebDriver BiDi, through puppeteer-core
  in a small Node.js bridge (``firefox_bridge.mjs``);
- ``webkit``: WebKitGTK's MiniBrowser through Selenium and Debian's
  ``WebKitWebDriver``, on an Xvfb display of its own.

Every tab starts with empty storage and a cold cache. JavaScript is passed as
a function expression and called with one JSON argument; a promise it returns
is awaited, so ``evaluate`` answers the same way in every engine.
"""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from typing import Any

ENGINES = ("chromium", "firefox", "webkit")


class EngineGoneError(RuntimeError):
    """The tab's browser, or its page's process, is gone: nothing more can be asked of it."""


class Tab(ABC):
    """A page in a fresh browser context of one engine."""

    engine: str

    @abstractmethod
    def goto(self, url: str) -> None:
        """Open ``url`` and wait for its load event."""

    @abstractmethod
    def reload(self) -> None:
        """Reload the page and wait for its load event."""

    @abstractmethod
    def run(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""

    @abstractmethod
    def fill(self, selector: str, text: str) -> None:
        """Empty the field ``selector`` and type ``text`` into it, as a reader would."""

    @abstractmethod
    def click(self, selector: str) -> None:
        """Click the element ``selector`` with the engine's own input events."""

    @abstractmethod
    def errors(self) -> list[str]:
        """Uncaught errors of the page since the tab opened (where the engine reports them)."""

    @abstractmethod
    def close(self) -> None:
        """Close the tab and its context."""

    def evaluate(self, function: str, arg: Any = None) -> Any:
        """Call the JavaScript function expression ``function`` with ``arg`` (JSON); its awaited value."""
        return self.run(f"({function})({json.dumps(arg)})")

    def wait_for(self, function: str, arg: Any = None, timeout: float = 15.0, what: str = "") -> Any:
        """Poll ``function(arg)`` until it is truthy; its value. Fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(function, arg)
            except EngineGoneError:
                raise
            except Exception:  # a navigation under way destroys the page's context: poll the next page
                if time.monotonic() > deadline:
                    raise
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: not true after {timeout} s: {what or function}")
            time.sleep(0.1)

    def text(self, selector: str) -> str | None:
        """The text content of the first element ``selector``, or None when there is none."""
        return self.evaluate("(s) => document.querySelector(s)?.textContent ?? null", selector)


class Engine(ABC):
    """A running browser of one engine; each tab gets a fresh context."""

    name: str
    version: str = ""

    @abstractmethod
    def new_tab(self) -> Tab:
        """A page in a fresh context: empty storage, no service worker, cold cache."""

    @abstractmethod
    def quit(self) -> None:
        """Stop the browser and whatever it started."""


def launch(name: str, **chromium: Any) -> Engine:
    """Start the engine ``name`` (one of ENGINES); Chromium takes the suite's Playwright browser."""
    if name == "chromium":
        from tests.engines.chromium import ChromiumEngine

        return ChromiumEngine(chromium["browser"])
    if name == "firefox":
        from tests.engines.firefox import FirefoxEngine

        return FirefoxEngine()
    if name == "webkit":
        from tests.engines.webkit import WebKitEngine

        return WebKitEngine()
    raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
