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

from zhtag.cache import cache_dir, write_atomically

logger = logging.getLogger(__name__)

#: Bump when the layout of the cached tuple changes.
_FORMAT = 3


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


@dataclass(frozen=True, slots=True)
class JiebaTables:
    """jieba's IDF table (and its median, the IDF of an unlisted word) and posseg's HMM."""

    idf: dict[str, float]
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
    idf, idf_median, (start, trans, emit, char_states) = data
    return JiebaTables(idf, idf_median, PosHMM(start, trans, emit, char_states))


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
                idf[one(word)] = one(float(value))

    start, trans, emit, char_states = (_read_pickle(path) for path in _HMM_PICKLES)
    state = {key: one(key) for key in start}
    hmm = (
        {state[key]: value for key, value in start.items()},
        {state[key]: {state[next_]: value for next_, value in row.items()} for key, row in trans.items()},
        _by_char(emit, state, one),
        {one(char): tuple(state[key] for key in keys) for char, keys in char_states.items()},
    )
    return idf, median(idf.values()), hmm


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
