"""Tagged text as HTML for Jupyter and reports: each entity highlighted in its label's colour.

Everything from the article is escaped with :func:`html.escape`, so a text that
contains markup shows that markup instead of running it. Styles are inline (no
``<style>`` block), so the HTML survives viewers that strip style sheets.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

import pandas as pd

from zhtag.document import LABELS, Document, Mention

#: Background colour of each label's highlight (also used by the plots).
LABEL_COLOURS: dict[str, str] = {
    "PER": "#c4b5fd",
    "ORG": "#7dd3c0",
    "LOC": "#fdba74",
    "DATE": "#93c5fd",
    "TIME": "#a5b4fc",
    "PERCENT": "#f9a8d4",
    "MONEY": "#fde047",
    "QUANTITY": "#bef264",
    "NUMBER": "#d6d3d1",
    "ORDINAL": "#e9d5ff",
}
#: Colour of a label this module does not know (a user's own label).
OTHER_COLOUR = "#e5e7eb"

#: Height of the scrolling text box: long articles scroll instead of filling the notebook.
MAX_HEIGHT = "36em"

_BOX_STYLE = (
    "font-family: 'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;"
    "font-size: 15px; line-height: 2.4; white-space: pre-wrap; overflow-wrap: anywhere;"
    f"max-height: {MAX_HEIGHT}; overflow-y: auto; padding: 0.6em 1em; border: 1px solid #e5e7eb;"
    "border-radius: 6px; background: #fff; color: #111;"
)
_MARK_STYLE = (
    "background: {colour}; padding: 0.15em 0.35em; margin: 0 0.1em; border-radius: 0.35em; line-height: 1.4; "
    "display: inline-block; max-width: 100%; white-space: normal; color: #111;"
)
_LABEL_STYLE = (
    "font-size: 0.62em; font-weight: bold; font-family: sans-serif; margin-left: 0.35em; "
    "vertical-align: middle; opacity: 0.75; letter-spacing: 0.02em;"
)
_HEADER_STYLE = "font-family: sans-serif; margin: 0.2em 0 0.4em 0; color: #374151;"


@dataclass(frozen=True, slots=True)
class HighlightedText:
    """HTML of a highlighted text; Jupyter shows it rendered, ``.html`` gives the markup."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def label_colour(label: str) -> str:
    return LABEL_COLOURS.get(label, OTHER_COLOUR)


def figure_text(value: float | None, unit: str | None, qualifier: str | None) -> str | None:
    """A figure as people read it: ``~10000 家``, ``>40%``, ``3000000000 CNY`` (not ``3e+09``)."""
    if value is None or _missing(value):
        return None
    number = number_text(value)
    prefix = "" if _missing(qualifier) or qualifier == "=" else str(qualifier)
    suffix = "" if _missing(unit) or not unit else (unit if unit == "%" else f" {unit}")
    return f"{prefix}{number}{suffix}"


