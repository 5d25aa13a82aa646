"""End to end: the real app (`streamlit run`, a subprocess on a free localhost port) in headless
Chromium from Debian's packages, driven by Playwright. Opening the page must show the landing
comparison's charts without a click and without an exception. Saves the screenshot the README
shows (docs/screenshot_landing.png).

Chromium comes from `apt-get install chromium` (.ci/run installs it); never `playwright install`.
Without Chromium or Playwright the test is skipped locally, and fails under CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# small enough to be quick on 2 busy cores, large enough for a readable screenshot
E2E_SCALE = "seeds=3,agents=20000,years=3"
SCREENSHOT = ROOT / "docs" / "screenshot_landing.png"


def _missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return "chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


@pytest.fixture(scope="module")
def server():
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    port = _free_port()
    env = {**os.environ, "FRAUDCHAIN_DASHBOARD_SCALE": E2E_SCALE}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_landing_page_shows_the_comparison_in_a_real_browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1500})
            page.goto(server, wait_until="domcontentloaded")
            # the landing comparison: every chart drawn by plotly, no click needed
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 9",
                                   timeout=240_000)
            page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
            page.wait_for_timeout(1500)      # let plotly finish its transitions before the picture
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('[data-testid="stMetric"]').count() >= 4
            text = page.inner_text("body")
            assert "Online fraude in Nederland" in text
            assert "Netto schade" in text and "Wie draagt de schade?" in text
            assert "s=nl_baseline" in page.url and "lang=nl" in page.url
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            tmp = SCREENSHOT.with_suffix(".tmp.png")
            page.screenshot(path=str(tmp))
            os.replace(tmp, SCREENSHOT)
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 50_000
