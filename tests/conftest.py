"""Shared fixtures: the composed mini report (not the bundled report) and built graphs, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import dckg
from dckg.extract import extract
from dckg.reader import read_report
from dckg.source import read_source

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini-report.txt"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def mini_report():
    return read_report(read_source(MINI))


@pytest.fixture(scope="session")
def mini_extraction(mini_report):
    return extract(mini_report)


@pytest.fixture(scope="session")
def mini_build():
    return dckg.build(MINI)


@pytest.fixture(scope="session")
def bundled_build():
    return dckg.build()
