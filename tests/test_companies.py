"""Companies named by brand and trade alone (秦川医药): found as a clause's actor, not as a noun phrase.

All sentences are our own; the companies in them are made up.
"""
from __future__ import annotations

import pytest

from zhtag import Tagger
from zhtag.document import Document
from zhtag.recognizers.companies import CompanyRecognizer


@pytest.fixture(scope="module")
def companies(tagger: Tagger) -> CompanyRecognizer:
    return CompanyRecognizer(tagger.segmenter.is_known)


def found(tagger: Tagger, companies: CompanyRecognizer, text: str) -> list[str]:
    return [m.text for m in companies.find(Document(text=text, tokens=tagger.segmenter.segment(text)))]


@pytest.mark.parametrize(
    "text, company",
    [
        ("今年三月，星澜动力在合肥投产了第二条电池产线。", "星澜动力"),  # place between name and verb
        ("据悉，蓝鲸数科将于下月在深圳举办开发者大会。", "蓝鲸数科"),  # adverb, preposition, time, place
        ("本周一，秦川医药发布公告称一季度营收增长百分之十二。", "秦川医药"),  # a place word as the brand
        ("青禾农业已在贵州建成五个种植基地。", "青禾农业"),  # at the start of the text
        ("记者获悉，远帆物流与两家港口企业签署了合作协议。", "远帆物流"),
        ("本轮融资中，峰瑞资本领投，老股东继续加注。", "峰瑞资本"),  # an investor that leads a round
    ],
)
def test_brand_and_trade_before_a_company_verb_is_an_organisation(tagger, companies, text, company):
    assert found(tagger, companies, text) == [company]
    assert company in [m.text for m in tagger.tag(text, keywords=False).mentions_of("ORG")]


@pytest.mark.parametrize(
    "text",
    [
        "现代农业将成为县域经济的支柱。",  # an ordinary modifier, not a brand
        "这家医药企业宣布扩产。",  # the trade word after a determiner
        "发展生物医药完成了布局。",  # a common compound jieba knows
        "星澜动力的新工厂位于合肥。",  # no company verb follows
        "他说，星澜动力很强。",  # an adverb, then no company verb
    ],
)
def test_trade_words_without_an_actor_clause_are_no_company(tagger, companies, text):
    assert found(tagger, companies, text) == []
