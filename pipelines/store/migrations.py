"""The store's schema as ordered migrations; each upgrades a file one version in place."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Migration:
    """One schema step: the version it produces and the statements that produce it."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "postings, analyses, mentions and run records",
        (
            "CREATE TABLE schema_version (version INTEGER)",
            """CREATE TABLE postings (
                posting_id VARCHAR PRIMARY KEY, source VARCHAR, source_ref VARCHAR, url VARCHAR,
                employer VARCHAR, title VARCHAR, text VARCHAR, html VARCHAR, location_raw VARCHAR,
                country VARCHAR, subdivision VARCHAR, city VARCHAR, remote BOOLEAN,
                industry VARCHAR, industry_source VARCHAR, date_posted DATE,
                first_seen TIMESTAMP, last_seen TIMESTAMP, closed_at TIMESTAMP,
                content_hash VARCHAR, jsonld_education_requirements VARCHAR,
                jsonld_experience_in_place_of_education BOOLEAN, run_id INTEGER)""",
            """CREATE TABLE posting_summaries (
                posting_id VARCHAR, analysis_version VARCHAR, content_hash VARCHAR,
                equivalency BOOLEAN, min_degree_required VARCHAR, n_mentions INTEGER,
                analysed_at TIMESTAMP, PRIMARY KEY (posting_id, analysis_version))""",
            """CREATE TABLE mentions (
                posting_id VARCHAR, analysis_version VARCHAR, ordinal INTEGER,
                start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, level VARCHAR,
                credential_id VARCHAR, label VARCHAR, issuer VARCHAR, strength VARCHAR,
                experience_substitute BOOLEAN, section VARCHAR,
                PRIMARY KEY (posting_id, analysis_version, ordinal))""",
            """CREATE TABLE runs (
                run_id INTEGER PRIMARY KEY, command VARCHAR, started_at TIMESTAMP,
                ended_at TIMESTAMP, status VARCHAR, counts JSON, error VARCHAR)""",
        ),
    ),
    Migration(
        2,
        "record which run wrote each analysis",
        ("ALTER TABLE posting_summaries ADD COLUMN run_id INTEGER",),
    ),
    Migration(
        3,
        "record each analysed posting's language",
        ("ALTER TABLE posting_summaries ADD COLUMN language VARCHAR",),
    ),
)

CURRENT_VERSION = MIGRATIONS[-1].version


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The file's schema version: 0 for an empty file, None for a database that is not a store."""
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "schema_version" in tables:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0
    return None if tables else 0


def apply_migrations(con: duckdb.DuckDBPyConnection, from_version: int) -> list[int]:
    """Apply every migration newer than `from_version`, each in its own transaction."""
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= from_version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_version VALUES (?)", [migration.version])
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        applied.append(migration.version)
    return applied
