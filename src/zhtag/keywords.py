"""Keywords of one document: the phrases a reader would pick, not single segmented words.

Candidates are built from the document's tokens and mentions:

* noun-phrase chunks — runs of content words (jieba POS from ``keywords.yaml``) cut at stop
  words, idioms, numbers, punctuation, line breaks and figure/date mentions; every sub-run of
  up to ``max_tokens`` tokens that opens with a modifier and ends with a head noun is a
  candidate (分布式水文模型, 土地利用变化, 水文模型 …). A verb ends a phrase only after a noun
  and before a boundary or a head noun (深空探测、, DNA提取方法), and opens one only in object
  position (提出了虚拟试验), so clauses (企业租用算力, 机架达到22万架) are no candidates;
* dictionary TERM tokens — always a candidate, and they may join a phrase (东数西算工程);
* ORG/LOC/PER mentions — one keyword each, never part of a longer phrase; variants of one
  name count together under the form the text uses most (the canonical name on a tie: 深圳
  and 深圳市 once each are 深圳市); a one-character name (黔 in 来黔) is none;
* title runs — every run of the title's tokens that may open and close a phrase by the looser
  ``title_edge_pos`` rule, whatever the POS inside (but no verb before a word it governs), and
  that the body uses too (数据场 from 数据/n 场/q): jieba cuts unknown terms apart and
  mis-tags their parts, and the title is where an author names them;
* maximal repeats — a candidate the text uses at least twice, nearly always inside the same
  longer string, is a fragment (scored down) and that string a candidate (磷酸 → 磷酸三丁酯).

Methods (``Keyword.method``):

* ``"tfidf"``    — occurrences × IDF of the candidate.
* ``"textrank"`` — PageRank over a co-occurrence graph of the content words and entities (a
  window of ``window`` words); a phrase scores the mean rank of its words × its length weight.
* ``"zhtag"``    — the default, stored by the Tagger: TF-IDF where occurrences in copies of the
  title do not count but a candidate in the title (less if the body never uses it) or first
  sentence earns extra occurrences, times a bonus for dictionary TERMs, a weight by its number
  of tokens and one by its number of characters, a bonus for appearing early (footers come
  last), a penalty when it is never seen as a whole chunk (a cut through a longer phrase) or is
  a fragment of a maximal repeat or a cut through a name joined by - or / (椎 in 椎-基底动脉),
  a bonus when it is a whole segment of the title (the title cut at function words and at verbs
  with an object), a penalty when it is a title phrase the body never uses that ends in a
  verbal noun (现状分析: the kind of study, not its subject), and its TextRank share raised to
  ``graph_power`` (0 in the bundled
  rules: on the CSL abstracts the graph did not help). Its body occurrences are counted
  C-value style: minus a share of those of the most-used longer candidate that contains it
  (酒精性脂肪 inside 非酒精性脂肪性肝炎 adds little unless the text also uses it elsewhere).

Every method collapses near-duplicates (see ``_near_duplicates``): 数字经济 / 数字经济发展
and 人工智能 / 人工智能企业 keep one. IDF comes from :class:`IDF`, learnt from the user's
collection with jieba's IDF table as the prior.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

import ahocorasick
import numpy as np

from zhtag.dictionaries import DictionaryError, bundled_dir, load_rules
from zhtag.document import Document, Keyword, Mention, Token, Tokens
from zhtag.jieba_tables import jieba_tables
from zhtag.script import AsWritten, simplified_twin, written_back

METHODS = ("zhtag", "tfidf", "textrank")
#: The methods whose score is an IDF-free factor times the IDF.
IDF_METHODS = frozenset({"zhtag", "tfidf"})

#: Where the first sentence ends: a Chinese sentence mark, or a full stop that is not a decimal
#: point (abstracts often use "."); ASCII ! and ? end navigation bars and slogans too often.
_SENTENCE_END = re.compile(r"[。！？]|\.(?!\d)")
_WHITESPACE = re.compile(r"\s+")
#: A line of at most this many characters that holds a boilerplate marker is furniture as a
#: whole; in a longer line only the sentence around the marker is.
_MAX_NOTE_LINE = 200
_SENTENCE_MARKS = ("。", "！", "？")
_NOTE_END = re.compile(r"[。！？]")
#: What separates the parts of a headline (借数字时代东风 抢数字经济新机|…侧记), and the
#: shortest part whose repetition in the text still counts as an echo of the headline.
_TITLE_PARTS = re.compile(r"[\s|｜]+")
_MIN_TITLE_PART = 4


@dataclass(frozen=True, slots=True)
class KeywordRules:
    """The word lists and weights of ``dictionaries/rules/keywords.yaml``."""

    phrase_pos: frozenset[str]
    lead_pos: frozenset[str]
    head_pos: frozenset[str]
    verb_head_pos: frozenset[str]
    verbal_noun_pos: frozenset[str]
    noun_pos: frozenset[str]
    single_pos: frozenset[str]
    entity_labels: frozenset[str]
    excluded_labels: frozenset[str]
    stop_words: frozenset[str]
    generic_words: frozenset[str]
    padding_words: frozenset[str]
    attribute_words: frozenset[str]
    head_nouns: frozenset[str]
    never_heads: frozenset[str]
    never_leads: frozenset[str]
    idiom_pos: frozenset[str]
    joiners: frozenset[str]
    boundary_words: frozenset[str]
    opening_words: frozenset[str]
    title_edge_pos: frozenset[str]
    title_inner_breaks: frozenset[str]
    title_run_tokens: int
    title_word_min_uses: int
    phrase_end_chars: frozenset[str]
    fragment_share: float
    fragment_weight: float
    max_tokens: int
    max_chars: int
    min_chars: int
    title_weight: float
    title_only_share: float
    term_weight: float
    lead_weight: float
    length_weights: tuple[float, ...]
    early_weight: float
    never_whole_weight: float
    char_weights: tuple[float, ...]
    title_segment_weight: float
    nested_share: float
    title_action_weight: float
    graph_power: float
    window: int
    damping: float
    iterations: int
    tolerance: float
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


#: Prior IDFs of single words kept, at most this many: a collection's documents share most of
#: their words (three in four of a news corpus's one-word candidates were seen in an earlier
#: article, one in five of its phrases), and hashing every candidate for the table anew was a
#: seventh of the keywords' time.
PRIORS_KEPT = 20_000
_word_priors: dict[str, float] = {}


def _prior_idfs(phrases: Sequence[tuple[str, Sequence[str]]]) -> np.ndarray:
    """jieba's IDF of each ``(word, parts)`` (its table is the process's shared copy, see
    zhtag.jieba_tables); for an unlisted phrase the highest of its parts', for an unlisted word
    the median."""
    known = _word_priors.get
    found = [known(word) if len(parts) <= 1 else None for word, parts in phrases]
    missing = [index for index, value in enumerate(found) if value is None]
    if missing:
        if len(_word_priors) + len(missing) > PRIORS_KEPT:
            _word_priors.clear()
        for index, value in zip(missing, _table_idfs([phrases[index] for index in missing]).tolist()):
            found[index] = value
            word, parts = phrases[index]
            if len(parts) <= 1 and len(_word_priors) < PRIORS_KEPT:
                _word_priors[word] = value
    return np.array(found, dtype=float)


def _table_idfs(phrases: Sequence[tuple[str, Sequence[str]]]) -> np.ndarray:
    """:func:`_prior_idfs` read from jieba's table: every phrase and every part of a phrase of
    several looked up in one call (the parts of a listed phrase for nothing: one call costs
    less than two)."""
    tables = jieba_tables()
    several = [index for index, (_, parts) in enumerate(phrases) if len(parts) > 1]
    counts = [len(phrases[index][1]) for index in several]
    values = tables.idf.lookup([word for word, _ in phrases] + [part for index in several for part in phrases[index][1]])
    unlisted = np.isnan(values)
    values[unlisted] = tables.idf_median
    found = values[: len(phrases)]
    if several:
        highest_part = np.maximum.reduceat(values[len(phrases) :], np.cumsum(counts) - counts)
        phrase_unlisted = unlisted[several]
        found[np.array(several)[phrase_unlisted]] = highest_part[phrase_unlisted]
    return found


class IDF:
    """Inverse document frequency learnt from a collection, with jieba's table as the prior.

    ``idf = log((N + N0) / (df + N0 * exp(-prior)))`` where N documents were seen, df of them
    hold the word, and jieba's table counts as N0 documents (``prior_documents``). With no
    collection this is jieba's IDF; the more documents, the more the collection decides.
    The prior of a word jieba does not list is the median IDF; that of a phrase jieba does not
    list is the highest prior of its parts (a phrase is at least as rare as its rarest word).
    Once a collection has been seen, a word it does not list counts as held by one document:
    the word being scored is in at least its own, and :meth:`save` leaves out the words of a
    single document (most of a collection's phrases), so a worker that loads the file keeps
    the frequent part only and still scores every word as the whole table would.
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
        return float(_prior_idfs([(word, parts)])[0])

    def __call__(self, word: str, parts: Sequence[str] = ()) -> float:
        """The IDF of ``word`` (a phrase made of ``parts``, if given)."""
        return float(self.of_phrases([(word, parts)])[0])

    def of_phrases(self, phrases: Sequence[tuple[str, tuple[str, ...]]]) -> np.ndarray:
        """The IDF of each ``(phrase, parts)`` at once (a document's candidates)."""
        frequencies, unlisted = self.frequencies, self._unlisted
        counts = np.array([frequencies.get(word, unlisted) for word, _ in phrases], dtype=float)
        # the prior counts as prior_documents documents, of which exp(-prior IDF) hold the word
        background = self.prior_documents * np.exp(-_prior_idfs(phrases))
        return np.log((self.documents + self.prior_documents) / (counts + background))

    @property
    def _unlisted(self) -> int:
        """The document frequency of a word the table does not list (see the class docstring)."""
        return 1 if self.documents else 0

    def save(self, path: str | Path) -> None:
        """Write a TSV: a ``#documents<TAB>N`` line, then ``word<TAB>df``, most frequent first,
        leaving out the words of one document (they score the same unlisted)."""
        with Path(path).open("w", encoding="utf-8") as handle:
            handle.write(f"#documents\t{self.documents}\n")
            for word, frequency in self.frequencies.most_common():
                if frequency <= 1:
                    break
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
    occurrences: int = 0
    body_count: int = 0
    whole: int = 0
    in_title: bool = False
    in_lead: bool = False
    fragment: bool = False

    def count(self, opener: _Unit, in_lead: bool, whole: bool) -> None:
        """Count one more occurrence, which starts at ``opener``."""
        self.occurrences += 1
        self.whole += whole
        if opener.in_title:
            self.in_title = True
        else:
            self.body_count += 1
        if in_lead:
            self.in_lead = True


@dataclass(slots=True)
class _Analysis:
    """A document's candidates, its title's segments and the word sequence TextRank walks.
    It depends on the rules only, not on the IDF: one analysis serves every extractor."""

    candidates: dict[str, _Candidate] = field(default_factory=dict)
    graph: bool = False
    title_segments: set[str] = field(default_factory=set)
    sequence: list[int] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)

    def walk(self, units: list[_Unit]) -> list[int]:
        """Append ``units`` to the word sequence and return their graph nodes (none without
        ``graph``: building the graph costs time that only TextRank repays)."""
        if not self.graph:
            return []
        known = self.nodes
        nodes = [known.setdefault(unit.text, len(known)) for unit in units]
        self.sequence.extend(nodes)
        return nodes


