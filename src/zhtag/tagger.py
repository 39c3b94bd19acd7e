"""The Tagger: read -> segment -> recognise -> resolve overlaps -> keywords, for one text or many."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date as date_type, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple, Sequence, Union

from zhtag.collector import collector_paused
from zhtag.dictionaries import bundled_entry_files, load_all
from zhtag.document import Document
from zhtag.keywords import IDF, METHODS, KeywordExtractor
from zhtag.normalize.dates import header_datetime
from zhtag.recognizers.brands import BrandRecognizer
from zhtag.recognizers.companies import CompanyRecognizer
from zhtag.recognizers.dates import DateRecognizer
from zhtag.recognizers.figures import FigureRecognizer
from zhtag.recognizers.initials import InitialsRecognizer
from zhtag.recognizers.lexicon import Lexicon, LexiconRecognizer
from zhtag.recognizers.model import ModelRecognizer
from zhtag.recognizers.organizations import OrganizationRecognizer
from zhtag.recognizers.persons import PersonRecognizer
from zhtag.recognizers.places import PlaceRecognizer
from zhtag.recognizers.pos import PosTagRecognizer
from zhtag.recognizers.teams import TeamRecognizer
from zhtag.resolve import (
    COMPOSING_SOURCES, MODEL_COMPOSING_SOURCES, MODEL_TIERS, SOURCE_TIERS, outside_web_addresses, resolve_overlaps,
)
from zhtag.script import AsWritten, simplified_entries, twin_text
from zhtag.segment import Segmenter

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is made or read: it costs 0.4 s of a start
    import pandas as pd

    from zhtag.recognizers import Recognizer

DateLike = Union[str, date_type, datetime, "pd.Timestamp", None]
#: Articles are recognised in groups of about this many characters: the name model decodes a
#: group's sentences together, a third faster than article by article (benchmarks/bench_throughput.py).
GROUP_CHARS = 16_384


class Tables(NamedTuple):
    """The three result tables of a tagging run."""

    mentions: pd.DataFrame
    keywords: pd.DataFrame
    documents: pd.DataFrame


@dataclass(slots=True)
class Article:
    """One input article before tagging: what readers produce and taggers consume."""

    text: str | None
    id: str
    title: str | None = None
    date: DateLike = None
    error: str | None = None


class Tagger:
    """Tags Chinese text with entities, resolved dates and figures, and keywords.

    ``dictionaries`` are the user's own entry files (YAML or jieba user
    dictionaries), loaded after the bundled ones so that they win; pass
    ``bundled=False`` to use only your own. Each document gets ``keywords``
    keywords by each of ``keyword_methods`` (``zhtag``, the phrase ranking, first;
    ``tfidf`` and ``textrank`` for comparison). ``model`` adds the trained name
    recogniser (zhtag.recognizers.model), which takes the place of jieba's own
    name tags: next to it they only add false names; a path instead of True
    uses that model file. ``lstm=False`` leaves out the BiLSTM that joins the
    model's CRF: about 1.5 times as fast, with fewer names found (the README's
    figures).
    """

    def __init__(
        self,
        dictionaries: Iterable[str | Path] = (),
        *,
        bundled: bool = True,
        keywords: int = 10,
        keyword_methods: Sequence[str] = METHODS,
        idf: IDF | None = None,
        model: bool | str | Path = True,
        lstm: bool = True,
    ) -> None:
        files = (bundled_entry_files() if bundled else []) + [Path(path) for path in dictionaries]
        self.lexicon = Lexicon(simplified_entries(load_all(files)))
        self.segmenter = Segmenter(self.lexicon)
        self.recognizers: list[Recognizer] = [
            LexiconRecognizer(self.lexicon),
            ModelRecognizer(None if model is True else model, lstm=lstm) if model else PosTagRecognizer(self.segmenter.is_known),
            OrganizationRecognizer(),
            CompanyRecognizer(self.segmenter.is_known),
            PlaceRecognizer(self.segmenter.is_known),
            PersonRecognizer(self.segmenter.is_known),
            TeamRecognizer(),
            BrandRecognizer(),
            InitialsRecognizer(),
            DateRecognizer(),
            FigureRecognizer(),
        ]
        self._tiers = (MODEL_TIERS, MODEL_COMPOSING_SOURCES) if model else (SOURCE_TIERS, COMPOSING_SOURCES)
        self.n_keywords = keywords
        self.keyword_methods = tuple(keyword_methods)
        self.keyword_extractor = KeywordExtractor(idf)

    @collector_paused()
    def tag(
        self,
        text: str,
        date: DateLike = None,
        *,
        title: str | None = None,
        id: str | None = None,
        keywords: bool = True,
    ) -> Document:
        """Tag one article; ``date`` (or a date-time header in the text) anchors relative dates."""
        doc = self._recognise(text, date, title=title, id=id)
        if keywords:
            doc.keywords = self._keywords(self.keyword_extractor, doc)
        return doc

    @collector_paused()
    def tag_articles(self, articles: Iterable[Article], *, learn_idf: bool = True, keywords: bool = True) -> list[Document]:
        """Tag many articles; with ``learn_idf`` the keywords' IDF is learnt from these articles first.

        A broken article (no text, or an error while tagging it) comes back as a
        Document with ``error`` set, so every input has an output.
        """
        docs = self._recognise_all(articles)
        if not keywords:
            return docs
        if not learn_idf:
            for doc in docs:
                if doc.error is None:
                    doc.keywords = self._keywords(self.keyword_extractor, doc)
            return docs
        self._keywords_with_learnt_idf([doc for doc in docs if doc.error is None])
        return docs

    def _keywords_with_learnt_idf(self, docs: list[Document]) -> None:
        """Keywords of ``docs`` with an IDF learnt from their candidates, analysing each once."""
        prescored = [self.keyword_extractor.prescore(doc, self.keyword_methods) for doc in docs]
        idf = IDF.fit([candidate.text for candidate in each.candidates] for each in prescored)
        extractor = KeywordExtractor(idf, self.keyword_extractor.rules)
        for doc, each in zip(docs, prescored):
            doc.keywords = extractor.rank(each, self.n_keywords, self.keyword_methods)

    @collector_paused()
    def tag_frame(
        self, df: pd.DataFrame, text: str = "text", id: str = "id", date: str = "date", title: str = "title"
    ) -> Tables:
        """Tag a DataFrame of articles into mentions, keywords and documents tables (built with
        the cyclic collector still paused: a row a mention makes as many objects as tagging)."""
        from zhtag.frames import articles_from_frame, to_tables

        return to_tables(self.tag_articles(articles_from_frame(df, text=text, id=id, date=date, title=title)))

    def _keywords(self, extractor: KeywordExtractor, doc: Document) -> list:
        return extractor.extract_many(doc, self.n_keywords, self.keyword_methods)

    def _recognise_all(self, articles: Iterable[Article]) -> list[Document]:
        """:meth:`_recognise_safely` of every article, a group of GROUP_CHARS characters at a time.

        A group is recognised together (the name model decodes its sentences in one pass);
        a group that fails is recognised again article by article, so that a broken
        article fails alone and the others come back as they would on their own.
        """
        docs: list[Document] = []
        for group in article_groups(articles, GROUP_CHARS):
            taggable = [article for article in group if article.error is None and _has_text(article)]
            try:
                tagged = iter(self._recognise_group(taggable))
            except Exception:  # one broken article must not fail its group
                tagged = map(self._recognise_safely, taggable)
            docs.extend(next(tagged) if article.error is None and _has_text(article) else self._recognise_safely(article)
                        for article in group)
        return docs

    def _recognise_safely(self, article: Article) -> Document:
        if article.error is not None:
            return Document(text=article.text or "", id=article.id, title=article.title, error=article.error)
        if article.text is None or isinstance(article.text, str) and not article.text.strip():
            return Document(text=article.text or "", id=article.id, title=article.title, error="empty text")
        try:
            return self._recognise(article.text, article.date, title=article.title, id=article.id)
        except Exception as error:  # one broken article must not end a batch
            text = article.text if isinstance(article.text, str) else ""
            return Document(text=text, id=article.id, title=article.title, error=f"{type(error).__name__}: {error}")

    def _recognise(self, text: str, date: DateLike, *, title: str | None, id: str | None) -> Document:
        return self._recognise_group([Article(text, id, title, date)])[0]

    def _recognise_group(self, articles: Sequence[Article]) -> list[Document]:
        """Documents of ``articles``, segmented one by one, recognised together: a recogniser
        with ``find_many`` (the name model) sees them all in one call; raises on the first error."""
        docs, written = [], []
        for article in articles:
            text = article.text
            if not isinstance(text, str):
                raise TypeError(f"text must be a str, got {type(text).__name__}")
            # traditional (or mixed) text is tagged in simplified characters, offsets unchanged (zhtag.script)
            simplified = twin_text(text)
            reference = to_datetime(article.date) if article.date is not None else header_datetime(simplified)
            doc = Document(text=simplified, id=article.id, title=article.title, date=reference)
            doc.tokens = self.segmenter.segment(simplified)
            docs.append(doc)
            written.append(text)
        candidates: list[list] = [[] for _ in docs]
        for recognizer in self.recognizers:
            find_many = getattr(recognizer, "find_many", None)
            found = find_many(docs) if find_many is not None else map(recognizer.find, docs)
            for doc_candidates, mentions in zip(candidates, found):
                doc_candidates.extend(mentions)
        for doc, text, doc_candidates in zip(docs, written, candidates):
            doc.mentions = resolve_overlaps(outside_web_addresses(doc.text, doc_candidates), *self._tiers)
            if doc.text != text:
                AsWritten(text, doc.text).restore(doc)
        return docs


def _has_text(article: Article) -> bool:
    """Whether the article has a text of more than whitespace (a text that is no str: no)."""
    return isinstance(article.text, str) and bool(article.text.strip())


def article_groups(articles: Iterable[Article], chars: int) -> Iterator[list[Article]]:
    """``articles`` in runs of about ``chars`` characters of text (at least one article each)."""
    group: list[Article] = []
    size = 0
    for article in articles:
        group.append(article)
        size += len(article.text) if isinstance(article.text, str) else 0
        if size >= chars:
            yield group
            group, size = [], 0
    if group:
        yield group


def to_datetime(value: DateLike) -> datetime | None:
    """A publish date from a string, date, datetime or Timestamp; ValueError if unreadable.

    ISO 8601 strings, dates and datetimes are read without pandas; other forms
    (2025/08/20, a numpy datetime64) go through ``pandas.Timestamp``.
    """
    if value is None:
        return None
    if isinstance(value, datetime):  # a pandas Timestamp too
        if value != value:  # NaT, unequal to itself
            return None
        moment = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
        return moment.replace(tzinfo=None) if moment.tzinfo else moment
    if isinstance(value, date_type):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return moment.replace(tzinfo=None) if moment.tzinfo else moment
    import pandas as pd

    if not isinstance(value, str) and pd.isna(value):
        return None
    try:
        stamp = pd.Timestamp(str(value).strip())
    except (ValueError, TypeError):
        raise ValueError(f"unreadable publish date {value!r}; use e.g. 2025-08-20 or 2025-08-20 08:46:33") from None
    if pd.isna(stamp):
        return None
    return stamp.tz_localize(None).to_pydatetime() if stamp.tzinfo else stamp.to_pydatetime()
