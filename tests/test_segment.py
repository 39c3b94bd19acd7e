"""Segmentation: jieba's words and tags, dictionary entries whole, and taggers do not share dictionaries."""
from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import jieba
import pytest

import zhtag.segment as zhtag_segment
from zhtag import Tagger
from zhtag.dictionaries import Entry
from zhtag.document import Document, Token, Tokens
from zhtag.recognizers.lexicon import Lexicon
from zhtag.segment import Segmenter


def words(segmenter: Segmenter, text: str) -> list[str]:
    return [token.text for token in segmenter.segment(text)]


def test_entries_that_jieba_would_split_stay_whole(tagger):
    text = "瓴泓智能科技（贵州）有限公司在惠水建设5G基站。"
    tokens = [t.text for t in tagger.tag(text, keywords=False).tokens]
    assert "瓴泓智能科技（贵州）有限公司" in tokens
    assert "5G基站" in tokens


def test_entries_with_parentheses_spaces_and_latin_stay_whole_with_their_label_and_pos():
    entries = [
        Entry("黔云(贵州)数据服务有限公司", "ORG", "黔云(贵州)数据服务有限公司"),
        Entry("Guiyang Big Data Exchange", "ORG", "贵阳大数据交易所"),
        Entry("iFlytek", "ORG", "科大讯飞", pos="nz"),
        Entry("C919大飞机", "TERM", "C919大飞机"),
    ]
    segmenter = Segmenter(Lexicon(entries))
    text = "黔云(贵州)数据服务有限公司与Guiyang Big Data Exchange、iFlytek合作，C919大飞机项目进展顺利。"
    tokens = {(token.text, token.label, token.pos) for token in segmenter.segment(text)}
    assert ("黔云(贵州)数据服务有限公司", "ORG", "nt") in tokens
    assert ("Guiyang Big Data Exchange", "ORG", "nt") in tokens
    assert ("iFlytek", "ORG", "nz") in tokens
    assert ("C919大飞机", "TERM", "n") in tokens


def test_token_offsets_cover_the_text(tagger):
    text = "8月19日，省委、省政府召开全省数字经济发展推进大会。  贵安新区\r\n\u3000T-Mobile 3.5mm"
    doc = tagger.tag(text, keywords=False)
    assert all(text[t.start : t.end] == t.text for t in doc.tokens)
    assert "".join(t.text for t in doc.tokens) == "".join(text.split())


def test_tokens_read_as_token_objects_by_index_slice_and_iteration(tagger):
    text = "贵安新区的灯塔工厂今年投产。"
    tokens = tagger.tag(text, keywords=False).tokens
    assert isinstance(tokens, Tokens) and len(tokens) == len(tokens.texts) > 3
    assert tokens[0] == Token("贵安新区", 0, 4, tokens.poses[0], "LOC")
    assert list(tokens) == [tokens[index] for index in range(len(tokens))]
    assert tokens[-1] == Token("。", len(text) - 1, len(text), "x")
    part = tokens[1:3]
    assert isinstance(part, Tokens) and part == list(tokens)[1:3] and part.starts == tokens.starts[1:3]
    assert pickle.loads(pickle.dumps(tokens)) == tokens
    with pytest.raises(FrozenInstanceError):
        tokens[0].pos = "x"  # a token read from the columns: changing it would change nothing


def test_a_document_given_token_objects_keeps_them_as_columns():
    doc = Document(text="贵阳发布", tokens=[Token("贵阳", 0, 2, "ns", "LOC"), Token("发布", 2, 4, "v")])
    assert doc.tokens.texts == ["贵阳", "发布"] and doc.tokens.labels == ["LOC", None]
    assert doc.tokens.shifted(10) == [Token("贵阳", 10, 12, "ns", "LOC"), Token("发布", 12, 14, "v")]


def test_token_columns_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="differ in length"):
        Tokens(["贵阳"], [0], [2], [])


@pytest.mark.parametrize(
    "text",
    [
        "黔南州惠水县百鸟河数字小镇今年引进了十二家数据标注企业，带动两千多名青年就业。",
        "记者陈毓钊报道：T-Mobile与AT&T的5G套餐降价，USB-C接口、3.5mm耳机孔和2.4A快充成为卖点。",
        "详见www.gzdata.com.cn/news_2025.html，比分3-1，增长37.5%，C++课程开班。",
    ],
)
def test_segmenter_without_entries_cuts_exactly_like_jieba(text):
    assert words(Segmenter(Lexicon([])), text) == [word for word in jieba.Tokenizer().lcut(text) if not word.isspace()]


