"""Traditional Chinese: the dev sets converted with OpenCC (s2tw, s2hk, s2twp) scored as their simplified originals.

Run: python benchmarks/eval_traditional.py [--limit N] [--speed-articles N] [--repeat N]

1. Conversion: how many records of each dev file OpenCC's s2tw / s2hk / s2twp conversion changes,
   and how many it would change in length (those are converted one character at a time, so the
   gold offsets still hold; none is dropped). s2twp also writes Taiwan's own words and names
   (紐西蘭 for 新西兰, 軟體 for 软件) where they keep a record's length.
2. Names: PER/LOC/ORG F1 (exact span and label) of the Tagger on peoples_daily_dev.jsonl and
   msra_dev.jsonl, simplified, s2tw and s2hk, whole and the held-out odd records; then s2tw
   with the script step switched off (what traditional text got before it) and the name model
   alone on the tokens of the simplified twin, of the raw traditional text and of simplified.
3. Dates and figures: eval_dates_figures.py's own scoring of recognizers_dev.jsonl and
   jionlp_time_money_dev.jsonl, the case inputs converted the same way; its recognisers run
   as the Tagger runs them (on the simplified twin), and its text checks (lunar words,
   qualifier words, what a parser case may hold besides the span) read the simplified twin too.
4. Speed: the Tagger (no keywords) on news_corpus.jsonl articles, simplified and s2tw, each
   the fastest of ``--repeat`` alternating passes, against jieba.posseg in the same run.
5. Keywords: the share of the top-10 zhtag keywords of the s2tw text that are those of the
   simplified text (compared in simplified characters).
"""
from __future__ import annotations

import argparse
import re
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import jieba
import jieba.posseg
import opencc
import pandas as pd

import eval_dates_figures as dates_eval
from _data import DATA, data_file, read_jsonl
from zhtag import Tagger
from zhtag import tagger as tagger_module
from zhtag.document import Document, Mention
from zhtag.evaluate import read_gold, score, tagger_system
from zhtag.recognizers.dates import DateRecognizer
from zhtag.recognizers.figures import FigureRecognizer
from zhtag.recognizers.model import ModelRecognizer
from zhtag.script import AsWritten, to_simplified, twin_text

LABELS = ["PER", "LOC", "ORG"]
NER_FILES = ["peoples_daily_dev.jsonl", "msra_dev.jsonl"]
DATES_FILES = ["recognizers_dev.jsonl", "jionlp_time_money_dev.jsonl"]
SCRIPTS = ("s2tw", "s2hk", "s2twp")


