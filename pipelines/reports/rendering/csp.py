"""The Content-Security-Policy of a self-contained page: nothing remote, inline style and script
allowed by the hashes of their exact text."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from html import escape


def source_hash(text: str) -> str:
    """The CSP source for one inline element's exact text: 'sha256-<base64>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(styles: Iterable[str], scripts: Iterable[str] = ()) -> str:
    """default-src 'none' (no images, fonts, frames or fetches), with these styles and scripts."""
    parts = ["default-src 'none'", "style-src " + " ".join(map(source_hash, styles))]
    script_hashes = [source_hash(script) for script in scripts]
    if script_hashes:
        parts.append("script-src " + " ".join(script_hashes))
    return "; ".join([*parts, "base-uri 'none'", "form-action 'none'"])


def csp_meta(styles: Iterable[str], scripts: Iterable[str] = ()) -> str:
    """The <meta> element carrying the policy; it must precede the elements it names."""
    policy = escape(content_security_policy(styles, scripts))
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
