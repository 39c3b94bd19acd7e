"""A crfsuite model as numpy tables, decoded many sentences at a time.

``pycrfsuite.Tagger.tag`` takes one sentence at a time as lists of feature
strings: building those strings and handing them to C took half of the whole
tagger's time (7 of 14 µs a character). The model itself is small (13 labels, ~70k
attributes), so it is read here from crfsuite's own file into a weight table,
and a document's character features become table indices with numpy: the
character window and bigram templates through sorted code-point arrays, the
token templates once per token. One Viterbi pass then runs over the sentences
of one or several documents at once. Labels equal crfsuite's (tests/test_model.py);
training stays with crfsuite (``zhtag.train``), and
:class:`zhtag.features.FeatureExtractor` stays the one definition of the
features: the names of its templates (``c-1=``, ``b+1=``, ``t=``) tell this
module what each attribute of the model is.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import Callable, Sequence

import numpy as np

from zhtag.document import Token, Tokens
from zhtag.lstm import LstmScorer
from zhtag.features import (
    BIGRAM_TEMPLATES, BREAK_POS, CHAR_KINDS, CHAR_TEMPLATES, CONTEXT_TEMPLATES, NEIGHBOUR_TEMPLATES, PADDING,
    TYPE_TEMPLATE, FeatureExtractor, char_kind, context_feature, one_to_one_nfkc, sentence_bounds,
)

#: crfsuite's file layout (lib/crf/src/crf1d_model.c): a 48-byte header, then chunks.
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB_HEADER = struct.Struct("<4sIIIII")
_FEATURE = np.dtype([("kind", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
#: Sentences are decoded together up to about this many characters (memory ~2 kB a character).
BATCH_CHARS = 4096
#: A code point whose kind is not yet known (CHAR_KINDS has fewer letters).
_UNSEEN = 255
#: The decoder's per-code-point tables cover the Basic Multilingual Plane, below this.
_BMP = 0x10000

def _cqdb_strings(data: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk (crfsuite's string <-> id store), in id order."""
    magic, _size, _flag, _order, count, backward = _CQDB_HEADER.unpack_from(data, offset)
    if magic != b"CQDB":
        raise ValueError(f"not a crfsuite string table at byte {offset}")
    strings = [""] * count
    for position in np.frombuffer(data, "<u4", count, offset + backward).tolist():
        ident, size = struct.unpack_from("<II", data, offset + position)
        start = offset + position + 8
        strings[ident] = data[start : start + size - 1].decode("utf-8", "surrogateescape")
    return strings


