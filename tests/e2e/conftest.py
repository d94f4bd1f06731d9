"""Browser harness: one Streamlit server per session, a fresh Chromium page per test.

Playwright drives Debian's system Chromium (/usr/bin/chromium); no browser is
downloaded. The server runs the real app on a free port against a demo data set
in a temporary folder, so tests never touch the checkout's data/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    ViewportSize,
    sync_playwright,
)

from journeys.catalog import Catalog

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_LOG = ARTIFACTS / "e2e-server.log"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
HEALTH_TIMEOUT_S = 120.0
# The first page load also generates the demo data set, hence the long default.
APP_READY_TIMEOUT_MS = 120_000

Shot = Callable[[str], Path]
FULL_HEIGHT_JS = """() => Math.max(...['stMain', 'stSidebarContent'].map(id => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el ? el.scrollHeight : 0;
}))"""

_saved_screenshots: list[Path] = []
_failed_key = pytest.StashKey[bool]()
_server_started: list[bool] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is a browser test, marked or not."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_failed_key] = report.failed
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _saved_screenshots:
        terminalreporter.write_sep("-", "e2e screenshots")
        terminalreporter.write_line(
            f"{len(_saved_screenshots)} screenshot(s) saved under {SCREENSHOTS}"
        )
    if _server_started:
        terminalreporter.write_line(f"e2e app server log: {SERVER_LOG}")


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Fail under CI (CI=true), skip elsewhere, when the system Chromium is absent."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = (
        f"{CHROMIUM} is missing: install it with `apt-get install chromium` "
        "(`make test` does this) to run the browser tests"
    )
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(data_dir: Path) -> dict[str, str]:
    """The caller's environment without its JOURNEYS_* settings, plus the test ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOURNEYS_")}
    env.update(
        JOURNEYS_DATA_DIR=str(data_dir),
        JOURNEYS_DEMO_EVENTS=os.environ.get("JOURNEYS_DEMO_EVENTS", "200000"),
        JOURNEYS_AUTHOR="e2e",
        PYTHONUNBUFFERED="1",
    )
    return env


def server_log_tail(lines: int = 60) -> str:
    if not SERVER_LOG.exists():
        return "(no server log)"
    text = SERVER_LOG.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def wait_for_health(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the app server exited with code {process.returncode} before "
                f"answering {url}:\n{server_log_tail()}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(
        f"the app server did not answer {url} within {HEALTH_TIMEOUT_S:.0f} s:\n"
        f"{server_log_tail()}",
        pytrace=False,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture(scope="session")
def e2e_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app server's data folder (demo data, then whatever the tests add)."""
    return tmp_path_factory.mktemp("e2e-data")


@pytest.fixture(scope="session")
def app_url(chromium_executable: Path, e2e_data_dir: Path) -> Iterator[str]:
    """Base URL of the app, served on a free port with demo data in a temp folder.

    JOURNEYS_E2E_APP names another script to serve (default app.py).
    """
    app = Path(os.environ.get("JOURNEYS_E2E_APP", "app.py"))
    if not (REPO_ROOT / app).exists():
        pytest.fail(
            f"the app script {app} does not exist (JOURNEYS_E2E_APP picks another)",
            pytrace=False,
        )
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = server_env(e2e_data_dir)

    with SERVER_LOG.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    _server_started.append(True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(f"{base_url}/_stcore/health", process)
        yield base_url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser(chromium_executable: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_executable), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(
    context: BrowserContext, app_url: str, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh tab; a failing test leaves a screenshot named after it."""
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    if request.node.stash.get(_failed_key, False):
        path = screenshot_path(f"FAILED-{request.node.name}")
        tab.screenshot(path=str(path), full_page=True)
        _saved_screenshots.append(path)


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"
    return SCREENSHOTS / f"{safe}.png"


@pytest.fixture
def shot(page: Page) -> Shot:
    """`shot("campaigns-list")` saves a full-page PNG under test-artifacts/screenshots/."""

    def take(name: str) -> Path:
        path = screenshot_path(name)
        size = page.viewport_size
        # Streamlit scrolls inside its main area: grow the window to the content.
        height = page.evaluate(FULL_HEIGHT_JS)
        if size is not None and height > size["height"]:
            page.set_viewport_size(
                {"width": size["width"], "height": min(height, 8000)}
            )
            page.wait_for_timeout(400)
        page.screenshot(path=str(path), full_page=True)
        if size is not None:
            page.set_viewport_size(size)
        _saved_screenshots.append(path)
        return path

    return take


def wait_for_streamlit(page: Page, timeout_ms: int = APP_READY_TIMEOUT_MS) -> None:
    """Wait until the app is connected and its script has finished running.

    The idle state must hold for a short moment, so a rerun that is about to
    start (after a click) is not mistaken for the end of the previous one.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    idle = """() => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app) return false;
        const state = app.getAttribute('data-test-script-state');
        const connection = app.getAttribute('data-test-connection-state');
        const running = document.querySelector(
            '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"],'
            + '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningManIcon"]'
        );
        return state === 'notRunning' && connection === 'CONNECTED' && !running;
    }"""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
        page.wait_for_function(idle, timeout=remaining_ms)
        page.wait_for_timeout(300)
        if page.evaluate(idle):
            return
        if time.monotonic() >= deadline:
            raise TimeoutError(f"Streamlit did not settle within {timeout_ms} ms")


@pytest.fixture(scope="session")
def warm_app(browser: Browser, app_url: str) -> str:
    """Open the home page once before any test, so the demo set exists before
    the scenarios start timing their waits."""
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        tab = ctx.new_page()
        tab.goto(app_url + "/")
        wait_for_streamlit(tab)
    finally:
        ctx.close()
    return app_url


@pytest.fixture(scope="session")
def server_catalog(warm_app: str, e2e_data_dir: Path) -> Catalog:
    """The app server's catalog, for data a test cannot make through the pages
    (names the forms would make awkward to type)."""
    return Catalog.open(f"sqlite:///{e2e_data_dir / 'catalog.sqlite'}")


@pytest.fixture
def open_app(page: Page, warm_app: str) -> Callable[[str], Page]:
    """`open_app("/?tab=draft")` loads a path of the app and waits for it to settle."""

    def load(path: str = "/") -> Page:
        page.goto(warm_app + path)
        wait_for_streamlit(page)
        return page

    return load


@pytest.fixture
def settle(page: Page) -> Callable[[], None]:
    """`settle()` after a click or a fill waits for the rerun it triggers."""
    return lambda: wait_for_streamlit(page)
