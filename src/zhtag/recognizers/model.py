"""Names nobody put in a dictionary: a character CRF trained on news (see ``zhtag.train``).

The model labels every character (BIOES) for PER, LOC and ORG from the
characters around it and from what our pipeline knows about its word (jieba
POS, dictionary label, suffix and surname lists). Its spans enter the resolver
below dictionary entries, so a dictionary entry, a user's own included, wins
where the two disagree; a span that would cut through a dictionary token, or
give an entry another label, is not even proposed. One reading is the model's own:
a place entry that it reads whole as an organisation in a sentence of sport (巴西3比0横扫日本:
the team; 罗马 as the club) is that organisation (source ``metonyms``, ranked above the
dictionary in resolve.py): on the dev files the model was right in 57 of 69 such readings,
the place dictionary in 8. Outside sport it stays the place: the model also reads 利物浦 in
利物浦的码头 as the club. Across a document, a name that it reads mostly as a person and
sometimes as an organisation is the person everywhere, and a part of a name that it reads whole
elsewhere is read whole (name_consistency.py).
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
import json
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
from zhtag.lstm import LstmScorer
from zhtag.document import Document, Mention, Token, Tokens
from zhtag.features import FEATURE_VERSION, FeatureExtractor
from zhtag.recognizers.lexicon import NAMED_LABELS
from zhtag.recognizers.name_consistency import (
    latin_names_of_people,
    names_read_elsewhere,
    names_without_a_word_before,
    names_without_a_word_run_on,
    one_reading_of_a_person,
    parts_of_foreign_names,
    whole_names,
)
from zhtag.recognizers.patterns import SentencesHolding, all_han, alternation, is_latin_letter, is_latin_or_digit
from zhtag.recognizers.span_edges import halves_of_a_repetition, in_repetition, name_edges, names_written_apart

MODEL_PACKAGE = "zhtag.models"
MODEL_NAME = "ner.crfsuite"
#: The file name ending of a CRF's BiLSTM, next to the CRF (zhtag.lstm).
LSTM_SUFFIX = ".lstm.npz"
REBUILD = "python -m zhtag.train --corpus FILE... -o src/zhtag/models/ner.crfsuite"
#: The source of a place entry that the model reads as an organisation: the place standing for its team.
METONYM_SOURCE = "metonyms"


def load_model(
    model: str | Path | None = None,
) -> tuple[DecoderTables, dict, dict[str, tuple[str, str]] | None, LstmScorer | None]:
    """A model's decoder tables, its model card, its word clusters and the BiLSTM that
    joins it (``<model>.lstm.npz`` next to it, if there is one); default: the shipped model.

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
def _load_model(
    path: Path, modified: int,
) -> tuple[DecoderTables, dict, dict[str, tuple[str, str]] | None, LstmScorer | None]:
    """``load_model`` for one version (``modified``: the file's mtime, part of the cache key only)."""
    card_path, cluster_path, lstm_path = path.with_suffix(".json"), path.with_suffix(".clusters"), lstm_file(path)
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
    return tables, card, clusters, LstmScorer.read(lstm_path) if lstm_path.is_file() else None


def lstm_file(model: Path) -> Path:
    """Where the BiLSTM of the CRF ``model`` lives: ner.crfsuite -> ner.lstm.npz."""
    return model.with_suffix(LSTM_SUFFIX)


