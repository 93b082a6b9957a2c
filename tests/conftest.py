"""Shared fixtures: the composed mini report (not the bundled report), built graphs and a real Oxigraph server,
made once per session; and the marks of each kind of test (browser, server, slow), registered in pyproject.toml."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import dckg
from dckg.extract import extract
from dckg.reader import read_report
from dckg.source import read_source
from tests.support import MINI
from tests.support.servers import Server, running_oxigraph


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


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory) -> Iterator[Server]:
    """A real Oxigraph server for the whole session."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks by kind: tests that need the Oxigraph server are ``server`` tests, those under tests/browser
    ``browser`` tests, and those under tests/integration (the command in fresh processes, the notebook, faulty
    endpoints) ``slow``. Unit tests that start processes carry ``@pytest.mark.slow`` themselves."""
    for item in items:
        folder = item.path.parent.name
        if "oxigraph" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)
        if folder == "browser":
            item.add_marker(pytest.mark.browser)
        if folder == "integration":
            item.add_marker(pytest.mark.slow)
