"""The command line: outputs, exit codes and one-line errors that name the file and the fix."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from zhtag.cli import main


@pytest.fixture()
def corpus(tmp_path, samples_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples_dir / "guizhou_computing.txt", folder / "a.txt")
    (folder / "b_gbk.txt").write_bytes("贵州日报讯 今年1至7月，贵阳市新增数字经济企业300多家。".encode("gbk"))
    (folder / "c_empty.txt").write_text("", encoding="utf-8")
    (folder / "d.jsonl").write_text(
        json.dumps({"id": "j1", "text": "华为在贵安新区建设数据中心。", "date": "2025-08-01"}, ensure_ascii=False)
        + "\n{broken\n",
        encoding="utf-8",
    )
    (folder / "e.csv").write_text("id,body\n1,没有正文列\n", encoding="utf-8")
    return folder


def test_tag_folder_writes_three_tables_and_keeps_broken_documents(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["tag", str(corpus), "-o", str(out)]) == 0
    documents = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    errors = documents["error"].dropna()
    assert documents.shape[0] == 6
    assert errors[str(corpus / "c_empty.txt")] == "empty text"
    assert "d.jsonl:2: invalid JSON" in errors[str(corpus / "d.jsonl") + ":2"]
    assert "no text column 'text'" in errors[str(corpus / "e.csv")]
    mentions = pd.read_parquet(out / "mentions.parquet")
    gbk = mentions[mentions["doc_id"] == str(corpus / "b_gbk.txt")]
    assert "贵阳市" in set(gbk["text"])
    assert (out / "keywords.parquet").exists()
    assert "6 documents (3 failed)" in capsys.readouterr().err


def test_a_document_over_the_time_limit_is_a_failed_row_not_a_failed_run(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["tag", str(corpus / "a.txt"), str(corpus / "d.jsonl"), "-o", str(out), "--doc-timeout", "0.001"]) == 0
    documents = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert documents.loc[str(corpus / "a.txt"), "error"] == (
        "DocumentTimeout: took longer than 0.001 s (the per-document limit, --doc-timeout); not tagged"
    )
    assert "invalid JSON" in documents.loc[str(corpus / "d.jsonl") + ":2", "error"]
    err = capsys.readouterr().err
    failed = documents["error"].notna().sum()  # the one-sentence j1 may or may not tag within 1 ms
    assert f"3 documents ({failed} failed)" in err and f"zhtag: failed {corpus / 'a.txt'}: DocumentTimeout: took longer" in err


def test_tag_csv_output(corpus, tmp_path):
    out = tmp_path / "csv"
    assert main(["tag", str(corpus / "a.txt"), "-o", str(out), "--format", "csv"]) == 0
    assert list(pd.read_csv(out / "mentions.csv").columns)[:5] == ["doc_id", "start", "end", "text", "label"]


def test_missing_input_is_a_one_line_error(tmp_path, capsys):
    assert main(["tag", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"zhtag: error: {tmp_path / 'nope.txt'}: no such file or folder"


def test_bad_dictionary_is_named(tmp_path, corpus, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("灯塔工厂 5 N\n", encoding="utf-8")
    assert main(["tag", str(corpus / "a.txt"), "-o", str(tmp_path / "o"), "--dict", str(bad)]) == 2
    assert "bad.txt:1: tag 'N'" in capsys.readouterr().err


def test_show_marks_entities(samples_dir, capsys):
    assert main(["show", str(samples_dir / "guizhou_computing.txt")]) == 0
    out = capsys.readouterr().out
    assert "【贵安新区|LOC】" in out
    assert "【8月20日|DATE】" in out


def test_show_empty_file_fails_clearly(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert main(["show", str(empty)]) == 2
    assert "empty.txt: empty text" in capsys.readouterr().err


def test_undecodable_file_in_show_names_the_file(tmp_path, capsys):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert main(["show", str(binary)]) == 2
    assert "image.txt: binary file" in capsys.readouterr().err


def test_evaluate_prints_per_label_scores(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    text = "新华社记者在贵阳采访了张伟。"
    entities = [{"start": 0, "end": 3, "label": "ORG"}, {"start": 6, "end": 8, "label": "LOC"}]
    gold.write_text(json.dumps({"text": text, "entities": entities}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--json"]) == 0
    rows = {row["label"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["ORG"]["recall"] == 1.0 and rows["LOC"]["recall"] == 1.0
    assert set(rows) == {"PER", "LOC", "ORG", "ALL"}


def test_the_tag_command_defaults_are_the_batch_defaults():
    from zhtag.batch import CHUNK_DOCS, DOC_TIMEOUT, MAX_DOC_CHARS
    from zhtag.cli import _parser

    args = _parser().parse_args(["tag", "articles/", "-o", "out/"])
    assert (args.chunk_size, args.max_chars, args.doc_timeout) == (CHUNK_DOCS, MAX_DOC_CHARS, DOC_TIMEOUT)
