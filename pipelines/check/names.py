"""One forgiving employer-name resolver: any case, a unique prefix, or a close match."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from crawler.registry import Employer
from pipelines.check.errors import AmbiguousEmployer, UnknownEmployer
from pipelines.store.target import StoreTarget

CLOSE = 80  # similarity (fuzz.ratio) a typo must reach to be taken as the name meant
CLEAR_LEAD = 5  # how far the best close match must lead the next to be taken alone
HINT = 60  # WRatio score of the names suggested for an unknown name
SHOWN = 5


@dataclass(frozen=True)
class Resolved:
    """The employer name to use, and a note when it is not simply the name typed."""

    name: str
    note: str | None = None


def employer_names(registry: list[Employer], stored: list[str]) -> dict[str, str]:
    """Every name a user may type (case-folded) mapped to the employer name it stands for."""
    names: dict[str, str] = {}
    for employer in registry:
        for name in (employer.name, *employer.aliases):
            names.setdefault(name.casefold(), employer.name)
    for name in stored:
        names.setdefault(name.casefold(), name)
    return names


def stored_employers(target: StoreTarget) -> list[str]:
    """The employer names the store (file or lake) holds (none when there is no store yet)."""
    from pipelines.reports.frames import known_employers
    from pipelines.store.target import open_store

    if not target.exists():
        return []
    with open_store(target, read_only=True) as store:
        return known_employers(store.con)


def resolve_name(wanted: str, target: StoreTarget, registry: list[Employer]) -> Resolved:
    """`wanted` resolved among the registry's employers and the store's."""
    return resolve(wanted, employer_names(registry, stored_employers(target)))


def resolve(wanted: str, names: dict[str, str]) -> Resolved:
    """The employer `wanted` means; UnknownEmployer or AmbiguousEmployer saying what to type."""
    key = wanted.strip().casefold()
    if key in names:
        return Resolved(names[key])
    prefixed = _distinct(names[name] for name in names if key and name.startswith(key))
    if len(prefixed) == 1:
        return Resolved(prefixed[0], _note(wanted, prefixed[0]))
    if prefixed:
        raise AmbiguousEmployer(_ambiguous(wanted, prefixed))
    return _close_match(wanted, names)


def _close_match(wanted: str, names: dict[str, str]) -> Resolved:
    scored = process.extract(
        wanted, list(names), scorer=fuzz.ratio, processor=default_process, limit=None
    )
    close = [(names[name], score) for name, score, _ in scored if score >= CLOSE]
    targets = _distinct(target for target, _ in close)
    if len(targets) == 1 or (targets and close[0][1] - _score_of(close, targets[1]) >= CLEAR_LEAD):
        return Resolved(targets[0], _note(wanted, targets[0]))
    if targets:
        raise AmbiguousEmployer(_ambiguous(wanted, targets))
    hinted = process.extract(
        wanted, list(names), scorer=fuzz.WRatio, processor=default_process, limit=SHOWN * 3
    )
    hints = _distinct(names[name] for name, score, _ in hinted if score >= HINT)[:SHOWN]
    raise UnknownEmployer(_unknown(wanted, hints, bool(names)))


def _score_of(close: list[tuple[str, float]], target: str) -> float:
    return max(score for name, score in close if name == target)


def _distinct(targets: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(targets))


def _note(wanted: str, name: str) -> str:
    return f"note: no employer is called {wanted.strip()!r}; using {name!r}"


def _ambiguous(wanted: str, candidates: list[str]) -> str:
    listed = ", ".join(repr(name) for name in candidates[:SHOWN])
    more = f" and {len(candidates) - SHOWN} more" if len(candidates) > SHOWN else ""
    return f"{wanted.strip()!r} could mean {listed}{more}; give more of the name"


def _unknown(wanted: str, hints: list[str], any_known: bool) -> str:
    if not any_known:
        return (
            f"no employer called {wanted.strip()!r}: the registries and the store hold none yet; "
            "check a careers-page URL instead"
        )
    hint = f" (closest: {', '.join(repr(name) for name in hints)})" if hints else ""
    return (
        f"no employer called {wanted.strip()!r} in the registries or the store{hint}; "
        "check its careers-page URL instead"
    )
