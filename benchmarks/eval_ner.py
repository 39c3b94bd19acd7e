"""PER/LOC/ORG precision, recall and F1 of zhtag against jieba.posseg on public gold dev sets.

Run: python benchmarks/eval_ner.py [--files peoples_daily_dev.jsonl msra_dev.jsonl]
Both systems are scored in the same run with exact span and label matching.
"""
from __future__ import annotations

import argparse

import pandas as pd

from _data import data_file
from zhtag import Tagger
from zhtag.evaluate import jieba_posseg_system, read_gold, score, tagger_system

LABELS = ["PER", "LOC", "ORG"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=["peoples_daily_dev.jsonl", "msra_dev.jsonl"])
    args = parser.parse_args()
    systems = {"zhtag": tagger_system(Tagger()), "jieba.posseg": jieba_posseg_system()}
    rows = []
    for name in args.files:
        gold = read_gold(data_file(name))
        for system_name, system in systems.items():
            table = score(gold, system, LABELS)
            for label, row in table.iterrows():
                rows.append({"data": name, "system": system_name, "label": label, **row.to_dict()})
    frame = pd.DataFrame(rows)
    wide = frame.pivot_table(index=["data", "label"], columns="system", values=["precision", "recall", "f1"])
    with pd.option_context("display.width", 200):
        print(wide.round(3).to_string())


if __name__ == "__main__":
    main()
