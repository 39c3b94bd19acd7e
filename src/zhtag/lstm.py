"""A character BiLSTM whose label log-probabilities are added to the CRF's emissions.

The CRF (:mod:`zhtag.crf`) sees a window of five characters and the tokens
around each one; the BiLSTM reads the whole sentence in both directions. Their
errors differ, so the sum of the CRF's scores and ``weight`` times the BiLSTM's
log-probabilities, decoded with the CRF's transitions (a product of experts),
finds more names than either alone. Training needs PyTorch
(:mod:`zhtag.train_lstm`); tagging runs this numpy forward pass, which gives
PyTorch's outputs (tests/test_lstm.py), so a user installs no deep-learning
framework to tag.

The inputs of a character: the character itself (NFKC-folded as the CRF reads
it), the character bigrams on its left and right, its position (B/M/E/S) in its
jieba token with the token's POS, and the same position with the token's
dictionary label. Weights are float16 on disk; in memory, the bigram embeddings stay
float16 and the rest is float32.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

#: What a sentence's first character has on its left and its last one on its right, as in training.
LEFT_PAD, RIGHT_PAD = ord("^"), ord("$")
#: A token's characters are marked by their place in it: Begin, Middle, End, or a Single character.
MARKS = "BMES"
#: The value of the dictionary input for a token without a dictionary label.
NO_LABEL = "-"
#: A sentence longer than WINDOW_CORE + 2 WINDOW_CONTEXT characters is read in windows (LstmScorer._recur).
WINDOW_CORE, WINDOW_CONTEXT = 64, 16
#: The input projections of a batch are computed this many characters at a time (LstmScorer._projections).
PROJECTION_CHARS = 1024
#: Bigram keys: the first character's code shifted past any code point's 21 bits.
_KEY_SHIFT = 21


def bigram_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One int64 key per pair of code points."""
    return (first.astype(np.int64) << _KEY_SHIFT) | second.astype(np.int64)


