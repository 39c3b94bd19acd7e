"""What zhtag still takes from the jieba package, loaded once per process in a compact form.

jieba-rs (rjieba, see zhtag.segment) holds jieba's dictionary (words, frequencies, POS
tags) and its segmentation HMM itself. Two of jieba's tables it lacks: the IDF table
behind the keywords' prior (``analyse/idf.txt``) and posseg's HMM over (position, POS)
states, which gives a new word its POS the way posseg does. Loaded the usual way
(``import jieba.posseg``, reading ``idf.txt``) they cost about 60 MB per process, a
separate object for every IDF value and posseg's HMM built by executing 4 MB of Python
source. Here every repeated string and number is stored once, the HMM is read from the
pickles jieba ships next to that source, and the result is kept in the user cache
directory as a marshal file (marshal, unlike pickle, preserves the sharing), so a later
process loads it in a fraction of a second. The jieba package itself is never imported:
its files are found through its import spec. The tables are read-only and shared by
every Tagger of the process.
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import marshal
import pickle
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Sequence

import numpy as np

from zhtag.cache import cache_dir, write_atomically

logger = logging.getLogger(__name__)

#: Bump when the layout of the cached tuple changes.
_FORMAT = 4


def _package_folder(name: str) -> Path:
    """Where an installed package lives, found without importing it (``import jieba`` costs 0.2 s)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"zhtag needs the {name!r} package for its tables: pip install {name}")
    return Path(spec.submodule_search_locations[0])


_JIEBA_DIR = _package_folder("jieba")
_IDF = _JIEBA_DIR / "analyse" / "idf.txt"
_HMM_PICKLES = tuple(
    _JIEBA_DIR / "posseg" / name for name in ("prob_start.p", "prob_trans.p", "prob_emit.p", "char_state_tab.p")
)

State = tuple[str, str]  # posseg's HMM state: (B/M/E/S position, POS tag)


@dataclass(frozen=True, slots=True)
class PosHMM:
    """posseg's HMM over (position, POS) states: log probabilities and each character's possible states.

    ``emit`` is keyed by character, then state (posseg keys it by state), since decoding
    asks for one character's emissions at a time.
    """

    start: dict[State, float]
    trans: dict[State, dict[State, float]]
    emit: dict[str, dict[State, float]]
    char_states: dict[str, tuple[State, ...]]


class WordTable:
    """Words -> numbers as two numpy arrays: 64-bit hashes of the words, sorted, and their values.

    jieba's 270,000 IDF values as a dict cost 28 MB in every process (a str and a dict slot
    per word); these arrays cost 3 MB, and a document's words are looked up all at once. The
    hash is computed with numpy over the words' code points (a polynomial mod 2**64 mixed with
    the length), the same in every process, unlike Python's ``hash`` of a str, so the arrays
    can be cached. No two words of the table share a hash (checked when it is built); a word
    outside the table takes a table word's value with a chance of about 1 in 10**13.
    """

    def __init__(self, hashes: np.ndarray, values: np.ndarray) -> None:
        self._hashes = hashes
        self._values = values

    @classmethod
    def build(cls, table: dict[str, float]) -> "WordTable":
        words = [word for word in table if word]
        hashes = word_hashes(words)
        order = np.argsort(hashes, kind="stable")
        hashes = hashes[order]
        if len(hashes) > 1 and (hashes[1:] == hashes[:-1]).any():
            raise ValueError("two words of the table share a hash; change _HASH_BASE")
        values = np.array([table[word] for word in words], dtype=np.float64)[order]
        return cls(hashes, values)

    def __len__(self) -> int:
        return len(self._hashes)

    def lookup(self, words: Sequence[str]) -> np.ndarray:
        """The value of each word, NaN where the table does not list it."""
        found = np.full(len(words), np.nan)
        if not words or not len(self._hashes):
            return found
        hashes = word_hashes(words)
        index = np.minimum(np.searchsorted(self._hashes, hashes), len(self._hashes) - 1)
        listed = self._hashes[index] == hashes
        found[listed] = self._values[index[listed]]
        return found

    def to_bytes(self) -> tuple[bytes, bytes]:
        return self._hashes.tobytes(), self._values.tobytes()

    @classmethod
    def from_bytes(cls, hashes: bytes, values: bytes) -> "WordTable":
        return cls(np.frombuffer(hashes, dtype=np.uint64), np.frombuffer(values, dtype=np.float64))


