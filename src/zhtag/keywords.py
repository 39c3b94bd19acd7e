"""Keywords of one document: the phrases a reader would pick, not single segmented words.

Candidates are built from the document's tokens and mentions:

* noun-phrase chunks — runs of content words (jieba POS from ``keywords.yaml``) cut at stop
  words, numbers, punctuation and figure/date mentions; every sub-run of up to ``max_tokens``
  tokens that opens with a modifier and ends with a head is a candidate (分布式水文模型,
  土地利用变化, 水文模型 …);
* dictionary TERM tokens — always a candidate, and they may join a phrase (东数西算工程);
* ORG/LOC/PER mentions — one keyword each, never part of a longer phrase.

Methods (``Keyword.method``):

* ``"tfidf"``    — occurrences × IDF of the candidate.
* ``"textrank"`` — PageRank over a co-occurrence graph of the content words and entities (a
  window of ``window`` words); a phrase scores the mean rank of its words × its length weight.
* ``"zhtag"``    — the default, stored by the Tagger: TF-IDF where a candidate in the title
  or first sentence earns extra occurrences, times a weight by its number of tokens, times
  a bonus for appearing early (footers come last), times its TextRank share raised to
  ``graph_power`` (0 in the bundled rules: on the CSL abstracts the graph did not help).

Every method collapses near-duplicates (see ``_near_duplicates``): 数字经济 / 数字经济发展
keep one. Of two where one contains the other, the longer wins when most occurrences of the
shorter are inside it (分布式水文 → 分布式水文模型), else the shorter (数字经济). IDF comes
from :class:`IDF`, learnt from the user's collection with jieba's IDF table as the prior.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Iterable, Iterator, NamedTuple, Sequence

import jieba
import numpy as np

from zhtag.dictionaries import DictionaryError, bundled_dir, load_rules
from zhtag.document import Document, Keyword

METHODS = ("zhtag", "tfidf", "textrank")

#: Where the first sentence ends: a Chinese sentence mark, or a full stop that is not a decimal
#: point (abstracts often use "."); ASCII ! and ? end navigation bars and slogans too often.
_SENTENCE_END = re.compile(r"[。！？]|\.(?!\d)")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class KeywordRules:
    """The word lists and weights of ``dictionaries/rules/keywords.yaml``."""

    phrase_pos: frozenset[str]
    lead_pos: frozenset[str]
    head_pos: frozenset[str]
    verb_head_pos: frozenset[str]
    noun_pos: frozenset[str]
    single_pos: frozenset[str]
    entity_labels: frozenset[str]
    excluded_labels: frozenset[str]
    stop_words: frozenset[str]
    generic_words: frozenset[str]
    never_heads: frozenset[str]
    boundary_words: frozenset[str]
    max_tokens: int
    max_chars: int
    min_chars: int
    title_weight: float
    title_only_share: float
    term_weight: float
    lead_weight: float
    length_weights: tuple[float, ...]
    early_weight: float
    graph_power: float
    window: int
    damping: float
    iterations: int
    prior_documents: float
    duplicate_share: float
    overlap_chars: int
    boilerplate: re.Pattern[str]

    @classmethod
    def bundled(cls) -> "KeywordRules":
        """The rules that ship with zhtag."""
        return _bundled_rules()


@lru_cache(maxsize=1)
def _bundled_rules() -> KeywordRules:
    data = load_rules("keywords")
    missing = [name for name in KeywordRules.__annotations__ if name not in data]
    if missing:
        raise DictionaryError(bundled_dir() / "rules" / "keywords.yaml", None, f"missing key(s) {missing}")
    values = {}
    for name, kind in KeywordRules.__annotations__.items():
        value = data[name]
        if kind.startswith("frozenset"):
            value = frozenset(str(item) for item in value)
        elif kind.startswith("tuple"):
            value = tuple(float(item) for item in value)
        elif kind.startswith("re.Pattern"):
            value = re.compile("|".join(re.escape(str(marker)) for marker in value))
        values[name] = value
    return KeywordRules(**values)


@lru_cache(maxsize=1)
def _jieba_idf() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table and its median (read without importing jieba.analyse)."""
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, value = line.rstrip("\n").rpartition(" ")
            if word:
                table[word] = float(value)
    return table, median(table.values())


