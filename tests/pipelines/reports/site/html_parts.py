"""A page's parts as a browser's parser sees them: CSP, inline style and script, links, headings."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Parts:
    """What one page holds."""

    csp: str = ""
    styles: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    attributes: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts = Parts()
        self._raw: str | None = None
        self._buffer: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.parts.tags.add(tag)
        self.parts.attributes |= set(values)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.parts.csp = values.get("content") or ""
        if tag == "a" and values.get("href") is not None:
            self.parts.hrefs.append(values["href"] or "")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.headings.append(int(tag[1]))
        if tag in ("style", "script"):
            self._raw, self._buffer = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            target = self.parts.styles if tag == "style" else self.parts.scripts
            target.append("".join(self._buffer))
            self._raw = None

    def handle_data(self, data: str) -> None:
        (self._buffer if self._raw else self._text).append(data)


def parse(page: str) -> Parts:
    """Parse one page into its Parts."""
    collector = _Collector()
    collector.feed(page)
    collector.close()
    collector.parts.text = "".join(collector._text)
    return collector.parts
