"""Names nobody put in a dictionary: a character CRF trained on news (see ``zhtag.train``).

The model labels every character (BIOES) for PER, LOC and ORG from the
characters around it and from what our pipeline knows about its word (jieba
POS, dictionary label, suffix and surname lists). Its spans enter the resolver
below dictionary entries, so a dictionary entry, a user's own included, wins
where the two disagree; a span that would cut through a dictionary token, or
give an entry another label, is not even proposed.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
import json
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from zhtag import clusters as word_clusters
from zhtag.dictionaries import load_rules
from zhtag import crf, features
from zhtag.cache import cached
from zhtag.crf import CrfDecoder, CrfWeights, DecoderTables
from zhtag.document import Document, Mention, Token, Tokens
from zhtag.features import FEATURE_VERSION, FeatureExtractor
from zhtag.recognizers.lexicon import NAMED_LABELS
from zhtag.recognizers.patterns import all_han

MODEL_PACKAGE = "zhtag.models"
MODEL_NAME = "ner.crfsuite"
REBUILD = "python -m zhtag.train --corpus FILE... -o src/zhtag/models/ner.crfsuite"


def load_model(model: str | Path | None = None) -> tuple[DecoderTables, dict, dict[str, tuple[str, str]] | None]:
    """A model's decoder tables, its model card and its word clusters (default: the shipped model).

    Cached: every Tagger of a process (and every worker forked from it) shares one copy, until
    the model file changes (a model retrained in the same process is read anew); the tables
    are derived from the model file once and then read from zhtag's cache.
    """
    if model is None:
        path = Path(str(resources.files(MODEL_PACKAGE) / MODEL_NAME))
        if not path.is_file():
            raise FileNotFoundError(f"the name model {MODEL_NAME} is not installed in {MODEL_PACKAGE}; rebuild it: {REBUILD}")
    else:
        path = Path(model).resolve()
    return _load_model(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_model(path: Path, modified: int) -> tuple[DecoderTables, dict, dict[str, tuple[str, str]] | None]:
    """``load_model`` for one version (``modified``: the file's mtime, part of the cache key only)."""
    card_path, cluster_path = path.with_suffix(".json"), path.with_suffix(".clusters")
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    clusters = None
    if card.get("clusters"):
        clusters = word_clusters.read(cluster_path.read_text(encoding="utf-8"))
    try:
        tables = cached(f"name-model-{hashlib.sha1(str(path).encode()).hexdigest()[:8]}",
                        [path, Path(crf.__file__), Path(features.__file__)],
                        lambda: DecoderTables.build(CrfWeights.read(path.read_bytes())))
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None
    return tables, card, clusters


class ModelRecognizer:
    """PER, LOC and ORG spans proposed by the CRF; ``model`` is a model file (default: the shipped one)."""

    source = "model"

    def __init__(self, model: str | Path | None = None) -> None:
        tables, self.card, clusters = load_model(model)
        version = self.card.get("feature_version", FEATURE_VERSION)
        if version != FEATURE_VERSION:
            raise ValueError(
                f"the name model was trained on features version {version}, this zhtag computes version "
                f"{FEATURE_VERSION}; retrain it: {REBUILD}"
            )
        self._decoder = CrfDecoder(tables, FeatureExtractor(clusters))
        self._spans = LabelledSpans(self._decoder.labels)
        rules = load_rules("organizations")
        self._generic_words = frozenset(rules["generic_words"])
        self._generic_determiners = frozenset(rules["generic_determiners"])
        self._place_office_words = frozenset(rules["place_office_words"])
        self._org_suffixes = tuple(rules["weak_suffixes"] + rules["strong_suffixes"] + rules["legal_suffixes"])
        self._dateline_words = frozenset(rules["dateline_words"])
        self._titles = frozenset(load_rules("persons")["titles_before"])
        self._ordinary_words = frozenset(load_rules("model")["ordinary_words"])
        self._transliteration_chars = frozenset(load_rules("model")["transliteration_chars"])

    def find(self, doc: Document) -> list[Mention]:
        return self.find_many([doc])[0]

    def find_many(self, docs: Sequence[Document]) -> list[list[Mention]]:
        """:meth:`find` of each document, all decoded together (faster a character than one by one)."""
        labelled = self._decoder.label_many([(doc.tokens, doc.text) for doc in docs])
        return [self._mentions(doc, sentences) for doc, sentences in zip(docs, labelled)]

    def _mentions(self, doc: Document, labelled: list[tuple[np.ndarray, np.ndarray]]) -> list[Mention]:
        text = doc.text
        mentions = []
        for start, end, label in self._spans.of(labelled):
            start, end = _with_its_brackets_closed(text, *_without_loose_punctuation(text, start, end))
            start, end = _outside_cut_words(text, start, end)
            start, end = _without_loose_punctuation(text, start, end)  # what a cut left: 中央商务区”, Jean-
            if start == end:
                continue
            if label == "ORG":
                end = self._before_dateline_word(doc.tokens, start, end)
            for start, end in _halves_of_a_repetition(text, start, end):
                name = text[start:end]
                if (name.isalpha() or any(char.isalpha() for char in name)) and not (  # never a bare "|" or "·"
                    label == "ORG" and (self._is_generic(name) or self._is_a_place_and_office(text, doc.tokens, start, end))
                ) and name not in self._ordinary_words and not _in_repetition(text, start, end) and not (
                    label == "LOC" and end - start == 1 and self._in_foreign_name(text, start)
                ):
                    mentions.append(Mention(start, end, name, label, source=self.source))
        kept = _respecting_dictionary(mentions, doc.tokens)
        if not any(m.label == "ORG" for m in kept):
            return kept
        org_entries = [token for token in _entries(doc.tokens) if token.label == "ORG"]
        org_starts, org_ends = [token.start for token in org_entries], [token.end for token in org_entries]
        return [m for m in kept if not (m.label == "ORG" and (
            self._runs_into_a_title(text, m, org_ends)
            or self._joins_organisations(m, org_entries, org_starts, org_ends)))]

    def _joins_organisations(self, mention: Mention, org_entries: list[Token], org_starts: list[int],
                             org_ends: list[int]) -> bool:
        """Whether the span holds two organisation entries or more and the last of them is no
        organisation's unit (市委 of 郑州共青团市委 is one): names in a row (清华北大, 京东腾讯沃尔玛),
        which stand as the entries themselves."""
        first = bisect_left(org_starts, mention.start)  # entries are tokens: in text order, not overlapping
        past = bisect_right(org_ends, mention.end)
        return past - first >= 2 and not any(org_entries[past - 1].text.endswith(suffix) for suffix in self._org_suffixes)

    def _in_foreign_name(self, text: str, position: int) -> bool:
        """Whether the character at ``position`` stands in a run of TRANSLITERATION_RUN or more
        transliteration characters (伊 of 伊巴卡): part of a foreign name, no abbreviated country.
        Only the TRANSLITERATION_RUN - 1 characters on either side are read, however long the run."""
        letters = self._transliteration_chars
        window = text[max(0, position - TRANSLITERATION_RUN + 1) : position + TRANSLITERATION_RUN]
        here = min(position, TRANSLITERATION_RUN - 1)
        start = end = here
        if window[here] not in letters:
            return False
        while start > 0 and window[start - 1] in letters:
            start -= 1
        while end < len(window) and window[end] in letters:
            end += 1
        return end - start >= TRANSLITERATION_RUN

    def _before_dateline_word(self, tokens: Tokens, start: int, end: int) -> int:
        """The span's end before its last token if that token is a dateline word (新浪娱乐讯 ->
        新浪娱乐): the news source's name comes before it."""
        last = bisect_left(tokens.ends, end)
        if last < len(tokens.ends) and tokens.ends[last] == end and tokens.texts[last] in self._dateline_words:
            return max(start, tokens.starts[last])
        return end

    def _runs_into_a_title(self, text: str, mention: Mention, org_ends: list[int]) -> bool:
        """Whether the span runs on from an organisation entry through a title that shares the entry's
        last character (行政院 + 院长 -> 行政院长卓荣泰): the rest is the head's title and a name.
        ``org_ends``: the ends of the text's organisation entries, in order."""
        inner = org_ends[bisect_right(org_ends, mention.start) : bisect_left(org_ends, mention.end)]
        return any(text[end - 1 : end - 1 + length] in self._titles for end in inner for length in (2, 3, 4))

    def _is_a_place_and_office(self, text: str, tokens: Tokens, start: int, end: int) -> bool:
        """Whether the span is a place entry and a word of a firm's office (北京总部, 中国公司): the
        place is the name, as the news corpora count it, and the rest names no one."""
        first = bisect_left(tokens.starts, start)
        return (first < len(tokens.starts) and tokens.starts[first] == start and tokens.labels[first] == "LOC"
                and text[tokens.ends[first] : end] in self._place_office_words)

    def _is_generic(self, text: str) -> bool:
        """Whether ``text`` is only generic words after determiners (该公司, 各部委, 厅局): no one's name."""
        reachable = {0}
        for start in range(len(text)):
            if start not in reachable:
                continue
            for end in range(start + 1, len(text) + 1):
                word = text[start:end]
                if word in self._generic_words or (word in self._generic_determiners and start == 0):
                    reachable.add(end)
        return len(text) in reachable and text not in self._generic_determiners


#: A run of this many transliteration characters is a foreign name (伊巴卡, 博格巴).
TRANSLITERATION_RUN = 3
#: A letter written this many times in a row is chatter (哈哈哈, 啊啊啊), never part of a name.
REPEATED_CHARS = 3


def _in_repetition(text: str, start: int, end: int) -> bool:
    """Whether the span holds a run of one letter REPEATED_CHARS times or more (赵新民哈哈哈),
    or is one letter of a run of it (哈 of 哈哈): social media's laughter and stutter, which
    the news-trained model takes for names. Digits repeat in names (TH000, 1000米) and do not count."""
    if end - start == 1:
        char = text[start]
        return not char.isdigit() and (
            (start > 0 and text[start - 1] == char) or (end < len(text) and text[end] == char)
        )
    run = 1
    for previous, char in zip(text[start : end - 1], text[start + 1 : end]):
        run = run + 1 if char == previous and not char.isdigit() else 1
        if run >= REPEATED_CHARS:
            return True
    return False


def _halves_of_a_repetition(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span, or its two halves if it is one Chinese name of two or more characters written
    twice (徐妍徐妍, 宋茜宋茜: social media's calling out a name), which the model reads as one;
    not a run of one character (唐唐唐唐, chatter) nor Latin (toto)."""
    half = (end - start) // 2
    first = text[start : start + half]
    if half >= 2 and (end - start) % 2 == 0 and first == text[start + half : end] and len(set(first)) > 1 and all_han(first):
        return [(start, start + half), (start + half, end)]
    return [(start, end)]


def _without_loose_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without punctuation at its edges that it does not pair within (《今日美国 -> 今日美国):
    the model sometimes takes a title's bracket or a quote into the name; a bracket closed inside
    the span (（深圳）公司) stays."""
    while start < end and _is_loose(text[start], text[start + 1 : end], OPENING, CLOSING):
        start += 1
    while end > start and _is_loose(text[end - 1], text[start : end - 1], CLOSING, OPENING):
        end -= 1
    return start, end


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _outside_cut_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the part of a Latin word that it cuts (百度A of 百度Apollo -> 百度, S弗赖堡 of
    VS弗赖堡 -> 弗赖堡); empty when nothing else is left (n of Calvin)."""
    if end < len(text) and _is_latin(text[end]):
        while end > start and _is_latin(text[end - 1]):
            end -= 1
    if start > 0 and _is_latin(text[start - 1]):
        while start < end and _is_latin(text[start]):
            start += 1
    return start, end


#: Each opening bracket and the one that closes it.
BRACKETS = dict(zip("《（(【「『〈[〔｛", "》）)】」』〉]〕｝"))
_OPENER_OF = {closer: opener for opener, closer in BRACKETS.items()}
#: The brackets of a title, which a name may hold (美国《时代》周刊); the others open an aside.
TITLE_BRACKETS = "《〈"
#: How far before a span the opening bracket of a title in it is looked for (《财经天下》周刊).
BRACKET_REACH = 20
#: What a title does not run across.
_TITLE_BREAKS = frozenset("，。！？；、\n")


def _with_its_brackets_closed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with the brackets inside it paired. A title's bracket that the span opens or closes
    takes in its other half when it is close by (美国《时代周刊 -> 美国《时代周刊》, 天下》周刊 ->
    《财经天下》周刊), as the news corpora write such names. A span that runs into an aside ends
    before it (中欧卫生管理与政策中心（卫生政策 -> 中欧卫生管理与政策中心); one that comes out of an
    aside (荷兰弟）组队) is no name: the result is empty."""
    open_at: list[int] = []
    for position in range(start, end):
        char = text[position]
        if char in BRACKETS:
            open_at.append(position)
        elif char in _OPENER_OF:
            opener = _OPENER_OF[char]
            if open_at and text[open_at[-1]] == opener:
                open_at.pop()
            elif open_at:
                return start, open_at[0]
            else:
                found = text.rfind(opener, max(0, start - BRACKET_REACH), start) if opener in TITLE_BRACKETS else -1
                if found < 0 or not _TITLE_BREAKS.isdisjoint(text[found:start]):
                    return end, end  # the end of an aside and what follows it: no name's head
                start = found
    if not open_at:
        return start, end
    first = text[open_at[0]]
    if len(open_at) == 1 and first in TITLE_BRACKETS and end < len(text) and text[end] == BRACKETS[first]:
        return start, end + 1
    return start, open_at[0]


#: Unicode categories of opening and closing punctuation (brackets, then quotes).
OPENING, CLOSING = ("Ps", "Pi"), ("Pe", "Pf")


def _is_loose(char: str, rest: str, own: tuple[str, str], partner: tuple[str, str]) -> bool:
    """Whether ``char`` is punctuation that ``rest`` (the span's other characters) does not pair."""
    kind = unicodedata.category(char)
    return kind[0] == "P" and (kind not in own or not any(unicodedata.category(c) in partner for c in rest))


class LabelledSpans:
    """The text spans of the labelled runs (B/I/E/S-LABEL) of a document's sentences, found with
    array operations over all its characters at once (a loop over characters cost 2% of the
    tagger). A run breaks at O, at another label, at a B or S, at a gap in the text, and at the
    end of its sentence; an I or E that follows O starts a run of its own."""

    def __init__(self, labels: Sequence[str]) -> None:
        self._names = sorted({label[2:] for label in labels if label != "O"})
        #: per label id: its name's index (-1 for O), and whether it goes on a run (I, E)
        self._name_of = np.array([self._names.index(label[2:]) if label != "O" else -1 for label in labels])
        self._continues = np.array([label[0] in "IE" for label in labels])

    def of(self, labelled: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of every run, in text order; ``labelled``: each sentence's text
        offsets and label ids."""
        if not labelled:
            return []
        offsets = np.concatenate([sentence_offsets for sentence_offsets, _ in labelled])
        ids = np.concatenate([label_ids for _, label_ids in labelled])
        names = self._name_of[ids]
        named = names >= 0
        if not named.any():
            return []
        goes_on = np.zeros(len(ids), dtype=bool)
        goes_on[1:] = (self._continues[ids[1:]] & named[:-1] & (names[1:] == names[:-1])
                       & (offsets[1:] == offsets[:-1] + 1))
        sentence_starts = np.cumsum([len(label_ids) for _, label_ids in labelled])[:-1]
        goes_on[sentence_starts] = False
        firsts = np.flatnonzero(named & ~goes_on)
        breaks = np.append(np.flatnonzero(~goes_on), len(ids))
        lasts = breaks[np.searchsorted(breaks, firsts, side="right")] - 1
        return list(zip(offsets[firsts].tolist(), (offsets[lasts] + 1).tolist(),
                        [self._names[name] for name in names[firsts].tolist()]))


def _entries(tokens: Tokens) -> list[Token]:
    """The dictionary entries among ``tokens`` (the tokens with a label)."""
    return [tokens[index] for index, label in enumerate(tokens.labels) if label is not None]


def _respecting_dictionary(mentions: list[Mention], tokens: Tokens) -> list[Mention]:
    """The spans that agree with the dictionary tokens of the text.

    A span may extend an entry (中国 -> 中国田协) but not cut through one, not
    be exactly a TERM entry, and not end on a named entry with another label
    (黎明湖畔的晨曦书店 LOC when 晨曦书店 is an ORG entry): a name's last word is
    its head, and the dictionary knows the head's kind. Only a person's given
    name may be a place (许银川 ends on 银川).
    """
    entry_at = {i: token for token in _entries(tokens) for i in range(token.start, token.end)}
    if not entry_at:
        return mentions
    kept = []
    for mention in mentions:
        first, last = entry_at.get(mention.start), entry_at.get(mention.end - 1)
        cuts = (first is not None and first.start < mention.start) or (last is not None and last.end > mention.end)
        is_term = last is not None and last.label == "TERM" and (last.start, last.end) == (mention.start, mention.end)
        other_head = (
            last is not None and last.label in NAMED_LABELS and last.label != mention.label
            and (mention.label != "PER" or last.start == mention.start)
        )
        if not (cuts or is_term or other_head):
            kept.append(mention)
    return kept
