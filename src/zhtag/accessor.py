"""``df.zhtag``: tag a DataFrame of articles, and answer the first questions about its mentions.

Registered on ``import zhtag``::

    mentions = articles.zhtag.tag(text="text")          # the mentions frame
    tables = articles.zhtag.tables(text="text")         # mentions, keywords, documents
    mentions.zhtag.top(5)                               # top entities per label
    mentions.zhtag.cooccurrence()                       # entity pairs sharing documents
    mentions.zhtag.timeline("M")                        # dated mentions per month
    mentions.zhtag.figures()                            # figures with their units
    mentions.zhtag.show(text, doc_id="a1")              # one document highlighted
"""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Sequence

import pandas as pd

from zhtag.document import ENTITY_LABELS, FIGURE_LABELS, LABELS, TIME_LABELS

if TYPE_CHECKING:
    from zhtag.display import HighlightedText
    from zhtag.tagger import Tables, Tagger

#: Columns of :meth:`ZhtagAccessor.top`.
TOP_COLUMNS = ("label", "entity", "mentions", "documents", "rank")
#: Columns of :meth:`ZhtagAccessor.cooccurrence`.
COOCCURRENCE_COLUMNS = ("entity_a", "label_a", "entity_b", "label_b", "documents")
#: Columns of :meth:`ZhtagAccessor.timeline`.
TIMELINE_COLUMNS = ("period", "label", "mentions", "documents")
#: Columns of :meth:`ZhtagAccessor.figures`.
FIGURE_COLUMNS = ("doc_id", "start", "end", "text", "label", "value", "unit", "qualifier", "figure", "norm")

#: The dtypes of the accessor's columns, named rather than made here: the accessor is registered
#: while pandas itself is importing (zhtag/__init__), and making a pandas dtype then calls into
#: pyarrow, whose pandas import may be the one in progress (it would wait on itself for ever).
STRING = "string"


@cache
def _label_dtype() -> pd.CategoricalDtype:
    return pd.CategoricalDtype(LABELS)


@cache
def default_tagger() -> "Tagger":
    """One bundled Tagger shared by every accessor call (building one loads all dictionaries)."""
    from zhtag.tagger import Tagger

    return Tagger()


