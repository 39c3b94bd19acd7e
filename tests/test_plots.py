"""Plotting helpers: figures whose Chinese renders as glyphs (no "missing from font" warnings), rcParams untouched."""
from __future__ import annotations

import io
import warnings
from datetime import datetime

import pytest

matplotlib = pytest.importorskip("matplotlib")
pytest.importorskip("mplfonts")
pytest.importorskip("networkx")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from zhtag import plots  # noqa: E402
from zhtag.document import Document, Mention  # noqa: E402
from zhtag.frames import documents_frame, mentions_frame  # noqa: E402

DOCS = [
    Document(
        text="8月19日，贵州省大数据发展管理局在贵阳发布数据，今年上半年增长37.5%。",
        id="g1",
        title="贵州数字经济发布会",
        date=datetime(2025, 8, 20),
        mentions=[
            Mention(0, 5, "8月19日", "DATE", norm="2025-08-19", start_time=datetime(2025, 8, 19), end_time=datetime(2025, 8, 20)),
            Mention(6, 17, "贵州省大数据发展管理局", "ORG"),
            Mention(18, 20, "贵阳", "LOC", norm="贵阳市"),
            Mention(25, 30, "今年上半年", "DATE", norm="2025-01/2025-06", start_time=datetime(2025, 1, 1), end_time=datetime(2025, 7, 1)),
            Mention(32, 37, "37.5%", "PERCENT", norm="37.5%", value=37.5, unit="%", qualifier="="),
        ],
    ),
    Document(
        text="去年，贵阳大数据交易所负责人王晓峰说，贵阳交易额突破30亿元。",
        id="g2",
        title="贵阳大数据交易所交易额突破30亿元",
        date=datetime(2025, 8, 20),
        mentions=[
            Mention(0, 2, "去年", "DATE", norm="2024", start_time=datetime(2024, 1, 1), end_time=datetime(2025, 1, 1)),
            Mention(3, 11, "贵阳大数据交易所", "ORG"),
            Mention(14, 17, "王晓峰", "PER"),
            Mention(19, 21, "贵阳", "LOC", norm="贵阳市"),
        ],
    ),
]
MENTIONS = mentions_frame(DOCS)
DOCUMENTS = documents_frame(DOCS)


def _render(fig: Figure) -> list[str]:
    """Draw the figure to PNG, as Jupyter does, and return the glyph warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _texts(fig: Figure) -> str:
    return " ".join(text.get_text() for text in fig.findobj(Text))


@pytest.mark.parametrize(
    "draw, expected",
    [
        (lambda: plots.top_entities(MENTIONS), "贵州省大数据发展管理局"),
        (lambda: plots.timeline(MENTIONS, DOCUMENTS), "今年上半年"),
        (lambda: plots.cooccurrence_network(MENTIONS), "王晓峰"),
    ],
    ids=["top_entities", "timeline", "cooccurrence_network"],
)
def test_plots_render_chinese_without_missing_glyphs(draw, expected):
    matplotlib.get_backend()  # pyplot resolves the default backend on first use; that is not ours to compare
    before = matplotlib.rcParams.copy()
    fig = draw()
    assert isinstance(fig, Figure)
    assert _render(fig) == []
    assert expected in _texts(fig), "the figure does show Chinese"
    assert matplotlib.rcParams == before, "the user's rcParams are left as they were"


def test_glyph_check_catches_a_font_without_chinese():
    """The check above can fail: the default Latin font has no Chinese glyphs."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.add_subplot().set_title("贵阳")
    assert _render(fig)


def test_drawing_into_the_users_axes_sets_the_font_on_its_ticks():
    fig, ax = plt.subplots()
    try:
        assert plots.timeline(MENTIONS, DOCUMENTS, ax=ax) is fig
        assert "贵州数字经济发布会" in [label.get_text() for label in ax.get_yticklabels()]
        assert _render(fig) == []
    finally:
        plt.close(fig)


def test_figures_are_not_left_open_in_pyplot():
    open_before = plt.get_fignums()
    plots.top_entities(MENTIONS)
    plots.cooccurrence_network(MENTIONS)
    assert plt.get_fignums() == open_before


def test_plots_of_no_mentions_say_so():
    empty = MENTIONS.iloc[0:0]
    assert "no dated mentions" in _texts(plots.timeline(empty))
    assert "no entities" in _texts(plots.top_entities(empty))
    assert "no entities" in _texts(plots.cooccurrence_network(empty))


def test_report_is_one_self_contained_page(samples_dir, tmp_path):
    from zhtag.cli import main

    extra = tmp_path / "script.txt"
    extra.write_text("测试稿\n2025-08-20 10:00:00\n<script>alert('x')</script>贵州省大数据发展管理局发布数据。", encoding="utf-8")
    out = tmp_path / "report" / "report.html"
    assert main(["report", str(samples_dir / "guizhou_computing.txt"), str(extra), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 3, "the three plots are embedded"
    assert 'src="http' not in page and "<link" not in page
    assert "<script" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    for heading in ("Top entities", "Keywords", "Timeline", "Figures", "Co-occurrence", "Documents"):
        assert f"<h2>{heading}</h2>" in page
    assert 'data-label="ORG"' in page and "贵州省大数据发展管理局" in page


def test_report_of_a_missing_path_fails_with_exit_code_2(tmp_path, capsys):
    from zhtag.cli import main

    assert main(["report", str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.html")]) == 2
    assert "nowhere" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
