"""The graph cache: built once per report and code, in the user's cache folder; a corrupt, stale or unwritable
entry costs a rebuild, never a wrong answer (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import dckg
from dckg import cache
from tests.support import ROOT

NT = b'<https://example.org/a> <https://example.org/p> "1" .\n'


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting(calls: list[int], data: bytes = NT):
    def build() -> bytes:
        calls.append(1)
        return data

    return build


def test_a_graph_is_built_once_per_report_and_version(folder):
    calls: list[int] = []
    assert cache.cached_ntriples(b"report", "1", _counting(calls)) == NT
    assert cache.cached_ntriples(b"report", "1", _counting(calls)) == NT
    assert len(calls) == 1 and cache.entry_path(b"report", "1").parent == folder / "graphs"
    cache.cached_ntriples(b"other report", "1", _counting(calls))
    cache.cached_ntriples(b"report", "2", _counting(calls))
    assert len(calls) == 3 and len(list((folder / "graphs").glob("*.nt"))) == 3
    assert not list((folder / "graphs").glob(".*"))  # no temporary file left behind


@pytest.mark.parametrize("damage", [lambda b: b[:-5], lambda b: b.replace(b'"1"', b'"2"'), lambda b: b"", lambda b: NT])
def test_a_corrupt_entry_is_rebuilt_not_trusted(folder, damage):
    calls: list[int] = []
    cache.cached_ntriples(b"report", "1", _counting(calls))
    path = cache.entry_path(b"report", "1")
    path.write_bytes(damage(path.read_bytes()))
    assert cache.cached_ntriples(b"report", "1", _counting(calls)) == NT and len(calls) == 2
    assert cache.cached_ntriples(b"report", "1", _counting(calls)) == NT and len(calls) == 2


def test_an_unwritable_cache_folder_still_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    calls: list[int] = []
    assert cache.cached_ntriples(b"report", "1", _counting(calls)) == NT
    assert cache.cached_ntriples(b"report", "1", _counting(calls)) == NT and len(calls) == 2


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache.cache_dir() == tmp_path / "xdg" / "dckg"
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_the_default_store_comes_from_the_cache_without_a_rebuild(folder, monkeypatch, bundled_build):
    monkeypatch.setattr(dckg, "_bundled_graph", lambda: bundled_build.graph)
    first = dckg.open_store()
    assert len(first) == len(bundled_build.graph)

    def no_rebuild():
        raise AssertionError("rebuilt the bundled graph although the cache holds it")

    monkeypatch.setattr(dckg, "_bundled_graph", no_rebuild)
    rows = dckg.run_query("policies-by-agency", dckg.open_store(), agency="national data bureau")
    assert rows.rows and len(dckg.open_store()) == len(first)


@pytest.mark.slow
def test_the_command_line_imports_neither_the_pipeline_nor_pypinyin_nor_pyshacl():
    heavy = "('pypinyin', 'pyshacl', 'dckg.pipeline', 'numpy')"
    code = f"import sys, dckg.cli; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"
