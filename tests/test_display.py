"""Highlighted HTML of a document and the ``df.zhtag`` accessor: marks, labels, hover values, escaping, columns."""
from __future__ import annotations

import html
import re
from datetime import datetime

import pandas as pd
import pytest

import zhtag
from zhtag.accessor import COOCCURRENCE_COLUMNS, FIGURE_COLUMNS, TIMELINE_COLUMNS, TOP_COLUMNS
from zhtag.display import document_html, figure_text, show
from zhtag.document import Document, Mention
from zhtag.frames import MENTION_DTYPES, mentions_frame

TEXT = "8月19日，贵州省大数据发展管理局称，近万家企业上云，占比37.5%。\n\n  <script>alert('x')</script> & 贵阳"


def _mention(text: str, label: str, **resolved) -> Mention:
    start = TEXT.index(text)
    return Mention(start, start + len(text), text, label, **resolved)


MENTIONS = [
    _mention("8月19日", "DATE", norm="2025-08-19", start_time=datetime(2025, 8, 19), end_time=datetime(2025, 8, 20), source="dates"),
    _mention("贵州省大数据发展管理局", "ORG", norm="贵州省大数据发展管理局", source="lexicon"),
    _mention("近万家", "QUANTITY", value=10000.0, unit="家", qualifier="~", source="figures"),
    _mention("37.5%", "PERCENT", norm="37.5%", value=37.5, unit="%", qualifier="=", source="figures"),
    _mention("贵阳", "LOC", norm="贵阳市", source="lexicon"),
]
DOC = Document(text=TEXT, id="a1", title="贵州 <b>数据</b>", date=datetime(2025, 8, 20), mentions=MENTIONS)


def _marks(page: str) -> dict[str, tuple[str, str]]:
    """Each highlighted text -> (its label shown beside it, its hover title)."""
    found = re.findall(
        r'<mark class="zhtag-entity" data-label="([^"]+)" title="([^"]*)"[^>]*>(.*?)<span class="zhtag-label"[^>]*>(.*?)</span></mark>',
        page,
        flags=re.S,
    )
    return {html.unescape(text): (shown, html.unescape(title)) for _, title, text, shown in found}


def test_every_mention_is_highlighted_with_its_label():
    marks = _marks(document_html(DOC))
    assert {text: shown for text, (shown, _) in marks.items()} == {m.text: m.label for m in MENTIONS}


def test_hover_shows_resolved_values():
    marks = _marks(document_html(DOC))
    assert "2025-08-19" in marks["8月19日"][1]
    assert "~10000 家" in marks["近万家"][1]
    assert "37.5%" in marks["37.5%"][1]
    assert "贵阳市" in marks["贵阳"][1]


def test_article_text_is_escaped_and_paragraphs_kept():
    page = document_html(DOC)
    assert "<script>" not in page and "<b>数据</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; " in page
    assert "&lt;b&gt;数据&lt;/b&gt;" in page
    assert "。\n\n  &lt;script" in page, "newlines and indentation reach the page"
    assert "white-space: pre-wrap" in page and "max-height" in page and "overflow-y: auto" in page


def test_document_shows_itself_in_jupyter():
    assert DOC._repr_html_() == document_html(DOC)


def test_show_renders_a_mentions_frame_like_the_document():
    frame = mentions_frame([DOC, Document(text="北京", id="b2", mentions=[Mention(0, 2, "北京", "LOC")])])
    shown = zhtag.show(frame, TEXT, doc_id="a1")
    assert _marks(shown._repr_html_()) == _marks(document_html(DOC))
    assert _marks(frame.zhtag.show(TEXT, doc_id="a1").html) == _marks(document_html(DOC))
    with pytest.raises(ValueError, match="doc_id"):
        show(frame, TEXT)


def test_show_refuses_mentions_of_another_text():
    with pytest.raises(ValueError, match="does not match the text"):
        show(MENTIONS, "完全不同的一段文字，长度也不一样。")


@pytest.mark.parametrize(
    "value, unit, qualifier, expected",
    [(10000.0, "家", "~", "~10000 家"), (3e9, "CNY", ">", ">3000000000 CNY"), (37.5, "%", "=", "37.5%"), (None, None, None, None)],
)
def test_figure_text(value, unit, qualifier, expected):
    assert figure_text(value, unit, qualifier) == expected


