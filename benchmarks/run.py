"""Run every benchmark in this folder, one after the other, and print their tables.

Run: python benchmarks/run.py [NAME …]   (names without .py; default: all)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = [HERE / f"{name}.py" for name in names] or sorted(
        p for p in HERE.glob("*.py") if not p.name.startswith("_") and p.name != "run.py"
    )
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem}", flush=True)
        failed += subprocess.call([sys.executable, str(script)], cwd=HERE) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