@dataclass(slots=True)
class Prescored:
    """A document's candidates and, per method, the part of their scores that does not depend
    on the IDF (a score is that factor times the IDF for the IDF_METHODS, the factor itself for
    textrank): ranking with any IDF is then a lookup, a product and the near-duplicate collapse.
    ``text`` is the (simplified) text the candidates come from, ``as_written`` how to write the
    keywords back in the document's script (None for simplified text)."""

    text: str
    candidates: list[_Candidate]
    factors: dict[str, np.ndarray]
    as_written: AsWritten | None = None

    #: The candidates' fields that ranking reads (IDF lookup and near-duplicate collapse).
    RANKED_FIELDS = ("text", "parts", "first", "entity", "term", "occurrences")

    @classmethod
    def rebuilt(
        cls, text: str, title: str | None, fields: Sequence[Sequence], factors: dict[str, np.ndarray]
    ) -> "Prescored":
        """A Prescored of the document of ``text`` and ``title`` (as written) from its
        candidates' RANKED_FIELDS, one sequence a field (read back from a batch run's cache);
        the fields ranking does not read keep their defaults."""
        texts, parts, firsts, entities, terms, occurrences = fields
        candidates = [
            _Candidate(word, tuple(word_parts), (), first, entity, term, count)
            for word, word_parts, first, entity, term, count in zip(texts, parts, firsts, entities, terms, occurrences)
        ]
        simplified, as_written = written_back(text, title)
        return cls(simplified, candidates, factors, as_written)


