"""Characters per second of the whole tagger on long runs of one kind of character, against news.

Run: python benchmarks/bench_worst_case.py [--chars N] [--news-chars N] [--only NAME …] [--profile NAME]
Each text is ``--chars`` (50,000) characters of one class, tagged once with keywords (one
run, after a warm-up on a short news text); the news row tags the first articles of
news_corpus.jsonl up to ``--news-chars`` characters. The aim (issue 15) is every class at
least a third of the news speed: ``/ news`` is that ratio. A class that raises is shown as
an error row. ``--profile NAME`` runs cProfile on that class instead and prints where the
time goes. Timings are from one run on whatever machine this is: on a shared one they are noisy.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from typing import Callable

from _data import data_file, read_jsonl
from zhtag import Tagger

AIM = 1 / 3


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _random_of(alphabet: str, seed: int) -> Callable[[int], str]:
    return lambda n: "".join(random.Random(seed).choices(alphabet, k=n))


def _latin_words(n: int) -> str:
    rng = random.Random(3)
    words = ["data", "center", "GPU", "cloud", "Guizhou", "API", "AI", "model", "chip", "server", "v2", "OK"]
    text = " ".join(rng.choice(words) for _ in range(n // 3))
    return text[:n]


#: The classes: a name and a function giving a text of n characters of it.
CLASSES: dict[str, Callable[[int], str]] = {
    "Chinese numeral 一": _repeat("一"),
    "Chinese numerals 一…亿": _random_of("零一二三四五六七八九十百千万亿两", 1),
    "digit 1": _repeat("1"),
    "digits 0-9": _random_of("0123456789", 2),
    "surname 张": _repeat("张"),
    "Han character 上": _repeat("上"),
    "Latin words": _latin_words,
    "Latin letters": _repeat("a"),
    "punctuation": _random_of("，。、；：？！“”‘’（）《》【】—…·,.;:?!()-", 4),
    "emoji": _random_of("😀🎉🚀👍🔥❤🌏📈", 5),
    "control characters": _random_of("".join(map(chr, range(0, 32))) + "\x7f", 6),
    "spaces/newlines": _random_of(" \n\t\u3000\r", 7),
    "digits and 年月日": _random_of("0123456789年月日号时分秒点万亿元%.-/", 8),
}


def news_texts(limit_chars: int) -> list[str]:
    texts, total = [], 0
    for record in read_jsonl(data_file("news_corpus.jsonl")):
        if total >= limit_chars:
            break
        texts.append(record["text"])
        total += len(record["text"])
    return texts


def timed(tagger: Tagger, texts: list[str]) -> tuple[float | None, str]:
    """chars/s of tagging ``texts`` once, or None and the error it raised."""
    started = time.perf_counter()
    try:
        for text in texts:
            tagger.tag(text)
    except Exception as error:  # the table shows it: finding these is what the benchmark is for
        return None, f"{type(error).__name__}: {str(error)[:60]}"
    return sum(map(len, texts)) / (time.perf_counter() - started), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=50_000, help="characters of each class")
    parser.add_argument("--news-chars", type=int, default=200_000, help="characters of news articles")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only the classes whose name contains NAME")
    parser.add_argument("--profile", metavar="NAME", help="profile the first class whose name contains NAME")
    args = parser.parse_args()
    tagger = Tagger()
    news = news_texts(args.news_chars)
    tagger.tag(news[0])  # warm-up: dictionaries, model and caches loaded
    if args.profile:
        name = next(name for name in CLASSES if args.profile in name)
        profiler = cProfile.Profile()
        profiler.runcall(timed, tagger, [CLASSES[name](args.chars)])
        print(f"profile of {name!r}, {args.chars:,} characters")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return
    news_speed, _ = timed(tagger, news)
    print(f"news: {len(news)} articles, {sum(map(len, news)):,} characters; each class: {args.chars:,} characters, one run")
    print(f"{'input':<24}{'seconds':>9}{'chars/s':>11}{'/ news':>8}  aim >= {AIM:.2f}")
    print(f"{'news':<24}{sum(map(len, news)) / news_speed:>9.2f}{news_speed:>11,.0f}{1:>8.2f}")
    for name, make in CLASSES.items():
        if args.only and not any(part in name for part in args.only):
            continue
        speed, error = timed(tagger, [make(args.chars)])
        if speed is None:
            print(f"{name:<24}{'':>9}{'':>11}{'':>8}  ERROR {error}")
            continue
        ratio = speed / news_speed
        verdict = "met" if ratio >= AIM else "MISSED"
        print(f"{name:<24}{args.chars / speed:>9.2f}{speed:>11,.0f}{ratio:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
