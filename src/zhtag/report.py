"""One self-contained HTML page of a tagged collection, for readers without Jupyter.

The page has the same views as the notebook: counts per label, top entities,
keywords, a timeline of dated mentions, figures with their units, the
co-occurrence network and each article highlighted. Plots are embedded as base64
PNG, so the file can be mailed or opened offline.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Sequence

import pandas as pd
from matplotlib.figure import Figure

from zhtag import plots
from zhtag.display import document_html, legend, number_text
from zhtag.document import LABELS, Document
from zhtag.frames import to_tables

#: Articles shown highlighted in full; a larger collection lists the rest by title only.
MAX_HIGHLIGHTED_DOCUMENTS = 50
#: Rows of the keyword, figure and co-occurrence tables.
MAX_TABLE_ROWS = 30
#: Rows per keyword method in the collection's keyword table.
KEYWORDS_PER_METHOD = 15

_PAGE_STYLE = """
body { font-family: 'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;
       max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #e5e7eb; padding-bottom: 0.2em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 0.25em 0.8em; text-align: left; vertical-align: top; }
th { background: #f9fafb; }
img { max-width: 100%; height: auto; }
details { margin: 0.6em 0; } summary { cursor: pointer; font-weight: bold; }
.note { color: #6b7280; font-size: 0.9em; }
"""


def report_html(docs: Sequence[Document], title: str = "zhtag report") -> str:
    """The report page for tagged documents (failed ones are listed with their error)."""
    tables = to_tables(docs)
    mentions, keywords, documents = tables
    failed = documents[documents["error"].notna()]
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="note">{len(documents)} documents ({len(failed)} failed), {len(mentions)} mentions, '
        f"{len(keywords)} keywords.</p>",
        _section("Mentions per label", _label_counts(mentions)),
        _section(
            "Top entities",
            _image(plots.top_entities(mentions)) + _table(mentions.zhtag.top(10), "no entities"),
        ),
        _section("Keywords", _table(_collection_keywords(keywords), "no keywords")),
        _section(
            "Timeline",
            _image(plots.timeline(mentions, documents)) + _table(_monthly(mentions), "no dated mentions"),
        ),
        _section("Figures", _table(mentions.zhtag.figures(), "no figures", MAX_TABLE_ROWS)),
        _section(
            "Co-occurrence",
            _image(plots.cooccurrence_network(mentions))
            + _table(mentions.zhtag.cooccurrence(), "no entities named together", MAX_TABLE_ROWS),
        ),
        _section("Documents", _documents(docs)),
    ]
    if not failed.empty:
        sections.append(_section("Failed documents", _table(failed[["doc_id", "error"]], "")))
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_PAGE_STYLE}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )


def write_report(docs: Sequence[Document], path: str | Path, title: str = "zhtag report") -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8), creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_html(docs, title), encoding="utf-8")
    return path


def _section(heading: str, body: str) -> str:
    return f"<section><h2>{html.escape(heading)}</h2>{body}</section>"


def _label_counts(mentions: pd.DataFrame) -> str:
    counts = mentions.groupby("label", observed=True).agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
    present = [label for label in LABELS if label in counts.index]
    return legend(present, counts["mentions"].to_dict()) + _table(counts.reset_index(), "no mentions")


def _monthly(mentions: pd.DataFrame) -> pd.DataFrame:
    """Dated mentions per month (rows) and label (columns)."""
    counts = mentions.zhtag.timeline("M")
    if counts.empty:
        return counts
    wide = counts.pivot_table(index="period", columns="label", values="mentions", fill_value=0, observed=True)
    wide.index = wide.index.strftime("%Y-%m")
    return wide.rename_axis(index="month", columns=None).reset_index()


def _collection_keywords(keywords: pd.DataFrame) -> pd.DataFrame:
    """Keywords over the collection, per method: in how many documents each is a keyword, and its best rank."""
    counted = (
        keywords.groupby(["method", "keyword"], sort=False)
        .agg(documents=("doc_id", "nunique"), best_rank=("rank", "min"), weight=("weight", "sum"))
        .reset_index()
        .sort_values(["documents", "best_rank", "weight"], ascending=[False, True, False])
    )
    order = {method: number for number, method in enumerate(keywords["method"].unique())}
    top = counted.groupby("method", sort=False).head(KEYWORDS_PER_METHOD)
    return top.sort_values("method", key=lambda methods: methods.map(order), kind="stable").drop(columns="weight")


def _documents(docs: Sequence[Document]) -> str:
    shown = [doc for doc in docs if doc.error is None][:MAX_HIGHLIGHTED_DOCUMENTS]
    parts = []
    for number, doc in enumerate(shown):
        summary = html.escape(doc.title or doc.id or "document")
        opened = " open" if number == 0 else ""
        parts.append(f"<details{opened}><summary>{summary} ({len(doc.mentions)} mentions)</summary>{document_html(doc)}</details>")
    rest = sum(doc.error is None for doc in docs) - len(shown)
    if rest > 0:
        parts.append(f'<p class="note">{rest} more documents are not shown; their mentions are in the tables above.</p>')
    return "".join(parts) or '<p class="note">no tagged documents</p>'


def _table(frame: pd.DataFrame, empty: str, limit: int | None = None) -> str:
    """The frame as an HTML table; with ``limit``, its first rows and a note saying how many there are."""
    if frame.empty:
        return f'<p class="note">{html.escape(empty)}</p>' if empty else ""
    note = ""
    if limit is not None and len(frame) > limit:
        note = f'<p class="note">the first {limit} of {len(frame)} rows</p>'
        frame = frame.head(limit)
    return frame.to_html(index=False, escape=True, border=0, na_rep="", float_format=lambda x: number_text(x, 4)) + note


def _image(fig: Figure) -> str:
    """A figure as an inline base64 PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="plot" src="data:image/png;base64,{encoded}">'
