"""Draw the labelled corpus: a seeded random draw per source, de-duplicated across sources.

Run from the repo root: `.venv/bin/python tests/gold/build_corpus.py`. Writes the unlabelled
`tests/gold/corpus/postings.jsonl` (id, source, text) and `tests/gold/corpus/splits.json`.

- Every real source in the shared data and the bundled demo sample is read the way credscope
  reads it (HTML through the crawler's html_to_text, Lever lists through the Lever spider's layout).
- Texts are de-duplicated across sources by a fingerprint of their words (lower-cased letters and
  digits), LA bulletins also by job class and USAJOBS announcements also by their qualification
  text, so no text sits on both sides of a split. The demo sample copies NHS, EMSCAD and Glassdoor
  texts: it is drawn first and its fingerprints are excluded from the other draws.
- The 130 postings labelled in earlier sessions (earlier/dev_*.jsonl) stay in the corpus and go to
  train/dev only: the rules were tuned on them. Their fingerprints are excluded from new draws.
- Splits are seeded and stratified by source. Test takes TEST_QUOTA new postings per source; the
  rest (and the earlier 130) are split train/dev 70/30 per source.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

GOLD = Path(__file__).parent
REPO = GOLD.parents[1]
sys.path.insert(0, str(REPO))
from crawler.htmltext import html_to_text  # noqa: E402  (the repository first on the path)
from crawler.spiders.lever import lever_html  # noqa: E402
from tests.shared_data import shared_postings  # noqa: E402

SAMPLE = REPO / "data" / "samples"
CORPUS = GOLD / "corpus"
EARLIER_GOLD = ("dev_nhs.jsonl", "dev_us.jsonl", "dev_mixed.jsonl")
SEED = 20261130
MAX_CHARS = 20_000
# New postings drawn per source, and how many of them go to the frozen test split.
QUOTAS = {
    "demo_sample": 40,
    "nhs": 45,
    "emscad": 50,
    "glassdoor": 50,
    "usajobs": 100,
    "la_city": 85,
    "nyc_startups": 85,
    "lever_raw": 19,
}
TEST_QUOTA = {
    "demo_sample": 25,
    "nhs": 25,
    "emscad": 25,
    "glassdoor": 25,
    "usajobs": 35,
    "la_city": 30,
    "nyc_startups": 30,
    "lever_raw": 6,
}
DEV_SHARE = 0.3
WORD = re.compile(r"[a-z0-9]+")

Posting = tuple[str, str, str]  # (id, text, dedup key beside the fingerprint or "")


def fingerprint(text: str) -> str:
    """The text's words, lower-cased, letters and digits only (markup and spacing ignored)."""
    return " ".join(WORD.findall(text.lower()))