@dataclass(frozen=True)
class CrfWeights:
    """A first-order crfsuite CRF: label names, attribute names and their weights."""

    labels: list[str]
    attributes: list[str]
    #: [attributes + 1, labels]; the last row, all zeros, stands for any attribute the model lacks.
    state: np.ndarray
    #: [labels, labels]: previous label -> label.
    transitions: np.ndarray

    @classmethod
    def read(cls, data: bytes) -> "CrfWeights":
        """Read a model file written by crfsuite (``pycrfsuite.Trainer.train``)."""
        if len(data) < _HEADER.size:
            raise ValueError("not a crfsuite model: too short")
        magic, _size, kind, _version, _, n_labels, n_attributes, off_features, off_labels, off_attributes, *_ = (
            _HEADER.unpack_from(data)
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError("not a crfsuite first-order CRF model (no lCRF/FOMC header)")
        chunk, _chunk_size, n_features = struct.unpack_from("<4sII", data, off_features)
        if chunk != b"FEAT":
            raise ValueError("crfsuite model without a feature chunk")
        features = np.frombuffer(data, _FEATURE, n_features, off_features + 12)
        state = np.zeros((n_attributes + 1, n_labels))
        transitions = np.zeros((n_labels, n_labels))
        states = features[features["kind"] == _STATE]
        state[states["source"], states["target"]] = states["weight"]
        moves = features[features["kind"] == _TRANSITION]
        transitions[moves["source"], moves["target"]] = moves["weight"]
        labels = _cqdb_strings(data, off_labels)
        attributes = _cqdb_strings(data, off_attributes)
        return cls(labels, attributes, state, transitions)


class _Ids(dict):
    """Attribute name -> id; a name the model lacks (or None) -> ``unknown``, the zero row."""

    unknown: int

    def __missing__(self, name: str | None) -> int:
        return self.unknown


class _ValueIds(dict):
    """A context template's value -> the attribute id of the feature it makes (the values are
    few: POS tags, suffix kinds, flags), filled in as values come."""

    def __init__(self, template: str, ids: _Ids) -> None:
        super().__init__()
        self._template = template
        self._ids = ids

    def __missing__(self, value: str | bool | None) -> int:
        ident = self[value] = self._ids[context_feature(self._template, value)]
        return ident


@dataclass(frozen=True)
class DecoderTables:
    """What decoding needs of a model, derived once from its weights (and kept in zhtag's cache)."""

    labels: list[str]
    state: np.ndarray
    transitions: np.ndarray
    #: attribute name of a token template -> id; any other name (or None, a template that does not
    #: fire) -> the zero row
    ids: _Ids
    #: sorted code points of every character a template knows; index len(vocabulary): any other
    vocabulary: np.ndarray
    padding_index: list[int]
    padding_kind: list[int]
    #: per character template: vocabulary index -> attribute id
    char_tables: dict[str, np.ndarray]
    #: the sorted pair keys (first index * (len(vocabulary) + 1) + second) of every bigram any
    #: bigram template knows, then a key above them all; one search finds a pair for all templates
    bigram_keys: np.ndarray
    #: per bigram template: the id of each pair of bigram_keys (the zero row's where it lacks the pair)
    bigram_ids: dict[str, np.ndarray]
    #: kind triple (c-1, c, c+1 as CHAR_KINDS indices, base len(CHAR_KINDS)) -> attribute id
    type_table: np.ndarray
    #: code points that normalize_chars folds, and what it folds them to
    folded: tuple[np.ndarray, np.ndarray]

    @classmethod
    def build(cls, weights: CrfWeights) -> "DecoderTables":
        """Index the attributes by template, as FeatureExtractor names them (``c-1=京``, ``b+1=北京``)."""
        unknown = len(weights.attributes)
        # the window templates are read through the tables below; ids keeps only the token
        # templates' names (a quarter of them: 7 MB less in every process)
        ids = _Ids()
        windows: dict[str, dict[str, int]] = {name: {} for name in (*CHAR_TEMPLATES, *BIGRAM_TEMPLATES, TYPE_TEMPLATE)}
        for ident, attribute in enumerate(weights.attributes):
            name, _, value = attribute.partition("=")
            table = windows.get(name)
            if table is not None:
                table[value] = ident
            else:
                ids[attribute] = ident
        ids.unknown = ids[None] = unknown
        chars = {char for name in CHAR_TEMPLATES for char in windows[name] if len(char) == 1}
        chars |= {char for name in BIGRAM_TEMPLATES for pair in windows[name] if len(pair) == 2 for char in pair}
        vocabulary = sorted(chars | set(PADDING))
        index = {char: position for position, char in enumerate(vocabulary)}
        size = len(vocabulary) + 1
        char_tables = {}
        for name in CHAR_TEMPLATES:
            table = char_tables[name] = np.full(size, unknown, dtype=np.int64)
            known = [(index[char], ident) for char, ident in windows[name].items() if len(char) == 1]
            if known:
                positions, idents = zip(*known)
                table[list(positions)] = idents
        pair_ids = {name: {index[pair[0]] * size + index[pair[1]]: ident for pair, ident in windows[name].items() if len(pair) == 2}
                    for name in BIGRAM_TEMPLATES}
        keys = sorted(set().union(*pair_ids.values()))
        bigram_keys = np.array(keys + [np.iinfo(np.int64).max], dtype=np.int64)
        bigram_ids = {name: np.array([ids_of.get(key, unknown) for key in keys] + [unknown], dtype=np.int64)
                      for name, ids_of in pair_ids.items()}
        kinds = len(CHAR_KINDS)
        type_table = np.full(kinds**3, unknown, dtype=np.int64)
        for triple, ident in windows[TYPE_TEMPLATE].items():
            if len(triple) == 3 and set(triple) <= set(CHAR_KINDS):
                a, b, c = (CHAR_KINDS.index(kind) for kind in triple)
                type_table[(a * kinds + b) * kinds + c] = ident
        folded = one_to_one_nfkc()
        return cls(
            labels=weights.labels, state=weights.state, transitions=weights.transitions, ids=ids,
            vocabulary=np.array([ord(char) for char in vocabulary], dtype=np.uint32),
            padding_index=[index[char] for char in PADDING],
            padding_kind=[CHAR_KINDS.index(char_kind(char)) for char in PADDING],
            char_tables=char_tables, bigram_keys=bigram_keys, bigram_ids=bigram_ids, type_table=type_table,
            folded=(np.array(list(folded), dtype=np.int64), np.array([ord(char) for char in folded.values()], dtype=np.uint32)),
        )


class _TokenTable:
    """What the decoder keeps of each of the last TOKENS distinct tokens (text, POS and label alike):
    the weight rows of its own templates, one a character, and the attribute ids that the
    context templates of its neighbours read of it (its POS, its suffix kind, whether it is a title).

    Tokens repeat, and working these out costs ~5 µs a token (looked up a batch at a time);
    the rows of all kept tokens are in one array (a row array per token held a third more:
    26 MB at 48k tokens). The keys are (text, POS, label) tuples: a token's text is the
    segmenter's own string for the word, whose hash Python keeps, so a tuple key costs half
    what a new key string costs to build and hash.
    """

    #: distinct tokens kept: at 50k, 7% of a news article's tokens are looked up anew (11% at 20k)
    TOKENS = 50_000
    #: characters kept: more than TOKENS tokens hold (141k at most on the 2,000 corpus articles), and
    #: than a batch of sentences holds
    CHARS = 150_000

    def __init__(self, labels: int, given_columns: int) -> None:
        self._rows = np.empty((self.CHARS, labels))
        self._given = np.empty((self.TOKENS, given_columns), dtype=np.int32)  # attribute ids: ~70k
        self._first_row = np.empty(self.TOKENS, dtype=np.int64)
        self._slot: dict[tuple[str, str, str | None], int] = {}
        self._used = 0

    def lookup(
        self,
        tokens: Tokens,
        lengths: np.ndarray,
        rows_of: Callable[[Sequence[Token]], np.ndarray],
        given_of: Callable[[Sequence[Token]], np.ndarray],
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows of every character of ``tokens`` [characters, labels] and what each token
        gives its neighbours [tokens, columns]; ``rows_of`` and ``given_of`` work them out for
        the tokens not kept, all of them in one call each."""
        total = int(lengths.sum())
        if total > self.CHARS or len(tokens) > self.TOKENS:  # a huge token (a run of digits), or too many: nothing kept
            return rows_of(tokens), given_of(tokens)
        keys = list(zip(tokens.texts, tokens.poses, tokens.labels))  # what a token's own templates depend on
        slots = list(map(self._slot.get, keys))
        if None in slots:
            if len(self._slot) + slots.count(None) > self.TOKENS or self._used + total > self.CHARS:
                self._slot.clear()
                self._used = 0
                slots = [None] * len(keys)
            self._keep(keys, slots, tokens, lengths, rows_of, given_of)
            slots = list(map(self._slot.__getitem__, keys))
        slots_array = np.array(slots, dtype=np.int64)
        index = np.repeat(self._first_row[slots_array] - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        return np.take(self._rows, index, axis=0), self._given[slots_array]

    def _keep(
        self,
        keys: list[tuple[str, str, str | None]],
        slots: list[int | None],
        tokens: Tokens,
        lengths: np.ndarray,
        rows_of: Callable[[Sequence[Token]], np.ndarray],
        given_of: Callable[[Sequence[Token]], np.ndarray],
    ) -> None:
        """Work out and keep what the tokens whose slot is None need (each key once)."""
        first_of: dict[tuple[str, str, str | None], int] = {}
        for position, slot in enumerate(slots):
            if slot is None:
                first_of.setdefault(keys[position], position)
        firsts = list(first_of.values())
        new_tokens = [tokens[position] for position in firsts]
        rows = rows_of(new_tokens)
        new_lengths = lengths[firsts]
        kept = len(self._slot)
        added = slice(kept, kept + len(firsts))
        self._first_row[added] = self._used + np.cumsum(new_lengths) - new_lengths
        self._given[added] = given_of(new_tokens)
        self._rows[self._used : self._used + len(rows)] = rows
        self._slot.update(zip(first_of, range(kept, kept + len(firsts))))
        self._used += len(rows)


def _summed_rows(table: np.ndarray, ids: Sequence[np.ndarray]) -> np.ndarray:
    """[len(ids[0]), columns]: the sum of ``table``'s rows at each position of the id arrays
    ``ids``, added in their order, as ``np.take(table, ids, axis=0).sum(axis=0)`` adds them but a
    third faster (no [len(ids), n, columns] array between; ``take``: twice as fast as ``[ ]``)."""
    total = np.take(table, ids[0], axis=0)
    for row in ids[1:]:
        total += np.take(table, row, axis=0)
    return total


class _KeyPositions:
    """The position of each of a sorted array's keys (non-negative), found by hashing: a probe or
    two a key where a binary search of the array takes 15 (``np.searchsorted`` over the bigram
    keys of a batch's characters took three times as long). A key not in the array is at its
    last position (the bigram keys' sentinel, whose ids are the zero row's).
    """

    #: one constant of Fibonacci hashing (2**64 over the golden ratio)
    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray) -> None:
        bits = max(4, (3 * len(keys)).bit_length())  # at most a third of the slots filled
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.full(1 << bits, -1, dtype=np.int64)  # -1: an empty slot
        self._positions = np.zeros(1 << bits, dtype=np.int32)
        self._missing = len(keys) - 1
        # linear probing, all keys at once: each round, every free slot takes the first key that
        # hashes there, and the others move one slot on
        pending = np.arange(len(keys) - 1)
        slots = self._home(keys[pending])
        while len(pending):
            free = np.flatnonzero(self._keys[slots] == -1)
            taken = free[np.unique(slots[free], return_index=True)[1]]
            self._keys[slots[taken]] = keys[pending[taken]]
            self._positions[slots[taken]] = pending[taken]
            moving = np.ones(len(pending), dtype=bool)
            moving[taken] = False
            pending, slots = pending[moving], (slots[moving] + 1) & self._mask

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULTIPLIER) >> self._shift).astype(np.int64)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The position of each of ``keys``: the same as a binary search of the array would find."""
        found = np.full(len(keys), self._missing, dtype=np.int64)
        pending = np.arange(len(keys))
        slots = self._home(keys)
        while len(pending):
            stored = self._keys[slots]
            hit = stored == keys[pending]
            found[pending[hit]] = self._positions[slots[hit]]
            going = ~hit & (stored != -1)
            pending, slots = pending[going], (slots[going] + 1) & self._mask
        return found


#: the score that rules a label path out: far below any path of real scores, finite so that sums stay exact
RULED_OUT = -1e4


def _continues_a_name(label: str) -> bool:
    return label[0] in "IE"


def _leaves_a_name_open(label: str) -> bool:
    return label[0] in "BI"


def _broken_name_moves(labels: Sequence[str]) -> np.ndarray:
    """[previous label, label]: RULED_OUT where the pair breaks a name (a B or I not followed by an I or E
    of its own label, an I or E after anything else), else 0."""
    moves = np.zeros((len(labels), len(labels)))
    for previous, before in enumerate(labels):
        for label, after in enumerate(labels):
            expected = _leaves_a_name_open(before)
            if expected != _continues_a_name(after) or (expected and before[2:] != after[2:]):
                moves[previous, label] = RULED_OUT
    return moves


def _open_name_ends(labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per label: RULED_OUT where a sentence cannot begin on it (I, E), and where it cannot end on it (B, I)."""
    return (np.array([RULED_OUT if _continues_a_name(label) else 0.0 for label in labels]),
            np.array([RULED_OUT if _leaves_a_name_open(label) else 0.0 for label in labels]))


class CrfDecoder:
    """Labels every character of a document's sentences, as crfsuite would with ``extractor``'s features."""

    def __init__(self, tables: DecoderTables, extractor: FeatureExtractor, scorer: LstmScorer | None = None) -> None:
        self.labels = tables.labels
        #: the BiLSTM whose weighted log-probabilities join the emissions, and its column of each label
        self._scorer = scorer
        self._scorer_columns = None if scorer is None else [scorer.labels.index(label) for label in self.labels]
        self._state = tables.state
        self._transitions = tables.transitions
        if scorer is not None:
            # The BiLSTM's per-character log-probabilities know nothing of the label before, and added to
            # the CRF's they sometimes outweigh its transitions: 阿|袁 came out B-PER S-PER, two names of one
            # character. With them, paths that break a name are ruled out; the CRF alone keeps crfsuite's.
            self._transitions = self._transitions + _broken_name_moves(self.labels)
            self._cannot_start, self._cannot_end = _open_name_ends(self.labels)
        self._ids = tables.ids
        self._unknown = tables.ids.unknown
        self._size = len(tables.vocabulary) + 1
        self._padding_index = tables.padding_index
        self._padding_kind = tables.padding_kind
        self._char_tables = tables.char_tables
        self._bigram_positions = _KeyPositions(tables.bigram_keys)
        self._bigram_ids = tables.bigram_ids
        self._type_table = tables.type_table
        self._extractor = extractor
        # per BMP code point (a table of every code point would hold 8 MB in each process; the
        # characters beyond, rare in news, are looked up one by one):
        #: the code point the features read (normalize_chars folds only BMP characters)
        self._normal_codes = np.arange(_BMP, dtype=np.uint32)
        self._normal_codes[tables.folded[0]] = tables.folded[1]
        #: its CHAR_KINDS index, filled in as the process meets it
        self._kinds = np.full(_BMP, _UNSEEN, dtype=np.uint8)
        #: its index in the vocabulary (the last index: a character no template knows)
        self._index_of = np.full(_BMP, self._size - 1, dtype=np.int16 if self._size < 2**15 else np.int32)
        known = tables.vocabulary < _BMP
        self._index_of[tables.vocabulary[known]] = np.flatnonzero(known)
        self._index_beyond = dict(zip(tables.vocabulary[~known].tolist(), np.flatnonzero(~known).tolist()))
        #: per context template, a neighbour's value (a POS, a suffix kind, a flag) -> attribute id
        self._context_ids = {template: _ValueIds(template, self._ids) for template in CONTEXT_TEMPLATES}
        self._neighbour_templates = extractor.neighbour_templates
        #: the context templates of the model's features, in the order of their rows
        self._context_order = [t for t in CONTEXT_TEMPLATES if t in self._neighbour_templates or t == "ah"]
        # what a token gives its neighbours, per column of the token table: the attribute id of each
        # neighbour template, then the ah id of its own suffix kind, whether it has one, whether it is
        # punctuation (what FeatureExtractor.context_values reads of it)
        self._ah_column = len(self._neighbour_templates)
        self._column_of = {template: column for column, template in enumerate(self._neighbour_templates)}
        self._tokens = _TokenTable(self._state.shape[1], self._ah_column + 3)

    def label(self, tokens: Tokens, text: str) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per sentence (as :meth:`FeatureExtractor.sentences` cuts them): text offsets and label ids."""
        return self.label_many([(tokens, text)])[0]

    def label_many(self, documents: Sequence[tuple[Tokens, str]]) -> list[list[tuple[np.ndarray, np.ndarray]]]:
        """:meth:`label` of each (tokens, text) document, their sentences decoded together.

        Sentences are decoded in batches of about BATCH_CHARS characters, so that the tables
        of one batch stay small whatever the length of a document, and a batch runs on into
        the next document: the Viterbi pass costs per step, and one news article holds too
        few sentences to fill its steps (a batch of several articles costs half as much a
        character as one article alone). The sentences go into batches longest first, so
        that the sentences of a batch are about as long as its longest, which sets its
        steps (40% fewer steps than in text order, on news articles).
        """
        documents = [(Tokens.of(tokens), text) for tokens, text in documents]
        texts = [text for _, text in documents]
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bases = [0, *accumulate(map(len, texts))]
        pairs = [(document, first, stop) for document, (tokens, text) in enumerate(documents)
                 for first, stop in sentence_bounds(tokens, text)]
        columns = [tokens for tokens, _ in documents]
        spans = [columns[document].ends[stop - 1] - columns[document].starts[first] for document, first, stop in pairs]
        decoded: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(pairs)  # per sentence, in text order
        batch: list[int] = []
        size = 0
        for position in sorted(range(len(pairs)), key=spans.__getitem__, reverse=True):
            batch.append(position)
            size += spans[position]
            if size >= BATCH_CHARS:
                self._label_batch(documents, pairs, batch, codes, bases, decoded)
                batch, size = [], 0
        if batch:
            self._label_batch(documents, pairs, batch, codes, bases, decoded)
        labelled: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in documents]
        for (document, _, _), sentence_labels in zip(pairs, decoded):
            labelled[document].append(sentence_labels)
        return labelled

    def _label_batch(
        self,
        documents: list[tuple[Tokens, str]],
        pairs: list[tuple[int, int, int]],
        batch: list[int],
        codes: np.ndarray,
        bases: list[int],
        decoded: list[tuple[np.ndarray, np.ndarray] | None],
    ) -> None:
        """Decodes the sentences ``pairs`` (document, first token, past the last) at positions
        ``batch`` and puts each sentence's offsets and labels at its position in ``decoded``;
        ``codes`` are the documents' texts in a row, ``bases`` where each begins."""
        ordered = Tokens()
        for position in batch:
            document, first, stop = pairs[position]
            tokens = documents[document][0]
            ordered.extend_columns(tokens.texts[first:stop], tokens.starts[first:stop], tokens.ends[first:stop],
                                   tokens.poses[first:stop], tokens.labels[first:stop])
        starts = np.array(ordered.starts)
        token_lengths = np.array(ordered.ends) - starts
        sentence_tokens = np.array([pairs[position][2] - pairs[position][1] for position in batch])
        lengths = np.add.reduceat(token_lengths, np.cumsum(sentence_tokens) - sentence_tokens)
        total = int(lengths.sum())
        offsets = np.repeat(starts - (np.cumsum(token_lengths) - token_lengths), token_lengths) + np.arange(total)
        base_of_char = np.repeat(np.array([bases[pairs[position][0]] for position in batch]), lengths)
        characters = self._normalised(codes[offsets + base_of_char])
        emissions = self._char_emissions(characters, lengths)
        emissions += self._token_emissions(sentence_tokens, ordered, token_lengths)
        if self._scorer is not None:
            scores = self._scorer.log_probs(characters, lengths, token_lengths, ordered.poses,
                                            ordered.labels)
            emissions += self._scorer.weight * scores[:, self._scorer_columns]
            ends = np.cumsum(lengths)
            emissions[ends - lengths] += self._cannot_start
            emissions[ends - 1] += self._cannot_end
        paths = self._viterbi(emissions, lengths)
        for position, sentence_offsets, path in zip(batch, np.split(offsets, np.cumsum(lengths)[:-1]), paths):
            decoded[position] = (sentence_offsets, path)

    def _char_emissions(self, codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """[characters, labels]: the window, bigram and kind templates, for all sentences in a row.

        Each sentence is laid out as in FeatureExtractor, between two PADDING characters
        on either side, so that a window never reaches into the next sentence. ``codes`` are
        the (normalised) code points of the sentences' characters, in a row.
        """
        index = self._vocabulary_index(codes)
        n_sentences = len(lengths)
        # the k-th character of sentence s sits 4s + 2 further on in the padded layout
        centers = np.arange(len(codes)) + np.repeat(4 * np.arange(n_sentences) + 2, lengths)
        after = np.cumsum(lengths) + 4 * np.arange(1, n_sentences + 1) - 2
        padded_index = np.full(len(codes) + 4 * n_sentences, self._padding_index[0])
        padded_index[after] = padded_index[after + 1] = self._padding_index[1]
        padded_index[centers] = index
        padded_kinds = np.full(len(padded_index), self._padding_kind[0])
        padded_kinds[after] = padded_kinds[after + 1] = self._padding_kind[1]
        padded_kinds[centers] = self._kinds_of(codes)
        ids = [self._char_tables[name][padded_index[centers + shift]] for name, shift in CHAR_TEMPLATES.items()]
        # every pair of neighbours in the layout looked up once: b-1 of a character is b+1 of the one before
        found = self._bigram_positions.find(padded_index[:-1] * self._size + padded_index[1:])
        ids += [self._bigram_ids[name][found[centers + shift]] for name, shift in BIGRAM_TEMPLATES.items()]
        n_kinds = len(CHAR_KINDS)
        triple = (padded_kinds[centers - 1] * n_kinds + padded_kinds[centers]) * n_kinds + padded_kinds[centers + 1]
        ids.append(self._type_table[triple])
        return _summed_rows(self._state, ids)

    def _normalised(self, codes: np.ndarray) -> np.ndarray:
        """The code points that normalize_chars makes of ``codes``."""
        beyond = codes >= _BMP
        if not beyond.any():
            return self._normal_codes[codes]
        return np.where(beyond, codes, self._normal_codes[np.where(beyond, 0, codes)])

    def _vocabulary_index(self, codes: np.ndarray) -> np.ndarray:
        """The vocabulary index of each (normalised) code point."""
        beyond = codes >= _BMP
        if not beyond.any():
            return self._index_of[codes]
        index = self._index_of[np.where(beyond, 0, codes)]
        index[beyond] = [self._index_beyond.get(code, self._size - 1) for code in codes[beyond].tolist()]
        return index

    def _kinds_of(self, codes: np.ndarray) -> np.ndarray:
        """The CHAR_KINDS index of each code point, worked out once per code point a process meets."""
        beyond = codes >= _BMP
        kinds = self._kinds[np.where(beyond, 0, codes)]
        kinds[beyond] = _UNSEEN
        unseen = kinds == _UNSEEN
        if unseen.any():
            for code in np.unique(codes[unseen & ~beyond]).tolist():
                self._kinds[code] = CHAR_KINDS.index(char_kind(chr(code)))
            kinds = self._kinds[np.where(beyond, 0, codes)]
            kinds[beyond] = [CHAR_KINDS.index(char_kind(chr(code))) for code in codes[beyond].tolist()]
        return kinds

    def _token_emissions(self, sentence_tokens: np.ndarray, tokens: Tokens, token_lengths: np.ndarray) -> np.ndarray:
        """[characters, labels]: the templates of each character's token and its neighbours.

        ``tokens`` are the tokens of sentences in a row (``sentence_tokens`` of each),
        ``token_lengths`` their lengths.
        """
        own, given = self._tokens.lookup(tokens, token_lengths, self._own_template_rows, self._given_ids)
        firsts = [0, *accumulate(sentence_tokens[:-1].tolist())]
        context = _summed_rows(self._state, self._context_id_rows(given, firsts))  # [tokens, labels]
        return own + np.repeat(context, token_lengths, axis=0)

    def _context_id_rows(self, given: np.ndarray, firsts: list[int]) -> np.ndarray:
        """[context templates, tokens]: the attribute ids of each token's context templates
        (FeatureExtractor.context_values, turned into ids), from what its neighbours give."""
        n_tokens = len(given)
        first = np.array(firsts)
        last = np.append(first[1:] - 1, n_tokens - 1)
        ids = np.empty((len(self._context_order), n_tokens), dtype=np.int64)
        for row, template in enumerate(self._context_order):
            ids_of = self._context_ids[template]
            if template == "ah":
                has_suffix, is_break = given[:, self._ah_column + 1].tolist(), given[:, self._ah_column + 2].tolist()
                ahead = np.array(FeatureExtractor.suffix_ahead(has_suffix, is_break, firsts))  # -1: none
                ids[row] = np.where(ahead >= 0, given[ahead, self._ah_column], ids_of[None])
                continue
            side, edge = NEIGHBOUR_TEMPLATES[template]
            if side < 0:
                ids[row, 1:] = given[:-1, self._column_of[template]]
                ids[row, first] = ids_of[edge]
            else:
                ids[row, :-1] = given[1:, self._column_of[template]]
                ids[row, last] = ids_of[edge]
        return ids

    def _given_ids(self, tokens: Sequence[Token]) -> np.ndarray:
        """[tokens, columns]: what each token gives its neighbours, as the token table keeps it."""
        extractor, tables = self._extractor, [self._context_ids[t] for t in self._neighbour_templates]
        suffix_of, ah_ids = self._neighbour_templates.index("rs"), self._context_ids["ah"]
        rows = []
        for token in tokens:
            values = extractor.neighbour_values(token)
            suffix = values[suffix_of]
            rows.append([*map(dict.__getitem__, tables, values), ah_ids[suffix], suffix is not None, token.pos in BREAK_POS])
        return np.array(rows, dtype=np.int64).reshape(len(tokens), self._ah_column + 3)

    def _own_template_rows(self, tokens: Sequence[Token]) -> np.ndarray:
        """[the tokens' characters, labels]: the weights of the templates of each token alone,
        every feature name of them looked up in one pass (a token costs ~4 µs, not ~20)."""
        rows = [row for token in tokens for row in self._extractor.own_features_uncached(token)]
        widths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        ids = np.full((len(rows), int(widths.max())), self._unknown, dtype=np.int64)
        row_of = np.repeat(np.arange(len(rows)), widths)
        column = np.arange(len(row_of)) - np.repeat(np.cumsum(widths) - widths, widths)
        ids[row_of, column] = np.fromiter(map(self._ids.__getitem__, chain.from_iterable(rows)), dtype=np.int64,
                                          count=len(row_of))
        return self._state[ids].sum(axis=1)

    def _viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
        """The best label path of every sentence, all sentences stepped together.

        Sentences go longest first, so that at each step the ones still running are a
        prefix of the batch. Ties go to the lower label id, as in crfsuite (it keeps the
        first maximum).
        """
        order = np.argsort(-lengths, kind="stable")
        ranked = lengths[order]
        n_sentences, n_labels, longest = len(lengths), emissions.shape[1], int(ranked[0])
        starts = np.cumsum(lengths) - lengths
        grid = np.zeros((n_sentences, longest, n_labels))
        rank_of = np.empty(n_sentences, dtype=np.int64)
        rank_of[order] = np.arange(n_sentences)
        grid[np.repeat(rank_of, lengths), np.arange(len(emissions)) - np.repeat(starts, lengths)] = emissions
        running = np.searchsorted(-ranked, -np.arange(longest), side="left").tolist()  # sentences longer than each step
        # scores[step, s, label]: the best path of sentence s that ends on label at step
        scores = np.empty((longest, n_sentences, n_labels))
        scores[0] = grid[:, 0]
        moves = self._transitions  # [previous label, label]
        step_moves = moves[:, None, :]
        candidates = np.empty((n_labels, n_sentences, n_labels))  # [previous label, sentence, label]
        best = np.empty((n_sentences, n_labels))
        for step in range(1, longest):  # buffers reused: this loop is the decoder's hot spot
            k = running[step]
            window = candidates[:, :k]
            np.add(scores[step - 1, :k].T[:, :, None], step_moves, out=window)
            np.maximum.reduce(window, axis=0, out=best[:k])
            np.add(best[:k], grid[:k, step], out=scores[step, :k])
        # the back pointers, recomputed for the chosen label only: the same sums as above
        label = scores[ranked - 1, np.arange(n_sentences)].argmax(axis=1)
        path = np.empty((n_sentences, longest), dtype=np.int64)
        moves_to = moves.T  # [label, previous label]
        for step in range(longest - 1, 0, -1):
            k = running[step]
            path[:k, step] = label[:k]
            label[:k] = (scores[step - 1, :k] + moves_to[label[:k]]).argmax(axis=1)
        path[:, 0] = label
        return [path[rank, :length] for rank, length in zip(rank_of.tolist(), lengths.tolist())]
