"""Our tokenizer: jieba-rs (rjieba) cuts the text between dictionary matches into POS-tagged words.

The words and their POS must stay what the name model was trained on: jieba's
segmentation, each dictionary word with its dictionary tag, and for a new word the
tag posseg's HMM gives most of its characters. rjieba is jieba's segmenter and
dictionary compiled to Rust (the same words, frequencies, tags and HMM; ``tag`` ran at
12-16 times ``jieba.lcut``'s speed in benchmarks/bench_throughput.py; its dictionary in a
compact trie instead of Python dicts), with two differences we undo here:

* jieba cuts a run of Latin letters, digits and ``._-%+#&`` that no dictionary word
  covers at every character outside ``[a-zA-Z0-9]+(\\.\\d+)?%?`` (``T-Mobile`` is
  T/-/Mobile, ``3.5mm`` 3.5/mm); rjieba keeps the run whole;
* rjieba's own tag for a new word comes from a different reading of the HMM, so new
  words get ours (``_new_words``).

On the 2,000 articles of news_corpus.jsonl all but 2 of 1,444,068 tokens (start, end
and POS) are what the jieba-based segmenter gave (its HMM once joins 常在 where jieba
keeps 常/在).

One rjieba instance serves every Segmenter of the process (``_jieba``): it is zhtag's
own (never rjieba's module-level one, which other code may change) and nothing is ever
added to it, since our dictionary entries are found by the Aho-Corasick lexicon first
and come out as whole tokens; so two taggers with different dictionaries share it
safely, and a worker holds jieba's dictionary once (24 MB). ``import rjieba`` would
build a second, module-level instance that zhtag never uses (another 24 MB and 0.2 s
of every worker's start), so we load rjieba's compiled module without its package
``__init__`` (``_jieba_class``).
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import sys
from collections import Counter
from functools import lru_cache
from itertools import accumulate, compress, islice
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, TypeVar

import numpy as np

from zhtag.collector import collector_paused
from zhtag.document import Tokens
from zhtag.jieba_tables import PosHMM, State, jieba_tables
from zhtag.recognizers.lexicon import DEFAULT_POS, Lexicon

if TYPE_CHECKING:
    from rjieba import Jieba

    from zhtag.dictionaries import Entry

HAN_WORD = re.compile("[\u4e00-\u9fd5]{2,4}")
NUMBER = re.compile(r"[0-9.]+")
LATIN = re.compile(r"[a-zA-Z0-9]+")
#: How jieba cuts a run of Latin letters and digits that no dictionary word covers (finalseg's re_skip).
LATIN_PIECE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
#: jieba's stand-ins for log(0): an unseen emission, an impossible transition.
_UNSEEN = -3.14e100
_IMPOSSIBLE = float("-inf")

#: Distinct words whose pieces a Segmenter keeps (2,000 news articles hold about 80,000, most of
#: them met once: numbers, names, Latin words); when full, the half learnt last is dropped.
WORDS_KEPT = 50_000
#: Characters whose POS-HMM states PosViterbi keeps (a few hundred bytes each; new words in
#: 2,000 news articles hold about 3,000 distinct characters)
CHARS_KEPT = 3_000
#: Characters on either side of a word that _dictionary_tag tags the word among.
TAG_CONTEXT = 8
#: Characters on either side of a short place entry that _cut_across cuts with jieba.
CROSSING_CONTEXT = 3
T = TypeVar("T")
#: A new word's pieces as jieba cuts them, each with its POS ("" for whitespace, which is dropped).
Pieces = tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def _jieba() -> Jieba:
    """zhtag's one rjieba instance per process (jieba's dictionary; read-only by convention)."""
    return _jieba_class()()


def _jieba_class() -> type[Jieba]:
    """``rjieba.Jieba`` from rjieba's compiled module, registered as ``rjieba.rjieba`` so that a
    later ``import rjieba`` uses the same module; a plain import where that module is not found."""
    if "rjieba" not in sys.modules:
        spec = importlib.util.find_spec("rjieba")
        folder = Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None
        for suffix in importlib.machinery.EXTENSION_SUFFIXES if folder else ():
            path = folder / f"rjieba{suffix}"
            if path.is_file():
                module_spec = importlib.util.spec_from_file_location("rjieba.rjieba", path)
                module = importlib.util.module_from_spec(module_spec)
                module_spec.loader.exec_module(module)
                sys.modules["rjieba.rjieba"] = module
                return module.Jieba
    import rjieba

    return rjieba.Jieba


class Segmenter:
    """Segments text into POS-tagged tokens; dictionary matches come out as single tokens (but a
    two-character place that a jieba word cuts across, see :meth:`segment`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._jieba = _jieba()
        #: rjieba's word -> (the word, its POS), for a word that is one token (a dictionary word,
        #: or a new word jieba keeps whole; POS "" for whitespace, which is dropped): one dict
        #: lookup per word instead of a call into Rust (has_word). The kept word string becomes
        #: the token's text, so the tokens of one word share one string, whose hash Python keeps
        #: for the later stages' lookups keyed by token text.
        self._known: dict[str, tuple[str, str]] = {}
        #: rjieba's word -> its pieces, for a new word that jieba cuts (T-Mobile: T/-/Mobile).
        self._pieces: dict[str, Pieces] = {}
        #: the tags of the dictionary words that rjieba cuts when alone (see _dictionary_tag):
        #: kept for good, as they are a fixed part of jieba's dictionary (953 on the 2,000 news articles)
        self._tags_cut_alone: dict[str, str] = {}

    def is_known(self, word: str) -> bool:
        """Whether jieba's dictionary has the word (rather than its HMM having guessed it)."""
        return self._jieba.has_word(word)

    @collector_paused()
    def segment(self, text: str) -> Tokens:
        """Tokens covering ``text`` in order (whitespace is dropped; offsets stay exact).

        A two-character place entry that a word of jieba's cuts across is not taken: the
        characters belong to the word and its neighbour (风云|和 holds no 云和, 平台|中 no 台中,
        东|湖南路 no 湖南). On the 2,000 news articles 112 matches are left to jieba this way,
        of which about 7 were the place (上海滨道: jieba cuts 上|海滨). A longer place gives up
        its last character to the word jieba makes of it and the next (:meth:`_place_before_a_word`):
        14 matches on the same articles, all read right (北京|市场, 太原|市民, 杭州|市长).
        """
        tokens = Tokens()
        position = 0
        for start, end, entry in self.lexicon.matches(text):
            if entry.label == "LOC" and end - start == 2 and self._cut_across(text, start, end):
                continue
            if entry.label == "LOC" and end - start > 2 and (shorter := self._place_before_a_word(text, start, end)):
                end, entry = end - 1, shorter
            if start > position:
                self._cut_into(tokens, text[position:start], position)
            tokens.add(text[start:end], start, end, entry.pos or DEFAULT_POS[entry.label], entry.label)
            position = end
        if position < len(text):
            self._cut_into(tokens, text[position:], position)
        return tokens

    def _place_before_a_word(self, text: str, start: int, end: int) -> Entry | None:
        """The place entry one character shorter than the match ``start:end`` when jieba, reading the
        text around, joins the match's last character to the next one alone (昆明市|民 is 昆明|市民,
        上海市|场 上海|市场) or the whole match to it (北京市民, jieba's one word, is 北京|市民);
        otherwise None (南京市|长江大桥, 上海市|政府, 北京市|委常委 stay)."""
        shorter = self.lexicon.entry(text[start : end - 1])
        if (
            shorter is None
            or shorter.label != "LOC"
            or end == len(text)
            or not self._jieba.has_word(text[end - 1 : end + 1])
        ):
            return None
        for word_start, word_end in self._words_around(text, start, end):
            if word_end >= end:  # the word holding the match's last character
                return shorter if word_end == end + 1 and word_start in (start, end - 1) else None
        return None

    def _cut_across(self, text: str, start: int, end: int) -> bool:
        """Whether jieba, reading the text around ``start:end``, makes a word that begins
        before the span and ends inside it, or begins inside it and ends after it."""
        return any(word_start < start < word_end < end or start < word_start < end < word_end
                   for word_start, word_end in self._words_around(text, start, end))

    def _words_around(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Where jieba's words begin and end in the text from CROSSING_CONTEXT characters before
        ``start`` to as many after ``end``: how jieba reads a dictionary match in its context."""
        position = max(start - CROSSING_CONTEXT, 0)
        for word in self._jieba.cut(text[position : end + CROSSING_CONTEXT]):
            yield position, position + len(word)
            position += len(word)

    def _cut_into(self, tokens: Tokens, chunk: str, offset: int) -> None:
        """rjieba's words of ``chunk`` as tokens from ``offset`` on; a word outside the dictionary
        as jieba cuts and posseg tags it (whitespace dropped). This runs for every word of every
        article, so every step is one C-level pass over the chunk's words (each word's token
        looked up, offsets summed, the columns extended), with no Python loop of statements. The words
        come from rjieba's ``cut`` (the same words as its ``tag``, which looks each one's tag up
        in Rust and returns a pair a word: ``cut`` takes 60% of its time)."""
        words = self._jieba.cut(chunk)
        pieces = list(map(self._known.get, words))
        if None in pieces:  # a word not met yet, or one that jieba cuts into pieces
            pieces = self._pieces_of(words, chunk)
        words, poses = zip(*pieces)
        bounds = list(accumulate(map(len, words), initial=offset))
        if "" in poses:  # whitespace, dropped
            tokens.extend_columns(compress(words, poses), compress(bounds, poses), compress(bounds[1:], poses),
                                  compress(poses, poses))
        else:
            tokens.extend_columns(words, islice(bounds, len(words)), islice(bounds, 1, None), poses)

    def _pieces_of(self, words: list[str], chunk: str) -> list[tuple[str, str]]:
        """The (word, POS) of the tokens that ``words`` (rjieba's, of ``chunk``) make, learning new words."""
        pieces: list[tuple[str, str]] = []
        for word in words:
            known = self._known.get(word)
            if known is None:
                pieces.extend(self._pieces.get(word) or self._learn(word, chunk))
            else:
                pieces.append(known)
        return pieces

    def _learn(self, word: str, chunk: str) -> Pieces:
        """The pieces of a word not seen yet, met in ``chunk``: a dictionary word keeps its
        dictionary tag (the same at every occurrence), a new word jieba's cut and posseg's tag."""
        pieces = ((word, self._dictionary_tag(word, chunk)),) if self._jieba.has_word(word) else _new_words(word)
        if len(self._known) + len(self._pieces) >= WORDS_KEPT:  # the vocabulary of millions of articles does not end
            self._known = _first_half(self._known)
            self._pieces = _first_half(self._pieces)
        if len(pieces) == 1:
            self._known[word] = pieces[0]
        else:
            self._pieces[word] = pieces
        return pieces

    def _dictionary_tag(self, word: str, chunk: str) -> str:
        """jieba's tag of a dictionary word: rjieba's tag of the word alone, or, for a word that
        comes out cut when alone (之时 as 之/时, HMM-joined in the text: 1,120 of 61,401 words
        learnt on the news corpus), its tag where it came out whole. rjieba gives a dictionary
        word its dictionary tag wherever it stands, so the few characters around the word
        usually serve, and its whole ``chunk`` (600 characters on average for these words)
        only when the word comes out cut in those too."""
        tag = self._tags_cut_alone.get(word)
        if tag is not None:  # cut when alone, and tagged before
            return tag
        tagged = self._jieba.tag(word)
        if len(tagged) == 1 and tagged[0][0] == word:
            return tagged[0][1]
        where = chunk.find(word)
        around = dict(self._jieba.tag(chunk[max(where - TAG_CONTEXT, 0) : where + len(word) + TAG_CONTEXT]))
        tag = self._tags_cut_alone[word] = around[word] if word in around else dict(self._jieba.tag(chunk))[word]
        return tag


def _first_half(kept: dict[str, T]) -> dict[str, T]:
    """The half of ``kept`` learnt first: the words a text meets first are its frequent ones
    (function words, the common nouns and verbs), and keeping them keeps most tokens on the
    fast path; the rare words learnt later make room for the next ones."""
    return dict(islice(kept.items(), len(kept) // 2))


def _new_words(word: str) -> Pieces:
    """A word rjieba found outside the dictionary, as jieba cuts and posseg tags it."""
    if word.isspace():
        return ((word, ""),)
    if len(word) > 1 and word.isascii() and not word.isalnum():
        return tuple((piece, _new_word_pos(piece)) for piece in LATIN_PIECE.split(word) if piece)
    return ((word, _new_word_pos(word)),)


def _new_word_pos(word: str) -> str:
    if HAN_WORD.fullmatch(word):
        return _guess_pos(word)
    if NUMBER.fullmatch(word):
        return "m"
    if LATIN.fullmatch(word):
        return "eng"
    return "x"


@lru_cache(maxsize=50_000)
def _guess_pos(word: str) -> str:
    """The POS that posseg's HMM gives most of a new word's characters (nr for 陈毓钊)."""
    states = _pos_viterbi().most_likely_states(word)
    return Counter(tag for _, tag in states).most_common(1)[0][0]


@lru_cache(maxsize=1)
def _pos_viterbi() -> PosViterbi:
    return PosViterbi(jieba_tables().pos_hmm)


class PosViterbi:
    """posseg's Viterbi decoding over its 256 (position, POS) states, one matrix step a character.

    The same sums in the same order as posseg's loops over dicts, so the same path, at a
    fraction of the time (posseg's loops cost milliseconds a word, and news brings
    thousands of new words). States are numbered from the greatest down, so that "ties go
    to the greater state" is numpy's "the first of the maxima".
    """

    def __init__(self, hmm: PosHMM) -> None:
        self._hmm = hmm
        self.states: list[State] = sorted(hmm.start, reverse=True)
        self._index = {state: number for number, state in enumerate(self.states)}
        size = len(self.states)
        self._start = np.array([hmm.start[state] for state in self.states])
        self._trans = np.full((size, size), _IMPOSSIBLE)
        for state, row in hmm.trans.items():
            for next_state, value in row.items():
                self._trans[self._index[state], self._index[next_state]] = value
        self._numbers = np.arange(size)
        self._every_state = np.ones(size, dtype=bool)
        #: each character's possible states and emissions, worked out once: new words share their characters
        self._char_states = lru_cache(maxsize=CHARS_KEPT)(self._char_states_uncached)

    def most_likely_states(self, word: str) -> list[State]:
        """A character takes one of its known states (any state it can reach when none of
        those can follow, any state at all when none can), as posseg decides.

        Each step scores the character's known states only (a few of the 256), and all
        states only when none of those can follow."""
        active, emission, _, _ = self._char_states(word[0])
        scores = self._start[active] + emission
        steps: list[tuple[np.ndarray, np.ndarray]] = []
        for char in word[1:]:
            states, emission, emitted, emissions = self._char_states(char)
            best, column = self._step(scores, active, states, emission)
            reachable = column > _IMPOSSIBLE  # an unlisted transition (-inf) is no way there
            if not reachable.any():  # none can follow: any state reachable, or any at all
                states = self._numbers
                every_emission = np.full(len(self.states), _UNSEEN)
                every_emission[emitted] = emissions
                best, column = self._step(scores, active, states, every_emission)
                reachable = column > _IMPOSSIBLE
                if not reachable.any():
                    reachable = self._every_state
            following = states[reachable]
            scores = column[reachable]
            steps.append((following, active[best[reachable]]))
            active = following
        state = active[np.argmax(scores)]
        path = [state]
        for following, previous in reversed(steps):
            state = previous[np.searchsorted(following, state)]
            path.append(state)
        return [self.states[number] for number in reversed(path)]

    def _step(
        self, scores: np.ndarray, active: np.ndarray, states: np.ndarray, emission: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each of ``states`` (``emission``: the character's in each): which of the ``active``
        states (their ``scores``) comes best before it, and the score of that path."""
        totals = (scores[:, None] + self._trans[np.ix_(active, states)]) + emission
        best = np.argmax(totals, axis=0)
        return best, totals[best, np.arange(len(states))]

    def _char_states_uncached(self, char: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The numbers of a character's possible states (ascending), its emissions in them, and
        the numbers of the states it is emitted in, with those emission log probabilities."""
        emitted_states = self._hmm.emit.get(char) or {}
        emitted = np.array([self._index[state] for state in emitted_states], dtype=np.intp)
        emissions = np.array(list(emitted_states.values()), dtype=float)
        every = np.full(len(self.states), _UNSEEN)
        every[emitted] = emissions
        listed = self._hmm.char_states.get(char)
        states = self._numbers if listed is None else np.unique([self._index[state] for state in listed])
        return states, every[states], emitted, emissions