class IDF:
    """Inverse document frequency learnt from a collection, with jieba's table as the prior.

    ``idf = log((N + N0) / (df + N0 * exp(-prior)))`` where N documents were seen, df of them
    hold the word, and jieba's table counts as N0 documents (``prior_documents``). With no
    collection this is jieba's IDF; the more documents, the more the collection decides.
    The prior of a word jieba does not list is the median IDF; that of a phrase jieba does not
    list is the highest prior of its parts (a phrase is at least as rare as its rarest word).
    """

    def __init__(self, prior_documents: float | None = None) -> None:
        self.documents = 0
        self.frequencies: Counter[str] = Counter()
        self.prior_documents = (
            KeywordRules.bundled().prior_documents if prior_documents is None else prior_documents
        )

    @classmethod
    def fit(cls, docs: Iterable[Iterable[str]], prior_documents: float | None = None) -> "IDF":
        """An IDF learnt from the candidate lists of a collection, one list per document."""
        idf = cls(prior_documents)
        for candidates in docs:
            idf.add(candidates)
        return idf

    def add(self, candidates: Iterable[str]) -> None:
        """Count one more document holding ``candidates`` (repeats within it count once)."""
        self.documents += 1
        self.frequencies.update(set(candidates))

    def prior(self, word: str, parts: Sequence[str] = ()) -> float:
        """jieba's IDF of ``word``; for an unlisted phrase the highest of its parts'."""
        table, middle = _jieba_idf()
        if word in table:
            return table[word]
        if len(parts) > 1:
            return max(table.get(part, middle) for part in parts)
        return middle

    def __call__(self, word: str, parts: Sequence[str] = ()) -> float:
        """The IDF of ``word`` (a phrase made of ``parts``, if given)."""
        background = self.prior_documents * math.exp(-self.prior(word, parts))
        return math.log((self.documents + self.prior_documents) / (self.frequencies[word] + background))

    def save(self, path: str | Path) -> None:
        """Write a TSV: a ``#documents<TAB>N`` line, then ``word<TAB>df``, most frequent first."""
        with Path(path).open("w", encoding="utf-8") as handle:
            handle.write(f"#documents\t{self.documents}\n")
            for word, frequency in self.frequencies.most_common():
                handle.write(f"{word}\t{frequency}\n")

    @classmethod
    def load(cls, path: str | Path, prior_documents: float | None = None) -> "IDF":
        """Read a file written by :meth:`save`; a bad line is an error naming file and line."""
        idf = cls(prior_documents)
        with Path(path).open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                word, tab, count = line.rstrip("\n").partition("\t")
                if not tab or not count.isdigit():
                    raise ValueError(f"{path}:{number}: expected 'word<TAB>count', got {line.strip()!r}")
                if number == 1 and word == "#documents":
                    idf.documents = int(count)
                else:
                    idf.frequencies[word] = int(count)
        return idf


@dataclass(slots=True)
class _Candidate:
    """One candidate keyword of a document and what it was seen with."""

    text: str
    parts: tuple[str, ...]
    nodes: tuple[int, ...]
    first: int
    entity: bool
    term: bool = False
    count: int = 0
    body_count: int = 0
    in_lead: bool = False


@dataclass(slots=True)
class _Analysis:
    """A document's candidates and the word sequence TextRank walks."""

    candidates: dict[str, _Candidate] = field(default_factory=dict)
    sequence: list[int] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)


# Kinds of unit a token (or a mention over tokens) becomes.
_BREAK, _WORD, _TERM, _ENTITY = range(4)


class _Unit(NamedTuple):
    """A token (or an entity mention) as the chunker sees it: may it open, close or be a phrase.

    A verb (``verb``) closes a phrase only right after a noun and before a ``boundary`` break
    (a punctuation mark, a line break, 的, 与 …): 深空探测、 is a term, 企业租用算力 and
    机架达到22万架 are clauses.
    """

    text: str
    start: int
    kind: int
    opens: bool = False
    closes: bool = False
    verb: bool = False
    nominal: bool = False
    alone: bool = False
    boundary: bool = False
    in_title: bool = False


