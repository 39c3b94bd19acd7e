"""Result tables to files: Parquet (pyarrow) or CSV; whole tables, or part files of a batch run.

Every file is written under a temporary name (``.NAME.tmp``, which readers of Parquet
datasets skip) and renamed into place, so that a run killed half-way leaves complete
files only.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pandas as pd

from zhtag.tagger import Tables

FORMATS = ("parquet", "csv")


def write_tables(tables: Tables, out_dir: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write ``mentions``, ``keywords`` and ``documents`` into ``out_dir``; return the paths."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables._asdict().items():
        path = out / f"{name}.{fmt}"
        with atomic(path) as temporary:
            if fmt == "parquet":
                frame.to_parquet(temporary, index=False)
            else:
                frame.to_csv(temporary, index=False)
        written.append(path)
    return written


def part_path(folder: str | Path, number: int) -> Path:
    """Part ``number`` of a Parquet dataset folder: ``part-00042.parquet``."""
    return Path(folder) / f"part-{number:05d}.parquet"


def write_part(frame: pd.DataFrame, path: str | Path) -> None:
    """One part file of a Parquet dataset, written atomically."""
    with atomic(Path(path)) as temporary:
        frame.to_parquet(temporary, index=False)


def join_csv(parts: Iterable[Path], path: str | Path) -> None:
    """One CSV file from Parquet part files (one header), read one part at a time."""
    with atomic(Path(path)) as temporary, temporary.open("w", encoding="utf-8", newline="") as handle:
        for number, part in enumerate(parts):
            pd.read_parquet(part).to_csv(handle, index=False, header=number == 0)


class atomic:
    """A temporary path next to ``path``, renamed onto it when the block ends without error."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.temporary = self.path.with_name(f".{self.path.name}.tmp")

    def __enter__(self) -> Path:
        return self.temporary

    def __exit__(self, kind: type | None, error: BaseException | None, traceback: object) -> None:
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            self.temporary.unlink(missing_ok=True)
