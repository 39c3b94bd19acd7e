"""Batch runs over collections larger than memory: streamed, parallel, resumable.

The run reads articles in input order and cuts them into chunks (``chunk_docs`` articles
or ``chunk_chars`` characters, whichever comes first). Chunk *i* becomes part *i* of each
output table, whichever worker tagged it and whenever it finished, so the same input gives
byte-identical files for any number of workers. A chunk goes to the workers as tasks of
:data:`TASK_DOCS` documents (so that the workers share it evenly), at most two tasks per
worker are in flight, and a worker holds :data:`zhtag.worker.DOCS_AT_ONCE` documents as Python objects at
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
import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from zhtag.document import LABELS, Document
from zhtag.frames import STRING, TABLE_DTYPES, frame_of
from zhtag.io.readers import Columns, Record, input_files, read_file
from zhtag.io.writers import atomic, join_csv, part_path, write_part
from zhtag.keywords import IDF
from zhtag.rows import keywords_table, mentions_table
from zhtag.tagger import Tagger
from zhtag.worker import (
    DOC_TIMEOUT,
    DOCUMENT_ERRORS,
    MAX_DOC_CHARS,
    BatchError,
    ChunkStats,
    Task,
    TaskResult,
    WorkerSetupError,
    WorkerSpec,
    cache_range,
    cache_table,
    documents_rows,
    located,
    merge_results,
    run_task,
    start_worker,
    worker_ready,
)

#: Defaults: a chunk is small enough to keep a worker's memory low, large enough to amortise.
CHUNK_DOCS = 500
CHUNK_CHARS = 2_000_000
TABLES = ("mentions", "keywords", "documents")
#: Documents per task: a chunk goes to the workers in several tasks, so that they share it evenly.
TASK_DOCS = 100

_STATE = "_zhtag"
#: The layout of a run's state; a run of another layout is not resumed (2: the cache holds
#: prescored keyword candidates, no longer tokens and mentions).
_RUN_FORMAT = 2


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
        return cf.ProcessPoolExecutor(max_workers=self.jobs, mp_context=self.context, initializer=start_worker)

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
            self._save_chunk(phase, task.chunk, first_id, merge_results([result for _, result in pieces]))
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
                piece = cache_range(cache, positions, copy=True) if cache is not None else None
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
        for name, table in result.tables.items():
            write_part(frame_of(table, TABLE_DTYPES[name]), part_path(self.parts / f"{name}.parquet", chunk))
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
        result.tables = {"keywords": keywords_table([])}
        return result
    stats.failed, stats.chars = 1, len(record.text or "")
    result.tables = {"mentions": mentions_table([]), "documents": documents_rows([doc], [record])}
    if task.phase == "tag":
        result.tables["keywords"] = keywords_table([])
    else:
        result.frequencies = Counter()
        result.cache = cache_table([doc], task.positions, [None])
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