def number_text(value: float, digits: int = 15) -> str:
    """A number without float noise or exponents for whole numbers: 3000000000, 37.5."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e18 else f"{value:.{digits}g}"


def mention_title(mention: Mention) -> str:
    """The hover text of a mention: its label and every resolved value it has, one per line."""
    lines = [mention.label]
    figure = figure_text(mention.value, mention.unit, mention.qualifier)
    if not _missing(mention.norm) and mention.norm not in (mention.text, figure):
        lines.append(f"norm: {mention.norm}")
    if figure is not None:
        lines.append(f"value: {figure}")
    if not _missing(mention.start_time):
        interval = _time_text(mention.start_time)
        if not _missing(mention.end_time):
            interval += f" – {_time_text(mention.end_time)} (end exclusive)"
        lines.append(f"time: {interval}")
    if mention.source:
        lines.append(f"source: {mention.source}")
    return "\n".join(lines)


def highlight(text: str, mentions: Iterable[Mention]) -> str:
    """The text as HTML with every mention marked; paragraphs and indentation are kept.

    Mentions must not overlap (the tagger's never do); a mention whose offsets do
    not match ``text`` raises ValueError, since it was tagged from another text.
    """
    parts: list[str] = []
    position = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if text[mention.start : mention.end] != mention.text:
            raise ValueError(
                f"mention {mention.text!r} at {mention.start}-{mention.end} does not match the text there "
                f"({text[mention.start:mention.end]!r}); pass the text the mentions were tagged from"
            )
        if mention.start < position:
            raise ValueError(f"mention {mention.text!r} at {mention.start}-{mention.end} overlaps the one before it")
        parts.append(html.escape(text[position : mention.start]))
        parts.append(_mark(mention))
        position = mention.end
    parts.append(html.escape(text[position:]))
    return f'<div class="zhtag-text" style="{_BOX_STYLE}">{"".join(parts)}</div>'


def legend(labels: Sequence[str], counts: dict[str, int] | None = None) -> str:
    """A row of label chips, with how many mentions each has when ``counts`` is given."""
    chips = []
    for label in labels:
        count = f" {counts[label]}" if counts and label in counts else ""
        chips.append(
            f'<span style="{_MARK_STYLE.format(colour=label_colour(label))} font-size: 0.8em; font-family: sans-serif;">'
            f"{html.escape(label)}{count}</span>"
        )
    return f'<div class="zhtag-legend" style="margin: 0.3em 0; line-height: 2;">{"".join(chips)}</div>'


def document_html(doc: Document) -> str:
    """A tagged Document as HTML: headline, publish date, label legend and the highlighted text."""
    header = []
    if doc.title:
        header.append(f'<div style="{_HEADER_STYLE} font-size: 1.15em; font-weight: bold;">{html.escape(doc.title)}</div>')
    facts = []
    if doc.id:
        facts.append(html.escape(str(doc.id)))
    if doc.date is not None:
        facts.append("publish date " + html.escape(_time_text(doc.date)))
    facts.append(f"{len(doc.text)} characters, {len(doc.mentions)} mentions")
    header.append(f'<div style="{_HEADER_STYLE} font-size: 0.85em;">{" · ".join(facts)}</div>')
    if doc.error:
        header.append(f'<div style="{_HEADER_STYLE} color: #b91c1c;">error: {html.escape(doc.error)}</div>')
    counts: dict[str, int] = {}
    for mention in doc.mentions:
        counts[mention.label] = counts.get(mention.label, 0) + 1
    present = [label for label in LABELS if label in counts] + sorted(set(counts) - set(LABELS))
    if present:
        header.append(legend(present, counts))
    body = highlight(doc.text, doc.mentions)
    by_method: dict[str, list[str]] = {}
    for keyword in sorted(doc.keywords, key=lambda k: k.rank):
        by_method.setdefault(keyword.method, []).append(keyword.keyword)
    for method, words in by_method.items():
        listed = "、".join(html.escape(word) for word in words)
        body += f'<div style="{_HEADER_STYLE} font-size: 0.85em;">keywords ({html.escape(method)}): {listed}</div>'
    return f'<div class="zhtag-document">{"".join(header)}{body}</div>'


def show(
    mentions: pd.DataFrame | Iterable[Mention],
    text: str,
    *,
    doc_id: str | None = None,
    title: str | None = None,
) -> HighlightedText:
    """One document's mentions (a mentions DataFrame or Mention objects) highlighted in ``text``.

    A frame with several documents needs ``doc_id`` to say which one ``text`` is.
    """
    if isinstance(mentions, pd.DataFrame):
        found = mentions_from_frame(_one_document(mentions, doc_id))
    else:
        found = list(mentions)
    doc = Document(text=text, id=doc_id, title=title, mentions=found)
    return HighlightedText(document_html(doc))


def mentions_from_frame(frame: pd.DataFrame) -> list[Mention]:
    """Mention objects from the rows of a mentions frame; missing optional columns stay empty."""
    missing = {"start", "end", "text", "label"} - set(frame.columns)
    if missing:
        raise KeyError(f"not a mentions frame: no column(s) {sorted(missing)}; make one with Tagger.tag_frame or df.zhtag.tag")
    optional = ("norm", "value", "unit", "qualifier", "start_time", "end_time", "source")
    mentions = []
    for row in frame.to_dict("records"):
        extra = {name: None if _missing(row.get(name)) else row.get(name) for name in optional}
        mentions.append(
            Mention(
                start=int(row["start"]),
                end=int(row["end"]),
                text=str(row["text"]),
                label=str(row["label"]),
                norm=extra["norm"],
                value=None if extra["value"] is None else float(extra["value"]),
                unit=extra["unit"],
                qualifier=extra["qualifier"],
                start_time=extra["start_time"],
                end_time=extra["end_time"],
                source=extra["source"] or "",
            )
        )
    return mentions


def _one_document(frame: pd.DataFrame, doc_id: str | None) -> pd.DataFrame:
    if "doc_id" not in frame.columns:
        return frame
    if doc_id is not None:
        return frame[frame["doc_id"] == doc_id]
    ids = frame["doc_id"].dropna().unique()
    if len(ids) > 1:
        raise ValueError(f"the mentions frame holds {len(ids)} documents; pass doc_id= to say which one the text is")
    return frame


def _mark(mention: Mention) -> str:
    colour = label_colour(mention.label)
    title = html.escape(mention_title(mention), quote=True)
    return (
        f'<mark class="zhtag-entity" data-label="{html.escape(mention.label, quote=True)}" title="{title}" '
        f'style="{_MARK_STYLE.format(colour=colour)}">{html.escape(mention.text)}'
        f'<span class="zhtag-label" style="{_LABEL_STYLE}">{html.escape(mention.label)}</span></mark>'
    )


def _time_text(moment: datetime | pd.Timestamp) -> str:
    """A date when the time is midnight (2025-08-19), else date and time."""
    stamp = pd.Timestamp(moment)
    if stamp.hour == stamp.minute == stamp.second == 0:
        return stamp.strftime("%Y-%m-%d")
    return stamp.strftime("%Y-%m-%d %H:%M:%S" if stamp.second else "%Y-%m-%d %H:%M")


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)
