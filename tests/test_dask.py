"""zhtag on a real dask.distributed cluster of two worker processes: the same results as one process."""
from __future__ import annotations

import json
import logging
import multiprocessing
import time
from pathlib import Path

import pandas as pd
import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from zhtag.batch import run_batch  # noqa: E402
from zhtag.cli import main  # noqa: E402
from zhtag.dask import tag_dask  # noqa: E402
from zhtag.frames import DOCUMENT_DTYPES  # noqa: E402
from zhtag.keywords import IDF, KeywordExtractor  # noqa: E402

from stalling import STALL, StallingTagger  # noqa: E402

@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def articles(samples_dir) -> pd.DataFrame:
    files = sorted(Path(samples_dir).glob("*.txt"))
    return pd.DataFrame(
        {
            "id": [path.stem for path in files],
            "text": [path.read_text(encoding="utf-8") for path in files],
            "section": ["地方" if "guizhou" in path.stem else "国内" for path in files],
        }
    )


def test_tag_dask_equals_tagging_in_one_process(client, tagger, articles):
    tables = tag_dask(dd.from_pandas(articles, npartitions=3))
    assert list(tables.documents.columns) == [*DOCUMENT_DTYPES, "section"]
    mentions, keywords, documents = dask.compute(*tables)
    expected = tagger.tag_frame(articles)
    for got, want in zip((mentions, keywords, documents), expected):
        got = got.reset_index(drop=True)
        pd.testing.assert_frame_equal(got[list(want.columns)], want)
    assert documents["section"].tolist() == articles["section"].tolist()


def test_tag_dask_with_a_given_idf_is_one_pass_with_the_same_keywords(client, tagger, articles):
    learnt = dask.compute(*tag_dask(dd.from_pandas(articles, npartitions=2)))
    extractor = KeywordExtractor()
    idf = IDF.fit(extractor.candidates(tagger.tag(text, keywords=False)) for text in articles["text"])
    given = dask.compute(*tag_dask(dd.from_pandas(articles, npartitions=2), idf=idf))
    for one, other in zip(learnt, given):
        pd.testing.assert_frame_equal(one, other)


def test_the_batch_on_the_cluster_writes_the_files_of_a_local_run(client, samples_dir, tmp_path):
    local = tmp_path / "local"
    run_batch([samples_dir], local, jobs=1, chunk_docs=3, progress=False, mp_context=multiprocessing.get_context("fork"))
    on_cluster = tmp_path / "cluster"
    address = client.scheduler.address
    args = ["tag", str(samples_dir), "-o", str(on_cluster), "--chunk-size", "3", "--scheduler", address, "--no-progress"]
    assert main(args) == 0
    files = lambda out: {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}  # noqa: E731
    assert files(on_cluster) == files(local)


def test_tag_dask_records_a_document_over_the_time_limit_and_tags_the_others(client, articles):
    stalling = articles.assign(text=lambda frame: frame["text"].mask(frame.index == 3, f"{STALL}的文章。"))
    ddf = dd.from_pandas(stalling, npartitions=2)
    started = time.perf_counter()
    mentions, keywords, documents = dask.compute(*tag_dask(ddf, doc_timeout=1, tagger_factory=StallingTagger))
    assert time.perf_counter() - started < 25
    message = "DocumentTimeout: took longer than 1 s (the per-document limit, --doc-timeout); not tagged"
    stalled = articles.loc[3, "id"]
    assert documents.set_index("doc_id").loc[stalled, "error"] == f"row 3: {message}"
    assert documents["error"].isna().sum() == len(articles) - 1
    assert set(mentions["doc_id"]) == set(keywords["doc_id"]) == set(articles["id"]) - {stalled}


def test_the_batch_on_the_cluster_records_a_stalling_document_and_tags_the_others(client, tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [{"id": "ok1", "text": "华为在贵安新区建设数据中心。"}, {"id": "stalls", "text": f"{STALL}的文章。"}]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    started = time.perf_counter()
    summary = run_batch([path], tmp_path / "out", client=client, doc_timeout=1, tagger_factory=StallingTagger, progress=False)
    assert time.perf_counter() - started < 25
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("doc_id")
    message = "DocumentTimeout: took longer than 1 s (the per-document limit, --doc-timeout); not tagged"
    assert documents.loc["stalls", "error"] == f"{path}:2: {message}"
    assert pd.isna(documents.loc["ok1", "error"])
    assert set(pd.read_parquet(tmp_path / "out" / "mentions.parquet")["doc_id"]) == {"ok1"}
    assert summary.stats.failed == 1
