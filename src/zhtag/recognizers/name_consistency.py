"""The name model's readings made to agree across one document.

The model reads each sentence alone: in one article it may read a player as a team in a headline's
pairing (柯洁-谢尔豪) and as a person in every sentence after, or cut a name short where its last
character is also a word (潘愚|非). These rules read the document's mentions of one ``source`` together.
The dev files are single sentences, so their figures come from 2,000 news articles, each change read.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import replace

from zhtag.document import Mention, Tokens
from zhtag.recognizers.patterns import all_han, is_latin_or_digit


#: A capitalised Latin word, accented letters too (Ghesquière), and no Chinese written on (Warhol基金会).
_CAPITALISED_WORD = r"[A-Z][^\W\d_A-Z\u2e80-\u9fff\uf900-\ufaff]+"
#: Two or three capitalised Latin words (Shawn Mendes, Nicolas Ghesquière, Carmen De Tommaso).
_GIVEN_NAME_AND_SURNAME = re.compile(rf"{_CAPITALISED_WORD}(?: {_CAPITALISED_WORD}){{1,2}}")
#: A Latin given name and surname, a surname maybe double (Lisa Fonssagrives-Penn, Jean Paul Gaultier).
_LATIN_PERSON = re.compile(rf"{_CAPITALISED_WORD}(?: {_CAPITALISED_WORD}(?:-{_CAPITALISED_WORD})?){{1,2}}")


def latin_names_of_people(mentions: list[Mention], source: str, given_names: frozenset[str],
                          organisation_words: frozenset[str]) -> list[Mention]:
    """The mentions, an organisation or place of the model written as a Latin given name and a surname
    (Riccardo Tisci, Pete Davidson, Kanye West: ``latin_given_names`` of rules/persons.yaml) read as the
    person, unless its last word is an organisation's (Marvel Studios), or a word in Chinese follows
    (Andy Warhol基金会). The model knows capitalised words mostly as firms: in 2,000 news articles it
    read 131 mentions of two such words as organisations, a third of them people's names."""
    return [replace(m, label="PER") if m.source == source and m.label in ("ORG", "LOC")
            and _LATIN_PERSON.fullmatch(m.text)
            and m.text.split(" ", 1)[0] in given_names
            and m.text.rsplit(" ", 1)[-1] not in organisation_words else m
            for m in mentions]


