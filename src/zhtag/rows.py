"""Documents to Arrow tables: the rows of the mentions, keywords and documents tables.

A batch worker hands its rows back in these tables and the run's own process makes the
pandas frames of them (:mod:`zhtag.frames`, which also builds its frames from here), so a
worker process never imports pandas: 50 MB of every spawned worker's memory. The columns
and their order are those of the frames; a label or qualifier is still a plain string here.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Callable, Iterable, Sequence

import pyarrow as pa

from zhtag.document import Document

MENTION_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("norm", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("qualifier", pa.string()),
        ("start_time", pa.timestamp("us")),
        ("end_time", pa.timestamp("us")),
        ("source", pa.string()),
    ]
)
KEYWORD_SCHEMA = pa.schema(
    [("doc_id", pa.string()), ("keyword", pa.string()), ("weight", pa.float64()), ("rank", pa.int64()), ("method", pa.string())]
)
DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("title", pa.string()),
        ("date", pa.timestamp("us")),
        ("n_chars", pa.int64()),
        ("n_mentions", pa.int64()),
        ("error", pa.string()),
    ]
)


def mentions_table(docs: Iterable[Document]) -> pa.Table:
    """One row per mention, in document then text order."""
    rows = [
        (doc.id, m.start, m.end, m.text, m.label, m.norm, m.value, m.unit, m.qualifier, m.start_time, m.end_time, m.source)
        for doc in docs
        for m in doc.mentions
    ]
    return table_of(rows, MENTION_SCHEMA)


def keywords_table(docs: Iterable[Document]) -> pa.Table:
    """One row per keyword, in document then rank order."""
    return table_of([(doc.id, k.keyword, k.weight, k.rank, k.method) for doc in docs for k in doc.keywords], KEYWORD_SCHEMA)


def documents_table(docs: Iterable[Document]) -> pa.Table:
    """One row per input document, tagged or failed (``error`` says why)."""
    rows = [(doc.id, doc.title, doc.date, len(doc.text), len(doc.mentions), doc.error) for doc in docs]
    return table_of(rows, DOCUMENT_SCHEMA)


def table_of(rows: Sequence[tuple], schema: pa.Schema) -> pa.Table:
    """The table of ``rows`` (tuples in the schema's column order)."""
    columns = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([column_of(values, field.type) for values, field in zip(columns, schema)], schema=schema)


def column_of(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """``values`` as an Arrow column, taken as pandas' ``astype`` would take them.

    Arrow refuses what pandas converts: an id given as a number, a date without a time, a
    figure beyond int64 (一万亿亿 is 10**20, an int). Only a column Arrow refuses is
    converted value by value; a value nothing converts raises, and its document fails.
    """
    if pa.types.is_floating(kind):  # figures may be Python ints of any size
        return pa.array([None if value is None else float(value) for value in values], type=kind)
    try:
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        convert = _CONVERSIONS.get(kind.id)
        if convert is None:
            raise
        return pa.array([None if value is None else convert(value) for value in values], type=kind)


def _timestamp(value: Any) -> datetime:
    return value if isinstance(value, datetime) or not isinstance(value, date) else datetime.combine(value, time())


_CONVERSIONS: dict[int, Callable[[Any], Any]] = {
    pa.string().id: str,
    pa.int64().id: int,
    pa.timestamp("us").id: _timestamp,
}
