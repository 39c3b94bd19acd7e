"""Batch runs over collections larger than memory: streamed, parallel, resumable.

The run reads articles in input order and cuts them into chunks (``chunk_docs`` articles
or ``chunk_chars`` characters, whichever comes first). Chunk *i* becomes part *i* of each
output table, whichever worker tagged it and whenever it finished, so the same input gives
byte-identical files for any number of workers. A chunk goes to the workers as tasks of
:data:`TASK_DOCS` documents (so that the workers share it evenly), at most two tasks per
worker are in flight, and a worker holds :data:`DOCS_AT_ONCE` documents as Python objects at
a time, so memory stays flat however large the collection.

Keywords are ranked with the IDF of the whole collection. Unless an IDF is given, a run has
two phases: ``recognise`` tags each chunk without keywords, writes its mentions and
documents parts, caches its documents' keyword candidates with the part of their scores that
no IDF enters, and counts the candidates into the corpus IDF; ``keywords`` then ranks each
chunk's keywords from its cache (an IDF lookup, a product and the near-duplicate collapse),
without segmenting or analysing the text again. With an IDF given, one ``tag`` phase does both.

Nothing is lost: a document that fails (unreadable, empty, an exception, longer than
``doc_timeout`` seconds in a phase, even a worker process that dies on it) gets a row in the
documents table with its error and the run goes on. Every file is written under a temporary
name and renamed, and a chunk counts as done only when its marker is written after its parts,
so a run stopped by Ctrl-C or a kill leaves complete files, and ``resume=True`` does the chunks not done (and nothing twice).

Layout of the output folder (``fmt="parquet"``)::

    mentions.parquet/part-00000.parquet …   one Parquet dataset per table:
    keywords.parquet/part-00000.parquet …   pd.read_parquet("OUT/mentions.parquet")
    documents.parquet/part-00000.parquet …
    _zhtag/run.json                         the run's inputs and options (resume checks them)
    _zhtag/idf.tsv                          the IDF the keywords were ranked with
    _zhtag/done/<phase>-00000.json          one marker per finished chunk, with its counts
    _zhtag/cache/                           prescored keyword candidates between the phases

With ``fmt="csv"`` the parts are kept under ``_zhtag/parts/`` and joined into
``mentions.csv``, ``keywords.csv`` and ``documents.csv`` at the end.
"""
from __future__ import annotations

import concurrent.futures as cf
import ctypes
import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from zhtag.collector import collector_paused
from zhtag.document import LABELS, Document
from zhtag.frames import STRING, DOCUMENT_DTYPES, documents_frame, keywords_frame, mentions_frame
from zhtag.io.readers import Columns, Record, input_files, read_file
from zhtag.io.writers import atomic, join_csv, part_path, write_part
from zhtag.keywords import IDF, METHODS, KeywordExtractor, Prescored
from zhtag.tagger import GROUP_CHARS, Article, Tagger, article_groups

#: Defaults: a chunk is small enough to keep a worker's memory low, large enough to amortise.
CHUNK_DOCS = 500
CHUNK_CHARS = 2_000_000
#: A longer text is tagged in parts of at most this many characters, cut at a line or sentence end.
MAX_DOC_CHARS = 100_000
#: Seconds one document may take in each phase (``--doc-timeout``): news of a million characters
#: takes well under a minute, so only a text the tagger cannot handle comes near it.
DOC_TIMEOUT = 120.0
TABLES = ("mentions", "keywords", "documents")
#: Documents per task: a chunk goes to the workers in several tasks, so that they share it evenly.
TASK_DOCS = 100
#: Documents a worker holds as Python objects at once (their rows are kept, the objects dropped).
DOCS_AT_ONCE = 20
#: Failed documents listed in the summary (all of them are in the documents table).
LISTED_FAILURES = 20

_STATE = "_zhtag"
#: The layout of a run's state; a run of another layout is not resumed (2: the cache holds
#: prescored keyword candidates, no longer tokens and mentions).
_RUN_FORMAT = 2


class BatchError(RuntimeError):
    """A run cannot go on (the message says why and what to do); the chunks done are kept."""


class WorkerSetupError(BatchError):
    """A worker could not build its Tagger: every task would fail, so the run stops."""


class DocumentTimeout(BaseException):
    """A document took longer than the run's per-document time limit (it is recorded as failed).

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` in the tagger or
    a library it calls swallows it and tags on. ``message`` is the class's default: an
    asynchronous exception is raised by class, without arguments, so :class:`time_limit`
    raises a subclass that carries its message.
    """

    message = "took longer than the per-document limit (--doc-timeout); not tagged"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


#: What a document may raise without ending the batch: it is recorded as that document's error.
DOCUMENT_ERRORS = (Exception, DocumentTimeout)


