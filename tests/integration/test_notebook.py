"""The notebook runs from top to bottom with the library API, so that it cannot rot; it is stored without outputs."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.support import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(
        not cell.get("outputs") and not cell.get("execution_count") for cell in nb.cells if cell.cell_type == "code"
    )


def test_notebook_executes_and_answers_the_first_question(tmp_path, bundled_build):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {i: cell.outputs for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    text = "\n".join(
        str(o.get("text", ""))
        + str(o.get("data", {}).get("text/plain", ""))
        + str(o.get("data", {}).get("text/html", ""))
        for cell_outputs in outputs.values()
        for o in cell_outputs
    )
    assert "“数据要素×”三年行动计划（2024—2026年）" in text
    assert "浙江省人民政府" in text
    assert f" {bundled_build.extraction.issuance_count} issuances" in text  # the count dckg build prints
    assert "数字化生产性服务业增加值" in text and "万亿元" in "\n".join(c.source for c in nb.cells)
    assert sum("image/png" in o.get("data", {}) for cell_outputs in outputs.values() for o in cell_outputs) == 2
    assert "window.network" in text or "vis-network" in text or "iframe" in text
    assert not any(o.get("output_type") == "error" for cell_outputs in outputs.values() for o in cell_outputs)
