"""Result tables to files: Parquet (pyarrow) or CSV, one file per table."""
from __future__ import annotations

from pathlib import Path

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
        if fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False)
        written.append(path)
    return written
