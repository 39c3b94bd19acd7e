"""Keywords: whole phrases, title weight, near-duplicate collapse, dictionary terms, IDF files."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from zhtag import Article, Tagger
from zhtag.keywords import IDF, METHODS, KeywordExtractor, KeywordRules

HYDROLOGY = (
    "研究团队构建了分布式水文模型，用来模拟山区流域的径流过程。"
    "与集总式模型相比，分布式水文模型能够刻画降雨在空间上的差异。"
    "团队还用分布式水文模型评估了土地利用变化对洪峰流量的影响，土地利用变化使洪峰提前了两个小时。"
)


@pytest.fixture(scope="module")
def term_tagger(tmp_path_factory: pytest.TempPathFactory) -> Tagger:
    """A tagger with a user dictionary: one TERM jieba would cut apart, one company."""
    path = tmp_path_factory.mktemp("dict") / "user.yaml"
    path.write_text(
        "label: TERM\n"
        "entries:\n"
        "  - text: 云边协同\n"
        "    pos: v\n"
        "  - text: 黔岭数智科技有限公司\n"
        "    label: ORG\n",
        encoding="utf-8",
    )
    return Tagger(dictionaries=[path])


def words(keywords) -> list[str]:
    return [keyword.keyword for keyword in keywords]


def test_multi_word_term_comes_back_whole(tagger: Tagger) -> None:
    found = words(tagger.tag(HYDROLOGY).keywords)
    assert "分布式水文模型" in found
    # its fragments are near-duplicates of it, not keywords of their own
    assert not {"分布式", "水文", "水文模型", "分布式水文"} & set(found)


@pytest.mark.parametrize("method", METHODS)
def test_a_guard_word_that_is_a_stop_word_is_no_keyword(tagger: Tagger, method: str) -> None:
    text = "北京时间今天凌晨，国产大飞机完成首次跨洋试飞。北京时间下午，试飞团队召开发布会，介绍大飞机的试飞数据。"
    found = words(KeywordExtractor().extract(tagger.tag(text, keywords=False), 10, method=method))
    assert "国产大飞机" in found and not {"北京时间", "北京"} & set(found)


def test_keywords_come_in_rank_order_with_method(tagger: Tagger) -> None:
    doc = tagger.tag(HYDROLOGY, keywords=False)
    extractor = KeywordExtractor()
    for method in METHODS:
        keywords = extractor.extract(doc, 5, method)
        assert [k.rank for k in keywords] == list(range(1, len(keywords) + 1))
        assert {k.method for k in keywords} == {method}
        assert [k.weight for k in keywords] == sorted((k.weight for k in keywords), reverse=True)
    assert len(extractor.extract(doc, 3)) == 3


def test_unknown_method_is_an_error(tagger: Tagger) -> None:
    with pytest.raises(ValueError, match="unknown keyword method"):
        KeywordExtractor().extract(tagger.tag(HYDROLOGY, keywords=False), method="bm25")


def test_title_phrase_outranks_body_only_word(tagger: Tagger) -> None:
    body = (
        "今年以来，多地加快了智能电网的改造。变电站是改造的重点：一批变电站完成了自动化升级，"
        "变电站的巡检改由机器人承担，变电站的值守人员减少了一半。"
    )
    with_title = words(tagger.tag(body, title="智能电网改造提速").keywords)
    without_title = words(tagger.tag(body).keywords)
    assert with_title.index("智能电网") < with_title.index("变电站")
    assert without_title.index("智能电网") > without_title.index("变电站")


def test_headline_word_the_body_never_uses_ranks_below_body_terms(tagger: Tagger) -> None:
    title = "算力产业加速成形"
    text = f"{title}\n2025-08-21 09:30:00\n数据中心建设提速。全省新建数据中心三个，数据中心机架超过十万架。"
    found = words(KeywordExtractor().extract(tagger.tag(text, title=title, keywords=False), 10))
    assert "数据中心" in found and "成形" in found
    assert found.index("数据中心") < found.index("成形")


def test_verb_ending_fragments_are_not_candidates(tagger: Tagger) -> None:
    text = "今年上半年，全省在用数据中心机架达到22万架。已有50多家企业租用算力，贵安的算力集群加速成形。"
    candidates = set(KeywordExtractor().candidates(tagger.tag(text, keywords=False)))
    assert not {"数据中心机架达到", "企业租用", "算力集群加速", "集群加速成形"} & candidates
    assert {"数据中心机架", "算力集群"} <= candidates


def test_noun_verb_term_in_a_list_stays_whole(tagger: Tagger) -> None:
    text = "团队改进了图像分割、目标检测的算法。图像分割的精度提高了三个百分点。"
    found = words(KeywordExtractor().extract(tagger.tag(text, keywords=False), 5))
    assert {"图像分割", "目标检测"} <= set(found)


def test_generic_single_noun_does_not_outrank_a_term(tagger: Tagger) -> None:
    text = "规模是关键。全省的规模在扩大，园区的规模在扩大，企业的规模也在扩大。贵州正在落实东数西算。"
    found = words(KeywordExtractor().extract(tagger.tag(text, keywords=False), 10))
    assert "东数西算" in found
    assert "规模" not in found


def test_entity_variants_and_attribute_phrases_are_one_keyword(tagger: Tagger) -> None:
    text = (
        "深圳新能源汽车产量同比增长。深圳市统计局表示，深圳市新能源汽车产量占全国的一成以上，"
        "新能源汽车出口也在增长。"
    )
    found = words(KeywordExtractor().extract(tagger.tag(text, keywords=False), 10))
    assert "深圳市" in found and "深圳" not in found
    assert "新能源汽车" in found and "新能源汽车产量" not in found


def test_near_duplicates_collapse(tagger: Tagger) -> None:
    text = (
        "数字经济已成为增长的新引擎。全省数字经济规模突破两万亿元，数字经济发展进入快车道。"
        "推动数字经济发展，要抓好数字经济的基础设施。"
    )
    for method in METHODS:
        found = words(KeywordExtractor().extract(tagger.tag(text, keywords=False), 10, method))
        assert not {"数字经济", "数字经济发展"} <= set(found), method
        assert {"数字经济", "数字经济发展"} & set(found), method


def test_user_dictionary_term_is_always_a_candidate(term_tagger: Tagger) -> None:
    text = "这家企业推进云边协同，让工厂的数据就近处理。"
    doc = term_tagger.tag(text)
    assert "云边协同" in KeywordExtractor().candidates(doc)
    assert "云边协同" in words(doc.keywords)


def test_organisation_is_one_keyword(term_tagger: Tagger) -> None:
    text = "黔岭数智科技有限公司发布了新的算力调度平台。黔岭数智科技有限公司表示，平台已接入三个数据中心。"
    found = words(term_tagger.tag(text).keywords)
    assert "黔岭数智科技有限公司" in found
    assert not any(word != "黔岭数智科技有限公司" and word in "黔岭数智科技有限公司" for word in found)


def test_stop_words_numbers_and_figures_are_never_keywords(tagger: Tagger) -> None:
    text = (
        "截至2025年6月底，我们调研的开发区共有38家企业入选，占全省的12.5%。"
        "其中，这些企业的研发投入同比增长了20%，新增专利1500多件。"
    )
    doc = tagger.tag(text)
    stop_words = KeywordRules.bundled().stop_words
    assert doc.keywords
    for keyword in doc.keywords:
        assert not any(char.isdigit() for char in keyword.keyword), keyword
        assert keyword.keyword not in stop_words, keyword
    figures = {m.text for m in doc.mentions_of("DATE", "PERCENT", "QUANTITY", "NUMBER")}
    assert figures and not figures & set(words(doc.keywords))


def test_boilerplate_blanks_its_line_or_note_not_a_one_line_text(tagger: Tagger) -> None:
    one_line = "（来源：黔南日报）惠水县的数据标注基地已有两千余人就业，数据标注产业带动了当地就业。"
    found = words(KeywordExtractor().extract(tagger.tag(one_line, keywords=False), 10))
    assert "数据标注" in found
    assert not any("黔南日报" in keyword for keyword in found)
    with_footer = "惠水县的数据标注基地已有两千余人就业。\n责任编辑：李明华\n"
    found = words(KeywordExtractor().extract(tagger.tag(with_footer, keywords=False), 10))
    assert "数据标注" in found or "数据标注基地" in found
    assert "李明华" not in found



def test_title_run_recovers_a_term_jieba_cuts_apart(tagger: Tagger) -> None:
    # jieba cuts 数据场 into 数据/n 场/q, and a measure word never stands in a chunk
    title = "基于数据场的交通拥堵识别方法"
    body = "本文把路网上的车流看作数据场，用数据场的势值刻画拥堵程度。实验表明，引入数据场能较早发现拥堵。"
    doc = tagger.tag(f"{title}\n{body}", title=title)
    assert words(doc.keywords)[0] == "数据场"
    assert "数据场" not in KeywordExtractor().candidates(tagger.tag(body, keywords=False))


def test_a_headline_clause_the_body_repeats_is_no_candidate(tagger: Tagger) -> None:
    title = "补肾活血汤治疗老年高血压的疗效观察"
    body = (
        "目的：观察补肾活血汤治疗老年高血压的疗效。方法：60例患者口服补肾活血汤，疗程8周。"
        "结果：补肾活血汤组血压明显下降。"
    )
    doc = tagger.tag(f"{title}\n{body}", title=title)
    assert "补肾活血汤治疗老年高血压" not in KeywordExtractor().candidates(doc)
    assert words(doc.keywords)[0] == "补肾活血汤"
    assert "观察" not in words(doc.keywords)  # a title verb the body uses once


def test_a_verb_with_an_object_cuts_a_title_segment(tagger: Tagger) -> None:
    title = "微生物菌剂修复石油污染土壤的效果评价"
    body = "试验在油田周边选取石油污染土壤，施用微生物菌剂。施用后土壤中石油烃含量下降，石油污染土壤的酶活性回升。"
    segments = KeywordExtractor().analyse(tagger.tag(f"{title}\n{body}", title=title)).title_segments
    assert {"微生物菌剂", "石油污染土壤"} <= segments
    assert "微生物菌剂修复石油污染土壤" not in segments


def test_a_title_phrase_naming_the_kind_of_study_ranks_below_a_body_term(tagger: Tagger) -> None:
    # 现状分析 (ends in the verbal noun 分析, never used in the body) says what kind of study
    # this is; 消毒设施 is part of what it is about
    title = "农村饮用水安全现状分析"
    body = (
        "调查覆盖三个县的农村饮用水工程。农村饮用水水源以地下水为主，部分工程缺少消毒设施。"
        "水质达标率不高的村，多数没有消毒设施。加装消毒设施后，水质明显改善。"
    )
    found = words(tagger.tag(f"{title}\n{body}", title=title).keywords)
    assert found[0] == "农村饮用水"
    assert found.index("消毒设施") < found.index("现状分析")


def test_a_cut_through_a_hyphenated_name_is_a_fragment(tagger: Tagger) -> None:
    title = "针刺治疗椎-基底动脉供血不足的临床观察"
    body = "选取椎-基底动脉供血不足患者六十例，随机分为两组。针刺组改善症状的效果优于对照组。"
    candidates = KeywordExtractor().analyse(tagger.tag(f"{title}\n{body}", title=title)).candidates
    assert candidates["基底动脉供血不足"].fragment
    assert not candidates["针刺"].fragment


def test_a_one_character_place_is_no_keyword(tagger: Tagger) -> None:
    doc = tagger.tag("省领导来黔调研大数据产业，走访了多家数据中心。")
    assert ("黔", "LOC") in [(mention.text, mention.label) for mention in doc.mentions]
    assert "黔" not in words(doc.keywords)
    assert "数据中心" in words(doc.keywords)


def test_a_repeated_fragment_grows_into_the_term_it_always_sits_in(tagger: Tagger) -> None:
    # jieba cuts 磷酸三丁酯 into 磷酸 / 三 / 丁酯; every use of 磷酸 goes on with 三丁酯
    text = "萃取剂选用磷酸三丁酯。磷酸三丁酯与煤油按比例混合，磷酸三丁酯的浓度为百分之三十。"
    found = words(KeywordExtractor().extract(tagger.tag(text, keywords=False), 5))
    assert found[0] == "磷酸三丁酯"
    assert not {"磷酸", "丁酯"} & set(found)



def test_a_word_used_mostly_inside_a_phrase_ranks_below_the_phrase(tagger: Tagger) -> None:
    # 隔膜 occurs four times, three of them inside 柔性电池隔膜: the phrase is the keyword
    text = "团队研发了柔性电池隔膜。柔性电池隔膜耐高温，柔性电池隔膜也更薄。普通电池需要更厚的隔膜。"
    found = words(KeywordExtractor().extract(tagger.tag(text, keywords=False), 10))
    assert found.index("柔性电池隔膜") < found.index("隔膜")

def test_a_repeated_string_that_ends_in_a_verb_is_no_candidate(tagger: Tagger) -> None:
    # every 唱片公司官方博客 goes on with 宣布, but 唱片公司官方博客宣布 is a clause, not a name
    text = "唱片公司官方博客宣布新专辑下月发行。随后，唱片公司官方博客宣布巡演计划，唱片公司官方博客宣布停更一周。"
    candidates = KeywordExtractor().candidates(tagger.tag(text, keywords=False))
    assert "唱片公司官方博客" in candidates
    assert not any(candidate.endswith("宣布") for candidate in candidates)


def test_entity_keyword_takes_the_form_the_text_uses_most(tagger: Tagger) -> None:
    text = "党中央高度重视粮食安全。党中央提出，要把粮食安全放在首位。中国共产党中央委员会决定召开会议。"
    doc = tagger.tag(text)
    assert {m.norm for m in doc.mentions if m.text == "党中央"} == {"中国共产党中央委员会"}
    found = words(doc.keywords)
    assert "党中央" in found and "中国共产党中央委员会" not in found


def test_tag_articles_gives_the_keywords_of_a_learnt_idf(tagger: Tagger) -> None:
    texts = [
        HYDROLOGY,
        "数字经济已成为增长的新引擎。全省数字经济规模突破两万亿元，数据中心建设提速。",
        "研究团队用分布式水文模型模拟了洪水过程，数据中心为模型提供了算力。",
    ]
    docs = tagger.tag_articles([Article(text, str(number)) for number, text in enumerate(texts)])
    plain = [tagger.tag(text, keywords=False) for text in texts]
    learnt = KeywordExtractor(IDF.fit(KeywordExtractor().candidates(doc) for doc in plain))
    expected = [learnt.extract_many(doc, tagger.n_keywords, tagger.keyword_methods) for doc in plain]
    assert [doc.keywords for doc in docs] == expected
    assert all(doc.keywords for doc in docs)


def test_an_analysis_without_the_word_graph_cannot_serve_textrank(tagger: Tagger) -> None:
    doc = tagger.tag(HYDROLOGY, keywords=False)
    extractor = KeywordExtractor()
    with pytest.raises(ValueError, match="word graph"):
        extractor.extract_many(doc, 5, ("textrank",), extractor.analyse(doc, ("zhtag",)))


def test_one_prescore_is_ranked_with_any_idf_but_only_by_its_methods(tagger: Tagger) -> None:
    doc = tagger.tag(HYDROLOGY, keywords=False)
    prescored = KeywordExtractor().prescore(doc, ("zhtag",))
    learnt = KeywordExtractor(IDF.fit([["分布式水文模型"], ["分布式水文模型", "洪水"]]))
    assert learnt.rank(prescored, 5, ("zhtag",)) == learnt.extract_many(doc, 5, ("zhtag",))
    assert learnt.rank(prescored, 5, ("zhtag",)) != KeywordExtractor().rank(prescored, 5, ("zhtag",))
    with pytest.raises(ValueError, match="prescored without method"):
        learnt.rank(prescored, 5, ("zhtag", "textrank"))


def test_empty_document_has_no_keywords(tagger: Tagger) -> None:
    assert KeywordExtractor().extract(tagger.tag("。。。", keywords=False)) == []


def test_idf_without_collection_is_jiebas_and_median_for_unknown() -> None:
    idf = IDF()
    table_value = idf.prior("经济")
    assert idf("经济") == pytest.approx(table_value)
    assert idf("嗯嗯嗯不是词") == pytest.approx(idf.prior("嗯嗯嗯不是词"))
    assert idf("经济") < idf("嗯嗯嗯不是词")


def test_idf_learnt_from_collection_lowers_common_words() -> None:
    collection = [["水文模型", "径流"], ["水文模型", "洪水"], ["水文模型", "泥沙"], ["数据中心"]]
    before = IDF()
    after = IDF.fit(collection)
    assert after.documents == 4
    assert after("水文模型") < after("径流")
    assert after("水文模型") < before("水文模型")


def test_idf_save_load_round_trip(tmp_path: Path) -> None:
    idf = IDF.fit([["分布式水文模型", "径流"], ["径流", "土地利用变化"]])
    idf.add(["径流"])
    path = tmp_path / "idf.tsv"
    idf.save(path)
    loaded = IDF.load(path)
    assert loaded.documents == 3
    assert loaded.frequencies == {"径流": 3}  # words of one document are left out of the file
    for word in ("径流", "分布式水文模型", "土地利用变化", "没见过的词"):
        assert math.isclose(loaded(word), idf(word))
    assert math.isclose(loaded.of_phrases([("分布式水文模型", ("分布式", "水文模型"))])[0], idf("分布式水文模型", ("分布式", "水文模型")))


def test_once_learnt_an_unseen_word_counts_as_held_by_one_document() -> None:
    idf = IDF.fit([["径流"], ["土地利用变化"], ["径流"]])
    assert idf("径流") < idf("土地利用变化")
    assert idf("土地利用变化") == idf("没见过的词组")


def test_idf_load_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "idf.tsv"
    path.write_text("#documents\t2\n径流\t2\n坏行没有计数\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"idf.tsv:3"):
        IDF.load(path)


def test_an_extractor_forgets_old_tokens_without_changing_the_keywords(tagger, monkeypatch):
    """A long-lived Tagger keeps a bounded number of token units; emptying them changes nothing."""
    import zhtag.keywords as keywords_module

    texts = ["贵安新区数据中心集群今年新增算力规模，算力调度平台接入多家企业。",
             "遵义市茶产业博览会开幕，湄潭翠芽和茶旅融合成为关注焦点。"]
    docs = [tagger.tag(text, "2025-08-20", keywords=False) for text in texts]
    expected = [KeywordExtractor().extract_many(doc, 5, METHODS) for doc in docs]
    monkeypatch.setattr(keywords_module, "UNITS_KEPT", 3)
    small = KeywordExtractor()
    for _ in range(2):
        assert [small.extract_many(doc, 5, METHODS) for doc in docs] == expected
    assert len(small._units_seen) <= 3


def test_prior_idfs_do_not_depend_on_which_words_are_still_kept(monkeypatch):
    """The prior of a word kept from an earlier document is the table's, however few are kept."""
    import zhtag.keywords as keywords_module

    phrases = [("径流", ("径流",)), ("数据", ("数据",)), ("没见过的词", ("没见过的词",)),
               ("分布式水文模型", ("分布式", "水文模型")), ("径流", ("径流",))]
    from_table = keywords_module._table_idfs(phrases).tolist()
    monkeypatch.setattr(keywords_module, "PRIORS_KEPT", 2)  # fewer words than the phrases hold
    monkeypatch.setattr(keywords_module, "_word_priors", {})
    for _ in range(3):
        assert IDF().of_phrases(phrases).tolist() == [IDF().of_phrases([phrase])[0] for phrase in phrases]
        assert keywords_module._prior_idfs(phrases).tolist() == from_table
    assert len(keywords_module._word_priors) <= 2
