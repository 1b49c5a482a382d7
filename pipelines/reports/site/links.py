"""Where each employer, credential and industry page lives, and the frames split per page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.reports.site.slugs import unique_slugs
from pipelines.reports.vocab import industry_label

UNKNOWN_INDUSTRY = ""  # the key of postings whose industry is not known
Frames = tuple[pd.DataFrame, pd.DataFrame]


def industry_key(code: object) -> str:
    """The page key of an industry code (UNKNOWN_INDUSTRY when the code is missing)."""
    return code if isinstance(code, str) and code else UNKNOWN_INDUSTRY


def industry_title(key: str) -> str:
    """An industry's name with its NAICS code, or 'Industry not known'."""
    if key == UNKNOWN_INDUSTRY:
        return industry_label(None)
    return f"{industry_label(key)} (NAICS {key})"


@dataclass(frozen=True)
class SiteLinks:
    """The slug of every employer, credential and industry page of one site."""

    employers: dict[str, str]
    credentials: dict[str, str]
    industries: dict[str, str]

    @classmethod
    def from_frames(cls, postings: pd.DataFrame, mentions: pd.DataFrame) -> SiteLinks:
        """Slugs for every named employer, credential id and industry in the frames."""
        keys = {industry_key(code) for code in postings["industry"]}
        names = {key: f"{key} {industry_label(key)}" if key else "not-known" for key in keys}
        by_name = unique_slugs(names.values(), "industry")
        return cls(
            employers=unique_slugs(postings["employer"].dropna().astype(str), "employer"),
            credentials=unique_slugs(mentions["credential_id"].dropna().astype(str), "credential"),
            industries={key: by_name[name] for key, name in names.items()},
        )

    def employer(self, name: str, root: str) -> str:
        """The relative address of an employer's page."""
        return f"{root}employers/{self.employers[name]}.html"

    def credential(self, credential_id: str, root: str) -> str:
        """The relative address of a credential's page."""
        return f"{root}credentials/{self.credentials[credential_id]}.html"

    def industry(self, key: str, root: str) -> str:
        """The relative address of an industry's page."""
        return f"{root}industries/{self.industries[key]}.html"


def split_frames(
    postings: pd.DataFrame, mentions: pd.DataFrame, keys: pd.Series
) -> dict[str, Frames]:
    """The postings and their mentions per key (keys: one value per posting row; NA dropped)."""
    owner = dict(zip(postings["posting_id"], keys, strict=True))
    mention_keys = mentions["posting_id"].map(owner)
    groups: dict[str, Frames] = {}
    for key, part in postings.groupby(keys.to_numpy(), sort=True, dropna=True):
        groups[str(key)] = (part, mentions[(mention_keys == key).to_numpy()])
    return groups