class time_limit:
    """Raise :class:`DocumentTimeout` in this thread when the block runs longer than ``seconds``.

    In a main thread (process workers) a SIGALRM timer does it, which also stops a regex
    match running in C; other threads (dask workers) get an asynchronous exception, which
    Python delivers at the next bytecode (a few milliseconds late: the timer thread waits for
    the interpreter's switch interval), so a single C call there runs to its end first.
    ``seconds`` None or <= 0: no limit.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds is not None and seconds > 0 else None
        self._timer: threading.Timer | None = None
        self._previous_handler: Any = None
        self._lock = threading.Lock()
        self._active = self._fired = False

    def __enter__(self) -> None:
        if self.seconds is None:
            return
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self._previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            return
        self._thread_id, self._active = threading.get_ident(), True
        self._timer = threading.Timer(self.seconds, self._interrupt)
        self._timer.daemon = True
        self._timer.start()

    def __exit__(self, kind: type | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        if self.seconds is None:
            return
        if self._timer is None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous_handler)
            return
        with self._lock:
            self._active = False
            self._timer.cancel()
            if self._fired:  # the block ended before the exception arrived: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)

    def _message(self) -> str:
        return f"took longer than {self.seconds:g} s (the per-document limit, --doc-timeout); not tagged"

    def _on_alarm(self, signum: int, frame: Any) -> None:
        raise DocumentTimeout(self._message())

    def _interrupt(self) -> None:
        with self._lock:
            if self._active:
                self._fired = True
                error = type("DocumentTimeout", (DocumentTimeout,), {"message": self._message()})
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), ctypes.py_object(error))


# -- what runs in the workers ------------------------------------------------------------


@dataclass(frozen=True)
class WorkerSpec:
    """What every worker needs to build the same Tagger: passed by value, dictionaries by path."""

    dictionaries: tuple[str, ...] = ()
    keywords: int = 10
    max_chars: int = MAX_DOC_CHARS
    factory: Callable[..., Tagger] = Tagger
    doc_timeout: float | None = DOC_TIMEOUT

    def build(self) -> Tagger:
        return self.factory(list(self.dictionaries), keywords=self.keywords)

    @property
    def tagger_key(self) -> tuple:
        """What the Tagger depends on: runs that differ only in limits share one."""
        return self.dictionaries, self.keywords, self.factory


@dataclass
class Task:
    """Some documents of one chunk and what to do with them.

    ``phase`` is ``tag`` (everything), ``recognise`` (no keywords; cache what keywords need)
    or ``keywords`` (from ``cache``). ``positions`` are the documents' places in the chunk;
    ``chunk_size`` is the chunk's number of documents.
    """

    phase: str
    chunk: int
    chunk_size: int
    positions: tuple[int, ...]
    records: list[Record]
    cache: pa.Table | None = None

    def split(self) -> list["Task"]:
        """One task per document: how a task that killed its worker is narrowed down."""
        return [
            replace(self, positions=(position,), records=[record], cache=_cache_range(self.cache, (position,), copy=True))
            for position, record in zip(self.positions, self.records)
        ]


@dataclass
class TaskResult:
    """What a worker hands back for a task: table rows, the keyword cache, counts."""

    positions: tuple[int, ...]
    tables: dict[str, pd.DataFrame]
    stats: "ChunkStats"
    cache: pa.Table | None = None
    frequencies: Counter[str] | None = None
    keyword_errors: dict[int, str] = field(default_factory=dict)
    worker: int = 0
    peak_memory_mb: float | None = None


@dataclass
class ChunkStats:
    """Counts of a chunk (or of the whole run): what the summary adds up."""

    documents: int = 0
    tagged: int = 0
    failed: int = 0
    chars: int = 0
    keywords: int = 0
    mentions: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: "ChunkStats") -> None:
        self.documents += other.documents
        self.tagged += other.tagged
        self.failed += other.failed
        self.chars += other.chars
        self.keywords += other.keywords
        self.mentions.update(other.mentions)
        self.failures.extend(other.failures[: max(LISTED_FAILURES - len(self.failures), 0)])

    def to_json(self) -> dict[str, Any]:
        data = self.__dict__.copy()
        data["mentions"] = dict(self.mentions)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ChunkStats":
        data = data.copy()
        data["mentions"] = Counter(data["mentions"])
        data["failures"] = [tuple(failure) for failure in data["failures"]]
        return cls(**data)


_TAGGERS: dict[tuple, Tagger] = {}
_IDFS: dict[tuple[str, int], IDF] = {}
_LOCK = threading.Lock()


def _keywords_failed(record: Record, error: BaseException) -> str:
    return located(record, f"keywords failed: {type(error).__name__}: {error}")


#: Tagged once by each new worker Tagger: a little of everything a news article holds.
WARM_UP_TEXT = "2025年正月十五，贵州省大数据发展管理局在贵阳发布报告，算力规模增长超过40%，达到3.2亿元。"


def worker_tagger(spec: WorkerSpec) -> Tagger:
    """The Tagger of this process for ``spec``, built on first use (once per worker)."""
    with _LOCK:
        tagger = _TAGGERS.get(spec.tagger_key)
        if tagger is None:
            try:
                tagger = spec.build()
            except Exception as error:
                raise WorkerSetupError(f"cannot build the tagger: {type(error).__name__}: {error}") from None
            # what loads on first use (jieba's tables, the IDF prior, the lunar calendar) loads now,
            # outside any document's time limit: the first document must not pay for the worker
            tagger.tag(WARM_UP_TEXT, "2025-08-20")
            _TAGGERS[spec.tagger_key] = tagger
        return tagger


def worker_ready(spec: WorkerSpec) -> int:
    """Build this worker's Tagger; a run checks with it that a restarted pool can work at all."""
    worker_tagger(spec)
    return os.getpid()


def _worker_idf(idf: IDF | str | None) -> IDF | None:
    """An IDF given by value, or by the path of its file (read once per worker)."""
    if not isinstance(idf, str):
        return idf
    key = (idf, os.stat(idf).st_mtime_ns)
    with _LOCK:
        if key not in _IDFS:
            _IDFS.clear()
            _IDFS[key] = IDF.load(idf)
        return _IDFS[key]


@collector_paused()
def run_task(spec: WorkerSpec, task: Task, idf: IDF | str | None = None) -> TaskResult:
    """Do one task in a worker process (or in-process): tag, then turn the documents into rows.

    The documents are handled :data:`DOCS_AT_ONCE` at a time and only their rows and
    cache (compact) are kept, so a worker's memory does not grow with the chunk size.
    The cyclic collector waits till the task is done (zhtag.collector): tagging a chunk and
    ranking its keywords make objects by the hundred thousand, and each collection pass would
    walk them all again.
    """
    tagger = worker_tagger(spec)
    extractor = KeywordExtractor(_worker_idf(idf))
    pieces = []
    for start in range(0, max(len(task.records), 1), DOCS_AT_ONCE):
        positions = task.positions[start : start + DOCS_AT_ONCE]
        records = task.records[start : start + DOCS_AT_ONCE]
        cache = _cache_range(task.cache, positions) if task.phase == "keywords" else None
        pieces.append(_run_docs(tagger, extractor, spec, task.phase, positions, records, cache))
    result = _merge(pieces)
    result.worker, result.peak_memory_mb = os.getpid(), _peak_memory_mb()
    return result


