"""Recognisers: each finds one kind of candidate mention; ``resolve.py`` settles their overlaps."""
from __future__ import annotations

from typing import Protocol

from zhtag.document import Document, Mention


class Recognizer(Protocol):
    """A pipeline component: reads a segmented Document, proposes candidate mentions."""

    source: str

    def find(self, doc: Document) -> list[Mention]: ...
