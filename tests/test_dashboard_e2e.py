"""End to end: the real app (as `fraudchain dashboard` starts it, on a free localhost port) in headless Chromium
from Debian's packages, driven by Playwright, after the store was filled the way `make run` fills it
(`python -m fraudchain.dashboard.warm`, before the server starts).

- The landing page, every built-in comparison and the value page's built-in answers appear without
  computing anything; the times to their headline are measured and printed.
- Switching the language several times both ways keeps every choice, puts only identifiers in the link
  and never shows an exception; Back and Forward move between sections.
- Work that is not precomputed runs in a background worker with a progress bar while another visitor's
  page still appears at once; the page shows the result by itself when the work is done.
- A hostile link shows its text as text and makes the browser fetch nothing.
Every page of the run watches for a `stException` element (or the app's friendly error) from its first
moment to its last, and fails the test if one ever appears.

By default the app runs at a small scale (FRAUDCHAIN_DASHBOARD_SCALE) with a fresh store. With
FRAUDCHAIN_E2E_LANDING=1 it runs at the real landing scale (8 x 150,000) on the machine's store, and saves
the screenshot the README shows (docs/screenshot_landing.png). Chromium comes from `apt-get install
chromium` (.ci/run installs it); never `playwright install`. Without Chromium or Playwright the test is
skipped locally, and fails under CI.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from fraudchain.dashboard.headline import HEADLINE_KPIS
from fraudchain.dashboard.state import COMPARISONS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LANDING = os.environ.get("FRAUDCHAIN_E2E_LANDING") == "1"
# small enough to be quick on 2 busy cores, large enough for every chart to have data
E2E_SCALE = "seeds=2,agents=4000,years=2"
E2E_TRIALS = "2"
SCREENSHOT = ROOT / "docs" / "screenshot_landing.png"
N_CHARTS = 11
WAIT = 240_000          # ms; generous: on a shared 2-core machine under load a page can take a while
RAW_IDS = re.compile(r"nl_baseline|ecp_full_package|uk_psr_2024|\bhub\.|\bTrue\b|\bFalse\b|_eur\b")
HEADLINE_NL = "De uitkomst in het kort"
TEXT = "document.body.innerText.replaceAll('\\u200b', '')"     # the page's words (esc breaks links with U+200B)
TIMES: dict[str, float] = {}
# counts every stException (and the app's friendly error) that is ever added to the page
WATCH = """
window.__problems = [];
new MutationObserver(() => {
  for (const el of document.querySelectorAll('[data-testid="stException"], [data-testid="stAlert"]')) {
    const text = el.innerText || '';
    if (el.dataset.testid === 'stException' || /ging iets mis|went wrong/.test(text)) {
      if (!el.__seen) { el.__seen = true; window.__problems.push(text.slice(0, 300)); }
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


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
def server(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    env = dict(os.environ)
    if not LANDING:
        env["FRAUDCHAIN_DASHBOARD_SCALE"] = E2E_SCALE
        # FRAUDCHAIN_E2E_STORE=DIR keeps the small store between runs (for debugging the test)
        env["FRAUDCHAIN_DASHBOARD_STORE"] = os.environ.get("FRAUDCHAIN_E2E_STORE") or str(tmp_path_factory.mktemp("store"))
        env["FRAUDCHAIN_DASHBOARD_TRIALS"] = E2E_TRIALS
    # what `make run` does first: precompute the common questions
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "fraudchain.dashboard.warm"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    TIMES["warm-up (python -m fraudchain.dashboard.warm)"] = time.monotonic() - t0
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "fraudchain.dashboard.serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        print("\n" + "\n".join(f"e2e time: {k}: {v:.2f} s" for k, v in TIMES.items()))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def new_page(browser):
    """Pages that watch for exceptions from their first moment; the test fails if one ever appeared."""
    pages = []

    def make(height: int = 1400):
        context = browser.new_context(viewport={"width": 1440, "height": height})
        context.add_init_script(WATCH)
        page = context.new_page()
        pages.append(page)
        return page

    yield make
    try:
        for page in pages:
            assert page.evaluate("window.__problems || []") == [], "an exception appeared on the page"
            assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        for page in pages:
            page.context.close()


def _idle(page) -> None:
    """The app has finished its run (Streamlit's status widget is gone)."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)


def _settled(page, charts: int = N_CHARTS, timeout: int = 240_000) -> None:
    """Every chart drawn by plotly and the app idle."""
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {charts}", timeout=timeout)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)


def _headline_time(page, url: str, name: str, text: str = HEADLINE_NL) -> None:
    """Seconds from opening the link to the headline (its section and sentence) in the browser, and to its
    first chart (plotly's script is large: under load a chart comes seconds after the words)."""
    t0 = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(f"{TEXT}.includes({text!r}) && {TEXT}.match(/(verlaagt|verhoogt|verschilt|ongunstiger)/)",
                           timeout=120_000)
    TIMES[f"{name}: headline sentence"] = time.monotonic() - t0
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 1", timeout=120_000)
    TIMES[f"{name}: first chart"] = time.monotonic() - t0


def _query(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)


def test_landing_and_builtin_comparisons_show_their_headline_without_computing(server, new_page):
    page = new_page(1500)
    _headline_time(page, server, "landing, first visit to a fresh server")
    _settled(page)
    assert page.locator('[data-testid="stProgress"]').count() == 0       # read from the store, nothing computed
    page.wait_for_timeout(1500)                                          # plotly's transitions, before the picture
    assert page.locator('[data-testid="stMetric"]').count() >= 4
    text = page.inner_text("body")
    assert "Online fraude in Nederland" in text and HEADLINE_NL in text
    assert "Verschil met Huidige situatie (NL 2024)" in text and "Wie betaalt meer, wie minder?" in text
    assert "Rekenomvang:" in text and "Netto schade" in text and "onzekerheid in toeval en aannames" in text
    assert not RAW_IDS.search(text), RAW_IDS.search(text)
    assert "s=nl_baseline" in page.url and "lang=nl" in page.url
    if LANDING:
        assert "8 herhalingen x 150.000" in text
        tmp = SCREENSHOT.with_suffix(".tmp.png")
        page.screenshot(path=str(tmp))
        os.replace(tmp, SCREENSHOT)
        assert SCREENSHOT.stat().st_size > 50_000
    _headline_time(page, server, "landing, a later visit")
    for name, scenarios in COMPARISONS.items():
        query = urllib.parse.urlencode({"s": list(scenarios)}, doseq=True)
        _headline_time(page, f"{server}/?{query}", f"built-in comparison '{name}'")
        assert page.locator('[data-testid="stProgress"]').count() == 0
    worst = max(v for k, v in TIMES.items() if k.startswith(("landing, a later", "built-in")) and "sentence" in k)
    assert worst < 30, TIMES          # a bound that catches computing instead of reading (the timing itself is printed)


def test_the_value_page_answers_without_computing(server, new_page):
    page = new_page(2400)
    t0 = time.monotonic()
    page.goto(f"{server}/?view=value", wait_until="domcontentloaded")
    page.wait_for_function(f"{TEXT}.includes('Eén Loket: ') && {TEXT}.includes('Het pakket verandert') && "
                           f"{TEXT}.includes('Met EUR 0,8 mln is')", timeout=120_000)
    TIMES["value page's built-in answers"] = time.monotonic() - t0
    assert page.locator('[data-testid="stProgress"]').count() == 0
    text = page.inner_text("body").replace("\u200b", "")
    assert "Wat levert het op?" in text and ("minder dan 4" in text) != LANDING   # the warning under 4 replications
    assert re.search(r"Eén Loket: (EUR \d+,\d\d|kost|de extra)", text)
    assert not RAW_IDS.search(text), RAW_IDS.search(text)


def test_switching_language_both_ways_keeps_choices_and_puts_only_ids_in_the_link(server, new_page):
    page = new_page()
    page.goto(server, wait_until="domcontentloaded")
    _settled(page)
    agents = _query(page)["agents"]
    for lang, word, label in (("English", "The result in brief", "lang=en"), ("Nederlands", HEADLINE_NL, "lang=nl"),
                              ("English", "The result in brief", "lang=en"), ("Nederlands", HEADLINE_NL, "lang=nl"),
                              ("English", "The result in brief", "lang=en")):
        _idle(page)
        page.get_by_text(lang, exact=True).click()
        page.wait_for_url(re.compile(label), timeout=WAIT)
        page.wait_for_function(f"document.body.innerText.includes({word!r})", timeout=WAIT)
        _settled(page)
        query = _query(page)
        assert query["agents"] == agents and query["s"] == ["nl_baseline", "ecp_full_package"]
        assert set(query.get("k", ["net_loss_eur"])) <= set(HEADLINE_KPIS)       # an id, never a label
        assert page.locator('[data-testid="stProgress"]').count() == 0          # nothing recomputed
        assert page.locator('[data-testid="stException"]').count() == 0


def test_back_and_forward_move_between_sections(server, new_page):
    page = new_page()
    page.goto(server, wait_until="domcontentloaded")
    page.wait_for_function(f"document.body.innerText.includes({HEADLINE_NL!r})", timeout=120_000)
    for label, view in (("Wat levert het op?", "value"), ("Model en bronnen", "model")):
        _idle(page)
        page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).click()
        page.wait_for_url(re.compile(f"view={view}"), timeout=WAIT)
        page.wait_for_function(f"document.querySelector('h1') && document.querySelector('h1').innerText.includes({label!r})",
                               timeout=120_000)
    for go, view, heading in (("back", "value", "Wat levert het op?"), ("back", "compare", "Online fraude in Nederland"),
                              ("forward", "value", "Wat levert het op?"), ("forward", "model", "Model en bronnen")):
        _idle(page)
        getattr(page, f"go_{go}")()
        page.wait_for_url(re.compile(f"view={view}"), timeout=WAIT)
        page.wait_for_function(f"document.querySelector('h1') && "
                               f"document.querySelector('h1').innerText.includes({heading!r})", timeout=120_000)
        page.wait_for_timeout(1000)                      # the page does not jump back to where it was
        assert f"view={view}" in page.url, (go, page.url)


def test_new_work_runs_in_the_background_and_never_blocks_another_visitor(server, new_page):
    busy, other = new_page(), new_page()
    # intervals from chance only and an own scenario: not precomputed, so these replications are computed now
    # (its value differs per run, so a store kept between runs has not seen it either)
    own = {"name": "Eigen hub", "base": "nl_baseline", "set": {"hub.data_sharing_scope": round(0.3 + time.time() % 997 / 1e4, 4)}}
    query = urllib.parse.urlencode({"s": ["nl_baseline", "uk_psr_2024", "een_loket", "Eigen hub"], "u": "seeds",
                                    "c": json.dumps(own), "seeds": "2", "agents": "10000", "years": "2"}, doseq=True)
    busy.goto(f"{server}/?{query}", wait_until="domcontentloaded")
    busy.wait_for_selector('[data-testid="stProgress"]', timeout=WAIT)
    assert "achtergrond" in busy.inner_text("body")
    _headline_time(other, server, "landing while another visitor's work runs")
    busy.wait_for_function("document.body.innerText.includes('herhalingen klaar') || "
                           f"document.body.innerText.includes({HEADLINE_NL!r})", timeout=120_000)
    busy.wait_for_function(f"document.body.innerText.includes({HEADLINE_NL!r})", timeout=600_000)   # by itself
    _settled(busy)
    busy.wait_for_function("!document.querySelector('[data-testid=\"stProgress\"]')", timeout=WAIT)
    assert "alleen met toeval" in busy.inner_text("body")


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Counter.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_hostile_link_shows_its_text_and_fetches_nothing(server, new_page):
    port = _free_port()
    trap = http.server.HTTPServer(("127.0.0.1", port), _Counter)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    evil = f"http://127.0.0.1:{port}"
    page = new_page(1200)
    try:
        query = urllib.parse.urlencode({"s": ["nl_baseline", f"![x]({evil}/img.png)", f"[Log opnieuw in]({evil}/login)"],
                                        "c": f"<img src={evil}/raw.png>"}, doseq=True)
        page.goto(f"{server}/?{query}", wait_until="domcontentloaded")
        page.wait_for_function("document.body.innerText.includes('niet geladen')", timeout=120_000)
        page.wait_for_timeout(1500)
        text = page.inner_text("body")
        assert "Log opnieuw in" in text and "img.png" in text                # shown as text
        assert page.locator(f'img[src^="{evil}"]').count() == 0
        assert page.locator(f'a[href^="{evil}"]').count() == 0
        assert _Counter.hits == []                                          # the browser fetched nothing
    finally:
        trap.shutdown()


def _hostile(evil: str) -> str:
    """A label that, rendered as HTML, would show a link and fetch two files from `evil` on page load."""
    return (f'<a href="{evil}/login">Log opnieuw in</a><span style="background-image:url({evil}/bg.png)">x</span>'
            f"<img src={evil}/img.png>")


def _trap() -> tuple[http.server.HTTPServer, str]:
    _Counter.hits = []
    port = _free_port()
    trap = http.server.HTTPServer(("127.0.0.1", port), _Counter)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    return trap, f"http://127.0.0.1:{port}"


def _nothing_fetched(page, evil: str) -> None:
    page.wait_for_timeout(1500)
    assert page.locator(f'a[href^="{evil}"]').count() == 0
    assert page.locator(f'img[src^="{evil}"]').count() == 0
    assert page.locator(f'[style*="{evil}"]').count() == 0
    assert _Counter.hits == []                                          # the browser fetched nothing


def test_hostile_labels_in_every_chart_of_the_page_fetch_nothing(server, new_page):
    """A link whose scenario carries a hostile reform label and description: the label is drawn in the
    charts and the tables, as text (its replications computed in the background first: every chart is
    waited for)."""
    trap, evil = _trap()
    page = new_page(1500)
    try:
        spec = {"name": "evil", "base": "nl_baseline", "description": _hostile(evil),
                "set": {"reforms": [{"day": 100, "label": _hostile(evil), "set": {"een_loket.enabled": True}}]}}
        query = urllib.parse.urlencode({"s": ["nl_baseline", "evil"], "c": json.dumps(spec)}, doseq=True)
        page.goto(f"{server}/?{query}", wait_until="domcontentloaded")
        _settled(page, timeout=600_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Log opnieuw in" in page.content()                       # the label is there, as text
        _nothing_fetched(page, evil)
    finally:
        trap.shutdown()


def test_the_report_with_hostile_names_in_every_chart_fetches_nothing(server, browser, tmp_path):
    """`fraudchain report` of scenarios whose names and reform labels are hostile: every chart of the
    standalone HTML names them; opened in the browser, nothing leaves the machine."""
    from fraudchain.dashboard.report import build_report, write_report
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim import compare

    trap, evil = _trap()
    base = load_scenario("nl_baseline")
    bad = base.with_overrides({"reforms": [{"day": 100, "label": _hostile(evil), "set": {"een_loket.enabled": True}}]})
    cmp = compare([base.model_copy(update={"name": _hostile(evil) + "a"}),
                   bad.model_copy(update={"name": _hostile(evil), "description": _hostile(evil)})],
                  seeds=2, agents=2000, years=1)
    path = write_report(tmp_path / "report.html", build_report(cmp, "nl"))
    page = browser.new_page(viewport={"width": 1440, "height": 1500})
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 11",
                               timeout=120_000)
        assert "Log opnieuw in" in page.content()
        _nothing_fetched(page, evil)
    finally:
        page.close()
        trap.shutdown()
