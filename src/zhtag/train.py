"""Train the name model (a character CRF for PER, LOC, ORG) from gold JSONL corpora.

Run (rebuilds the shipped model in about 17 minutes on one core):
    python -m zhtag.train --corpus ../shared/data/msra_train.jsonl ../shared/data/cluener_train.jsonl
        -o src/zhtag/models/ner.crfsuite

Each corpus line is {text, entities: [{start, end, label}]}. Sentences that also
occur in a held-out evaluation file (by default the *_dev.jsonl files next to the
corpora) are left out, or the dev scores would measure memory, not skill. Text is
NFKC-normalised character by character (full-width １９９８ -> 1998), then
segmented by zhtag's own Segmenter with the bundled dictionaries, so the model
learns from the same tokens it will see when tagging. With ``--clusters``,
word clusters (:mod:`zhtag.clusters`) are learnt first from the kept training
texts and the ``--cluster-text`` files and written to ``<out>.clusters``; the
shipped model has none: trained so (with news_corpus.jsonl) it scored lower on
the even halves of every dev file (PD 0.900 vs 0.907, MSRA 0.899 vs 0.901,
CLUENER 0.622 vs 0.640, Weibo 0.410 vs 0.435), in 51 minutes under load. Every feature
seen in training is kept (``--min-freq 1``): keeping only those seen twice gave
a 6 MB model but lower F1 on the even half of every dev file (PD 0.920 vs 0.924,
MSRA 0.911 vs 0.919, CLUENER 0.647 vs 0.657, Weibo 0.457 vs 0.477). A model card
(``<out>.json``) records the corpora, counts, features, parameters and command.

``--augment`` also trains on a copy of each kept sentence with its names replaced
(:func:`mention_replacements`). The shipped BiLSTM (``zhtag.train_lstm``) is trained so; this
CRF is not: with the copies it scored lower on the even halves of the dev files (sum of
PD, MSRA, CLUENER and Weibo 3.1459 against 3.1837; model 10.4 MB against 7.9). The copies
are made only of sentences already kept: made of every sentence, copies of held-out ones,
their names changed, passed the held-out filter and lifted CLUENER dev from 0.72 to 0.76.

The PKU People's Daily 199801 corpus can be read too, but the shipped model
leaves it out: its conventions (邓小平理论 holds no person, 欧盟 and 北约 are
abbreviations rather than organisations) cost about two points of F1 on every
dev set, in-domain and out (the model alone on People's Daily dev: 0.886 with
it, 0.907 without).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

import ahocorasick
import pycrfsuite

from zhtag import clusters as word_clusters
from zhtag.dictionaries import bundled_entry_files, load_all
from zhtag.features import CLUSTER_TEMPLATES, FEATURE_VERSION, TEMPLATES, FeatureExtractor, normalize_chars
from zhtag.recognizers.lexicon import NAMED_LABELS, Lexicon
from zhtag.segment import Segmenter

LABELS = ("PER", "LOC", "ORG")
#: The evaluation files whose sentences training must not see, looked up next to the corpora.
DEFAULT_HELD_OUT = ("peoples_daily_dev.jsonl", "msra_dev.jsonl", "cluener_dev.jsonl", "weibo_dev.jsonl")
#: A training sentence sharing this many consecutive characters with a held-out one is dropped.
SHARED_SPAN = 20
#: Held-out sentences at least this long are also dropped when they occur inside a training sentence.
MIN_CONTAINED = 8
#: The seed of the names drawn for the replacement copies (training_examples' ``augment``).
AUGMENT_SEED = 7
DEFAULT_PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "min_freq": 1}


class HeldOut:
    """The sentences of held-out files, compared after NFKC and without whitespace."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self._sentences: set[str] = set()
        self._spans: set[str] = set()
        self._contained = ahocorasick.Automaton()
        for path in self.paths:
            for record in _read_jsonl(path):
                sentence = _comparable(record["text"])
                self._sentences.add(sentence)
                self._spans.update(_windows(sentence))
                if len(sentence) >= MIN_CONTAINED:
                    self._contained.add_word(sentence, len(sentence))
        if len(self._contained):
            self._contained.make_automaton()

    def __contains__(self, text: str) -> bool:
        sentence = _comparable(text)
        if sentence in self._sentences or any(window in self._spans for window in _windows(sentence)):
            return True
        return len(self._contained) > 0 and next(self._contained.iter(sentence), None) is not None


def _comparable(text: str) -> str:
    return "".join(normalize_chars(text).split())