def _run_docs(
    tagger: Tagger,
    extractor: KeywordExtractor,
    spec: WorkerSpec,
    phase: str,
    positions: tuple[int, ...],
    records: list[Record],
    cache: pa.Table | None,
) -> TaskResult:
    keyword_errors: dict[int, str] = {}
    methods = tagger.keyword_methods
    if phase == "keywords":
        docs, prescored = _from_cache(records, positions, cache, methods)
    else:
        docs = recognise_all(tagger, records, spec.max_chars, spec.doc_timeout)
    result = TaskResult(positions, {}, ChunkStats())
    if phase != "keywords":
        result.tables["mentions"] = _mentions_rows(docs, records)
    if phase == "recognise":
        result.frequencies = Counter()
        prescored = [None] * len(docs)
        for index, (record, doc) in enumerate(zip(records, docs)):
            if doc.error is None:
                try:
                    with time_limit(spec.doc_timeout):
                        prescored[index] = extractor.prescore(doc, methods)
                    result.frequencies.update(candidate.text for candidate in prescored[index].candidates)
                except DOCUMENT_ERRORS as error:  # one broken document must not end a batch
                    doc.error = _keywords_failed(record, error)
        result.cache = _cache_table(docs, positions, prescored)
        result.tables["documents"] = documents_table(docs, records)
    else:
        for index, (position, record, doc) in enumerate(zip(positions, records, docs)):
            if doc is None or doc.error is not None:
                continue
            try:
                with time_limit(spec.doc_timeout):
                    if phase == "keywords":
                        doc.keywords = extractor.rank(prescored[index], tagger.n_keywords, methods)
                    else:
                        doc.keywords = extractor.extract_many(doc, tagger.n_keywords, methods)
            except DOCUMENT_ERRORS as error:  # one broken document must not end a batch
                message = _keywords_failed(record, error)
                doc.error = message
                keyword_errors[position] = message
        result.tables["keywords"] = keywords_frame(doc for doc in docs if doc is not None)
        if phase == "tag":
            result.tables["documents"] = documents_table(docs, records)
        else:
            result.keyword_errors = keyword_errors
    result.stats = _stats(phase, records, docs)
    return result


def _mentions_rows(docs: Sequence[Document], records: Sequence[Record]) -> pd.DataFrame:
    """The mentions table; a document whose mentions cannot become rows fails alone, not its chunk.

    (Any value a table cannot hold fails its document, not the run.) The
    culprits are found by halving, so a bad document costs a few frames, not one per document.
    """
    try:
        return mentions_frame(docs)
    except Exception:
        _fail_unwritable(list(docs), list(records))
        return mentions_frame(docs)


def _fail_unwritable(docs: list[Document], records: list[Record]) -> None:
    try:
        mentions_frame(docs)
    except Exception as error:
        if len(docs) == 1:
            docs[0].error = located(records[0], f"{type(error).__name__}: {error}")
            docs[0].mentions = []
            return
        middle = len(docs) // 2
        _fail_unwritable(docs[:middle], records[:middle])
        _fail_unwritable(docs[middle:], records[middle:])


def recognise(
    tagger: Tagger, record: Record, max_chars: int = MAX_DOC_CHARS, timeout: float | None = None
) -> Document:
    """Entities, dates and figures of one article (no keywords) within ``timeout`` seconds;
    a failure is kept as its error."""
    text = record.text
    failed = Document(text=text or "", id=record.id, title=record.title)
    if record.error is not None:
        failed.error = located(record, record.error)
        return failed
    if not text or not text.strip():
        failed.error = located(record, "empty text")
        return failed
    try:
        with time_limit(timeout):
            if len(text) <= max_chars:
                return tagger.tag(text, record.date, title=record.title, id=record.id, keywords=False)
            return _recognise_in_parts(tagger, record, text, max_chars)
    except DOCUMENT_ERRORS as error:  # one broken article must not end a batch
        failed.error = located(record, f"{type(error).__name__}: {error}")
        return failed


def recognise_all(
    tagger: Tagger, records: Sequence[Record], max_chars: int = MAX_DOC_CHARS, timeout: float | None = None
) -> list[Document]:
    """:func:`recognise` of every record, the articles that fit in one part a group at a time.

    A group (:data:`zhtag.tagger.GROUP_CHARS` characters) goes to the tagger in one call, its
    name model decoding the group's sentences together, within the time limit of all its
    documents together; a group that runs out of time is tagged again document by document,
    each within its own limit, so that a slow document fails alone.
    """
    docs: list[Document | None] = [None] * len(records)
    whole = [i for i, record in enumerate(records)
             if record.error is None and record.text and record.text.strip() and len(record.text) <= max_chars]
    articles = [Article(records[i].text, records[i].id, records[i].title, records[i].date) for i in whole]
    done = 0
    for group in article_groups(articles, GROUP_CHARS):
        positions = whole[done : done + len(group)]
        done += len(group)
        try:
            with time_limit(timeout * len(group) if timeout else None):
                tagged = tagger.tag_articles(group, learn_idf=False, keywords=False)
        except DocumentTimeout:
            continue
        for position, doc in zip(positions, tagged):
            if doc.error is not None:
                doc.error = located(records[position], doc.error)
            docs[position] = doc
    return [doc if doc is not None else recognise(tagger, record, max_chars, timeout) for doc, record in zip(docs, records)]