#: Odd 64-bit multipliers of the word hash (arbitrary, fixed: cached tables depend on them).
_HASH_BASE = np.uint64(0x9E3779B97F4A7C15)
_HASH_LENGTH = np.uint64(0xC2B2AE3D27D4EB4F)


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each word (the empty word: 0), computed for all words in a few numpy calls."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    codes = np.frombuffer("".join(words).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    ends = np.cumsum(lengths)
    # each character weighs base ** (its distance from its word's end): Horner's rule, all words at once
    from_end = np.repeat(ends, lengths) - np.arange(len(codes)) - 1
    longest = int(lengths.max()) if len(words) else 0
    powers = np.ones(max(longest, 1), dtype=np.uint64)  # base ** k, wrapping around 2 ** 64
    powers[1:] = np.cumprod(np.full(len(powers) - 1, _HASH_BASE, dtype=np.uint64))
    hashes = np.zeros(len(words), dtype=np.uint64)
    filled = lengths > 0
    if filled.any():
        hashes[filled] = np.add.reduceat(codes * powers[from_end] + np.uint64(1), (ends - lengths)[filled])
    return hashes ^ (lengths.astype(np.uint64) * _HASH_LENGTH)


@dataclass(frozen=True, slots=True)
class JiebaTables:
    """jieba's IDF table (and its median, the IDF of an unlisted word) and posseg's HMM."""

    idf: WordTable
    idf_median: float
    pos_hmm: PosHMM


@lru_cache(maxsize=1)
def jieba_tables() -> JiebaTables:
    """The process's one copy of the tables, from the cache file (built on first use)."""
    try:
        path = _cache_path()
    except OSError as error:  # no writable cache directory: build in memory every time
        logger.warning("zhtag cannot use its cache directory (%s); building jieba's tables in memory", error)
        return _from_tuple(_build())
    if path.is_file():  # one read: marshal.load on a file object reads it piecemeal, 3× slower
        return _from_tuple(marshal.loads(path.read_bytes()))
    data = _build()
    write_atomically(path, lambda stream: marshal.dump(data, stream))
    return _from_tuple(data)


def _cache_path() -> Path:
    """A file name that changes with jieba's files, the format and Python's marshal version."""
    stamp = hashlib.sha1()
    for source in (_IDF, *_HMM_PICKLES):
        status = source.stat()
        stamp.update(f"{source}:{status.st_size}:{status.st_mtime_ns};".encode())
    python = f"{sys.version_info[0]}{sys.version_info[1]}"
    name = f"jieba-tables-f{_FORMAT}-m{marshal.version}-py{python}"
    return cache_dir() / f"{name}-{stamp.hexdigest()[:12]}.marshal"


def _from_tuple(data: tuple) -> JiebaTables:
    (hashes, values), idf_median, (start, trans, emit, char_states) = data
    return JiebaTables(WordTable.from_bytes(hashes, values), idf_median, PosHMM(start, trans, emit, char_states))


def _build() -> tuple:
    """Read jieba's own files, storing each distinct string and number once."""
    shared: dict = {}

    def one(value):  # the single stored copy of an equal string, int, float or state
        return shared.setdefault(value, value)

    idf: dict[str, float] = {}
    with _IDF.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, value = line.rstrip("\n").rpartition(" ")
            if word:
                idf[word] = float(value)

    start, trans, emit, char_states = (_read_pickle(path) for path in _HMM_PICKLES)
    state = {key: one(key) for key in start}
    hmm = (
        {state[key]: value for key, value in start.items()},
        {state[key]: {state[next_]: value for next_, value in row.items()} for key, row in trans.items()},
        _by_char(emit, state, one),
        {one(char): tuple(state[key] for key in keys) for char, keys in char_states.items()},
    )
    return WordTable.build(idf).to_bytes(), median(idf.values()), hmm


def _by_char(emit: dict, state: dict, one) -> dict[str, dict[State, float]]:
    """posseg's emissions (state -> character -> log probability) keyed by character first."""
    by_char: dict[str, dict[State, float]] = {}
    for key, row in emit.items():
        for char, value in row.items():
            by_char.setdefault(one(char), {})[state[key]] = value
    return by_char


def _read_pickle(path: Path):
    with path.open("rb") as handle:
        return pickle.load(handle)
