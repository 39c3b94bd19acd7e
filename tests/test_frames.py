"""The three tables: documented columns, stable dtypes, one documents row per input."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from zhtag.frames import DOCUMENT_DTYPES, KEYWORD_DTYPES, MENTION_DTYPES, frame_of
from zhtag.rows import DOCUMENT_SCHEMA, column_of, table_of
from zhtag.tagger import to_datetime

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


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-08-20", datetime(2025, 8, 20)),
        (" 2025-08-20 08:46:33 ", datetime(2025, 8, 20, 8, 46, 33)),
        ("2025-08-20T08:46:33+08:00", datetime(2025, 8, 20, 8, 46, 33)),  # the wall time as written
        ("2025/08/20", datetime(2025, 8, 20)),
        (date(2025, 8, 20), datetime(2025, 8, 20)),
        (pd.Timestamp("2025-08-20 10:00", tz="Asia/Shanghai"), datetime(2025, 8, 20, 10)),
        (np.datetime64("2025-08-20"), datetime(2025, 8, 20)),
        (pd.NaT, None),
        (float("nan"), None),
        (pd.NA, None),
        ("", None),
    ],
)
def test_publish_dates_of_every_kind_are_read(value, expected):
    assert to_datetime(value) == expected


def test_an_unreadable_publish_date_is_refused_by_value():
    with pytest.raises(ValueError, match="unreadable publish date '八月二十'"):
        to_datetime("八月二十")


def test_import_zhtag_leaves_pandas_out_until_it_is_imported_then_registers_the_accessor():
    program = (
        "import sys, zhtag\n"
        "assert 'pandas' not in sys.modules, 'import zhtag imported pandas'\n"
        "import pandas as pd\n"
        "frame = pd.DataFrame({'text': ['贵阳今天发布了新政策。']})\n"
        "print(type(frame.zhtag).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ZhtagAccessor"


def test_a_batch_worker_tags_a_task_without_importing_pandas():
    program = (
        "import sys\n"
        "from zhtag.io.readers import Record\n"
        "from zhtag.worker import Task, WorkerSpec, run_task, start_worker\n"
        "start_worker()\n"
        "record = Record(text='8月19日，贵阳市发布新政策。', id='a', date='2025-08-20')\n"
        "result = run_task(WorkerSpec(), Task('tag', 0, 1, (0,), [record]))\n"
        "assert 'pandas' not in sys.modules, 'a worker imported pandas'\n"
        "mentions = result.tables['mentions'].to_pandas()  # pandas still comes when asked for\n"
        "import pandas as pd\n"
        "print(mentions['text'][0], mentions['norm'][0], type(pd.DataFrame().zhtag).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["8月19日", "2025-08-19", "ZhtagAccessor"]


def test_pyarrow_importing_pandas_after_import_zhtag_registers_the_accessor_and_returns():
    # pyarrow imports pandas on its first array; the accessor registered then must not wait on it
    program = (
        "import zhtag, pyarrow as pa, sys\n"
        "pa.array(['贵阳'])\n"
        "print(type(sys.modules['pandas'].DataFrame().zhtag).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ZhtagAccessor"


def test_rows_take_what_pandas_would_take_an_int_id_a_date_and_a_figure_beyond_int64():
    rows = [(5, "贵安新区", date(2025, 8, 20), 41, 3, None)]
    table = table_of(rows, DOCUMENT_SCHEMA)
    assert table.column("doc_id").to_pylist() == ["5"]
    assert table.column("date").to_pylist() == [datetime(2025, 8, 20)]
    assert column_of([10**20, None, 3], pa.float64()).to_pylist() == [1e20, None, 3.0]
    frame = frame_of(table, DOCUMENT_DTYPES)
    assert {c: str(frame[c].dtype) for c in frame} == {c: str(pd.Series(dtype=d).dtype) for c, d in DOCUMENT_DTYPES.items()}


def test_a_value_nothing_converts_is_refused():
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError)):
        column_of(["not a count"], pa.int64())


def test_columns_beyond_the_dtypes_come_out_as_strings():
    table = pa.table({"doc_id": ["a"], "source": ["wire"]})
    frame = frame_of(table, {"doc_id": pd.StringDtype()})
    assert list(frame.columns) == ["doc_id", "source"]
    assert str(frame["source"].dtype) == "string"
