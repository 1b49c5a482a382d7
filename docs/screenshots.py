"""Take the README's screenshots of the demo's site with Playwright and Debian's chromium.

python -m pipelines.demo            # writes out/demo/site
python docs/screenshots.py [SITE_DIR]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

DOCS = Path(__file__).resolve().parent
EMPLOYER = "employers/northwind-analytics-demo.html"
SHOTS = {
    "site-index.png": ("index.html", None),
    "site-employer.png": (EMPLOYER, None),
    "site-employer-postings.png": (EMPLOYER, "details:has(mark ~ mark)"),
    "site-credential.png": ("credentials/license-nmc-registration.html", None),
}


def shoot(page: Page, url: str, opened: str | None, target: Path) -> None:
    """One viewport-sized PNG of url; with `opened`, that <details> is opened and scrolled to."""
    page.goto(url)
    if opened:
        details = page.locator(opened).first
        details.evaluate("d => { d.open = true; }")
        details.evaluate("d => d.scrollIntoView({block: 'start'})")
    page.screenshot(path=target)


def main(site: Path) -> None:
    """Write each screenshot into docs/."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 960})
        for name, (relative, opened) in SHOTS.items():
            shoot(page, (site / relative).resolve().as_uri(), opened, DOCS / name)
            print(DOCS / name)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out/demo/site"))
