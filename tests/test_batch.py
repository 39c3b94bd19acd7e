"""Batch runs: every document kept, the same files for any number of workers, resume, crashes, IDF."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import zhtag.worker as zhtag_worker
from zhtag import Tagger
from zhtag.batch import BatchRun, run_batch
from zhtag.worker import DocumentTimeout, WorkerSetupError, WorkerSpec, split_text, time_limit, worker_tagger
from zhtag.cli import main
from zhtag.frames import DOCUMENT_DTYPES, to_tables
from zhtag.io.readers import Record, read_articles

from stalling import STALL, StallingTagger

FORK = multiprocessing.get_context("fork")
SPAWN = multiprocessing.get_context("spawn")
CRASH, RAISE = "触发崩溃", "触发异常"


class Crash:
    """A pipeline component that kills its worker process on one marked text and raises on another."""

    source = "test"

    def find(self, doc):
        if CRASH in doc.text:
            os._exit(3)
        if RAISE in doc.text:
            raise RuntimeError("测试异常")
        return []


class CrashingTagger(Tagger):
    """A Tagger whose pipeline goes bad on marked texts: a worker gone bad."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recognizers.append(Crash())


class UnbuildableTagger(Tagger):
    def __init__(self, *args, **kwargs):
        raise OSError("词典目录不可读")


class DyingTagger(Tagger):
    def __init__(self, *args, **kwargs):
        os._exit(4)


@pytest.fixture(scope="module", autouse=True)
def warm_taggers():
    """Build the workers' Taggers here once: forked workers inherit them instead of rebuilding."""
    worker_tagger(WorkerSpec())
    worker_tagger(WorkerSpec(factory=CrashingTagger))
    worker_tagger(WorkerSpec(factory=StallingTagger))


def batch(paths, out, **options):
    options = {"jobs": 1, "mp_context": FORK, "progress": False, **options}
    return run_batch([str(path) for path in paths], out, **options)


def output_files(out: Path, suffix: str = "") -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob(f"*{suffix}"))
        if path.is_file()
    }


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


@pytest.fixture()
def bad_corpus(tmp_path, samples_dir) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples_dir / "guizhou_computing.txt", folder / "a_utf8.txt")
    shutil.copy(samples_dir / "hubei_optics.txt", folder / "b_utf8.txt")
    (folder / "c_gbk.txt").write_bytes("贵州日报讯 今年1至7月，贵阳市新增数字经济企业300多家。".encode("gbk"))
    (folder / "d_binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "e_empty.txt").write_bytes(b"")
    (folder / "f.jsonl").write_text(
        jsonl({"id": "f1", "text": "华为在贵安新区建设数据中心。", "date": "2025-08-01"}) + '{"id": "f2", "text": "被截',
        encoding="utf-8",
    )
    (folder / "g.csv").write_text("id,body\n1,没有正文列\n", encoding="utf-8")
    return folder


def test_bad_inputs_are_recorded_with_file_and_line_and_the_run_finishes(bad_corpus, tmp_path):
    out = tmp_path / "out"
    summary = batch([bad_corpus], out, jobs=2, chunk_docs=3)
    documents = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    errors = documents["error"].dropna().to_dict()
    folder = str(bad_corpus)
    assert list(documents.index) == [
        f"{folder}/a_utf8.txt", f"{folder}/b_utf8.txt", f"{folder}/c_gbk.txt", f"{folder}/d_binary.txt",
        f"{folder}/e_empty.txt", "f1", f"{folder}/f.jsonl:2", f"{folder}/g.csv",
    ]  # fmt: skip
    assert errors[f"{folder}/d_binary.txt"].startswith(f"{folder}/d_binary.txt: binary file")
    assert errors[f"{folder}/e_empty.txt"] == "empty text"
    assert errors[f"{folder}/f.jsonl:2"].startswith(f"{folder}/f.jsonl:2: invalid JSON")
    assert errors[f"{folder}/g.csv"].startswith(f"{folder}/g.csv: no text column 'text'")
    assert len(errors) == 4 and summary.stats.failed == 4 and summary.stats.documents == 8
    mentions = pd.read_parquet(out / "mentions.parquet")
    assert "贵阳市" in set(mentions.loc[mentions["doc_id"] == f"{folder}/c_gbk.txt", "text"])
    assert documents.loc["f1", "date"] == pd.Timestamp("2025-08-01")
    assert sorted(p.name for p in (out / "documents.parquet").iterdir()) == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]


