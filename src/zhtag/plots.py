"""Plots of a mentions frame: top entities per label, a timeline of dated mentions, a co-occurrence network.

Chinese renders as characters, not boxes: the CJK font that mplfonts ships inside
its package is registered with matplotlib and set on the figures made here. The
user's global rcParams are left alone (the font applies only while our figures are
built, and to the tick labels of axes we draw on).

Each function returns a matplotlib Figure that pyplot does not hold: in Jupyter it
shows once as the value of a cell; elsewhere save it with ``fig.savefig``. Pass
``ax=`` to draw into an axes of your own instead (timeline and network).
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from zhtag.accessor import require_columns  # importing it registers df.zhtag
from zhtag.display import label_colour
from zhtag.document import ENTITY_LABELS, TIME_LABELS

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

#: mplfonts' bundled fonts, in order of preference (all cover simplified Chinese).
CJK_FONT_FILES = ("NotoSansCJKsc-Regular.otf", "SourceHanSansSC-Regular.otf", "SimHei.ttf")
#: A longer name or document id is cut to this many characters on an axis.
MAX_LABEL_CHARS = 18
#: Timeline texts go above (+) or below (-) their dot, in points; a text that fits in neither lane is left out.
ANNOTATION_OFFSETS = (6, -15)
ANNOTATION_SIZE = 8
#: Width taken by row titles and the legend beside a timeline's plotting area.
TIMELINE_MARGINS_INCHES = 3.4


@cache
def cjk_font_family() -> str:
    """Register mplfonts' CJK font with matplotlib (once) and return its family name."""
    from mplfonts.conf import FONT_DIR

    for name in CJK_FONT_FILES:
        path = Path(FONT_DIR) / name
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    raise RuntimeError(f"no CJK font found in {FONT_DIR}; reinstall mplfonts: pip install 'zhtag[plot]'")


def cjk_font(size: float | None = None) -> font_manager.FontProperties:
    """FontProperties for Chinese text you add to our figures yourself (``ax.set_title(..., fontproperties=...)``)."""
    return font_manager.FontProperties(family=cjk_font_family(), size=size)


@contextmanager
def cjk_fonts() -> Iterator[None]:
    """Within the block, new matplotlib text uses the CJK font; rcParams are restored afterwards."""
    family = cjk_font_family()
    with matplotlib.rc_context({"font.family": [family, *matplotlib.rcParams["font.family"]]}):
        yield


def top_entities(mentions: pd.DataFrame, n: int = 10, labels: Sequence[str] = ENTITY_LABELS) -> Figure:
    """One bar chart per label of its ``n`` most mentioned entities (by canonical name)."""
    top = mentions.zhtag.top(n, labels)
    shown = [label for label in labels if (top["label"] == label).any()]
    with cjk_fonts():
        fig = _figure(figsize=(4.6 * max(len(shown), 1), 0.42 * n + 1.6), layout="constrained")
        if not shown:
            _empty(fig.add_subplot(), "no entities of " + ", ".join(labels))
            return fig
        axes = fig.subplots(1, len(shown), squeeze=False)[0]
        for ax, label in zip(axes, shown):
            rows = top[top["label"] == label].iloc[::-1]
            names = [_short(name) for name in rows["entity"]]
            ax.barh(names, rows["mentions"], color=label_colour(label), edgecolor="#4b5563", linewidth=0.6)
            ax.set_title(label)
            ax.set_xlabel("mentions")
            ax.xaxis.get_major_locator().set_params(integer=True)
            _cjk_ticks(ax)
            _plain(ax)
        fig.suptitle(f"Top {n} entities per label")
    return fig


