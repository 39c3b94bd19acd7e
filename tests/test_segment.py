"""Segmentation: dictionary entries come out whole, and taggers do not share dictionaries."""
from __future__ import annotations

from zhtag import Tagger


def test_entries_that_jieba_would_split_stay_whole(tagger):
    text = "瓴泓智能科技（贵州）有限公司在惠水建设5G基站。"
    tokens = [t.text for t in tagger.tag(text, keywords=False).tokens]
    assert "瓴泓智能科技（贵州）有限公司" in tokens
    assert "5G基站" in tokens


def test_token_offsets_cover_the_text(tagger):
    text = "8月19日，省委、省政府召开全省数字经济发展推进大会。  贵安新区"
    doc = tagger.tag(text, keywords=False)
    assert all(text[t.start : t.end] == t.text for t in doc.tokens)
    assert "".join(t.text for t in doc.tokens) == text.replace(" ", "")


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
    import jieba

    mine = tmp_path / "mine.txt"
    mine.write_text("黔灵云谷数据港 10 nt\n", encoding="utf-8")
    Tagger([mine]).tag("黔灵云谷数据港开工建设。")
    assert "黔灵云谷数据港" not in jieba.lcut("黔灵云谷数据港开工建设。")
