"""Select the NHS postings of the dev gold set deterministically and print them unlabelled.

Run from the repo root: `.venv/bin/python tests/gold/build_nhs_sample.py > /tmp/nhs_sample.jsonl`.
Each output line holds id, source and text (title line + html_to_text(description)); labels are
added by hand following shared/docs/labeling-guide.md.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

from crawler.htmltext import html_to_text

SOURCE_PATH = Path("/work/shared/data/postings/nhs_jobs_jsonld.dev.jsonl.gz")
SOURCE = "nhs_jobs_jsonld.dev"
SEED = 20261128
MAX_CHARS = 12000
EQUIVALENCY = re.compile(
    r"equivalent (level of |work |relevant |practical )?experience|experience in lieu"
    r"|equivalent combination",
    re.I,
)
CREDENTIAL_WORDS = re.compile(
    r"degree|regist|NVQ|GCSE|A.?level|qualifi|certific|licen|\bGMC\b|\bNMC\b|HCPC|diploma"
    r"|\bBSc|\bMSc|\bPhD|\bMRC|\bRGN|\bRMN|\bRN\b|chartered|\bCIPD|\bHN[CD]|Guilds|\bILM\b"
    r"|\bBTEC|\bGPhC|accredit|educated|PRINCE|\bAAT\b|\bACCA|\bCIMA|clearance",
    re.I,
)
REQUEST_WORDS = re.compile(
    r"degree|registration|registered with|NVQ|GCSE|A.?level|qualification|certificate"
    r"|licen[cs]e|\bGMC\b|\bNMC\b|HCPC|GPhC|diploma|\bBSc|\bMSc|\bRGN|\bRMN|\bMRC",
    re.I,
)
TITLE_GROUPS: dict[str, tuple[str, int]] = {
    "nursing": (r"\bnurse\b|\bsister\b|midwi|\bRGN\b|\bRMN\b", 2),
    "allied_health": (
        r"physiotherap|occupational therap|radiograph|speech and language|dietitian|paramedic"
        r"|podiatr|sonograph|biomedical scien|operating department",
        3,
    ),
    "doctors": (r"doctor|consultant (?!nurse)|\bGP\b|general practitioner|registrar|fellow", 1),
    "admin": (r"administrat|clerk|secretar|receptionist|clerical|booking", 1),
    "estates": (r"estates|electric|plumb|engineer|fitter|carpenter|joiner|maintenance", 2),
    "pharmacy": (r"pharmac", 3),
    "support_workers": (r"health ?care assistant|support worker|nursing assistant|\bHCA\b", 2),
    "managers": (r"manager|director|head of", 1),
}
TEXT_GROUPS: dict[str, tuple[str, int]] = {
    "care_certificate": (r"care certificate", 2),
    "pharmacy_registration": (r"GPhC|General Pharmaceutical Council", 1),
}
EQUIVALENCY_QUOTA = 18
NO_CREDENTIAL_QUOTA = 9


def load_postings() -> list[dict[str, str]]:
    """Read the NHS JSON-LD dump into dicts of fileid, title and gold text."""
    postings = []
    with gzip.open(SOURCE_PATH, "rt", encoding="utf-8") as lines:
        for line in lines:
            job = json.loads(line)
            text = job["title"] + "\n" + html_to_text(job.get("description") or "")
            postings.append({"fileid": job["_fileid"], "title": job["title"], "text": text})
    return [p for p in postings if len(p["text"]) <= MAX_CHARS]


def take(pool: list[dict[str, str]], count: int, chosen: dict[str, dict[str, str]]) -> None:
    """Add up to `count` postings from the shuffled `pool` that are not chosen yet."""
    fresh = [p for p in pool if p["fileid"] not in chosen]
    for posting in fresh[:count]:
        chosen[posting["fileid"]] = posting


def body(text: str) -> str:
    """The posting text without its title line."""
    return text.partition("\n")[2]


def select(postings: list[dict[str, str]]) -> list[dict[str, str]]:
    """Pick equivalency, credential-free, credential-specific and per-occupation postings."""
    shuffled = postings[:]
    random.Random(SEED).shuffle(shuffled)
    chosen: dict[str, dict[str, str]] = {}
    take([p for p in shuffled if EQUIVALENCY.search(p["text"])], EQUIVALENCY_QUOTA, chosen)
    credential_free = [p for p in shuffled if not CREDENTIAL_WORDS.search(p["text"])]
    take(credential_free, NO_CREDENTIAL_QUOTA, chosen)
    with_credentials = [p for p in shuffled if REQUEST_WORDS.search(body(p["text"]))]
    for pattern, quota in TEXT_GROUPS.values():
        text_re = re.compile(pattern, re.I)
        take([p for p in with_credentials if text_re.search(p["text"])], quota, chosen)
    for pattern, quota in TITLE_GROUPS.values():
        title_re = re.compile(pattern, re.I)
        take([p for p in with_credentials if title_re.search(p["title"])], quota, chosen)
    return list(chosen.values())


def main() -> None:
    """Print the selected postings as unlabelled gold lines."""
    for posting in select(load_postings()):
        record = {"id": f"nhs-{posting['fileid']}", "source": SOURCE, "text": posting["text"]}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
