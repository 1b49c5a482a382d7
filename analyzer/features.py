"""Features of a credential proposal for the trained decision layer: words around it, its section,
casing, the cues the rules saw, and whether the posting named the same credential just before."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Span

WINDOW = 3  # positional words each side
BAG_LEFT = 10  # further words to the left, as a bag
BAG_RIGHT = 8
BULLETS = frozenset("-•·*▪●◦>")


def proposal_features(doc: Doc, proposals: Sequence[Span]) -> list[list[str]]:
    """One list of feature strings per proposal, in order."""
    lines: list[tuple[int, int, str, str, bool]] = doc._.sections or []
    starts = [line[0] for line in lines]
    text: str = doc._.source_text or doc.text
    # credential id (or text), and credential type -> the lines and blocks of earlier proposals
    seen: dict[str, tuple[set[int], set[int]]] = {}
    line_shapes: dict[int, tuple[str, ...]] = {}  # line start -> its own features, read once
    blocks = _block_numbers(lines)
    features: list[list[str]] = []
    for span in proposals:
        line_index = max(bisect_right(starts, span.start_char) - 1, 0)
        line = lines[line_index] if lines else (0, len(text), "summary", "unspecified", False)
        found = _span_features(doc, span, line, text, line_shapes)
        key = span.id_ or span.text.lower()
        block = blocks[line_index] if blocks else 0
        found += _repeat_features(seen.get(key), line_index, block, len(features) == 0)
        same_type = _repeat_features(seen.get(span.label_), line_index, block, False)
        found += [f"TYPE_{name}" for name in same_type]
        for name in {key, span.label_}:
            earlier_lines, earlier_blocks = seen.setdefault(name, (set(), set()))
            earlier_lines.add(line_index)
            earlier_blocks.add(block)
        features.append(found)
    return features


def _span_features(
    doc: Doc,
    span: Span,
    line: tuple[int, int, str, str, bool],
    text: str,
    line_shapes: dict[int, tuple[str, ...]],
) -> list[str]:
    assessment = span._.assessment
    label, reason = span.label_, (assessment.reason if assessment else None) or "keep"
    # the heading's strength, or the lead-in's ("You will also have:") as the rules read it
    section = line[2]
    section_strength = assessment.section_strength if assessment else line[3]
    nearest = (assessment.nearest if assessment else None) or "none"
    found = [
        "BIAS",
        f"Y:{label}",
        f"ID:{span.id_}",
        f"LV:{span._.level}",
        f"T:{span.text.lower()}",
        f"SHAPE:{_shape(span)}",
        f"RR:{reason}",
        f"RS:{span._.strength}",
        f"RX:{span._.experience_substitute}",
        f"SEC:{section}",
        f"SS:{section_strength}",
        f"N:{nearest}",
        f"Y|RR:{label}|{reason}",
        f"Y|SS:{label}|{section_strength}",
        f"Y|N:{label}|{nearest}",
        f"RR|SS:{reason}|{section_strength}",
        f"ID|SS:{span.id_}|{section_strength}",
        f"Y|SEC:{label}|{section}",
        f"Y|RS:{label}|{span._.strength}",
        f"LEN:{_bucket(len(span), (1, 2, 3, 5, 8))}",
    ]
    found += [f"TT:{token.lower_}" for token in span]
    if assessment:
        found += [f"C:{category}" for category in sorted(assessment.categories)]
        found += [f"Y|C:{label}|{category}" for category in sorted(assessment.categories)]
    found += _context_features(doc, span, line)
    if line[0] not in line_shapes:
        line_shapes[line[0]] = _line_shape(text[line[0] : line[1]].strip())
    found += _line_features(text, line, span, line_shapes[line[0]])
    return found


def _context_features(doc: Doc, span: Span, line: tuple[int, int, str, str, bool]) -> list[str]:
    """Words before and after the span on its own line: the nearest by position, then as a bag."""
    left = [t for t in doc[max(span.start - WINDOW - BAG_LEFT, 0) : span.start] if t.idx >= line[0]]
    right = [t for t in doc[span.end : span.end + WINDOW + BAG_RIGHT] if t.idx < line[1]]
    found = []
    for offset, token in enumerate(reversed(left)):
        word = token.lower_
        found.append(f"L{offset + 1}:{word}" if offset < WINDOW else f"LB:{word}")
    for offset, token in enumerate(right):
        word = token.lower_
        found.append(f"R{offset + 1}:{word}" if offset < WINDOW else f"RB:{word}")
    if not left:
        found.append("LINE_START")
    if not right:
        found.append("LINE_END")
    if left:
        found.append(f"L1|Y:{left[-1].lower_}|{span.label_}")
    return found


def _line_features(
    text: str, line: tuple[int, int, str, str, bool], span: Span, shape: tuple[str, ...]
) -> list[str]:
    found = list(shape)
    if line[4]:
        found.append("HEADING_LINE")
    bracket = text.rfind("(", line[0], span.start_char) > text.rfind(")", line[0], span.start_char)
    if bracket:
        found.append("IN_BRACKET")
    return found


def _line_shape(content: str) -> tuple[str, ...]:
    """The features of a line's own text, worked out once per line, not once per proposal on it
    (a line of ten thousand proposals would otherwise be read ten thousand times)."""
    found = [f"LW:{_bucket(len(content.split()), (1, 3, 6, 12, 25, 50))}"]
    if content[:1] in BULLETS or (content[:1].isdigit() and content[1:3].strip()[:1] in (".", ")")):
        found.append("BULLET")
    letters = [c for c in content if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        found.append("LINE_CAPS")
    if content.endswith(":"):
        found.append("LINE_COLON")
    return tuple(found)


def _repeat_features(
    earlier: tuple[set[int], set[int]] | None, line_index: int, block: int, first: bool
) -> list[str]:
    """Whether the same credential was proposed before: on this line, in this block, anywhere."""
    found = []
    lines, blocks = earlier or (set(), set())
    if line_index in lines:
        found.append("DUP_LINE")
    if block in blocks:
        found.append("DUP_BLOCK")
    if lines:
        found.append("DUP_ANY")
    else:
        found.append("FIRST_OF_KIND")
    if first:
        found.append("FIRST_PROPOSAL")
    return found


def _block_numbers(lines: Sequence[tuple[int, int, str, str, bool]]) -> list[int]:
    """A block number per line: a new block starts at each heading line."""
    numbers, current = [], 0
    for line in lines:
        if line[4]:
            current += 1
        numbers.append(current)
    return numbers


def _shape(span: Span) -> str:
    shapes = []
    for token in span[:4]:
        if token.is_upper:
            shapes.append("X")
        elif token.is_title:
            shapes.append("Xx")
        elif token.is_lower:
            shapes.append("x")
        else:
            shapes.append("o")
    return "".join(shapes)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"