def one_reading_of_a_person(mentions: list[Mention], source: str) -> list[Mention]:
    """The mentions, a name that the model reads as a person at least twice as often in the document
    as an organisation, and never as a place, read as the person everywhere (柯洁 of a report on Go:
    7 times PER, once ORG in the headline 柯洁战胜谢尔豪). In 2,000 news articles this relabels 29
    mentions, 22 of them rightly; the wrong ones are clubs that the model mostly reads as people
    (梅斯). Names read as a place too are left as read (奥斯汀 the city, and Google Fiber's there),
    and so are Latin names of one word, where a person's name is often a firm's (Celine, Givenchy)
    or the word a thing's (Lime, Lumia); a given name and a surname in Latin letters (Shawn Mendes,
    Hedi Slimane) are read so too: 8 more mentions relabelled in the same articles, all rightly."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if mention.source == source:
            counts[mention.text][mention.label] += 1
    people = {name for name, labels in counts.items()
              if labels["ORG"] and labels["PER"] >= 2 * labels["ORG"] and not labels["LOC"]
              and (not any(map(is_latin_or_digit, name)) or _GIVEN_NAME_AND_SURNAME.fullmatch(name))}
    if not people:
        return mentions
    return [replace(m, label="PER") if m.source == source and m.text in people else m
            for m in mentions]


def parts_of_foreign_names(mentions: list[Mention], source: str, separators: str) -> list[Mention]:
    """The mentions, an organisation or place of the model read as a person where the document
    names a person with it as one part of a foreign name (布鲁克斯 of 布鲁克斯-科普卡, the golfer read
    as a firm; 维多利亚 of 维多利亚·贝克汉姆; Lisa of Lisa Fonssagrives-Penn, Abloh of Virgil Abloh):
    players and stars are called by either part of their names, and a bare transliteration or
    Latin word tells the model little of what it names. Only parts of two Han characters or more,
    or the capitalised words of a Latin given name and surname, so that neither a piece of a Latin
    word (Musical of Musical.ly) nor an initial is taken. In 2,000 news articles: 30 mentions
    relabelled or made whole, all rightly, and 41 Latin words relabelled, 39 rightly (Lisa 9, Goodwin
    5, Slimane 4, Ghesquière 4); the others are things named like people (Kindle of Kindle Oasis,
    the label Mansur Gavriel)."""
    parts = set()
    for m in mentions:
        if m.source == source and m.label == "PER":
            parts.update(part for part in _split(m.text, separators) if len(part) > 1 and all_han(part))
            if _LATIN_PERSON.fullmatch(m.text):
                parts.update(m.text.split())
    return [replace(m, label="PER") if m.source == source and m.label in ("ORG", "LOC") and m.text in parts else m
            for m in mentions]


def _split(name: str, separators: str) -> list[str]:
    """The parts of a name written with separators between them (约翰·史密斯 -> 约翰, 史密斯); none
    for a name written without one, which is no part of itself."""
    for separator in separators[1:]:
        name = name.replace(separator, separators[0])
    parts = name.split(separators[0])
    return parts if len(parts) > 1 else []


def names_without_a_word_run_on(text: str, mentions: list[Mention], source: str) -> list[Mention]:
    """The mentions, a person's name read with the next Han character run on (周琦赢 of 周琦赢下,
    郑爽演, 伊藤才是) cut back to the name, where the document reads the name alone, not before
    that character, at least as often as with it: the model joins a one-character word to a name
    it met in no training sentence. Where every reading of the shorter name is followed by the
    character (曹永 of 曹永竞断球), the longer one is the name and stays. In 2,000 news articles:
    94 mentions cut in 77 articles, 90 rightly (周琦赢 6, 伊藤才 3, 邓伦小 3, 朱正廷成 2); the other
    4 were no right name either way (韩巡前, 伊藤美 of 伊藤美诚)."""
    people = _readings_of_people(mentions, source)
    run_on = {name for name, readings in people.items()
              if len(name) > 2 and name[:-1] in people and all_han(name[-1])
              and sum(text[m.end : m.end + 1] != name[-1] for m in people[name[:-1]]) >= len(readings)}
    return _one_character_shorter(mentions, source, run_on, at_front=False)


def names_without_a_word_before(text: str, mentions: list[Mention], source: str, words: frozenset[str]) -> list[Mention]:
    """The mentions, a person's name read with a one-character word before it (比伊藤更兴奋,
    忆金庸, 继斯里坎特之后; ``words``: rules/model.yaml's words_before_names) cut to the name, where
    the document reads the name alone, not after that word, at least as often as with it: the
    front's mirror of :func:`names_without_a_word_run_on`. Only listed words: a name's own first
    character is as often a surname or a transliteration's (德安东尼, 金雪炫, 小加索尔). In 2,000
    news articles: 9 mentions cut in 8 articles, 8 rightly (比伊藤, 忆金庸, 榜拜尔斯); 携陈凯 gives 陈凯,
    of 陈凯先, which was cut at both ends."""
    people = _readings_of_people(mentions, source)
    run_on = {name for name, readings in people.items()
              if name[0] in words and len(name) > 2 and name[1:] in people
              and sum(m.start == 0 or text[m.start - 1] != name[0] for m in people[name[1:]]) >= len(readings)}
    return _one_character_shorter(mentions, source, run_on, at_front=True)


def _readings_of_people(mentions: list[Mention], source: str) -> dict[str, list[Mention]]:
    """The person mentions of ``source`` in a document, by name."""
    people: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.source == source and mention.label == "PER":
            people[mention.text].append(mention)
    return people


def _one_character_shorter(mentions: list[Mention], source: str, names: set[str], *, at_front: bool) -> list[Mention]:
    """The mentions, each person mention of ``source`` named in ``names`` without its first
    (``at_front``) or its last character."""
    if not names:
        return mentions

    def shorter(mention: Mention) -> Mention:
        if at_front:
            return replace(mention, start=mention.start + 1, text=mention.text[1:])
        return replace(mention, end=mention.end - 1, text=mention.text[:-1])

    return [shorter(m) if m.source == source and m.label == "PER" and m.text in names else m for m in mentions]


def whole_names(text: str, tokens: Tokens, mentions: list[Mention], source: str, verbs: frozenset[str]) -> list[Mention]:
    """The mentions, a part of a person's name read whole where the document reads the whole name
    elsewhere (潘愚 -> 潘愚非: the model read 潘愚非 twice and 潘愚 12 times in one report). Only where
    the text holds the part nowhere but in the whole name, the part has two characters or more (李 of
    李奶奶 stays: the surname is the name), and no word cuts across the end of the whole name where
    the whole ends in the verb of a credit (``verbs``: 金翰饰 of 金翰饰演 is no name, and that
    occurrence stays as read); a word across any other edge is jieba's misreading of the name
    (刘强|东边上, 布莱德|索用, 投手|段江鹏). In 2,000 news articles: 75 mentions made whole in 35
    articles, and 50 more in 32 across a word at an edge, all rightly; where the whole is wrong (马丁靴,
    小美斯丽尔 the grape, 多多纳 the place, 雷锋网, 木林森: 9 mentions) the part was no right name either."""
    people = sorted({m.text for m in mentions if m.source == source and m.label == "PER"},
                    key=len, reverse=True)
    occurrences: dict[str, list[int]] = {}

    def found(name: str) -> list[int]:
        if name not in occurrences:
            occurrences[name] = _occurrences(text, name)
        return occurrences[name]

    #: per part: its whole name, and where the whole begins around each occurrence of the part
    start_of_whole: dict[str, tuple[str, dict[int, int]]] = {}
    for part in (name for name in people if len(name) > 1):
        for whole in (name for name in people if len(name) > len(part) and part in name):
            start_of = {start + offset: start for start in found(whole)
                        for offset in range(len(whole) - len(part) + 1) if whole.startswith(part, offset)}
            if start_of.keys() >= set(found(part)):
                start_of_whole[part] = (whole, start_of)
                break
    if not start_of_whole:
        return mentions
    ends = set(tokens.ends)
    for part, (whole, start_of) in start_of_whole.items():
        start_of_whole[part] = (whole, {at: start for at, start in start_of.items()
                                        if start + len(whole) in ends or whole[-1] not in verbs})
    made_whole, taken = [], set()
    for mention in mentions:
        if mention.source == source and mention.label == "PER" and mention.text in start_of_whole:
            whole, start_of = start_of_whole[mention.text]
            if mention.start in start_of:
                start = start_of[mention.start]
                mention = replace(mention, start=start, end=start + len(whole), text=whole)
        if (mention.start, mention.end, mention.label) not in taken:  # two parts of one name (哈那玛, 马依登)
            taken.add((mention.start, mention.end, mention.label))
            made_whole.append(mention)
    return made_whole


def _occurrences(text: str, part: str) -> list[int]:
    """Where ``part`` begins in ``text``, overlapping occurrences included."""
    found, start = [], text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def names_read_elsewhere(text: str, tokens: Tokens, mentions: list[Mention], source: str) -> list[Mention]:
    """The mentions, and a person's name of Chinese characters read as a person elsewhere in the
    document wherever else it stands as jieba's whole word and nothing is read (詹姆斯，库里，杜兰特:
    the model reads 库里 alone in a list as no one, and as the person in 库里拿下30分); only where
    the model reads the name twice or more and at least as often as it leaves it unread. In 2,000
    news articles: 224 mentions added, about 205 rightly (庄神 13, 保罗 11, 张栩 8); the others are
    things the model reads as people twice (霞多丽 3, 毛血旺 2, 德邦 2, 晋华 2, 老鹰 2). Without the
    two conditions, 1,260 were added, brands and products among them (开普勒 48, Model 40, Nokia 25)."""
    readings = Counter(m.text for m in mentions if m.source == source and m.label == "PER" and len(m.text) > 1 and all_han(m.text))
    if not readings:
        return mentions
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [start for start, _ in taken]
    unread: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, word in enumerate(tokens.texts):
        if word in readings:
            start, end = tokens.starts[index], tokens.ends[index]
            at = bisect_right(starts, start)
            if not ((at and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end)):
                unread[word].append((start, end))
    added = [Mention(start, end, name, "PER", source=source) for name, spans in unread.items()
             if readings[name] >= max(2, len(spans)) for start, end in spans]
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions
