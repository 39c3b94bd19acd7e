"""Characters per second of the whole zhtag tagger against jieba.lcut and jieba.posseg.lcut.

Run: python benchmarks/bench_throughput.py [--limit N] [--repeat N]
All run over the same texts of news_corpus.jsonl in one process, one after the
other, zhtag after one warm-up pass; the table gives chars/s and
zhtag's speed as a ratio of each system's. The two zhtag passes (without and with
keywords) alternate ``--repeat`` times (5, timeit's default) and each keeps its fastest
time, as timeit does: on a shared machine the slowest runs measure the neighbours, not the
code (on one noisy machine the same code gave 28.3% with 3 passes and 20.6% with 5).
The last line is what keywords add to the tagger's time.
"""
from __future__ import annotations

import argparse
import time

import jieba
import jieba.posseg

from _data import data_file, read_jsonl
from zhtag import Tagger


def timed(label: str, run, texts: list[str]) -> dict:
    started = time.perf_counter()
    for text in texts:
        run(text)
    seconds = time.perf_counter() - started
    chars = sum(map(len, texts))
    return {"system": label, "seconds": seconds, "chars/s": chars / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=5, help="zhtag passes of each kind; the fastest counts")
    args = parser.parse_args()
    texts = [record["text"] for record in read_jsonl(data_file("news_corpus.jsonl"))][: args.limit]
    tagger = Tagger()
    tokenizer = jieba.Tokenizer()
    pos_tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    tokenizer.lcut("预热")
    pos_tokenizer.lcut("预热")
    for text in texts:  # a warm-up pass fills the tagger's caches (new-word POS guesses)
        tagger.tag(text, keywords=False)
    passes: dict[str, list[dict]] = {"without": [], "with": []}
    for _ in range(args.repeat):
        passes["without"].append(timed("zhtag (entities, dates, figures)", lambda t: tagger.tag(t, keywords=False), texts))
        passes["with"].append(timed("zhtag (all, with keywords)", tagger.tag, texts))
    without, with_keywords = (min(runs, key=lambda row: row["seconds"]) for runs in passes.values())
    rows = [
        timed("jieba.lcut", tokenizer.lcut, texts),
        timed("jieba.posseg.lcut", pos_tokenizer.lcut, texts),
        without,
        with_keywords,
    ]
    zhtag_speed = rows[-1]["chars/s"]
    print(f"{len(texts)} articles, {sum(map(len, texts)):,} characters")
    print(f"{'system':<34}{'seconds':>9}{'chars/s':>12}{'zhtag / system':>16}")
    for row in rows:
        print(f"{row['system']:<34}{row['seconds']:>9.1f}{row['chars/s']:>12,.0f}{zhtag_speed / row['chars/s']:>16.2f}")
    added = with_keywords["seconds"] / without["seconds"] - 1
    print(f"keywords add {added:.1%} to the tagger's time (fastest of {args.repeat} passes each)")


if __name__ == "__main__":
    main()