# Kinds of unit a token (or a mention over tokens) becomes.
_BREAK, _WORD, _TERM, _ENTITY = range(4)


class _Unit(NamedTuple):
    """A token (or an entity mention) as the chunker sees it: may it open, close or be a phrase.

    A verb (``verb``) closes a phrase only right after a noun and before a ``boundary`` break
    (a line break, 、, 的, 与 …) or a head noun (提取方法): 深空探测、 is a
    term, 企业租用算力 and 机架达到22万架 are clauses. It opens a phrase only right after an
    ``opening`` break (了, 的, 对 …): 提出了虚拟试验 holds a term, 局举行发布会 and 正在调试
    do not. Inside a phrase it must precede a ``modified`` word (a verbal noun or a head noun:
    土地利用变化, not 巡检改由机器人).
    """

    text: str
    kind: int
    opens: bool = False
    closes: bool = False
    verb: bool = False
    nominal: bool = False
    modified: bool = False
    alone: bool = False
    boundary: bool = False
    opening: bool = False
    in_title: bool = False


#: A line break or space between two tokens: a phrase never runs across it (a title's two
#: halves, a title and the body), and a verb may end a phrase before it.
_LINE_BREAK = _Unit("", _BREAK, boundary=True)
#: A token inside a figure, date or boilerplate span: never part of a keyword.
_SKIPPED = _Unit("", _BREAK)


#: Distinct tokens whose phrase units an extractor keeps (tokens repeat; their vocabulary does not end).
UNITS_KEPT = 50_000


