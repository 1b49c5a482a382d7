"""Output safety at the edge: spreadsheet-safe CSV cells and file names that stay in their folder.

Posting fields are written by strangers. A CSV cell such as `=HYPERLINK("http://x","y")` or
`+cmd|' /C calc'!A0` becomes a live formula when the file is opened in a spreadsheet (CSV or
formula injection, CWE-1236). OWASP's guidance, as read for this module: ASVS 4.0 requirement
1.2.10 (https://asvs.emil.hemdal.se/1.2.10) asks CSV exports to follow RFC 4180 quoting and to
escape with a single quote every field that starts with `=`, `+`, `-`, `@` or a tab; the Symfony
advisory CVE-2021-41270 (https://symfony.com/cve-2021-41270) records that OWASP's CSV Injection
page (https://owasp.org/www-community/attacks/CSV_Injection) added tab and carriage return to the
list and recommends the single-quote prefix, with each cell wrapped in double quotes. So every
writer here prefixes such a cell with `'` and quotes every text cell; a cell is left as it is only
when the whole cell is a plain number (`-3.5`, `1e3`), which no spreadsheet reads as a formula.
The store keeps what was posted; only the written file changes.
"""

from __future__ import annotations

import re
import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 80
DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$")  # names Windows will not create


def neutralise_cell(value: str) -> str:
    """A text cell a spreadsheet cannot run: `'` before a formula-like start, numbers unchanged."""
    if not value.startswith(FORMULA_STARTS) or NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_slug(name: str, fallback: str = "unnamed") -> str:
    """A file-name stem from an employer or credential name: [a-z0-9-] only, never a path, never
    empty, never a Windows device name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = SLUG_UNSAFE.sub("-", ascii_name.lower()).strip("-")[:SLUG_MAX].strip("-") or fallback
    return f"{slug}-file" if DEVICE_NAMES.match(slug) else slug
