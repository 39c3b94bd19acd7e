"""Throughput of the date and figure recognisers against jieba, in the same run.

    python benchmarks/bench_dates_figures.py [--corpus FILE] [--limit N]

Reads ``news_corpus.jsonl`` (default ``../shared/data`` next to the repository; skips
with a message when absent) and prints characters per second for jieba.lcut,
jieba.posseg, DateRecognizer, FigureRecognizer, the two recognisers together and the whole
``Tagger.tag``, and the share of the tagger's time the two recognisers take (the aim: at
most 15%). jieba runs on its own Tokenizer instance, initialised before timing; the tagger
is built and warmed on one article before timing. Timings on a shared machine are noisy.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

import jieba
import jieba.posseg

from zhtag.document import Document
from zhtag.recognizers.dates import DateRecognizer
from zhtag.recognizers.figures import FigureRecognizer
from zhtag.tagger import Tagger

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news_corpus.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"skipped: {args.corpus} not found")
        return 0
    with args.corpus.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle][: args.limit]
    characters = sum(map(len, texts))
    reference = datetime(2018, 11, 1)
    documents = [Document(text=text, date=reference) for text in texts]

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tagger = jieba.posseg.POSTokenizer(tokenizer)
    dates, figures = DateRecognizer(), FigureRecognizer()

    rows = [
        ("jieba.lcut", _seconds(lambda: [tokenizer.lcut(text) for text in texts])),
        ("jieba.posseg.lcut", _seconds(lambda: [tagger.lcut(text) for text in texts])),
        ("DateRecognizer", _seconds(lambda: [dates.find(doc) for doc in documents])),
        ("FigureRecognizer", _seconds(lambda: [figures.find(doc) for doc in documents])),
    ]
    rows.append(("dates + figures", rows[2][1] + rows[3][1]))
    tagger = Tagger()
    tagger.tag(texts[0], date=reference)
    rows.append(("Tagger.tag", _seconds(lambda: [tagger.tag(text, date=reference) for text in texts])))
    print(f"{len(texts)} articles, {characters:,} characters")
    print(f"{'step':20} {'seconds':>8} {'chars/s':>12}")
    for name, seconds in rows:
        print(f"{name:20} {seconds:8.2f} {characters / seconds:12,.0f}")
    added = rows[4][1] / rows[1][1]
    print(f"dates + figures add {added:.1%} to jieba.posseg's time ({rows[4][1] / rows[0][1]:.1%} of jieba.lcut's)")
    print(f"dates + figures take {rows[4][1] / rows[5][1]:.1%} of the tagger's time (Tagger.tag runs them once per article)")
    return 0


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