def _windows(sentence: str) -> Iterator[str]:
    return (sentence[i : i + SHARED_SPAN] for i in range(len(sentence) - SHARED_SPAN + 1))


def _read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None


def char_labels(length: int, entities: list[dict]) -> list[str]:
    """One BIOES label per character (S-PER, B-ORG, I-ORG, E-ORG, O …); other labels (GAME, BOOK …) are O.

    BIOES rather than BIO: marking a name's last character lets the CRF learn
    where names end (suffixes, titles after them), worth about a point of F1.
    """
    labels = ["O"] * length
    for entity in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        label, start, end = entity["label"], entity["start"], entity["end"]
        if label not in LABELS or start >= end or any(tag != "O" for tag in labels[start:end]):
            continue
        if end - start == 1:
            labels[start] = "S-" + label
        else:
            labels[start : end] = ["B-" + label] + ["I-" + label] * (end - start - 2) + ["E-" + label]
    return labels


def misses_a_dictionary_name(text: str, entities: list[dict], lexicon: Lexicon) -> bool:
    """Whether a bundled PER/LOC/ORG entry occurs in ``text`` with none of its characters in a gold name.

    Such a sentence follows another convention (CLUENER labels countries and
    cities only inside addresses; the PKU corpus tags 欧盟 and 北约 as
    abbreviations, not organisations): training on it would teach the model to
    ignore names that the other corpora, and our users, count.
    """
    named = set()
    for entity in entities:
        if entity["label"] in LABELS:
            named.update(range(entity["start"], entity["end"]))
    return any(
        entry.label in NAMED_LABELS and end - start >= 2 and named.isdisjoint(range(start, end))
        for start, end, entry in lexicon.matches(text)
    )


def training_examples(
    corpora: Sequence[Path], held: HeldOut, segmenter: Segmenter, *, limit: int | None = None, consistent: bool = True,
    augment: bool = False,
) -> tuple[list[tuple[str, list, list[str]]], list[dict]]:
    """The (text, tokens, BIOES labels) of every training sentence kept, and a report per corpus.

    The one selection of both models (this CRF and the BiLSTM of :mod:`zhtag.train_lstm`):
    held-out sentences and, with ``consistent``, those that miss a dictionary name are left out.
    With ``augment``, each kept sentence that holds a name also comes as a copy with its names
    replaced (:func:`mention_replacements`), which the same two checks then select.
    """
    report = []
    examples: list[tuple[str, list, list[str]]] = []

    def left_out(text: str, entities: list[dict]) -> str | None:
        """Why a sentence (read or copied) is left out, or None."""
        if text in held:
            return "held out"
        if consistent and misses_a_dictionary_name(normalize_chars(text), entities, segmenter.lexicon):
            return "inconsistent"
        return None

    for corpus in corpora:
        kept: list[dict] = []
        reasons: Counter[str] = Counter()
        for record in _read_jsonl(corpus):
            if limit is not None and len(kept) >= limit:
                break
            reason = left_out(record["text"], record.get("entities", []))
            if reason is None:
                kept.append({**record, "text": normalize_chars(record["text"])})
            else:
                reasons[reason] += 1
        dropped, inconsistent = reasons["held out"], reasons["inconsistent"]
        copies = [copy for copy in mention_replacements(kept, random.Random(AUGMENT_SEED))
                  if left_out(copy["text"], copy["entities"]) is None] if augment else []
        for record in kept + copies:
            text = record["text"]
            examples.append((text, segmenter.segment(text), char_labels(len(text), record.get("entities", []))))
        entry = {"file": corpus.name, "sentences": len(kept), "characters": sum(len(r["text"]) for r in kept),
                 "dropped_held_out": dropped, "dropped_missing_dictionary_name": inconsistent}
        if augment:
            entry["replacement_copies"] = len(copies)
        report.append(entry)
        print(f"{corpus.name}: {len(kept)} sentences, {dropped} dropped as held out, "
              f"{inconsistent} as missing a dictionary name"
              + (f"; {len(copies)} copies with names replaced" if augment else ""), file=sys.stderr)
    return examples, report