class KeywordExtractor:
    """Ranks a document's phrase candidates; see the module docstring for the methods."""

    def __init__(self, idf: IDF | None = None, rules: KeywordRules | None = None) -> None:
        self.rules = rules or KeywordRules.bundled()
        self.idf = idf or IDF(self.rules.prior_documents)

    def candidates(self, doc: Document) -> list[str]:
        """The distinct candidate keywords of ``doc`` — what :meth:`IDF.add` counts."""
        return list(self._analyse(doc).candidates)

    def extract(self, doc: Document, k: int = 10, method: str = "zhtag") -> list[Keyword]:
        """The top ``k`` keywords of ``doc`` by ``method``, best first."""
        return self.extract_many(doc, k, (method,))

    def extract_many(self, doc: Document, k: int = 10, methods: Sequence[str] = METHODS) -> list[Keyword]:
        """The top ``k`` keywords by each of ``methods`` (analysing the document once)."""
        unknown = [method for method in methods if method not in METHODS]
        if unknown:
            raise ValueError(f"unknown keyword method(s) {unknown}; expected one of {', '.join(METHODS)}")
        analysis = self._analyse(doc)
        if not analysis.candidates:
            return []
        candidates = list(analysis.candidates.values())
        needs_rank = "textrank" in methods or ("zhtag" in methods and self.rules.graph_power != 0)
        word_rank = self._pagerank(analysis.sequence, len(analysis.nodes)) if needs_rank else None
        keywords: list[Keyword] = []
        for method in methods:
            scores = self._scores(method, candidates, doc, word_rank)
            keywords.extend(self._top(candidates, scores, k, method))
        return keywords

    # -- scoring ---------------------------------------------------------------------------

    def _scores(
        self, method: str, candidates: list[_Candidate], doc: Document, word_rank: np.ndarray | None
    ) -> np.ndarray:
        title, text_length = doc.title or "", len(doc.text)
        if method == "textrank":
            return self._graph_scores(candidates, word_rank)
        idf = np.array([self.idf(candidate.text, candidate.parts) for candidate in candidates])
        if method == "tfidf":
            return np.array([candidate.count for candidate in candidates], dtype=float) * idf
        rules = self.rules
        body_counts = np.array([candidate.body_count for candidate in candidates], dtype=float)
        in_title = np.array([bool(title) and candidate.text in title for candidate in candidates])
        title_weight = rules.title_weight * np.where(body_counts > 0, 1.0, rules.title_only_share)
        in_lead = np.array([candidate.in_lead for candidate in candidates])
        is_term = np.array([candidate.term for candidate in candidates])
        lateness = np.array([candidate.first for candidate in candidates]) / max(text_length, 1)
        graph = self._graph_scores(candidates, word_rank) if word_rank is not None else np.ones(len(candidates))
        weighted = body_counts + title_weight * in_title + rules.lead_weight * in_lead
        return (
            weighted
            * idf
            * np.where(is_term, rules.term_weight, 1.0)
            * self._length_weights(candidates)
            * (1.0 + rules.early_weight * (1.0 - lateness))
            * (graph / graph.max()) ** rules.graph_power
        )

    def _graph_scores(self, candidates: list[_Candidate], word_rank: np.ndarray) -> np.ndarray:
        """A phrase's TextRank: the mean rank of its distinct words times its length weight."""
        return np.array([word_rank[list(c.nodes)].mean() for c in candidates]) * self._length_weights(candidates)

    def _length_weights(self, candidates: list[_Candidate]) -> np.ndarray:
        weights = self.rules.length_weights
        return np.array([weights[min(len(c.parts), len(weights)) - 1] for c in candidates])

    def _pagerank(self, sequence: list[int], size: int) -> np.ndarray:
        """PageRank of the words over their co-occurrence within the window (sparse, via bincount)."""
        if size == 0:
            return np.zeros(0)
        walk = np.asarray(sequence, dtype=np.int64)
        sources = [walk[:-offset] for offset in range(1, self.rules.window)]
        targets = [walk[offset:] for offset in range(1, self.rules.window)]
        source = np.concatenate(sources + targets)
        target = np.concatenate(targets + sources)
        links = source != target
        source, target = source[links], target[links]
        out_degree = np.bincount(source, minlength=size).astype(float)
        share = 1.0 / out_degree[source]
        dangling = out_degree == 0
        damping = self.rules.damping
        rank = np.full(size, 1.0 / size)
        for _ in range(self.rules.iterations):
            flow = np.bincount(target, weights=rank[source] * share, minlength=size)
            rank = (1.0 - damping + damping * rank[dangling].sum()) / size + damping * flow
        return rank

    def _top(self, candidates: list[_Candidate], scores: np.ndarray, k: int, method: str) -> list[Keyword]:
        """The best ``k`` candidates by ``scores`` after near-duplicate collapse, best first."""
        order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i].first))
        kept: list[int] = []
        for index in order:
            if len(kept) == k:
                break
            candidate = candidates[index]
            rivals = [other for other in kept if self._near_duplicates(candidate, candidates[other])]
            if all(self._replaces(candidate, candidates[other]) for other in rivals):
                kept = [other for other in kept if other not in rivals] + [index]
        kept.sort(key=lambda i: (-scores[i], candidates[i].first))
        return [Keyword(candidates[i].text, float(scores[i]), rank, method) for rank, i in enumerate(kept, start=1)]

    def _replaces(self, newcomer: _Candidate, kept: _Candidate) -> bool:
        """Whether a lower-scored near-duplicate is the better keyword of the two.

        Of two phrases where one contains the other, the longer is the unit the text uses when
        most of the shorter's occurrences are inside it (分布式水文 / 分布式水文模型); otherwise
        the shorter is (数字经济 / 数字经济发展). Otherwise the higher-scored stays.
        """
        short, long = (newcomer, kept) if len(newcomer.text) <= len(kept.text) else (kept, newcomer)
        if short.text not in long.text or long.entity:
            return False
        return (long if self._mostly_inside(short, long) else short) is newcomer

    def _near_duplicates(self, one: _Candidate, other: _Candidate) -> bool:
        """Whether two candidates name the same thing, so that only the better one is kept.

        They do when one contains the other and the longer adds only a generic word
        (数字经济 / 数字经济发展), or the shorter has most of the longer's characters, or most
        occurrences of the shorter are inside the longer (数字 / 数字经济); and when the end of
        one is the start of the other (数字经济 / 经济新机, both cut from 数字经济新机).
        """
        short, long = (one, other) if len(one.text) <= len(other.text) else (other, one)
        rules = self.rules
        if short.text not in long.text:
            return _overlap(short.text, long.text) >= rules.overlap_chars
        return (
            long.text.replace(short.text, "", 1) in rules.generic_words
            or len(short.text) >= rules.duplicate_share * len(long.text)
            or (not long.entity and self._mostly_inside(short, long))
        )

    def _mostly_inside(self, short: _Candidate, long: _Candidate) -> bool:
        """Whether most occurrences of phrase ``short`` are inside phrase ``long`` (a phrase's
        count includes those of the phrases inside it; an entity's occurrences stand apart)."""
        return long.count >= self.rules.duplicate_share * short.count

    # -- candidates ------------------------------------------------------------------------

    def _analyse(self, doc: Document) -> _Analysis:
        """Candidates with their counts, and the content-word sequence, in one pass over tokens."""
        analysis = _Analysis()
        lead_start, lead_end = _first_sentence(doc.text)
        chunk: list[_Unit] = []
        for unit in self._units(doc):
            if unit.kind == _WORD or unit.kind == _TERM:
                chunk.append(unit)
                continue
            self._chunk_candidates(analysis, chunk, unit.boundary, lead_start, lead_end)
            chunk = []
            if unit.kind == _ENTITY:
                node = analysis.nodes.setdefault(unit.text, len(analysis.nodes))
                analysis.sequence.append(node)
                in_lead = lead_start <= unit.start < lead_end
                self._count(analysis, unit.text, (unit.text,), (node,), unit, in_lead, entity=True)
        self._chunk_candidates(analysis, chunk, True, lead_start, lead_end)
        return analysis

    def _units(self, doc: Document) -> Iterator[_Unit]:
        """One unit per token, except that the tokens of one entity mention become one unit.

        A line break or space between two tokens is a boundary break of its own: a phrase
        never runs across lines (a title's two halves, a title and the body).
        """
        rules = self.rules
        text = doc.text
        # (start, end, entity mention or None for a span that is never part of a keyword)
        spans = sorted(
            [(m.start, m.end, m) for m in doc.mentions if m.label in rules.entity_labels]
            + [(m.start, m.end, None) for m in doc.mentions if m.label in rules.excluded_labels]
            + [(start, end, None) for start, end in _marked_lines(text, rules.boilerplate)],
            key=lambda span: span[0],
        )
        titles = _title_spans(text, doc.title)
        index, emitted, previous_end = 0, None, 0
        for token in doc.tokens:
            if token.start > previous_end and not text[previous_end : token.start].strip():
                yield _Unit("", previous_end, _BREAK, boundary=True)
            previous_end = token.end
            in_title = any(start <= token.start < end for start, end in titles)
            while index < len(spans) and spans[index][1] <= token.start:
                index += 1
            if index < len(spans) and spans[index][0] < token.end:
                mention = spans[index][2]
                if mention is None:
                    yield _Unit(token.text, token.start, _BREAK)
                elif mention is not emitted:
                    emitted = mention
                    name = _WHITESPACE.sub(" ", mention.text.strip())
                    kind = _ENTITY if name not in rules.generic_words else _BREAK
                    yield _Unit(name, mention.start, kind, in_title=in_title)
                continue
            word, pos = token.text, token.pos
            if token.label in rules.entity_labels:
                kind = _ENTITY if word not in rules.generic_words else _BREAK
                yield _Unit(word, token.start, kind, in_title=in_title)
            elif token.label == "TERM":
                yield _Unit(word, token.start, _TERM, True, True, nominal=True, alone=True, in_title=in_title)
            elif pos in rules.phrase_pos and word not in rules.stop_words:
                digit_end = word[-1].isdigit()
                yield _Unit(
                    word,
                    token.start,
                    _WORD,
                    opens=pos in rules.lead_pos and not word[0].isdigit(),
                    closes=pos in rules.head_pos and not digit_end and word not in rules.never_heads,
                    verb=pos in rules.verb_head_pos and not digit_end,
                    nominal=pos in rules.noun_pos,
                    alone=pos in rules.single_pos
                    and len(word) >= rules.min_chars
                    and word not in rules.generic_words
                    and word not in rules.never_heads,
                    in_title=in_title,
                )
            else:
                boundary = word in rules.boundary_words or not any(char.isalnum() for char in word)
                yield _Unit(word, token.start, _BREAK, boundary=boundary)

    def _chunk_candidates(
        self, analysis: _Analysis, chunk: list[_Unit], at_boundary: bool, lead_start: int, lead_end: int
    ) -> None:
        """Count every sub-run of ``chunk`` that may open and close a phrase.

        ``at_boundary``: the chunk ends at a boundary break, so its last word may be a verb head.
        """
        if not chunk:
            return
        max_tokens, max_chars, generic = self.rules.max_tokens, self.rules.max_chars, self.rules.generic_words
        nodes = [analysis.nodes.setdefault(unit.text, len(analysis.nodes)) for unit in chunk]
        analysis.sequence.extend(nodes)
        for first, opener in enumerate(chunk):
            if not opener.opens:
                continue
            in_lead = lead_start <= opener.start < lead_end
            length = 0
            for last in range(first, min(len(chunk), first + max_tokens)):
                closer = chunk[last]
                length += len(closer.text)
                if length > max_chars:
                    break
                if last == first:
                    closes = opener.alone
                elif closer.closes:
                    closes = True
                else:
                    closes = closer.verb and chunk[last - 1].nominal and (
                        chunk[last + 1].text in generic if last + 1 < len(chunk) else at_boundary
                    )
                if closes:
                    parts = tuple(unit.text for unit in chunk[first : last + 1])
                    self._count(analysis, "".join(parts), parts, tuple(set(nodes[first : last + 1])), opener, in_lead)

    @staticmethod
    def _count(
        analysis: _Analysis,
        text: str,
        parts: tuple[str, ...],
        nodes: tuple[int, ...],
        opener: _Unit,
        in_lead: bool,
        entity: bool = False,
    ) -> None:
        candidate = analysis.candidates.get(text)
        if candidate is None:
            term = opener.kind == _TERM and len(parts) == 1
            candidate = analysis.candidates[text] = _Candidate(text, parts, nodes, opener.start, entity, term)
        candidate.count += 1
        candidate.body_count += not opener.in_title
        candidate.in_lead = candidate.in_lead or in_lead


def _overlap(one: str, other: str) -> int:
    """How many characters the end of one string shares with the start of the other."""
    for size in range(min(len(one), len(other)) - 1, 0, -1):
        if one.endswith(other[:size]) or other.endswith(one[:size]):
            return size
    return 0


def _marked_lines(text: str, marker: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of the lines that hold a boilerplate marker (copyright notice, editor credit)."""
    spans: list[tuple[int, int]] = []
    for match in marker.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue
        end = text.find("\n", match.end())
        spans.append((text.rfind("\n", 0, match.start()) + 1, len(text) if end < 0 else end))
    return spans


def _title_spans(text: str, title: str | None) -> list[tuple[int, int]]:
    """Where the title is repeated in the text (a headline line, page furniture, a footer)."""
    title = (title or "").strip()
    if not title:
        return []
    spans, position = [], text.find(title)
    while position >= 0:
        spans.append((position, position + len(title)))
        position = text.find(title, position + len(title))
    return spans


def _first_sentence(text: str) -> tuple[int, int]:
    """The span of the first sentence: from the line it starts on to its closing mark."""
    match = _SENTENCE_END.search(text)
    if match is None:
        return 0, len(text)
    return text.rfind("\n", 0, match.start()) + 1, match.end()
