"""Build the bundled demo sample (data/samples/) from the shared real postings, reproducibly.

Career sites with schema.org JSON-LD from real NHS Jobs postings, and Greenhouse- and Lever-style
boards of fictional, labelled demo employers whose posting texts are real (EMSCAD, Glassdoor).
Run: python data/samples/build_sample.py [--data ../shared/data/postings] [--out data/samples]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "postings"
GLUED_ITEMS = re.compile(r"(?<=[a-z0-9.)!?])(?=[A-Z][a-z])")
GLUED_SENTENCES = re.compile(r"(?<=[a-z0-9][.:!?)])(?=[A-Z])")
BASE = "{{base_url}}"
PAGES_PER_SITE = 50

NHS_SITES = (
    ("manchester-ft", "Manchester University NHS Foundation Trust", "index.html"),
    ("oxford-uh", "Oxford University Hospitals NHS Foundation Trust", "sitemap.xml"),
    ("southern-health", "Southern Health NHS Foundation Trust", "index.html"),
)
# (board, demo employer, source file, filter column, filter values, NAICS sector, country)
GREENHOUSE_BOARDS = (
    (
        "northwind-demo",
        "Northwind Analytics (demo)",
        "glassdoor",
        "Sector",
        ("Information Technology",),
        "54",
        "US",
    ),
    (
        "bluebird-demo",
        "Bluebird Health Services (demo)",
        "emscad",
        "industry",
        ("Hospital & Health Care",),
        "62",
        "US",
    ),
    (
        "cobalt-demo",
        "Cobalt Learning (demo)",
        "emscad",
        "industry",
        ("Education Management", "E-Learning"),
        "61",
        "US",
    ),
)
LEVER_SITES = (
    (
        "harbor-demo",
        "Harbor Software (demo)",
        "emscad",
        "industry",
        ("Computer Software",),
        "51",
        "US",
    ),
    (
        "meridian-demo",
        "Meridian Finance (demo)",
        "emscad",
        "industry",
        ("Financial Services",),
        "52",
        "US",
    ),
    (
        "summit-demo",
        "Summit Biotech (demo)",
        "glassdoor",
        "Sector",
        ("Biotech & Pharmaceuticals",),
        "54",
        "US",
    ),
)
POSTINGS_PER_BOARD = 15


def nhs_rows(data: Path) -> list[dict]:
    """The NHS JSON-LD objects, in file order."""
    with gzip.open(data / "nhs_jobs_jsonld.dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def csv_rows(data: Path, name: str) -> list[dict]:
    """Rows of one shared CSV file."""
    path = data / ("emscad_legit.dev.csv" if name == "emscad" else "glassdoor_ds_jobs.dev.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def paragraphs_html(text: str) -> str:
    """Text to HTML: one <p> per line; short lines ending in ':' become headings."""
    parts = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        tag = "h3" if line.endswith(":") and len(line) < 60 else "p"
        parts.append(f"<{tag}>{html.escape(line)}</{tag}>")
    return "".join(parts)


def list_items_html(text: str) -> str:
    """EMSCAD lists lost their markup ("requiredHigh school"): split them back into <li>s."""
    items = [item.strip() for item in GLUED_ITEMS.split(text) if item.strip()]
    return "".join(f"<li>{html.escape(item)}</li>" for item in items)


def job_text(row: dict, source: str) -> tuple[str, str, str]:
    """(title, description HTML, requirements list items HTML) of an EMSCAD or Glassdoor row."""
    if source == "glassdoor":
        return row["Job Title"], paragraphs_html(row["Job Description"]), ""
    description = paragraphs_html(GLUED_SENTENCES.sub("\n", html.unescape(row["description"])))
    return row["title"], description, list_items_html(html.unescape(row["requirements"]))


def job_location(row: dict, source: str) -> str:
    """The row's location as the source wrote it."""
    return row["Location"] if source == "glassdoor" else row["location"]


def greenhouse_job(row: dict, source: str, job_id: int, board: str) -> dict:
    """A job shaped as the Greenhouse job board API returns it with content=true."""
    title, description, requirements = job_text(row, source)
    content = description + (
        f"<h3>Requirements</h3><ul>{requirements}</ul>" if requirements else ""
    )
    return {
        "absolute_url": f"https://boards.greenhouse.io/{board}/jobs/{job_id}",
        "data_compliance": [{"type": "gdpr", "requires_consent": False, "retention_period": None}],
        "internal_job_id": job_id - 1000,
        "location": {"name": job_location(row, source)},
        "metadata": None,
        "id": job_id,
        "updated_at": "2024-03-01T12:00:00-05:00",
        "requisition_id": f"REQ-{job_id}",
        "title": title,
        "content": html.escape(content),
        "departments": [{"id": 1, "name": "General", "child_ids": [], "parent_id": None}],
        "offices": [],
    }


def lever_posting(row: dict, source: str, number: int, site: str) -> dict:
    """A posting shaped as the Lever postings API returns it in mode=json."""
    title, description, requirements = job_text(row, source)
    posting_id = f"{number:08x}-0000-4000-8000-{number:012x}"
    lists = [{"text": "Requirements", "content": requirements}] if requirements else []
    return {
        "additional": "",
        "additionalPlain": "",
        "categories": {
            "commitment": "Full-time",
            "location": job_location(row, source),
            "team": "General",
            "allLocations": [job_location(row, source)],
        },
        "createdAt": 1709294400000 + number * 86400000,
        "descriptionPlain": re.sub(r"<[^>]+>", "\n", description).strip(),
        "description": description,
        "id": posting_id,
        "lists": lists,
        "text": title,
        "country": None,
        "workplaceType": "unspecified",
        "hostedUrl": f"https://jobs.lever.co/{site}/{posting_id}",
        "applyUrl": f"https://jobs.lever.co/{site}/{posting_id}/apply",
    }


