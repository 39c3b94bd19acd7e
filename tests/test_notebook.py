"""notebooks/explore.ipynb runs top to bottom in a fresh python3 kernel, and is committed without outputs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with_outputs = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code" and (cell.outputs or cell.execution_count)]
    assert with_outputs == [], f"clear the outputs of cells {with_outputs} before committing"


def test_notebook_runs_and_shows_highlighted_documents_and_plots() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    html = [output["data"]["text/html"] for output in outputs if "text/html" in output.get("data", {})]
    highlighted = [page for page in html if "zhtag-entity" in page]
    assert any("贵州省大数据发展管理局" in page for page in highlighted)
    assert any(re.search(r'data-label="ORG"[^>]*>黔灵算力<span', page) for page in highlighted), "the user's dictionary entry is an ORG"
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) == 3, "each of the three plots shows exactly once"
    warnings = [output.text for output in outputs if output.output_type == "stream" and output.name == "stderr"]
    assert not [text for text in warnings if "missing from font" in text]
