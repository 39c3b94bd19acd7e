"""Our tokenizer: a private jieba instance whose segmentation respects dictionary matches.

Every Tagger owns its own ``jieba.Tokenizer`` (never the module-level one), so two
taggers with different dictionaries can live in one process. jieba's dictionary
cache goes to the user's cache directory, not the working directory.

POS tags: ``jieba.posseg`` runs a many-state HMM over every unknown stretch of
text, which makes it about nine times slower than plain ``jieba.cut``. We cut with
the fast segmenter, take each known word's tag from jieba's dictionary, and run
posseg's HMM only on the short new words the segmenter found (names, mostly),
which is where its guesses (nr, ns …) are worth having.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg
import platformdirs
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi

from zhtag.document import Token
from zhtag.recognizers.lexicon import DEFAULT_POS, Lexicon

jieba.setLogLevel(logging.WARNING)

HAN_WORD = re.compile("[\u4e00-\u9fd5]{2,4}")
NUMBER = re.compile(r"[0-9.]+")
LATIN = re.compile(r"[a-zA-Z0-9]+")


def cache_dir() -> Path:
    """Where jieba's prefix-dictionary cache is kept between runs."""
    path = Path(platformdirs.user_cache_dir("zhtag"))
    path.mkdir(parents=True, exist_ok=True)
    return path


class Segmenter:
    """Segments text into POS-tagged tokens; dictionary matches come out as single tokens."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache_dir())
        tokenizer.initialize()
        self._tokenizer = tokenizer
        self._word_tags: dict[str, str] = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab

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


@lru_cache(maxsize=65536)
def _guess_pos(word: str) -> str:
    """The POS that posseg's HMM gives most of a new word's characters (nr for 陈毓钊)."""
    _, states = viterbi(word, char_state_tab_P, start_P, trans_P, emit_P)
    return Counter(tag for _, tag in states).most_common(1)[0][0]