def timeline(
    mentions: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    labels: Sequence[str] = TIME_LABELS,
    *,
    max_documents: int = 30,
    ax: "Axes | None" = None,
) -> Figure:
    """Each dated mention on its document's row: a dot for a day or less, a bar for a longer span.

    ``documents`` (the documents table) gives rows their titles and marks each
    publish date with a black tick; the ``max_documents`` with most dated mentions are shown.
    """
    require_columns(mentions, "doc_id", "text", "label", "start_time", "end_time")
    dated = mentions[mentions["label"].isin(labels) & mentions["start_time"].notna()]
    order = dated["doc_id"].value_counts().index[:max_documents].tolist()[::-1]
    dated = dated[dated["doc_id"].isin(order)]
    names = _document_names(order, documents)
    published = None
    if documents is not None:
        published = documents[documents["doc_id"].isin(order) & documents["date"].notna()]
    with cjk_fonts():
        fig, ax = _figure_and_axes(ax, figsize=(12, 0.7 * max(len(order), 1) + 1.8))
        if dated.empty:
            _empty(ax, "no dated mentions")
            return fig
        row = {doc_id: number for number, doc_id in enumerate(order)}
        ends = dated["end_time"].fillna(dated["start_time"])
        moments = [dated["start_time"], ends] + ([published["date"]] if published is not None else [])
        first, last = min(m.min() for m in moments), max(m.max() for m in moments)
        margin = max((last - first) * 0.03, pd.Timedelta(days=1))
        ax.set_xlim(first - margin, last + margin)
        labelled_rows: dict[int, list[tuple[pd.Timestamp, str]]] = {}
        for mention, end in zip(dated.itertuples(index=False), ends):
            y = row[mention.doc_id]
            colour = label_colour(str(mention.label))
            if end - mention.start_time > pd.Timedelta(days=1):
                ax.plot([mention.start_time, end], [y, y], color=colour, linewidth=7, alpha=0.55, solid_capstyle="butt")
            ax.plot([mention.start_time], [y], "o", color=colour, markeredgecolor="#1f2937", markersize=6)
            labelled_rows.setdefault(y, []).append((mention.start_time, mention.text))
        points_per_day = _axes_width_points(fig) / ((last - first + 2 * margin) / pd.Timedelta(days=1))
        for y, points in labelled_rows.items():
            _annotate_row(ax, y, points, points_per_day)
        if published is not None:
            ax.plot(published["date"], [row[d] for d in published["doc_id"]], "|", color="black", markersize=16)
        ax.set_yticks(range(len(order)), [names[doc_id] for doc_id in order])
        ax.set_ylim(-0.7, len(order) - 0.3)
        ax.set_title("Dated mentions (dot: start; bar: resolved span" + ("; |: publish date)" if published is not None else ")"))
        present = [label for label in labels if (dated["label"] == label).any()]
        handles = [Patch(color=label_colour(label), label=label) for label in present]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        ax.grid(axis="x", alpha=0.3)
        _cjk_ticks(ax)
        _plain(ax)
    return fig


def cooccurrence_network(
    mentions: pd.DataFrame,
    labels: Sequence[str] = ENTITY_LABELS,
    *,
    top: int = 30,
    min_documents: int = 1,
    seed: int = 0,
    ax: "Axes | None" = None,
) -> Figure:
    """Entities named in the same documents, linked: node size = documents, edge width = shared documents.

    The ``top`` entities by number of documents are drawn; ``seed`` fixes the layout.
    """
    import networkx as nx

    pairs = mentions.zhtag.cooccurrence(labels, min_documents)
    counts = mentions.zhtag.top(len(mentions), labels)
    nodes = counts.sort_values(["documents", "mentions", "entity"], ascending=[False, False, True]).head(top)
    keep = set(zip(nodes["entity"], nodes["label"].astype(str)))
    graph = nx.Graph()
    for entity, label, documents in zip(nodes["entity"], nodes["label"].astype(str), nodes["documents"]):
        graph.add_node((entity, label), documents=int(documents))
    for a, label_a, b, label_b, shared in pairs.itertuples(index=False):
        if (a, str(label_a)) in keep and (b, str(label_b)) in keep:
            graph.add_edge((a, str(label_a)), (b, str(label_b)), weight=int(shared))
    with cjk_fonts():
        fig, ax = _figure_and_axes(ax, figsize=(10, 8))
        if graph.number_of_nodes() == 0:
            _empty(ax, "no entities of " + ", ".join(labels))
            return fig
        layout = _component_layout(graph, seed)
        widths = [0.6 + 1.2 * graph.edges[edge]["weight"] for edge in graph.edges]
        nx.draw_networkx_edges(graph, layout, ax=ax, width=widths, edge_color="#9ca3af", alpha=0.7)
        nx.draw_networkx_nodes(
            graph,
            layout,
            ax=ax,
            node_color=[label_colour(label) for _, label in graph.nodes],
            node_size=[250 + 250 * graph.nodes[node]["documents"] for node in graph.nodes],
            edgecolors="#374151",
            linewidths=0.6,
        )
        nx.draw_networkx_labels(
            graph, layout, ax=ax, labels={node: _short(node[0]) for node in graph.nodes}, font_family=cjk_font_family(), font_size=9
        )
        present = [label for label in labels if any(node[1] == label for node in graph.nodes)]
        ax.legend(handles=[Patch(color=label_colour(label), label=label) for label in present], loc="upper left")
        ax.set_title(f"Entities named in the same documents (top {graph.number_of_nodes()} by documents)")
        ax.set_axis_off()
    return fig


