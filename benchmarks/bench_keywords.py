"""What keywords cost: chars/s of tagging with and without keywords, and jieba's extract_tags.

Run: python benchmarks/bench_keywords.py [--limit N]
On news_corpus.jsonl, in one process: zhtag's segmentation alone, the whole tagger without
keywords, the keyword stage on top of it (the same tagged documents) with the ``zhtag``
method alone and with every method the Tagger computes by default (``zhtag``, ``tfidf``,
``textrank``), and jieba.analyse.extract_tags (topK=10) on the same texts. The last lines
say how much the keyword stage adds to the tagger's time (the aim: <= 25%). Each stage runs
``--repeat`` times and its fastest run counts (the first run fills caches; the machine is shared).
"""
from __future__ import annotations

import argparse
import logging
import time
from typing import Callable

import jieba
import jieba.analyse

from _data import data_file, read_jsonl
from zhtag import Tagger

TOP = 10


def fastest(run: Callable[[], list], repeat: int) -> tuple[float, list]:
    """The fastest of ``repeat`` runs in seconds, and what the last run returned."""
    seconds, result = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    return min(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each stage; the fastest counts")
    args = parser.parse_args()
    records = list(read_jsonl(data_file("news_corpus.jsonl")))[: args.limit]
    jieba.setLogLevel(logging.WARNING)
    texts = [record["text"] for record in records]
    titles = [record.get("title") for record in records]
    chars = sum(map(len, texts))
    tagger = Tagger()
    extractor = tagger.keyword_extractor
    default_methods = tagger.keyword_methods
    repeat = args.repeat
    jieba.analyse.extract_tags("预热", topK=TOP)  # load jieba's dictionary and IDF table outside the clock
    extractor.extract(tagger.tag("预热", keywords=False))  # and jieba's IDF table for zhtag

    segment_seconds, _ = fastest(lambda: [tagger.segmenter.segment(text) for text in texts], repeat)
    tag_seconds, tagged = fastest(
        lambda: [tagger.tag(text, title=title, keywords=False) for text, title in zip(texts, titles)], repeat
    )
    zhtag_seconds, _ = fastest(lambda: [extractor.extract(doc, TOP) for doc in tagged], repeat)
    all_seconds, _ = fastest(lambda: [extractor.extract_many(doc, TOP, default_methods) for doc in tagged], repeat)
    jieba_seconds, _ = fastest(lambda: [jieba.analyse.extract_tags(text, topK=TOP) for text in texts], repeat)

    rows = [
        ("zhtag segmentation alone", segment_seconds),
        ("zhtag tagger, no keywords", tag_seconds),
        ("zhtag tagger + keywords (zhtag)", tag_seconds + zhtag_seconds),
        (f"zhtag tagger + keywords ({len(default_methods)} methods)", tag_seconds + all_seconds),
        ("jieba.analyse.extract_tags", jieba_seconds),
    ]
    print(f"{len(texts)} articles, {chars:,} characters; top {TOP} keywords per article")
    print(f"{'system':<40}{'seconds':>9}{'chars/s':>12}")
    for name, seconds in rows:
        print(f"{name:<40}{seconds:>9.1f}{chars / seconds:>12,.0f}")
    print(f"keywords add {zhtag_seconds / tag_seconds:.1%} to the tagger's time with the zhtag method, "
          f"{all_seconds / tag_seconds:.1%} with the Tagger's default methods ({', '.join(default_methods)})")


if __name__ == "__main__":
    main()