class ModelRecognizer:
    """PER, LOC and ORG spans proposed by the CRF; ``model`` is a model file (default: the shipped one).

    With ``lstm`` (and a BiLSTM next to the model file), the BiLSTM's scores join the CRF's
    (:mod:`zhtag.lstm`): more names found, at about half the speed.
    """

    source = "model"

    def __init__(self, model: str | Path | None = None, *, lstm: bool = True) -> None:
        tables, self.card, clusters, scorer = load_model(model)
        version = self.card.get("feature_version", FEATURE_VERSION)
        if version != FEATURE_VERSION:
            raise ValueError(
                f"the name model was trained on features version {version}, this zhtag computes version "
                f"{FEATURE_VERSION}; retrain it: {REBUILD}"
            )
        self._decoder = CrfDecoder(tables, FeatureExtractor(clusters), scorer if lstm else None)
        self._spans = LabelledSpans(self._decoder.labels)
        rules = load_rules("organizations")
        self._generic_words = {"ORG": frozenset(rules["generic_words"]),
                               "LOC": frozenset(load_rules("places")["generic_words"])}
        self._generic_determiners = frozenset(rules["generic_determiners"])
        #: The longest generic word or determiner: no longer piece of a span is looked up.
        self._longest_generic = max(map(len, self._generic_determiners.union(*self._generic_words.values())))
        self._place_office_words = frozenset(rules["place_office_words"])
        self._org_suffixes = tuple(rules["weak_suffixes"] + rules["strong_suffixes"] + rules["legal_suffixes"])
        self._full_name_suffixes = tuple(rules["strong_suffixes"] + rules["legal_suffixes"])
        self._dateline_words = frozenset(rules["dateline_words"])
        persons = load_rules("persons")
        self._titles = frozenset(persons["titles_before"])
        self._address_words = frozenset(persons["address_words"] + persons["titles_after"])
        self._surnames = frozenset(persons["surnames"])
        self._latin_given_names = frozenset(persons["latin_given_names"])
        self._latin_organisation_words = frozenset(persons["latin_organisation_words"])
        model_rules = load_rules("model")
        self._ordinary_words = frozenset(model_rules["ordinary_words"])
        self._transliteration_chars = frozenset(model_rules["transliteration_chars"])
        self._name_particles = frozenset(model_rules["name_particles"].split())
        self._foreign_name_separators = model_rules["foreign_name_separators"]
        self._credit_verbs = frozenset(model_rules["credit_verbs"])
        self._words_before_names = frozenset(model_rules["words_before_names"])
        self._name_conjunctions = frozenset(model_rules["name_conjunctions"])
        self._modal_verbs = frozenset(model_rules["modal_verbs"])
        self._facility_words = frozenset(model_rules["facility_words"])
        teams = load_rules("teams")
        self._sport_words = re.compile(alternation(teams["match_words"] + teams["sport_words"]), re.IGNORECASE)
        self._place_prepositions = frozenset(teams["place_prepositions"])

    def find(self, doc: Document) -> list[Mention]:
        return self.find_many([doc])[0]

    def find_many(self, docs: Sequence[Document]) -> list[list[Mention]]:
        """:meth:`find` of each document, all decoded together (faster a character than one by one)."""
        labelled = self._decoder.label_many([(doc.tokens, doc.text) for doc in docs])
        return [self._mentions(doc, sentences) for doc, sentences in zip(docs, labelled)]

    def _mentions(self, doc: Document, labelled: list[tuple[np.ndarray, np.ndarray]]) -> list[Mention]:
        text = doc.text
        mentions = []
        spans = list(self._spans.of(labelled, text))
        span_starts = {start for start, _, _ in spans}
        for start, end, label in spans:
            start, end = name_edges(text, start, end)
            if start == end:
                continue
            if label == "ORG":
                end = self._before_a_modal_verb(doc.tokens, text, start,
                                                _before_a_product_name(doc.tokens, start, self._before_dateline_word(doc.tokens, start, end)))
            elif label == "PER":
                end = self._before_a_credit_verb(text, start, self._whole_jieba_name(doc.tokens, start, end, span_starts))
                if start == end:
                    continue
            for start, end in self._names_joined_by_a_conjunction(doc.tokens, text, start, end, label):
                if self._names_something(doc, start, end, label):
                    mentions.append(Mention(start, end, text[start:end], label, source=self.source))
        mentions = self._without_lone_letters(text, names_written_apart(text, mentions))
        kept = self._metonyms_in_sport_only(doc, self._without_a_facility_of_a_firm(doc.tokens, _respecting_dictionary(mentions, doc.tokens)))
        if any(m.label == "ORG" for m in kept):
            org_entries = [token for token in _entries(doc.tokens) if token.label == "ORG"]
            org_starts, org_ends = [token.start for token in org_entries], [token.end for token in org_entries]
            kept = [m for m in kept if not (m.label == "ORG" and (
                self._runs_into_a_title(text, m, org_ends)
                or self._joins_organisations(m, org_entries, org_starts, org_ends)))]
        return self._agreeing_across_the_document(doc, kept)

    def _names_joined_by_a_conjunction(self, tokens: Tokens, text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
        """The span, or its two names on either side of a conjunction (rules/model.yaml's
        name_conjunctions): the model joins two foreign names (萨里奇和富尔茨, two thirds of the
        characters transliteration characters), or two firms that both end as firms do (…相互保险社和…相互保险社)
        or whose second begins with a place (昆明金润及上海并购基金). jieba's own words are no guide:
        it cuts 奇和富 and 金润及 as words. Each half is then read as a repetition might be."""
        for conjunction in range(start + 2, end - 2):
            if text[conjunction] not in self._name_conjunctions:
                continue
            left, right = text[start:conjunction], text[conjunction + 1 : end]
            if label == "PER":  # two thirds of the characters a transliteration's: two foreign names
                joined = 3 * sum(char in self._transliteration_chars for char in left + right) >= 2 * len(left + right)
            elif label == "ORG":
                joined = any(right.endswith(suffix) and len(right) > len(suffix) + 1 for suffix in self._full_name_suffixes) and (
                    left.endswith(self._full_name_suffixes) or self._place_starts(tokens, conjunction + 1, end))
            else:
                joined = False
            if joined:
                return [*halves_of_a_repetition(text, start, conjunction), *halves_of_a_repetition(text, conjunction + 1, end)]
        return halves_of_a_repetition(text, start, end)

    @staticmethod
    def _place_starts(tokens: Tokens, position: int, end: int) -> bool:
        """Whether a place entry of the lexicon starts at ``position`` and ends before ``end``."""
        index = bisect_left(tokens.starts, position)
        return index < len(tokens) and tokens.starts[index] == position and tokens.labels[index] == "LOC" and tokens.ends[index] < end

    def _agreeing_across_the_document(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        """The mentions with the model's readings of one name made to agree in the article
        (recognizers/name_consistency.py), in this order: Latin names of people, one label per name,
        the parts of a foreign name, a word run on at either end cut off, parts made whole, and a
        name read twice or more read where it stands unread."""
        text, source = doc.text, self.source
        mentions = latin_names_of_people(mentions, source, self._latin_given_names, self._latin_organisation_words)
        mentions = one_reading_of_a_person(mentions, source)
        mentions = parts_of_foreign_names(mentions, source, self._foreign_name_separators)
        mentions = names_without_a_word_run_on(text, mentions, source)
        mentions = names_without_a_word_before(text, mentions, source, self._words_before_names)
        mentions = whole_names(text, doc.tokens, mentions, source, self._credit_verbs)
        return names_read_elsewhere(text, doc.tokens, mentions, source)

    def _without_lone_letters(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """The mentions less the persons of one letter that is no surname and follows no other
        person (家长圈, the credit 文 or 图 after a reporter's name, J of J148): a person named by one
        character is named by the surname (老李, 李先生), and two such names stand in a row (马列)."""
        person_ends = {m.end for m in mentions if m.label == "PER"}
        return [m for m in mentions if not (
            m.label == "PER" and len(m.text) == 1 and text[m.start] not in self._surnames and m.start not in person_ends)]

    def _whole_jieba_name(self, tokens: Tokens, start: int, end: int, span_starts: set[int]) -> int:
        """Where a person's name ends that the model reads as its surname alone, at the start of a
        word that jieba tags as a name and in which no other span of the model's begins (汤|尤|杯):
        the end of a word of three Chinese characters (刘诗雯, 李大银, 汤艺甜), unless its second
        character or its last two address the person by the surname (吕老, 李先生, 张大妈;
        ``address_words`` and ``titles_after`` of rules/persons.yaml), whose name is the surname; or
        the end of a given name written twice, which jieba cuts after its first (刘诗|诗)."""
        if end - start != 1:
            return end
        index = bisect_left(tokens.starts, start)
        if index == len(tokens.starts) or tokens.starts[index] != start or tokens.poses[index] != "nr":
            return end
        word = tokens.texts[index]
        if not all_han(word):
            return end
        if len(word) == 2 and index + 1 < len(tokens.texts) and tokens.texts[index + 1] == word[1]:
            whole = tokens.ends[index + 1]
        elif len(word) == 3 and word[1] not in self._address_words and word[1:] not in self._address_words:
            whole = tokens.ends[index]
        else:
            return end
        return end if any(position in span_starts for position in range(end, whole)) else whole

    def _before_a_credit_verb(self, text: str, start: int, end: int) -> int:
        """Where a person's name ends whose span takes in the verb of a credit after it, before a
        bracket, a space or the end of the text (赵丽颖饰） the actor who plays a part, 记者徐红摄 the
        photographer): the model, meeting the name nowhere else, reads the verb as its last character."""
        if text[end - 1] in self._credit_verbs and (end == len(text) or text[end] in CREDIT_ENDS or text[end].isspace()):
            return end - 1
        return end

    def _metonyms_in_sport_only(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        """The mentions less the metonyms (a place read as an organisation) outside a sentence of
        sport, or right after a word that makes it where a match is played (在罗马2比0战胜): the
        model reads 利物浦 as the club even in 利物浦的码头."""
        if not any(m.source == METONYM_SOURCE for m in mentions):
            return mentions
        about_sport = SentencesHolding(self._sport_words, doc.text)
        tokens = doc.tokens
        return [m for m in mentions if m.source != METONYM_SOURCE or (
            about_sport.holds(m.end) and not self._after_a_place_preposition(tokens, m.start))]

    def _after_a_place_preposition(self, tokens: Tokens, start: int) -> bool:
        """Whether the token that ends at ``start`` is a place preposition (rules/teams.yaml)."""
        before = bisect_left(tokens.ends, start)
        return (before < len(tokens.ends) and tokens.ends[before] == start
                and tokens.texts[before] in self._place_prepositions)

    def _names_something(self, doc: Document, start: int, end: int, label: str) -> bool:
        """Whether the span may be a name: it holds a letter (never a bare "|" or "·"), it is no
        ordinary word, chatter, English phrase, identifier of program code, generic body or place
        (该公司, 广场) or firm's office in a place (北京总部), and no one-character place inside a
        foreign name."""
        text = doc.text
        name = text[start:end]
        if (not any(char.isalpha() for char in name) or name in self._ordinary_words
                or in_repetition(text, start, end) or self._is_english_phrase(name)
                or _CODE_IDENTIFIER.fullmatch(name)):
            return False
        if label in self._generic_words and self._is_generic(name, self._generic_words[label]):
            return False
        if label == "ORG":
            return not self._is_a_place_and_office(text, doc.tokens, start, end)
        return not (label == "LOC" and end - start == 1 and self._in_foreign_name(text, start))

    def _is_english_phrase(self, name: str) -> bool:
        """Whether ``name`` holds Latin words with a space between them and a lowercase word that
        is no name particle (Have a nice weekend; not Securities and Exchange Commission): a
        sentence of English or a product (iPhone XS Max), no name. One Latin word is left as it
        is: brands are written in lowercase (vivo, ofo)."""
        if not _LATIN_WORDS_APART.search(name):
            return False
        return any(word[0].islower() and word not in self._name_particles for word in _LATIN_WORD.findall(name))

    def _joins_organisations(self, mention: Mention, org_entries: list[Token], org_starts: list[int],
                             org_ends: list[int]) -> bool:
        """Whether the span holds two organisation entries or more, the last of them no organisation's
        unit (市委 of 郑州共青团市委 is one): names in a row (清华北大, 京东腾讯沃尔玛, 清华北大MBA), which
        stand as the entries themselves; unless it goes on past them to words and a strong or legal
        suffix, a full name that holds them (恒大法拉第未来智能汽车（中国）集团; 人大 alone after 清华北大 is
        no such words)."""
        first = bisect_left(org_starts, mention.start)  # entries are tokens: in text order, not overlapping
        past = bisect_right(org_ends, mention.end)
        if past - first < 2 or any(org_entries[past - 1].text.endswith(suffix) for suffix in self._org_suffixes):
            return False
        rest = mention.text[org_ends[past - 1] - mention.start :]  # after the last entry
        return not any(rest.endswith(suffix) and len(rest) > len(suffix) for suffix in self._full_name_suffixes)

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

    def _without_a_facility_of_a_firm(self, tokens: Tokens, mentions: list[Mention]) -> list[Mention]:
        """The mentions but those that are an organisation entry and one facility word of
        rules/model.yaml (星巴克门店, 沃尔玛门店, 联合国总部): the firm is the name, and its entry stands."""
        kept = []
        for mention in mentions:
            last = bisect_left(tokens.ends, mention.end)
            facility = (last > 0 and last < len(tokens) and tokens.ends[last] == mention.end
                        and tokens.texts[last] in self._facility_words and tokens.labels[last - 1] == "ORG"
                        and tokens.starts[last - 1] == mention.start)
            if not facility:
                kept.append(mention)
        return kept

    def _before_a_modal_verb(self, tokens: Tokens, text: str, start: int, end: int) -> int:
        """The span's end before a last character that is a modal verb (rules/model.yaml's
        modal_verbs) where a verb or an adverb follows and the rest is Latin or a transliteration:
        RNG会提前出局 is RNG, 博洛西斯会被拖死 博洛西斯. A Chinese name's 会 closes it (国会, 峰会, 理事会)."""
        if end - start < 3 or text[end - 1] not in self._modal_verbs:
            return end
        name = text[start : end - 1]
        if not (all(map(is_latin_or_digit, name)) or all(char in self._transliteration_chars for char in name)):
            return end
        following = bisect_left(tokens.starts, end)
        if following < len(tokens) and tokens.starts[following] == end and tokens.poses[following][:1] in ("v", "d", "p"):
            return end - 1
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

    def _is_generic(self, text: str, generic_words: frozenset[str]) -> bool:
        """Whether ``text`` is only ``generic_words`` after determiners (该公司, 各部委, 厅局, 该广场):
        no one's name. Pieces are tried up to the longest generic word, so a long span costs its
        length, not its square."""
        reachable = {0}
        for start in range(len(text)):
            if start not in reachable:
                continue
            for end in range(start + 1, min(len(text), start + self._longest_generic) + 1):
                word = text[start:end]
                if word in generic_words or (word in self._generic_determiners and start == 0):
                    reachable.add(end)
        return len(text) in reachable and text not in self._generic_determiners


#: Two Latin words with whitespace between them.
_LATIN_WORDS_APART = re.compile(r"[A-Za-z]\s+[A-Za-z]")
#: A name in lower camel case (onAfterLoad, videoList): the code of a web page left in an article's
#: text. Brands begin with one or two lowercase letters before one capital (iPhone, eBay, inXile),
#: so an identifier has three before its first capital, or two and a second capital.
_CODE_IDENTIFIER = re.compile(r"[a-z]{3,}[A-Z][A-Za-z0-9]*|[a-z]{2}[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*")
#: A word: letters, accented ones too (Ghesquière), joined by a hyphen or an apostrophe (Jean-Michel, I've).
_LATIN_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*")
#: What ends a credit after its verb (（赵丽颖饰）, [徐红摄]), besides whitespace and the end of the text.
CREDIT_ENDS = frozenset(")）]】〕")
#: A run of this many transliteration characters is a foreign name (伊巴卡, 博格巴).
TRANSLITERATION_RUN = 3


class LabelledSpans:
    """The text spans of the labelled runs (B/I/E/S-LABEL) of a document's sentences, found with
    array operations over all its characters at once (a loop over characters cost 2% of the
    tagger). A run breaks at O, at another label, at a B or S, at a gap in the text, and at the
    end of its sentence; an I or E that follows O starts a run of its own.

    One gap does not break a run: the space between two Latin words (Ariana Grande, Google
    Fiber). The model reads a sentence without its spaces and labels such a name as one run;
    broken there, every word was a name of its own (932 pairs of persons on 2,000 news
    articles). Chinese words on either side of a space are mostly names in a row (记者 杨喆 罗光萍)."""

    def __init__(self, labels: Sequence[str]) -> None:
        self._names = sorted({label[2:] for label in labels if label != "O"})
        #: per label id: its name's index (-1 for O), and whether it goes on a run (I, E)
        self._name_of = np.array([self._names.index(label[2:]) if label != "O" else -1 for label in labels])
        self._continues = np.array([label[0] in "IE" for label in labels])

    def of(self, labelled: Sequence[tuple[np.ndarray, np.ndarray]], text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of every run of ``text``, in text order; ``labelled``: each
        sentence's text offsets and label ids."""
        if not labelled:
            return []
        offsets = np.concatenate([sentence_offsets for sentence_offsets, _ in labelled])
        ids = np.concatenate([label_ids for _, label_ids in labelled])
        names = self._name_of[ids]
        named = names >= 0
        if not named.any():
            return []
        goes_on = np.zeros(len(ids), dtype=bool)
        goes_on[1:] = self._continues[ids[1:]] & named[:-1] & (names[1:] == names[:-1])
        steps = offsets[1:] - offsets[:-1]
        goes_on[1:] &= (steps == 1) | _inside_a_name(text, offsets, goes_on[1:] & (steps == 2))
        sentence_starts = np.cumsum([len(label_ids) for _, label_ids in labelled])[:-1]
        goes_on[sentence_starts] = False
        firsts = np.flatnonzero(named & ~goes_on)
        breaks = np.append(np.flatnonzero(~goes_on), len(ids))
        lasts = breaks[np.searchsorted(breaks, firsts, side="right")] - 1
        return list(zip(offsets[firsts].tolist(), (offsets[lasts] + 1).tolist(),
                        [self._names[name] for name in names[firsts].tolist()]))


def _inside_a_name(text: str, offsets: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Which of the one-character ``gaps`` (a mask over the steps between ``offsets``) are a space
    inside a name: between two Latin letters (Ariana Grande), or in a street address, between a
    Chinese character and a number or a number and the unit it numbers (百丈东路 758 弄 110 号). A
    space between Chinese words stays a break: names in a row (记者 杨喆 罗光萍); so does one after
    a number before a word, a name of its own (账号 6225 国家税务总局)."""
    across = np.zeros(len(gaps), dtype=bool)
    for step in np.flatnonzero(gaps).tolist():
        before, after = text[offsets[step]], text[offsets[step + 1]]
        across[step] = text[offsets[step] + 1].isspace() and (
            (is_latin_letter(before) and is_latin_letter(after))
            or (all_han(before) and after.isdigit())
            or (before.isdigit() and after in ADDRESS_UNITS))
    return across


#: What a number in a street address numbers: 号, 弄 (a lane), 栋, 楼, 室 ...
ADDRESS_UNITS = frozenset("号弄栋幢楼层室座")


def _before_a_product_name(tokens: Tokens, start: int, end: int) -> int:
    """The span's end before the Latin words that follow an organisation entry, next to it or
    after a space (百度Apollo -> 百度, 华为Mate -> 华为, Apple Watch Series -> Apple): the brand is
    the organisation, the words after it its product."""
    index = bisect_left(tokens.ends, end)
    if index < 1 or index >= len(tokens.ends) or tokens.ends[index] != end:
        return end
    while tokens.starts[index] > start and all(map(is_latin_or_digit, tokens.texts[index])):
        index -= 1  # the tokens between are whitespace apart at most: the segmenter drops only whitespace
        if tokens.labels[index] == "ORG" and tokens.starts[index] == start:
            return tokens.ends[index]
    return end


def _entries(tokens: Tokens) -> list[Token]:
    """The dictionary entries among ``tokens`` (the tokens with a label)."""
    return [tokens[index] for index, label in enumerate(tokens.labels) if label is not None]


def _respecting_dictionary(mentions: list[Mention], tokens: Tokens) -> list[Mention]:
    """The spans that agree with the dictionary tokens of the text.

    A span may extend an entry (中国 -> 中国田协) but not cut through one, not
    be exactly a TERM entry, and not end on a named entry with another label
    (黎明湖畔的晨曦书店 LOC when 晨曦书店 is an ORG entry): a name's last word is
    its head, and the dictionary knows the head's kind. Only a person's given
    name may be a place (许银川 ends on 银川), and a place entry read whole as an
    organisation is a metonym (source METONYM_SOURCE).
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
        elif _is_metonym(mention, last):
            kept.append(replace(mention, source=METONYM_SOURCE))
    return kept


def _is_metonym(mention: Mention, last: Token | None) -> bool:
    """Whether the span is exactly one place entry (``last``, the entry its last character is in), read as an organisation."""
    return (mention.label == "ORG" and last is not None and last.label == "LOC"
            and (last.start, last.end) == (mention.start, mention.end))
