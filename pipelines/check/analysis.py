"""Analyse what the check stored and read the employer's answer from the store."""

from __future__ import annotations

from pipelines.check.answer import Answer, facts
from pipelines.check.errors import NothingFound
from pipelines.reports.employer_view import employer_view
from pipelines.reports.frames import (
    ReportFilters,
    current_analysis_version,
    load_frames,
    unread_languages,
    unread_note,
)
from pipelines.store.target import StoreTarget, open_store


def analyse_pending(target: StoreTarget, version: str) -> None:
    """Analyse the stored postings the current analyzer has not analysed yet (loading the
    analyzer only when there are some: it takes seconds)."""
    from pipelines.stages.extract import extract, pending_posting_ids

    with open_store(target) as store:
        if pending_posting_ids(store, version):
            extract(store, workers=1)


def analyse_and_answer(target: StoreTarget, name: str, min_n: int) -> Answer:
    """Analyse what is pending, then the employer's answer from its analysed postings."""
    if not target.exists():
        raise NothingFound(
            f"the store {target.location} holds nothing for {name}; check it without --offline"
        )
    version = current_analysis_version()
    analyse_pending(target, version)
    filters = ReportFilters(employer=name)
    with open_store(target, read_only=True) as store:
        postings, mentions = load_frames(
            store.con, filters, analysis_version=version, include_text=True
        )
        if not len(postings):
            raise NothingFound(
                f"the store holds no analysed postings of {name} in a language credscope reads; "
                "check its careers-page URL to crawl them"
            )
        report = employer_view(store.con, ReportFilters(), (postings, mentions), version, min_n)
        note = unread_note(unread_languages(store.con, filters, analysis_version=version))
    answer = Answer(facts(name, postings, mentions), report)
    if note:
        answer.notes.append(note)
    return answer
