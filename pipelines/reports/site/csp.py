"""Every page's Content-Security-Policy: nothing allowed but its own inline style and script."""

from __future__ import annotations

import base64
import hashlib


def source_hash(text: str) -> str:
    """The CSP source expression for an inline element's exact text: 'sha256-<base64>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str | None = None) -> str:
    """default-src 'none', with the hashes of the page's inline style and (if any) script."""
    parts = ["default-src 'none'", f"style-src {source_hash(style)}"]
    if script is not None:
        parts.append(f"script-src {source_hash(script)}")
    parts += ["base-uri 'none'", "form-action 'none'"]
    return "; ".join(parts)
