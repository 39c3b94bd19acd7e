"""Cold start: a fresh Python process that imports, builds a tagger and tags one sentence.

Run: python benchmarks/bench_cold_start.py [--runs N]
Each system runs ``--runs`` times (7) in a new process, all systems once a round, after one
unmeasured run of each that fills the caches (zhtag's user cache, jieba's prefix-dictionary
cache): the aim is a start with a warm cache. Prints the fastest and median seconds of
import + setup + first call, and zhtag's phases (import, Tagger(), first tag), with the
ratio of each system's median to zhtag's.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

SENTENCE = "新华社贵阳12月3日电 贵安超算中心今年上半年新增算力超40%，接入企业近万家。"

#: Each program prints a JSON list of phase timings (seconds), measured inside the process.
PROGRAMS = {
    "zhtag Tagger().tag": f"""
import time; start = time.perf_counter()
from zhtag import Tagger
imported = time.perf_counter(); tagger = Tagger(); built = time.perf_counter()
tagger.tag({SENTENCE!r})
done = time.perf_counter()
print([imported - start, built - imported, done - built])
""",
    "jieba.lcut": f"""
import time; start = time.perf_counter()
import jieba
jieba.setLogLevel(60)
imported = time.perf_counter(); jieba.lcut({SENTENCE!r}); done = time.perf_counter()
print([imported - start, 0.0, done - imported])
""",
    "jieba.posseg.lcut": f"""
import time; start = time.perf_counter()
import jieba, jieba.posseg
jieba.setLogLevel(60)
imported = time.perf_counter(); jieba.posseg.lcut({SENTENCE!r}); done = time.perf_counter()
print([imported - start, 0.0, done - imported])
""",
}


def run(program: str) -> list[float]:
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per system")
    args = parser.parse_args()
    for program in PROGRAMS.values():  # fills the caches: the aim is a warm-cache start
        run(program)
    phases: dict[str, list[list[float]]] = {name: [] for name in PROGRAMS}
    for _ in range(args.runs):
        for name, program in PROGRAMS.items():
            phases[name].append(run(program))
    medians = {name: statistics.median(sum(p) for p in runs) for name, runs in phases.items()}
    zhtag_median = medians["zhtag Tagger().tag"]
    print(f"cold start, warm cache; {args.runs} fresh processes each")
    print(f"{'system':<24}{'fastest s':>11}{'median s':>10}{'median / zhtag':>16}")
    for name, runs in phases.items():
        totals = [sum(p) for p in runs]
        print(f"{name:<24}{min(totals):>11.2f}{medians[name]:>10.2f}{medians[name] / zhtag_median:>16.2f}")
    print()
    print(f"{'zhtag phase':<24}{'median s':>10}")
    for index, phase in enumerate(("import zhtag", "Tagger()", "first tag")):
        print(f"{phase:<24}{statistics.median(p[index] for p in phases['zhtag Tagger().tag']):>10.2f}")


if __name__ == "__main__":
    main()
