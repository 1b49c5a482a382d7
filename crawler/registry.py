"""The employer registry (data/sources/employers.yaml): who to crawl, where, and in which sector."""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pycountry
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from analyzer.paths import data_dir
from crawler.errors import RegistryError
from crawler.industry import sector_codes


def default_registry() -> Path:
    """The bundled employer registry (under CREDSCOPE_DATA_DIR when that is set)."""
    return data_dir() / "sources" / "employers.yaml"


BOARD_SOURCES = ("greenhouse", "lever", "ashby", "smartrecruiters", "workable")
SOURCES = (*BOARD_SOURCES, "workday", "usajobs", "jsonld")
FIELDS = ("name", "aliases", "source", "board", "url", "workday", "industry", "country", "found_at")
# industry and country may be unknown (an employer `credscope check` discovered): then omitted
REQUIRED = ("name", "source", "found_at")
WORKDAY_KEYS = ("host", "tenant", "site")
WORKDAY_HOST = re.compile(r"^[a-z0-9-]+\.wd\d+\.myworkday(?:jobs|site)\.com$", re.I)
LIST_ITEM = re.compile(r"^( *)- ", re.M)
BOARD_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# USAJOBS agency subelement codes (AF, HE39), several separated by ';' as the API takes them.
USAJOBS_CODES = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,2}(?:;[A-Z]{2}[A-Z0-9]{0,2})*$")


@dataclass
class Employer:
    """One employer and where its postings are published."""

    name: str
    aliases: list[str]
    source: str
    board: str | None
    url: str | None
    workday: dict[str, str] | None
    industry: str | None
    country: str | None
    found_at: str

    def as_dict(self) -> dict[str, Any]:
        """The entry as written in the registry file, without empty fields."""
        return {k: v for k, v in asdict(self).items() if v not in (None, [], {})}


def workday_from_url(url: str) -> dict[str, str] | None:
    """{host, tenant, site} from a careers URL like https://nvidia.wd5.myworkdayjobs.com/en-US/Site."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    if not WORKDAY_HOST.match(host):
        return None
    segments = [s for s in parsed.path.split("/") if s]
    if segments and re.fullmatch(r"[a-z]{2}-[A-Z]{2}", segments[0]):
        segments = segments[1:]
    if not segments:
        return None
    return {"host": host.lower(), "tenant": host.split(".")[0].lower(), "site": segments[0]}


def _check_text(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key)
    if key in REQUIRED and (not isinstance(value, str) or not value.strip()):
        return [f"'{key}' is required and must be non-empty text"]
    if value is not None and not isinstance(value, str):
        return [f"'{key}' must be text, not {type(value).__name__}"]
    return []


def _check_source(entry: dict[str, Any]) -> list[str]:
    source = entry.get("source")
    if source not in SOURCES:
        return [f"unknown source {source!r} (expected one of {', '.join(SOURCES)})"]
    board, url, workday = entry.get("board"), entry.get("url"), entry.get("workday")
    if source in BOARD_SOURCES:
        if not board:
            return [f"source {source} needs 'board' (the board token)"]
        if not BOARD_TOKEN.match(str(board)):
            return [f"'board' {board!r} is not a board token"]
    if source == "usajobs" and not USAJOBS_CODES.match(str(board or "")):
        return [
            "source usajobs needs 'board': USAJOBS organization codes such as AF or HE39, "
            "several separated by ';'"
        ]
    if source == "jsonld" and not (
        isinstance(url, str) and url.startswith(("http://", "https://"))
    ):
        return ["source jsonld needs 'url' (an http(s) career page or sitemap)"]
    if source == "workday":
        return _check_workday(workday)
    if workday is not None:
        return [f"'workday' is only for source workday, not {source}"]
    return []


def _check_workday(workday: Any) -> list[str]:
    if not isinstance(workday, dict):
        return ["source workday needs 'workday: {host, tenant, site}'"]
    problems = [f"workday.{k} is required" for k in WORKDAY_KEYS if not workday.get(k)]
    problems += [f"unknown key workday.{k}" for k in workday if k not in WORKDAY_KEYS]
    host = workday.get("host")
    if host and not WORKDAY_HOST.match(str(host)):
        problems.append(f"workday.host {host!r} is not a <tenant>.wdN.myworkdayjobs.com host")
    return problems


def _check_entry(entry: Any) -> list[str]:
    """Every problem with one registry entry (empty when it is valid)."""
    if not isinstance(entry, dict):
        return [f"an entry must be a mapping, not {type(entry).__name__}"]
    problems = [f"unknown field {key!r}" for key in entry if key not in FIELDS]
    for key in ("name", "source", "board", "url", "industry", "country", "found_at"):
        problems += _check_text(entry, key)
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        problems.append("'aliases' must be a list of names")
    if isinstance(entry.get("industry"), str) and entry["industry"] not in sector_codes():
        problems.append(f"industry {entry['industry']!r} is not a NAICS 2022 sector code")
    country = entry.get("country")
    if isinstance(country, str) and (
        len(country) != 2 or pycountry.countries.get(alpha_2=country) is None
    ):
        problems.append(f"country {country!r} is not an ISO 3166-1 alpha-2 code")
    return problems + _check_source(entry)


def _entry_label(index: int, entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"entry {index}" + (f" ({name})" if name else "")


def _employer(entry: dict[str, Any]) -> Employer:
    board = entry.get("board")
    return Employer(
        name=entry["name"].strip(),
        aliases=list(entry.get("aliases") or []),
        source=entry["source"],
        board=str(board) if board is not None else None,
        url=entry.get("url"),
        workday=dict(entry["workday"]) if entry.get("workday") else None,
        industry=entry.get("industry"),
        country=entry.get("country"),
        found_at=entry["found_at"],
    )


def _read_entries(path: Path) -> list[Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the registry ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("employers"), list):
        raise RegistryError(f"{path}: expected a mapping with an 'employers' list")
    return document["employers"]


def _duplicates(employers: list[Employer]) -> list[str]:
    """Names, aliases or boards used by two entries."""
    problems: list[str] = []
    names: dict[str, int] = {}
    boards: dict[tuple[str, str], int] = {}
    for index, employer in enumerate(employers):
        for name in {n.casefold(): n for n in (employer.name, *employer.aliases)}.values():
            owner = names.setdefault(name.casefold(), index)
            if owner != index:
                used_by = employers[owner].name
                problems.append(f"{employer.name}: name {name!r} is already used by {used_by}")
        target = employer.board or employer.url or str(employer.workday)
        first = boards.setdefault((employer.source, target.casefold()), index)
        if first != index:
            problems.append(
                f"{employer.name}: same {employer.source} board as {employers[first].name}"
            )
    return problems


def load_registry(path: Path | None = None) -> list[Employer]:
    """Load and validate the registry; RegistryError naming the file and every bad entry."""
    path = Path(path) if path is not None else default_registry()
    entries = _read_entries(path)
    problems = [
        f"{path}: {_entry_label(i, entry)}: {problem}"
        for i, entry in enumerate(entries, start=1)
        for problem in _check_entry(entry)
    ]
    if problems:
        raise RegistryError(_summary(path, problems), problems)
    employers = [_employer(entry) for entry in entries]
    duplicates = [f"{path}: {problem}" for problem in _duplicates(employers)]
    if duplicates:
        raise RegistryError(_summary(path, duplicates), duplicates)
    return employers


def load_registries(user: Path | None) -> list[Employer]:
    """The bundled registry and, when the file exists, the user's own; no name or board twice."""
    employers = load_registry()
    if user is None or not Path(user).exists():
        return employers
    combined = employers + load_registry(user)
    duplicates = [f"{user}: {problem}" for problem in _duplicates(combined)]
    if duplicates:
        raise RegistryError(_summary(Path(user), duplicates), duplicates)
    return combined


