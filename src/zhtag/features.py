"""Character features for the name model (CRF), one code path for training and tagging.

The model labels characters, so it can find a name that jieba glued to its
neighbours or split apart; but each character also carries what only our
pipeline knows about the word it sits in: jieba's segmentation and POS, the
dictionary label of the token, whether the word is an organisation or place
suffix, a surname, or sits next to a title. Training (``zhtag.train``) and
tagging (``zhtag.recognizers.model``) both call :meth:`FeatureExtractor.sentences`
on the tokens of our own Segmenter, so the model sees at run time exactly the
kind of input it was trained on.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import accumulate
from typing import Iterator, Sequence

import numpy as np

from zhtag.dictionaries import load_rules
from zhtag.document import Token, Tokens

#: Bump when the features change: a model trained on other features must be retrained.
FEATURE_VERSION = 3
#: Token texts that end a sentence; the CRF runs per sentence to keep sequences short.
SENTENCE_ENDS = frozenset("。！？!?")
_SENTENCE_END_CODES = np.array(sorted(map(ord, SENTENCE_ENDS)), dtype=np.uint32)
_LINE_FEED = ord("\n")
#: A sentence longer than this (a list without full stops) is cut at the next token boundary.
MAX_SENTENCE_CHARS = 300
#: Tokens longer than this get no ``w=`` (token text) feature: each of a token's characters carries
#: the whole text, so a 50,000-character run of digits would cost 50,000² characters. The longest
#: token with a weight in the shipped model has 28 characters, so the cap changes no prediction.
MAX_WORD_FEATURE_CHARS = 32
#: How many tokens ahead a suffix word (公司, 委员会, 县) still tells a character it may be inside a name.
SUFFIX_REACH = 4
#: POS tags of punctuation and symbols: a name does not run across them.
BREAK_POS = frozenset({"x", "w"})
CHINESE_NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两")
#: The character-window templates: name -> offset of the character from the one labelled.
CHAR_TEMPLATES = {"c": 0, "c-1": -1, "c+1": 1, "c-2": -2, "c+2": 2}
#: The bigram templates: name -> offset of the bigram's first character.
BIGRAM_TEMPLATES = {"b-1": -1, "b+1": 0}
#: The template of the character kinds of c-1 c c+1 (one letter of CHAR_KINDS each).
TYPE_TEMPLATE = "t"
#: The templates a token's neighbours give it, in the order of the feature rows; the cluster
#: templates kl, kr only for a model trained with word clusters.
CONTEXT_TEMPLATES = ("lp", "rp", "rs", "ta", "ah", "tb", "kl", "kr")
#: The context templates that read one neighbouring token: which one (-1 the token before, 1 the
#: token after) and the value at a sentence's edge, where there is none. (ah reads the first
#: suffix token ahead, see :meth:`FeatureExtractor.suffix_ahead`.)
NEIGHBOUR_TEMPLATES = {
    "lp": (-1, "^"), "rp": (1, "$"), "rs": (1, None), "ta": (1, False), "tb": (-1, False), "kl": (-1, "^"), "kr": (1, "$"),
}
#: Han, Chinese numeral, digit, Latin, punctuation or symbol, other.
CHAR_KINDS = "HNDLPO"
#: What the window templates see before a sentence's first character and after its last one.
PADDING = "^$"
#: Human-readable list of the feature templates, for the model card.
TEMPLATES = (
    "c: the character (NFKC, one character kept one character)",
    "c-2, c-1, c+1, c+2: neighbouring characters",
    "b-1, b+1: the character bigrams on either side",
    "t: character types (Han, Chinese numeral, digit, Latin, punctuation, other) of c-1 c c+1",
    "p: position in its jieba token (B/M/E/S) + the token's POS",
    f"w: position + the token's text (tokens of 2 to {MAX_WORD_FEATURE_CHARS} characters; rare ones pruned by minfreq)",
    "d: position + the dictionary label of the token (ORG/LOC/PER/TERM)",
    "os, ps: the token ends with an organisation suffix (legal/strong/weak) or place suffix (admin/geo)",
    "lp, rp: POS of the previous and next token",
    "rs: the next token is (ends with) an organisation or place suffix",
    "ah: the kind of the nearest suffix token 2-4 tokens ahead, with no punctuation in between",
    "sn: a surname (single or compound) begins the token, with the token's length",
    "tb, ta: the previous token is a title/byline word (记者, 董事长) or the next one a title (主任, 表示)",
)
#: The templates a model trained with word clusters (``zhtag train --clusters``) adds.
CLUSTER_TEMPLATES = (
    "k, kk: position + the fine word cluster of the token, and its coarse cluster (zhtag.clusters)",
    "kl, kr: the fine word clusters of the previous and next token",
)


@lru_cache(maxsize=1)
def one_to_one_nfkc() -> dict[int, str]:
    """The NFKC form of every BMP character whose NFKC form is one other character."""
    table = {}
    for code in range(0x10000):
        char = chr(code)
        normal = unicodedata.normalize("NFKC", char)
        if normal != char and len(normal) == 1:
            table[code] = normal
    return table


def normalize_chars(text: str) -> str:
    """NFKC character by character, keeping the length: full-width １９９８ becomes 1998.

    Whole-string NFKC would turn … into ... and shift every offset after it.
    """
    return text.translate(one_to_one_nfkc())


def context_feature(template: str, value: str | bool | None) -> str | None:
    """The feature a neighbour's value makes: ``lp=v`` for a string (a POS, a suffix kind, a
    cluster), the bare template for True (ta: a title follows), none for None or False."""
    if value is None or value is False:
        return None
    return template if value is True else f"{template}={value}"


def sentence_bounds(tokens: Tokens, text: str) -> list[tuple[int, int]]:
    """Where the sentences of ``tokens`` begin and end, as (first, past the last) token indices:
    a sentence ends after 。！？, at a line break or a wider gap than one space (menus,
    tables: 城市远洋    |    原创), or at MAX_SENTENCE_CHARS.

    The ends and gaps are found for all tokens at once; only a span longer than
    MAX_SENTENCE_CHARS is walked token by token."""
    if not tokens:
        return []
    starts, ends = np.array(tokens.starts), np.array(tokens.ends)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    previous_ends = ends[:-1]  # of the token before each token but the first
    gaps = starts[1:] - previous_ends
    after_an_end = np.isin(codes[previous_ends - 1], _SENTENCE_END_CODES)
    breaks = after_an_end | (gaps > 1) | ((gaps == 1) & (codes[previous_ends] == _LINE_FEED))
    firsts = [0, *(np.flatnonzero(breaks) + 1).tolist()]
    bounds: list[tuple[int, int]] = []
    for first, stop in zip(firsts, firsts[1:] + [len(tokens)]):
        if tokens.ends[stop - 1] - tokens.starts[first] <= MAX_SENTENCE_CHARS:
            bounds.append((first, stop))
            continue
        start = tokens.starts[first]
        for index in range(first + 1, stop):
            if tokens.ends[index] - start > MAX_SENTENCE_CHARS:
                bounds.append((first, index))
                first, start = index, tokens.starts[index]
        bounds.append((first, stop))
    return bounds


def split_sentences(tokens: Sequence[Token], text: str) -> list[list[Token]]:
    """Tokens grouped into sentences (see :func:`sentence_bounds`)."""
    tokens = Tokens.of(tokens)
    return [list(tokens[first:stop]) for first, stop in sentence_bounds(tokens, text)]


def char_kind(char: str) -> str:
    """The letter of CHAR_KINDS for ``char``."""
    if "\u4e00" <= char <= "\u9fff":
        return "N" if char in CHINESE_NUMERALS else "H"
    if char.isdigit():
        return "D"
    if char.isascii() and char.isalpha():
        return "L"
    if unicodedata.category(char)[0] in "PS":
        return "P"
    return "O"


class _CharTypes(dict):
    """Code point -> letter of CHAR_KINDS, filled on first sight; a ``str.translate`` table."""

    def __missing__(self, code: int) -> str:
        kind = self[code] = char_kind(chr(code))
        return kind


class FeatureExtractor:
    """Turns a sentence of tokens into one list of feature strings per character."""

    def __init__(self, clusters: dict[str, tuple[str, str]] | None = None) -> None:
        """``clusters``: token text -> (fine, coarse) cluster id (:func:`zhtag.clusters.read`), or None for none."""
        self._clusters = clusters or {}
        organizations = load_rules("organizations")
        places = load_rules("places")
        persons = load_rules("persons")
        suffixes: dict[str, str] = {}
        for kind, key in (("weak", "weak_suffixes"), ("strong", "strong_suffixes"), ("legal", "legal_suffixes")):
            suffixes.update((word, "o" + kind) for word in organizations[key])
        for kind, key in (("geo", "geo_suffixes"), ("admin", "admin_suffixes")):
            suffixes.update((word, "p" + kind) for word in places[key])
        self._suffixes = suffixes
        self._not_suffix_words = frozenset(organizations["not_suffix_words"])
        self._longest_suffix = max(map(len, suffixes))
        self._surnames = frozenset(persons["surnames"])
        self._compound_surnames = frozenset(persons["compound_surnames"])
        self._titles_before = frozenset(persons["titles_before"])
        self._titles_after = frozenset(persons["titles_after"])
        self._char_kinds = _CharTypes()
        self._suffix_cache: dict[str, str | None] = {}
        self._token_cache: dict[tuple[str, str, str | None], list[tuple[str, ...]]] = {}

    def sentences(self, tokens: Sequence[Token], text: str) -> Iterator[tuple[list[int], list[list[str]]]]:
        """Per sentence: the text offset of every character and its features.

        ``text`` is the original text; characters are read NFKC-normalised.
        Whitespace between tokens is not part of the sequence.
        """
        normal = normalize_chars(text)
        for sentence in split_sentences(tokens, text):
            offsets = [i for token in sentence for i in range(token.start, token.end)]
            chars = "".join(normal[token.start : token.end] for token in sentence)
            yield offsets, self._features(chars, sentence)

    def _features(self, chars: str, tokens: Sequence[Token]) -> list[tuple[str, ...]]:
        """The features of every character: its window of characters, then its token's.

        Each template is one ``map`` over the whole sentence (a loop in C, not a
        Python loop over characters), zipped into one tuple per character.
        """
        padded = PADDING[0] * 2 + chars + PADDING[1] * 2
        n = len(chars)
        kinds = padded[1 : n + 3].translate(self._char_kinds)
        bigrams = list(map(str.__add__, padded[1 : n + 2], padded[2 : n + 3]))  # bigrams[k]: chars k-1, k
        templates = [map(f"{name}=".__add__, padded[2 + shift : n + 2 + shift]) for name, shift in CHAR_TEMPLATES.items()]
        templates += [map(f"{name}=".__add__, bigrams[1 + shift : n + 1 + shift]) for name, shift in BIGRAM_TEMPLATES.items()]
        templates.append(map(f"{TYPE_TEMPLATE}=".__add__, map(str.__add__, map(str.__add__, kinds[:n], kinds[1 : n + 1]), kinds[2:])))
        return list(map(tuple.__add__, zip(*templates), self._token_features(tokens)))

    def _token_features(self, tokens: Sequence[Token]) -> list[tuple[str, ...]]:
        """The word-level features of every character, token by token."""
        rows: list[tuple[str, ...]] = []
        for token, *context in zip(tokens, *self.context_columns(tokens)):
            shared = tuple(feature for feature in context if feature is not None)
            rows.extend(own + shared for own in self.own_features(token))
        return rows

    def context_columns(self, tokens: Sequence[Token]) -> list[list[str | None]]:
        """The features a token's neighbours give all of its characters: one column per
        template, one entry per token of the sentence (None where the token has none).

        Columns, not rows per token, so that each template is one pass over the sentence.
        """
        return [[context_feature(template, value) for value in column]
                for template, column in zip(CONTEXT_TEMPLATES, self.context_values(tokens))]

    def context_values(self, tokens: Sequence[Token], firsts: Sequence[int] = (0,)) -> list[list[str | bool | None]]:
        """:meth:`context_columns` before naming: per template of CONTEXT_TEMPLATES (the two
        cluster templates only with clusters), each token's value (see :func:`context_feature`).

        ``tokens`` may be several sentences in a row, ``firsts`` the index of each one's first
        token: no value reaches across a sentence's edge.
        """
        if not tokens:
            return []
        given = dict(zip(NEIGHBOUR_TEMPLATES, zip(*map(self.neighbour_values, tokens))))
        lasts = [first - 1 for first in firsts[1:]] + [len(tokens) - 1]
        columns: dict[str, list[str | bool | None]] = {}
        for template, values in given.items():
            side, edge = NEIGHBOUR_TEMPLATES[template]
            column = [edge, *values[:-1]] if side < 0 else [*values[1:], edge]
            for index in firsts if side < 0 else lasts:
                column[index] = edge
            columns[template] = column
        suffixes, tags = given["rs"], given["lp"]  # each token's own suffix kind and POS
        ahead = self.suffix_ahead(suffixes, [tag in BREAK_POS for tag in tags], firsts)
        columns["ah"] = [suffixes[index] if index >= 0 else None for index in ahead]
        return [columns[template] for template in CONTEXT_TEMPLATES if template in columns]

    @property
    def neighbour_templates(self) -> list[str]:
        """The NEIGHBOUR_TEMPLATES that :meth:`neighbour_values` gives values for, in its order."""
        return [template for template in NEIGHBOUR_TEMPLATES if self._clusters or template not in ("kl", "kr")]

    def neighbour_values(self, token: Token) -> tuple[str | bool | None, ...]:
        """What ``token`` is to the templates of :attr:`neighbour_templates` of the tokens beside
        it, in that order: its POS, its suffix kind, whether it is a title, its cluster. A value
        depends on the token alone, so the decoder keeps it per distinct token."""
        text = token.text
        values = (token.pos, token.pos, self._suffix(text), text in self._titles_after, text in self._titles_before)
        if self._clusters:
            fine = self._clusters.get(text, ("",))[0]
            return values + (fine, fine)
        return values

    @staticmethod
    def suffix_ahead(suffixes: Sequence[object], breaks: Sequence[bool], firsts: Sequence[int]) -> list[int]:
        """Per token, the index of the first suffix token (a true entry of ``suffixes``) 2 to
        SUFFIX_REACH tokens ahead in its sentence with no punctuation between the two; -1 for none.

        Walks the few suffix tokens, nearest first, rather than every token: a token's first
        suffix ahead is the first to claim it, and a break before an earlier suffix also lies
        before any later one (a sentence's edge counts as a break).
        """
        column = [-1] * len(suffixes)
        breaks_before = [0, *accumulate(breaks)]  # breaks_before[i]: breaks among tokens 0..i-1
        sentence_first = [0] * len(suffixes)  # sentence_first[i]: the first token of i's sentence
        for first in firsts[1:]:
            sentence_first[first] = first
        sentence_first = list(accumulate(sentence_first, max))
        for ahead, suffix in enumerate(suffixes):
            if not suffix:
                continue
            for index in range(max(sentence_first[ahead], ahead - SUFFIX_REACH), ahead - 1):
                if column[index] < 0 and breaks_before[ahead] == breaks_before[index + 1]:
                    column[index] = ahead
        return column

    def own_features(self, token: Token) -> list[tuple[str, ...]]:
        """Features of each character that depend on its token alone (cached: tokens repeat)."""
        key = (token.text, token.pos, token.label)
        cached = self._token_cache.get(key)
        if cached is None:
            if len(self._token_cache) > 20_000:
                self._token_cache.clear()
            cached = self._token_cache[key] = self.own_features_uncached(token)
        return cached

    def own_features_uncached(self, token: Token) -> list[tuple[str, ...]]:
        """:meth:`own_features` for a caller that keeps its own cache (the decoder keeps weights)."""
        text = token.text
        length = len(text)
        positions = "S" if length == 1 else "B" + "M" * (length - 2) + "E"
        shared = []
        suffix = self._suffix(text)
        if suffix:
            shared.append(("os=" if suffix[0] == "o" else "ps=") + suffix)
        surname = self._surname_length(text)
        cluster = self._clusters.get(text)
        if cluster is not None:
            shared.append("kk=" + cluster[1])
        features = []
        for k, position in enumerate(positions):
            own = ["p=" + position + token.pos]
            if 1 < length <= MAX_WORD_FEATURE_CHARS:
                own.append("w=" + position + text)
            if token.label is not None:
                own.append("d=" + position + token.label)
            if k < surname:
                own.append(f"sn={k}{length}")
            if cluster is not None:
                own.append("k=" + position + cluster[0])
            features.append(tuple(own + shared))
        return features

    def _suffix(self, text: str) -> str | None:
        """The kind of organisation or place suffix ``text`` ends with, longest first (西部 ends with none)."""
        cached = self._suffix_cache.get(text, False)
        if cached is not False:
            return cached
        kind = None
        if text not in self._not_suffix_words:
            for length in range(min(len(text), self._longest_suffix), 0, -1):
                kind = self._suffixes.get(text[-length:])
                if kind is not None:
                    break
        if len(self._suffix_cache) > 20_000:
            self._suffix_cache.clear()
        self._suffix_cache[text] = kind
        return kind

    def _surname_length(self, text: str) -> int:
        """How many leading characters of a 2–4 character token are a surname (0 if none)."""
        if not 2 <= len(text) <= 4:
            return 0
        if text[:2] in self._compound_surnames:
            return 2
        return 1 if text[0] in self._surnames else 0
