"""Our tokenizer: a private jieba instance whose segmentation respects dictionary matches.

Every Tagger owns its own ``jieba.Tokenizer`` (never the module-level one), so two
taggers with different dictionaries can live in one process. jieba's dictionary
cache goes to the user's cache directory, not the working directory.

POS tags: ``jieba.posseg`` runs a many-state HMM over every unknown stretch of
text, which makes it about nine times slower than plain ``jieba.cut``. We cut with
the fast segmenter, take each known word's tag from jieba's dictionary, and run
posseg's HMM only on the short new words the segmenter found (names, mostly),
which is where its guesses (nr, ns …) are worth having. jieba's tables come from
zhtag.jieba_tables, one compact copy per process; posseg itself is never imported
(its import alone costs 50 MB), so the few lines of Viterbi decoding are ours.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache

import jieba

from zhtag.document import Token
from zhtag.jieba_tables import PosHMM, State, jieba_tables
from zhtag.recognizers.lexicon import DEFAULT_POS, Lexicon

jieba.setLogLevel(logging.WARNING)

HAN_WORD = re.compile("[\u4e00-\u9fd5]{2,4}")
NUMBER = re.compile(r"[0-9.]+")
LATIN = re.compile(r"[a-zA-Z0-9]+")
#: jieba's stand-ins for log(0): an unseen emission, an impossible transition.
_UNSEEN = -3.14e100
_IMPOSSIBLE = float("-inf")


class Segmenter:
    """Segments text into POS-tagged tokens; dictionary matches come out as single tokens."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        tables = jieba_tables()
        tokenizer = jieba.Tokenizer()
        # jieba's dictionary, shared read-only (nothing here adds words: our entries are matched
        # by the lexicon), so the tokenizer never loads its own copy
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = tables.freq, tables.total, True
        self._tokenizer = tokenizer
        self._word_tags = tables.tags

    def is_known(self, word: str) -> bool:
        """Whether jieba's dictionary has the word (rather than its HMM having guessed it)."""
        return bool(self._tokenizer.FREQ.get(word))

    def segment(self, text: str) -> list[Token]:
        """Tokens covering ``text`` in order (whitespace is dropped; offsets stay exact)."""
        tokens: list[Token] = []
        position = 0
        for start, end, entry in self.lexicon.matches(text):
            if start > position:
                self._cut_into(tokens, text[position:start], position)
            pos = entry.pos or DEFAULT_POS[entry.label]
            tokens.append(Token(text[start:end], start, end, pos, entry.label))
            position = end
        if position < len(text):
            self._cut_into(tokens, text[position:], position)
        return tokens

    def _cut_into(self, tokens: list[Token], chunk: str, offset: int) -> None:
        for word in self._tokenizer.cut(chunk):
            end = offset + len(word)
            if not word.isspace():
                tokens.append(Token(word, offset, end, self._pos(word)))
            offset = end

    def _pos(self, word: str) -> str:
        tag = self._word_tags.get(word)
        if tag is not None:
            return tag
        if HAN_WORD.fullmatch(word):
            return _guess_pos(word)
        if NUMBER.fullmatch(word):
            return "m"
        if LATIN.fullmatch(word):
            return "eng"
        return "x"


@lru_cache(maxsize=20_000)
def _guess_pos(word: str) -> str:
    """The POS that posseg's HMM gives most of a new word's characters (nr for 陈毓钊)."""
    states = _most_likely_states(word, jieba_tables().pos_hmm)
    return Counter(tag for _, tag in states).most_common(1)[0][0]


def _most_likely_states(word: str, hmm: PosHMM) -> list[State]:
    """Viterbi decoding as posseg does it: a character takes one of its known states (any
    state it can reach when none of those can follow), ties go to the greater state."""
    every_state = tuple(hmm.start)
    first = word[0]
    scores = {
        state: hmm.start[state] + hmm.emit[state].get(first, _UNSEEN)
        for state in hmm.char_states.get(first, every_state)
    }
    paths: dict[State, list[State]] = {state: [state] for state in scores}
    for char in word[1:]:
        reachable = {state for previous in scores for state in hmm.trans[previous]}
        candidates = (set(hmm.char_states.get(char, every_state)) & reachable) or reachable or set(every_state)
        next_scores: dict[State, float] = {}
        next_paths: dict[State, list[State]] = {}
        for state in candidates:
            emission = hmm.emit[state].get(char, _UNSEEN)
            score, previous = max(
                (score + hmm.trans[previous].get(state, _IMPOSSIBLE) + emission, previous)
                for previous, score in scores.items()
            )
            next_scores[state] = score
            next_paths[state] = paths[previous] + [state]
        scores, paths = next_scores, next_paths
    _, best = max((score, state) for state, score in scores.items())
    return paths[best]
