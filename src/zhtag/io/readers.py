"""Articles from files and folders: .txt, .jsonl(.gz), .csv/.tsv, .parquet (files or datasets).

Readers stream: a .jsonl is read line by line, a .csv in blocks of rows, a .parquet in
record batches, so a file far larger than memory is never held whole (a .txt is one
article and is read at once). They never stop at a broken record: a file or line that
cannot be read comes out as a :class:`Record` with ``error`` set, naming the file, the
line (or row) and the fix, so that every input has a row in the documents table.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import date as date_type
from fnmatch import fnmatch
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from zhtag.io.encoding import UnreadableInput, decode, detect_file_encoding, open_binary
from zhtag.tagger import Article

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv", ".tsv", ".parquet")
#: A first line longer than this is body text, not a title.
MAX_TITLE_CHARS = 80
#: Rows per block when reading tables (.csv/.tsv/.parquet): memory, not results, depends on it.
BATCH_ROWS = 1024
#: A folder named like a Hive partition (``year=2024``) belongs to a Parquet dataset.
_PARTITION = re.compile(r"^[^=/]+=[^/]*$")
#: Encodings whose bytes never contain a newline inside a character, so lines split on b"\n".
_LINE_SAFE = re.compile(r"^(utf[-_]?8(-sig)?|gb18030|gbk|gb2312|big5|ascii)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Columns:
    """Which fields of a table or JSON record hold the article's parts."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    date: str = "date"

    def __contains__(self, name: object) -> bool:
        return name in (self.text, self.id, self.title, self.date)


@dataclass(slots=True)
class Record(Article):
    """An article as read: where it came from, and the input's other fields.

    ``source`` is the file and line (``news.jsonl:12``) or row (``news.csv: row 3``),
    so that an error found later can still name it. ``extra`` holds the fields that
    are not the text, id, title or date, as strings (JSON for lists and objects), to
    be carried through to the documents table.
    """

    source: str = ""
    extra: dict[str, str | None] = field(default_factory=dict)


def input_files(
    paths: Iterable[str | Path], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> list[Path]:
    """The inputs to read: given files as they are, folders searched recursively.

    In folders only known suffixes are taken, hidden files (``.name``) skipped, and
    ``include``/``exclude`` globs matched against the file name and the path below
    the folder (``*.jsonl``, ``drafts/*``). A folder named ``*.parquet`` or holding
    Hive partitions (``year=2024/``) is one Parquet dataset. A path that does not
    exist raises FileNotFoundError at once: a typo should not cost a long run.
    """
    include, exclude = list(include), list(exclude)
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir() and _is_dataset(path):
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in _walk(path) if _selected(p.relative_to(path), include, exclude))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