def _index_in(known: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The position + 1 of each of ``keys`` in the sorted array ``known``; 0 for a key not in it."""
    if not len(known):
        return np.zeros(len(keys), dtype=np.int64)
    found = np.minimum(np.searchsorted(known, keys), len(known) - 1)
    return np.where(known[found] == keys, found + 1, 0)


class LstmInputs:
    """The vocabularies of the BiLSTM's five inputs, and the ids they give a batch of sentences.

    Training (:mod:`zhtag.train_lstm`) learns them and computes its inputs with
    :meth:`ids`, the same code that tagging runs, so the two cannot drift apart.
    Index 0 of every input is "unknown".
    """

    def __init__(self, chars: np.ndarray, keys_left: np.ndarray, keys_right: np.ndarray,
                 segments: Sequence[str], dictionary: Sequence[str]) -> None:
        self.chars = np.asarray(chars, dtype=np.int64)  # the code point of each char index from 1
        self.keys_left = np.asarray(keys_left, dtype=np.int64)  # sorted bigram keys; index = position + 1
        self.keys_right = np.asarray(keys_right, dtype=np.int64)
        self.segments = [str(name) for name in segments]  # mark + POS
        self.dictionary = [str(name) for name in dictionary]  # mark + dictionary label, or NO_LABEL
        self._char_of_code = {code: index for index, code in enumerate(self.chars.tolist(), start=1)}
        self._char_index = np.zeros(0x10000, dtype=np.int32)
        in_bmp = self.chars < 0x10000
        self._char_index[self.chars[in_bmp]] = np.flatnonzero(in_bmp) + 1
        # per POS (per label), the ids of its four marks: a row of a table read per character
        self._segment_rows, self._segment_table = _mark_table(self.segments)
        self._dictionary_rows, self._dictionary_table = _mark_table(self.dictionary)
        self._no_label_row = self._dictionary_rows.get(NO_LABEL, 0)

    @classmethod
    def learn(cls, codes: np.ndarray, lengths: np.ndarray, token_lengths: np.ndarray, poses: Sequence[str],
              labels: Sequence[str | None], *, min_char: int = 2, min_bigram: int = 5) -> "LstmInputs":
        """The vocabularies of training sentences (arguments as for :meth:`ids`): characters seen
        ``min_char`` times, bigrams ``min_bigram`` times, every mark + POS and mark + label."""
        chars, counts = np.unique(codes.astype(np.int64), return_counts=True)
        left, right = _neighbour_keys(codes, lengths)
        known = []
        for keys in (left, right):
            unique, counts_of = np.unique(keys, return_counts=True)
            known.append(unique[counts_of >= min_bigram])
        token, mark = _char_marks(token_lengths)
        pairs = set(zip(token.tolist(), mark.tolist()))
        segment = {MARKS[m] + poses[t] for t, m in pairs}
        dictionary = {MARKS[m] + labels[t] if labels[t] else NO_LABEL for t, m in pairs}
        return cls(chars[counts >= min_char], known[0], known[1], sorted(segment), sorted(dictionary))

    @classmethod
    def of(cls, arrays: dict[str, np.ndarray]) -> "LstmInputs":
        return cls(arrays["chars"], arrays["keys_left"], arrays["keys_right"], arrays["segments"].tolist(),
                   arrays["dictionary"].tolist())

    def arrays(self) -> dict[str, np.ndarray]:
        """The vocabularies as arrays for a model file."""
        return {"chars": self.chars, "keys_left": self.keys_left, "keys_right": self.keys_right,
                "segments": np.array(self.segments), "dictionary": np.array(self.dictionary)}

    def sizes(self) -> list[int]:
        """The number of ids of each input (its embedding's rows), in the order of :meth:`ids`."""
        return [len(self.chars) + 1, len(self.keys_left) + 1, len(self.keys_right) + 1, len(self.segments) + 1,
                len(self.dictionary) + 1]

    def ids(self, codes: np.ndarray, lengths: np.ndarray, token_lengths: np.ndarray, poses: Sequence[str],
            labels: Sequence[str | None]) -> list[np.ndarray]:
        """Per character of sentences in a row: its char, left bigram, right bigram, mark + POS and
        mark + label ids. ``codes``: the (folded) code points, ``lengths`` of each sentence;
        ``token_lengths``, ``poses`` and ``labels``: of their tokens in a row."""
        beyond = codes >= 0x10000
        char = self._char_index[np.where(beyond, 0, codes)].astype(np.int64)
        if beyond.any():
            char[beyond] = [self._char_of_code.get(code, 0) for code in codes[beyond].tolist()]
        left, right = _neighbour_keys(codes, lengths)
        token, mark = _char_marks(token_lengths)
        pos_rows = np.fromiter(map(self._segment_rows.get, poses, repeat(0)), dtype=np.int64, count=len(poses))
        no_label, rows_of = self._no_label_row, self._dictionary_rows
        label_rows = np.fromiter((rows_of.get(label, 0) if label else no_label for label in labels), dtype=np.int64,
                                 count=len(labels))
        return [char, _index_in(self.keys_left, left), _index_in(self.keys_right, right),
                self._segment_table[pos_rows[token], mark], self._dictionary_table[label_rows[token], mark]]


def _neighbour_keys(codes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bigram keys on the left and on the right of each character of sentences in a row."""
    ends = np.cumsum(lengths)
    previous = np.empty_like(codes)
    previous[1:] = codes[:-1]
    previous[ends - lengths] = LEFT_PAD
    following = np.empty_like(codes)
    following[:-1] = codes[1:]
    following[ends - 1] = RIGHT_PAD
    return bigram_keys(previous, codes), bigram_keys(codes, following)


def _mark_table(names: Sequence[str]) -> tuple[dict[str, int], np.ndarray]:
    """For vocabulary ``names`` (mark + value, or NO_LABEL for every mark): the row of each value,
    and a table [rows, marks] of the names' ids (row 0 and a pair not seen: 0, unknown)."""
    rows: dict[str, int] = {NO_LABEL: 1} if NO_LABEL in names else {}
    for name in names:
        if name != NO_LABEL:
            rows.setdefault(name[1:], len(rows) + 1)
    table = np.zeros((len(rows) + 1, len(MARKS)), dtype=np.int64)
    for index, name in enumerate(names, start=1):
        if name == NO_LABEL:
            table[rows[NO_LABEL]] = index
        else:
            table[rows[name[1:]], MARKS.index(name[0])] = index
    return rows, table


def _char_marks(token_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every character of tokens of ``token_lengths`` in a row: its token, and its mark's index in MARKS."""
    token = np.repeat(np.arange(len(token_lengths)), token_lengths)
    length = token_lengths[token]
    inside = np.arange(len(token)) - np.repeat(np.cumsum(token_lengths) - token_lengths, token_lengths)
    mark = np.where(inside == 0, 0, np.where(inside == length - 1, 2, 1))
    mark[length == 1] = 3
    return token, mark


@lru_cache(maxsize=1)
def _blas_threads() -> ThreadpoolController:
    """The BLAS thread pools of the process. A step's matrix products are small (a few dozen
    sentences of H units): a second BLAS thread makes the recurrence a third slower, not faster."""
    return ThreadpoolController()


def _windows(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How :meth:`LstmScorer._recur` reads sentences of ``lengths`` (in a row): where each window
    begins (an offset into the characters), its length, and for every character in order, its
    position among the windows' characters in a row (in the core of its window)."""
    starts = np.cumsum(lengths) - lengths
    short = lengths <= WINDOW_CORE + 2 * WINDOW_CONTEXT
    if short.all():
        return starts, lengths, np.arange(int(lengths.sum()))
    window_starts, window_lengths, core_positions, read = [], [], [], 0
    for start, length, whole in zip(starts.tolist(), lengths.tolist(), short.tolist()):
        cores = [0] if whole else range(0, length, WINDOW_CORE)
        for core in cores:
            first = 0 if whole else max(0, core - WINDOW_CONTEXT)
            stop = length if whole else min(length, core + WINDOW_CORE + WINDOW_CONTEXT)
            core_stop = length if whole else min(length, core + WINDOW_CORE)
            window_starts.append(start + first)
            window_lengths.append(stop - first)
            core_positions.append(np.arange(read + core - first, read + core_stop - first))
            read += stop - first
    return np.array(window_starts), np.array(window_lengths), np.concatenate(core_positions)


class LstmScorer:
    """Per-character label log-probabilities of a trained BiLSTM (``zhtag.train_lstm``)."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.labels: list[str] = [str(label) for label in arrays["labels"]]
        self.weight = float(arrays["weight"])
        hidden = int(arrays["hidden"])
        self._hidden = hidden
        self.inputs = LstmInputs.of(arrays)
        # PyTorch's gate order i, f, g, o made i, f, o, g, with the three sigmoid gates' rows halved
        # (see _recur_sentences); per direction, then the two directions one after the other
        gate_rows = np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden]
        scale = np.r_[np.full(3 * hidden, 0.5), np.ones(hidden)].astype(np.float32)

        def gate_order(name: str) -> np.ndarray:
            values = arrays[name].astype(np.float32)[gate_rows]
            return values * (scale[:, None] if values.ndim == 2 else scale)

        weight_ih = np.concatenate([gate_order("weight_ih"), gate_order("weight_ih_reverse")])  # [8H, in]
        bias = np.concatenate([gate_order("bias"), gate_order("bias_reverse")])
        # each small table's embedding times its columns of the input weights, once: a lookup a
        # character instead of a matrix product; the mark + POS and mark + label tables made one
        # table of their pairs (one lookup); the bigram tables (a hundred thousand rows a side in the
        # shipped model) stay embeddings
        projections, offset = {}, 0
        for name in ("char", "left", "right", "segment", "dictionary"):
            embedding = arrays[f"embedding_{name}"]
            projections[name] = (embedding, weight_ih[:, offset : offset + embedding.shape[1]].T.copy())
            offset += embedding.shape[1]
        # the projections are float32: kept as float16 they took 6 MB less, but numpy's float16 to
        # float32 casts made the BiLSTM 40% slower; the bigram tables (64 values a character, not
        # 8H) stay as stored, float16
        self._char_projection = projections["char"][0].astype(np.float32) @ projections["char"][1] + bias
        self._left_embedding, self._right_embedding = arrays["embedding_left"], arrays["embedding_right"]
        self._bigram_weights = np.concatenate([projections["left"][1], projections["right"][1]])
        segment, dictionary = (table.astype(np.float32) @ weights
                               for table, weights in (projections["segment"], projections["dictionary"]))
        self._dictionary_size = len(dictionary)
        self._token_projection = (segment[:, None, :] + dictionary[None, :, :]).reshape(-1, weight_ih.shape[0])
        # the hidden states of _recur_sentences are doubled, so the weights that read them are halved
        self._recurrent = np.stack([gate_order("weight_hh").T, gate_order("weight_hh_reverse").T]) * 0.5  # [2, H, 4H]
        output = arrays["weight_out"].astype(np.float32) * 0.5  # [labels, 2H]
        self._output_forward, self._output_backward = output[:, :hidden].T.copy(), output[:, hidden:].T.copy()
        self._output_bias = arrays["bias_out"].astype(np.float32)

    @classmethod
    def read(cls, path: Path) -> "LstmScorer":
        with np.load(path, allow_pickle=False) as arrays:
            return cls(dict(arrays))

    def log_probs(
        self, codes: np.ndarray, lengths: np.ndarray, token_lengths: np.ndarray, poses: Sequence[str],
        labels: Sequence[str | None],
    ) -> np.ndarray:
        """[characters, labels]: the log-probabilities of each character's labels (arguments as
        for :meth:`LstmInputs.ids`)."""
        char, left, right, segment, dictionary = self.inputs.ids(codes, lengths, token_lengths, poses, labels)
        forward, backward = self._recur((char, left, right, segment * self._dictionary_size + dictionary), lengths)
        scores = forward @ self._output_forward
        scores += backward @ self._output_backward
        scores += self._output_bias
        scores -= scores.max(axis=1, keepdims=True)
        scores -= np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return scores

    def _projections(self, ids: tuple[np.ndarray, ...]) -> Iterator[tuple[slice, np.ndarray]]:
        """The input projections (8H floats) of the characters of ``ids`` (char, left bigram, right
        bigram, token row), PROJECTION_CHARS characters at a time: all at once, they would be an
        array as large as the step inputs they are copied into (1.5 KB a character)."""
        char, left, right, token = ids
        for start in range(0, len(char), PROJECTION_CHARS):
            part = slice(start, start + PROJECTION_CHARS)
            bigrams = np.concatenate([np.take(self._left_embedding, left[part], axis=0),
                                      np.take(self._right_embedding, right[part], axis=0)], axis=1)
            projected = bigrams.astype(np.float32) @ self._bigram_weights
            projected += np.take(self._char_projection, char[part], axis=0)
            projected += np.take(self._token_projection, token[part], axis=0)
            yield part, projected

    def _recur(self, ids: tuple[np.ndarray, ...], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The forward and backward hidden states of every character, long sentences read in windows.

        The steps of a batch are as many as its longest sentence has characters, and a step
        costs a dozen numpy calls however few sentences still run; so a sentence longer than
        a window is read as windows of WINDOW_CORE characters, each with WINDOW_CONTEXT
        characters of the sentence on either side, and a character takes its states from the
        window whose core holds it (on 300 news articles: 4,824 steps instead of 7,825, and
        99.93% of the characters keep the label a whole-sentence reading gives them, with the
        BiLSTM of 2026-12-07).
        """
        window_starts, window_lengths, core_offsets = _windows(lengths)
        windowed = len(window_lengths) != len(lengths)
        if windowed:
            chars = np.repeat(window_starts - np.cumsum(window_lengths) + window_lengths, window_lengths) \
                + np.arange(int(window_lengths.sum()))
            ids = tuple(values[chars] for values in ids)
        with _blas_threads().limit(limits=1, user_api="blas"):
            forward, backward = self._recur_sentences(ids, window_lengths)
        return (forward[core_offsets], backward[core_offsets]) if windowed else (forward, backward)

    def _recur_sentences(self, ids: tuple[np.ndarray, ...], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The forward and backward hidden states of every character of whole sentences (``ids`` as
        for :meth:`_projections`).

        All sentences step together, longest first (the sentences still running at a step
        are a prefix, as in the CRF's Viterbi), and both directions in the same operations:
        the backward direction reads each sentence reversed. A step costs a dozen numpy
        calls, whatever the batch size: the gates' sigmoids are tanh of half the input
        (the weights of the input, forget and output gates were halved at loading), so one
        tanh serves all four gates. Inputs and states are packed step after step (a step's
        rows are its running sentences), not padded to the longest sentence: padded, a
        batch of news sentences took twice the memory.
        """
        hidden, n_sentences = self._hidden, len(lengths)
        order = np.argsort(-lengths, kind="stable")
        ranked = lengths[order]
        longest = int(ranked[0])
        rank_of = np.empty(n_sentences, dtype=np.int64)
        rank_of[order] = np.arange(n_sentences)
        row = np.repeat(rank_of, lengths)
        column = np.arange(len(ids[0])) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        reverse_column = np.repeat(lengths, lengths) - 1 - column
        running = np.searchsorted(-ranked, -np.arange(longest), side="left")
        step_starts = np.cumsum(running) - running
        forward_at, backward_at = step_starts[column] + row, step_starts[reverse_column] + row
        gates = 4 * hidden
        inputs = np.empty((2, len(row), gates), dtype=np.float32)  # every row is written: a character a direction
        for part, projected in self._projections(ids):
            inputs[0, forward_at[part]] = projected[:, :gates]
            inputs[1, backward_at[part]] = projected[:, gates:]
        outputs = np.empty((2, len(row), hidden), dtype=np.float32)
        previous = np.zeros((2, n_sentences, hidden), dtype=np.float32)  # the initial state
        cell = np.zeros((2, n_sentences, hidden), dtype=np.float32)
        scratch = np.empty((2, n_sentences, hidden), dtype=np.float32)
        recurrent = self._recurrent  # [2, H, 4H]
        sigmoid_gates, candidate = slice(0, 3 * hidden), slice(3 * hidden, gates)
        for start, k in zip(step_starts.tolist(), running.tolist()):
            now = inputs[:, start : start + k]
            now += np.matmul(previous[:, :k], recurrent)
            np.tanh(now, out=now)
            now[..., sigmoid_gates] += 1  # 2 sigmoid(x) = tanh(x / 2) + 1: the input, forget, output gates doubled
            c, tmp = cell[:, :k], scratch[:, :k]
            c *= now[..., hidden : 2 * hidden]
            np.multiply(now[..., :hidden], now[..., candidate], out=tmp)
            c += tmp
            c *= 0.5
            previous = outputs[:, start : start + k]
            np.tanh(c, out=previous)
            previous *= now[..., 2 * hidden : 3 * hidden]  # doubled: the recurrent and output weights are halved
        return outputs[0, forward_at], outputs[1, backward_at]
