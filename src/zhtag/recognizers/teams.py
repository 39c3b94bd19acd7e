"""Clubs named by a city or a word (罗马, 米兰, 火箭): the club, not the place, in a sentence about a match.

Sports news names a club by its city or nickname: 罗马客场逼平米兰 is two teams, and so is
火箭主场迎战太阳. The place dictionary reads such a city as LOC; this recogniser proposes ORG for
a name of ``rules/teams.yaml`` that is a whole token of a sentence holding a word of the game
(主场, 亚盘, 赛季, vs …), and resolve.py ranks it above the dictionary. A name inside a longer
word (罗马尼亚, 国际米兰) is no token of its own, so it is left alone. Clubs whose names are
neither places nor words (切尔西, 皇马, 湖人) are dictionary entries (dictionaries/sports_clubs.yaml).
A club named by a word that an article reads so in a sentence about a match is the club throughout
the article (``word_club_names``); a city only in its sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.recognizers.patterns import SentencesHolding, alternation, holds


class TeamRecognizer:
    source = "teams"

    def __init__(self) -> None:
        rules = load_rules("teams")
        self._word_clubs = frozenset(rules["word_club_names"])
        self._names = re.compile(alternation(rules["club_names"] + rules["word_club_names"]))
        self._match_words = re.compile(alternation(rules["match_words"]), re.IGNORECASE)
        self._place_prepositions = frozenset(rules["place_prepositions"])
        self._hosted_events = frozenset(rules["hosted_events"])

    def find(self, doc: Document) -> list[Mention]:
        text = doc.text
        names = list(self._names.finditer(text))
        if not names:
            return []
        tokens = doc.tokens
        starts, ends = tokens.starts, tokens.ends
        about_a_match = SentencesHolding(self._match_words, text)
        candidates = []
        for name in names:
            start, end = name.span()
            if not (holds(starts, start) and holds(ends, end)):  # inside a longer word: 罗马尼亚
                continue
            first_token = bisect_left(starts, start)
            if first_token and tokens.texts[first_token - 1] in self._place_prepositions:
                continue
            next_token = bisect_left(starts, end)
            if next_token < len(tokens) and tokens.texts[next_token] in self._hosted_events:
                continue  # 亚特兰大奥运会: the city that hosts the games
            candidates.append((name, about_a_match.holds(end)))
        clubs_of_the_article = {name.group() for name, in_a_match in candidates if in_a_match and name.group() in self._word_clubs}
        return [Mention(name.start(), name.end(), name.group(), "ORG", source=self.source)
                for name, in_a_match in candidates if in_a_match or name.group() in clubs_of_the_article]