def mention_replacements(records: Sequence[dict], rng: random.Random) -> Iterator[dict]:
    """A copy of each record that holds a PER, LOC or ORG name, each such name replaced by a
    name drawn from the distinct names of the same label (and the corpus's own finer label,
    ``orig``: CLUENER's company, government …) in ``records``.

    Why: the model should read a name from its context, not remember it; in the copies the
    same context holds other names (most of them rare), as in "mention replacement" (Dai and
    Adel, 2020). Other labels (GAME, BOOK …) stay as written.
    """
    pools: dict[tuple[str, str | None], set[str]] = {}
    for record in records:
        for entity in record.get("entities", []):
            if entity["label"] in LABELS:
                name = record["text"][entity["start"] : entity["end"]]
                pools.setdefault((entity["label"], entity.get("orig")), set()).add(name)
    names = {key: sorted(pool) for key, pool in pools.items()}
    for record in records:
        entities = sorted(record.get("entities", []), key=lambda e: e["start"])
        if not any(entity["label"] in LABELS for entity in entities):
            continue
        text, parts, replaced, position, length = record["text"], [], [], 0, 0
        for entity in entities:
            if entity["start"] < position:  # overlapping an earlier one (in order of start): left out
                continue
            before = text[position : entity["start"]]
            name = (rng.choice(names[entity["label"], entity.get("orig")]) if entity["label"] in LABELS
                    else text[entity["start"] : entity["end"]])
            start = length + len(before)
            parts += [before, name]
            replaced.append({**entity, "start": start, "end": start + len(name), "text": name})
            position, length = entity["end"], start + len(name)
        parts.append(text[position:])
        yield {"text": "".join(parts), "entities": replaced}


def default_held_out(corpora: Sequence[Path]) -> list[Path]:
    """The dev files of DEFAULT_HELD_OUT that exist next to any of the corpora."""
    found = []
    for folder in dict.fromkeys(Path(corpus).resolve().parent for corpus in corpora):
        found.extend(path for name in DEFAULT_HELD_OUT if (path := folder / name).is_file())
    return found


