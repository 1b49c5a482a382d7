"""Select the postings for the US/international dev gold set (dev_us.jsonl), deterministically.

Prints one JSON object per line ({"id", "source", "text"}) for the chosen postings; labels are added
by hand following shared/docs/labeling-guide.md.
"""

import json
import random
import re
import sys
from pathlib import Path

import pandas as pd

DATA = Path("/work/shared/data/postings")
SEED = 20261128
MAX_CHARS = 12_000

EQUIVALENCY = re.compile(
    r"equivalent (?:work |professional |industry |practical |related )?experience"
    r"|equivalent combination|in lieu of|experience may be substituted"
    r"|combination of (?:education|training) and experience",
    re.IGNORECASE,
)
CERT_OR_LICENCE = re.compile(
    r"\bPMP\b|\bCPA\b|\bRN\b|\bCDL\b|AWS Certified|certifi|clearance|\bSecret\b|licen[cs]e",
    re.IGNORECASE,
)
ANY_CREDENTIAL = re.compile(
    r"degree|bachelor|master'?s|ph\.?d|\bB\.?S\b|\bM\.?S\b|\bB\.?A\b|diploma|\bGED\b|\bMBA\b"
    r"|graduate|certif|licen[cs]e|clearance|qualification",
    re.IGNORECASE,
)
DRIVING_LICENCE = re.compile(r"\bCDL\b|driv\w*.?s? licen[cs]e", re.IGNORECASE)
LICENSURE_OR_LIEU = re.compile(
    r"in lieu of|\bRN\b|registered nurse|\blicensed\b|licensure", re.IGNORECASE
)
EMSCAD_FUNCTIONS = [
    "Information Technology",
    "Sales",
    "Health Care Provider",
    "Engineering",
    "Education",
]


def glassdoor_postings() -> pd.DataFrame:
    """Glassdoor rows deduplicated by description, with the gold text built."""
    frame = pd.read_csv(DATA / "glassdoor_ds_jobs.dev.csv")
    frame = frame.drop_duplicates("Job Description")
    frame = frame.assign(
        id="glassdoor-" + frame.index.astype(str),
        source="glassdoor_ds_jobs.dev",
        text=frame["Job Title"] + "\n" + frame["Job Description"],
    )
    return frame[frame.text.str.len() <= MAX_CHARS]


def emscad_text(row: pd.Series) -> str:
    """Title, description, then requirements and benefits under their headings when present."""
    text = f"{row.title}\n{row.description}"
    if pd.notna(row.requirements):
        text += f"\nRequirements\n{row.requirements}"
    if pd.notna(row.benefits):
        text += f"\nBenefits\n{row.benefits}"
    return text


def emscad_postings() -> pd.DataFrame:
    """EMSCAD legitimate rows with the gold text built."""
    frame = pd.read_csv(DATA / "emscad_legit.dev.csv")
    frame = frame.assign(
        id="emscad-" + frame.job_id.astype(str),
        source="emscad_legit.dev",
        text=frame.apply(emscad_text, axis=1),
    )
    frame = frame.drop_duplicates("text")
    return frame[frame.text.str.len() <= MAX_CHARS]


def take(rng: random.Random, frame: pd.DataFrame, count: int, chosen: set[str]) -> list[str]:
    """Sample up to count ids from frame that are not chosen yet, recording them in chosen."""
    pool = sorted(set(frame.id) - chosen)
    picked = rng.sample(pool, min(count, len(pool)))
    chosen.update(picked)
    return picked


def select(rng: random.Random, frame: pd.DataFrame, quotas: dict[str, int]) -> list[str]:
    """Pick ids stratum by stratum: equivalency, certification/licence, no credential, any."""
    chosen: set[str] = set()
    picked = take(rng, frame[frame.text.str.contains(EQUIVALENCY)], quotas["equiv"], chosen)
    picked += take(rng, frame[frame.text.str.contains(CERT_OR_LICENCE)], quotas["cert"], chosen)
    no_cred = frame[~frame.text.str.contains(ANY_CREDENTIAL)]
    picked += take(rng, no_cred, quotas["none"], chosen)
    picked += take(rng, frame, quotas["any"], chosen)
    return picked


def select_emscad(rng: random.Random, frame: pd.DataFrame) -> list[str]:
    """EMSCAD strata, one posting per function, then a driving licence and a licensure posting."""
    picked = select(rng, frame, {"equiv": 5, "cert": 6, "none": 5, "any": 0})
    chosen = set(picked)
    for function in EMSCAD_FUNCTIONS:
        picked += take(rng, frame[frame.function == function], 1, chosen)
    picked += take(rng, frame[frame.text.str.contains(DRIVING_LICENCE)], 1, chosen)
    picked += take(rng, frame[frame.text.str.contains(LICENSURE_OR_LIEU)], 1, chosen)
    return picked


def main() -> None:
    """Write the selected postings to stdout as JSON lines."""
    rng = random.Random(SEED)
    glassdoor = glassdoor_postings()
    emscad = emscad_postings()
    quotas = {"equiv": 7, "cert": 6, "none": 4, "any": 5}
    ids = select(rng, glassdoor, quotas)
    ids_emscad = select_emscad(rng, emscad)
    rows = pd.concat([glassdoor.set_index("id").loc[ids], emscad.set_index("id").loc[ids_emscad]])
    for posting_id, row in rows.iterrows():
        record = {"id": posting_id, "source": row.source, "text": row.text}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