def test_tagged_document_html_contains_every_mention(tagger):
    doc = tagger.tag("8月19日，贵州省大数据发展管理局在贵阳发布<script>x</script>数据，近万家企业上云。", date="2025-08-20")
    marks = _marks(doc._repr_html_())
    assert doc.mentions and {text: shown for text, (shown, _) in marks.items()} == {m.text: m.label for m in doc.mentions}
    assert "<script>" not in doc._repr_html_()


# --- the df.zhtag accessor --------------------------------------------------------------------

ARTICLES = pd.DataFrame(
    {
        "id": ["g1", "g2"],
        "text": ["8月19日，贵州省大数据发展管理局在贵阳召开发布会。", "去年，贵阳大数据交易所在贵阳累计交易额突破30亿元。"],
        "date": ["2025-08-20", "2025-08-20"],
    }
)


def test_tag_returns_the_mentions_frame(tagger):
    mentions = ARTICLES.zhtag.tag(text="text", tagger=tagger)
    assert list(mentions.columns) == list(MENTION_DTYPES)
    assert {c: str(mentions[c].dtype) for c in mentions} == {c: str(pd.Series(dtype=d).dtype) for c, d in MENTION_DTYPES.items()}
    assert set(mentions["doc_id"]) == {"g1", "g2"}
    tables = ARTICLES.zhtag.tables(text="text", tagger=tagger)
    assert list(tables.documents["doc_id"]) == ["g1", "g2"]
    assert not tables.keywords.empty


def _frame() -> pd.DataFrame:
    g1 = "8月19日，贵阳和贵州省政府发布数据，近万家企业上云。"
    g2 = "9月1日，贵阳市发布消息，增长37.5%。"
    return mentions_frame(
        [
            Document(
                text=g1,
                id="g1",
                mentions=[
                    Mention(0, 5, "8月19日", "DATE", norm="2025-08-19", start_time=datetime(2025, 8, 19), end_time=datetime(2025, 8, 20)),
                    Mention(6, 8, "贵阳", "LOC", norm="贵阳市"),
                    Mention(9, 14, "贵州省政府", "ORG"),
                    Mention(19, 22, "近万家", "QUANTITY", value=10000.0, unit="家", qualifier="~"),
                ],
            ),
            Document(
                text=g2,
                id="g2",
                mentions=[
                    Mention(0, 4, "9月1日", "DATE", norm="2025-09-01", start_time=datetime(2025, 9, 1), end_time=datetime(2025, 9, 2)),
                    Mention(5, 8, "贵阳市", "LOC", norm="贵阳市"),
                    Mention(16, 21, "37.5%", "PERCENT", norm="37.5%", value=37.5, unit="%", qualifier="="),
                ],
            ),
        ]
    )


def test_top_counts_entities_by_canonical_name():
    top = _frame().zhtag.top(5)
    assert list(top.columns) == list(TOP_COLUMNS)
    first = top.iloc[0]
    assert (first["label"], first["entity"], first["mentions"], first["documents"], first["rank"]) == ("ORG", "贵州省政府", 1, 1, 1)
    loc = top[top["label"] == "LOC"].iloc[0]
    assert (loc["entity"], loc["mentions"], loc["documents"]) == ("贵阳市", 2, 2)
    assert len(_frame().zhtag.top(1, labels=("LOC", "ORG"))) == 2


def test_cooccurrence_counts_shared_documents_once_per_pair():
    pairs = _frame().zhtag.cooccurrence()
    assert list(pairs.columns) == list(COOCCURRENCE_COLUMNS)
    assert pairs[["entity_a", "entity_b", "documents"]].values.tolist() == [["贵阳市", "贵州省政府", 1]]


def test_timeline_counts_dated_mentions_per_period():
    timeline = _frame().zhtag.timeline("M")
    assert list(timeline.columns) == list(TIMELINE_COLUMNS)
    assert timeline["period"].dtype == "datetime64[us]"
    assert timeline[["period", "mentions"]].values.tolist() == [[pd.Timestamp("2025-08-01"), 1], [pd.Timestamp("2025-09-01"), 1]]


def test_figures_have_values_and_units():
    figures = _frame().zhtag.figures()
    assert list(figures.columns) == list(FIGURE_COLUMNS)
    assert figures["figure"].tolist() == ["~10000 家", "37.5%"]
    assert figures["unit"].tolist() == ["家", "%"]


def test_helpers_name_the_fix_on_a_frame_that_is_not_mentions():
    with pytest.raises(KeyError, match="df.zhtag.tag"):
        ARTICLES.zhtag.top()