def test_known_words_take_jieba_dictionary_tags():
    import jieba.posseg

    posseg = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    expected = [(pair.word, pair.flag) for pair in posseg.lcut("企业引进人才")]
    tokens = [(token.text, token.pos) for token in Segmenter(Lexicon([])).segment("企业引进人才")]
    assert tokens == expected == [("企业", "n"), ("引进人才", "l")]


def test_dictionary_words_cut_when_alone_take_their_tag_in_the_text():
    segmenter = Segmenter(Lexicon([]))
    text = "这座老城的樱花开了，游客们纷纷把车推到路边拍照，这段路修好已久，时长两小时的演出座无虚席。"
    assert [segmenter._jieba.tag(word) for word in ("推到", "这段", "时长")] == [
        [("推", "v"), ("到", "v")], [("这", "r"), ("段", "q")], [("时", "n"), ("长", "a")]
    ]  # fmt: skip
    tokens = [(token.text, token.pos) for token in segmenter.segment(text)]
    in_dictionary = [(word, tag) for word, tag in tokens if segmenter.is_known(word)]
    assert in_dictionary == [(word, tag) for word, tag in segmenter._jieba.tag(text) if segmenter.is_known(word)]
    assert {("推到", "v"), ("这段", "r"), ("时长", "n")} <= set(tokens)


def test_new_words_take_the_tags_the_name_model_was_trained_on():
    tokens = Segmenter(Lexicon([])).segment("记者陈毓钊报道，T-Mobile增长3.5%。")
    assert [(token.text, token.pos) for token in tokens] == [
        ("记者", "n"), ("陈毓钊", "nr"), ("报道", "v"), ("，", "x"),
        ("T", "eng"), ("-", "x"), ("Mobile", "eng"), ("增长", "v"), ("3.5%", "x"), ("。", "x"),
    ]  # fmt: skip


def test_is_known_means_a_word_of_jiebas_dictionary():
    segmenter = Segmenter(Lexicon([]))
    assert segmenter.is_known("企业") and segmenter.is_known("引进人才")
    assert not segmenter.is_known("陈毓钊")
    assert not segmenter.is_known("引进人")  # a prefix of a word is no word


def test_two_segmenters_with_different_dictionaries_do_not_see_each_others_words():
    text = "青岩云脑科技与花溪智算中心签约。"
    first = Segmenter(Lexicon([Entry("青岩云脑科技", "ORG", "青岩云脑科技")]))
    second = Segmenter(Lexicon([Entry("花溪智算中心", "ORG", "花溪智算中心")]))
    plain = Segmenter(Lexicon([]))
    for _ in range(2):  # either order of use
        assert "青岩云脑科技" in words(first, text) and "花溪智算中心" not in words(first, text)
        assert "花溪智算中心" in words(second, text) and "青岩云脑科技" not in words(second, text)
        assert words(plain, text) == jieba.Tokenizer().lcut(text)


