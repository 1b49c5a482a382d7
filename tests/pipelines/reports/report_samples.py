"""Hand-made postings and mentions: as DataFrames, and as a DuckDB file with the store schema."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

VERSION = "test-v1"

SCHEMA = (
    """CREATE TABLE postings (posting_id VARCHAR PRIMARY KEY, source VARCHAR, source_ref VARCHAR,
    url VARCHAR, employer VARCHAR, title VARCHAR, text VARCHAR, html VARCHAR, location_raw VARCHAR,
    country VARCHAR, subdivision VARCHAR, city VARCHAR, remote BOOLEAN, industry VARCHAR,
    industry_source VARCHAR, date_posted DATE, first_seen TIMESTAMP, last_seen TIMESTAMP,
    closed_at TIMESTAMP, content_hash VARCHAR, jsonld_education_requirements VARCHAR,
    jsonld_experience_in_place_of_education BOOLEAN, run_id INTEGER)""",
    """CREATE TABLE posting_summaries (posting_id VARCHAR, analysis_version VARCHAR,
    content_hash VARCHAR, equivalency BOOLEAN, min_degree_required VARCHAR, n_mentions INTEGER,
    analysed_at TIMESTAMP, run_id INTEGER, language VARCHAR,
    PRIMARY KEY (posting_id, analysis_version))""",
    """CREATE TABLE mentions (posting_id VARCHAR, analysis_version VARCHAR, ordinal INTEGER,
    start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, level VARCHAR, credential_id VARCHAR,
    label VARCHAR, issuer VARCHAR, strength VARCHAR, experience_substitute BOOLEAN, section VARCHAR,
    PRIMARY KEY (posting_id, analysis_version, ordinal))""",
    """CREATE TABLE runs (run_id INTEGER PRIMARY KEY, command VARCHAR, started_at TIMESTAMP,
    ended_at TIMESTAMP, status VARCHAR, counts JSON, error VARCHAR)""",
    "CREATE TABLE schema_version (version INTEGER)",
)

SUMMARY_COLUMNS = (
    "posting_id, analysis_version, content_hash, equivalency, min_degree_required, n_mentions,"
    " analysed_at, language"
)
MENTION_COLUMNS = (
    'posting_id, analysis_version, ordinal, start, "end", text, type, level, credential_id, label,'
    " issuer, strength, experience_substitute, section"
)

# posting_id, employer, title, source, country, subdivision, city, industry, date_posted,
# first_seen, run_id, equivalency, min_degree_required
# fmt: off
POSTINGS = [
    ("p1", "Acme Health", "Staff Nurse", "greenhouse", "US", "US-CA", "San Francisco", "62",
     "2024-01-10", "2024-01-11 08:00", 1, True, "bachelor"),
    ("p2", "Acme Health", "Nurse Manager", "greenhouse", "US", "US-CA", "Los Angeles", "62",
     "2024-02-03", "2024-02-04 08:00", 1, False, "master"),
    ("p3", "Beta Tech", "Project Lead", "import:glassdoor", "US", "US-NY", "New York", "54",
     "2024-02-15", "2024-02-16 08:00", 2, False, None),
    ("p4", "Beta Tech", "Programme Manager", "lever", "GB", "GB-LND", "London", "54",
     "2024-03-01", "2024-03-02 08:00", 2, True, "bachelor"),
    ("p5", "Gamma Care", "Care Assistant", "jsonld", "GB", None, None, "62",
     None, "2024-03-05 08:00", 2, False, None),
]

TEXTS = {
    "p1": "Staff Nurse\nBachelor's degree or equivalent experience required.\nRN license required.",
    "p2": "Nurse Manager\nMaster's degree required.\nBLS certification preferred.",
    "p3": "Project Lead\nPMP certification is a plus.",
    "p4": "Programme Manager\nBachelor's degree or equivalent experience.\nPMP required.",
    "p5": "Care Assistant\nNo formal qualifications needed. <b>Kind</b> people & more.",
}

# posting_id, ordinal, text, type, level, credential_id, label, strength, experience_substitute
MENTIONS = [
    ("p1", 0, "Bachelor's degree", "degree", "bachelor", "degree.bachelor", "Bachelor's degree",
     "required", True),
    ("p1", 1, "RN license", "license", None, "license.rn", "Registered Nurse licence",
     "required", False),
    ("p2", 0, "Master's degree", "degree", "master", "degree.master", "Master's degree",
     "required", False),
    ("p2", 1, "BLS certification", "certification", None, "cert.aha.bls", "Basic Life Support",
     "preferred", False),
    ("p3", 0, "PMP certification", "certification", None, "cert.pmi.pmp", "PMP",
     "preferred", False),
    ("p4", 0, "Bachelor's degree", "degree", "bachelor", "degree.bachelor", "Bachelor's degree",
     "required", True),
    ("p4", 1, "PMP", "certification", None, "cert.pmi.pmp", "PMP", "required", False),
]
# fmt: on


def posting_frame() -> pd.DataFrame:
    """The postings DataFrame load_frames returns for the hand-made store."""
    columns = [
        "posting_id",
        "employer",
        "title",
        "source",
        "country",
        "subdivision",
        "city",
        "industry",
        "date_posted",
        "first_seen",
        "run_id",
        "equivalency",
        "min_degree_required",
    ]
    frame = pd.DataFrame(POSTINGS, columns=columns)
    frame["url"] = "https://jobs.example.org/" + frame["posting_id"]
    frame["date_posted"] = pd.to_datetime(frame["date_posted"])
    frame["first_seen"] = pd.to_datetime(frame["first_seen"])
    frame["text"] = frame["posting_id"].map(TEXTS)
    return frame


def mention_frame() -> pd.DataFrame:
    """The mentions DataFrame load_frames returns for the hand-made store."""
    columns = [
        "posting_id",
        "ordinal",
        "text",
        "type",
        "level",
        "credential_id",
        "label",
        "strength",
        "experience_substitute",
    ]
    frame = pd.DataFrame(MENTIONS, columns=columns)
    frame["start"] = [
        TEXTS[p].index(t) for p, t in zip(frame["posting_id"], frame["text"], strict=True)
    ]
    frame["end"] = frame["start"] + frame["text"].str.len()
    frame["issuer"] = None
    frame["section"] = "requirements"
    return frame


def build_store(path: Path, *, create_schema: bool = True) -> Path:
    """Write the hand-made postings into a DuckDB file, plus rows reports must ignore."""
    con = duckdb.connect(str(path))
    if create_schema:
        for statement in SCHEMA:
            con.execute(statement)
    fill_store(con)
    con.close()
    return path


def sample_store(path: Path) -> Path:
    """The hand-made rows in a store file created (and migrated) by Store.open itself."""
    from pipelines.store.database import Store

    Store.open(path).close()
    return build_store(path, create_schema=False)


def fill_store(con: duckdb.DuckDBPyConnection) -> None:
    """Insert the hand-made rows into tables with the store's columns."""
    frame = posting_frame()
    con.register("frame", frame)
    con.execute(
        "INSERT INTO postings (posting_id, source, source_ref, url, employer, title, text, country,"
        " subdivision, city, industry, date_posted, first_seen, last_seen, run_id) SELECT"
        " posting_id, source, posting_id, url, employer, title, text, country, subdivision, city,"
        " industry, date_posted, first_seen, first_seen, run_id FROM frame"
    )
    con.execute(
        f"INSERT INTO posting_summaries ({SUMMARY_COLUMNS}) SELECT posting_id, ?, NULL,"
        " equivalency, min_degree_required, 0, now(), 'en' FROM frame",
        [VERSION],
    )
    mentions = mention_frame()
    con.register("m", mentions)
    con.execute(
        f"INSERT INTO mentions ({MENTION_COLUMNS}) SELECT posting_id, ?, ordinal, start,"
        ' "end", text, type, level, credential_id, label, issuer, strength,'
        " experience_substitute, section FROM m",
        [VERSION],
    )
    # p6 is stored but not analysed; p7 only has an analysis by an older analyzer version.
    con.execute(
        "INSERT INTO postings (posting_id, source, employer, title, industry, country) VALUES"
        " ('p6', 'lever', 'Delta Works', 'Welder', '23', 'CA'),"
        " ('p7', 'lever', 'Delta Works', 'Fitter', '23', 'CA')"
    )
    con.execute(
        f"INSERT INTO posting_summaries ({SUMMARY_COLUMNS}) VALUES"
        " ('p7', 'old-version', NULL, TRUE, 'doctorate', 1, now(), 'en')"
    )
    # p8 is analysed by the current version but is not in English: counted apart, never in a share.
    con.execute(
        "INSERT INTO postings (posting_id, source, employer, title, industry, country) VALUES"
        " ('p8', 'lever', 'Delta Works', 'Soudeur', NULL, NULL)"
    )
    con.execute(
        f"INSERT INTO posting_summaries ({SUMMARY_COLUMNS}) VALUES"
        " ('p8', ?, NULL, FALSE, NULL, 0, now(), 'fr')",
        [VERSION],
    )
    con.execute(
        f"INSERT INTO mentions ({MENTION_COLUMNS}) VALUES ('p7', 'old-version', 0, 0, 3, 'PhD',"
        " 'degree', 'doctorate', 'degree.doctorate', 'Doctorate', NULL, 'required', FALSE,"
        " 'requirements')"
    )
