"""Articles from files and folders: .txt, .jsonl(.gz), .csv/.tsv, .parquet.

Readers never stop at a broken record: a file or line that cannot be read comes
out as an :class:`~zhtag.tagger.Article` with ``error`` set (naming the file, the
line and the fix), so that every input has a row in the documents table.
"""
from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from zhtag.io.encoding import UnreadableInput, decode
from zhtag.tagger import Article

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv", ".tsv", ".parquet")
#: A first line longer than this is body text, not a title.
MAX_TITLE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Columns:
    """Which fields of a table or JSON record hold the article's parts."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    date: str = "date"


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read: given files as they are, folders searched recursively for known suffixes.

    A path that does not exist raises FileNotFoundError at once: a typo should not
    cost a long run.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


def read_articles(paths: Iterable[str | Path], columns: Columns = Columns()) -> Iterator[Article]:
    """Every article of every input file, in file order."""
    for path in input_files(paths):
        yield from read_file(path, columns)


def read_file(path: Path, columns: Columns = Columns()) -> Iterator[Article]:
    """The articles of one file; an unreadable file yields one Article carrying its error."""
    suffix = _suffix(path)
    readers = {
        ".txt": _read_txt,
        ".jsonl": _read_jsonl,
        ".jsonl.gz": _read_jsonl,
        ".csv": _read_table,
        ".tsv": _read_table,
        ".parquet": _read_table,
    }
    reader = readers.get(suffix)
    if reader is None:
        yield Article(None, str(path), error=f"{path}: unsupported file type {suffix or '(none)'}; use {', '.join(SUFFIXES)}")
        return
    try:
        yield from reader(path, columns)
    except (UnreadableInput, OSError, ValueError, KeyError) as error:
        message = str(error).strip("'\"")
        yield Article(None, str(path), error=message if str(path) in message else f"{path}: {message}")


def split_title(text: str) -> str | None:
    """The first line of a .txt article when it reads as a headline (short, more lines follow)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and len(lines[0]) <= MAX_TITLE_CHARS:
        return lines[0]
    return None


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def _read_txt(path: Path, columns: Columns) -> Iterator[Article]:
    text = decode(path.read_bytes(), str(path))
    yield Article(text, str(path), title=split_title(text))


def _read_jsonl(path: Path, columns: Columns) -> Iterator[Article]:
    raw = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        raw = gzip.decompress(raw)
    content = decode(raw, str(path))
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        doc_id = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Article(None, doc_id, error=f"{path}:{number}: invalid JSON ({error.msg}); fix or remove the line")
            continue
        if not isinstance(record, dict):
            yield Article(None, doc_id, error=f"{path}:{number}: expected a JSON object per line")
            continue
        yield _record_article(record, doc_id, columns, f"{path}:{number}")


def _read_table(path: Path, columns: Columns) -> Iterator[Article]:
    if _suffix(path) == ".parquet":
        frame = pd.read_parquet(path)
    else:
        text = decode(path.read_bytes(), str(path))
        frame = pd.read_csv(io.StringIO(text), sep="\t" if _suffix(path) == ".tsv" else ",", dtype=str, keep_default_na=False)
    if columns.text not in frame.columns:
        raise UnreadableInput(
            f"{path}: no text column {columns.text!r} (columns: {', '.join(map(str, frame.columns))}); "
            f"name the text column with --text-column"
        )
    for number, record in enumerate(frame.to_dict("records"), start=1):
        yield _record_article(record, f"{path}:{number}", columns, f"{path}: row {number}")


def _record_article(record: dict, default_id: str, columns: Columns, where: str) -> Article:
    doc_id = record.get(columns.id)
    doc_id = default_id if doc_id is None or doc_id == "" else str(doc_id)
    text = record.get(columns.text)
    title = record.get(columns.title)
    date = record.get(columns.date) or None
    if not isinstance(text, str):
        return Article(None, doc_id, error=f"{where}: no text in field {columns.text!r}")
    return Article(text, doc_id, title=title if isinstance(title, str) and title else None, date=date)
