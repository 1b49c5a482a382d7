"""HTML to plain text that keeps block structure (one line per paragraph, heading or list item)."""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
CELL_TAGS = frozenset({"td", "th"})
DROP_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
ESCAPED_TAG = re.compile(r"&lt;/?(?:p|br|ul|ol|li|div|span|strong|b|h[1-6]|em|table|tr|td)\b", re.I)
REAL_TAG = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
# Tags that break lines, in lower or upper case (re.I makes this scan four times slower)
LINE_NAMES = "|".join(name for tag in sorted(BLOCK_TAGS | {"br"}) for name in (tag, tag.upper()))
LINE_TAG = re.compile(rf"</?(?:{LINE_NAMES})\b[^<>]*>")
SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b\u2002\u2003\u2009]+")
BLANK_LINES = re.compile(r"\n{2,}")


def looks_like_html(text: str) -> bool:
    """Whether `text` holds HTML markup (or HTML escaped once more, as in some job-board APIs)."""
    head = text[:20000]
    return bool(ESCAPED_TAG.search(head)) or len(REAL_TAG.findall(head)) >= 2


def unescape_markup(markup: str) -> str:
    """Undo the extra escaping of descriptions like `&lt;p&gt;...` until real tags appear."""
    for _ in range(3):
        if not ESCAPED_TAG.search(markup[:20000]):
            break
        markup = html.unescape(markup)
    return markup


def html_to_text(markup: str) -> str:
    """Convert an HTML description to text with one line per block; entities unescaped."""
    markup = unescape_markup(markup)
    if not markup.strip():
        return ""
    parser = lxml.html.HTMLParser(huge_tree=False)  # libxml2's depth and size limits stay on
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError):
        return flat_text(markup)
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return flat_text(markup)  # nested too deep: the tree lost what lies below the limit
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    parts: list[str] = []
    _walk(root, parts)
    return normalise_text("".join(parts))


def flat_text(markup: str) -> str:
    """Text of markup that makes no usable tree: tags dropped, block tags breaking lines."""
    return normalise_text(html.unescape(REAL_TAG.sub(" ", LINE_TAG.sub("\n", markup))))


def _walk(element: etree._Element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag == "br" or tag in BLOCK_TAGS:
        parts.append("\n")
    elif tag in CELL_TAGS:
        parts.append(" \t ")
    if element.text and tag not in ("", "comment"):
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
    if tag in BLOCK_TAGS:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)


def normalise_text(text: str) -> str:
    """Collapse runs of spaces inside lines and blank lines between them; strip each line."""
    text = SPACES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = text.replace("\t", " ")
    return BLANK_LINES.sub("\n", text).strip()