class KeywordExtractor:
    """Ranks a document's phrase candidates; see the module docstring for the methods."""

    def __init__(self, idf: IDF | None = None, rules: KeywordRules | None = None) -> None:
        self.rules = rules or KeywordRules.bundled()
        self.idf = idf or IDF(self.rules.prior_documents)
        self._units_seen: dict[tuple[str, str, str | None, bool], _Unit] = {}

    def candidates(self, doc: Document) -> list[str]:
        """The distinct candidate keywords of ``doc`` — what :meth:`IDF.add` counts."""
        return list(self._analyse(simplified_twin(doc)[0]).candidates)

    def analyse(self, doc: Document, methods: Sequence[str] = METHODS) -> _Analysis:
        """The analysis :meth:`extract_many` needs for ``methods``: compute it once to learn
        an IDF from its candidates and then extract with it (a collection is read once)."""
        return self._analyse(simplified_twin(doc)[0], graph=self._needs_rank(methods))

    def extract(self, doc: Document, k: int = 10, method: str = "zhtag") -> list[Keyword]:
        """The top ``k`` keywords of ``doc`` by ``method``, best first."""
        return self.extract_many(doc, k, (method,))

    def extract_many(
        self, doc: Document, k: int = 10, methods: Sequence[str] = METHODS, analysis: _Analysis | None = None
    ) -> list[Keyword]:
        """The top ``k`` keywords by each of ``methods`` (analysing the document once, or
        reusing ``analysis`` from :meth:`analyse` with the same methods)."""
        return self.rank(self.prescore(doc, methods, analysis), k, methods)

    def prescore(self, doc: Document, methods: Sequence[str] = METHODS, analysis: _Analysis | None = None) -> Prescored:
        """``doc``'s candidates with the part of their scores that no IDF enters: what
        :meth:`rank` needs once an IDF is known (a batch run keeps it between its phases,
        instead of the tokens to analyse again)."""
        unknown = [method for method in methods if method not in METHODS]
        if unknown:
            raise ValueError(f"unknown keyword method(s) {unknown}; expected one of {', '.join(METHODS)}")
        doc, as_written = simplified_twin(doc)  # traditional text is ranked in simplified (zhtag.script)
        needs_rank = self._needs_rank(methods)
        if analysis is None:
            analysis = self._analyse(doc, graph=needs_rank)
        elif needs_rank and not analysis.graph:
            raise ValueError("the analysis was made without the word graph these methods need")
        candidates = list(analysis.candidates.values())
        if not candidates:
            return Prescored(doc.text, [], {}, as_written)
        word_rank = self._pagerank(analysis.sequence, len(analysis.nodes)) if needs_rank else None
        factors = {method: self._factors(method, candidates, analysis, doc, word_rank) for method in methods}
        return Prescored(doc.text, candidates, factors, as_written)

    def rank(self, prescored: Prescored, k: int = 10, methods: Sequence[str] = METHODS) -> list[Keyword]:
        """The top ``k`` keywords by each of ``methods`` (which :meth:`prescore` was given) with
        this extractor's IDF."""
        candidates = prescored.candidates
        if not candidates:
            return []
        unscored = [method for method in methods if method not in prescored.factors]
        if unscored:
            raise ValueError(f"the candidates were prescored without method(s) {unscored}; prescore with them first")
        idf = self.idf.of_phrases([(c.text, c.parts) for c in candidates]) if IDF_METHODS.intersection(methods) else None
        keywords: list[Keyword] = []
        pairs: dict[tuple[int, int], bool] = {}  # near-duplicate verdicts, shared by the methods
        for method in methods:
            factors = prescored.factors[method]
            scores = factors * idf if method in IDF_METHODS else factors
            keywords.extend(self._top(candidates, scores, k, method, prescored.text, pairs))
        return prescored.as_written.keywords(keywords) if prescored.as_written else keywords

    def _needs_rank(self, methods: Sequence[str]) -> bool:
        """Whether ``methods`` need the TextRank word graph."""
        return "textrank" in methods or ("zhtag" in methods and self.rules.graph_power != 0)

    # -- scoring ---------------------------------------------------------------------------

    def _factors(
        self,
        method: str,
        candidates: list[_Candidate],
        analysis: _Analysis,
        doc: Document,
        word_rank: np.ndarray | None,
    ) -> np.ndarray:
        """Each candidate's score by ``method``, divided by its IDF for the IDF_METHODS;
        ``word_rank`` (TextRank) is per document, computed once for all methods."""
        title, text_length = doc.title or "", len(doc.text)
        if method == "textrank":
            return self._graph_scores(candidates, word_rank)
        if method == "tfidf":
            return np.array([candidate.occurrences for candidate in candidates], dtype=float)
        rules = self.rules
        segments = analysis.title_segments
        in_title, in_lead, is_term, first, whole, segment, fragment, chars, parts = np.array(
            [
                (
                    c.in_title or (bool(title) and c.text in title),
                    c.in_lead,
                    c.term,
                    c.first,
                    c.whole,
                    c.text in segments,
                    c.fragment,
                    len(c.text),
                    len(c.parts),
                )
                for c in candidates
            ],
            dtype=float,
        ).T
        length_weights = np.asarray(rules.length_weights)[np.minimum(parts.astype(int), len(rules.length_weights)) - 1]
        # authors pick four-character terms most; two-character words win too often on counts
        char_weights = np.asarray(rules.char_weights)[np.clip(chars.astype(int) - 2, 0, len(rules.char_weights) - 1)]
        body_counts = self._free_counts(analysis, candidates)
        title_weight = rules.title_weight * np.where(body_counts > 0, 1.0, rules.title_only_share)
        lateness = first / max(text_length, 1)
        use_graph = word_rank is not None and rules.graph_power != 0
        graph = self._graph_scores(candidates, word_rank) if use_graph else np.ones(len(candidates))
        weighted = body_counts + title_weight * in_title + rules.lead_weight * in_lead
        return (
            weighted
            * np.where(is_term > 0, rules.term_weight, 1.0)
            * length_weights
            * char_weights
            * (1.0 + rules.title_segment_weight * segment)
            * (1.0 + rules.early_weight * (1.0 - lateness))
            * (graph / graph.max()) ** rules.graph_power
            # a candidate never seen between two breaks (as in 、分布式水文模型的) is a cut
            # through a longer phrase (酒精性脂肪 in 非酒精性脂肪性肝炎)
            * np.where(whole > 0, 1.0, rules.never_whole_weight)
            * np.where(fragment > 0, rules.fragment_weight, 1.0)
            * self._title_action_weights(candidates, doc, body_counts)
        )

    def _title_action_weights(self, candidates: list[_Candidate], doc: Document, body_counts: np.ndarray) -> np.ndarray:
        """``title_action_weight`` for a title phrase the body never uses that ends in a verbal
        noun (现状分析, 疗效评估): it names the kind of study, not what the study is about."""
        weights = np.ones(len(candidates))
        for index in np.flatnonzero(body_counts == 0).tolist():
            candidate = candidates[index]
            if len(candidate.parts) > 1 and not candidate.entity:
                end = candidate.first + len(candidate.text)
                last = doc.tokens[bisect_left(doc.tokens.starts, end) - 1]
                if last.end == end and last.pos in self.rules.verbal_noun_pos:
                    weights[index] = self.rules.title_action_weight
        return weights

    def _graph_scores(self, candidates: list[_Candidate], word_rank: np.ndarray) -> np.ndarray:
        """A phrase's TextRank: the mean rank of its distinct words times its length weight
        (0 for a title run none of whose words the chunker walked)."""
        sizes = np.fromiter((len(c.nodes) for c in candidates), dtype=np.int64, count=len(candidates))
        nodes = np.fromiter(chain.from_iterable(c.nodes for c in candidates), dtype=np.int64, count=int(sizes.sum()))
        owners = np.repeat(np.arange(len(candidates)), sizes)  # the candidate of each node
        sums = np.bincount(owners, weights=word_rank[nodes], minlength=len(candidates))
        return sums / np.maximum(sizes, 1) * self._length_weights(candidates)

    def _length_weights(self, candidates: list[_Candidate]) -> np.ndarray:
        weights = self.rules.length_weights
        return np.array([weights[min(len(c.parts), len(weights)) - 1] for c in candidates])

    def _free_counts(self, analysis: _Analysis, candidates: list[_Candidate]) -> np.ndarray:
        """Body occurrences minus ``nested_share`` of those of the most-used longer candidate
        that contains it (C-value): a cut through a phrase counts for what it adds on its own."""
        found = analysis.candidates
        inside: dict[str, int] = {}
        for long in candidates:
            parts, size = long.parts, len(long.parts)
            if size < 2 or long.entity:
                continue
            count = long.body_count
            for first in range(size):
                for last in range(first + 1, size + 1 if first else size):
                    text = parts[first] if last == first + 1 else "".join(parts[first:last])
                    if text in found and inside.get(text, -1) < count:
                        inside[text] = count
        share = self.rules.nested_share
        return np.array([max(c.body_count - share * inside.get(c.text, 0), 0.0) for c in candidates])

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
            previous, rank = rank, (1.0 - damping + damping * rank[dangling].sum()) / size + damping * flow
            if np.abs(rank - previous).sum() < self.rules.tolerance:
                break
        return rank

    def _top(
        self,
        candidates: list[_Candidate],
        scores: np.ndarray,
        k: int,
        method: str,
        text: str,
        pairs: dict[tuple[int, int], bool],
    ) -> list[Keyword]:
        """The best ``k`` candidates by ``scores`` after near-duplicate collapse, best first;
        ``pairs`` keeps the near-duplicate verdict of each pair of candidates seen so far."""
        firsts = np.fromiter((candidate.first for candidate in candidates), dtype=np.int64, count=len(candidates))
        order = np.lexsort((firsts, -scores)).tolist()
        kept: list[int] = []
        for index in order:
            if len(kept) == k:
                break
            candidate = candidates[index]
            rivals = []
            for other in kept:
                pair = (index, other) if index < other else (other, index)
                verdict = pairs.get(pair)
                if verdict is None:
                    verdict = pairs[pair] = self._near_duplicates(candidate, candidates[other], text)
                if verdict:
                    rivals.append(other)
            if all(self._replaces(candidate, candidates[other]) for other in rivals):
                kept = [other for other in kept if other not in rivals] + [index]
        kept.sort(key=lambda i: (-scores[i], candidates[i].first))
        return [Keyword(candidates[i].text, float(scores[i]), rank, method) for rank, i in enumerate(kept, start=1)]

    def _replaces(self, newcomer: _Candidate, kept: _Candidate) -> bool:
        """Whether a lower-scored near-duplicate is the better keyword of the two.

        Of two phrases where one contains the other, a dictionary TERM is the keyword unless
        every occurrence of it opens the longer phrase (数据中心 / 数据中心机架, but 人工智能 /
        全市人工智能); other shorter phrases are the keyword when the longer only names an
        attribute of them (新能源汽车 / 新能源汽车产量); otherwise the longer is the unit the
        text uses when most of the shorter's occurrences are inside it (分布式水文 /
        分布式水文模型), else the shorter (数字经济 / 数字经济发展).
        Of two overlapping phrases, the higher-scored stays.
        """
        short, long = (newcomer, kept) if len(newcomer.text) <= len(kept.text) else (kept, newcomer)
        if short.text not in long.text or long.entity:
            return False
        if short.term:
            # a TERM stays unless the text only ever uses it inside a longer name it heads
            keep_long = long.text.startswith(short.text) and long.occurrences >= short.occurrences
        else:
            keep_long = long.text.replace(short.text, "", 1) not in self.rules.attribute_words and self._mostly_inside(
                short, long
            )
        return (long if keep_long else short) is newcomer

    def _near_duplicates(self, one: _Candidate, other: _Candidate, text: str) -> bool:
        """Whether two candidates name the same thing, so that only the better one is kept.

        They do when one contains the other and the longer only pads it with a word such as
        发展 or 研究 (数字经济 / 数字经济发展) or an attribute word (人工智能 / 人工智能企业),
        or the shorter is a dictionary TERM (数字经济 / 数字经济新机) or never occurs outside
        the longer (分布式水文 / 分布式水文模型); and when the end of one is the start of the other
        (数字经济 / 经济新机, both cut from 数字经济新机 in the text; 大数据 / 数据中心 are
        two keywords where the text never says 大数据中心). A shorter term that also stands
        alone is a keyword of its own (水文模型 / 分布式水文模型 in a text that says both).
        """
        short, long = (one, other) if len(one.text) <= len(other.text) else (other, one)
        if short.text not in long.text:
            joins = _overlap_joins(short.text, long.text, self.rules.overlap_chars)
            return any(join in text for join in joins)
        if long.entity:
            return False
        return long.occurrences >= short.occurrences or short.term or self._only_pads(short, long)

    def _only_pads(self, short: _Candidate, long: _Candidate) -> bool:
        """Whether ``long`` is ``short`` plus a padding word (数字经济发展) or an attribute word
        (人工智能企业); 水文模型 is a term of its own, not 水文 padded."""
        added = long.text.replace(short.text, "", 1)
        return added in self.rules.padding_words or added in self.rules.attribute_words

    def _mostly_inside(self, short: _Candidate, long: _Candidate) -> bool:
        """Whether most occurrences of phrase ``short`` are inside phrase ``long`` (a phrase's
        count includes those of the phrases inside it; an entity's occurrences stand apart)."""
        return long.occurrences >= self.rules.duplicate_share * short.occurrences

    # -- candidates ------------------------------------------------------------------------

    def _analyse(self, doc: Document, graph: bool = False) -> _Analysis:
        """Candidates with their counts, and with ``graph`` the content-word sequence TextRank
        walks, in one pass over tokens."""
        analysis = _Analysis(graph=graph)
        lead_start, lead_end = _first_sentence(doc.text)
        chunk: list[_Unit] = []
        starts: list[int] = []
        after_opening = False
        candidates = analysis.candidates
        for start, unit in self._units(doc):
            kind = unit.kind
            if kind == _WORD or kind == _TERM:
                chunk.append(unit)
                starts.append(start)
                continue
            if chunk:
                self._chunk_candidates(analysis, chunk, starts, after_opening, unit.boundary, lead_start, lead_end)
                chunk, starts = [], []
            after_opening = unit.opening
            if kind == _ENTITY:
                entity = candidates.get(unit.text)
                if entity is None:
                    nodes = tuple(analysis.walk([unit]))
                    entity = candidates[unit.text] = _Candidate(unit.text, (unit.text,), nodes, start, True)
                elif graph:
                    analysis.walk([unit])
                entity.count(unit, lead_start <= start < lead_end, True)
        self._chunk_candidates(analysis, chunk, starts, after_opening, True, lead_start, lead_end)
        if doc.title:
            self._title_candidates(analysis, doc, lead_start, lead_end)
        self._extend_fragments(analysis, doc)
        self._mark_cut_names(analysis, doc.text)
        return analysis

    def _mark_cut_names(self, analysis: _Analysis, text: str) -> None:
        """Mark as fragments the candidates whose first use ends right before, or starts right
        after, a joiner that links two words (椎 in 椎-基底动脉, T in T-R方法, CPLD in
        CPLD/FPGA): the name goes on through the joiner."""
        joiners, size = self.rules.joiners, len(text)
        for candidate in analysis.candidates.values():
            if candidate.entity:
                continue
            start, end = candidate.first, candidate.first + len(candidate.text)
            before = start >= 2 and text[start - 1] in joiners and text[start - 2].isalnum()
            after = end + 1 < size and text[end] in joiners and text[end + 1].isalnum()
            if before or after:
                candidate.fragment = True

    def _extend_fragments(self, analysis: _Analysis, doc: Document) -> None:
        """Mark the candidates the text only ever uses inside one longer string, and add that
        string (a maximal repeat: 磷酸 → 磷酸三丁酯 where jieba cuts 磷酸/三/丁酯).

        A candidate the chunker saw at least twice is a fragment when at least
        ``fragment_share`` of its occurrences go on (or come after) the same character, one
        that is neither punctuation nor one of ``phrase_end_chars`` (的, 和 …). Its extension grows one character at a
        time while every occurrence agrees, up to ``max_chars``, and is a candidate when it
        covers whole tokens and is no clause (see :meth:`_may_be_phrase`). Entities and
        dictionary TERMs are names already and stay as they are.
        """
        rules, candidates, text = self.rules, analysis.candidates, doc.text
        stops, share, size = rules.phrase_end_chars, rules.fragment_share, len(text)
        repeated = [c for c in candidates.values() if not (c.entity or c.term or c.occurrences < 2)]
        occurrences = _occurrences(text, [candidate.text for candidate in repeated])
        for candidate in repeated:
            phrase = candidate.text
            starts = occurrences[phrase]
            needed = share * len(starts)
            for offset in (len(phrase), -1):
                neighbours = [text[start + offset] for start in starts if 0 <= start + offset < size]
                # (a share above one half leaves at most one character that can reach it: the
                # most frequent, whichever of a tie)
                char = max(set(neighbours), key=neighbours.count) if neighbours else ""
                if char.isalnum() and char not in stops and neighbours.count(char) >= needed:
                    candidate.fragment = True
                    break
            else:
                continue
            left, right = 0, len(phrase)
            while right - left < rules.max_chars and _shared_char(text, starts, right, stops):
                right += 1
            while right - left < rules.max_chars and _shared_char(text, starts, left - 1, stops):
                left -= 1
            extended = text[starts[0] + left : starts[0] + right]
            if extended == phrase or extended in candidates:
                continue
            if not self._may_be_phrase(doc, starts[0] + left, starts[0] + right):
                continue
            parts = (text[starts[0] + left : starts[0]],) * (left < 0) + candidate.parts
            parts += (text[starts[0] + len(phrase) : starts[0] + right],) * (right > len(phrase))
            longer = candidates[extended] = _Candidate(extended, parts, candidate.nodes, starts[0] + left, False)
            longer.occurrences, longer.body_count, longer.whole = candidate.occurrences, candidate.body_count, 1
            longer.in_title, longer.in_lead = candidate.in_title, candidate.in_lead

    def _title_candidates(self, analysis: _Analysis, doc: Document, lead_start: int, lead_end: int) -> None:
        """Add the title runs the chunker missed, and note the title's segments.

        The title's tokens (its first whole copy in the text) are cut into pieces at
        punctuation, spaces, figures and ``title_inner_breaks``; every run of up to
        ``title_run_tokens`` tokens of a piece whose first and last token may be an edge
        (not a stop word, nor of ``title_edge_pos``; a single token not a generic word), with
        no verb before a word it governs inside, is a candidate when the text uses it outside
        the title's copies too (a headline's clause is none), a single verb or adjective
        (制备, 抚育) at least ``title_word_min_uses`` times. A segment is a piece cut further
        at every token that may not be an edge, less padding words at its end and generic
        words at its start (分布式水文模型在土地利用变化研究中的应用 → 分布式水文模型, 土地利用).
        """
        text, title = doc.text, doc.title.strip()
        copies = [start for start, end in _title_spans(text, title) if end - start == len(title)]
        if not copies:
            return
        rules, candidates = self.rules, analysis.candidates
        start, end = min(copies), min(copies) + len(title)
        excluded = rules.excluded_labels
        blocked = [(m.start, m.end) for m in doc.mentions if m.label in excluded and m.start < end and m.end > start]
        pieces: list[list[Token]] = [[]]
        previous_end = start
        for token in doc.tokens[bisect_left(doc.tokens.starts, start) :]:
            if token.end > end:
                break
            cut = (
                token.start != previous_end
                or not token.text[0].isalnum()
                or token.text in rules.title_inner_breaks
                or any(low < token.end and token.start < high for low, high in blocked)
            )
            previous_end = token.end
            if cut:
                pieces.append([])
            else:
                pieces[-1].append(token)
        for piece in pieces:
            edges = [self._title_edge(token) for token in piece]
            self._title_segments(analysis, piece, edges)
            for first, token in enumerate(piece):
                if not edges[first] or token.text in rules.never_leads:
                    continue
                length = 0
                for last in range(first, min(len(piece), first + rules.title_run_tokens)):
                    length += len(piece[last].text)
                    if length > rules.max_chars or (last > first + 1 and not self._may_follow_verb(piece, last)):
                        break
                    if not edges[last] or piece[last].text in rules.never_heads:
                        continue
                    if first == last and token.text in rules.generic_words:
                        continue
                    phrase = text[token.start : piece[last].end]
                    if len(phrase) < rules.min_chars or phrase in candidates:
                        continue
                    parts = tuple(part.text for part in piece[first : last + 1])
                    body = text.count(phrase) - len(copies) * title.count(phrase)
                    if body < 1:
                        continue
                    if first == last and token.pos not in rules.single_pos and body < rules.title_word_min_uses:
                        continue
                    nodes = tuple({analysis.nodes[part] for part in parts if part in analysis.nodes})
                    candidate = candidates[phrase] = _Candidate(phrase, parts, nodes, text.find(phrase), False)
                    candidate.occurrences, candidate.body_count, candidate.whole = body + 1, body, 1
                    candidate.in_title = True
                    candidate.in_lead = phrase in text[lead_start:lead_end]

    def _may_be_phrase(self, doc: Document, start: int, end: int) -> bool:
        """Whether ``start:end`` covers whole tokens, ends in no verb and holds no verb before
        a word it governs (公司官方博客宣布, 平台上流传 and 汤治疗老年高血压 are no phrases)."""
        first = bisect_left(doc.tokens.starts, start)
        tokens = doc.tokens[first : bisect_left(doc.tokens.starts, end)]
        if not tokens or tokens[0].start != start or tokens[-1].end != end:
            return False
        if tokens[-1].pos in self.rules.verb_head_pos:
            return False
        return all(self._may_follow_verb(tokens, index) for index in range(2, len(tokens)))

    def _may_follow_verb(self, tokens: Tokens, index: int) -> bool:
        """Whether ``tokens[index]`` may follow its neighbour inside a phrase: after a verb
        only a verbal noun or a head noun may (土地利用变化, DNA提取方法; 汤治疗老年 is a clause)."""
        rules, token = self.rules, tokens[index]
        if tokens[index - 1].pos not in rules.verb_head_pos:
            return True
        return token.pos in rules.verbal_noun_pos or token.text in rules.head_nouns

    def _governs(self, tokens: Tokens, index: int) -> bool:
        """Whether ``tokens[index]`` is a verb with an object after it (a clause, not a term)."""
        return tokens[index].pos in self.rules.verb_head_pos and not self._may_follow_verb(tokens, index + 1)

    def _title_edge(self, token: Token) -> bool:
        """Whether a title token may open or close a title run."""
        return token.text not in self.rules.stop_words and token.pos not in self.rules.title_edge_pos

    def _title_segments(self, analysis: _Analysis, piece: list[Token], edges: list[bool]) -> None:
        """Note the segments of a title piece: its runs of edge tokens, cut also at a verb
        with an object, less padding words at the end and generic words at the start."""
        rules = self.rules
        segment: list[str] = []
        # a verb that governs the word after it is a cut too: 补肾活血汤 | 治疗 | 老年高血压
        edges = [
            edge and not (0 < index < len(piece) - 1 and self._governs(piece, index))
            for index, edge in enumerate(edges)
        ]
        for token, edge in zip([*piece, None], [*edges, False]):
            if edge:
                segment.append(token.text)
                continue
            while len(segment) > 1 and segment[-1] in rules.padding_words:
                segment.pop()
            while len(segment) > 1 and segment[0] in rules.generic_words:
                segment.pop(0)
            if segment:
                analysis.title_segments.add("".join(segment))
            segment = []

    def _units(self, doc: Document) -> Iterator[tuple[int, _Unit]]:
        """One unit per token with its start, except that the tokens of one entity mention
        become one unit. Units are shared between tokens of the same word, tag and label.

        A line break or space between two tokens is a boundary break of its own: a phrase
        never runs across lines (a title's two halves, a title and the body).
        """
        rules = self.rules
        text = doc.text
        # (start, end, entity mention or None for a span that is never part of a keyword)
        spans = sorted(
            [(m.start, m.end, m) for m in doc.mentions if m.label in rules.entity_labels]
            + [(m.start, m.end, None) for m in doc.mentions if m.label in rules.excluded_labels]
            + [(start, end, None) for start, end in _marked_spans(text, rules.boilerplate)],
            key=lambda span: span[0],
        )
        titles = sorted(_title_spans(text, doc.title))
        # a span past the text ends each list, so the scans below need no bounds checks
        beyond = (len(text) + 1, len(text) + 1, None)
        spans.append(beyond)
        titles.append(beyond[:2])
        names = _entity_names(doc.mentions, rules.entity_labels)
        index, title_index, emitted, previous_end = 0, 0, None, 0
        units_seen = self._units_seen
        tokens = doc.tokens
        for word, start, end, pos, label in zip(tokens.texts, tokens.starts, tokens.ends, tokens.poses, tokens.labels):
            if start > previous_end and not text[previous_end:start].strip():
                yield previous_end, _LINE_BREAK
            previous_end = end
            while titles[title_index][1] <= start:
                title_index += 1
            in_title = titles[title_index][0] <= start
            while spans[index][1] <= start:
                index += 1
            if spans[index][0] < end:
                mention = spans[index][2]
                if mention is None:
                    yield start, _SKIPPED
                elif mention is not emitted:
                    emitted = mention
                    # one keyword per entity: 深圳 and 深圳市 both count for the form used most
                    name = _WHITESPACE.sub(" ", names[mention.norm or mention.text].strip())
                    yield mention.start, _Unit(name, self._entity_kind(name), in_title=in_title)
                continue
            key = (word, pos, label, in_title)
            unit = units_seen.get(key)
            if unit is None:
                if len(units_seen) >= UNITS_KEPT:  # a Tagger may tag millions of articles
                    units_seen.clear()
                unit = units_seen[key] = self._unit(*key)
            yield start, unit

    def _entity_kind(self, name: str) -> int:
        """An entity is a keyword unless its name is generic (中国, 省政府) or one character long
        (黔 in 来黔, 美 in 中美): then it only breaks phrases."""
        return _ENTITY if name not in self.rules.generic_words and len(name) >= self.rules.min_chars else _BREAK

    def _unit(self, word: str, pos: str, label: str | None, in_title: bool) -> _Unit:
        """What a token may be in a phrase (it depends on nothing but these four)."""
        rules = self.rules
        if label in rules.entity_labels:
            return _Unit(word, self._entity_kind(word), in_title=in_title)
        if label == "TERM" and word not in rules.stop_words:  # a guard word may name no topic (北京时间)
            return _Unit(word, _TERM, True, True, False, True, False, True, False, False, in_title)
        if pos in rules.phrase_pos and word not in rules.stop_words and not _is_idiom(word, pos, rules):
            digit_end = word[-1].isdigit()
            return _Unit(
                word,
                _WORD,
                (pos in rules.lead_pos or pos in rules.verb_head_pos)
                and not word[0].isdigit()
                and word not in rules.never_leads,
                pos in rules.head_pos and not digit_end and word not in rules.never_heads,
                pos in rules.verb_head_pos and not digit_end,
                pos in rules.noun_pos,
                pos in rules.verbal_noun_pos or word in rules.head_nouns,
                pos in rules.single_pos
                and len(word) >= rules.min_chars
                and word not in rules.generic_words
                and word not in rules.never_heads,
                False,
                False,
                in_title,
            )
        return _Unit(word, _BREAK, boundary=word in rules.boundary_words, opening=word in rules.opening_words)

    def _chunk_candidates(
        self,
        analysis: _Analysis,
        chunk: list[_Unit],
        starts: list[int],
        after_opening: bool,
        at_boundary: bool,
        lead_start: int,
        lead_end: int,
    ) -> None:
        """Count every sub-run of ``chunk`` that may open and close a phrase.

        ``after_opening``: the chunk starts after an opening break, so its first word may be a
        verb; ``at_boundary``: it ends at a boundary break, so its last word may be a verb head.
        """
        if not chunk:
            return
        max_tokens, max_chars, head_nouns = self.rules.max_tokens, self.rules.max_chars, self.rules.head_nouns
        nodes = analysis.walk(chunk)
        size = len(chunk)
        candidates = analysis.candidates
        if size == 1:  # two chunks in three: one word, a candidate when it may stand alone
            self._single_candidate(analysis, chunk[0], nodes, starts[0], after_opening, lead_start, lead_end)
            return
        texts = [unit.text for unit in chunk]
        for first, opener in enumerate(chunk):
            if not opener.opens or (opener.verb and not (first == 0 and after_opening)):
                continue
            in_lead = lead_start <= starts[first] < lead_end
            length = 0
            for last in range(first, min(size, first + max_tokens)):
                closer = chunk[last]
                length += len(closer.text)
                if length > max_chars or (last > first + 1 and chunk[last - 1].verb and not closer.modified):
                    break
                if last == first:
                    closes = opener.alone
                elif closer.closes:
                    closes = True
                else:
                    closes = closer.verb and chunk[last - 1].nominal and (
                        texts[last + 1] in head_nouns if last + 1 < size else at_boundary
                    )
                if not closes:
                    continue
                text = texts[first] if first == last else "".join(texts[first : last + 1])
                candidate = candidates.get(text)
                if candidate is None:
                    candidate = candidates[text] = _Candidate(
                        text,
                        tuple(texts[first : last + 1]),
                        tuple(set(nodes[first : last + 1])),
                        starts[first],
                        entity=opener.kind == _ENTITY,
                        term=opener.kind == _TERM and first == last,
                    )
                candidate.count(opener, in_lead, first == 0 and last == size - 1)

    def _single_candidate(
        self,
        analysis: _Analysis,
        unit: _Unit,
        nodes: list[int],
        start: int,
        after_opening: bool,
        lead_start: int,
        lead_end: int,
    ) -> None:
        """Count a one-word chunk as :meth:`_chunk_candidates` would, without its loops."""
        if not (unit.opens and unit.alone) or (unit.verb and not after_opening) or len(unit.text) > self.rules.max_chars:
            return
        candidate = analysis.candidates.get(unit.text)
        if candidate is None:
            candidate = analysis.candidates[unit.text] = _Candidate(
                unit.text, (unit.text,), tuple(nodes), start, entity=False, term=unit.kind == _TERM
            )
        candidate.count(unit, lead_start <= start < lead_end, True)


