"""zhtag: keywords and named things in Chinese text, with every date and figure resolved.

>>> from zhtag import Tagger
>>> doc = Tagger().tag("8月19日，贵州省数字经济发展推进大会在贵阳召开。", date="2025-08-20")

Importing zhtag registers the DataFrame accessor ``df.zhtag`` as soon as pandas is
imported, without importing pandas itself (0.4 s of a cold start that tags text only).
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import sys

from zhtag.dictionaries import DictionaryError
from zhtag.document import LABELS, Document, Keyword, Mention, Token
from zhtag.tagger import Article, Tables, Tagger

__all__ = ["Article", "DictionaryError", "Document", "Keyword", "LABELS", "Mention", "Tables", "Tagger", "Token",
           "ZhtagAccessor", "show"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``zhtag.ZhtagAccessor`` and ``zhtag.show``, imported with pandas on first use."""
    if name == "ZhtagAccessor":
        from zhtag.accessor import ZhtagAccessor

        return ZhtagAccessor
    if name == "show":
        from zhtag.display import show

        return show
    raise AttributeError(f"module 'zhtag' has no attribute {name!r}")


class _AccessorAfterPandas(importlib.abc.MetaPathFinder):
    """Finds pandas once, the usual way, and registers ``df.zhtag`` right after pandas has run."""

    def find_spec(self, name, path=None, target=None):
        if name != "pandas":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run_pandas = spec.loader.exec_module

        def exec_module(module) -> None:
            run_pandas(module)
            import zhtag.accessor  # noqa: F401  (registers the accessor)

        spec.loader.exec_module = exec_module
        return spec


if "pandas" in sys.modules:
    import zhtag.accessor  # noqa: F401,E402
else:
    sys.meta_path.insert(0, _AccessorAfterPandas())
