"""The Content-Security-Policy of a self-contained page: nothing remote, inline styles by hash."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from html import escape


def style_hash(style: str) -> str:
    """The CSP source for one inline <style> element's exact text: 'sha256-<base64>'."""
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(styles: Iterable[str]) -> str:
    """A policy loading nothing (no scripts, images, fonts, frames), allowing only these styles."""
    hashes = " ".join(style_hash(style) for style in styles)
    return f"default-src 'none'; style-src {hashes}; base-uri 'none'; form-action 'none'"


def csp_meta(styles: Iterable[str]) -> str:
    """The <meta> element carrying the policy; it must precede the styles it names."""
    policy = escape(content_security_policy(styles))
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
