"""Where the benchmarks find the public data (../shared/data), and a polite exit when it is absent."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterator

DATA = Path(os.environ.get("ZHTAG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def data_file(name: str) -> Path:
    """The path of a shared data file; exits 0 with a message when it is not there."""
    path = DATA / name
    if not path.is_file():
        print(f"skipped: {path} not found (set ZHTAG_DATA to the folder of the shared data)")
        sys.exit(0)
    return path


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
