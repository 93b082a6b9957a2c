"""The workspace: dckg build/add/remove/reports on a folder that remembers the user's reports; every query answers
from it and says so first; a second command at once is told the workspace is busy; a killed add leaves it as it
was."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib import resources

import pytest

import dckg
from dckg.store import OxigraphStore
from dckg.terms import NAME_KEY, NAMES_GRAPH
from tests.support import CITY, EDITION, MINI
from tests.support import dckg as run

BUNDLED = resources.files("dckg.data") / "digital-china-report-2023.txt"


def _reports(cwd) -> str:
    result = run("reports", "--format", "csv", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_add_remembers_reports_and_queries_answer_from_the_workspace(tmp_path):
    assert run("query", "search", "--text", "江南", cwd=tmp_path).stderr.startswith("answering from the bundled")
    added = run("add", str(MINI), str(EDITION), cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / ".dckg" / "store").is_dir() and "2 reports" in added.stdout
    query = run("query", "search", "--text", "江南省发展和改革委员会", "--format", "csv", cwd=tmp_path)
    assert query.stderr.splitlines()[0] == "answering from the workspace .dckg (2 reports)"
    assert "江南省发展和改革委员会" in query.stdout
    before = _reports(tmp_path)
    again = run("add", str(MINI), cwd=tmp_path)
    assert again.returncode == 0 and "kept" in again.stdout and "read    " not in again.stdout
    assert _reports(tmp_path) == before, "the same report twice changes nothing"
    assert run("remove", "江南", cwd=tmp_path).returncode == 0
    assert "江南省" not in _reports(tmp_path)
    gone = run("query", "search", "--text", "江南省发展和改革委员会", "--format", "csv", cwd=tmp_path)
    assert gone.stdout.strip().splitlines()[1:] == []
    assert not (tmp_path / "graph").exists(), "dckg build/add never write graph/"


def test_a_changed_file_replaces_its_report_and_a_refused_one_stops_nothing(tmp_path):
    report = tmp_path / "edition.txt"
    shutil.copy(EDITION, report)
    bad = tmp_path / "bad.txt"
    bad.write_text("not a report", encoding="utf-8")
    result = run("--workspace", str(tmp_path / "ws"), "add", str(report), str(bad), str(CITY))
    assert result.returncode == 2 and "refused" in result.stderr and "2 reports" in result.stdout
    report.write_text(EDITION.read_text(encoding="utf-8").replace("231.2", "231.3"), encoding="utf-8")
    changed = run("--workspace", str(tmp_path / "ws"), "add", str(report))
    assert changed.returncode == 0 and "replaced 数字中国发展报告（2022年）" in changed.stdout
    ws = dckg.Workspace(tmp_path / "ws")
    assert len(ws.reports()) == 2
    values = {str(r["value"]) for r in dckg.run_query("observations", ws.open_store(), indicator="5G基站").dicts()}
    assert "231.3" in values and "231.2" not in values


def test_a_second_command_is_told_the_workspace_is_busy(tmp_path):
    assert run("add", str(MINI), cwd=tmp_path).returncode == 0
    with (tmp_path / ".dckg" / "lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # as a running add holds it
        busy = run("add", str(EDITION), cwd=tmp_path)
        reading = run("query", "search", "--text", "江南", cwd=tmp_path)
    assert busy.returncode == 75 and "the workspace is busy" in busy.stderr
    assert reading.returncode == 75 and "busy" in reading.stderr
    assert run("add", str(EDITION), cwd=tmp_path).returncode == 0


def test_an_add_killed_mid_way_leaves_the_workspace_as_it_was(tmp_path):
    assert run("add", str(MINI), cwd=tmp_path).returncode == 0
    before = _reports(tmp_path)
    for delay in (0.6, 1.2, 1.8):
        process = subprocess.Popen(
            [sys.executable, "-c", "from dckg.cli import main; main()", "add", str(BUNDLED), str(EDITION)],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        after = _reports(tmp_path)
        assert after in (before, _complete(tmp_path)), "all of the add or none of it"
        if after != before:
            break
    query = run("query", "search", "--text", "江南省发展和改革委员会", "--format", "csv", cwd=tmp_path)
    assert query.returncode == 0 and "江南省发展和改革委员会" in query.stdout


def _complete(tmp_path) -> str:
    other = tmp_path / "complete"
    other.mkdir(exist_ok=True)
    if not (other / ".dckg").exists():
        assert run("add", str(MINI), cwd=other).returncode == 0
        assert run("add", str(BUNDLED), str(EDITION), cwd=other).returncode == 0
    return _reports(other)


def test_build_of_reports_makes_the_workspace_anew(tmp_path):
    assert run("add", str(MINI), str(CITY), cwd=tmp_path).returncode == 0
    built = run("build", str(EDITION), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "2022" in _reports(tmp_path) and "江南省" not in _reports(tmp_path)
    with pytest.raises(dckg.StoreError, match="names no report"):
        dckg.Workspace(tmp_path / ".dckg").remove("1999")


def test_export_writes_the_workspace_as_a_dataset_a_named_graph_per_report(tmp_path):
    assert run("add", str(MINI), str(EDITION), cwd=tmp_path).returncode == 0
    exported = run("export", "--format", "nq", "--out", "reports.nq", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    dataset = dckg.load_dataset(tmp_path / "reports.nq")
    ws = dckg.load_dataset(workspace=tmp_path / ".dckg")
    assert len(dataset.reports) == 2 and dataset.graphs.keys() == ws.graphs.keys()
    assert all(len(dataset.graphs[iri]) == len(ws.graphs[iri]) > 0 for iri in ws.graphs)
    again = run("export", "--graph", "reports.nq", "--format", "trig", "--out", "-", cwd=tmp_path)
    assert again.returncode == 0 and sum(line.endswith("> {") for line in again.stdout.splitlines()) == 3
    single = run("export", "--graph", "reports.nq", "--format", "ttl", "--out", "union.ttl", cwd=tmp_path)
    assert single.returncode == 0 and len(dckg.read_graph(tmp_path / "union.ttl")) == len(dataset.union())
    refused = run("export", "--graph", "union.ttl", "--format", "trig", "--out", "x.trig", cwd=tmp_path)
    assert refused.returncode != 0 and "one graph, not a dataset" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "x.trig").exists()


def _name_keys(store: dckg.Store) -> set[tuple[str, str]]:
    rows = dckg.sparql(f"SELECT ?e ?k WHERE {{ GRAPH <{NAMES_GRAPH}> {{ ?e <{NAME_KEY}> ?k }} }}", store)
    return {(str(r["e"]), str(r["k"])) for r in rows.dicts()}


def test_remove_drops_the_names_only_the_removed_report_gave_from_the_name_index(tmp_path):
    # a later edition: the 2022 edition with 5G基站 written 5G基站数 and one document of its own
    later = tmp_path / "later.txt"
    text = EDITION.read_text(encoding="utf-8").replace("数字中国发展报告\n", "数字中国发展报告续编\n", 1)
    text = text.replace("5G基站达到231.2万个", "5G基站数达到231.2万个").replace(
        "《数据安全法》施行以来", "国务院印发《续编专项试点方案》。《数据安全法》施行以来"
    )
    later.write_text(text, encoding="utf-8")
    ws = dckg.Workspace(tmp_path / "ws")
    ws.add([EDITION, later])
    with_both = dckg.Workspace(tmp_path / "ws").open_store()
    keys = {k for _, k in _name_keys(with_both)}
    assert {"5g基站数", "5g基站", "续编专项试点方案", "数据安全法"} <= keys, "both reports' names are indexed"
    del with_both
    ws.remove("续编")
    store = dckg.Workspace(tmp_path / "ws").open_store()
    kept = _name_keys(store)
    assert kept == _name_keys(OxigraphStore.from_ntriples(store.ntriples())), "the index of what the store holds"
    assert not {k for _, k in kept} & {"5g基站数", "续编专项试点方案"}, "names only the removed report gave"
    for gone in ("5G基站数", "续编专项试点方案"):
        with pytest.raises(dckg.UnknownNameError):
            dckg.resolve_name(gone, store=store)
    assert dckg.resolve_name("5G基站", "indicator", store).zh == "5G基站"
    assert dckg.resolve_name("数据安全法", "document", store).zh == "数据安全法", "a name both reports gave"


def test_answering_from_the_workspace_opens_its_store_once(tmp_path, monkeypatch):
    import pyoxigraph as ox
    from click.testing import CliRunner

    from dckg.cli import cli

    ws = tmp_path / "ws"
    dckg.Workspace(ws).add([MINI, EDITION])
    opened: list[str] = []
    read_only = ox.Store.read_only
    monkeypatch.setattr(ox.Store, "read_only", staticmethod(lambda path: opened.append(path) or read_only(path)))
    for command in (
        ["query", "search", "--text", "江南"],
        ["lookup", "江南省发展和改革委员会"],
        ["sparql", "SELECT ?s WHERE { ?s a dckg:SourceReport }"],
        ["export", "--format", "nq", "--out", str(tmp_path / "ws.nq")],
        ["viz", "--out", str(tmp_path / "ws.html")],
    ):
        opened.clear()
        result = CliRunner().invoke(cli, ["--workspace", str(ws), *command])
        assert result.exit_code == 0, (command, result.output, result.exception)
        assert result.stderr.splitlines()[0] == f"answering from the workspace {ws} (2 reports)"
        assert opened == [str(ws / "store")], command
