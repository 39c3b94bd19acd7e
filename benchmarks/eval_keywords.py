"""Keyword quality: precision, recall and F1 of the top 5 against the authors' own keywords.

Run: python benchmarks/eval_keywords.py [--limit N]
On csl_keywords_dev.jsonl (abstract + ' ' + title, with the authors' keywords) it scores,
in one run and on the same texts, zhtag's three keyword methods (IDF learnt from these
abstracts, the user's collection) against jieba.analyse.extract_tags and
jieba.analyse.textrank (topK=5, default settings). Matching is on exact strings. The
rules were chosen on the even-numbered records, so the table gives F1 on the even and the
odd half (held out) next to the whole. Then it prints zhtag's top 10 for seed_article.txt
(title = its second line) with the default IDF.
"""
from __future__ import annotations

import argparse
import logging
import re
from typing import Callable, Iterable

import jieba
import jieba.analyse

from _data import data_file, read_jsonl
from zhtag import Tagger
from zhtag.keywords import IDF, METHODS, KeywordExtractor

TOP = 5
#: A sentence mark and the space after it: in a CSL record the title follows the abstract's
#: last one ("…的研究. 一维Si3 N4合成的研究进展"); titles may hold spaces themselves.
_ABSTRACT_END = re.compile(r"[.。!?！？;；]\s+")


def csl_title(text: str) -> str:
    """The title of a CSL record (abstract, a space, the title): what follows the abstract's
    last sentence mark, or the last space when the abstract has none."""
    ends = list(_ABSTRACT_END.finditer(text))
    return text[ends[-1].end() :] if ends else text.rpartition(" ")[2]


def scores(predicted: Iterable[list[str]], gold: Iterable[list[str]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over all documents."""
    hits = n_predicted = n_gold = 0
    for guess, truth in zip(predicted, gold):
        hits += len(set(guess) & set(truth))
        n_predicted += len(guess)
        n_gold += len(truth)
    precision = hits / n_predicted if n_predicted else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N abstracts")
    args = parser.parse_args()
    records = list(read_jsonl(data_file("csl_keywords_dev.jsonl")))[: args.limit]
    seed_path = data_file("seed_article.txt")
    jieba.setLogLevel(logging.WARNING)
    gold = [record["keywords"] for record in records]
    texts = [record["text"] for record in records]

    tagger = Tagger()
    docs = [tagger.tag(text, title=csl_title(text), keywords=False) for text in texts]
    analyses = [KeywordExtractor().analyse(doc, METHODS) for doc in docs]
    collection = KeywordExtractor(IDF.fit(analysis.candidates for analysis in analyses))
    systems: dict[str, Callable[[int], list[str]]] = {
        f"zhtag {method}": (
            lambda i, method=method: [k.keyword for k in collection.extract_many(docs[i], TOP, (method,), analyses[i])]
        )
        for method in METHODS
    }
    systems["jieba.analyse.extract_tags"] = lambda i: jieba.analyse.extract_tags(texts[i], topK=TOP)
    systems["jieba.analyse.textrank"] = lambda i: jieba.analyse.textrank(texts[i], topK=TOP)

    predictions = {name: [run(i) for i in range(len(texts))] for name, run in systems.items()}
    results = {name: scores(predicted, gold) for name, predicted in predictions.items()}
    halves = {
        name: [scores(predicted[start::2], gold[start::2])[2] for start in (0, 1)]
        for name, predicted in predictions.items()
    }
    baseline = results["jieba.analyse.extract_tags"][2]
    print(f"{len(records)} CSL abstracts, {sum(map(len, gold))} author keywords; top {TOP}, exact strings")
    print(f"{'system':<30}{'P@5':>8}{'R@5':>8}{'F1@5':>8}{'F1 even':>9}{'F1 odd':>8}{'F1 / jieba tf-idf':>20}")
    for name, (precision, recall, f1) in results.items():
        even, odd = halves[name]
        print(f"{name:<30}{precision:>8.3f}{recall:>8.3f}{f1:>8.3f}{even:>9.3f}{odd:>8.3f}{f1 / baseline:>20.2f}")

    text = seed_path.read_text(encoding="utf-8")
    lines = text.splitlines()
    title = lines[1].strip() if len(lines) > 1 else None
    seed = [k for k in tagger.tag(text, title=title).keywords if k.method == "zhtag"]
    print(f"\nseed_article.txt, title {title!r}: zhtag top {len(seed)} (default IDF)")
    print("  " + ", ".join(f"{k.keyword} ({k.weight:.1f})" for k in seed))


if __name__ == "__main__":
    main()
