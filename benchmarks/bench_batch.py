"""Batch throughput, memory per worker and cold start of `zhtag tag`, against jieba in the same run.

Run: python benchmarks/bench_batch.py [--sizes 1,10] [--limit N] [--runs j1,j2,idf,jieba]

For each size k the input is news_corpus.jsonl repeated k times (written to a temporary
folder). Each system runs in a fresh process, one after the other: the zhtag batch with
--jobs 1 and --jobs 2 (learning the corpus IDF: two phases), --jobs 2 with the IDF saved by
the previous run (one pass), and jieba.lcut / jieba.posseg.lcut over the same texts (on the
first size only: repeating the texts does not change their rate). Rates
are over the whole wall time, worker start-up included. "peak MB" is the highest
ru_maxrss of any worker process (for jieba: of its process), "main MB" that of the process
that reads, schedules and writes. Cold start is the time from
starting a Python process to its first tagged document. ``--runs`` picks some of the runs
(j1: --jobs 1, j2: --jobs 2, idf: --jobs 2 --idf, spawn: --jobs 2 with spawned workers, jieba:
both jieba rows) where the machine is too slow for all of them.

The workers start as `zhtag tag`'s do on this platform (Python's default start method: fork on
Linux up to Python 3.13, where a worker shares the pages of the modules its parent had loaded
and its RSS counts them); the spawn row starts them as macOS and Windows do, each worker
importing and loading everything itself.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _data import data_file

FIRST_DOCUMENT = "8月19日，贵州省数字经济发展推进大会在贵阳召开。"


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


#: How `zhtag tag` starts its workers on this platform: Python's default start method, the first of
#: the list. The benchmark's own fresh process is spawned, which would make spawn its default too.
CLI_START_METHOD = multiprocessing.get_all_start_methods()[0]


def _batch(
    connection, paths: list[str], out: str, jobs: int, idf: str | None, save_idf: str | None, start_method: str
) -> None:
    from zhtag.batch import run_batch

    context = multiprocessing.get_context(start_method)
    started = time.perf_counter()
    summary = run_batch(paths, out, jobs=jobs, idf=idf, save_idf=save_idf, progress=False, mp_context=context)
    seconds = time.perf_counter() - started
    workers = max(summary.peak_memory_mb.values())
    connection.send((summary.stats.documents, summary.stats.chars, seconds, workers, _peak_mb()))


def _jieba(connection, path: str, pos: bool) -> None:
    import jieba
    import jieba.posseg

    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
    tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer()) if pos else jieba.Tokenizer()
    started = time.perf_counter()
    for text in texts:
        tokenizer.lcut(text)
    seconds = time.perf_counter() - started
    connection.send((len(texts), sum(map(len, texts)), seconds, _peak_mb(), None))


def in_fresh_process(target, *args) -> tuple:
    """Run ``target`` in a new (spawned, non-daemon) process and return what it sends back."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(sender, *args), daemon=False)
    process.start()
    result = receiver.recv()
    process.join()
    return result


def _spin(_: int) -> float:
    started = time.perf_counter()
    total = 0
    for number in range(20_000_000):
        total += number
    return time.perf_counter() - started


def cpu_scaling() -> float:
    """How much faster two CPU-bound processes finish than one, twice over: ~2 when two cores are free.

    The machine is shared; this says whether the table's --jobs 2 rows had both cores.
    """
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        alone = pool.map(_spin, [0])[0]
        together = max(pool.map(_spin, [0, 1]))
    return 2 * alone / together


