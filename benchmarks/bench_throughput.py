"""Characters per second of the whole zhtag tagger against jieba.lcut and jieba.posseg.lcut.

Run: python benchmarks/bench_throughput.py [--limit N]
All run over the same texts of news_corpus.jsonl in one process, one after the
other, zhtag after one warm-up pass; the table gives chars/s and
zhtag's speed as a ratio of each system's.
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
    args = parser.parse_args()
    texts = [record["text"] for record in read_jsonl(data_file("news_corpus.jsonl"))][: args.limit]
    tagger = Tagger()
    tokenizer = jieba.Tokenizer()
    pos_tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    tokenizer.lcut("预热")
    pos_tokenizer.lcut("预热")
    for text in texts:  # a warm-up pass fills the tagger's caches (new-word POS guesses)
        tagger.tag(text, keywords=False)
    rows = [
        timed("jieba.lcut", tokenizer.lcut, texts),
        timed("jieba.posseg.lcut", pos_tokenizer.lcut, texts),
        timed("zhtag (entities, dates, figures)", lambda t: tagger.tag(t, keywords=False), texts),
        timed("zhtag (all, with keywords)", tagger.tag, texts),
    ]
    zhtag_speed = rows[-1]["chars/s"]
    print(f"{len(texts)} articles, {sum(map(len, texts)):,} characters")
    print(f"{'system':<34}{'seconds':>9}{'chars/s':>12}{'zhtag / system':>16}")
    for row in rows:
        print(f"{row['system']:<34}{row['seconds']:>9.1f}{row['chars/s']:>12,.0f}{zhtag_speed / row['chars/s']:>16.2f}")


if __name__ == "__main__":
    main()
