"""Train the BiLSTM that joins the name CRF (zhtag.lstm), with PyTorch, from the CRF's own training sentences.

Run (rebuilt the shipped BiLSTM in 23 minutes with one thread, beside a CRF training; needs ``pip install ".[lstm]"``):
    python -m zhtag.train_lstm --corpus ../shared/data/msra_train.jsonl ../shared/data/cluener_train.jsonl
        -o src/zhtag/models/ner.lstm.npz --pretrain ../shared/data/news_corpus.jsonl --augment

The sentences are those of ``zhtag.train`` (held-out dev sentences and sentences
that miss a dictionary name left out), segmented by zhtag's Segmenter and cut
into sentences as the CRF decoder cuts them. The BiLSTM learns each character's
BIOES label with a softmax (cross-entropy); at tagging time its log-probabilities,
times ``--weight``, are added to the CRF's emissions and decoded with the CRF's
transitions.

``--augment`` adds a copy of each kept sentence that holds a name, its names replaced
by other names of the same label from the same corpus (``zhtag.train.mention_replacements``;
27,429 copies). Chosen on the even-numbered records of the dev files only (sum of the
PD, MSRA, CLUENER and Weibo even halves): 3.1933 with the copies at weight 0.3 against
3.1837 without them at 0.25 (with them, 0.2: 3.1676, 0.25: 3.1829, 0.35: 3.1730); the
held-out odd halves moved PD 0.923 -> 0.930, MSRA 0.919 -> 0.930, CLUENER 0.730 -> 0.727,
Weibo 0.623 -> 0.643. The CRF trained on the same copies scored lower on the even halves
(3.1459), so ``zhtag.train`` ships without them.
A model card (``<out minus .npz>.json``, e.g. ner.lstm.json) records the corpora,
sizes, parameters, losses and command.

``--pretrain`` files (unlabelled JSONL texts) start the char and bigram embeddings
from skip-gram vectors (gensim's word2vec) of those texts and the gold sentences,
and add their characters and bigrams to the vocabularies: a name's characters that
the gold sentences never hold still get a vector learnt from news text. With the
2,000 news articles it lifted the held-out odd halves of PD 0.917 -> 0.921 and
CLUENER 0.708 -> 0.717 (MSRA unchanged at 0.914, Weibo 0.615 -> 0.607 on 89 names).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from zhtag.dictionaries import bundled_entry_files, load_all
from zhtag.document import Tokens
from zhtag.features import normalize_chars, sentence_bounds
from zhtag.lstm import LEFT_PAD, RIGHT_PAD, LstmInputs, bigram_keys
from zhtag.recognizers.lexicon import Lexicon
from zhtag.segment import Segmenter
from zhtag.train import LABELS, HeldOut, default_held_out, training_examples

#: The BiLSTM's labels: O, then B/I/E/S of each name label (the CRF's labels, in another order).
LSTM_LABELS = ["O"] + [f"{mark}-{label}" for label in LABELS for mark in "BIES"]
#: The embedding sizes of the inputs, in the order of LstmInputs.ids: char, left bigram, right bigram,
#: mark + POS, mark + dictionary label.
DEFAULTS = {"epochs": 8, "hidden": 48, "dims": (64, 32, 32, 24, 16), "min_char": 2, "min_bigram": 5,
            "min_pretrained_bigram": 5,
            "batch": 32, "learning_rate": 2e-3, "decay": 0.7, "dropout": 0.3, "weight": 0.3, "seed": 1}
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n+")


class Sentences:
    """The training sentences as the BiLSTM reads them: the five input ids and the label id of
    every character, sentences in a row (``lengths`` of each)."""

    def __init__(self, examples: Sequence[tuple[str, list, list[str]]], inputs: LstmInputs | None = None,
                 min_char: int = DEFAULTS["min_char"], min_bigram: int = DEFAULTS["min_bigram"]) -> None:
        codes, lengths, token_lengths, poses, labels, targets = [], [], [], [], [], []
        label_ids = {label: index for index, label in enumerate(LSTM_LABELS)}
        for text, tokens, char_labels in examples:
            tokens = Tokens.of(tokens)
            for first, stop in sentence_bounds(tokens, text):
                starts, ends = tokens.starts[first:stop], tokens.ends[first:stop]
                offsets = [i for start, end in zip(starts, ends) for i in range(start, end)]
                codes.extend(ord(text[i]) for i in offsets)
                targets.extend(label_ids[char_labels[i]] for i in offsets)
                lengths.append(len(offsets))
                token_lengths.extend(end - start for start, end in zip(starts, ends))
                poses.extend(tokens.poses[first:stop])
                labels.extend(tokens.labels[first:stop])
        self.lengths = np.array(lengths, dtype=np.int64)
        #: the arguments of LstmInputs.learn and LstmInputs.ids, kept for use()
        self._columns = (np.array(codes, dtype=np.uint32), self.lengths, np.array(token_lengths, dtype=np.int64),
                         poses, labels)
        self.use(inputs or LstmInputs.learn(*self._columns, min_char=min_char, min_bigram=min_bigram))
        self.targets = np.array(targets, dtype=np.int64)
        self.starts = np.cumsum(self.lengths) - self.lengths

    def use(self, inputs: LstmInputs) -> None:
        """Reads the sentences with the vocabularies of ``inputs`` (e.g. widened by pretraining)."""
        self.inputs = inputs
        self.ids = np.stack(inputs.ids(*self._columns))  # [5, chars]

    def batches(self, size: int, rng: random.Random) -> list[np.ndarray]:
        """Sentence indices in batches of about equal length (little padding), in random order."""
        order = np.argsort(self.lengths, kind="stable")
        batches = [order[i : i + size] for i in range(0, len(order), size)]
        rng.shuffle(batches)
        return batches


def _sentence_texts(path: Path) -> Iterator[str]:
    """The sentences (cut after 。！？ and line breaks) of the ``text`` and ``title`` of each JSONL record."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for field in ("title", "text"):
                value = record.get(field)
                if isinstance(value, str):
                    yield from (piece for piece in _SENTENCE_END.split(normalize_chars(value)) if piece.strip())


