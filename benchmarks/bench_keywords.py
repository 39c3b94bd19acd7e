"""What keywords cost: chars/s of segmentation and tagging with and without keywords, and jieba's.

Run: python benchmarks/bench_keywords.py [--limit N]
On news_corpus.jsonl, in one process: zhtag's segmentation alone, segmentation + keywords,
the whole tagger without keywords, the whole tagger with keywords (the same documents,
the keyword stage timed on top), and jieba.analyse.extract_tags (topK=10) on the same texts.
The last line says how much the keyword stage adds to the tagger's time (the aim: <= 25%).
"""
from __future__ import annotations

import argparse
import logging
import time

import jieba
import jieba.analyse

from _data import data_file, read_jsonl
from zhtag import Document, Tagger

TOP = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    records = list(read_jsonl(data_file("news_corpus.jsonl")))[: args.limit]
    jieba.setLogLevel(logging.WARNING)
    texts = [record["text"] for record in records]
    titles = [record.get("title") for record in records]
    chars = sum(map(len, texts))
    tagger = Tagger()
    extractor = tagger.keyword_extractor
    jieba.analyse.extract_tags("预热", topK=TOP)  # load jieba's dictionary and IDF table outside the clock

    started = time.perf_counter()
    segmented = [Document(text, title=title, tokens=tagger.segmenter.segment(text)) for text, title in zip(texts, titles)]
    segment_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for doc in segmented:
        extractor.extract(doc, TOP)
    segment_keyword_seconds = time.perf_counter() - started

    started = time.perf_counter()
    tagged = [tagger.tag(text, title=title, keywords=False) for text, title in zip(texts, titles)]
    tag_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for doc in tagged:
        extractor.extract(doc, TOP)
    tag_keyword_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for text in texts:
        jieba.analyse.extract_tags(text, topK=TOP)
    jieba_seconds = time.perf_counter() - started

    rows = [
        ("zhtag segmentation alone", segment_seconds),
        ("zhtag segmentation + keywords", segment_seconds + segment_keyword_seconds),
        ("zhtag tagger, no keywords", tag_seconds),
        ("zhtag tagger + keywords", tag_seconds + tag_keyword_seconds),
        ("jieba.analyse.extract_tags", jieba_seconds),
    ]
    print(f"{len(texts)} articles, {chars:,} characters; top {TOP} keywords per article")
    print(f"{'system':<32}{'seconds':>9}{'chars/s':>12}")
    for name, seconds in rows:
        print(f"{name:<32}{seconds:>9.1f}{chars / seconds:>12,.0f}")
    print(f"keywords add {tag_keyword_seconds / tag_seconds:.1%} to the tagger's time "
          f"({segment_keyword_seconds / segment_seconds:.1%} to segmentation alone)")


if __name__ == "__main__":
    main()