def cold_start(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="comma-separated repetitions of the corpus (default 1,10)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (a quick check)")
    parser.add_argument("--runs", default="j1,j2,idf,spawn,jieba", help="which runs (default all: j1,j2,idf,spawn,jieba)")
    args = parser.parse_args()
    corpus = data_file("news_corpus.jsonl")
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()][: args.limit]
    chosen = set(args.runs.split(","))
    rows = []
    scaling_before = cpu_scaling()
    with tempfile.TemporaryDirectory(prefix="zhtag-bench-") as scratch:
        folder = Path(scratch)
        for number, size in enumerate(int(size) for size in args.sizes.split(",")):
            source = folder / f"news_x{size}.jsonl"
            source.write_text("\n".join(lines * size) + "\n", encoding="utf-8")
            idf = str(folder / f"x{size}.idf.tsv")
            method = CLI_START_METHOD
            runs = [
                ("j1", "zhtag tag --jobs 1", _batch, [str(source)], str(folder / f"out1_x{size}"), 1, None, None, method),
                ("j2", "zhtag tag --jobs 2", _batch, [str(source)], str(folder / f"out2_x{size}"), 2, None, idf, method),
                ("idf", "zhtag tag --jobs 2 --idf (1 pass)", _batch, [str(source)], str(folder / f"out3_x{size}"), 2, idf, None, method),
                ("spawn", "zhtag tag --jobs 2 (spawned workers)", _batch, [str(source)], str(folder / f"out4_x{size}"), 2, None, None, "spawn"),
            ]  # fmt: skip
            if number == 0:
                runs += [
                    ("jieba", "jieba.lcut", _jieba, str(source), False),
                    ("jieba", "jieba.posseg.lcut", _jieba, str(source), True),
                ]
            if "j2" not in chosen:  # the --idf run reads the IDF file the j2 run saves
                runs = [run for run in runs if run[0] != "idf"]
            runs = [run[1:] for run in runs if run[0] in chosen]
            for name, target, *target_args in runs:
                documents, chars, seconds, peak, main_peak = in_fresh_process(target, *target_args)
                rows.append((f"x{size}", name, documents, chars, seconds, peak, main_peak))
                print(f"  done: x{size} {name} ({seconds:.1f} s, peak {peak:.0f} MB)", file=sys.stderr, flush=True)
        one_file = folder / "one.txt"
        one_file.write_text(FIRST_DOCUMENT, encoding="utf-8")
        python = sys.executable
        starts = [
            ("python: import zhtag, Tagger(), first tag()",
             [python, "-c", f"from zhtag import Tagger; Tagger().tag({FIRST_DOCUMENT!r})"]),
            ("zhtag tag one.txt --jobs 1 (whole command)",
             ["zhtag", "tag", str(one_file), "-o", str(folder / "cold"), "--jobs", "1", "--no-progress"]),
            ("python: import jieba, first jieba.lcut()", [python, "-c", f"import jieba; jieba.lcut({FIRST_DOCUMENT!r})"]),
        ]  # fmt: skip
        cold = [(name, cold_start(command)) for name, command in starts]
    scaling_after = cpu_scaling()

    print(
        f"{'input':<6}{'system':<36}{'docs':>8}{'chars':>13}{'wall s':>9}{'docs/s':>9}{'chars/s':>11}"
        f"{'peak MB':>9}{'main MB':>9}{'vs j1':>7}"
    )
    base = {}
    for size, name, documents, chars, seconds, peak, main_peak in rows:
        if name == "zhtag tag --jobs 1":
            base[size] = seconds
        ratio = f"{base[size] / seconds:.2f}" if name.startswith("zhtag") and size in base else ""
        main = f"{main_peak:.0f}" if main_peak else ""
        print(
            f"{size:<6}{name:<36}{documents:>8,}{chars:>13,}{seconds:>9.1f}{documents / seconds:>9.1f}"
            f"{chars / seconds:>11,.0f}{peak:>9.0f}{main:>9}{ratio:>7}"
        )
    print(f"two-process CPU scaling (2.0 = two free cores): {scaling_before:.2f} before, {scaling_after:.2f} after")
    print(f"workers start by {CLI_START_METHOD} (zhtag tag's default here) unless the row says otherwise")
    print()
    print(f"{'cold start (time to first result)':<48}{'seconds':>8}")
    for name, seconds in cold:
        print(f"{name:<48}{seconds:>8.2f}")


if __name__ == "__main__":
    main()
