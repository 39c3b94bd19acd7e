"""Traditional and mixed-script text (Taiwan, Hong Kong, Macao news) is tagged as simplified text is.

The sentences are invented for these tests, in the style of each region's news.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
import pandas as pd
import pytest

from zhtag import Tagger
from zhtag.dictionaries import bundled_entry_files, load_all, load_rules
from zhtag.script import in_variant, to_simplified, twin_text, variant_of

TAIWAN = "行政院長卓榮泰上週三在立法院答詢時指出，台中和新竹的用電量分別增加3.5%與2.1%。"
TAIWAN_COMPANY = "鴻海董事長劉揚偉昨日在新北市土城區表示，公司第三季營收成長超過兩成。"
TAIWAN_CITY = "臺中市政府今天宣布，明年起將在北屯區興建新的捷運站，預算約新臺幣120億元。"
HONG_KONG = "香港特區政府發言人表示，行政會議已通過有關條例草案，將於下週提交立法會審議。"
MACAO = "澳門特別行政區政府與銀河娛樂集團簽署協議，在氹仔興建新的會展中心。"
MIXED = "台积电在台中的新厂今年投产，聯發科亦宣布擴大投資。"
TAIWAN_FOREIGN = "紐西蘭與肯亞簽署農業合作協議，輝達也宣布在義大利設立研發中心。"
#: Simplified sentences whose OpenCC s2tw / s2hk forms must be tagged alike.
SIMPLIFIED = [
    "国务院总理李强8月19日在北京主持召开国务院常务会议，研究部署进一步扩大内需。",
    "上半年，贵州省电子信息制造业增加值同比增长37.5%，高于全国平均水平。",
    "长江和记实业宣布，将以港元50亿元出售旗下港口业务，交易预计明年完成。",
]


def entities(doc) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.label, m.norm) for m in doc.mentions if m.label in ("PER", "ORG", "LOC")]


def spans(doc) -> list[tuple]:
    return [(m.start, m.end, m.label, m.value, m.unit, m.qualifier, m.start_time) for m in doc.mentions]


def assert_offsets_hold(doc) -> None:
    for mention in doc.mentions:
        assert doc.text[mention.start : mention.end] == mention.text
    for token in doc.tokens:
        assert doc.text[token.start : token.end] == token.text


def test_the_issue_example_gives_the_company_the_person_and_the_place(tagger: Tagger) -> None:
    text = "台積電董事長魏哲家8月19日在新竹表示，今年上半年營收成長超過四成。"
    doc = tagger.tag(text, date="2025-08-20", keywords=False)
    assert_offsets_hold(doc)
    found = {(m.text, m.label) for m in doc.mentions}
    assert {("台積電", "ORG"), ("魏哲家", "PER"), ("新竹", "LOC"), ("8月19日", "DATE")} <= found
    assert doc.mentions_of("ORG")[0].norm == "台灣積體電路製造股份有限公司"
    assert doc.mentions_of("LOC")[0].norm == "新竹市"
    percent = doc.mentions_of("PERCENT")[0]
    assert (percent.text, percent.value, percent.qualifier) == ("超過四成", 40.0, ">")


def test_taiwan_government_bodies_and_places_are_separate_mentions(tagger: Tagger) -> None:
    doc = tagger.tag(TAIWAN, date="2025-08-20", keywords=False)
    assert_offsets_hold(doc)
    assert entities(doc) == [
        ("行政院", "ORG", "行政院"),
        ("卓榮泰", "PER", None),
        ("立法院", "ORG", "立法院"),
        ("台中", "LOC", "台中市"),
        ("新竹", "LOC", "新竹市"),
    ]
    dates = doc.mentions_of("DATE")
    assert [(m.text, m.norm) for m in dates] == [("上週三", "2025-08-13")]
    assert [(m.text, m.value) for m in doc.mentions_of("PERCENT")] == [("3.5%", 3.5), ("2.1%", 2.1)]


def test_names_taiwan_writes_its_own_way_are_the_same_places_and_companies(tagger: Tagger) -> None:
    """紐西蘭 is 新西兰 and 輝達 is 英伟达: Taiwan's forms (dictionaries/taiwan_forms.yaml) carry the
    canonical names, written in the text's script, so both regions' articles count the same name."""
    doc = tagger.tag(TAIWAN_FOREIGN, keywords=False)
    assert_offsets_hold(doc)
    assert entities(doc) == [
        ("紐西蘭", "LOC", "新西蘭"),
        ("肯亞", "LOC", "肯尼亞"),
        ("輝達", "ORG", "英偉達公司"),
        ("義大利", "LOC", "意大利"),
    ]
    assert {to_simplified(norm) for _, _, norm in entities(doc)} == {"新西兰", "肯尼亚", "英伟达公司", "意大利"}


def test_people_under_their_taiwan_names_are_the_people_of_mainland_news(tagger: Tagger) -> None:
    taiwan = tagger.tag("川普與普丁在赫爾辛基會面，梅克爾與賀錦麗隨後表示關切。", keywords=False)
    mainland = tagger.tag("特朗普与普京在赫尔辛基会面，默克尔与卡玛拉·哈里斯随后表示关切。", keywords=False)
    people = [(m.text, m.norm) for m in taiwan.mentions_of("PER")]
    assert people == [("川普", "唐納德·特朗普"), ("普丁", "弗拉基米爾·普京"), ("梅克爾", "安格拉·默克爾"), ("賀錦麗", "卡瑪拉·哈里斯")]
    assert [to_simplified(norm) for _, norm in people] == [m.norm for m in mainland.mentions_of("PER")]


def test_taiwan_forms_are_those_opencc_gives_for_the_bundled_names() -> None:
    """dictionaries/taiwan_forms.yaml is generated: it must be what its script makes of today's entries."""
    script = Path(__file__).parents[1] / "scripts" / "build_taiwan_forms.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_taiwan_company_district_and_figures(tagger: Tagger) -> None:
    doc = tagger.tag(TAIWAN_COMPANY, date="2025-08-20", keywords=False)
    assert_offsets_hold(doc)
    assert ("鴻海", "ORG", "鴻海精密工業股份有限公司") in entities(doc)
    assert ("新北市", "LOC", "新北市") in entities(doc)
    assert ("土城區", "LOC", "土城區") in entities(doc)
    assert [(m.text, m.norm) for m in doc.mentions_of("DATE")] == [("昨日", "2025-08-19")]
    percent = doc.mentions_of("PERCENT")[0]
    assert (percent.text, percent.value, percent.unit, percent.qualifier) == ("超過兩成", 20.0, "%", ">")