def _component_layout(graph: "nx.Graph", seed: int) -> dict[object, tuple[float, float]]:
    """Each connected part laid out on its own, in a cell sized to it, cells packed in rows.

    One spring layout of the whole graph pushes unconnected parts to the edges and
    crushes each part's names together; laying parts out apart keeps names readable.
    """
    import networkx as nx

    parts = sorted(nx.connected_components(graph), key=lambda nodes: (-len(nodes), sorted(map(str, nodes))))
    sizes = [len(nodes) ** 0.5 for nodes in parts]
    row_width = max(sum(size**2 for size in sizes) ** 0.5 * 1.4, max(sizes))
    positions: dict[object, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, size in zip(parts, sizes):
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        local = nx.spring_layout(graph.subgraph(nodes), seed=seed, center=(0, 0), scale=0.42 * size if len(nodes) > 1 else 0)
        for node, (dx, dy) in local.items():
            positions[node] = (x + size / 2 + dx, y - size / 2 + dy)
        x += size
        row_height = max(row_height, size)
    return positions


def _figure(**kwargs: object) -> Figure:
    """A new figure that pyplot lets go of: it shows once in Jupyter and never piles up in pyplot."""
    import matplotlib.pyplot as plt

    fig = plt.figure(**kwargs)
    plt.close(fig)
    return fig


def _figure_and_axes(ax: "Axes | None", **kwargs: object) -> tuple[Figure, "Axes"]:
    if ax is not None:
        return ax.figure, ax
    fig = _figure(layout="constrained", **kwargs)
    return fig, fig.add_subplot()


def _annotate_row(ax: "Axes", y: int, points: list[tuple[pd.Timestamp, str]], points_per_day: float) -> None:
    """Write mention texts above and below their dots, leaving out a text that would cover another."""
    lane_ends = [float("-inf"), float("-inf")]  # where the last text of each lane ends, in points
    for moment, text in sorted(points):
        x = (moment - pd.Timestamp(0)) / pd.Timedelta(days=1) * points_per_day
        for lane, offset in enumerate(ANNOTATION_OFFSETS):
            if x >= lane_ends[lane]:
                ax.annotate(text, (moment, y), xytext=(3, offset), textcoords="offset points", fontsize=ANNOTATION_SIZE)
                lane_ends[lane] = x + 3 + _text_width_points(text, ANNOTATION_SIZE) + 4
                break


def _text_width_points(text: str, size: float) -> float:
    """Rough width of a text: a CJK character is one em wide, anything else about half."""
    return sum(size if "\u2e80" <= char else 0.55 * size for char in text)


def _axes_width_points(fig: Figure) -> float:
    """Approximate plotting width: the figure less room for row titles and the legend."""
    return max(fig.get_figwidth() - TIMELINE_MARGINS_INCHES, 1.0) * 72


def _cjk_ticks(ax: "Axes") -> None:
    """Tick labels in the CJK font, also on an axes the user made before calling us."""
    ax.tick_params(labelfontfamily=cjk_font_family())


def _plain(ax: "Axes") -> None:
    ax.spines[["top", "right"]].set_visible(False)


def _empty(ax: "Axes", message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#6b7280")
    ax.set_axis_off()


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 1] + "…"


def _document_names(doc_ids: list[str], documents: pd.DataFrame | None) -> dict[str, str]:
    """Each document's title when the documents table has one, else its id (a path shortened to the file name)."""
    titles: dict[str, str] = {}
    if documents is not None and {"doc_id", "title"} <= set(documents.columns):
        titles = {doc_id: title for doc_id, title in zip(documents["doc_id"], documents["title"]) if isinstance(title, str)}
    return {doc_id: _short(titles.get(doc_id) or Path(str(doc_id)).name or str(doc_id)) for doc_id in doc_ids}
