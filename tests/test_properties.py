"""Any text at all: the tagger never raises, every mention's offsets hold, no two mentions overlap.

Random texts mix pieces of Chinese news characters, digits, punctuation, Latin, emoji,
control characters, whitespace and arbitrary Unicode, and long runs of one character (a
table dump, a spam page, an OCR file). Each example is one ``Tagger.tag`` call with keywords.
"""
from __future__ import annotations

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

CHINESE = "张王李刘陈上下中国贵州省阳市县镇村年月日号时分秒前后一二三四五六七八九十百千万亿两零元公司集团有限大学记者说在的了和与是"
DIGITS = "0123456789０１２３４５６７８９.．%％"
PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·,.;:?!()-/~"
LATIN = "abcdefxyzABCGPUOK "
EMOJI = "😀🎉🚀👍🔥❤️🌏📈"
CONTROL = "".join(map(chr, range(32))) + "\x7f\x85\u200b\u200d\u2028\ufeff"
WHITESPACE = " \n\t\r\u3000\xa0"
CLASSES = (CHINESE, DIGITS, PUNCTUATION, LATIN, EMOJI, CONTROL, WHITESPACE)
EVERY_CHAR = "".join(CLASSES)

pieces = st.one_of(
    *(st.text(alphabet=alphabet, min_size=1, max_size=40) for alphabet in CLASSES),
    st.text(max_size=20),  # any code point Hypothesis likes (no lone surrogates: a str cannot be UTF-8 then)
)
mixed_texts = st.lists(pieces, max_size=12).map("".join)
long_runs = st.builds(lambda char, n: char * n, st.sampled_from(EVERY_CHAR), st.integers(min_value=100, max_value=5000))
runs_in_text = st.lists(st.one_of(pieces, long_runs), min_size=1, max_size=4).map("".join)

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}


def check_mentions(tagger, text: str) -> None:
    doc = tagger.tag(text)
    previous_end = 0
    for mention in doc.mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.text, mention
        assert mention.start >= previous_end, f"{mention} overlaps the mention before it"
        previous_end = mention.end


@settings(max_examples=150, **SETTINGS)
@given(text=mixed_texts)
def test_any_mix_of_characters_tags_without_error_and_with_exact_offsets(tagger, text):
    check_mentions(tagger, text)


# no shrinking: a failing run is readable as it is, and each try of a long run takes a while
@settings(max_examples=60, phases=[Phase.explicit, Phase.reuse, Phase.generate], **SETTINGS)
@given(text=runs_in_text)
@example(text="一" * 5000)  # more digits than Python converts to int
@example(text="1" * 5000)
def test_long_runs_of_one_character_tag_without_error_and_with_exact_offsets(tagger, text):
    check_mentions(tagger, text)
