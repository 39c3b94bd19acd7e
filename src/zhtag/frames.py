"""Documents to pandas: the mentions, keywords and documents tables, with fixed columns and dtypes.

Every table has the same columns and dtypes whatever the input, empty or not, so
that Parquet files of different runs concatenate and a user's filters never meet
an ``object`` column by surprise.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

import pandas as pd
import pyarrow as pa

from zhtag.document import LABELS, QUALIFIERS, Document
from zhtag.rows import documents_table, keywords_table, mentions_table

if TYPE_CHECKING:
    from zhtag.tagger import Article, Tables

STRING = pd.StringDtype()
TIME = "datetime64[us]"  # microseconds: holds 1500年 as well as 2025, unlike nanoseconds
_PANDAS_TYPES = {pa.string(): STRING}

MENTION_DTYPES: dict[str, object] = {
    "doc_id": STRING,
    "start": "int64",
    "end": "int64",
    "text": STRING,
    "label": pd.CategoricalDtype(LABELS),
    "norm": STRING,
    "value": "float64",
    "unit": STRING,
    "qualifier": pd.CategoricalDtype(QUALIFIERS),
    "start_time": TIME,
    "end_time": TIME,
    "source": STRING,
}
KEYWORD_DTYPES: dict[str, object] = {
    "doc_id": STRING,
    "keyword": STRING,
    "weight": "float64",
    "rank": "int64",
    "method": STRING,
}
DOCUMENT_DTYPES: dict[str, object] = {
    "doc_id": STRING,
    "title": STRING,
    "date": TIME,
    "n_chars": "int64",
    "n_mentions": "int64",
    "error": STRING,
}
#: Each table's dtypes by its name.
TABLE_DTYPES = {"mentions": MENTION_DTYPES, "keywords": KEYWORD_DTYPES, "documents": DOCUMENT_DTYPES}


def mentions_frame(docs: Iterable[Document]) -> pd.DataFrame:
    """One row per mention, in document then text order."""
    return frame_of(mentions_table(docs), MENTION_DTYPES)


def keywords_frame(docs: Iterable[Document]) -> pd.DataFrame:
    """One row per keyword, in document then rank order."""
    return frame_of(keywords_table(docs), KEYWORD_DTYPES)


def documents_frame(docs: Iterable[Document]) -> pd.DataFrame:
    """One row per input document, tagged or failed (``error`` says why)."""
    return frame_of(documents_table(docs), DOCUMENT_DTYPES)


def frame_of(table: pa.Table, dtypes: dict[str, object]) -> pd.DataFrame:
    """The frame of a table of rows (zhtag.rows): ``dtypes``, and strings for the columns beyond
    them (a batch's documents carry the input's other fields)."""
    frame = table.to_pandas(types_mapper=_PANDAS_TYPES.get)
    return frame.astype({column: dtypes.get(column, STRING) for column in frame.columns})


def to_tables(docs: Iterable[Document]) -> "Tables":
    from zhtag.tagger import Tables

    docs = list(docs)
    return Tables(mentions_frame(docs), keywords_frame(docs), documents_frame(docs))


def articles_from_frame(
    df: pd.DataFrame, *, text: str = "text", id: str = "id", date: str = "date", title: str = "title"
) -> Iterator["Article"]:
    """Articles from a DataFrame's columns; ``id``, ``date`` and ``title`` columns are optional."""
    from zhtag.tagger import Article

    if text not in df.columns:
        raise KeyError(f"no text column {text!r} in the DataFrame; its columns are {list(df.columns)}")
    ids = df[id].astype(str) if id in df.columns else pd.Series(range(len(df)), index=df.index).astype(str)
    dates = df[date] if date in df.columns else pd.Series(None, index=df.index, dtype=object)
    titles = df[title] if title in df.columns else pd.Series(None, index=df.index, dtype=object)
    for doc_text, doc_id, doc_date, doc_title in zip(df[text], ids, dates, titles):
        yield Article(
            text=doc_text if isinstance(doc_text, str) else None,
            id=doc_id,
            title=doc_title if isinstance(doc_title, str) else None,
            date=None if _missing(doc_date) else doc_date,
            error=None if isinstance(doc_text, str) else "no text",
        )


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