def split_text(text: str, max_chars: int) -> list[tuple[int, str]]:
    """``text`` as (offset, part) pieces of at most ``max_chars``, cut after a line or sentence end."""
    pieces, start = [], 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind(mark) for mark in ("\n", "。", "！", "？", "；")) + 1
        if cut <= max_chars // 2:  # no boundary in the second half: cut hard rather than make tiny parts
            cut = max_chars
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _recognise_in_parts(tagger: Tagger, record: Record, text: str, max_chars: int) -> Document:
    """A long text tagged part by part, put back together with offsets into the whole text."""
    whole = Document(text=text, id=record.id, title=record.title)
    reference = record.date
    for number, (offset, part) in enumerate(split_text(text, max_chars)):
        doc = tagger.tag(part, reference, title=record.title, id=record.id, keywords=False)
        if number == 0:
            whole.date = reference = doc.date
        whole.tokens.extend(doc.tokens.shifted(offset))
        whole.mentions.extend(replace(m, start=m.start + offset, end=m.end + offset) for m in doc.mentions)
    return whole


def located(record: Record, message: str) -> str:
    """``message`` naming the file and line of ``record`` unless the message or the id already does."""
    source = record.source
    if not source or source in message or source == record.id:
        return message
    return f"{source}: {message}"


def documents_table(docs: Sequence[Document], records: Sequence[Record]) -> pd.DataFrame:
    """The documents rows, then the input's other fields (as strings, in order of first appearance)."""
    frame = documents_frame(docs)
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record.extra))
    for name in names:
        frame[extra_column(name)] = pd.array([record.extra.get(name) for record in records], dtype=STRING)
    return frame


def extra_column(name: str) -> str:
    """The documents column of an input field: its own name unless that is taken (``input_error``)."""
    return name if name not in DOCUMENT_DTYPES else f"input_{name}"


def _stats(phase: str, records: Sequence[Record], docs: Sequence[Document | None]) -> ChunkStats:
    """A task's counts; the keywords phase adds only keywords and keyword failures (the rest
    was counted by the recognise phase)."""
    stats = ChunkStats(documents=len(records))
    for record, doc in zip(records, docs):
        if doc is None:  # failed in the recognise phase, and counted there
            continue
        stats.keywords += len(doc.keywords)
        if doc.error is not None:
            stats.failed += 1
            stats.failures.append((str(record.id), doc.error))
        if phase == "keywords":
            continue
        stats.chars += len(record.text or "")
        stats.mentions.update(m.label for m in doc.mentions)
        stats.tagged += doc.error is None
    del stats.failures[LISTED_FAILURES:]
    return stats


def _peak_memory_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


# -- the keyword cache: what the keywords phase needs, without analysing again ------------

#: A row a keyword candidate: its fields that ranking reads, and per method the factor that the
#: IDF multiplies (null for a method the run does not use).
_CANDIDATE_SCHEMA = pa.schema(
    [
        ("doc", pa.int32()),
        ("text", pa.string()),
        ("parts", pa.list_(pa.string())),
        ("first", pa.int32()),
        ("entity", pa.bool_()),
        ("term", pa.bool_()),
        ("occurrences", pa.int32()),
        *((f"factor_{method}", pa.float64()) for method in METHODS),
    ]
)


def _cache_table(docs: Sequence[Document], positions: Sequence[int], prescored: Sequence[Prescored | None]) -> pa.Table:
    """The prescored candidates of the tagged documents, keyed by their position in the chunk.

    The table's metadata lists the positions of the documents tagged without error (a
    document may have no candidates and still be one). Each column is read off all the
    documents' candidates at once.
    """
    tagged = [(position, each) for position, doc, each in zip(positions, docs, prescored) if doc.error is None]
    per_doc = [each.candidates for _, each in tagged]
    candidates = list(chain.from_iterable(per_doc))
    counts = list(map(len, per_doc))
    columns: dict[str, Any] = {"doc": np.repeat(np.array([position for position, _ in tagged], dtype=np.int32), counts)}
    columns.update((name, list(map(attrgetter(name), candidates))) for name in Prescored.RANKED_FIELDS)
    for method in METHODS:
        factors = [each.factors.get(method) for _, each in tagged if each.candidates]
        if factors and all(factor is not None for factor in factors):
            columns[f"factor_{method}"] = np.concatenate(factors)
        else:
            columns[f"factor_{method}"] = pa.nulls(len(candidates), pa.float64())
    table = pa.table(columns, schema=_CANDIDATE_SCHEMA)
    return table.replace_schema_metadata({"tagged": json.dumps([position for position, _ in tagged])})


def _cache_range(cache: pa.Table | None, positions: Sequence[int], copy: bool = False) -> pa.Table | None:
    """The cache rows of the documents at ``positions`` (consecutive; the table is in position order).

    ``copy`` for rows that will be pickled: a slice would carry its whole table along.
    """
    if cache is None or not positions:
        return cache
    low, high = positions[0], positions[-1] + 1
    tagged = [p for p in json.loads(cache.schema.metadata[b"tagged"]) if low <= p < high]
    start, end = np.searchsorted(cache["doc"].to_numpy(), [low, high])
    sliced = cache.take(np.arange(start, end)) if copy else cache.slice(start, end - start)
    return sliced.replace_schema_metadata({"tagged": json.dumps(tagged)})


def _from_cache(
    records: Sequence[Record], positions: Sequence[int], cache: pa.Table | None, methods: Sequence[str]
) -> tuple[list[Document | None], list[Prescored | None]]:
    """The tagged documents (their text and ids only; None for a failed one) and their prescored
    candidates, from the cache."""
    if cache is None:
        raise ValueError("the keywords phase needs the cache of the recognise phase")
    tagged = set(json.loads(cache.schema.metadata[b"tagged"]))
    docs = [
        Document(text=record.text or "", id=record.id, title=record.title) if position in tagged else None
        for position, record in zip(positions, records)
    ]
    bounds = np.searchsorted(cache["doc"].to_numpy(), positions + (positions[-1] + 1,)).tolist() if positions else []
    fields = [cache[name].to_pylist() for name in Prescored.RANKED_FIELDS]
    factors = {method: cache[f"factor_{method}"].to_numpy(zero_copy_only=False) for method in methods}
    prescored: list[Prescored | None] = []
    for index, doc in enumerate(docs):
        if doc is None:
            prescored.append(None)
            continue
        low, high = bounds[index], bounds[index + 1]
        own_fields = [field[low:high] for field in fields]
        own_factors = {method: values[low:high] for method, values in factors.items()}
        prescored.append(Prescored.rebuilt(doc.text, doc.title, own_fields, own_factors))
    return docs, prescored


