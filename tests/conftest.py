"""Shared fixtures: the composed mini report (not the bundled report), built graphs and a real Oxigraph server,
made once per session. A test that uses the server is marked ``server`` here, from its fixtures."""

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
    """Tests that need the Oxigraph server are ``server`` tests; those under tests/browser are ``browser`` tests."""
    for item in items:
        if "oxigraph" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)
        if "browser" in item.path.parts[-2:-1]:
            item.add_marker(pytest.mark.browser)
