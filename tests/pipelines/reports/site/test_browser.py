"""The demo's site in headless Chromium (Debian's, driven by Playwright, opened from file://):
search and filters work by keyboard, links resolve, no console errors, axe finds nothing serious."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from pipelines.demo.run import run_demo
from tests.pipelines.reports.site.html_parts import parse

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
SERIOUS = {"serious", "critical"}
PROBLEMS = {"error", "warning"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert run_demo(out, workers=1) == 0
    return out / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def problems() -> list[str]:
    """Console errors and warnings (CSP violations among them) and uncaught page errors."""
    return []


@pytest.fixture
def page(browser: Browser, problems: list[str]) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    opened.on("console", lambda m: problems.append(m.text) if m.type in PROBLEMS else None)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()


def visible_employers(page: Page) -> list[str]:
    return page.locator("#employers tbody tr:visible th a").all_inner_texts()


def test_search_filters_the_employer_list_by_keyboard(
    site: Path, page: Page, problems: list[str]
) -> None:
    page.goto((site / "index.html").as_uri())
    everyone = visible_employers(page)
    total = len(everyone)
    assert total >= 9
    assert page.locator("#shown").inner_text() == f"Showing {total} of {total} employers."
    for _ in range(10):  # skip link, brand, three nav links, two text links, then the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search":
            break
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.type("oxford")
    assert visible_employers(page) == ["Oxford University Hospitals NHS Foundation Trust"]
    assert page.locator("#shown").inner_text() == f"Showing 1 of {total} employers."
    page.fill("#search", "")
    page.select_option("#industry", "54")
    assert visible_employers(page) == ["Northwind Analytics (demo)", "Summit Biotech (demo)"]
    page.select_option("#industry", "")
    page.select_option("#region", "DE")
    assert visible_employers(page) == ["Cobalt Learning (demo)"]
    assert problems == []


def test_style_and_script_pass_the_csp(site: Path, page: Page, problems: list[str]) -> None:
    page.goto((site / "index.html").as_uri())
    colour = page.evaluate("getComputedStyle(document.querySelector('thead th')).backgroundColor")
    assert colour == "rgb(238, 242, 247)"  # the inline style applied
    assert page.locator("#shown").inner_text().startswith("Showing")  # the inline script ran
    assert problems == []


def test_every_page_loads_without_console_errors(
    site: Path, page: Page, problems: list[str]
) -> None:
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        page.goto(path.as_uri())
    assert len(pages) > 40 and problems == []


def test_every_link_on_every_page_resolves(site: Path) -> None:
    checked = 0
    for path in site.rglob("*.html"):
        for href in parse(path.read_text(encoding="utf-8")).hrefs:
            if href.startswith(("https://", "http://")) or href == "#main":
                continue
            assert (path.parent / href).resolve().is_file(), (path, href)
            assert (path.parent / href).resolve().is_relative_to(site.resolve())
            checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    "relative",
    [
        "index.html",
        "employers/northwind-analytics-demo.html",
        "credentials/degree-bachelor.html",
        "industries/62-health-care-and-social-assistance.html",
    ],
)
def test_axe_finds_nothing_serious(site: Path, page: Page, relative: str) -> None:

    page.goto((site / relative).as_uri())
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"]) for v in violations if v["impact"] in SERIOUS]
    assert serious == []
