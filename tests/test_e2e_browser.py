"""End to end in a real headless Chromium (Debian's, never a downloaded one) against `confsearch serve`.

The server runs as a subprocess on a free 127.0.0.1 port over a real index of tests/webtalks.py; screenshots
of the home, results and talk pages go to test-artifacts/.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import browsetalks, webtalks
from tests.conftest import ROOT, build_web_index

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (`make test` installs it with apt-get)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Poll /healthz until it answers; fail early if the server exits, and give up after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        try:
            process.wait(timeout=0.2)  # the pause between polls, which also notices a server that died
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"confsearch serve exited with {process.returncode}: {process.stderr.read()}")
    raise AssertionError(f"confsearch serve did not answer {base}/healthz within {seconds} s")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    pytest.importorskip("search.service", reason="search.service (branch query) is not merged yet")
    yield from serve(build_web_index(tmp_path_factory.mktemp("e2e") / "index", webtalks.pages()))


@pytest.fixture(scope="module")
def browse_url(tmp_path_factory):
    """A server over tests/browsetalks.py: one person under four spellings, a keynote with three notes."""
    yield from serve(build_web_index(tmp_path_factory.mktemp("e2e-browse") / "index", browsetalks.pages()))


def serve(root: Path):
    """`confsearch serve` on `root` at a free port: yields its base URL, stops it afterwards."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("confsearch")), "serve", "--port", str(port), "--index-dir", str(root)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    assert f"http://127.0.0.1:{port}/" in process.stdout.read()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.on("pageerror", lambda error: problems.append(str(error)))
    yield tab
    context.close()
    assert problems == []


def screenshot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_typing_shows_highlighted_results_without_a_page_load(page, base_url):
    page.goto(base_url + "/")
    assert page.evaluate("document.activeElement.id") == "q"  # autofocus
    screenshot(page, "home")
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#q").press_sequentially("zeromq", delay=30)
    page.wait_for_url(base_url + "/search?q=zeromq")  # the address bar follows (history.replaceState)
    page.wait_for_selector(".hit mark")
    assert page.evaluate("window.stillTheSamePage") is True  # no navigation happened
    assert "ZeroMQ" in page.locator(".hit-title").first.inner_text()
    assert page.locator(".hit mark").count() >= 1
    assert "zeromq" in page.title()
    screenshot(page, "results")


def test_the_latest_request_wins(page, base_url):
    page.goto(base_url + "/")
    box = page.locator("#q")
    box.press_sequentially("generators", delay=10)
    box.fill("")
    box.press_sequentially("kubernetes", delay=10)
    page.wait_for_url(base_url + "/search?q=kubernetes")
    page.wait_for_selector(".hit-title")
    titles = page.locator(".hit-title").all_inner_texts()
    assert titles and all("Kubernetes" in title for title in titles)
    box.fill("")
    box.press_sequentially("zzzqqq", delay=10)
    page.wait_for_url(base_url + "/search?q=zzzqqq")
    page.wait_for_selector("text=Nothing matched")


def test_facet_filters_and_chip_removes_it(page, base_url):
    page.goto(base_url + "/search?q=zeromq")
    page.locator('.facets section:has(h2:text("Year")) a:has-text("2016")').click()
    page.wait_for_url("**year=2016")
    assert page.locator(".hit").count() == 1
    assert "Hostile" in page.locator(".hit-title").inner_text()
    page.locator("a.chip").click()
    page.wait_for_url(base_url + "/search?q=zeromq")
    assert page.locator(".hit").count() >= 2


def test_open_a_talk_and_go_back(page, base_url):
    page.goto(base_url + "/search?q=zeromq")
    page.locator('.hit-title[href^="/talk/zeromq"]').click()
    page.wait_for_url("**/talk/zeromq?q=zeromq")
    assert page.locator("h1").inner_text() == "ZeroMQ: messaging for distributed systems"
    assert page.locator(".talk .body mark").count() >= 2
    assert page.locator(".related li").count() >= 1
    screenshot(page, "talk")
    page.go_back()
    page.wait_for_url(base_url + "/search?q=zeromq")
    assert page.locator(".hit").count() >= 2


def test_keyboard_navigation(page, base_url):
    page.goto(base_url + "/search?q=python")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    first = page.locator(".hit-title").nth(0)
    assert first.evaluate("link => link === document.activeElement")
    page.keyboard.press("j")
    assert page.locator(".hit-title").nth(1).evaluate("link => link === document.activeElement")
    page.keyboard.press("k")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert first.evaluate("link => link === document.activeElement")
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + target)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_everything_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base_url + "/")
    tab.locator("#q").fill("generators")
    tab.locator("#q").press("Enter")
    tab.wait_for_url(base_url + "/search?q=generators")
    assert tab.locator(".hit mark").count() >= 1
    tab.locator('.facets a:has-text("PyGrunn 2015")').first.click()
    tab.wait_for_url("**conference=PyGrunn+2015")
    tab.locator(".hit-title").first.click()
    tab.wait_for_url("**/talk/**")
    assert tab.locator(".talk .body mark").count() >= 1
    context.close()


