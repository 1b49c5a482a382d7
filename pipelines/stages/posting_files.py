"""Read one posting from a file or stdin: decoded, size-checked, HTML turned into plain text."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from crawler.htmltext import html_to_text, looks_like_html
from pipelines.errors import InputError

MAX_POSTING_BYTES = 50_000_000


def decode_posting(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode one posting's bytes; binary or undecodable input is a clear InputError."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{source}: looks like a binary file (NUL bytes), not a posting")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{source}: not valid {encoding} at byte {error.start}; "
            "pass --encoding (e.g. --encoding latin-1) if the file uses another encoding"
        ) from error
    except LookupError as error:
        raise InputError(f"unknown encoding {encoding!r}") from error


def posting_text(raw: str) -> str:
    """The plain text to analyse: HTML is converted first (offsets then refer to that text)."""
    return html_to_text(raw) if looks_like_html(raw) else raw


def read_posting(path: str, encoding: str, stdin: IO[bytes]) -> tuple[str, str]:
    """Read one posting from a file or '-' (stdin); return (name, text to analyse)."""
    name = "stdin" if path == "-" else path
    try:
        data = stdin.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from error
    if len(data) > MAX_POSTING_BYTES:
        raise InputError(
            f"{name}: {len(data):,} bytes is larger than the {MAX_POSTING_BYTES:,} limit"
        )
    return name, posting_text(decode_posting(data, name, encoding))
