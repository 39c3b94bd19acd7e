"""Characters per second of the whole zhtag tagger and of its segmenter, against jieba, rjieba and jieba.posseg.

Run: python benchmarks/bench_throughput.py [--limit N] [--repeat N]
All run over the same texts of news_corpus.jsonl in one process, one after the other.
The texts are cut into slices of ``--slice`` articles (10); every round (``--repeat``, 5)
runs every system on one slice before the next slice, and each system keeps, per slice, its
fastest time over the rounds, as timeit keeps the fastest run: on a shared machine the slow
runs measure the neighbours, not the code, and this machine's speed was seen to drift by a
third within a minute, which whole passes one system after the other turn into a false
ratio. Running all systems slice by slice exposes them to the same drift. The rounds follow
one warm-up pass of the tagger; the segmenter's very first pass, with its caches (each word's pieces, new-word
POS guesses) empty as in a fresh worker, has its own row. The first table gives the whole
tagger's speed, as a batch job runs it (``Tagger.tag_articles`` over each slice, with the
keywords of the default IDF: the same work as ``Tagger.tag`` article by article, whose rows
are above it), as a ratio of each system's, and the same without the BiLSTM that joins the
name CRF (``Tagger(lstm=False)``: faster, fewer names found); the second the segmenter's against
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
from zhtag.tagger import Article
from zhtag.recognizers.lexicon import Lexicon
from zhtag.segment import Segmenter

#: The whole tagger as a batch job runs it: articles grouped, the name model decoding a group at once.
BATCH = "zhtag Tagger.tag_articles (all, with keywords)"
WITHOUT_LSTM = "zhtag Tagger.tag_articles, lstm=False (CRF alone)"


def timed(label: str, run, texts: list[str]) -> dict:
    """``run`` over all ``texts`` in one call (a batch system) timed."""
    started = time.perf_counter()
    run(texts)
    seconds = time.perf_counter() - started
    chars = sum(map(len, texts))
    return {"system": label, "seconds": seconds, "chars/s": chars / seconds}


def each(run):
    """A system that takes one text as one that takes a list of them."""
    return lambda texts: [run(text) for text in texts]


def print_table(rows: list[dict], reference: dict, ratio: str) -> None:
    print(f"{'system':<50}{'seconds':>9}{'chars/s':>12}{ratio:>22}")
    for row in rows:
        ratio_value = reference["chars/s"] / row["chars/s"]
        print(f"{row['system']:<50}{row['seconds']:>9.2f}{row['chars/s']:>12,.0f}{ratio_value:>22.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; each slice's fastest time counts")
    parser.add_argument("--slice", type=int, default=10, help="articles a system runs at a time")
    args = parser.parse_args()
    texts = [record["text"] for record in read_jsonl(data_file("news_corpus.jsonl"))][: args.limit]
    tagger = Tagger()
    crf_alone = Tagger(lstm=False)
    segmenter = tagger.segmenter
    bare_segmenter = Segmenter(Lexicon([]))
    tokenizer = jieba.Tokenizer()
    pos_tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    rust = rjieba.Jieba()
    for run in (tokenizer.lcut, pos_tokenizer.lcut, rust.tag):
        run("预热")
    first_pass = timed("zhtag segmenter, first pass (cold caches)", each(segmenter.segment), texts)
    for text in texts:  # a warm-up pass fills the taggers' caches (words' pieces, new-word POS guesses)
        tagger.tag(text, keywords=False)
        crf_alone.tag(text, keywords=False)
    systems = {
        "jieba.lcut": each(tokenizer.lcut),
        "jieba.posseg.lcut": each(pos_tokenizer.lcut),
        "rjieba.Jieba.tag": each(rust.tag),
        "zhtag segmenter (bundled dictionaries)": each(segmenter.segment),
        "zhtag segmenter (no dictionary)": each(bare_segmenter.segment),
        "zhtag Tagger.tag (entities, dates, figures)": each(lambda text: tagger.tag(text, keywords=False)),
        "zhtag Tagger.tag (all, with keywords)": each(tagger.tag),
        BATCH: lambda part: tagger.tag_articles([Article(text, str(n)) for n, text in enumerate(part)], learn_idf=False),
        WITHOUT_LSTM: lambda part: crf_alone.tag_articles([Article(text, str(n)) for n, text in enumerate(part)],
                                                          learn_idf=False),
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
    batch, rust_tag = best[BATCH], best["rjieba.Jieba.tag"]
    print(f"{len(texts)} articles, {chars:,} characters; per slice of {args.slice} articles the fastest of {args.repeat} rounds")
    whole = ["jieba.lcut", "jieba.posseg.lcut", "rjieba.Jieba.tag", "zhtag Tagger.tag (entities, dates, figures)",
             "zhtag Tagger.tag (all, with keywords)"]
    print_table([best[name] for name in whole] + [best[WITHOUT_LSTM], batch], batch, "zhtag batch / system")
    print()
    segmenters = ["zhtag segmenter (bundled dictionaries)", "zhtag segmenter (no dictionary)"]
    print_table([first_pass] + [best[name] for name in segmenters] + [rust_tag], rust_tag, "rjieba.tag / system")
    with_keywords = best["zhtag Tagger.tag (all, with keywords)"]
    added = with_keywords["seconds"] / best["zhtag Tagger.tag (entities, dates, figures)"]["seconds"] - 1
    print(f"keywords add {added:.1%} to the tagger's time")


if __name__ == "__main__":
    main()