def test_hostile_talk_runs_no_script(page, base_url):
    page.goto(base_url + "/search?q=hostile")
    page.wait_for_selector(".hit")
    assert "<script>alert('title')</script>" in page.locator(".hit-title").inner_text()
    page.locator(".hit-title").click()
    page.wait_for_url("**/talk/hostile-talk**")
    assert "<i>sockets</i>" in page.locator(".talk .body").inner_text()
    assert page.locator(".talk .body i").count() == 0  # `page` fixture also asserts no dialog or error happened


def test_phone_and_dark_mode_screenshots(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme="dark", is_mobile=True)
    tab = context.new_page()
    tab.goto(base_url + "/search?q=python")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(251, 251, 253)"  # the dark palette is in use
    screenshot(tab, "results-phone-dark")
    context.close()


def test_the_box_offers_completions(page, base_url):
    page.goto(base_url + "/")
    page.locator("#q").press_sequentially("pieter", delay=20)
    page.wait_for_selector("#suggestions option", state="attached")
    values = page.eval_on_selector_all("#suggestions option", "options => options.map(option => option.value)")
    assert "Pieter Hintjens" in values


def test_from_a_result_to_the_other_notes_and_the_speaker_page(page, browse_url):
    page.goto(browse_url + "/search?q=scaling+django")
    assert page.locator(".hit").count() == 2  # three notes of the keynote are one result
    notes = page.locator(".hit details.more-notes")
    assert notes.locator("summary").inner_text() == "+2 more notes"
    notes.locator("summary").click()
    assert notes.locator("li").count() == 2 and "two.example" in notes.inner_text()
    screenshot(page, "results-more-notes")
    page.locator('.hit a.speaker:has-text("Katherine Novak")').first.click()
    page.wait_for_url(browse_url + "/speaker/katherine-novak")
    assert page.locator("h1").inner_text() == "Katherine Novak"
    assert "Kate Novak" in page.locator(".aka").inner_text() and "Katherine Novac" in page.locator(".aka").inner_text()
    assert page.locator(".talk-item").count() == 3
    screenshot(page, "speaker")
    page.locator('.inline-list a:has-text("PyCon UK 2015")').click()
    page.wait_for_url(browse_url + "/conference/pycon-uk-2015")
    assert page.locator("section.day h2").all_inner_texts() == ["Saturday 19 September 2015", "Sunday 20 September 2015"]
    screenshot(page, "conference")


def test_the_speakers_list_filters_as_you_type(page, browse_url):
    page.goto(browse_url + "/speakers")
    assert page.locator(".directory-list li").count() == 5
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#filter").press_sequentially("kate", delay=30)
    page.wait_for_url(browse_url + "/speakers?q=kate")
    page.wait_for_function("document.querySelectorAll('.directory-list li').length === 1")
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator(".directory-name").inner_text() == "Katherine Novak"
    screenshot(page, "speakers-filtered")


def test_browsing_works_without_javascript(browser, browse_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(browse_url + "/")
    tab.locator('nav a:has-text("Speakers")').click()
    tab.wait_for_url(browse_url + "/speakers")
    tab.locator("#filter").fill("smith")
    tab.locator("#filter").press("Enter")
    tab.wait_for_url(browse_url + "/speakers?q=smith")
    assert tab.locator(".directory-name").all_inner_texts() == ["Jane Smith", "John Smith"]
    tab.goto(browse_url + "/conference/pycon-uk-2015")
    tab.locator("details.more-notes summary").click()  # <details> opens without script
    tab.locator('details.more-notes a:has-text("Scaling Django")').first.click()
    tab.wait_for_url("**/talk/**")
    assert "Also written up by" in tab.locator(".written-up").inner_text()
    assert "Also given at" in tab.locator(".given-again").inner_text()
    context.close()


@pytest.mark.parametrize("path", ["/speaker/..%2f..", "/speaker/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/conference/" + "x" * 3000,
                                  "/speaker/%F0%9F%92%A9%E2%80%AE"])
def test_a_hostile_slug_is_a_404_page_in_the_browser(browser, browse_url, path):
    context = browser.new_context()
    tab = context.new_page()
    ran = []  # (the console reports the 404 itself, so the `page` fixture's check does not fit here)
    tab.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: ran.append(str(error)))
    response = tab.goto(browse_url + path)
    assert response.status == 404
    assert tab.locator("h1").inner_text() == "Not found"
    assert tab.locator(".error-message").inner_text().startswith("There is no ")
    assert ran == []
    context.close()
