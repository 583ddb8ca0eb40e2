"""WebKitGTK's MiniBrowser through Selenium and Debian's WebKitWebDriver, on an Xvfb display of its own."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tests.engines import Engine, EngineGoneError, Tab

# Debian's libwebkit2gtk-4.1-0 ships it here (`dpkg -L libwebkit2gtk-4.1-0 | grep MiniBrowser`).
MINIBROWSER_PATHS = (
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
)
# Longer than any one command needs (scripts and page loads are cut at 60 s), so that a
# WebKitWebDriver that stops answering fails the command instead of the whole run.
COMMAND_TIMEOUT = 90
PAGE_TIMEOUT = 60
QUIT_TIMEOUT = 5
GROUP_END_TIMEOUT = 10
# Page errors are not reported over classic WebDriver; the page records its own.
RECORD_ERRORS = """
if (!window.__pageErrors) {
  window.__pageErrors = [];
  addEventListener("error", (e) => window.__pageErrors.push(String(e.message)));
  addEventListener("unhandledrejection", (e) => window.__pageErrors.push(String(e.reason)));
}
"""


def minibrowser() -> str:
    """WebKitGTK's MiniBrowser (``$MINIBROWSER`` overrides)."""
    for candidate in (os.environ.get("MINIBROWSER", ""), *MINIBROWSER_PATHS):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("WebKitGTK's MiniBrowser not found: run tools/ensure-debian-packages.sh (make test does)")


class WebKitEngine(Engine):
    """An Xvfb display for the session; each tab is a new WebDriver session (a new, empty MiniBrowser)."""

    name = "webkit"

    def __init__(self) -> None:
        self._binary = minibrowser()
        self._driver = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
        read, write = os.pipe()
        # -displayfd: Xvfb picks a free display and writes its number.
        self._xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=[write],
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = ":" + pipe.readline().strip()
        self.version = ""

    def new_tab(self) -> Tab:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = self._binary
        options.add_argument("--automation")
        # What the driver prints (and the MiniBrowser, should it write to the driver's stderr), for EngineGoneError.
        handle, name = tempfile.mkstemp(prefix="webkit-driver-", suffix=".log")
        os.close(handle)  # Selenium opens the file by its name
        log = Path(name)
        service = Service(
            executable_path=self._driver,
            env={**os.environ, "DISPLAY": self.display},
            log_output=str(log),
            # A process group of its own, so that close() can end the MiniBrowser it starts, too.
            popen_kw={"start_new_session": True},
        )
        with warnings.catch_warnings():
            # Selenium 4.40's own WebKitGTK driver still uses its deprecated argument.
            warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
            driver = webdriver.WebKitGTK(options=options, service=service)
        driver.command_executor.client_config.timeout = COMMAND_TIMEOUT
        driver.set_script_timeout(PAGE_TIMEOUT)
        driver.set_page_load_timeout(PAGE_TIMEOUT)
        driver.set_window_size(1280, 900)  # as the other engines
        self.version = f"WebKitGTK {driver.capabilities.get('browserVersion', '')}"
        return WebKitTab(driver, log)

    def quit(self) -> None:
        self._xvfb.terminate()
        self._xvfb.wait(timeout=10)


class WebKitTab(Tab):
    """A Selenium session of its own."""

    engine = "webkit"

    def __init__(self, driver: Any, log: Path) -> None:
        self.driver = driver
        self.log = log

    @contextmanager
    def _alive(self) -> Iterator[None]:
        """Turn a lost or silent session into EngineGoneError, with what the driver and its MiniBrowser printed."""
        from selenium.common.exceptions import InvalidSessionIdException
        from urllib3.exceptions import HTTPError

        try:
            yield
        except InvalidSessionIdException as error:
            # WebDriver answers the same whether the page's web process or the MiniBrowser died.
            raise EngineGoneError(f"WebKit's session ended: its page or browser died.{self._printed()}") from error
        except (HTTPError, TimeoutError) as error:
            waited = self.driver.command_executor.client_config.timeout
            raise EngineGoneError(f"WebKitWebDriver did not answer within {waited} s.{self._printed()}") from error

    def _printed(self) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace").strip() if self.log.exists() else ""
        return "\nTheir last output:\n" + "\n".join(text.splitlines()[-40:]) if text else ""

    def goto(self, url: str) -> None:
        with self._alive():
            self.driver.get(url)
            self.driver.execute_script(RECORD_ERRORS)

    def reload(self) -> None:
        with self._alive():
            self.driver.refresh()
            self.driver.execute_script(RECORD_ERRORS)

    def run(self, expression: str) -> Any:
        with self._alive():
            return self.driver.execute_script(f"return {expression};")

    def fill(self, selector: str, text: str) -> None:
        from selenium.webdriver.common.by import By

        with self._alive():
            element = self.driver.find_element(By.CSS_SELECTOR, selector)
            element.clear()
            element.send_keys(text)

    def click(self, selector: str) -> None:
        from selenium.webdriver.common.by import By

        with self._alive():
            self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def errors(self) -> list[str]:
        return list(self.run("window.__pageErrors || []"))

    def close(self) -> None:
        from selenium.webdriver.remote.command import Command

        process = self.driver.service.process
        # Not driver.quit(): its Service.stop() asks the driver to shut down without a timeout,
        # which blocks for ever when the driver is stuck. A stuck one gets less time here.
        self.driver.command_executor.client_config.timeout = QUIT_TIMEOUT
        try:
            with suppress(Exception):  # a session that died or stopped answering cannot end itself
                self.driver.execute(Command.QUIT)
            self.driver.command_executor.close()
        finally:
            end_group(process)
            self.driver.service.stop()  # now only closes the driver's log
            self.log.unlink(missing_ok=True)


def end_group(process: subprocess.Popen[bytes]) -> None:
    """End the driver and whatever it started (its own process group): politely, then for good.

    The group counts as ended only when none of its members still runs: the driver can exit
    while a web process it started is still on its way out.
    """
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    for sent in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sent)
            os.killpg(process.pid, signal.SIGCONT)  # a stopped process acts on SIGTERM only once it runs
        if wait_for_empty_group(process.pid, GROUP_END_TIMEOUT):
            break
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=GROUP_END_TIMEOUT)  # the driver, a zombie by now: reaped


def group_members(group: int) -> list[str]:
    """Name and state of each live member of a process group; zombies do not count."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(f"{name} ({fields[0]})")
    return members


def wait_for_empty_group(group: int, timeout: float) -> bool:
    """Whether the group has no live member within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while group_members(group):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