class Converter:
    """An OpenCC conversion of dev texts that keeps their length, counting what it had to do."""

    def __init__(self, config: str) -> None:
        self.config = config
        self._opencc = opencc.OpenCC(config)
        self.records = self.changed = self.length_changed = 0

    def __call__(self, text: str) -> str:
        converted = self._opencc.convert(text)
        self.records += 1
        self.changed += converted != text
        if len(converted) == len(text):
            return converted
        self.length_changed += 1
        return "".join(new if len(new := self._opencc.convert(old)) == 1 else old for old in text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N records of each dev file")
    parser.add_argument("--speed-articles", type=int, default=300, help="news_corpus.jsonl articles timed")
    parser.add_argument("--repeat", type=int, default=3, help="alternating timed passes; the fastest counts")
    args = parser.parse_args()
    tagger = Tagger()
    conversions: list[dict] = []
    names(tagger, args.limit, conversions)
    dates_and_figures(args.limit, conversions)
    print("\n1. OpenCC conversion of the dev files (records changed; records whose length it changes)")
    print(pd.DataFrame(conversions).to_string(index=False))
    speed(tagger, args.speed_articles, args.repeat)
    keywords(tagger, min(args.speed_articles, 200))


def names(tagger: Tagger, limit: int | None, conversions: list[dict]) -> None:
    rows = []
    model = ModelRecognizer()
    for name in NER_FILES:
        gold = read_gold(data_file(name))[:limit]
        scripts = {"simplified": gold}
        for config in SCRIPTS:
            convert = Converter(config)
            scripts[config] = [(convert(text), spans) for text, spans in gold]
            conversions.append({"file": name, "conversion": config, **_counts(convert)})
        runs: list[tuple[str, list, Callable]] = [(script, data, tagger_system(tagger)) for script, data in scripts.items()]
        runs.append(("s2tw, script step off", scripts["s2tw"], _without_script_step(tagger_system(tagger))))
        runs.append(("model alone, simplified", gold, _model_alone(tagger, model, convert=False)))
        runs.append(("model alone, s2tw twin", scripts["s2tw"], _model_alone(tagger, model, convert=True)))
        runs.append(("model alone, s2tw raw", scripts["s2tw"], _model_alone(tagger, model, convert=False)))
        for script, data, system in runs:
            for part, records in (("whole", data), ("held-out (odd)", data[1::2])):
                table = score(records, system, LABELS)
                rows.append({"data": name, "script": script, "part": part, **table["f1"].to_dict()})
    frame = pd.DataFrame(rows)
    print("2. PER/LOC/ORG F1 (exact span and label); ALL = micro average")
    with pd.option_context("display.width", 200):
        print(frame.round(3).to_string(index=False))
        whole = frame[frame.part == "whole"].set_index(["data", "script"])["ALL"]
        for name in NER_FILES:
            for config in SCRIPTS:
                print(f"   {name} {config}: ALL F1 {whole[(name, config)]:.3f} vs simplified {whole[(name, 'simplified')]:.3f}"
                      f" (difference {whole[(name, config)] - whole[(name, 'simplified')]:+.3f}; aim within 0.02)")


def _counts(convert: Converter) -> dict:
    return {"records": convert.records, "changed": convert.changed, "length changed": convert.length_changed}


def _without_script_step(system: Callable) -> Callable:
    def run(text: str):
        with _script_step_off():
            return system(text)

    return run


@contextmanager
def _script_step_off() -> Iterator[None]:
    """The Tagger as it was before the script step: the text goes to the recognisers as written."""
    original = tagger_module.twin_text
    tagger_module.twin_text = lambda text: text
    try:
        yield
    finally:
        tagger_module.twin_text = original


def _model_alone(tagger: Tagger, model: ModelRecognizer, convert: bool) -> Callable:
    """The name model's own spans (before resolution) on the tokens of the text or of its simplified twin."""

    def run(text: str) -> list[tuple[int, int, str]]:
        seen = twin_text(text) if convert else text
        doc = Document(text=seen, tokens=tagger.segmenter.segment(seen))
        return [(m.start, m.end, m.label) for m in model.find(doc)]

    return run


class AsTagged:
    """A recogniser run as the Tagger runs it: on the simplified twin, its mentions as written."""

    def __init__(self, recognizer) -> None:
        self.recognizer = recognizer
        self.source = recognizer.source

    def find(self, doc: Document) -> list[Mention]:
        simplified = twin_text(doc.text)
        twin = Document(text=simplified, date=doc.date)
        twin.mentions = self.recognizer.find(twin)
        if simplified != doc.text:
            AsWritten(doc.text, simplified).restore(twin)
        return twin.mentions


@contextmanager
def _scorer_reads_simplified() -> Iterator[None]:
    """eval_dates_figures' own text checks (lunar words, qualifier words, a parser case's rest) applied to the simplified twin."""
    patched = {
        "LUNAR": lambda original: _OnTwin(original),
        "_parser_span": lambda original: lambda text, mention: original(twin_text(text), mention),
        "_conventional_extra": lambda original: lambda left, right, mention: original(twin_text(left), twin_text(right), mention),
    }
    originals = {name: getattr(dates_eval, name) for name in patched}
    for name, wrap in patched.items():
        setattr(dates_eval, name, wrap(originals[name]))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(dates_eval, name, original)


class _OnTwin:
    """A pattern that searches the simplified twin of the text it is given (農曆 is 农历)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self._pattern.search(twin_text(text))


def dates_and_figures(limit: int | None, conversions: list[dict]) -> None:
    recognizers = (AsTagged(DateRecognizer()), AsTagged(FigureRecognizer()))
    scorers = {"recognizers_dev.jsonl": dates_eval.score_recognizers, "jionlp_time_money_dev.jsonl": dates_eval.score_jionlp}
    rows = []
    for name in DATES_FILES:
        if not (DATA / name).is_file():
            print(f"skipped: {DATA / name} not found")
            continue
        raws = list(read_jsonl(DATA / name))[:limit]
        scripts: dict[str, list[dict]] = {"simplified": raws}
        for config in SCRIPTS:
            convert = Converter(config)
            scripts[config] = [{**raw, "input": convert(raw["input"])} for raw in raws]
            conversions.append({"file": name, "conversion": config, **_counts(convert)})
        for script, data in scripts.items():
            with _scorer_reads_simplified():
                cases = [scorers[name](raw, recognizers, record) for record, raw in enumerate(data)]
            for part, chosen in (("whole", cases), ("held-out (odd)", cases[1::2])):
                rows.append({"data": name, "script": script, "part": part, **_shares(chosen)})
    frame = pd.DataFrame(rows)
    print("\n3. Dates and figures (eval_dates_figures.py scoring): share of scored cases right")
    with pd.option_context("display.width", 200):
        print(frame.round(3).to_string(index=False))
        whole = frame[frame.part == "whole"].set_index(["data", "script"])["span+res"]
        for name in whole.index.get_level_values(0).unique():
            for config in SCRIPTS:
                print(f"   {name} {config}: span+res {whole[(name, config)]:.3f} vs simplified {whole[(name, 'simplified')]:.3f}"
                      f" (difference {whole[(name, config)] - whole[(name, 'simplified')]:+.3f}; aim within 0.03)")


def _shares(cases: list) -> dict:
    """Every case is scored (eval_dates_figures leaves none out)."""
    right = sum(case.span_ok and case.resolution_ok for case in cases)
    return {
        "scored": len(cases),
        "span": sum(case.span_ok for case in cases) / len(cases) if cases else float("nan"),
        "span+res": right / len(cases) if cases else float("nan"),
    }


def speed(tagger: Tagger, articles: int, repeat: int) -> None:
    texts = [record["text"] for record in read_jsonl(data_file("news_corpus.jsonl"))][:articles]
    traditional = [opencc.OpenCC("s2tw").convert(text) for text in texts]
    chars = sum(map(len, texts))
    for text in texts + traditional:  # warm-up: the caches of new-word POS guesses fill for both
        tagger.tag(text, keywords=False)
    pos_tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    pos_tokenizer.lcut("预热")
    best = {"zhtag, simplified": float("inf"), "zhtag, s2tw": float("inf"), "twin_text alone, s2tw": float("inf")}
    for _ in range(repeat):
        best["zhtag, simplified"] = min(best["zhtag, simplified"], _seconds(lambda: [tagger.tag(t, keywords=False) for t in texts]))
        best["zhtag, s2tw"] = min(best["zhtag, s2tw"], _seconds(lambda: [tagger.tag(t, keywords=False) for t in traditional]))
        best["twin_text alone, s2tw"] = min(best["twin_text alone, s2tw"], _seconds(lambda: [twin_text(t) for t in traditional]))
    best["jieba.posseg.lcut, simplified"] = _seconds(lambda: [pos_tokenizer.lcut(t) for t in texts])
    reference = chars / best["jieba.posseg.lcut, simplified"]
    print(f"\n4. Speed on news_corpus.jsonl: {len(texts)} articles, {chars:,} characters, fastest of {repeat} passes")
    print(f"{'system':<34}{'seconds':>9}{'chars/s':>12}{'/ jieba.posseg':>16}")
    for name, seconds in best.items():
        print(f"{name:<34}{seconds:>9.2f}{chars / seconds:>12,.0f}{chars / seconds / reference:>16.2f}")
    slower = best["zhtag, s2tw"] / best["zhtag, simplified"] - 1
    print(f"   traditional (s2tw) takes {slower:+.1%} of the simplified time (aim within 15%)")


def _seconds(run: Callable) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def keywords(tagger: Tagger, articles: int) -> None:
    texts = [record["text"] for record in read_jsonl(data_file("news_corpus.jsonl"))][:articles]
    convert = opencc.OpenCC("s2tw")
    same = total = 0
    for text in texts:
        simplified = {k.keyword for k in tagger.tag(text).keywords if k.method == "zhtag"}
        traditional = {to_simplified(k.keyword) for k in tagger.tag(convert.convert(text)).keywords if k.method == "zhtag"}
        same += len(simplified & traditional)
        total += len(simplified)
    print(f"\n5. Keywords: {same}/{total} = {same / total:.3f} of the simplified top-10 zhtag keywords are those of the s2tw text "
          f"({len(texts)} news_corpus.jsonl articles)")


if __name__ == "__main__":
    main()
