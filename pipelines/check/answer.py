"""The answer of `credscope check`: plain sentences first, then the employer report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipelines.reports.model import Report
from pipelines.reports.rendering.text_formats import render_json


@dataclass(frozen=True)
class Facts:
    """The counts the opening sentences state, over the employer's distinct analysed postings."""

    employer: str
    postings: int
    any_credential: int
    licence: int
    degree_required: int
    degree_required_experience: int


@dataclass
class Answer:
    """What `credscope check` says about one employer."""

    facts: Facts
    report: Report
    limit: int | None = None
    limit_reached: bool = False
    crawled: bool = False
    notes: list[str] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """The plain sentences the answer opens with."""
        lines = opening(self.facts)
        if self.limit_reached:
            lines.append(
                f"The crawl stopped at the limit of {self.limit} postings: there may be more "
                "(--limit N to change it)."
            )
        return lines


def facts(employer: str, postings: pd.DataFrame, mentions: pd.DataFrame) -> Facts:
    """Count the postings asking for a licence, requiring a degree (beyond school), and of those,
    accepting experience instead."""

    def asking(rows: pd.Series) -> set[str]:
        return set(mentions.loc[rows, "posting_id"])

    required_degree = (
        (mentions["type"] == "degree")
        & (mentions["level"] != "secondary")  # a school diploma is not what "a degree" means
        & (mentions["strength"] == "required")
    )
    degree_required = asking(required_degree)
    experience = asking(required_degree & mentions["experience_substitute"])
    return Facts(
        employer=employer,
        postings=len(postings),
        any_credential=len(set(mentions["posting_id"])),
        licence=len(asking(mentions["type"] == "license")),
        degree_required=len(degree_required),
        degree_required_experience=len(experience & degree_required),
    )


def _share(part: int, whole: int) -> str:
    return f"{part} ({round(100 * part / whole)}%)" if whole else str(part)


def _postings(count: int) -> str:
    return f"{count} posting{'s' * (count != 1)}"


def _ask(count: int) -> str:
    return "asks" if count == 1 else "ask"


def opening(found: Facts) -> list[str]:
    """'Riverside Health Trust: 60 postings. 41 (68%) ask for a licence …' as sentences."""
    n = found.postings
    first = f"{found.employer}: {_postings(n)} analysed."
    licence = f"{_share(found.licence, n)} {_ask(found.licence)} for a licence or registration"
    if found.degree_required:
        accepting = found.degree_required_experience
        degree = (
            f"a degree is required in {_share(found.degree_required, n)}, and "
            f"{accepting} of those {'accepts' if accepting == 1 else 'accept'} experience instead"
        )
    else:
        degree = "none requires a degree"
    anything = (
        f"{_share(found.any_credential, n)} {_ask(found.any_credential)} for at least one "
        "credential."
    )
    return [first, f"{licence}; {degree}.", anything[0].upper() + anything[1:]]


def with_sentences(answer: Answer) -> Report:
    """The report with the answer's sentences (and notes) leading its notes."""
    report = answer.report
    report.notes = [" ".join(answer.sentences()), *answer.notes, *report.notes]
    return report


def answer_json(answer: Answer) -> str:
    """One JSON object: employer, postings and the measures, the sentences, then every table."""
    found = answer.facts
    tables: dict[str, list[dict[str, Any]]] = {}
    for row in json.loads(render_json(answer.report)):
        tables.setdefault(row.pop("table"), []).append(row)
    document = {
        "employer": found.employer,
        "postings": found.postings,
        "any_credential": _measure(found.any_credential, found.postings),
        "licence": _measure(found.licence, found.postings),
        "degree_required": _measure(found.degree_required, found.postings),
        "degree_required_accepting_experience": _measure(
            found.degree_required_experience, found.degree_required
        ),
        "sentences": answer.sentences(),
        "notes": answer.notes,
        "limit": answer.limit,
        "limit_reached": answer.limit_reached,
        "crawled": answer.crawled,
        "tables": tables,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _measure(hits: int, n: int) -> dict[str, Any]:
    return {"postings": hits, "of": n, "share": round(hits / n, 4) if n else None}