def test_two_taggers_with_different_dictionaries_do_not_affect_each_other(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("label: ORG\nentries:\n  - 青岩云脑科技\n", encoding="utf-8")
    text = "青岩云脑科技今天发布了新产品。"
    with_dictionary = Tagger([mine])
    without = Tagger()
    assert [(m.text, m.label) for m in with_dictionary.tag(text).mentions_of("ORG")] == [("青岩云脑科技", "ORG")]
    assert "青岩云脑科技" not in [m.text for m in without.tag(text).mentions]
    assert "青岩云脑科技" not in [t.text for t in without.tag(text).tokens]


def test_jieba_global_dictionary_is_untouched(tmp_path):
    import rjieba

    mine = tmp_path / "mine.txt"
    mine.write_text("黔灵云谷数据港 10 nt\n", encoding="utf-8")
    Tagger([mine]).tag("黔灵云谷数据港开工建设。")
    assert "黔灵云谷数据港" not in jieba.lcut("黔灵云谷数据港开工建设。")
    assert not rjieba.has_word("黔灵云谷数据港")
    assert not Tagger().segmenter.is_known("黔灵云谷数据港")  # the jieba-rs instance every Segmenter shares


def test_lexicon_finds_leftmost_longest_entries_among_any_characters():
    """Entries are matched on the characters as written, whatever their code points (astral
    ones, full-width forms, a lone surrogate of broken input, which a Rust string cannot hold):
    this pins the character offsets the automaton maps its matches back to."""
    lexicon = Lexicon([
        Entry("云上贵州", "ORG", "云上贵州"),
        Entry("云上贵州大数据", "ORG", "云上贵州大数据"),
        Entry("贵州", "LOC", "贵州"),
        Entry("😀表情", "TERM", "😀表情"),
        Entry("Ａ股", "TERM", "Ａ股"),
    ])
    text = "😀😀表情，云上贵州大数据与贵州\ud800Ａ股、云上贵州"
    found = [(start, end, text[start:end]) for start, end, _ in lexicon.matches(text)]
    assert found == [
        (1, 4, "😀表情"), (5, 12, "云上贵州大数据"), (13, 15, "贵州"), (16, 18, "Ａ股"), (19, 23, "云上贵州"),
    ]


def test_tokens_do_not_depend_on_which_words_the_segmenter_still_keeps(monkeypatch):
    text = "记者陈毓钊报道，T-Mobile增长3.5%。企业引进人才，陈毓钊说。"
    expected = [(t.text, t.start, t.end, t.pos) for t in Segmenter(Lexicon([])).segment(text)]
    monkeypatch.setattr(zhtag_segment, "WORDS_KEPT", 3)  # fewer words than the text holds
    segmenter = Segmenter(Lexicon([]))
    for _ in range(2):
        assert [(t.text, t.start, t.end, t.pos) for t in segmenter.segment(text)] == expected
    assert len(segmenter._known) + len(segmenter._pieces) <= 3


@pytest.mark.parametrize("text", ["比赛之时天降大雨。", "天气最热的时候，工厂搬到了新区。"])
def test_a_dictionary_word_that_jieba_splits_when_alone_keeps_its_tag_from_the_text(text):
    """之时 (r), 最热 (a) and 搬到 are dictionary words that rjieba keeps whole here but cuts in
    two when given alone (之/u 时/n, 最/d 热/n): a segmenter meeting them for the first time must
    still give the text's words and tags (all of them dictionary words, tagged alike by rjieba
    and us)."""
    expected = zhtag_segment._jieba().tag(text)
    assert [(t.text, t.pos) for t in Segmenter(Lexicon([])).segment(text)] == expected


@pytest.mark.parametrize(("text", "place"), [
    ("这部剧讲的是商海里的风云和人情冷暖。", "云和"),  # 风云|和
    ("这家电商平台中的商家超过十万户。", "台中"),  # 平台|中
    ("一位老中医建议他调平阴阳。", "平阴"),  # 调平|阴阳
])
def test_a_two_character_place_that_a_jieba_word_cuts_across_is_no_place(tagger, text, place):
    doc = tagger.tag(text, keywords=False)
    assert place not in [token.text for token in doc.tokens]
    assert place not in [m.text for m in doc.mentions]


def test_a_two_character_place_stands_where_jiebas_words_end_at_its_edges(tagger):
    doc = tagger.tag("他上周前往台中参加展会，随后去了云和县，又到湖南长沙调研。", keywords=False)
    assert {"台中", "云和县", "湖南", "长沙"} <= {m.text for m in doc.mentions_of("LOC")}


@pytest.mark.parametrize(("text", "place", "word"), [
    ("不少昆明市民周末去滇池边散步。", "昆明", "市民"),  # 昆明市|民
    ("这家乳企去年进入上海市场。", "上海", "市场"),  # 上海市|场
    ("北京市民可在线预约挂号。", "北京", "市民"),  # jieba's one word 北京市民
])
def test_a_place_ending_in_the_first_character_of_a_word_gives_that_character_up(tagger, text, place, word):
    doc = tagger.tag(text, keywords=False)
    assert place in [m.text for m in doc.mentions_of("LOC")]
    assert word in [token.text for token in doc.tokens]


@pytest.mark.parametrize(("text", "place"), [
    ("南京市长江大桥今天恢复通车。", "南京市"),  # 南京市|长江大桥
    ("上海市政府今天发布了新规。", "上海市"),  # jieba's 上海|市政府: a longer word than 市民
])
def test_a_place_keeps_its_last_character_where_jieba_gives_it_no_two_character_word(tagger, text, place):
    assert place in [token.text for token in tagger.tag(text, keywords=False).tokens]