def _entity_names(mentions: Iterable[Mention], labels: frozenset[str]) -> dict[str, str]:
    """For each canonical name, the form the text uses most (党中央, not 中国共产党中央委员会;
    the canonical name when forms tie): a keyword in the text's own words."""
    uses = Counter((mention.norm or mention.text, mention.text) for mention in mentions if mention.label in labels)
    names: dict[str, tuple[int, bool, str]] = {}
    for (canonical, surface), count in uses.items():
        rank = (count, surface == canonical, surface)
        if canonical not in names or rank > names[canonical]:
            names[canonical] = rank
    return {canonical: rank[2] for canonical, rank in names.items()}


def _occurrences(text: str, phrases: Sequence[str]) -> dict[str, list[int]]:
    """Where each of ``phrases`` occurs in ``text`` (overlapping occurrences too), in one pass:
    one search per phrase would make a long text with many phrases quadratic."""
    found: dict[str, list[int]] = {phrase: [] for phrase in phrases}
    if not found:
        return found
    automaton = ahocorasick.Automaton()
    for phrase in found:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    for last, phrase in automaton.iter(text):
        found[phrase].append(last - len(phrase) + 1)
    return found


def _shared_char(text: str, starts: list[int], offset: int, stops: frozenset[str]) -> bool:
    """Whether every occurrence starting at ``starts`` has the same word character (not one
    of ``stops``) at ``offset`` from its start."""
    if not all(0 <= start + offset < len(text) for start in starts):
        return False
    chars = {text[start + offset] for start in starts}
    return len(chars) == 1 and (char := next(iter(chars))).isalnum() and char not in stops


