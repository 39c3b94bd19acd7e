"""Characters per second of the whole zhtag tagger and of its segmenter, against jieba, rjieba and jieba.posseg.

Run: python benchmarks/bench_throughput.py [--limit N] [--repeat N]
All run over the same texts of news_corpus.jsonl in one process, one after the other.
The texts are cut into slices of ``--slice`` articles (10); every round (``--repeat``, 5)
runs every system on one slice before the next slice, and each system keeps, per slice, its
fastest time over the rounds, as timeit keeps the fastest run: on a shared machine the slow
runs measure the neighbours, not the code, and this machine's speed was seen to drift by a
third within a minute, which whole passes one system after the other turn into a false
ratio. Running all systems slice by slice exposes them to the same drift. The rounds follow
one warm-up pass of the tagger; the segmenter's very first pass, with its cache of new-word
POS guesses empty as in a fresh worker, has its own row. The first table gives the whole
tagger's speed as a ratio of each system's; the second the segmenter's against
``rjieba.Jieba.tag`` (the same words and tags, straight from Rust). The last line is what
keywords add to the tagger's time.
"""
from __future__ import annotations

import argparse
import time

import jieba
import jieba.posseg
import rjieba

from _data import data_file, read_jsonl
from zhtag import Tagger
from zhtag.recognizers.lexicon import Lexicon
from zhtag.segment import Segmenter


def timed(label: str, run, texts: list[str]) -> dict:
    started = time.perf_counter()
    for text in texts:
        run(text)
    seconds = time.perf_counter() - started
    chars = sum(map(len, texts))
    return {"system": label, "seconds": seconds, "chars/s": chars / seconds}


def print_table(rows: list[dict], reference: dict, ratio: str) -> None:
    print(f"{'system':<44}{'seconds':>9}{'chars/s':>12}{ratio:>20}")
    for row in rows:
        ratio_value = reference["chars/s"] / row["chars/s"]
        print(f"{row['system']:<44}{row['seconds']:>9.2f}{row['chars/s']:>12,.0f}{ratio_value:>20.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; each slice's fastest time counts")
    parser.add_argument("--slice", type=int, default=10, help="articles a system runs at a time")
    args = parser.parse_args()
    texts = [record["text"] for record in read_jsonl(data_file("news_corpus.jsonl"))][: args.limit]
    tagger = Tagger()
    segmenter = tagger.segmenter
    bare_segmenter = Segmenter(Lexicon([]))
    tokenizer = jieba.Tokenizer()
    pos_tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    rust = rjieba.Jieba()
    for run in (tokenizer.lcut, pos_tokenizer.lcut, rust.tag):
        run("预热")
    first_pass = timed("zhtag segmenter, first pass (cold caches)", segmenter.segment, texts)
    for text in texts:  # a warm-up pass fills the tagger's caches (new-word POS guesses)
        tagger.tag(text, keywords=False)
    systems = {
        "jieba.lcut": tokenizer.lcut,
        "jieba.posseg.lcut": pos_tokenizer.lcut,
        "rjieba.Jieba.tag": rust.tag,
        "zhtag segmenter (bundled dictionaries)": segmenter.segment,
        "zhtag segmenter (no dictionary)": bare_segmenter.segment,
        "zhtag (entities, dates, figures)": lambda text: tagger.tag(text, keywords=False),
        "zhtag (all, with keywords)": tagger.tag,
    }
    slices = [texts[i : i + args.slice] for i in range(0, len(texts), args.slice)]
    fastest = {name: [float("inf")] * len(slices) for name in systems}
    for _ in range(args.repeat):
        for index, part in enumerate(slices):  # every system on the same slice, one after the other
            for name, run in systems.items():
                seconds = timed(name, run, part)["seconds"]
                fastest[name][index] = min(fastest[name][index], seconds)
    chars = sum(map(len, texts))
    best = {name: {"system": name, "seconds": sum(times), "chars/s": chars / sum(times)} for name, times in fastest.items()}
    with_keywords, rust_tag = best["zhtag (all, with keywords)"], best["rjieba.Jieba.tag"]
    print(f"{len(texts)} articles, {chars:,} characters; per slice of {args.slice} articles the fastest of {args.repeat} rounds")
    whole = ["jieba.lcut", "jieba.posseg.lcut", "rjieba.Jieba.tag", "zhtag (entities, dates, figures)"]
    print_table([best[name] for name in whole] + [with_keywords], with_keywords, "zhtag all / system")
    print()
    segmenters = ["zhtag segmenter (bundled dictionaries)", "zhtag segmenter (no dictionary)"]
    print_table([first_pass] + [best[name] for name in segmenters] + [rust_tag], rust_tag, "rjieba.tag / system")
    added = with_keywords["seconds"] / best["zhtag (entities, dates, figures)"]["seconds"] - 1
    print(f"keywords add {added:.1%} to the tagger's time")


if __name__ == "__main__":
    main()
