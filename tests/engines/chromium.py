"""Chromium through Playwright: the suite's own browser (tests/conftest.py launches it)."""

from __future__ import annotations

from typing import Any

from tests.engines import Engine, Tab


class ChromiumTab(Tab):
    """A Playwright page in a context of its own."""

    engine = "chromium"

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(
            permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self._errors: list[str] = []
        self.page.on("pageerror", lambda error: self._errors.append(str(error)))

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def reload(self) -> None:
        self.page.reload()

    def run(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def fill(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)

    def click(self, selector: str) -> None:
        self.page.click(selector)

    def errors(self) -> list[str]:
        return list(self._errors)

    def close(self) -> None:
        self.context.close()


class ChromiumEngine(Engine):
    """Debian's Chromium, as launched by the session's ``browser`` fixture."""

    name = "chromium"

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.version = str(browser.version)

    def new_tab(self) -> Tab:
        return ChromiumTab(self.browser)

    def quit(self) -> None:
        pass  # the fixture that launched it closes it
