"""jieba's tables in their compact, cached form segment and tag exactly as jieba does."""
from __future__ import annotations

import jieba
import pytest

from zhtag import jieba_tables as tables_module
from zhtag.jieba_tables import jieba_tables
from zhtag.recognizers.lexicon import Lexicon
from zhtag.segment import Segmenter, _most_likely_states

TEXT = "黔南州惠水县百鸟河数字小镇今年引进了十二家数据标注企业，带动两千多名青年就业。"


def test_segmenter_without_entries_cuts_exactly_like_jieba():
    words = [token.text for token in Segmenter(Lexicon([])).segment(TEXT)]
    assert words == jieba.Tokenizer().lcut(TEXT)


def test_known_words_take_jieba_dictionary_tags():
    import jieba.posseg

    posseg = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    expected = [(pair.word, pair.flag) for pair in posseg.lcut("企业引进人才")]
    tokens = [(token.text, token.pos) for token in Segmenter(Lexicon([])).segment("企业引进人才")]
    assert tokens == expected == [("企业", "n"), ("引进人才", "l")]


@pytest.mark.parametrize("word", ["陈毓钊", "潘德玉", "黔灵云谷", "滢溪", "瓴泓"])
def test_new_word_states_match_jieba_posseg(word):
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    _, expected = viterbi(word, char_state_tab_P, start_P, trans_P, emit_P)
    assert _most_likely_states(word, jieba_tables().pos_hmm) == expected


def test_new_person_name_is_guessed_as_nr():
    tokens = Segmenter(Lexicon([])).segment("记者陈毓钊报道")
    assert ("陈毓钊", "nr") in [(token.text, token.pos) for token in tokens]


@pytest.fixture
def fresh_tables(monkeypatch, tmp_path):
    """jieba_tables() with an empty cache directory under tmp_path (the real one is used again after)."""
    monkeypatch.setattr(tables_module.platformdirs, "user_cache_dir", lambda name: str(tmp_path / name))
    jieba_tables.cache_clear()
    yield tmp_path / "zhtag"
    jieba_tables.cache_clear()


def test_first_use_writes_the_cache_and_the_next_process_reads_the_same_tables(fresh_tables):
    built = jieba_tables()
    cached = list(fresh_tables.glob("jieba-tables-*.marshal"))
    assert len(cached) == 1
    jieba_tables.cache_clear()
    loaded = jieba_tables()
    assert loaded is not built
    assert loaded.freq == built.freq and loaded.tags == built.tags and loaded.idf == built.idf
    assert loaded.pos_hmm == built.pos_hmm


def test_prefix_dictionary_equals_jiebas_own():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tables = jieba_tables()
    assert tables.freq == tokenizer.FREQ
    assert tables.total == tokenizer.total


def test_unwritable_cache_directory_still_gives_the_tables(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(tables_module.platformdirs, "user_cache_dir", lambda name: str(blocker / name))
    jieba_tables.cache_clear()
    try:
        assert jieba_tables().tags["企业"] == "n"
    finally:
        jieba_tables.cache_clear()


def test_repeated_words_are_stored_once():
    tables = jieba_tables()
    word = next(key for key in tables.tags if key == "企业")
    assert any(key is word for key in tables.freq if key == "企业")
    assert any(key is word for key in tables.idf if key == "企业")