def _write_cache(folder: Path, chunk: int, cache: pa.Table) -> None:
    path = folder / f"candidates-{chunk:05d}.arrow"
    with atomic(path) as temporary, pa.OSFile(str(temporary), "wb") as sink:
        options = pa.ipc.IpcWriteOptions(compression="zstd")
        with pa.ipc.new_file(sink, cache.schema, options=options) as writer:
            writer.write_table(cache)


def _read_cache(folder: Path, chunk: int) -> pa.Table:
    with pa.memory_map(str(folder / f"candidates-{chunk:05d}.arrow")) as source:
        return pa.ipc.open_file(source).read_all()


# -- where the tasks run -------------------------------------------------------------------


class ProcessWorkers:
    """A pool of local worker processes; one that dies breaks the pool, which is then rebuilt."""

    breaks_all = True

    def __init__(self, jobs: int, context: multiprocessing.context.BaseContext | None = None) -> None:
        self.jobs = jobs
        self.context = context or multiprocessing.get_context()
        self.pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=self.jobs, mp_context=self.context, initializer=_start_worker)

    def submit(self, function: Callable, *args: Any) -> cf.Future:
        return self.pool.submit(function, *args)

    def idf_argument(self, path: Path) -> str:
        return str(path)

    def crashed(self, error: BaseException) -> bool:
        from concurrent.futures.process import BrokenProcessPool

        return isinstance(error, BrokenProcessPool)

    def restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _start_worker() -> None:
    """Worker initializer: malloc tuned for the worker, and an end when the run's process ends."""
    _fix_mmap_threshold()
    _exit_with_parent()


#: Allocations from this size on get pages of their own, returned to the system when freed.
MMAP_THRESHOLD = 1 << 20
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (glibc, musl)