def nhs() -> Iterator[Posting]:
    """NHS JSON-LD postings: title, then the description as text."""
    with gzip.open(shared_postings() / "nhs_jobs_jsonld.dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            job = json.loads(line)
            text = job["title"] + "\n" + html_to_text(job.get("description") or "")
            yield f"nhs-{job['_fileid']}", text, ""


def emscad() -> Iterator[Posting]:
    """EMSCAD postings: title, description, then requirements and benefits under headings."""
    frame = pd.read_csv(shared_postings() / "emscad_legit.dev.csv")
    for row in frame.itertuples(index=False):
        text = f"{row.title}\n{row.description}"
        if pd.notna(row.requirements):
            text += f"\nRequirements\n{row.requirements}"
        if pd.notna(row.benefits):
            text += f"\nBenefits\n{row.benefits}"
        yield f"emscad-{row.job_id}", text, ""


def glassdoor() -> Iterator[Posting]:
    """Glassdoor postings: title, then the description."""
    frame = pd.read_csv(shared_postings() / "glassdoor_ds_jobs.dev.csv")
    for index, row in frame.iterrows():
        yield f"glassdoor-{index}", f"{row['Job Title']}\n{row['Job Description']}", ""


def usajobs() -> Iterator[Posting]:
    """USAJOBS announcements: title, job summary, then the qualification summary."""
    page = json.loads((shared_postings() / "usajobs_search_api.dev.json").read_text("utf-8"))
    for item in page["SearchResult"]["SearchResultItems"]:
        job = item["MatchedObjectDescriptor"]
        summary = ((job.get("UserArea") or {}).get("Details") or {}).get("JobSummary") or ""
        qualifications = job.get("QualificationSummary") or ""
        text = f"{job['PositionTitle']}\n{summary}\nQualifications\n{qualifications}"
        yield f"usajobs-{item['MatchedObjectId']}", text, fingerprint(qualifications)


def la_city() -> Iterator[Posting]:
    """City of Los Angeles bulletins as given (plain text), one per job class."""
    with gzip.open(
        shared_postings() / "la_city_bulletins.dev.jsonl.gz", "rt", encoding="utf-8"
    ) as f:
        for line in f:
            job = json.loads(line)
            yield job["id"], job["text"], job["title"].strip().lower()


def nyc_startups() -> Iterator[Posting]:
    """NYC startup listings as given (plain text)."""
    with gzip.open(shared_postings() / "nyc_startups.dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            job = json.loads(line)
            yield job["id"], job["text"], ""


def lever_raw() -> Iterator[Posting]:
    """Raw Lever postings laid out as the Lever spider lays them out."""
    postings = json.loads((shared_postings() / "lever_postings_raw.dev.json").read_text("utf-8"))
    for posting in postings:
        text = posting["text"] + "\n" + html_to_text(lever_html(posting))
        yield f"lever-{posting['id']}", text, ""


def demo_sample() -> Iterator[Posting]:
    """The bundled demo sample: career pages (JSON-LD), Greenhouse and Lever boards."""
    for page in sorted((SAMPLE / "careers").glob("*/jobs/*.html")):
        markup = page.read_text("utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S)
        if block:
            job = json.loads(block.group(1))
            text = job["title"] + "\n" + html_to_text(job.get("description") or "")
            yield f"demo-{page.parent.parent.name}-{page.stem}", text, ""
    for board in sorted((SAMPLE / "greenhouse").glob("v1/boards/*/jobs.json")):
        for job in json.loads(board.read_text("utf-8"))["jobs"]:
            text = job["title"] + "\n" + html_to_text(job["content"])
            yield f"demo-{board.parent.name}-{job['id']}", text, ""
    for site in sorted((SAMPLE / "lever").glob("v0/postings/*.json")):
        for posting in json.loads(site.read_text("utf-8")):
            text = posting["text"] + "\n" + html_to_text(lever_html(posting))
            yield f"demo-{site.stem}-{posting['id']}", text, ""


SOURCES: dict[str, Callable[[], Iterator[Posting]]] = {
    "demo_sample": demo_sample,
    "nhs": nhs,
    "emscad": emscad,
    "glassdoor": glassdoor,
    "usajobs": usajobs,
    "la_city": la_city,
    "nyc_startups": nyc_startups,
    "lever_raw": lever_raw,
}
EARLIER_SOURCE = {"nhs": "nhs", "emscad": "emscad", "glassdoor": "glassdoor"}


def earlier_postings() -> list[dict[str, str]]:
    """The 130 postings labelled in earlier sessions, with their source family."""
    postings = []
    for name in EARLIER_GOLD:
        for line in (GOLD / "earlier" / name).read_text("utf-8").split("\n"):
            if not line.strip():
                continue
            record = json.loads(line)
            family = EARLIER_SOURCE[record["id"].split("-")[0]]
            postings.append({"id": record["id"], "source": family, "text": record["text"]})
    return postings


def draw(rng: random.Random, source: str, seen: set[str], count: int) -> list[dict[str, str]]:
    """Draw `count` postings of one source whose fingerprints were not seen, then mark them seen."""
    eligible: dict[str, tuple[str, str]] = {}
    taken = set(seen)
    for posting_id, text, key in sorted(SOURCES[source]()):
        mark = fingerprint(text)
        if not mark or len(text) > MAX_CHARS or mark in taken or key in taken:
            continue
        eligible[posting_id] = (mark, text)
        taken.update(k for k in (mark, key) if k)
    chosen = rng.sample(sorted(eligible), min(count, len(eligible)))
    seen.update(eligible[posting_id][0] for posting_id in chosen)
    return [{"id": pid, "source": source, "text": eligible[pid][1]} for pid in chosen]


def split(rng: random.Random, new: list[dict[str, str]], earlier: list[dict[str, str]]) -> dict:
    """Assign every posting to train, dev or test, stratified by source."""
    splits: dict[str, str] = {}
    for source in SOURCES:
        ids = sorted(p["id"] for p in new if p["source"] == source)
        rng.shuffle(ids)
        test, rest = ids[: TEST_QUOTA[source]], ids[TEST_QUOTA[source] :]
        splits.update(dict.fromkeys(test, "test"))
        rest += sorted(p["id"] for p in earlier if p["source"] == source)
        rng.shuffle(rest)
        dev_count = round(len(rest) * DEV_SHARE)
        splits.update({pid: "dev" if i < dev_count else "train" for i, pid in enumerate(rest)})
    return dict(sorted(splits.items()))


def main() -> None:
    """Write the unlabelled corpus and its frozen splits."""
    rng = random.Random(SEED)
    earlier = earlier_postings()
    seen = {fingerprint(p["text"]) for p in earlier}
    new: list[dict[str, str]] = []
    for source, count in QUOTAS.items():
        new.extend(draw(rng, source, seen, count))
    CORPUS.mkdir(exist_ok=True)
    with (CORPUS / "postings.jsonl").open("w", encoding="utf-8") as out:
        for posting in earlier + new:
            out.write(json.dumps(posting, ensure_ascii=False) + "\n")
    splits = split(rng, new, earlier)
    (CORPUS / "splits.json").write_text(json.dumps(splits, indent=1) + "\n", "utf-8")
    counts: dict[tuple[str, str], int] = {}
    for posting in earlier + new:
        key = (posting["source"], splits[posting["id"]])
        counts[key] = counts.get(key, 0) + 1
    for (source, part), count in sorted(counts.items()):
        print(f"{source:14} {part:5} {count}")
    print(f"total {len(earlier) + len(new)}")


if __name__ == "__main__":
    main()
