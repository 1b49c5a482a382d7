"""Select the postings of the mixed dev gold set (dev_mixed.jsonl) at random, deterministically.

Run from the repo root: `.venv/bin/python tests/gold/build_mixed_sample.py > /tmp/mixed.jsonl`.
Unlike the earlier gold sets, nothing is stratified by credential words: each source is sampled
uniformly (one random.Random(SEED) shared in the order NHS, EMSCAD, Glassdoor) from the postings
that are at most MAX_CHARS long and not already in another gold file. Each output line holds id,
source and text; labels are added by hand following shared/docs/labeling-guide.md.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

import pandas as pd

from crawler.htmltext import html_to_text

DATA = Path("/work/shared/data/postings")
GOLD = Path(__file__).parent
EARLIER_GOLD = ("dev_nhs.jsonl", "dev_us.jsonl")
SEED = 4242
MAX_CHARS = 12_000
QUOTAS = {"nhs": 15, "emscad": 13, "glassdoor": 12}


def nhs_postings() -> dict[str, tuple[str, str]]:
    """NHS JSON-LD postings as id -> (source, title + html_to_text(description))."""
    postings = {}
    with gzip.open(DATA / "nhs_jobs_jsonld.dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            job = json.loads(line)
            text = job["title"] + "\n" + html_to_text(job.get("description") or "")
            postings[f"nhs-{job['_fileid']}"] = ("nhs_jobs_jsonld.dev", text)
    return postings


def emscad_text(row: pd.Series) -> str:
    """Title, description, then requirements and benefits under their headings when present."""
    text = f"{row.title}\n{row.description}"
    if pd.notna(row.requirements):
        text += f"\nRequirements\n{row.requirements}"
    if pd.notna(row.benefits):
        text += f"\nBenefits\n{row.benefits}"
    return text


def emscad_postings() -> dict[str, tuple[str, str]]:
    """EMSCAD legitimate postings as id -> (source, text)."""
    frame = pd.read_csv(DATA / "emscad_legit.dev.csv")
    return {
        f"emscad-{row.job_id}": ("emscad_legit.dev", emscad_text(row))
        for row in frame.itertuples(index=False)
    }


def glassdoor_postings() -> dict[str, tuple[str, str]]:
    """Glassdoor postings as id -> (source, text), keeping the first row of each repeated text."""
    frame = pd.read_csv(DATA / "glassdoor_ds_jobs.dev.csv")
    texts = frame["Job Title"] + "\n" + frame["Job Description"]
    texts = texts[~texts.duplicated()]
    return {f"glassdoor-{index}": ("glassdoor_ds_jobs.dev", text) for index, text in texts.items()}


def earlier_gold_ids() -> set[str]:
    """Ids already labelled in the other gold files."""
    ids = set()
    for name in EARLIER_GOLD:
        with open(GOLD / name, encoding="utf-8") as lines:
            ids.update(json.loads(line)["id"] for line in lines)
    return ids


def sample(
    rng: random.Random, postings: dict[str, tuple[str, str]], count: int, excluded: set[str]
) -> list[str]:
    """Draw count ids uniformly from the eligible postings (sorted first, so the draw is stable)."""
    eligible = sorted(
        posting_id
        for posting_id, (_, text) in postings.items()
        if posting_id not in excluded and len(text) <= MAX_CHARS
    )
    return rng.sample(eligible, count)


def main() -> None:
    """Print the selected postings as unlabelled gold lines."""
    rng = random.Random(SEED)
    excluded = earlier_gold_ids()
    sources = {"nhs": nhs_postings, "emscad": emscad_postings, "glassdoor": glassdoor_postings}
    for name, load in sources.items():
        postings = load()
        for posting_id in sample(rng, postings, QUOTAS[name], excluded):
            source, text = postings[posting_id]
            record = {"id": posting_id, "source": source, "text": text}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
