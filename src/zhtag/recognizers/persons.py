"""Person names from context: bylines (记者 陈毓钊, 编辑:赵滢溪), titles (董事长张丽), 潘德玉 摄,
and a name one gives (我叫赵新民, 名叫李小军).

jieba's HMM guesses names (those come in through the jieba-pos recogniser); this
recogniser finds the ones a reader spots from their surroundings: a surname right
after a byline word, a job title or a word that gives one's name, or right before a
title or a verb of saying. A name is a surname and one or two more characters; which
of the two is decided by the segmentation: the name must end where a token ends. A
surname that jieba reads as a preposition (向房东表示), an adverb (曾公开表示) or as the
start of an ordinary word (皮肤学教授) starts no name, and a given name is neither a title
(章院长, 时表示) nor holds a particle, an adverb or a word that follows bare surnames
(战士们, 时曾表示, 梁总).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention, Token
from zhtag.recognizers.patterns import all_han, alternation

#: Characters that may separate several names after one byline word (记者 陈毓钊 曾书慧).
NAME_SEPARATORS = " \u3000、,，"


class PersonRecognizer:
    source = "persons"

    def __init__(self, is_known: Callable[[str], bool]) -> None:
        """``is_known``: whether jieba's dictionary has a word (a name never starts inside one)."""
        self._is_known = is_known
        rules = load_rules("persons")
        self._surnames = set(rules["surnames"]) | set(rules["compound_surnames"])
        self._compound_surnames = set(rules["compound_surnames"])
        self._not_names = set(rules["not_names"])
        self._ordinary_words = frozenset(load_rules("model")["ordinary_words"])
        self._not_in_given_names = set(rules["not_in_given_names"])
        self._titles = set(rules["titles_before"]) | set(rules["titles_after"])
        surname = alternation(list(self._surnames))
        introducer, title = alternation(rules["name_introducers"]), alternation(rules["titles_before"])
        self._after_title = re.compile(rf"(?:(?P<introducer>{introducer})|{title})[:：\s]*(?=(?:{surname}))")
        self._before_title = re.compile(rf"(?:{surname})[\u4e00-\u9fff]{{1,2}}(?=\s*(?:{alternation(rules['titles_after'])}))")
        self._title_after = re.compile(rf"\s*(?:{alternation(rules['titles_after'])})")

    def find(self, doc: Document) -> list[Mention]:
        text = doc.text
        after_title, before_title = list(self._after_title.finditer(text)), list(self._before_title.finditer(text))
        if not (after_title or before_title):  # half the news articles name no one beside a title
            return []
        tokens = doc.tokens
        ends = set(tokens.ends)
        index_at = dict(zip(tokens.starts, range(len(tokens))))  # a token's start -> its index
        mentions: list[Mention] = []
        for match in after_title:
            if match.group("introducer") and match.start() not in index_at:
                continue  # 草原名马节, 日本名古屋: the introducer's letters inside other words
            position = match.end()
            if position not in index_at and self._is_known(tokens.texts[bisect_right(tokens.starts, position) - 1]):
                continue  # 毛主席纪念堂, 记者席上: the title's letters end inside a word
            while (end := self._name_end(text, position, ends)) is not None:
                self._add(mentions, text, position, end, tokens[index_at[position]] if position in index_at else None)
                position = end
                while position < len(text) and text[position] in NAME_SEPARATORS:
                    position += 1
        for match in before_title:
            start = match.start()
            if start not in index_at or self._glued_word(text, tokens[index_at[start]]):
                continue
            for end in (match.end(), match.end() - 1):
                if end - start >= 2 and end in ends and self._title_after.match(text, end) and all_han(text[start:end]):
                    self._add(mentions, text, start, end, tokens[index_at[start]])
                    break
        return mentions

    @staticmethod
    def _glued_word(text: str, surname: Token) -> bool:
        """Whether a surname of one character that jieba reads as a common noun is written on to
        the Han text before it (采访时|同样表示, 没当回事成|肠癌说起): the word ending the clause
        before, not a name's start, where only what follows (a verb of saying) speaks for a name;
        jieba reads a surname that starts a name otherwise (发表了罗|点点回忆: 罗 j)."""
        return len(surname.text) == 1 and surname.pos == "n" and surname.start > 0 and all_han(text[surname.start - 1])

    def _name_end(self, text: str, start: int, ends: set[int]) -> int | None:
        """Where a name starting at ``start`` ends, or None if no name starts there."""
        for surname_length in (2, 1):
            if text[start : start + surname_length] not in self._surnames:
                continue
            for given in (2, 1):
                end = start + surname_length + given
                # 张伟说: the second given-name character would start a word of saying.
                if given == 2 and self._title_after.match(text, end - 1):
                    continue
                if end <= len(text) and end in ends and all_han(text[start + surname_length : end]):
                    return end
        return None

    def _add(self, mentions: list[Mention], text: str, start: int, end: int, first: Token | None) -> None:
        """A name at ``start:end`` unless the token starting there (``first``, None for none) rules it out."""
        if self._may_be_name(text[start:end]) and not self._blocked(first, end):
            mentions.append(Mention(start, end, text[start:end], "PER", source=self.source))

    def _blocked(self, token: Token | None, end: int) -> bool:
        """Whether the token where a name would start rules it out: a span that jieba reads as one
        ordinary word (代表, 党委) is that word, and no name starts at a preposition (向房东表示),
        at an adverb (曾公开表示) or inside an ordinary word (皮肤学教授), jieba's nr tag of a
        listed ordinary word (晋升为教授, 董事长易主后) notwithstanding."""
        if token is None:
            return False
        ordinary = not token.pos.startswith("nr") or token.text in self._ordinary_words
        return (ordinary and token.end == end) or token.pos in ("p", "d") or (
            len(token.text) > 1 and ordinary and token.text not in self._surnames
        )

    def _may_be_name(self, name: str) -> bool:
        """Not a listed non-name, and its given name neither a title (时表示) nor holding a particle (战士们)."""
        if name in self._not_names:
            return False
        surname_length = 2 if len(name) > 2 and name[:2] in self._compound_surnames else 1
        given = name[surname_length:]
        return given not in self._titles and not self._not_in_given_names.intersection(given)
