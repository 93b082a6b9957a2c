"""The examples in the package's docstrings (``>>>``) are tests: every module's examples run and must print what
they show (as pyoxigraph's test_doc.py does for its API)."""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.support.imports import modules

WITH_EXAMPLES = sorted(m for m, path in modules().items() if ">>> " in path.read_text(encoding="utf-8"))


def test_the_documented_functions_carry_examples():
    assert {"dckg.terms", "dckg.ids", "dckg.graphfiles", "dckg.bridge"} <= set(WITH_EXAMPLES)
    text = {"dckg.text", "dckg.vocab", "dckg.extract.documents", "dckg.extract.indicators", "dckg.extract.periods"}
    assert text <= set(WITH_EXAMPLES), "the text functions' examples run too"


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, raise_on_error=False)
    assert result.attempted > 0 and result.failed == 0, f"{name}: {result.failed} of {result.attempted} failed"
