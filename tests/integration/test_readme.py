"""The README and docs/*.md cannot drift: every console block runs as pasted and prints what it shows (numbers and
sizes included; the masks are in tests/support/readme.py), and every sparql block answers with rows (issue 16)."""

from __future__ import annotations

import pytest

from tests.support import readme

BLOCKS = readme.blocks()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return readme.examples_folder(tmp_path_factory.mktemp("examples"))


def test_the_docs_have_examples_to_run():
    kinds = [b.kind for b in BLOCKS]
    assert kinds.count("console") >= 15 and kinds.count("sparql") >= 1
    assert sum(len(b.commands()) for b in BLOCKS if b.kind == "console") >= 25


@pytest.mark.slow
@pytest.mark.parametrize("block", BLOCKS, ids=[b.name for b in BLOCKS])
def test_every_example_prints_what_the_docs_show(block, folder):
    if block.kind == "sparql":
        out, status = readme.sparql_answer(block, folder)
        assert status == 0 and len(out.splitlines()) > 1, f"{block.name}: the SPARQL block gives no rows:\n{out}"
        return
    readme.fresh_block(folder)
    differences = [
        why
        for command in block.commands()
        if (why := readme.difference(command, readme.transcript(command, folder), folder, block.path)) is not None
    ]
    assert not differences, "\n".join(differences)
