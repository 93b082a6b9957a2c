"""The command line as a user runs it: outputs, exit codes, one-line errors, no half-written files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import dckg as dckg_lib
from dckg.terms import DCKG
from tests.support import EDITION, MINI, ROOT, dckg


@pytest.fixture(scope="module")
def mini_ttl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "mini.ttl"
    result = dckg("build", "--source", str(MINI), "--out", str(out), "--validate")
    assert result.returncode == 0, result.stderr
    assert "15 documents" in result.stdout and str(out) in result.stdout
    return out


def test_build_default_writes_graph_dckg_ttl(tmp_path):
    result = dckg("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "graph" / "dckg.ttl"
    assert written.read_bytes() == (ROOT / "graph" / "dckg.ttl").read_bytes()


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "binary": bytes(range(256)) * 10,
        "latin1": ("Rapport annuel: café, thé. " * 30).encode("latin-1"),
        "big5": MINI.read_text(encoding="utf-8").encode("big5", errors="ignore"),
    }
    paths = {}
    for name, data in files.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        paths[name] = path
    paths["missing"] = tmp_path / "missing.txt"
    return paths


def test_bad_input_exits_2_with_one_line_and_leaves_output_untouched(tmp_path):
    out = tmp_path / "existing.ttl"
    out.write_text("previous content\n")
    for name, path in _bad_inputs(tmp_path).items():
        result = dckg("build", "--source", str(path), "--out", str(out))
        assert result.returncode == 2, (name, result.stderr)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("dckg: error: "), result.stderr
        assert str(path) in result.stderr
        assert "Traceback" not in result.stderr
        assert out.read_text() == "previous content\n"
    new = tmp_path / "never.ttl"
    assert dckg("build", "--source", str(tmp_path / "empty.txt"), "--out", str(new)).returncode == 2
    assert not new.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unwritable_output_is_a_clean_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = dckg("build", "--source", str(MINI), "--out", str(blocker / "sub" / "g.ttl"))
    assert result.returncode == 1 and result.stderr.startswith("dckg: error: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("fmt", "oxformat", "rapper"),
    [
        ("ttl", pyoxigraph.RdfFormat.TURTLE, "turtle"),
        ("nt", pyoxigraph.RdfFormat.N_TRIPLES, "ntriples"),
        ("xml", pyoxigraph.RdfFormat.RDF_XML, "rdfxml"),
        ("jsonld", pyoxigraph.RdfFormat.JSON_LD, None),
    ],
)
def test_export_reads_the_same_in_independent_parsers(tmp_path, mini_ttl, fmt, oxformat, rapper):
    out = tmp_path / f"g.{fmt}"
    result = dckg("export", "--graph", str(mini_ttl), "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    original = Graph().parse(mini_ttl)
    exported = Graph().parse(out, format={"ttl": "turtle", "jsonld": "json-ld"}.get(fmt, fmt))
    assert isomorphic(original, exported)
    if oxformat is not None:
        assert len(list(pyoxigraph.parse(path=str(out), format=oxformat))) == len(original)
    if rapper is not None:
        assert shutil.which("rapper"), "raptor2-utils is installed by scripts/setup.sh --system"
        counted = subprocess.run(["rapper", "-i", rapper, "-c", str(out)], capture_output=True, text=True)
        assert counted.returncode == 0 and f"returned {len(original)} triples" in counted.stderr
    if fmt == "jsonld":  # compact, with an inline context; --expanded gives the expanded form, the same triples
        compact = json.loads(out.read_text(encoding="utf-8"))
        assert isinstance(compact["@context"], dict) and compact["@context"]["dckg"] == str(DCKG)
        expanded = tmp_path / "expanded.jsonld"
        result = dckg("export", "--graph", str(mini_ttl), "--format", fmt, "--expanded", "--out", str(expanded))
        assert result.returncode == 0 and isinstance(json.loads(expanded.read_text(encoding="utf-8")), list)
        assert isomorphic(original, Graph().parse(expanded, format="json-ld"))


def test_export_to_stdout_and_bad_graph_file(tmp_path, mini_ttl):
    result = dckg("export", "--graph", str(mini_ttl), "--format", "nt", "--out", "-")
    assert result.returncode == 0 and result.stdout.count("\n") == len(Graph().parse(mini_ttl))
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> .\nx:a x:b ", encoding="utf-8")
    result = dckg("export", "--graph", str(broken), "--format", "nt", "--out", str(tmp_path / "o.nt"))
    assert result.returncode == 2 and "broken.ttl" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o.nt").exists()


def test_build_of_many_reports_writes_a_dataset_and_names_the_refused_one(tmp_path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    out = tmp_path / "reports.trig"
    result = dckg("build", str(MINI), str(EDITION), str(bad), "--out", str(out))
    assert result.returncode == 2
    assert result.stdout.count("\nread    ") + result.stdout.startswith("read    ") == 2
    assert "wrote   " in result.stdout and "2 reports" in result.stdout
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"refused {bad}: binary file") and "1 of 3 reports refused" in lines[-1]
    assert len(dckg_lib.read_graph(out)) > 0
    rows = dckg("query", "search", "--text", "数字中国建设整体布局规划", "--graph", str(out), "--format", "csv")
    assert rows.returncode == 0 and "数字中国建设整体布局规划" in rows.stdout
    one = dckg(
        "query", "observations", "--indicator", "5G基站", "--graph", str(out), "--report", "江南", "--format", "csv"
    )
    assert one.returncode == 0 and "12.3" in one.stdout and "231.2" not in one.stdout


def test_build_of_reports_writes_nothing_when_all_are_refused(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = dckg("build", str(bad), "--out", str(tmp_path / "x.nq"))
    assert result.returncode == 2 and "nothing written" in result.stderr and not (tmp_path / "x.nq").exists()
