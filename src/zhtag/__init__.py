"""zhtag: keywords and named things in Chinese text, with every date and figure resolved.

>>> from zhtag import Tagger
>>> doc = Tagger().tag("8月19日，贵州省数字经济发展推进大会在贵阳召开。", date="2025-08-20")
"""
from zhtag.dictionaries import DictionaryError
from zhtag.document import LABELS, Document, Keyword, Mention, Token
from zhtag.tagger import Article, Tables, Tagger

__all__ = ["Article", "DictionaryError", "Document", "Keyword", "LABELS", "Mention", "Tables", "Tagger", "Token"]
__version__ = "0.1.0"

# Importing the accessor registers ``DataFrame.zhtag`` for everyone who imports zhtag.
from zhtag.accessor import ZhtagAccessor  # noqa: E402
from zhtag.display import show  # noqa: E402

__all__ += ["ZhtagAccessor", "show"]