def _is_idiom(word: str, pos: str, rules: KeywordRules) -> bool:
    """A four-character set phrase (不言而喻, 人所共知): a comment on the subject, not a keyword."""
    return pos in rules.idiom_pos and len(word) >= 4


def _overlap_joins(one: str, other: str, min_chars: int) -> list[str]:
    """The strings made by laying the end of one string over the start of the other, where
    they share at least ``min_chars`` characters (数字经济 + 经济新机 = 数字经济新机)."""
    joins: list[str] = []
    if other[0] not in one and one[0] not in other:  # neither can end with the other's start
        return joins
    for size in range(min(len(one), len(other)) - 1, min_chars - 1, -1):
        if one.endswith(other[:size]):
            joins.append(one + other[size:])
        if other.endswith(one[:size]):
            joins.append(other + one[size:])
    return joins


def _marked_spans(text: str, marker: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of page furniture around each boilerplate marker: the bracketed note that
    holds it (（来源：…）), else its line when short (a copyright line, an editor credit), else
    its sentence — many texts are one long line that a marker must not blank."""
    spans: list[tuple[int, int]] = []
    for match in marker.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        opened, closed = text.rfind("（", line_start, match.start()), text.find("）", match.end(), line_end)
        if opened >= 0 and closed >= 0 and "）" not in text[opened : match.start()]:
            spans.append((opened, closed + 1))
        elif line_end - line_start <= _MAX_NOTE_LINE:
            spans.append((line_start, line_end))
        else:
            start = max(text.rfind(mark, line_start, match.start()) for mark in _SENTENCE_MARKS) + 1
            end = _NOTE_END.search(text, match.end(), line_end)
            spans.append((max(start, line_start), line_end if end is None else end.end()))
    return spans


def _title_spans(text: str, title: str | None) -> list[tuple[int, int]]:
    """Where the title, or one of its parts, is repeated in the text (a headline line, page
    furniture, a lead that quotes the headline's slogan): those are echoes, not uses."""
    title = (title or "").strip()
    if not title:
        return []
    parts = [part for part in _TITLE_PARTS.split(title) if len(part) >= _MIN_TITLE_PART]
    spans: list[tuple[int, int]] = []
    for part in {title, *parts}:
        position = text.find(part)
        while position >= 0:
            spans.append((position, position + len(part)))
            position = text.find(part, position + len(part))
    return spans


def _first_sentence(text: str) -> tuple[int, int]:
    """The span of the first sentence: from the line it starts on to its closing mark."""
    match = _SENTENCE_END.search(text)
    if match is None:
        return 0, len(text)
    return text.rfind("\n", 0, match.start()) + 1, match.end()