def nhs_page(posting: dict, title: str) -> str:
    """A career page carrying a real NHS JobPosting as JSON-LD."""
    script = json.dumps(posting, ensure_ascii=False).replace("</", "<\\/")
    return (
        f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title>\n<script type='application/ld+json'>{script}</script></head>\n"
        f"<body><h1>{html.escape(title)}</h1><p><a href='../index.html'>All vacancies</a></p>"
        "</body></html>\n"
    )


def index_page(title: str, links: list[tuple[str, str]]) -> str:
    """A vacancies index linking to each posting page."""
    items = "".join(f"<li><a href='{href}'>{html.escape(text)}</a></li>" for href, text in links)
    return (
        f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title></head>\n<body><h1>{html.escape(title)}</h1><ul>{items}</ul></body></html>\n"
    )


def sitemap(urls: list[str]) -> str:
    """A sitemap listing `urls`."""
    entries = "".join(f"<url><loc>{html.escape(url)}</loc></url>" for url in urls)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</urlset>\n"
    )


def write(path: Path, text: str) -> None:
    """Write a text file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_nhs_site(out: Path, rows: list[dict], slug: str, organisation: str) -> None:
    """One trust's career site: a page per posting, an index and a sitemap."""
    postings = [row for row in rows if row["hiringOrganization"]["name"] == organisation]
    links = []
    for posting in postings[:PAGES_PER_SITE]:
        name = f"jobs/{posting['_fileid']}.html"
        write(out / "careers" / slug / name, nhs_page(posting, posting["title"]))
        links.append((name, posting["title"]))
    write(out / "careers" / slug / "index.html", index_page(f"Vacancies: {organisation}", links))
    urls = [f"{BASE}/careers/{slug}/{href}" for href, _ in links]
    write(out / "careers" / slug / "sitemap.xml", sitemap(urls))


def board_rows(
    rows: list[dict], column: str, values: tuple[str, ...], used: set[str]
) -> list[dict]:
    """Rows whose `column` is one of `values`, distinct texts, not used by another board."""
    chosen = []
    for row in rows:
        key = row.get("Job Description") or row.get("description", "")
        if row.get(column) in values and len(key) > 400 and key not in used:
            used.add(key)
            chosen.append(row)
        if len(chosen) == POSTINGS_PER_BOARD:
            break
    return chosen


def build_boards(out: Path, data: Path) -> Iterator[dict]:
    """Greenhouse and Lever boards of the demo employers; yield their registry entries."""
    sources = {name: csv_rows(data, name) for name in ("emscad", "glassdoor")}
    used: set[str] = set()
    for number, spec in enumerate(GREENHOUSE_BOARDS):
        board, employer, source, column, values, sector, country = spec
        rows = board_rows(sources[source], column, values, used)
        jobs = [
            greenhouse_job(row, source, 4000000 + number * 1000 + i, board)
            for i, row in enumerate(rows)
        ]
        body = {"jobs": jobs, "meta": {"total": len(jobs)}}
        write(out / "greenhouse/v1/boards" / board / "jobs.json", json.dumps(body, indent=1))
        yield registry_entry(employer, "greenhouse", sector, country, board=board, origin=source)
    for number, spec in enumerate(LEVER_SITES):
        site, employer, source, column, values, sector, country = spec
        rows = board_rows(sources[source], column, values, used)
        postings = [
            lever_posting(row, source, number * 1000 + i + 1, site) for i, row in enumerate(rows)
        ]
        write(out / "lever/v0/postings" / f"{site}.json", json.dumps(postings, indent=1))
        yield registry_entry(employer, "lever", sector, country, board=site, origin=source)


def registry_entry(
    name: str,
    source: str,
    sector: str,
    country: str,
    *,
    board: str | None = None,
    url: str | None = None,
    origin: str = "nhs",
) -> dict:
    """One employer of the sample registry."""
    return {
        "name": name,
        "aliases": [],
        "source": source,
        "board": board,
        "url": url,
        "industry": sector,
        "country": country,
        "found_at": f"bundled demo sample (data/samples/README.md): texts from {origin}",
    }


def registry_yaml(entries: list[dict]) -> str:
    """The registry as YAML (json is valid YAML; one entry per line for review)."""
    lines = [
        "# Demo registry for the bundled sample; {{base_url}} is filled in at run time.",
        "employers:",
    ]
    lines += [f"  - {json.dumps(entry, ensure_ascii=False)}" for entry in entries]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Build the sample into --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    rows = nhs_rows(args.data)
    entries = []
    for slug, organisation, start in NHS_SITES:
        build_nhs_site(args.out, rows, slug, organisation)
        url = f"{BASE}/careers/{slug}/{start}"
        entries.append(registry_entry(organisation, "jsonld", "62", "GB", url=url))
    entries += list(build_boards(args.out, args.data))
    write(args.out / "employers.yaml", registry_yaml(entries))
    write(args.out / "robots.txt", "User-agent: *\nDisallow: /private/\n")


if __name__ == "__main__":
    main()
