"""The objects a tagger hands back: Document, Token, Mention, Keyword.

Offsets are Python ``str`` indices into the original text, end exclusive, so
``doc.text[m.start:m.end] == m.text`` always holds.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from typing import Iterator, overload

#: Every label a mention can carry, in display order.
ENTITY_LABELS = ("PER", "ORG", "LOC")
TIME_LABELS = ("DATE", "TIME")
FIGURE_LABELS = ("PERCENT", "MONEY", "QUANTITY", "NUMBER", "ORDINAL")
LABELS = ENTITY_LABELS + TIME_LABELS + FIGURE_LABELS

#: How exact a figure is: ``=`` exact, ``>`` more than, ``<`` less than, ``~`` about,
#: ``≥`` at least (不少于), ``≤`` at most (不超过).
QUALIFIERS = ("=", ">", "<", "~", "≥", "≤")


@dataclass(frozen=True, slots=True)
class Token:
    """One segmented word with its jieba part-of-speech tag.

    ``label`` is the dictionary label (ORG, LOC, PER, TERM) when the token is a
    dictionary entry, so later stages know it is one name, not a guess. A token is
    made when it is read from :class:`Tokens` (a document keeps its tokens as columns),
    so it cannot be changed.
    """

    text: str
    start: int
    end: int
    pos: str
    label: str | None = None


class Tokens(Sequence[Token]):
    """A document's tokens, kept as columns: the words' texts, starts, ends, POS and labels.

    2,000 news articles make 1.4 million tokens, and every stage of the pipeline reads one
    or two fields of all of them; a column is read in one C-level pass, where objects
    cost one Python object a word to make and an attribute lookup a field to read. A
    :class:`Token` is made only when one is asked for, by index or by iteration. A
    slice is a :class:`Tokens` of its own.
    """

    __slots__ = ("texts", "starts", "ends", "poses", "labels")

    def __init__(
        self,
        texts: list[str] | None = None,
        starts: list[int] | None = None,
        ends: list[int] | None = None,
        poses: list[str] | None = None,
        labels: list[str | None] | None = None,
    ) -> None:
        self.texts: list[str] = [] if texts is None else texts
        self.starts: list[int] = [] if starts is None else starts
        self.ends: list[int] = [] if ends is None else ends
        self.poses: list[str] = [] if poses is None else poses
        self.labels: list[str | None] = [None] * len(self.texts) if labels is None else labels
        if not len(self.texts) == len(self.starts) == len(self.ends) == len(self.poses) == len(self.labels):
            raise ValueError("Tokens: the columns (texts, starts, ends, poses, labels) differ in length")

    @classmethod
    def of(cls, tokens: Iterable[Token]) -> Tokens:
        """``tokens`` as columns (a :class:`Tokens` is returned as it is)."""
        if isinstance(tokens, Tokens):
            return tokens
        made = cls()
        made.extend(tokens)
        return made

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> Tokens: ...

    def __getitem__(self, index: int | slice) -> Token | Tokens:
        if isinstance(index, slice):
            return Tokens(self.texts[index], self.starts[index], self.ends[index], self.poses[index], self.labels[index])
        return Token(self.texts[index], self.starts[index], self.ends[index], self.poses[index], self.labels[index])

    def __iter__(self) -> Iterator[Token]:
        return map(Token, self.texts, self.starts, self.ends, self.poses, self.labels)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tokens):
            return all(getattr(self, column) == getattr(other, column) for column in self.__slots__)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"Tokens({list(self)!r})"

    def __getstate__(self) -> tuple[list, ...]:
        return tuple(getattr(self, column) for column in self.__slots__)

    def __setstate__(self, state: tuple[list, ...]) -> None:
        for column, values in zip(self.__slots__, state):
            setattr(self, column, values)

    def append(self, token: Token) -> None:
        self.add(token.text, token.start, token.end, token.pos, token.label)

    def add(self, text: str, start: int, end: int, pos: str, label: str | None = None) -> None:
        """Append one token given by its fields (no Token made)."""
        self.texts.append(text)
        self.starts.append(start)
        self.ends.append(end)
        self.poses.append(pos)
        self.labels.append(label)

    def extend(self, tokens: Iterable[Token]) -> None:
        if isinstance(tokens, Tokens):
            self.extend_columns(tokens.texts, tokens.starts, tokens.ends, tokens.poses, tokens.labels)
        else:
            for token in tokens:
                self.append(token)

    def extend_columns(
        self,
        texts: Iterable[str],
        starts: Iterable[int],
        ends: Iterable[int],
        poses: Iterable[str],
        labels: Iterable[str | None] | None = None,
    ) -> None:
        """Append the tokens given column by column (``labels`` None: no dictionary label)."""
        before = len(self.texts)
        self.texts.extend(texts)
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.poses.extend(poses)
        self.labels.extend(repeat(None, len(self.texts) - before) if labels is None else labels)

    def shifted(self, offset: int) -> Tokens:
        """The same tokens ``offset`` characters later (a part's tokens in the whole text)."""
        return Tokens(
            self.texts.copy(), [start + offset for start in self.starts], [end + offset for end in self.ends],
            self.poses.copy(), self.labels.copy(),
        )


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
    tokens: Tokens = field(default_factory=Tokens)
    mentions: list[Mention] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    error: str | None = None

    def __post_init__(self) -> None:
        self.tokens = Tokens.of(self.tokens)  # a list of Token given by hand

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
