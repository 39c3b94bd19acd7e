"""zhtag on Dask: tag a dask DataFrame of articles into dask DataFrames of mentions, keywords, documents.

>>> import dask.dataframe as dd
>>> from zhtag.dask import tag_dask
>>> mentions, keywords, documents = tag_dask(dd.read_parquet("articles/"), text="body")
>>> dask.compute(mentions, keywords, documents)   # compute (or write) the three together

Each partition is tagged by the worker's own Tagger, built once per worker process (see
:func:`zhtag.worker.worker_tagger`); user dictionaries are passed by path, so every worker
must see them. The results have the columns and dtypes of :mod:`zhtag.frames`; the documents
table carries the partitions' other columns (as strings) after its own.

Without ``idf`` the keywords are ranked with the IDF of the whole collection, as
``Tagger.tag_frame`` does: every partition is recognised, the candidate counts are added up,
then each partition's keywords are ranked from what its recognition left (held by the
cluster until then, so the collection's tokens pass through cluster memory; give an ``idf``
saved by ``zhtag tag --save-idf`` for a single streaming pass). The three tables share those
tasks: compute them together, or each one tags the collection again.

``zhtag tag … --engine dask`` (a local cluster) or ``--scheduler tcp://HOST:PORT`` runs the
ordinary batch (:mod:`zhtag.batch`) on a cluster instead: same chunks, same files.
"""
from __future__ import annotations

import logging
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from zhtag.frames import DOCUMENT_DTYPES, STRING, TABLE_DTYPES, documents_frame, frame_of, keywords_frame, mentions_frame
from zhtag.io.readers import Columns, Record, record_from_fields
from zhtag.keywords import IDF
from zhtag.tagger import Tables, Tagger
from zhtag.worker import DOC_TIMEOUT, MAX_DOC_CHARS, Task, TaskResult, WorkerSpec, extra_column, run_task

if TYPE_CHECKING:
    import dask.dataframe as dd
    from distributed import Client


def tag_dask(
    ddf: "dd.DataFrame",
    text: str = "text",
    id: str = "id",
    date: str = "date",
    title: str = "title",
    *,
    dictionaries: Iterable[str | Path] = (),
    keywords: int = 10,
    idf: IDF | str | Path | None = None,
    max_chars: int = MAX_DOC_CHARS,
    doc_timeout: float | None = DOC_TIMEOUT,
    tagger_factory: Callable[..., Tagger] = Tagger,
) -> Tables:
    """Mentions, keywords and documents of a dask DataFrame of articles, as lazy dask DataFrames.

    ``id``, ``date`` and ``title`` columns are optional (the index gives the ids when there
    is no id column). ``idf`` is an IDF (or the path of one saved by ``--save-idf``). A
    document that takes longer than ``doc_timeout`` seconds in a phase (None: no limit) gets
    that error in the documents table, as in :func:`zhtag.batch.run_batch`;
    ``tagger_factory(dictionaries, keywords=k)`` builds each worker's Tagger (a subclass, say).
    """
    import dask
    import dask.dataframe as dd

    if text not in ddf.columns:
        raise KeyError(f"no text column {text!r} in the DataFrame; its columns are {list(ddf.columns)}")
    columns = Columns(text, id, title, date)
    spec = WorkerSpec(tuple(str(Path(path)) for path in dictionaries), keywords, max_chars, tagger_factory, doc_timeout)
    extra = [str(name) for name in ddf.columns if name not in columns]
    metas = {
        "mentions": mentions_frame([]),
        "keywords": keywords_frame([]),
        "documents": documents_frame([]).assign(
            **{extra_column(name): pd.array([], dtype=STRING) for name in extra}
        ),
    }
    parts = ddf.to_delayed()
    delayed = dask.delayed
    if idf is None:
        recognised = [delayed(_recognise_partition, pure=True)(part, spec, columns) for part in parts]
        corpus_idf = delayed(_fit_idf, pure=True)([delayed(_counts, pure=True)(result) for result in recognised])
        finished = [
            delayed(_keywords_partition, pure=True)(part, result, spec, columns, corpus_idf)
            for part, result in zip(parts, recognised)
        ]
        sources = {"mentions": recognised, "keywords": finished, "documents": finished}
    else:
        given = delayed(IDF.load(idf) if isinstance(idf, (str, Path)) else idf)
        tagged = [delayed(_tag_partition, pure=True)(part, spec, columns, given) for part in parts]
        sources = dict.fromkeys(metas, tagged)
    tables = {
        name: dd.from_delayed(
            [delayed(_table, pure=True)(result, name, list(metas[name].columns)) for result in sources[name]],
            meta=metas[name],
            verify_meta=False,
        )
        for name in metas
    }
    return Tables(**tables)


@contextmanager
def local_client(n_workers: int) -> Iterator["Client"]:
    """A client of a local cluster of ``n_workers`` processes with one thread each, closed after use."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def _records(partition: pd.DataFrame, columns: Columns) -> list[Record]:
    return [
        record_from_fields(fields, str(index), columns, f"row {index}")
        for index, fields in zip(partition.index, partition.to_dict("records"))
    ]


def _task(phase: str, records: Sequence[Record], cache: Any = None) -> Task:
    return Task(phase, 0, len(records), tuple(range(len(records))), list(records), cache)


def _recognise_partition(partition: pd.DataFrame, spec: WorkerSpec, columns: Columns) -> TaskResult:
    return run_task(spec, _task("recognise", _records(partition, columns)))


def _counts(result: TaskResult) -> tuple[int, Counter[str]]:
    return result.stats.tagged, result.frequencies or Counter()


def _fit_idf(counts: list[tuple[int, Counter[str]]]) -> IDF:
    idf = IDF()
    for documents, frequencies in counts:
        idf.documents += documents
        idf.frequencies.update(frequencies)
    return idf


def _keywords_partition(
    partition: pd.DataFrame, recognised: TaskResult, spec: WorkerSpec, columns: Columns, idf: IDF
) -> dict[str, pd.DataFrame]:
    result = run_task(spec, _task("keywords", _records(partition, columns), recognised.cache), idf)
    documents = frame_of(recognised.tables["documents"], DOCUMENT_DTYPES)
    for position, message in result.keyword_errors.items():
        documents.loc[position, "error"] = message
    return {"keywords": _frame(result, "keywords"), "documents": documents}


def _tag_partition(partition: pd.DataFrame, spec: WorkerSpec, columns: Columns, idf: IDF) -> dict[str, pd.DataFrame]:
    result = run_task(spec, _task("tag", _records(partition, columns)), idf)
    return {name: _frame(result, name) for name in result.tables}


def _frame(result: TaskResult, name: str) -> pd.DataFrame:
    return frame_of(result.tables[name], TABLE_DTYPES[name])


def _table(result: TaskResult | dict[str, pd.DataFrame], name: str, columns: list[str]) -> pd.DataFrame:
    """One table of a partition's result, with every column of the meta (an empty partition has none)."""
    frame = _frame(result, name) if isinstance(result, TaskResult) else result[name]
    missing = {column: pd.array([None] * len(frame), dtype=STRING) for column in columns if column not in frame}
    return frame.assign(**missing)[columns]
