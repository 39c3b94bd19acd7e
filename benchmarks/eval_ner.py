"""PER/LOC/ORG F1 of zhtag against its figures before issue 16 and against jieba.posseg, on public gold dev sets.

Run: python benchmarks/eval_ner.py [--files peoples_daily_dev.jsonl ...] [--model MODEL.crfsuite]
Exact span and label matching; all systems scored in the same run ("lstm=False": zhtag
without the BiLSTM that joins its name CRF, the CRF alone). Per file the
table gives the whole file, its even-numbered records (the part the model and the
rules were tuned on) and its odd-numbered records (held out: never tuned on).
"before" is zhtag at commit 27ed191 (the model of 2026-11-25, trained on MSRA and
CLUENER without word clusters), measured with this script's scoring.
"""
from __future__ import annotations

import argparse

import pandas as pd

from _data import data_file
from zhtag import Tagger
from zhtag.evaluate import jieba_posseg_system, read_gold, score, tagger_system

LABELS = ["PER", "LOC", "ORG"]
FILES = ["peoples_daily_dev.jsonl", "msra_dev.jsonl", "cluener_dev.jsonl", "weibo_dev.jsonl"]
PARTS = {"all": slice(None), "even": slice(0, None, 2), "odd (held out)": slice(1, None, 2)}
#: ALL-label F1 of zhtag before issue 16 (whole, even, odd), measured with this script.
BEFORE = {
    "peoples_daily_dev.jsonl": (0.901, 0.907, 0.894),
    "msra_dev.jsonl": (0.894, 0.901, 0.887),
    "cluener_dev.jsonl": (0.659, 0.640, 0.677),
    "weibo_dev.jsonl": (0.440, 0.435, 0.444),
}
#: The aims of issue 16 (whole file).
AIMS = {"peoples_daily_dev.jsonl": 0.93, "msra_dev.jsonl": 0.92, "cluener_dev.jsonl": 0.72, "weibo_dev.jsonl": 0.60}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=FILES)
    parser.add_argument("--model", help="a name model file to score instead of the shipped one")
    args = parser.parse_args()
    tagger = Tagger(model=args.model or True)
    systems = {"zhtag": tagger_system(tagger), "lstm=False": tagger_system(Tagger(model=args.model or True, lstm=False)),
               "jieba.posseg": jieba_posseg_system()}
    summary, labels = [], []
    for name in args.files:
        gold = read_gold(data_file(name))
        for part, rows in PARTS.items():
            f1 = {}
            for system_name, system in systems.items():
                table = score(gold[rows], system, LABELS)
                f1[system_name] = table.loc["ALL", "f1"]
                if part == "all":
                    for label, row in table.iterrows():
                        labels.append({"data": name, "label": label, "system": system_name, **row.to_dict()})
            before = BEFORE.get(name, (float("nan"),) * 3)[list(PARTS).index(part)]
            summary.append({
                "data": name, "part": part, "zhtag": f1["zhtag"], "lstm=False": f1["lstm=False"], "before": before,
                "change": f1["zhtag"] - before,
                "jieba.posseg": f1["jieba.posseg"], "/ jieba": f1["zhtag"] / f1["jieba.posseg"],
                "aim": AIMS.get(name) if part == "all" else None,
            })
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print("F1 (PER+LOC+ORG, exact span and label)")
        print(pd.DataFrame(summary).set_index(["data", "part"]).round(3).to_string(na_rep=""))
        frame = pd.DataFrame(labels)
        wide = frame.pivot_table(index=["data", "label"], columns="system", values=["precision", "recall", "f1"], sort=False)
        print("\nwhole files, per label")
        print(wide.round(3).to_string())


if __name__ == "__main__":
    main()
