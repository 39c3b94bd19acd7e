"""jieba's tables: rjieba's dictionary is jieba's, and zhtag's compact cached tables equal jieba's own."""
from __future__ import annotations

import numpy as np
import pytest

from zhtag import jieba_tables as tables_module
from zhtag.jieba_tables import jieba_tables, word_hashes
from zhtag.segment import PosViterbi, _jieba


def test_rjieba_knows_every_word_of_jiebas_dictionary_with_its_tag():
    """The name model's POS features are jieba's dictionary tags; a rjieba with another dictionary would change them."""
    rjieba = _jieba()
    lines = [line.split() for line in (tables_module._JIEBA_DIR / "dict.txt").read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 300_000
    assert all(rjieba.has_word(word) for word, *_ in lines)
    whole = [(word, tag) for word, _, tag in lines[::50] if len(rjieba.tag(word)) == 1]
    assert len(whole) > 5_000
    assert [(word, rjieba.tag(word)[0][1]) for word, _ in whole] == whole


@pytest.mark.parametrize("word", ["陈毓钊", "潘德玉", "黔灵云谷", "滢溪", "瓴泓"])
def test_new_word_states_match_jieba_posseg(word):
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    _, expected = viterbi(word, char_state_tab_P, start_P, trans_P, emit_P)
    assert PosViterbi(jieba_tables().pos_hmm).most_likely_states(word) == expected


def test_idf_table_equals_jiebas_own():
    from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

    idf, median = IDFLoader(DEFAULT_IDF).get_idf()
    tables = jieba_tables()
    words = list(idf)
    assert len(tables.idf) == len(idf)
    assert tables.idf.lookup(words).tolist() == [idf[word] for word in words]
    assert tables.idf_median == median


def test_words_outside_the_idf_table_are_unlisted():
    """Words jieba's table lacks, near neighbours of listed ones among them (the hash must tell them apart)."""
    from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

    idf, _ = IDFLoader(DEFAULT_IDF).get_idf()
    listed = list(idf)[::97]
    near = [word[::-1] for word in listed] + [word + "们" for word in listed] + [word[1:] for word in listed]
    outside = [word for word in near if word not in idf] + ["贵安超算中心二期", "", "🚀"]
    assert len(outside) > 5_000
    assert np.isnan(jieba_tables().idf.lookup(outside)).all()


def test_word_hashes_are_those_of_their_definition():
    """A polynomial in the code points mod 2**64, mixed with the length: the same in every process."""
    modulus, base, mix = 2**64, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F

    def expected(word: str) -> int:
        total = sum(ord(char) * pow(base, len(word) - 1 - i, modulus) + 1 for i, char in enumerate(word)) % modulus
        return total ^ (len(word) * mix % modulus)

    words = ["", "企", "企业", "业企", "ab", "ba", "贵安超算中心" * 9, "𠮷野家"]
    assert word_hashes(words).tolist() == [expected(word) for word in words]


@pytest.fixture
def fresh_tables(monkeypatch, tmp_path):
    """jieba_tables() with an empty cache directory under tmp_path (the real one is used again after)."""
    monkeypatch.setenv("ZHTAG_CACHE_DIR", str(tmp_path / "zhtag"))
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
    words = ["企业", "数据", "贵安超算中心"]
    assert np.array_equal(loaded.idf.lookup(words), built.idf.lookup(words), equal_nan=True)
    assert loaded.idf_median == built.idf_median
    assert loaded.pos_hmm == built.pos_hmm


def test_unwritable_cache_directory_still_gives_the_tables(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ZHTAG_CACHE_DIR", str(blocker / "zhtag"))
    jieba_tables.cache_clear()
    try:
        assert jieba_tables().idf.lookup(["企业"])[0] > 0
    finally:
        jieba_tables.cache_clear()


def test_repeated_strings_are_stored_once():
    hmm = jieba_tables().pos_hmm
    state = next(key for key in hmm.start if key == ("B", "nr"))
    char = next(key for key in hmm.char_states if key == "陈")
    assert any(key is char for key in hmm.emit if key == "陈")
    for table in (hmm.emit, hmm.trans):
        rows = [row for row in table.values() if state in row]
        assert rows and all(any(key is state for key in row if key == state) for row in rows)