def train(
    corpora: Sequence[Path],
    out: Path,
    *,
    held_out: Sequence[Path] | None = None,
    c1: float = DEFAULT_PARAMS["c1"],
    c2: float = DEFAULT_PARAMS["c2"],
    max_iterations: int = DEFAULT_PARAMS["max_iterations"],
    min_freq: int = DEFAULT_PARAMS["min_freq"],
    limit: int | None = None,
    consistent: bool = True,
    clusters: bool = False,
    cluster_texts: Sequence[Path] = (),
    augment: bool = False,
    verbose: bool = False,
) -> dict:
    """Train a model on ``corpora`` and write it to ``out`` with its model card; returns the card.

    ``held_out``: files whose sentences are kept out of training (default: the
    dev files next to the corpora). ``limit``: at most this many sentences per
    corpus, for a quick check of the pipeline. ``consistent``: leave out sentences
    that miss a dictionary name (see :func:`misses_a_dictionary_name`).
    ``clusters``: learn word clusters (:mod:`zhtag.clusters`) from the training
    texts and the plain texts of ``cluster_texts`` (JSONL with ``text``), write
    them to ``<out>.clusters`` and use them as features.
    """
    started = time.perf_counter()
    corpora = [Path(corpus) for corpus in corpora]
    out = Path(out)
    held = HeldOut(default_held_out(corpora) if held_out is None else [Path(p) for p in held_out])
    segmenter = Segmenter(Lexicon(load_all(bundled_entry_files())))
    trainer = pycrfsuite.Trainer(verbose=verbose)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": min_freq,
         "feature.possible_transitions": True}
    )
    examples, report = training_examples(corpora, held, segmenter, limit=limit, consistent=consistent,
                                          augment=augment)
    cluster_card = None
    table = None
    if clusters:
        cluster_texts = [Path(path) for path in cluster_texts]
        token_texts = [[token.text for token in tokens] for _, tokens, _ in examples]
        for path in cluster_texts:
            token_texts.extend(
                [token.text for token in segmenter.segment(normalize_chars(record["text"]))]
                for record in _read_jsonl(path) if record["text"] not in held
            )
        learnt = word_clusters.learn(token_texts)
        cluster_path = out.with_suffix(".clusters")
        out.parent.mkdir(parents=True, exist_ok=True)
        word_clusters.write(learnt, cluster_path)
        table = word_clusters.read(cluster_path.read_text(encoding="utf-8"))
        cluster_card = {"file": cluster_path.name, "tokens": len(learnt), "learnt_from_sentences": len(token_texts),
                        "extra_texts": [path.name for path in cluster_texts],
                        "fine": word_clusters.FINE_CLUSTERS, "coarse": word_clusters.COARSE_CLUSTERS}
        print(f"clusters: {len(learnt)} tokens from {len(token_texts)} sentences", file=sys.stderr)
    extractor = FeatureExtractor(table)
    for text, tokens, labels in examples:
        for offsets, features in extractor.sentences(tokens, text):
            trainer.append(features, [labels[i] for i in offsets])
    del examples
    prepared = time.perf_counter() - started
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    card = {
        "model": out.name,
        "task": "character-level CRF (python-crfsuite, L-BFGS) for PER, LOC, ORG; BIOES labels",
        "trained": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "corpora": report,
        "sentences": sum(r["sentences"] for r in report),
        "characters": sum(r["characters"] for r in report),
        "held_out": [path.name for path in held.paths],
        "held_out_rule": f"dropped: identical after NFKC without whitespace, a shared {SHARED_SPAN}-character span, "
        f"or containing a held-out sentence of {MIN_CONTAINED}+ characters",
        "labels": list(LABELS),
        "feature_version": FEATURE_VERSION,
        "features": list(TEMPLATES) + (list(CLUSTER_TEMPLATES) if clusters else []),
        "clusters": cluster_card,
        "params": {"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": min_freq,
                   "drop_missing_dictionary_name": consistent, "augment": augment},
        "iterations_run": trainer.logparser.last_iteration["num"] if trainer.logparser.last_iteration else None,
        "model_bytes": out.stat().st_size,
        "seconds": {"prepare": round(prepared), "total": round(time.perf_counter() - started)},
        "command": "python -m zhtag.train --corpus " + " ".join(map(str, corpora)) + f" -o {out}"
        + _options_text(c1, c2, max_iterations, min_freq, limit, consistent)
        + (" --clusters" if clusters else "") + (" --augment" if augment else "")
        + (" --cluster-text " + " ".join(map(str, cluster_texts)) if clusters and cluster_texts else ""),
    }
    out.with_suffix(".json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return card


def _options_text(c1: float, c2: float, max_iterations: int, min_freq: int, limit: int | None, consistent: bool) -> str:
    given = {"c1": c1, "c2": c2, "max_iterations": max_iterations, "min_freq": min_freq}
    options = "".join(
        f" --{name.replace('_', '-')} {value}" for name, value in given.items() if value != DEFAULT_PARAMS[name]
    )
    return options + (f" --limit {limit}" if limit is not None else "") + ("" if consistent else " --keep-inconsistent")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The training options, shared by ``python -m zhtag.train`` and ``zhtag train``."""
    parser.add_argument("--corpus", nargs="+", required=True, type=Path, metavar="FILE", help="gold JSONL files")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="MODEL", help="model file to write")
    parser.add_argument("--held-out", nargs="*", type=Path, metavar="FILE",
                        help="files whose sentences are kept out (default: *_dev.jsonl next to the corpora)")
    parser.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"], help="L1 penalty (sparsity)")
    parser.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"], help="L2 penalty")
    parser.add_argument("--max-iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    parser.add_argument("--min-freq", type=int, default=DEFAULT_PARAMS["min_freq"], help="drop rarer features")
    parser.add_argument("--limit", type=int, help="at most N sentences per corpus (a quick check)")
    parser.add_argument("--keep-inconsistent", action="store_true",
                        help="keep sentences in which a dictionary name is not labelled")
    parser.add_argument("--cluster-text", nargs="*", type=Path, default=[], metavar="FILE",
                        help="plain JSONL texts ({text}) that the word clusters also learn from")
    parser.add_argument("--augment", action="store_true",
                        help="also train on a copy of each sentence with its names replaced (mention_replacements)")
    parser.add_argument("--clusters", action="store_true",
                        help="learn word clusters and use them as features (the shipped model has none)")


def run(args: argparse.Namespace) -> int:
    missing = [str(path) for path in args.corpus if not path.is_file()]
    if missing:
        print(f"zhtag train: no such corpus file: {', '.join(missing)}", file=sys.stderr)
        return 2
    card = train(
        args.corpus, args.output, held_out=args.held_out, c1=args.c1, c2=args.c2,
        max_iterations=args.max_iterations, min_freq=args.min_freq, limit=args.limit,
        consistent=not args.keep_inconsistent, clusters=args.clusters, cluster_texts=args.cluster_text,
        augment=args.augment,
        verbose=True,
    )
    print(f"wrote {args.output} ({card['model_bytes'] / 1e6:.1f} MB, {card['sentences']} sentences, "
          f"{card['seconds']['total']} s) and {args.output.with_suffix('.json')}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhtag.train", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
