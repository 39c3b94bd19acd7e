"""The three tables: documented columns, stable dtypes, one documents row per input."""
from __future__ import annotations

import pandas as pd
import pytest

from zhtag.frames import DOCUMENT_DTYPES, KEYWORD_DTYPES, MENTION_DTYPES

ARTICLES = pd.DataFrame(
    {
        "id": ["a", "b", "c"],
        "text": ["8月19日，贵州省大数据发展管理局发布数据，全省数据中心机架超过20万架。", "", None],
        "date": ["2025-08-20", "2025-08-20", None],
    }
)


@pytest.fixture(scope="module")
def tables(tagger):
    return tagger.tag_frame(ARTICLES)


def test_columns_and_dtypes(tables):
    for frame, dtypes in zip(tables, (MENTION_DTYPES, KEYWORD_DTYPES, DOCUMENT_DTYPES)):
        assert list(frame.columns) == list(dtypes)
        assert {c: str(frame[c].dtype) for c in frame} == {c: str(pd.Series(dtype=d).dtype) for c, d in dtypes.items()}
    assert tables.mentions["start"].dtype == "int64"
    assert tables.mentions["value"].dtype == "float64"
    assert tables.mentions["start_time"].dtype == "datetime64[us]"


def test_every_input_document_has_a_row(tables):
    documents = tables.documents.set_index("doc_id")
    assert list(documents.index) == ["a", "b", "c"]
    assert pd.isna(documents.loc["a", "error"])
    assert documents.loc["b", "error"] == "empty text"
    assert documents.loc["c", "error"] == "no text"
    assert documents.loc["a", "n_mentions"] == (tables.mentions["doc_id"] == "a").sum() > 0


def test_dates_resolve_against_the_date_column(tables):
    dates = tables.mentions[tables.mentions["label"] == "DATE"]
    first = dates.iloc[0]
    assert first["text"] == "8月19日"
    assert first["norm"] == "2025-08-19"
    assert first["start_time"] == pd.Timestamp("2025-08-19")
    assert first["end_time"] == pd.Timestamp("2025-08-20")


def test_empty_input_gives_empty_tables_with_the_same_schema(tagger):
    tables = tagger.tag_frame(pd.DataFrame({"text": pd.Series([], dtype=str)}))
    assert tables.mentions.empty and list(tables.mentions.columns) == list(MENTION_DTYPES)
    assert tables.mentions["value"].dtype == "float64"


def test_missing_text_column_is_named(tagger):
    with pytest.raises(KeyError, match="no text column 'body'"):
        tagger.tag_frame(ARTICLES, text="body")


def test_parquet_round_trip_keeps_dtypes(tables, tmp_path):
    from zhtag.io.writers import write_tables

    paths = write_tables(tables, tmp_path, "parquet")
    mentions = pd.read_parquet(paths[0])
    pd.testing.assert_frame_equal(mentions, tables.mentions)