def test_the_same_files_and_user_words_for_one_worker_or_two_spawned_ones(samples_dir, tmp_path):
    words = tmp_path / "mine.yaml"
    words.write_text("label: ORG\nentries:\n  - 青岩云脑科技\n", encoding="utf-8")
    news, n_news = tmp_path / "news.jsonl", 8
    news.write_text(jsonl(*({"id": f"n{n}", "text": f"青岩云脑科技第{n}次发布算力报告。"} for n in range(n_news))), encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    batch([samples_dir, news], one, jobs=1, chunk_docs=3, dictionaries=[words])
    summary = batch([samples_dir, news], two, jobs=2, chunk_docs=3, dictionaries=[words], mp_context=SPAWN)
    assert output_files(one) == output_files(two)
    n_docs = sample_count(samples_dir) + n_news
    assert len(list((one / "mentions.parquet").glob("part-*.parquet"))) == -(-n_docs // 3)  # a part per chunk
    assert len(summary.peak_memory_mb) == 2  # both spawned workers tagged chunks
    mentions = pd.read_parquet(two / "mentions.parquet")
    found = mentions[(mentions["text"] == "青岩云脑科技") & (mentions["label"] == "ORG")]
    assert sorted(found["doc_id"]) == [f"n{n}" for n in range(n_news)]


def test_batch_tables_equal_tagging_the_collection_in_memory(tagger, samples_dir, tmp_path):
    """Chunks, workers and the keyword cache change nothing: keywords use the collection's IDF."""
    batch([samples_dir], tmp_path, chunk_docs=4)
    expected = to_tables(tagger.tag_articles(read_articles([samples_dir])))
    for name, frame in expected._asdict().items():
        written = pd.read_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(written[list(frame.columns)], frame)
    assert list(pd.read_parquet(tmp_path / "documents.parquet").columns) == list(DOCUMENT_DTYPES)


def sample_count(samples_dir: Path) -> int:
    """How many articles the bundled samples folder holds (one a .txt file)."""
    return len(list(samples_dir.glob("*.txt")))


class Stop(Exception):
    """Stands for Ctrl-C or a kill between two chunks."""


@pytest.mark.parametrize("phase", ["recognise", "keywords"])
def test_resume_after_an_interruption_gives_the_files_of_an_uninterrupted_run(samples_dir, tmp_path, monkeypatch, phase):
    n_docs = sample_count(samples_dir)
    chunks = -(-n_docs // 2)
    batch([samples_dir], tmp_path / "whole", chunk_docs=2)
    save_chunk = BatchRun._save_chunk
    saved_before = []  # the chunks finish in any order: a later one may be saved before chunk 2 stops the run

    def interrupted(self, this_phase, chunk, *args):
        if this_phase == phase and chunk == 2:
            raise Stop()
        if this_phase == phase:
            saved_before.append(chunk)
        save_chunk(self, this_phase, chunk, *args)

    monkeypatch.setattr(BatchRun, "_save_chunk", interrupted)
    out = tmp_path / "resumed"
    with pytest.raises(Stop):
        batch([samples_dir], out, chunk_docs=2)
    assert not list(out.rglob("*.tmp"))
    documents_saved = sum(min(2, n_docs - 2 * chunk) for chunk in saved_before)
    assert len(pd.read_parquet(out / "documents.parquet")) == (documents_saved if phase == "recognise" else n_docs)

    saved = []
    monkeypatch.setattr(BatchRun, "_save_chunk", lambda self, *args: saved.append(args[:2]) or save_chunk(self, *args))
    summary = batch([samples_dir], out, chunk_docs=2, resume=True)
    # the resumed run saves the chunks left of that phase, and all of a later one
    assert not {chunk for this_phase, chunk in saved if this_phase == phase} & set(saved_before)
    assert len(saved) == chunks - len(saved_before) + (chunks if phase == "recognise" else 0)
    assert summary.stats.documents == n_docs
    whole = output_files(tmp_path / "whole")
    assert output_files(out) == whole


def test_resume_refuses_a_run_with_other_options(samples_dir, tmp_path):
    batch([samples_dir / "guizhou_computing.txt"], tmp_path)
    with pytest.raises(ValueError, match=r"other inputs or options \(keywords\)"):
        batch([samples_dir / "guizhou_computing.txt"], tmp_path, keywords=3, resume=True)


def test_a_worker_that_dies_on_a_document_does_not_end_the_run(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        jsonl(
            {"id": "ok1", "text": "8月19日，贵州省数字经济发展推进大会在贵阳召开。"},
            {"id": "dies", "text": f"{CRASH}的文章。"},
            {"id": "raises", "text": f"{RAISE}的文章。"},
            {"id": "ok2", "text": "华为在贵安新区建设数据中心。"},
        ),
        encoding="utf-8",
    )
    summary = batch([path], tmp_path / "out", jobs=2, tagger_factory=CrashingTagger)
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("doc_id")
    assert list(documents.index) == ["ok1", "dies", "raises", "ok2"]
    assert documents.loc["dies", "error"].startswith(f"{path}:2: the worker process died while tagging this document")
    assert documents.loc["raises", "error"] == f"{path}:3: RuntimeError: 测试异常"
    assert documents.loc[["ok1", "ok2"], "error"].isna().all()
    assert set(pd.read_parquet(tmp_path / "out" / "mentions.parquet")["doc_id"]) == {"ok1", "ok2"}
    assert summary.stats.failed == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_time_limit_is_recorded_and_the_others_are_tagged(tmp_path, jobs):
    path = tmp_path / "news.jsonl"
    path.write_text(
        jsonl(
            {"id": "ok1", "text": "8月19日，贵州省数字经济发展推进大会在贵阳召开。"},
            {"id": "stalls", "text": f"{STALL}的文章。"},
            {"id": "ok2", "text": "华为在贵安新区建设数据中心。"},
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    summary = batch([path], tmp_path / "out", jobs=jobs, doc_timeout=1, tagger_factory=StallingTagger)
    assert time.perf_counter() - started < 25
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("doc_id")
    assert list(documents.index) == ["ok1", "stalls", "ok2"]
    assert documents.loc["stalls", "error"] == (
        f"{path}:2: DocumentTimeout: took longer than 1 s (the per-document limit, --doc-timeout); not tagged"
    )
    assert documents.loc[["ok1", "ok2"], "error"].isna().all()
    assert set(pd.read_parquet(tmp_path / "out" / "mentions.parquet")["doc_id"]) == {"ok1", "ok2"}
    assert set(pd.read_parquet(tmp_path / "out" / "keywords.parquet")["doc_id"]) == {"ok1", "ok2"}
    assert (summary.stats.documents, summary.stats.failed) == (3, 1)


def limited_spin(seconds: float, spin: float) -> str:
    """Spin in Python for ``spin`` seconds under a ``seconds`` limit, then wait past the limit."""
    started = time.perf_counter()
    try:
        with time_limit(seconds):
            while time.perf_counter() - started < spin:
                time.sleep(0.005)
    except DocumentTimeout as error:
        return f"stopped early: {error}" if time.perf_counter() - started < spin / 2 else f"stopped late: {error}"
    time.sleep(seconds)  # a limit that was not reached must not fire later
    return "finished"


@pytest.mark.parametrize("in_thread", [False, True], ids=["main thread", "other thread"])
def test_time_limit_stops_a_block_that_runs_over_and_only_that(in_thread):
    outcomes: list[str] = []

    def run() -> None:
        outcomes.extend([limited_spin(0.3, 5), limited_spin(0.5, 0.05)])

    if in_thread:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    else:
        run()
    assert outcomes == [
        "stopped early: took longer than 0.3 s (the per-document limit, --doc-timeout); not tagged",
        "finished",
    ]


@pytest.mark.parametrize(
    "factory, message",
    [(UnbuildableTagger, "cannot build the tagger: OSError: 词典目录不可读"), (DyingTagger, "worker processes die before")],
)
def test_workers_that_cannot_start_stop_the_run_instead_of_failing_every_document(samples_dir, tmp_path, factory, message):
    with pytest.raises(WorkerSetupError, match=message):
        batch([samples_dir], tmp_path, jobs=2, tagger_factory=factory)


def test_a_saved_idf_gives_the_same_tables_in_one_pass(samples_dir, tmp_path):
    idf = tmp_path / "corpus.idf.tsv"
    batch([samples_dir], tmp_path / "learnt", chunk_docs=4, save_idf=idf)
    batch([samples_dir], tmp_path / "given", chunk_docs=4, idf=idf)
    assert output_files(tmp_path / "learnt", ".parquet") == output_files(tmp_path / "given", ".parquet")
    assert idf.read_text(encoding="utf-8").startswith(f"#documents\t{sample_count(samples_dir)}\n")


def test_extra_fields_reach_the_documents_table_with_the_same_columns_in_every_part(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        jsonl({"id": "1", "text": "贵阳", "source": "web"}, {"id": "2", "text": "遵义", "views": 7, "error": "x"}),
        encoding="utf-8",
    )
    batch([path], tmp_path / "out", chunk_docs=1)
    parts = [pd.read_parquet(part) for part in sorted((tmp_path / "out" / "documents.parquet").glob("part-*"))]
    assert [list(part.columns[6:]) for part in parts] == [["source", "views", "input_error"]] * 2
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents[["source", "views", "input_error"]].astype(object).where(documents.notna(), None).values.tolist() == [
        ["web", None, None], [None, "7", "x"]
    ]  # fmt: skip
    assert documents["error"].isna().all()


def test_long_texts_are_tagged_in_parts_with_offsets_into_the_whole(samples_dir, tmp_path):
    text = (samples_dir / "guizhou_computing.txt").read_text(encoding="utf-8") * 3
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    batch([tmp_path / "long.txt"], tmp_path / "out", max_chars=200)
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    assert documents["error"].isna().all() and documents.loc[0, "n_chars"] == len(text)
    assert all(text[start:end] == found for start, end, found in zip(mentions["start"], mentions["end"], mentions["text"]))
    assert mentions["end"].max() > 2 * len(text) // 3  # the last part was tagged too


def test_a_long_text_tagged_in_parts_has_its_tokens_at_offsets_into_the_whole(tagger, samples_dir):
    text = (samples_dir / "guizhou_computing.txt").read_text(encoding="utf-8") * 2
    doc = zhtag_worker._recognise_in_parts(tagger, Record(text=text, id="long"), text, 200)
    assert "".join(doc.tokens.texts) == "".join(text.split())
    assert all(text[token.start : token.end] == token.text for token in doc.tokens)


def test_split_text_cuts_after_a_line_or_sentence_end():
    text = "第一句。第二句比较长一些。\n第三段。" * 5
    pieces = split_text(text, 20)
    assert "".join(part for _, part in pieces) == text
    assert all(len(part) <= 20 and text[offset : offset + len(part)] == part for offset, part in pieces)
    assert all(part[-1] in "。\n" for _, part in pieces[:-1])


def test_cli_tag_prints_a_summary_and_resumes_a_finished_run(samples_dir, tmp_path, capsys):
    args = ["tag", str(samples_dir), "-o", str(tmp_path / "out"), "-j", "1", "--chunk-size", "4", "--no-progress"]
    assert main(args + ["--start-method", "fork", "--save-idf", str(tmp_path / "idf.tsv")]) == 0
    first = capsys.readouterr().err
    n_docs = sample_count(samples_dir)
    assert f"zhtag: {n_docs} documents (0 failed)" in first and "LOC " in first
    assert main(args + ["--resume"]) == 0
    assert f"{n_docs} documents (0 failed)" in capsys.readouterr().err
    assert (tmp_path / "idf.tsv").exists()


def test_a_worker_starts_where_the_c_library_has_no_mallopt(monkeypatch):
    """macOS and Windows have no mallopt: the worker keeps the system's malloc settings and runs."""
    class NoMallopt:
        def __init__(self, name):
            pass

    monkeypatch.setattr(zhtag_worker.ctypes, "CDLL", NoMallopt)
    zhtag_worker._fix_mmap_threshold()


def test_a_worker_fixes_the_mmap_threshold_where_there_is_mallopt(monkeypatch):
    calls = []

    class Libc:
        def __init__(self, name):
            self.mallopt = lambda parameter, value: calls.append((parameter, value)) or 1

    monkeypatch.setattr(zhtag_worker.ctypes, "CDLL", Libc)
    zhtag_worker._fix_mmap_threshold()
    assert calls == [(-3, zhtag_worker.MMAP_THRESHOLD)]
