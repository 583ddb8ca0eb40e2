"""A WebKit session that dies or stops answering fails its command at once, and its tab still closes.

Without this, a stuck WebKitWebDriver held a CI run until its 90 minutes were up.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable, Iterator

import pytest

from tests.engines import EngineGoneError, launch
from tests.engines.webkit import WebKitEngine, WebKitTab, group_members

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


@pytest.fixture(scope="module")
def engine() -> Iterator[WebKitEngine]:
    """WebKit on an Xvfb display of its own."""
    started = launch("webkit")
    assert isinstance(started, WebKitEngine)
    yield started
    started.quit()


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
    assert group_members(tab.driver.service.process.pid) == []
