"""The objects a tagger hands back: Document, Token, Mention, Keyword.

Offsets are Python ``str`` indices into the original text, end exclusive, so
``doc.text[m.start:m.end] == m.text`` always holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterator

#: Every label a mention can carry, in display order.
ENTITY_LABELS = ("PER", "ORG", "LOC")
TIME_LABELS = ("DATE", "TIME")
FIGURE_LABELS = ("PERCENT", "MONEY", "QUANTITY", "NUMBER", "ORDINAL")
LABELS = ENTITY_LABELS + TIME_LABELS + FIGURE_LABELS

#: How exact a figure is: ``=`` exact, ``>`` more than, ``<`` less than, ``~`` about,
#: ``≥`` at least (不少于), ``≤`` at most (不超过).
QUALIFIERS = ("=", ">", "<", "~", "≥", "≤")


@dataclass(slots=True)
class Token:
    """One segmented word with its jieba part-of-speech tag.

    ``label`` is the dictionary label (ORG, LOC, PER, TERM) when the token is a
    dictionary entry, so later stages know it is one name, not a guess.
    """

    text: str
    start: int
    end: int
    pos: str
    label: str | None = None


@dataclass(slots=True)
class Mention:
    """A labelled span of the text, with its resolved meaning.

    ``norm`` is the canonical name of an entity, an ISO 8601 date, interval
    (``2025-01/2025-06``) or duration (``P3Y``) for DATE/TIME, and a readable
    figure (``37.5%``) for figures. ``start_time``/``end_time`` are the resolved
    interval of a DATE or TIME (start inclusive, end exclusive). ``source`` names
    the recogniser that found the span.
    """

    start: int
    end: int
    text: str
    label: str
    norm: str | None = None
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    source: str = ""

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class Keyword:
    """A keyword of one document; ``rank`` starts at 1 within its method."""

    keyword: str
    weight: float
    rank: int
    method: str


@dataclass(slots=True)
class Document:
    """A tagged article: its text, tokens, mentions and keywords.

    ``date`` is the publish date that relative dates resolve against; ``error``
    is set (and the rest left empty) when the document could not be tagged.
    """

    text: str
    id: str | None = None
    title: str | None = None
    date: datetime | None = None
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    error: str | None = None

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.mentions)

    def __len__(self) -> int:
        return len(self.text)

    def mentions_of(self, *labels: str) -> list[Mention]:
        """The mentions with any of ``labels``, in text order."""
        return [m for m in self.mentions if m.label in labels]

    def _repr_html_(self) -> str:
        from zhtag.display import document_html

        return document_html(self)