def pretrained_embeddings(texts: Sequence[str], dims: tuple[int, int], *, min_char: int, min_bigram: int,
                          seed: int) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Skip-gram (word2vec) vectors of the characters and of the bigrams of ``texts`` (sentences
    between LEFT_PAD and RIGHT_PAD, as the BiLSTM reads them), scaled to unit spread: the
    initial char and bigram embeddings, and their rows for characters and bigrams that the
    gold sentences hold too few times to learn. Each as (sorted keys, vectors): the characters'
    code points and the bigrams' keys (zhtag.lstm.bigram_keys), the keys of LstmInputs."""
    from gensim.models import Word2Vec

    padded = [chr(LEFT_PAD) + text + chr(RIGHT_PAD) for text in texts]
    options = {"sg": 1, "window": 5, "negative": 5, "epochs": 5, "workers": 2, "seed": seed}
    chars = Word2Vec([list(text[1:-1]) for text in padded], vector_size=dims[0], min_count=min_char, **options).wv
    bigrams = Word2Vec([[text[i : i + 2] for i in range(len(text) - 1)] for text in padded], vector_size=dims[1],
                       min_count=min_bigram, **options).wv
    char_keys = np.array([ord(char) for char in chars.index_to_key], dtype=np.int64)
    bigram_codes = np.array([[ord(first), ord(second)] for first, second in bigrams.index_to_key], dtype=np.int64)
    return tuple(_sorted_by_key(keys, vectors.vectors / vectors.vectors.std())
                 for keys, vectors in ((char_keys, chars), (bigram_keys(bigram_codes[:, 0], bigram_codes[:, 1]), bigrams)))


