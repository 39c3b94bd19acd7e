"""Readers and writers: folders and globs, every input format, every encoding, broken records kept."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from zhtag.io import readers
from zhtag.io.encoding import detect_file_encoding
from zhtag.io.readers import Columns, input_files, read_articles, read_file
from zhtag.io.writers import join_csv, part_path, write_part

TEXT = "贵州日报讯 今年1至7月，贵阳市新增数字经济企业300多家。"


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def test_folders_are_searched_recursively_with_globs(tmp_path):
    (tmp_path / "2024" / "drafts").mkdir(parents=True)
    for name in ("a.txt", "2024/b.jsonl", "2024/drafts/c.txt", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    found = lambda **globs: [p.relative_to(tmp_path).as_posix() for p in input_files([tmp_path], **globs)]  # noqa: E731
    assert found() == ["2024/b.jsonl", "2024/drafts/c.txt", "a.txt"]
    assert found(include=["*.txt"]) == ["2024/drafts/c.txt", "a.txt"]
    assert found(exclude=["*/drafts/*"]) == ["2024/b.jsonl", "a.txt"]


def test_a_missing_path_fails_before_anything_is_read(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.txt: no such file or folder"):
        input_files([tmp_path / "nope.txt"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_every_format_reads_every_encoding(tmp_path, encoding):
    (tmp_path / "a.txt").write_bytes(f"标题\n{TEXT}".encode(encoding))
    (tmp_path / "b.jsonl").write_bytes(jsonl({"id": "b1", "text": TEXT}, {"id": "b2", "text": "第二篇"}).encode(encoding))
    (tmp_path / "c.csv").write_bytes(f"id,text\nc1,{TEXT}\n".encode(encoding))
    records = list(read_articles([tmp_path]))
    assert [(r.id, r.error) for r in records] == [
        (str(tmp_path / "a.txt"), None), ("b1", None), ("b2", None), ("c1", None)
    ]
    assert records[0].title == "标题" and records[0].text.endswith(TEXT)
    assert records[1].text == TEXT and records[3].text == TEXT


def test_a_gbk_body_after_an_ascii_head_is_still_gbk(tmp_path):
    path = tmp_path / "mixed.jsonl"
    head = jsonl(*({"id": str(n), "text": "ascii only"} for n in range(3000)))
    path.write_bytes(head.encode("ascii") + jsonl({"id": "gbk", "text": TEXT}).encode("gbk"))
    assert detect_file_encoding(path) == "gb18030"
    assert list(read_file(path))[-1].text == TEXT


def test_broken_jsonl_lines_are_kept_with_file_and_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl({"text": TEXT}) + "\n[1, 2]\n" + '{"text": "被截断的', encoding="utf-8")
    records = list(read_file(path))
    assert [r.id for r in records] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    assert records[0].error is None
    assert records[1].error == f"{path}:3: expected a JSON object per line"
    assert records[2].error.startswith(f"{path}:4: invalid JSON")


def test_jsonl_gz_is_streamed(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl({"id": "g", "text": TEXT, "source": "web"}).encode("utf-8")))
    [record] = read_file(path)
    assert (record.id, record.text, record.extra) == ("g", TEXT, {"source": "web"})


def test_a_cut_off_gzip_reports_where_it_stopped(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(jsonl(*({"text": f"{TEXT}{n}"} for n in range(200))).encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    records = list(read_file(path))
    assert all(r.error is None for r in records[:-1])
    assert records[-1].error.startswith(f"{path}:") and "the rest of the file is unreadable" in records[-1].error


def test_csv_without_the_text_column_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("id,body\n1,没有正文列\n", encoding="utf-8")
    [record] = read_file(path)
    assert record.error == f"{path}: no text column 'text' (columns: id, body); name the text column with --text-column"


def test_empty_and_binary_files_are_errors_not_crashes(tmp_path):
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "image.jsonl").write_bytes(bytes(range(256)) * 8)
    errors = {Path(r.id).name: r.error for r in read_articles([tmp_path])}
    assert "empty file" in errors["empty.csv"]
    assert "binary file" in errors["image.jsonl"]


def test_table_columns_are_chosen_and_the_rest_carried_through(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("key\tbody\theadline\tday\tauthor\nk1\t正文\t标题\t2025-08-20\t张三\n", encoding="utf-8")
    [record] = read_file(path, Columns(text="body", id="key", title="headline", date="day"))
    assert (record.id, record.text, record.title, record.date) == ("k1", "正文", "标题", "2025-08-20")
    assert record.extra == {"author": "张三"}
    assert record.source == f"{path}: row 1"


def test_parquet_files_and_partitioned_datasets_are_read_in_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "BATCH_ROWS", 2)
    frame = pd.DataFrame(
        {"text": [f"第{n}篇" for n in range(5)], "year": ["2024", "2024", "2025", "2025", "2025"], "views": range(5)}
    )
    frame.to_parquet(tmp_path / "one.parquet", index=False)
    frame.to_parquet(tmp_path / "dataset", partition_cols=["year"], index=False)
    single = list(read_file(tmp_path / "one.parquet"))
    assert [r.text for r in single] == list(frame["text"])
    assert single[4].extra == {"year": "2025", "views": "4"}
    assert input_files([tmp_path]) == [tmp_path / "dataset", tmp_path / "one.parquet"]
    partitioned = list(read_file(tmp_path / "dataset"))
    assert [r.text for r in partitioned] == list(frame["text"])
    assert [r.extra["year"] for r in partitioned] == ["2024", "2024", "2025", "2025", "2025"]


def test_parts_are_written_whole_and_joined_into_one_csv(tmp_path):
    frames = [pd.DataFrame({"doc_id": ["a", "b"], "n": [1, 2]}), pd.DataFrame({"doc_id": ["c"], "n": [3]})]
    (tmp_path / "t.parquet").mkdir()
    for number, frame in enumerate(frames):
        write_part(frame, part_path(tmp_path / "t.parquet", number))
    assert sorted(p.name for p in (tmp_path / "t.parquet").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert pd.read_parquet(tmp_path / "t.parquet")["doc_id"].tolist() == ["a", "b", "c"]
    join_csv(sorted((tmp_path / "t.parquet").glob("part-*.parquet")), tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == "doc_id,n\na,1\nb,2\nc,3\n"