def test_taiwan_city_body_and_money_in_new_taiwan_dollars(tagger: Tagger) -> None:
    doc = tagger.tag(TAIWAN_CITY, date="2025-08-20", keywords=False)
    assert_offsets_hold(doc)
    assert ("臺中市政府", "ORG", "臺中市政府") in entities(doc)
    assert ("北屯區", "LOC", "北屯區") in entities(doc)
    money = doc.mentions_of("MONEY")[0]
    assert (money.text, money.value, money.unit, money.qualifier) == ("約新臺幣120億元", 12_000_000_000.0, "TWD", "~")


def test_hong_kong_bodies_are_named_in_hong_kong_script(tagger: Tagger) -> None:
    doc = tagger.tag(HONG_KONG, date="2025-08-20", keywords=False)
    assert_offsets_hold(doc)
    assert entities(doc) == [
        ("香港特區政府", "ORG", "香港特別行政區政府"),
        ("行政會議", "ORG", "行政會議"),
        ("立法會", "ORG", "立法會"),
    ]
    assert [(m.text, m.norm) for m in doc.mentions_of("DATE")] == [("下週", "2025-W35")]


def test_macao_government_company_and_island(tagger: Tagger) -> None:
    doc = tagger.tag(MACAO, keywords=False)
    assert_offsets_hold(doc)
    assert entities(doc) == [
        ("澳門特別行政區政府", "ORG", "澳門特別行政區政府"),
        ("銀河娛樂集團", "ORG", "銀河娛樂集團有限公司"),
        ("氹仔", "LOC", "嘉模堂區"),
    ]


def test_mixed_text_keeps_each_mentions_own_script(tagger: Tagger) -> None:
    doc = tagger.tag(MIXED, keywords=False)
    assert_offsets_hold(doc)
    assert entities(doc) == [
        ("台积电", "ORG", "台湾积体电路制造股份有限公司"),
        ("台中", "LOC", "台中市"),
        ("聯發科", "ORG", "聯發科技股份有限公司"),
    ]


def test_norm_follows_the_texts_spelling_of_tai(tagger: Tagger) -> None:
    """A text writing 臺 gets 臺 in the canonical name, one writing 台 gets 台."""
    with_tai = tagger.tag("臺積電今天公布財報。", keywords=False).mentions_of("ORG")[0]
    without = tagger.tag("台積電今天公布財報。", keywords=False).mentions_of("ORG")[0]
    assert with_tai.norm == "臺灣積體電路製造股份有限公司"
    assert without.norm == "台灣積體電路製造股份有限公司"


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
@pytest.mark.parametrize("simplified", SIMPLIFIED)
def test_opencc_traditional_is_tagged_like_its_simplified_original(tagger: Tagger, simplified: str, config: str) -> None:
    traditional = opencc.OpenCC(config).convert(simplified)
    assert len(traditional) == len(simplified) and traditional != simplified
    original = tagger.tag(simplified, date="2025-08-20")
    converted = tagger.tag(traditional, date="2025-08-20")
    assert_offsets_hold(converted)
    assert spans(converted) == spans(original)
    assert [to_simplified(m.text) for m in converted.mentions] == [m.text for m in original.mentions]
    keywords = [(to_simplified(k.keyword), k.method) for k in converted.keywords]
    assert keywords == [(k.keyword, k.method) for k in original.keywords]