def _sorted_by_key(keys: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(keys)
    return keys[order], vectors[order]


def _with_pretrained_vocabulary(inputs: LstmInputs, chars: tuple, bigrams: tuple) -> LstmInputs:
    """``inputs`` with every character and bigram that has a pretrained vector added."""
    return LstmInputs(np.union1d(inputs.chars, chars[0]), np.union1d(inputs.keys_left, bigrams[0]),
                      np.union1d(inputs.keys_right, bigrams[0]), inputs.segments, inputs.dictionary)


def _set_pretrained(model, inputs: LstmInputs, chars: tuple, bigrams: tuple) -> int:
    """Copies the pretrained vectors into the char and bigram embeddings (whose vocabularies hold
    every pretrained key: _with_pretrained_vocabulary); returns the rows set."""
    import torch

    rows = 0
    with torch.no_grad():
        for embedding, (keys, vectors), known in ((0, chars, inputs.chars), (1, bigrams, inputs.keys_left),
                                                 (2, bigrams, inputs.keys_right)):
            model.embeddings[embedding].weight[torch.from_numpy(np.searchsorted(known, keys) + 1)] = \
                torch.from_numpy(vectors.astype(np.float32))
            rows += len(keys)
    return rows


def _model(sizes: Sequence[int], dims: Sequence[int], hidden: int, dropout: float):
    import torch
    from torch import nn

    class BiLstm(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = nn.ModuleList([nn.Embedding(n, d) for n, d in zip(sizes, dims)])
            self.dropout = nn.Dropout(dropout)
            self.lstm = nn.LSTM(sum(dims), hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(LSTM_LABELS))

        def forward(self, ids, lengths):
            embedded = self.dropout(torch.cat([e(x) for e, x in zip(self.embeddings, ids)], dim=-1))
            packed = nn.utils.rnn.pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
            states, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True)
            return self.out(self.dropout(states))

    return BiLstm()


def _padded(data: Sentences, batch: np.ndarray):
    """The batch's input ids [5, sentences, longest], labels [sentences, longest] (-100: padding), lengths."""
    import torch

    lengths = data.lengths[batch]
    longest = int(lengths.max())
    rows = np.repeat(np.arange(len(batch)), lengths)
    columns = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    chars = np.concatenate([np.arange(start, start + length) for start, length in zip(data.starts[batch], lengths)])
    ids = np.zeros((5, len(batch), longest), dtype=np.int64)
    ids[:, rows, columns] = data.ids[:, chars]
    targets = np.full((len(batch), longest), -100, dtype=np.int64)
    targets[rows, columns] = data.targets[chars]
    return torch.from_numpy(ids), torch.from_numpy(targets), torch.from_numpy(lengths)


def model_arrays(model, inputs: LstmInputs, hidden: int, weight: float) -> dict[str, np.ndarray]:
    """The arrays of a model file that zhtag.lstm.LstmScorer reads (weights as float16)."""
    state = {name: value.detach().numpy() for name, value in model.state_dict().items()}
    half = {f"embedding_{name}": state[f"embeddings.{i}.weight"]
            for i, name in enumerate(("char", "left", "right", "segment", "dictionary"))}
    for suffix in ("", "_reverse"):
        half[f"weight_ih{suffix}"] = state[f"lstm.weight_ih_l0{suffix}"]
        half[f"weight_hh{suffix}"] = state[f"lstm.weight_hh_l0{suffix}"]
    half["weight_out"] = state["out.weight"]
    arrays = {name: value.astype(np.float16) for name, value in half.items()}
    arrays.update(
        bias=state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"],
        bias_reverse=state["lstm.bias_ih_l0_reverse"] + state["lstm.bias_hh_l0_reverse"],
        bias_out=state["out.bias"], labels=np.array(LSTM_LABELS), weight=np.array(weight), hidden=np.array(hidden),
        **inputs.arrays(),
    )
    return arrays


def train(
    corpora: Sequence[Path],
    out: Path,
    *,
    held_out: Sequence[Path] | None = None,
    epochs: int = DEFAULTS["epochs"],
    hidden: int = DEFAULTS["hidden"],
    weight: float = DEFAULTS["weight"],
    limit: int | None = None,
    seed: int = DEFAULTS["seed"],
    pretrain: Sequence[Path] = (),
    augment: bool = False,
) -> dict:
    """Train a BiLSTM on ``corpora`` and write it to ``out`` (.npz) with its model card; returns the card."""
    import torch
    from torch import nn

    started = time.perf_counter()
    torch.manual_seed(seed)
    rng = random.Random(seed)
    corpora, out = [Path(corpus) for corpus in corpora], Path(out)
    held = HeldOut(default_held_out(corpora) if held_out is None else [Path(p) for p in held_out])
    segmenter = Segmenter(Lexicon(load_all(bundled_entry_files())))
    examples, report = training_examples(corpora, held, segmenter, limit=limit, augment=augment)
    dims = DEFAULTS["dims"]
    data = Sentences(examples)
    pretrain = [Path(path) for path in pretrain]
    if pretrain:
        texts = [text for text, _, _ in examples] + [text for path in pretrain for text in _sentence_texts(path)]
        chars, bigrams = pretrained_embeddings(texts, (dims[0], dims[1]), min_char=DEFAULTS["min_char"],
                                               min_bigram=DEFAULTS["min_pretrained_bigram"], seed=seed)
        data.use(_with_pretrained_vocabulary(data.inputs, chars, bigrams))
    del examples
    model = _model(data.inputs.sizes(), dims, hidden, DEFAULTS["dropout"])
    pretrained_rows = _set_pretrained(model, data.inputs, chars, bigrams) if pretrain else 0
    optimiser = torch.optim.Adam(model.parameters(), lr=DEFAULTS["learning_rate"])
    loss_of = nn.CrossEntropyLoss(ignore_index=-100)
    losses = []
    for epoch in range(epochs):
        model.train()
        for group in optimiser.param_groups:
            group["lr"] = DEFAULTS["learning_rate"] * DEFAULTS["decay"] ** epoch
        total = 0.0
        batches = data.batches(DEFAULTS["batch"], rng)
        for batch in batches:
            ids, targets, lengths = _padded(data, batch)
            scores = model(ids, lengths)
            loss = loss_of(scores.reshape(-1, len(LSTM_LABELS)), targets[:, : scores.shape[1]].reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += loss.item()
        losses.append(round(total / len(batches), 4))
        print(f"epoch {epoch + 1}/{epochs}: loss {losses[-1]} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    model.eval()
    out.parent.mkdir(parents=True, exist_ok=True)
    # compressed: the shipped model takes 18.8 MB instead of 22.1, and 0.09 s more to load
    with open(out, "wb") as handle:  # a file object: np.savez_compressed would add .npz to a name without it
        np.savez_compressed(handle, **model_arrays(model, data.inputs, hidden, weight))
    card = {
        "model": out.name,
        "task": "character BiLSTM (PyTorch, softmax) for PER, LOC, ORG; its log-probabilities, times weight, "
                "join the CRF's emissions",
        "trained": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "corpora": report,
        "sentences": len(data.lengths),
        "characters": int(data.lengths.sum()),
        "held_out": [path.name for path in held.paths],
        "pretrained": {"files": [path.name for path in pretrain], "rows": pretrained_rows},
        "inputs": {"sizes": data.inputs.sizes(), "dims": list(dims),
                   "names": ["char", "left bigram", "right bigram", "mark + POS", "mark + dictionary label"]},
        "params": {"epochs": epochs, "hidden": hidden, "weight": weight, "seed": seed,
                   **{k: v for k, v in DEFAULTS.items() if k not in ("epochs", "hidden", "weight", "seed", "dims")}},
        "losses": losses,
        "model_bytes": out.stat().st_size,
        "seconds": round(time.perf_counter() - started),
        "command": "python -m zhtag.train_lstm --corpus " + " ".join(map(str, corpora)) + f" -o {out}"
        + "".join(f" --{name} {value}" for name, value in (("epochs", epochs), ("hidden", hidden), ("weight", weight))
                  if value != DEFAULTS[name])
        + (f" --limit {limit}" if limit is not None else "")
        + (" --pretrain " + " ".join(map(str, pretrain)) if pretrain else "")
        + (" --augment" if augment else ""),
    }
    card_path(out).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return card


def card_path(model: Path) -> Path:
    """ner.lstm.npz -> ner.lstm.json."""
    return model.with_suffix(".json")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhtag.train_lstm", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", required=True, type=Path, metavar="FILE", help="gold JSONL files")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="MODEL",
                        help="model file to write: <CRF model minus .crfsuite>.lstm.npz to join that CRF")
    parser.add_argument("--held-out", nargs="*", type=Path, metavar="FILE",
                        help="files whose sentences are kept out (default: *_dev.jsonl next to the corpora)")
    parser.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    parser.add_argument("--hidden", type=int, default=DEFAULTS["hidden"], help="LSTM units in each direction")
    parser.add_argument("--weight", type=float, default=DEFAULTS["weight"],
                        help="how much the BiLSTM's log-probabilities count against the CRF's scores")
    parser.add_argument("--limit", type=int, help="at most N sentences per corpus (a quick check)")
    parser.add_argument("--pretrain", nargs="*", type=Path, default=[], metavar="FILE",
                        help="JSONL texts whose char and bigram word2vec vectors start the embeddings (with the corpora's)")
    parser.add_argument("--augment", action="store_true",
                        help="also train on a copy of each sentence with its names replaced "
                        "(zhtag.train.mention_replacements)")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.corpus if not path.is_file()]
    if missing:
        print(f"zhtag.train_lstm: no such corpus file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        import torch  # noqa: F401
    except ImportError:
        print('zhtag.train_lstm: PyTorch is not installed; install it with pip install ".[lstm]"', file=sys.stderr)
        return 2
    card = train(args.corpus, args.output, held_out=args.held_out, epochs=args.epochs, hidden=args.hidden,
                 weight=args.weight, limit=args.limit, pretrain=args.pretrain,
                 augment=args.augment)
    print(f"wrote {args.output} ({card['model_bytes'] / 1e6:.1f} MB, {card['sentences']} sentences, "
          f"{card['seconds']} s) and {card_path(args.output)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