def read_articles(
    paths: Iterable[str | Path],
    columns: Columns = Columns(),
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[Record]:
    """Every article of every input, in file order."""
    for path in input_files(paths, include, exclude):
        yield from read_file(path, columns)


def read_file(path: Path, columns: Columns = Columns()) -> Iterator[Record]:
    """The articles of one file (or Parquet dataset folder); an unreadable one yields an error Record."""
    path = Path(path)
    suffix = ".parquet" if path.is_dir() else _suffix(path)
    readers: dict[str, Callable[[Path, Columns], Iterator[Record]]] = {
        ".txt": _read_txt,
        ".jsonl": _read_jsonl,
        ".jsonl.gz": _read_jsonl,
        ".csv": _read_csv,
        ".tsv": _read_csv,
        ".parquet": _read_parquet,
    }
    reader = readers.get(suffix)
    if reader is None:
        message = f"{path}: unsupported file type {suffix or '(none)'}; use {', '.join(SUFFIXES)}"
        yield _failed(str(path), message, str(path))
        return
    try:
        yield from reader(path, columns)
    except (UnreadableInput, OSError, ValueError, KeyError) as error:
        message = str(error).strip("'\"")
        yield _failed(str(path), message if str(path) in message else f"{path}: {message}", str(path))


def split_title(text: str) -> str | None:
    """The first line of a .txt article when it reads as a headline (short, more lines follow)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and len(lines[0]) <= MAX_TITLE_CHARS:
        return lines[0]
    return None


def _walk(folder: Path) -> Iterator[Path]:
    """Known files below ``folder`` in name order, a dataset folder counting as one file."""
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if _is_dataset(entry):
                yield entry
            else:
                yield from _walk(entry)
        elif entry.is_file() and _suffix(entry) in SUFFIXES:
            yield entry


def _is_dataset(folder: Path) -> bool:
    if folder.name.lower().endswith(".parquet"):
        return True
    return any(entry.is_dir() and _PARTITION.match(entry.name) for entry in folder.iterdir())


def _selected(relative: Path, include: list[str], exclude: list[str]) -> bool:
    def matches(pattern: str) -> bool:
        return fnmatch(relative.as_posix(), pattern) or fnmatch(relative.name, pattern)

    return (not include or any(map(matches, include))) and not any(map(matches, exclude))


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def _failed(doc_id: str, error: str, source: str) -> Record:
    return Record(None, doc_id, error=error, source=source)


def _read_txt(path: Path, columns: Columns) -> Iterator[Record]:
    text = decode(path.read_bytes(), str(path))
    yield Record(text, str(path), title=split_title(text), source=str(path))


def _read_jsonl(path: Path, columns: Columns) -> Iterator[Record]:
    opener: Callable[[Path], BinaryIO] = gzip.open if _suffix(path) == ".jsonl.gz" else open_binary  # type: ignore[assignment]
    encoding = detect_file_encoding(path, opener)
    number = 0
    with opener(path) as handle:
        lines: Iterable[bytes | str] = handle if _LINE_SAFE.match(encoding) else io.TextIOWrapper(handle, encoding)
        try:
            for number, line in enumerate(lines, start=1):
                record = _jsonl_record(path, number, line, encoding, columns)
                if record is not None:
                    yield record
        except (UnicodeDecodeError, OSError, EOFError, zlib.error) as error:
            where = f"{path}:{number + 1}"
            yield _failed(where, f"{where}: the rest of the file is unreadable ({error}); fix or re-export it", where)


def _jsonl_record(path: Path, number: int, line: bytes | str, encoding: str, columns: Columns) -> Record | None:
    """The article on one line, an error Record when it cannot be read, None for a blank line."""
    where = f"{path}:{number}"
    if isinstance(line, bytes):
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        try:
            line = line.decode("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            try:
                line = decode(line, where)  # a line in another encoding than the rest of the file
            except UnreadableInput as error:
                return _failed(where, str(error), where)
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return _failed(where, f"{where}: invalid JSON ({error.msg}); fix or remove the line", where)
    if not isinstance(record, dict):
        return _failed(where, f"{where}: expected a JSON object per line", where)
    return record_from_fields(record, where, columns, where)


def _read_csv(path: Path, columns: Columns) -> Iterator[Record]:
    import pandas as pd  # here, not at the top: a batch worker unpickles Records without pandas

    encoding = detect_file_encoding(path)
    try:
        blocks = pd.read_csv(
            path,
            sep="\t" if _suffix(path) == ".tsv" else ",",
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
            chunksize=BATCH_ROWS,
        )
    except pd.errors.EmptyDataError:
        raise UnreadableInput(f"{path}: empty file, no header line; give a header with a {columns.text!r} column") from None
    number = 0
    with blocks:
        try:
            for block in blocks:
                _require_text_column(path, list(block.columns), columns)
                for record in block.to_dict("records"):
                    number += 1
                    yield record_from_fields(record, f"{path}:{number}", columns, f"{path}: row {number}")
        except (UnicodeDecodeError, pd.errors.ParserError) as error:
            where = f"{path}: row {number + 1}"
            message = f"{where} onwards is unreadable ({str(error).strip()}); fix or re-export the file"
            yield _failed(f"{path}:{number + 1}", message, where)


def _read_parquet(path: Path, columns: Columns) -> Iterator[Record]:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    if path.is_dir():
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
        names, batches = dataset.schema.names, dataset.to_batches(batch_size=BATCH_ROWS)
    else:
        parquet = pq.ParquetFile(path)
        names, batches = parquet.schema_arrow.names, parquet.iter_batches(batch_size=BATCH_ROWS)
    _require_text_column(path, names, columns)
    number = 0
    for batch in batches:
        for record in batch.to_pylist():
            number += 1
            yield record_from_fields(record, f"{path}:{number}", columns, f"{path}: row {number}")


def _require_text_column(path: Path, names: list[str], columns: Columns) -> None:
    if columns.text not in names:
        raise UnreadableInput(
            f"{path}: no text column {columns.text!r} (columns: {', '.join(map(str, names))}); "
            f"name the text column with --text-column"
        )


def record_from_fields(record: dict, default_id: str, columns: Columns, where: str) -> Record:
    """The article in one record's fields; ``where`` (file and line or row) goes into its errors."""
    doc_id = record.get(columns.id)
    doc_id = default_id if doc_id is None or doc_id == "" else str(doc_id)
    text = record.get(columns.text)
    title = record.get(columns.title)
    date = record.get(columns.date) or None
    extra = {str(name): _extra_value(value) for name, value in record.items() if name not in columns}
    if not isinstance(text, str):
        return Record(None, doc_id, error=f"{where}: no text in field {columns.text!r}", source=where, extra=extra)
    title = title if isinstance(title, str) and title else None
    return Record(text, doc_id, title=title, date=date, source=where, extra=extra)


def _extra_value(value: object) -> str | None:
    """A carried-through field as a string: the same type in every part of the output."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if value is None or _missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return str(value)
    if isinstance(value, date_type):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


def _missing(value: object) -> bool:
    """NaN, NaT, pd.NA: the ways a table says "no value"."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
