"""What the name model adds: PER/LOC/ORG scores and speed of zhtag with and without it, against jieba.posseg.

Run: python benchmarks/eval_model.py [--files ...] [--limit N] [--no-speed]
Scores (exact span and label) on peoples_daily_dev.jsonl, msra_dev.jsonl and, out
of domain, weibo_dev.jsonl (social media; PER.NOM etc. are no names) and cluener_dev.jsonl (its name/address/company+government+organization are
already mapped to PER/LOC/ORG in the file, see 'orig'), for zhtag with the model,
zhtag without it, the model alone (on zhtag's tokens) and jieba.posseg, in one run.
Then characters per second on news_corpus.jsonl of the same systems. The model was
trained without the sentences of these dev files (see src/zhtag/models/ner.json).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

import pandas as pd

from _data import data_file, read_jsonl
from zhtag import Tagger
from zhtag.document import Document, Mention
from zhtag.evaluate import jieba_posseg_system, read_gold, score, tagger_system
from zhtag.recognizers.model import ModelRecognizer

LABELS = ["PER", "LOC", "ORG"]
FILES = ["peoples_daily_dev.jsonl", "msra_dev.jsonl", "cluener_dev.jsonl", "weibo_dev.jsonl"]
#: CLUENER's own labels that count as PER/LOC/ORG (position, game, book … are left out).
CLUENER_LABELS = {"name": "PER", "address": "LOC", "company": "ORG", "government": "ORG", "organization": "ORG"}


def check_cluener_labels(path: Path) -> None:
    """Stops if the file's mapped labels are not the CLUENER_LABELS mapping of its 'orig' labels."""
    for record in read_jsonl(path):
        for entity in record["entities"]:
            expected = CLUENER_LABELS.get(entity["orig"], entity["orig"].upper())
            if entity["label"] != expected:
                raise SystemExit(f"{path}: {record['id']} maps {entity['orig']} to {entity['label']}, not {expected}")


def model_only(tagger: Tagger, model: ModelRecognizer) -> Callable[[str], list[Mention]]:
    """The model's own spans on zhtag's tokens, before any resolution."""

    def run(text: str) -> list[Mention]:
        doc = Document(text=text, tokens=tagger.segmenter.segment(text))
        return model.find(doc)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=FILES)
    parser.add_argument("--limit", type=int, default=None, help="speed on the first N articles only")
    parser.add_argument("--no-speed", action="store_true", help="scores only")
    args = parser.parse_args()
    started = time.perf_counter()
    model = ModelRecognizer()
    loaded = time.perf_counter() - started
    print(f"model: {model.card['model_bytes'] / 1e6:.1f} MB, loaded in {loaded:.3f} s; "
          f"trained on {model.card['sentences']:,} sentences of {', '.join(c['file'] for c in model.card['corpora'])}")
    with_model, without_model = Tagger(model=True), Tagger(model=False)
    alone = model_only(without_model, model)
    systems = {
        "zhtag+model": tagger_system(with_model),
        "zhtag, no model": tagger_system(without_model),
        "model only": lambda text: [(m.start, m.end, m.label) for m in alone(text)],
        "jieba.posseg": jieba_posseg_system(),
    }
    rows = []
    for name in args.files:
        if name.startswith("cluener"):
            check_cluener_labels(data_file(name))
        gold = read_gold(data_file(name))
        for system_name, system in systems.items():
            for label, row in score(gold, system, LABELS).iterrows():
                rows.append({"data": name, "label": label, "system": system_name, **row.to_dict()})
    frame = pd.DataFrame(rows)
    order = list(systems)
    with pd.option_context("display.width", 220, "display.max_columns", 30):
        for measure in ("f1", "precision", "recall"):
            table = frame.pivot_table(index=["data", "label"], columns="system", values=measure, sort=False)[order]
            print(f"\n{measure} (exact span and label)")
            print(table.round(3).to_string())
    if not args.no_speed:
        speed(args.limit, with_model, without_model)


def speed(limit: int | None, with_model: Tagger, without_model: Tagger) -> None:
    """Characters per second, one pass each over the same texts; zhtag+model runs first after
    jieba, so it pays for the cold caches (word tags of new words) that zhtag then reuses."""
    import jieba
    import jieba.posseg

    texts = [record["text"] for record in read_jsonl(data_file("news_corpus.jsonl"))][:limit]
    pos_tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    pos_tokenizer.lcut("预热")
    model = next(r for r in with_model.recognizers if isinstance(r, ModelRecognizer))
    docs: list[Document] = []
    runs = {
        "jieba.posseg.lcut": lambda: [pos_tokenizer.lcut(text) for text in texts],
        "zhtag+model (no keywords)": lambda: [with_model.tag(text, keywords=False) for text in texts],
        "zhtag, no model (no keywords)": lambda: [without_model.tag(text, keywords=False) for text in texts],
        "model recogniser alone (tokens given)": lambda: [model.find(doc) for doc in docs],
    }
    chars = sum(map(len, texts))
    results = {}
    for name, run in runs.items():
        if name.startswith("model recogniser"):
            docs.extend(Document(text=text, tokens=without_model.segmenter.segment(text)) for text in texts)
        began = time.perf_counter()
        run()
        results[name] = chars / (time.perf_counter() - began)
    reference = results["jieba.posseg.lcut"]
    print(f"\nspeed on news_corpus.jsonl: {len(texts)} articles, {chars:,} characters")
    print(f"{'system':<40}{'chars/s':>12}{'/ jieba.posseg':>16}")
    for name, value in results.items():
        print(f"{name:<40}{value:>12,.0f}{value / reference:>16.2f}")


if __name__ == "__main__":
    main()
