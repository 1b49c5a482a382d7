"""Bounds on what reaches spaCy, so hostile text costs time and memory in proportion to its size.

Two things in spaCy's tokenizer grow faster than the text: a whitespace-free run is one token that
the tokenizer strips suffix by suffix, each suffix search scanning the whole remaining run
(quadratic: 10,000 brackets took 40 s), and its infix scan of a megabyte-long token takes seconds.
So runs longer than MAX_RUN characters, which hold no words (a base64 blob, a bracket flood,
thousands of slash-joined names, a letter under a million combining marks), are cut out of the
text the pipeline reads, each leaving one space; the cut text keeps a map back to the original, so
every offset still points into the text that was given. And the suffix search looks only at a
token's last SUFFIX_TAIL characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise
from typing import Any

from spacy.language import Language

from analyzer.prefilter import Reduced

MAX_RUN = 200
SUFFIX_TAIL = 16
LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def cut_long_runs(reduced: Reduced) -> Reduced:
    """The reduced text with each whitespace-free run over MAX_RUN characters cut to one space."""
    runs = [match.span() for match in LONG_RUN.finditer(reduced.text)]
    if not runs:
        return reduced
    keep = [(0, runs[0][0])]
    keep += [(end, following) for (_, end), (following, _) in pairwise(runs)]
    keep.append((runs[-1][1], len(reduced.text)))
    pieces: list[str] = []
    starts: list[int] = []
    originals: list[int] = []
    position = 0
    for start, end in keep:
        first = bisect_right(reduced.reduced_starts, start)
        last = bisect_right(reduced.reduced_starts, end - 1)
        for point in (start, *reduced.reduced_starts[first:last]):
            starts.append(position + point - start)
            originals.append(reduced.to_original(point))
        pieces.append(reduced.text[start:end])
        position += end - start + 1
    return Reduced(" ".join(pieces), tuple(starts), tuple(originals))


class TailSearch:
    """A suffix search over a token's last characters only (suffixes are short)."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.pattern = regex.pattern  # what spaCy saves with the tokenizer

    def search(self, string: str) -> Any:
        """The suffix match in the string's tail, as the tokenizer's suffix_search returns it."""
        return self.regex.search(string[-SUFFIX_TAIL:])


def bound_suffix_search(nlp: Language) -> None:
    """Make the pipeline's tokenizer search suffixes in a token's tail only."""
    tokenizer: Any = nlp.tokenizer
    search = tokenizer.suffix_search
    if search is not None and not isinstance(getattr(search, "__self__", None), TailSearch):
        tokenizer.suffix_search = TailSearch(re.compile(search.__self__.pattern)).search
