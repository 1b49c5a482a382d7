"""The hand-made report postings plus hostile ones: markup in names and texts, look-alike names."""

from __future__ import annotations

import pandas as pd

from tests.pipelines.reports.report_samples import mention_frame, posting_frame

HOSTILE_EMPLOYER = '<script>alert("x")</script> ../../etc/passwd'
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = "Needs a PMP & <b>more</b>\n</pre><script>alert(2)</script>"
LOOK_ALIKE = "Acme Health!"  # slugs like "Acme Health"


def _extra_posting(postings: pd.DataFrame, **values: object) -> pd.DataFrame:
    row = postings.iloc[[2]].copy()  # a Beta Tech posting: US, NAICS 54
    for column, value in values.items():
        row[column] = [value]
    return row


def site_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Postings p1-p5 (report_samples) plus p9 (hostile) and p10 (a look-alike employer name)."""
    postings = posting_frame()
    hostile = _extra_posting(
        postings,
        posting_id="p9",
        employer=HOSTILE_EMPLOYER,
        title=HOSTILE_TITLE,
        url="javascript:alert(1)",
        text=HOSTILE_TEXT,
        industry=None,
    )
    look_alike = _extra_posting(postings, posting_id="p10", employer=LOOK_ALIKE, text="No asks.")
    postings = pd.concat([postings, hostile, look_alike], ignore_index=True)
    mentions = mention_frame()
    pmp = mentions[mentions["text"] == "PMP"].copy()
    pmp["posting_id"], pmp["start"] = "p9", HOSTILE_TEXT.index("PMP")
    pmp["end"] = pmp["start"] + 3
    mentions = pd.concat([mentions, pmp], ignore_index=True)
    return postings, mentions