def _summary(path: Path, problems: list[str]) -> str:
    return f"{path}: {len(problems)} problem(s) in the employer registry:\n" + "\n".join(problems)


def find_employers(names: list[str], registry: list[Employer]) -> list[Employer]:
    """The employers named (case-insensitive, by name or alias); RegistryError for unknown names."""
    index = {n.casefold(): e for e in registry for n in (e.name, *e.aliases)}
    found: list[Employer] = []
    unknown: list[str] = []
    for name in names:
        employer = index.get(name.strip().casefold())
        if employer is None:
            unknown.append(name)
        elif employer not in found:
            found.append(employer)
    if unknown:
        raise RegistryError("; ".join(_unknown_message(n, registry) for n in unknown))
    return found


def _unknown_message(name: str, registry: list[Employer]) -> str:
    choices = [n for e in registry for n in (e.name, *e.aliases)]
    close = process.extract(
        name, choices, scorer=fuzz.WRatio, processor=default_process, limit=3, score_cutoff=60
    )
    hint = f" (did you mean {', '.join(repr(c[0]) for c in close)}?)" if close else ""
    return f"no employer named {name!r} in the registry{hint}"


def append_employer(entry: dict[str, Any], path: Path | None = None) -> Employer:
    """Validate one new entry against the registry at `path` and append it to the file."""
    path = Path(path) if path is not None else default_registry()
    existing = load_registry(path) if path.exists() else []
    problems = _check_entry(entry)
    if problems:
        label = entry.get("name") or "new entry"
        raise RegistryError(f"{label}: " + "; ".join(problems), problems)
    employer = _employer(entry)
    duplicates = _duplicates([*existing, employer])
    if duplicates:
        raise RegistryError("; ".join(duplicates), duplicates)
    _write_entry(path, employer)
    return employer


def _write_entry(path: Path, employer: Employer) -> None:
    """Append one entry as YAML text, keeping the file's comments and list indentation.

    The new text is written beside the file and checked there, then renamed over it: the
    registry is never left half-written."""
    text = path.read_text(encoding="utf-8") if path.exists() else "employers:\n"
    first_item = LIST_ITEM.search(text)
    indent = first_item[1] if first_item else "  "
    block = yaml.safe_dump([employer.as_dict()], sort_keys=False, allow_unicode=True, width=100)
    indented = "".join(f"{indent}{line}\n" for line in block.splitlines())
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text + ("" if text.endswith("\n") else "\n") + indented, "utf-8")
        load_registry(partial)
        os.replace(partial, path)
    except OSError as error:
        raise RegistryError(f"{path}: cannot write the registry ({error.strerror})") from error
    finally:
        partial.unlink(missing_ok=True)
