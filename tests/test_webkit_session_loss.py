"""A WebKit session that dies or stops answering fails its command at once, and its tab still closes.

Without this, a stuck WebKitWebDriver held a CI run until its 90 minutes were up.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.engines import EngineGoneError, launch
from tests.engines.webkit import WebKitEngine, WebKitTab

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


@pytest.fixture(scope="module")
def engine() -> Iterator[WebKitEngine]:
    """WebKit on an Xvfb display of its own."""
    started = launch("webkit")
    assert isinstance(started, WebKitEngine)
    yield started
    started.quit()


def group_left(tab: WebKitTab) -> list[str]:
    """What is still running of the tab's driver group (driver, MiniBrowser, web processes); zombies do not count."""
    group = tab.driver.service.process.pid
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == group and fields[0] != "Z":
            left.append(f"{name} ({fields[0]})")
    return left


def stop_the_driver(tab: WebKitTab) -> None:
    os.kill(tab.driver.service.process.pid, signal.SIGSTOP)


def kill_the_web_process(tab: WebKitTab) -> None:
    group = str(tab.driver.service.process.pid)
    subprocess.run(["pkill", "-KILL", "-g", group, "-f", "WebKitWebProcess"], check=True)


@pytest.mark.parametrize(
    ("harm", "said"),
    [(stop_the_driver, "did not answer within 3 s"), (kill_the_web_process, "its page or browser died")],
    ids=["driver-stops-answering", "web-process-dies"],
)
def test_a_lost_webkit_session_raises_engine_gone_and_the_tab_still_closes(
    engine: WebKitEngine, harm: Callable[[WebKitTab], None], said: str
) -> None:
    tab = engine.new_tab()
    assert isinstance(tab, WebKitTab)
    try:
        tab.goto("about:blank")
        assert tab.run("6 * 7") == 42
        tab.driver.command_executor.client_config.timeout = 3
        harm(tab)
        with pytest.raises(EngineGoneError, match=said):
            tab.wait_for("() => false", timeout=30)
    finally:
        tab.close()
    assert group_left(tab) == []