@pd.api.extensions.register_dataframe_accessor("zhtag")
class ZhtagAccessor:
    """zhtag on a DataFrame: ``tag``/``tables`` on articles; the rest on a mentions frame."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    # --- on a frame of articles -------------------------------------------------------------

    def tables(
        self, text: str = "text", id: str = "id", date: str = "date", title: str = "title", *, tagger: "Tagger | None" = None
    ) -> "Tables":
        """Tag the ``text`` column: the mentions, keywords and documents tables.

        ``id``, ``date`` and ``title`` columns are used when present; ``tagger``
        defaults to one shared bundled Tagger (pass ``Tagger([...])`` for your dictionaries).
        """
        return (tagger or default_tagger()).tag_frame(self._frame, text=text, id=id, date=date, title=title)

    def tag(
        self, text: str = "text", id: str = "id", date: str = "date", title: str = "title", *, tagger: "Tagger | None" = None
    ) -> pd.DataFrame:
        """Tag the ``text`` column and return the mentions frame (``tables`` gives all three)."""
        return self.tables(text, id, date, title, tagger=tagger).mentions

    # --- on a mentions frame ----------------------------------------------------------------

    def top(self, n: int = 10, labels: Sequence[str] = ENTITY_LABELS) -> pd.DataFrame:
        """The ``n`` most mentioned entities of each label (by canonical name), with how many documents name them."""
        mentions = self._mentions("doc_id", "text", "label", "norm")
        mentions = mentions[mentions["label"].isin(labels)]
        counted = (
            mentions.assign(entity=_entity(mentions))
            .groupby(["label", "entity"], observed=True)
            .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
            .reset_index()
            .sort_values(["label", "mentions", "documents", "entity"], ascending=[True, False, False, True])
        )
        counted["rank"] = counted.groupby("label", observed=True).cumcount() + 1
        top = counted[counted["rank"] <= n]
        return _typed(top, {"label": _label_dtype(), "entity": STRING, "mentions": "int64", "documents": "int64", "rank": "int64"})

    def cooccurrence(self, labels: Sequence[str] = ENTITY_LABELS, min_documents: int = 1) -> pd.DataFrame:
        """Pairs of entities named in the same documents, most shared first (each pair once)."""
        mentions = self._mentions("doc_id", "text", "label", "norm")
        mentions = mentions[mentions["label"].isin(labels)]
        entities = (
            pd.DataFrame({"doc_id": mentions["doc_id"], "label": mentions["label"].astype(str), "entity": _entity(mentions)})
            .drop_duplicates()
            .reset_index(drop=True)
        )
        pairs = entities.merge(entities, on="doc_id", suffixes=("_a", "_b"))
        first = (pairs["label_a"] < pairs["label_b"]) | ((pairs["label_a"] == pairs["label_b"]) & (pairs["entity_a"] < pairs["entity_b"]))
        counted = (
            pairs[first]
            .groupby(["entity_a", "label_a", "entity_b", "label_b"])
            .agg(documents=("doc_id", "nunique"))
            .reset_index()
        )
        counted = counted[counted["documents"] >= min_documents].sort_values(
            ["documents", "entity_a", "entity_b"], ascending=[False, True, True]
        )
        return _typed(
            counted,
            {"entity_a": STRING, "label_a": _label_dtype(), "entity_b": STRING, "label_b": _label_dtype(), "documents": "int64"},
        )

    def timeline(self, freq: str = "M", labels: Sequence[str] = TIME_LABELS) -> pd.DataFrame:
        """Dated mentions counted per period of their resolved ``start_time`` (``freq``: Y, Q, M, W, D)."""
        mentions = self._mentions("doc_id", "label", "start_time")
        dated = mentions[mentions["label"].isin(labels) & mentions["start_time"].notna()]
        period = dated["start_time"].dt.to_period(freq).dt.start_time
        counted = (
            dated.assign(period=period)
            .groupby(["period", "label"], observed=True)
            .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
            .reset_index()
            .sort_values(["period", "label"])
        )
        return _typed(counted, {"period": "datetime64[us]", "label": _label_dtype(), "mentions": "int64", "documents": "int64"})

    def figures(self) -> pd.DataFrame:
        """The figures (percentages, money, quantities, numbers, ordinals) with value, unit and a readable ``figure``."""
        from zhtag.display import figure_text

        mentions = self._mentions("doc_id", "start", "end", "text", "label", "norm", "value", "unit", "qualifier")
        figures = mentions[mentions["label"].isin(FIGURE_LABELS)].copy()
        figures["figure"] = [
            figure_text(value, unit, qualifier)
            for value, unit, qualifier in zip(figures["value"], figures["unit"], figures["qualifier"])
        ]
        figures["figure"] = figures["figure"].astype(STRING)
        return figures[list(FIGURE_COLUMNS)].reset_index(drop=True)

    def show(self, text: str, doc_id: str | None = None, title: str | None = None) -> "HighlightedText":
        """One document of this mentions frame highlighted in its ``text`` (``doc_id`` when there are several)."""
        from zhtag.display import show

        return show(self._frame, text, doc_id=doc_id, title=title)

    def _mentions(self, *columns: str) -> pd.DataFrame:
        return require_columns(self._frame, *columns)


def require_columns(mentions: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``mentions`` itself when it has ``columns``; KeyError naming the missing ones and the fix."""
    missing = [column for column in columns if column not in mentions.columns]
    if missing:
        raise KeyError(f"not a mentions frame: no column(s) {missing}; make one with df.zhtag.tag(text=...) or Tagger.tag_frame")
    return mentions


def _entity(mentions: pd.DataFrame) -> pd.Series:
    """The canonical name of each mention, its text when it has none."""
    return mentions["norm"].fillna(mentions["text"]).astype(STRING)


def _typed(frame: pd.DataFrame, dtypes: dict[str, object]) -> pd.DataFrame:
    return frame[list(dtypes)].astype(dtypes).reset_index(drop=True)