def test_keywords_are_ranked_as_in_simplified_and_written_as_the_text_writes_them(tagger: Tagger) -> None:
    text = "臺中捷運綠線延伸計畫今天動工，臺中市政府表示，捷運綠線延伸後將串聯大坑與彰化，預計三年後通車。"
    keywords = [k.keyword for k in tagger.tag(text).keywords if k.method == "zhtag"]
    simplified = [k.keyword for k in tagger.tag(to_simplified(text)).keywords if k.method == "zhtag"]
    assert [to_simplified(keyword) for keyword in keywords] == simplified
    assert keywords and all(keyword in text for keyword in keywords)


def test_mentions_frame_of_traditional_articles(tagger: Tagger) -> None:
    articles = pd.DataFrame({"id": ["tw", "hk"], "text": [TAIWAN, HONG_KONG], "date": ["2025-08-20", "2025-08-20"]})
    mentions, keywords, documents = tagger.tag_frame(articles)
    texts = dict(zip(articles["id"], articles["text"]))
    for row in mentions.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    assert {"立法院", "立法會"} <= set(mentions["text"])
    assert set(keywords["keyword"]) and all(any(k in text for text in texts.values()) for k in keywords["keyword"])
    assert documents["error"].fillna("").eq("").all()


def test_simplified_twin_keeps_length_and_maps_each_character() -> None:
    text = "臺灣「半導體」產業鏈：台積電、聯電與日月光投控，2025年營收創新高！"
    simplified = to_simplified(text)
    assert len(simplified) == len(text)
    assert simplified == "台湾「半导体」产业链：台积电、联电与日月光投控，2025年营收创新高！"
    assert to_simplified("贵州省大数据发展管理局") == "贵州省大数据发展管理局"


def test_variant_is_read_from_the_characters_each_region_writes() -> None:
    assert variant_of("衛生福利部今天說明啟動新制") == "tw"
    assert variant_of("衞生署今日説明啓動新安排") == "hk"
    assert variant_of("香港") == "t"


def test_simplified_text_with_characters_t2s_would_change_is_read_as_written(tagger: Tagger) -> None:
    """昇腾 and 乾县 are simplified names; converting them (升腾, 干县) would lose the entries."""
    text = "华为昇腾芯片在乾县的数据中心投入使用。"
    assert twin_text(text) == text
    found = {(m.text, m.label) for m in tagger.tag(text, keywords=False).mentions}
    assert ("乾县", "LOC") in found
    assert "昇腾" in {k.keyword for k in tagger.tag(text).keywords}


def test_a_traditional_text_converts_those_characters_too() -> None:
    assert twin_text("華為昇騰晶片") == "华为升腾晶片"


def test_every_bundled_character_t2s_changes_is_listed_as_simplified_too() -> None:
    """Else a bundled simplified entry would make its own text count as traditional."""
    changed = {char for entry in load_all(bundled_entry_files()) for char in entry.text if to_simplified(char) != char}
    assert changed <= set(load_rules("script")["simplified_also"])


def test_a_users_dictionary_in_traditional_characters_matches_both_scripts(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("label: ORG\nentries:\n  - {text: 臺灣港務公司, aliases: [港務公司]}\n", encoding="utf-8")
    tagger = Tagger([path], model=False)
    for text in ("臺灣港務公司今天宣布擴建高雄港。", "台湾港务公司今天宣布扩建高雄港。"):
        orgs = tagger.tag(text, keywords=False).mentions_of("ORG")
        assert [(m.text, m.norm) for m in orgs] == [(text[:6], "臺灣港務公司")]


def test_the_bundled_taiwan_sample_is_tagged_as_written(tagger, samples_dir):
    text = (samples_dir / "taiwan_semiconductor.txt").read_text(encoding="utf-8")
    doc = tagger.tag(text)
    found = {(m.text, m.label): m for m in doc.mentions}
    assert all(text[m.start : m.end] == m.text for m in doc.mentions)
    assert found["台積電", "ORG"].norm == "台灣積體電路製造股份有限公司"
    money = found["新台幣1.2兆元", "MONEY"]
    assert (money.value, money.unit) == (1.2e12, "TWD")
    assert found["上週三", "DATE"].norm == "2025-08-13"
    assert found["約3.5個百分點", "PERCENT"].unit == "pp"


@pytest.mark.parametrize("variant, config", [("tw", "s2tw"), ("hk", "s2hk"), ("t", "s2t")])
def test_names_are_written_in_a_variant_as_opencc_writes_them(variant: str, config: str) -> None:
    """in_variant chains s2t with t2tw / t2hk (one copy of s2t's phrase tables): the same text as s2tw / s2hk."""
    names = sorted({entry.canonical for entry in load_all(bundled_entry_files())})
    names += ["头发", "皇后大道中", "里程碑", "台湾积体电路制造股份有限公司", "麦当劳", "才干", "系统"]
    direct = opencc.OpenCC(config)
    assert [in_variant(name, variant) for name in names] == [direct.convert(name) for name in names]
