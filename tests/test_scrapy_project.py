"""scrapy.cfg: the `scrapy` command run from the repository root uses credscope's settings.

`python -m scrapy` (the environment's Scrapy) is run with the repository root as the working
folder, so this checkout's `crawler` package is the one imported (the `scrapy` script would put
its own folder first on sys.path). Nothing here reaches the network.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPIDERS = {"greenhouse", "lever", "ashby", "smartrecruiters", "workable", "workday", "jsonld"}


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_scrapy_list_names_every_spider():
    result = _scrapy("list")
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) >= SPIDERS


def test_scrapy_shell_uses_credscope_settings(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Staff Nurse</title></head></html>", encoding="utf-8")
    code = "(response.css('title::text').get(), spider.settings['BOT_NAME'])"
    result = _scrapy("shell", page.as_uri(), "--nolog", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('Staff Nurse', 'credscope')"