def _fix_mmap_threshold() -> None:
    """Fix glibc's mmap threshold in a worker of ours (never in the user's own process).

    Left to itself the threshold climbs to the largest block freed so far (up to 32 MB), so
    the name model's temporaries of a few hundred kB come to be carved out of the heap, which
    they leave fragmented: 8 MB more at a worker's peak. Where there is no ``mallopt``
    (macOS, Windows) nothing changes.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def _exit_with_parent() -> None:
    """End the worker when the run's process dies, even by ``kill -9``.

    Without it an orphaned worker waits for work forever, holding the terminal's pipes.
    """
    parent = multiprocessing.parent_process()
    started_by = os.getppid()

    def watch() -> None:
        while (parent is None or parent.is_alive()) and os.getppid() == started_by:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="zhtag-parent-watch", daemon=True).start()


class DaskWorkers:
    """The workers of a dask.distributed cluster: the same tasks, sent through its client."""

    breaks_all = False

    def __init__(self, client: Any) -> None:
        self.client = client
        self.executor = client.get_executor(pure=False)
        self.jobs = max(sum(client.nthreads().values()), 1)

    def submit(self, function: Callable, *args: Any) -> cf.Future:
        return self.executor.submit(function, *args)

    def idf_argument(self, path: Path) -> Any:
        """The IDF sent once to every worker (their disks need not see the output folder)."""
        return self.client.scatter(IDF.load(path), broadcast=True)

    def crashed(self, error: BaseException) -> bool:
        from distributed.scheduler import KilledWorker

        return isinstance(error, KilledWorker)

    def restart(self) -> None:
        """Nothing to do: the cluster replaces a dead worker itself."""

    def close(self) -> None:
        """The client belongs to the caller."""


# -- the run -------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """What a run did: counts, time, and the peak memory of each worker process."""

    out: Path
    stats: ChunkStats
    seconds: float
    peak_memory_mb: dict[int, float]
    resumed_chunks: int = 0

    def __str__(self) -> str:
        stats = self.stats
        rate = f"{stats.documents / self.seconds:,.1f} docs/s, {stats.chars / self.seconds:,.0f} chars/s"
        labels = ", ".join(f"{label} {stats.mentions[label]:,}" for label in LABELS if stats.mentions[label])
        lines = [
            f"zhtag: {stats.documents:,} documents ({stats.failed:,} failed), {stats.chars:,} characters "
            f"in {self.seconds:,.1f} s ({rate})",
            f"zhtag: {sum(stats.mentions.values()):,} mentions ({labels or 'none'}), "
            f"{stats.keywords:,} keywords -> {self.out}",
        ]
        if self.resumed_chunks:
            lines.append(f"zhtag: resumed: {self.resumed_chunks} chunk results of the earlier run were kept")
        return "\n".join(lines)


class BatchRun:
    """One batch run; see the module docstring. Use :func:`run_batch`."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        out: str | Path,
        *,
        columns: Columns = Columns(),
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        default_date: str | None = None,
        spec: WorkerSpec = WorkerSpec(),
        workers: ProcessWorkers | DaskWorkers,
        chunk_docs: int = CHUNK_DOCS,
        chunk_chars: int = CHUNK_CHARS,
        idf: str | Path | None = None,
        save_idf: str | Path | None = None,
        resume: bool = False,
        fmt: str = "parquet",
        progress: bool = True,
    ) -> None:
        if fmt not in ("parquet", "csv"):
            raise ValueError(f"unknown output format {fmt!r}; use parquet or csv")
        if chunk_docs < 1 or chunk_chars < 1:
            raise ValueError("chunk sizes must be at least 1")
        self.files = input_files(paths, include, exclude)
        self.out = Path(out)
        self.columns, self.default_date = columns, default_date
        self.spec, self.workers = spec, workers
        self.chunk_docs, self.chunk_chars = chunk_docs, chunk_chars
        self.given_idf = Path(idf) if idf is not None else None
        self.save_idf = Path(save_idf) if save_idf is not None else None
        self.resume, self.fmt, self.progress = resume, fmt, progress
        self.state = self.out / _STATE
        self.parts = self.out if fmt == "parquet" else self.state / "parts"
        self.window = 2 * workers.jobs
        self.peak_memory: dict[int, float] = {}
        self.run_options = {
            "format": _RUN_FORMAT,
            "inputs": [[str(path), _size(path)] for path in self.files],
            "columns": [columns.text, columns.id, columns.title, columns.date],
            "default_date": default_date,
            "dictionaries": [[path, _digest(Path(path))] for path in spec.dictionaries],
            "keywords": spec.keywords,
            "max_chars": spec.max_chars,
            "doc_timeout": spec.doc_timeout,
            "tagger": f"{spec.factory.__module__}.{spec.factory.__qualname__}",
            "chunk_docs": chunk_docs,
            "chunk_chars": chunk_chars,
            "idf": _digest(self.given_idf) if self.given_idf else None,
            "output": fmt,
        }

    # -- the phases

    def run(self) -> BatchSummary:
        started = time.perf_counter()
        resumed = self._prepare()
        if not (self.state / "complete").exists():
            idf_path = self.state / "idf.tsv"
            if self.given_idf is not None:
                if not idf_path.exists():
                    with atomic(idf_path) as temporary:
                        shutil.copyfile(self.given_idf, temporary)
                self._phase("tag", idf_path)
            else:
                if not idf_path.exists():
                    self._phase("recognise", None)
                    self._save_corpus_idf(idf_path)
                self._phase("keywords", idf_path)
            self._finish()
        if self.save_idf is not None:
            shutil.copyfile(self.state / "idf.tsv", self.save_idf)
        stats = self._total()
        return BatchSummary(self.out, stats, time.perf_counter() - started, self.peak_memory, resumed)

    def _prepare(self) -> int:
        """Start afresh, or check that a resumed run has the same inputs and options.

        Returns how many chunk markers a resumed run found.
        """
        run_file = self.state / "run.json"
        options = json.loads(json.dumps(self.run_options))
        if self.resume and run_file.exists():
            previous = json.loads(run_file.read_text(encoding="utf-8"))
            if previous != options:
                changed = sorted(key for key in options if previous.get(key) != options[key])
                raise ValueError(
                    f"{self.out}: the run there had other inputs or options ({', '.join(changed)}); "
                    f"run without --resume to start again, or write to another folder"
                )
            return len(list((self.state / "done").glob("*.json")))
        for name in TABLES:
            for path in (self.out / f"{name}.parquet", self.out / f"{name}.csv"):
                if path.is_dir():
                    shutil.rmtree(path)
                elif path.exists():
                    path.unlink()
        if self.state.exists():
            shutil.rmtree(self.state)
        for folder in ("done", "cache"):
            (self.state / folder).mkdir(parents=True)
        for name in TABLES:
            (self.parts / f"{name}.parquet").mkdir(parents=True, exist_ok=True)
        with atomic(run_file) as temporary:
            temporary.write_text(json.dumps(options, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0

    def _phase(self, phase: str, idf_path: Path | None) -> None:
        """Run one phase over every chunk not yet done in it."""
        idf = self.workers.idf_argument(idf_path) if idf_path is not None else None
        total = self._documents_done("recognise") if phase == "keywords" else None
        bar = _progress_bar(phase, total, self._documents_done(phase), self.progress)
        started, chars = time.perf_counter(), 0
        assembling: dict[int, list[tuple[Task, TaskResult]]] = {}

        def finished(task: Task, result: TaskResult) -> None:
            nonlocal chars
            pieces = assembling.setdefault(task.chunk, [])
            pieces.append((task, result))
            if sum(len(piece.positions) for piece, _ in pieces) < task.chunk_size:
                return
            del assembling[task.chunk]
            pieces.sort(key=lambda piece: piece[0].positions[0])
            first_id = str(pieces[0][0].records[0].id)
            self._save_chunk(phase, task.chunk, first_id, _merge([result for _, result in pieces]))
            chars += sum(len(record.text or "") for piece, _ in pieces for record in piece.records)
            bar.update(task.chunk_size)
            bar.set_postfix_str(f"{chars / max(time.perf_counter() - started, 1e-9):,.0f} chars/s", refresh=False)

        try:
            self._execute(self._tasks(phase), idf, finished)
        finally:
            bar.close()

    def _tasks(self, phase: str) -> Iterator[Task]:
        done = self.state / "done"
        for chunk, records in enumerate(self._chunks()):
            if (done / f"{phase}-{chunk:05d}.json").exists():
                continue
            cache = None
            if phase == "keywords":
                self._check_alignment(chunk, records)
                cache = _read_cache(self.state / "cache", chunk)
            for start in range(0, len(records), TASK_DOCS):
                positions = tuple(range(start, min(start + TASK_DOCS, len(records))))
                piece = _cache_range(cache, positions, copy=True) if cache is not None else None
                yield Task(phase, chunk, len(records), positions, records[start : positions[-1] + 1], piece)

    def _chunks(self) -> Iterator[list[Record]]:
        """The input articles in chunks; the same inputs always give the same chunks."""
        chunk: list[Record] = []
        chars = 0
        for path in self.files:
            for record in read_file(path, self.columns):
                if record.date is None and self.default_date and record.error is None:
                    record.date = self.default_date
                chunk.append(record)
                chars += len(record.text or "")
                if len(chunk) >= self.chunk_docs or chars >= self.chunk_chars:
                    yield chunk
                    chunk, chars = [], 0
        if chunk:
            yield chunk

    def _check_alignment(self, chunk: int, records: list[Record]) -> None:
        marker = json.loads((self.state / "done" / f"recognise-{chunk:05d}.json").read_text(encoding="utf-8"))
        if marker["first_id"] != str(records[0].id) or marker["stats"]["documents"] != len(records):
            raise BatchError(
                f"chunk {chunk} no longer starts with the same document: the inputs changed during the run; "
                f"run again without --resume"
            )

    def _execute(self, tasks: Iterator[Task], idf: Any, finished: Callable[[Task, TaskResult], None]) -> None:
        """Keep the workers busy; narrow a task that killed its worker down to the document.

        A task that fails (its worker died, or any error outside the per-document
        guards) is run again alone; if it fails alone it is split into single
        documents, each run alone, and the one that still fails is recorded as failed.
        """
        in_flight: dict[cf.Future, tuple[Task, bool]] = {}
        suspects: deque[Task] = deque()
        pending: Iterator[Task] | None = iter(tasks)
        broken = False
        while True:
            if broken and not in_flight:
                self._restart()
                broken = False
            if suspects and not in_flight:
                task = suspects.popleft()
                in_flight[self._submit(task, idf)] = (task, True)
            while pending is not None and not suspects and len(in_flight) < self.window:
                task = next(pending, None)
                if task is None:
                    pending = None
                else:
                    in_flight[self._submit(task, idf)] = (task, False)
            if not in_flight:
                if pending is None and not suspects:
                    return
                continue
            done, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            for future in done:
                task, alone = in_flight.pop(future)
                try:
                    result = future.result()
                except WorkerSetupError:
                    raise
                except DOCUMENT_ERRORS as error:
                    broken = broken or (self.workers.breaks_all and self.workers.crashed(error))
                    if not alone:
                        suspects.append(task)
                    elif len(task.records) > 1:
                        suspects.extendleft(reversed(task.split()))
                    else:
                        finished(task, _failed_result(task, error, self.workers.crashed(error)))
                    continue
                if result.peak_memory_mb is not None:
                    self.peak_memory[result.worker] = max(self.peak_memory.get(result.worker, 0.0), result.peak_memory_mb)
                finished(task, result)

    def _restart(self) -> None:
        """A new pool after a crash, checked with a probe: workers that cannot start end the run."""
        self.workers.restart()
        try:
            self.workers.submit(worker_ready, self.spec).result()
        except WorkerSetupError:
            raise
        except Exception as error:
            raise WorkerSetupError(f"worker processes die before tagging anything ({type(error).__name__}: {error})") from None

    def _submit(self, task: Task, idf: Any) -> cf.Future:
        try:
            return self.workers.submit(run_task, self.spec, task, idf)
        except Exception as error:  # the pool broke since the last result: fail this task like the others
            future: cf.Future = cf.Future()
            future.set_exception(error)
            return future

    # -- writing

    def _save_chunk(self, phase: str, chunk: int, first_id: str, result: TaskResult) -> None:
        for name, frame in result.tables.items():
            write_part(frame, part_path(self.parts / f"{name}.parquet", chunk))
        if phase == "recognise":
            _write_cache(self.state / "cache", chunk, result.cache)
            with atomic(self.state / "cache" / f"idf-{chunk:05d}.pickle") as temporary:
                temporary.write_bytes(pickle.dumps((result.stats.tagged, result.frequencies)))
        if phase == "keywords" and result.keyword_errors:
            self._mark_keyword_errors(chunk, result.keyword_errors)
        marker = {"first_id": first_id, "stats": result.stats.to_json()}
        with atomic(self.state / "done" / f"{phase}-{chunk:05d}.json") as temporary:
            temporary.write_text(json.dumps(marker, ensure_ascii=False), encoding="utf-8")
        if phase == "keywords":
            (self.state / "cache" / f"candidates-{chunk:05d}.arrow").unlink(missing_ok=True)

    def _mark_keyword_errors(self, chunk: int, errors: dict[int, str]) -> None:
        path = part_path(self.parts / "documents.parquet", chunk)
        documents = pd.read_parquet(path)
        for position, message in errors.items():
            documents.loc[position, "error"] = message
        write_part(documents, path)

    def _save_corpus_idf(self, path: Path) -> None:
        """The IDF of the whole collection, added up from the counts each chunk left in the cache."""
        idf = IDF()
        frequencies: Counter[str] = Counter()
        for file in sorted((self.state / "cache").glob("idf-*.pickle")):
            tagged, counts = pickle.loads(file.read_bytes())
            idf.documents += tagged
            frequencies.update(counts)
        # most frequent first, ties by word: the same file whatever order the chunks finished in
        idf.frequencies = Counter(dict(sorted(frequencies.items(), key=lambda item: (-item[1], item[0]))))
        with atomic(path) as temporary:
            idf.save(temporary)
        for file in (self.state / "cache").glob("idf-*.pickle"):
            file.unlink()

    def _finish(self) -> None:
        """Give every documents part the same columns; join CSV parts; mark the run complete."""
        folder = self.parts / "documents.parquet"
        parts = sorted(folder.glob("part-*.parquet"))
        names: dict[str, None] = {}
        for part in parts:
            names.update(dict.fromkeys(pq.read_schema(part).names))
        for part in parts:
            if pq.read_schema(part).names != list(names):
                frame = pd.read_parquet(part)
                for name in names:
                    if name not in frame.columns:
                        frame[name] = pd.array([None] * len(frame), dtype=STRING)
                write_part(frame[list(names)], part)
        if self.fmt == "csv":
            for name in TABLES:
                join_csv(sorted((self.parts / f"{name}.parquet").glob("part-*.parquet")), self.out / f"{name}.csv")
        shutil.rmtree(self.state / "cache", ignore_errors=True)
        (self.state / "complete").write_text("", encoding="utf-8")
        if self.fmt == "csv":
            shutil.rmtree(self.parts, ignore_errors=True)

    def _documents_done(self, phase: str) -> int:
        """Documents of the chunks finished in ``phase`` (before a resume, or so far)."""
        markers = (self.state / "done").glob(f"{phase}-*.json")
        return sum(json.loads(marker.read_text(encoding="utf-8"))["stats"]["documents"] for marker in markers)

    def _total(self) -> ChunkStats:
        """The run's counts, added up from the chunk markers (so a resumed run counts everything)."""
        total = ChunkStats()
        for marker in sorted((self.state / "done").glob("*.json")):
            stats = ChunkStats.from_json(json.loads(marker.read_text(encoding="utf-8"))["stats"])
            if marker.name.startswith("keywords-"):
                stats.documents = 0
            total.add(stats)
        return total


def run_batch(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    columns: Columns = Columns(),
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    default_date: str | None = None,
    dictionaries: Iterable[str | Path] = (),
    keywords: int = 10,
    jobs: int | None = None,
    chunk_docs: int = CHUNK_DOCS,
    chunk_chars: int = CHUNK_CHARS,
    max_chars: int = MAX_DOC_CHARS,
    doc_timeout: float | None = DOC_TIMEOUT,
    idf: str | Path | None = None,
    save_idf: str | Path | None = None,
    resume: bool = False,
    fmt: str = "parquet",
    progress: bool = True,
    mp_context: multiprocessing.context.BaseContext | None = None,
    client: Any = None,
    tagger_factory: Callable[..., Tagger] = Tagger,
) -> BatchSummary:
    """Tag files and folders into Parquet datasets (or CSV files) in ``out``; see the module docstring.

    ``jobs`` worker processes (default: every core) each build the Tagger once, with the
    ``dictionaries`` given by path; ``mp_context`` picks the start method (``spawn`` works).
    With ``client`` (a ``distributed.Client``) the tasks run on that Dask cluster instead.
    ``idf`` is an IDF file saved by an earlier run (``save_idf``); without it the IDF is
    learnt from this collection. ``tagger_factory(dictionaries, keywords=k)`` builds each
    worker's Tagger (a subclass, say). A document that takes longer than ``doc_timeout``
    seconds in a phase (None: no limit) is recorded as failed with that error.
    """
    from zhtag.dictionaries import load_all

    dictionaries = tuple(str(Path(path)) for path in dictionaries)
    load_all(dictionaries)  # a broken dictionary fails here, with its file and line, not in every worker
    spec = WorkerSpec(dictionaries, keywords, max_chars, tagger_factory, doc_timeout)
    workers: ProcessWorkers | DaskWorkers
    workers = DaskWorkers(client) if client is not None else ProcessWorkers(jobs or default_jobs(), mp_context)
    try:
        run = BatchRun(
            paths, out, columns=columns, include=include, exclude=exclude, default_date=default_date,
            spec=spec, workers=workers, chunk_docs=chunk_docs, chunk_chars=chunk_chars, idf=idf,
            save_idf=save_idf, resume=resume, fmt=fmt, progress=progress,
        )  # fmt: skip
        return run.run()
    finally:
        workers.close()


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


# -- helpers -------------------------------------------------------------------------------


def _merge(parts: list[TaskResult]) -> TaskResult:
    """The result of a whole chunk from the results of its pieces, in position order (usually one)."""
    if len(parts) == 1:
        return parts[0]
    merged = TaskResult(tuple(p for part in parts for p in part.positions), {}, ChunkStats())
    for name in parts[0].tables:
        frames = [part.tables[name] for part in parts]
        frame = pd.concat(frames, ignore_index=True)
        dtypes = {column: dtype for part in frames for column, dtype in part.dtypes.items()}
        merged.tables[name] = frame.astype({column: dtypes[column] for column in frame.columns})
    for part in parts:
        merged.stats.add(part.stats)
        merged.keyword_errors.update(part.keyword_errors)
    if parts[0].frequencies is not None:
        merged.frequencies = Counter()
        for part in parts:
            merged.frequencies.update(part.frequencies)
        caches = [part.cache for part in parts]
        tagged = [p for cache in caches for p in json.loads(cache.schema.metadata[b"tagged"])]
        candidates = pa.concat_tables([cache.replace_schema_metadata(None) for cache in caches])
        merged.cache = candidates.replace_schema_metadata({"tagged": json.dumps(tagged)})
    return merged


def _failed_result(task: Task, error: BaseException, crashed: bool) -> TaskResult:
    """The result of one document whose task failed even when run alone."""
    record, position = task.records[0], task.positions[0]
    if crashed:
        problem = f"the worker process died while tagging this document ({type(error).__name__}); the run went on"
    else:
        problem = f"{type(error).__name__}: {error}"
    message = located(record, problem)
    doc = Document(text=record.text or "", id=record.id, title=record.title, error=message)
    stats = ChunkStats(documents=1, failures=[(str(record.id), message)])
    result = TaskResult(task.positions, {}, stats)
    if task.phase == "keywords":
        stats.failed = 1
        result.keyword_errors = {position: message}
        result.tables = {"keywords": keywords_frame([])}
        return result
    stats.failed, stats.chars = 1, len(record.text or "")
    result.tables = {"mentions": mentions_frame([]), "documents": documents_table([doc], [record])}
    if task.phase == "tag":
        result.tables["keywords"] = keywords_frame([])
    else:
        result.frequencies = Counter()
        result.cache = _cache_table([doc], task.positions, [None])
    return result


def _progress_bar(phase: str, total: int | None, initial: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=total, initial=initial, desc=phase, unit="doc", file=sys.stderr, disable=not enabled, dynamic_ncols=True
    )


def _size(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() else None


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()

