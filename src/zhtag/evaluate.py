"""Score a tagger against gold spans: per-label precision, recall and F1 (exact span and label)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

Span = tuple[int, int, str]
#: A system under test: text in, (start, end, label) spans out.
System = Callable[[str], Iterable[Span]]


def read_gold(path: str | Path) -> list[tuple[str, set[Span]]]:
    """Sentences and their gold spans from a JSONL file of {text, entities:[{start, end, label}]}."""
    gold = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                spans = {(e["start"], e["end"], e["label"]) for e in record.get("entities", [])}
                gold.append((record["text"], spans))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not a gold record {{text, entities}} ({error})") from None
    return gold


def score(gold: list[tuple[str, set[Span]]], system: System, labels: Iterable[str]) -> pd.DataFrame:
    """Precision, recall, F1 and counts per label, plus an ``ALL`` row (micro average)."""
    labels = list(labels)
    true_pos: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    for text, gold_spans in gold:
        found = {span for span in system(text) if span[2] in labels}
        wanted = {span for span in gold_spans if span[2] in labels}
        for span in found & wanted:
            true_pos[span[2]] += 1
        predicted.update(span[2] for span in found)
        expected.update(span[2] for span in wanted)
    rows = [_row(label, true_pos[label], predicted[label], expected[label]) for label in labels]
    rows.append(_row("ALL", sum(true_pos.values()), sum(predicted.values()), sum(expected.values())))
    return pd.DataFrame(rows).set_index("label")


def tagger_system(tagger) -> System:
    """The zhtag Tagger as a system (no keywords: they do not enter the score)."""
    return lambda text: [(m.start, m.end, m.label) for m in tagger.tag(text, keywords=False).mentions]


def jieba_posseg_system() -> System:
    """jieba.posseg's own tags as the baseline: nr -> PER, ns -> LOC, nt -> ORG."""
    import jieba
    import jieba.posseg

    tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    labels = {"nr": "PER", "ns": "LOC", "nt": "ORG"}

    def system(text: str) -> list[Span]:
        spans, offset = [], 0
        for word, flag in tokenizer.cut(text):
            if flag in labels:
                spans.append((offset, offset + len(word), labels[flag]))
            offset += len(word)
        return spans

    return system


def _row(label: str, true_pos: int, predicted: int, expected: int) -> dict:
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"label": label, "precision": precision, "recall": recall, "f1": f1, "gold": expected, "predicted": predicted, "correct": true_pos}
