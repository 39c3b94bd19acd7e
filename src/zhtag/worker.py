"""What a worker process runs: its Tagger built once, a task's documents tagged, rows handed back.

A task's rows come back as Arrow tables (zhtag.rows), which the run's own process turns
into frames: this module and everything it imports leave pandas out, so that a worker does
not carry it (50 MB of every spawned worker). The same tasks run in local worker processes,
in-process (``--jobs 1``) and on dask workers.
"""
from __future__ import annotations

import ctypes
import importlib.abc
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from types import TracebackType
from typing import Any, Callable, Sequence

import numpy as np
import pyarrow as pa
from threadpoolctl import threadpool_limits

from zhtag.collector import collector_paused
from zhtag.document import Document
from zhtag.io.readers import Record
from zhtag.keywords import IDF, METHODS, KeywordExtractor, Prescored
from zhtag.rows import DOCUMENT_SCHEMA, column_of, documents_table, keywords_table, mentions_table
from zhtag.tagger import GROUP_CHARS, Article, Tagger, article_groups

#: A longer text is tagged in parts of at most this many characters, cut at a line or sentence end.
MAX_DOC_CHARS = 100_000
#: Seconds one document may take in each phase (``--doc-timeout``): news of a million characters
#: takes well under a minute, so only a text the tagger cannot handle comes near it.
DOC_TIMEOUT = 120.0
#: Documents a worker holds as Python objects at once (their rows are kept, the objects dropped).
DOCS_AT_ONCE = 20
#: Failed documents listed in the summary (all of them are in the documents table).
LISTED_FAILURES = 20


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
            replace(self, positions=(position,), records=[record], cache=cache_range(self.cache, (position,), copy=True))
            for position, record in zip(self.positions, self.records)
        ]


@dataclass
class TaskResult:
    """What a worker hands back for a task: table rows, the keyword cache, counts."""

    positions: tuple[int, ...]
    tables: dict[str, pa.Table]
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
        cache = cache_range(task.cache, positions) if task.phase == "keywords" else None
        pieces.append(_run_docs(tagger, extractor, spec, task.phase, positions, records, cache))
    result = merge_results(pieces)
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
        result.cache = cache_table(docs, positions, prescored)
        result.tables["documents"] = documents_rows(docs, records)
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
        result.tables["keywords"] = keywords_table(doc for doc in docs if doc is not None)
        if phase == "tag":
            result.tables["documents"] = documents_rows(docs, records)
        else:
            result.keyword_errors = keyword_errors
    result.stats = _stats(phase, records, docs)
    return result


def _mentions_rows(docs: Sequence[Document], records: Sequence[Record]) -> pa.Table:
    """The mentions table; a document whose mentions cannot become rows fails alone, not its chunk.

    (Any value a table cannot hold fails its document, not the run.) The
    culprits are found by halving, so a bad document costs a few tables, not one per document.
    """
    try:
        return mentions_table(docs)
    except Exception:
        _fail_unwritable(list(docs), list(records))
        return mentions_table(docs)


def _fail_unwritable(docs: list[Document], records: list[Record]) -> None:
    try:
        mentions_table(docs)
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


def documents_rows(docs: Sequence[Document], records: Sequence[Record]) -> pa.Table:
    """The documents rows, then the input's other fields (as strings, in order of first appearance)."""
    table = documents_table(docs)
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record.extra))
    for name in names:
        table = table.append_column(extra_column(name), column_of([record.extra.get(name) for record in records], pa.string()))
    return table


def extra_column(name: str) -> str:
    """The documents column of an input field: its own name unless that is taken (``input_error``)."""
    return name if name not in DOCUMENT_SCHEMA.names else f"input_{name}"


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


def cache_table(docs: Sequence[Document], positions: Sequence[int], prescored: Sequence[Prescored | None]) -> pa.Table:
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


def cache_range(cache: pa.Table | None, positions: Sequence[int], copy: bool = False) -> pa.Table | None:
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



def start_worker() -> None:
    """Worker initializer: malloc tuned for the worker, one BLAS thread, no pandas, and an end when
    the run's process ends."""
    _fix_mmap_threshold()
    _one_blas_thread()
    _arrow_without_pandas()
    _exit_with_parent()


def _one_blas_thread() -> None:
    """Workers are as many as the cores: a BLAS pool of its own in each (the BiLSTM's matrix
    products) would put two threads on every core."""
    threadpool_limits(limits=1, user_api="blas")


def _arrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas in a spawned worker, which never makes a frame.

    pyarrow imports pandas on its first array, only to recognise pandas objects among its
    inputs; a worker hands over plain lists, so its look finds pandas "missing" and is
    never repeated. pandas is not blocked: code that asks for it (``to_pandas`` too) gets it.
    A forked worker has the run's pandas already and nothing changes.
    """
    if "pandas" in sys.modules:
        return
    hidden = _PandasHidden()
    sys.meta_path.insert(0, hidden)
    try:
        pa.array([], type=pa.int64())
    finally:
        sys.meta_path.remove(hidden)


class _PandasHidden(importlib.abc.MetaPathFinder):
    """An import finder for which pandas is not installed."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("pandas is hidden while pyarrow looks for it", name=name)
        return None


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



def merge_results(parts: list[TaskResult]) -> TaskResult:
    """The result of a whole chunk from the results of its pieces, in position order (usually one)."""
    if len(parts) == 1:
        return parts[0]
    merged = TaskResult(tuple(p for part in parts for p in part.positions), {}, ChunkStats())
    for name in parts[0].tables:
        # the documents of the parts may carry different input fields: a row without one has null
        merged.tables[name] = pa.concat_tables([part.tables[name] for part in parts], promote_options="default")
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
