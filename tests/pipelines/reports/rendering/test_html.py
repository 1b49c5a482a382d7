"""The HTML report: self-contained, escaped, and rendered by headless Chromium without errors."""

import base64
import hashlib
import html
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from pipelines.reports.builders.employer import build_employer_report
from pipelines.reports.builders.industry import build_industry_report
from pipelines.reports.builders.stats import add_share
from pipelines.reports.model import Heatmap, Report, Table
from pipelines.reports.rendering.html import HEATMAP_ROWS, bar_scale
from pipelines.reports.rendering.render import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]  # fmt: skip


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [CHROMIUM or "chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    return subprocess.run(
        [*command, *args, page.as_uri()], capture_output=True, text=True, timeout=90, check=True
    )


def console_lines(run: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in run.stderr.splitlines() if ":CONSOLE" in line]


def employer_html(postings: pd.DataFrame, mentions: pd.DataFrame, name: str) -> str:
    mine = postings[postings["employer"] == name]
    own = mentions[mentions["posting_id"].isin(mine["posting_id"])]
    return render(build_employer_report(mine, own, postings, mentions, "all postings"), "html")


def test_html_is_self_contained(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    page = render(build_industry_report(postings, mentions, min_n=3), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|\bsrc=|@import|url\(", page)
    assert page.count("<svg") == 4
    assert "not who gets hired" in page
    assert "N below 3: too small to trust" in page


def test_posting_text_is_escaped_and_phrases_marked(
    postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    gamma = employer_html(postings, mentions, "Gamma Care")
    assert "&lt;b&gt;Kind&lt;/b&gt; people &amp; more" in gamma
    assert "<b>Kind" not in gamma
    acme = employer_html(postings, mentions, "Acme Health")
    assert re.search(r'<mark title="Registered Nurse licence: required">RN license</mark>', acme)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
def test_chromium_renders_without_console_errors(
    tmp_path: Path, postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    page = tmp_path / "industry.html"
    page.write_text(render(build_industry_report(postings, mentions, min_n=3), "html"))
    dumped = chromium(tmp_path, page, "--dump-dom")
    assert console_lines(dumped) == []
    assert dumped.stdout.count("<svg") == 4
    assert "Health Care and Social Assistance" in dumped.stdout
    shot = tmp_path / "industry.png"
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,1600")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


def test_table_cells_put_the_interval_under_the_share(
    postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    page = render(build_industry_report(postings, mentions, min_n=3), "html")
    assert '67%<br><span class="ci">[21%–94%]</span>' in page
    assert '50% <span class="small-n">†</span><br><span class="ci">[9.5%–91%]</span>' in page


def test_bars_are_scaled_to_the_largest_interval() -> None:
    frame = pd.DataFrame({"ci_high_x": [0.031, 0.064]})
    assert bar_scale(frame, "x") == pytest.approx(0.1)
    assert bar_scale(pd.DataFrame({"ci_high_x": [0.93]}), "x") == 1.0
    assert bar_scale(pd.DataFrame({"ci_high_x": [0.2]}), "x") == pytest.approx(0.2)


def test_heatmap_shows_the_largest_rows_and_says_so() -> None:
    frame = pd.DataFrame({"label": [f"r{i}" for i in range(HEATMAP_ROWS + 3)], "n": 50, "k": 5})
    add_share(frame, "k", "k", "n")
    table = Table("rows", frame, [])
    report = Report("x", "X", [table], 30, charts=[Heatmap("Map", "rows", "label", [("k", "K")])])
    page = render(report, "html")
    assert page.count('<g class="cell">') == HEATMAP_ROWS
    assert f"The first {HEATMAP_ROWS} of {HEATMAP_ROWS + 3} rows" in page


def test_html_policy_loads_nothing_remote_and_allows_its_own_style(
    postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    page = employer_html(postings, mentions, "Acme Health")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta is not None and meta.start() < page.index("<style>")
    policy = html.unescape(meta.group(1))
    style = page[page.index("<style>") + 7 : page.index("</style>")]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert policy.startswith("default-src 'none'; ")
    assert f"style-src 'sha256-{digest}';" in policy
    assert "unsafe" not in policy and "http" not in policy


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
def test_chromium_obeys_the_policy(
    tmp_path: Path, postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    """The employer page (posting texts included) raises no CSP error; a remote load is refused."""
    page = tmp_path / "employer.html"
    text = employer_html(postings, mentions, "Acme Health")
    page.write_text(text)
    dumped = chromium(tmp_path, page, "--dump-dom")
    assert console_lines(dumped) == []
    assert "<mark" in dumped.stdout
    tampered = tmp_path / "tampered.html"
    remote = '<img src="http://127.0.0.1:9/x.png"><style>body{color:red}</style></body>'
    tampered.write_text(text.replace("</body>", remote))
    refused = console_lines(chromium(tmp_path, tampered, "--dump-dom"))
    assert len(refused) == 2
    assert all("Content Security Policy" in line for line in refused)
