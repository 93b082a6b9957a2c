"""The house's rules, read from the package's imports (tests/support/imports.py): the command line stands on the
face only, nothing imports the face, the stores never reach the pipeline, and no import cycle."""

from __future__ import annotations

from tests.support.imports import cycles, imports, levels, rooms

ARROWS = imports()
CLI_MAY_IMPORT = {"dckg", "dckg.errors", "dckg.query", "dckg.results"}
"""The face, its errors, the named-query catalogue (it makes the subcommands) and the result formats."""
PIPELINE = {"dckg.pipeline", "dckg.source", "dckg.reader", "dckg.extract", "dckg.graph"}


def test_the_map_is_read():
    assert {"dckg", "dckg.cli", "dckg.store", "dckg.store.embedded", "dckg.extract.agencies"} <= ARROWS.keys()
    assert "dckg.terms" in ARROWS["dckg.graph"] and "dckg.store.base" in ARROWS["dckg.store.embedded"]


def test_the_command_line_imports_only_the_face_and_the_named_few():
    assert ARROWS["dckg.cli"] <= CLI_MAY_IMPORT and "dckg" in ARROWS["dckg.cli"]


def test_no_module_imports_the_face():
    assert sorted(m for m, targets in ARROWS.items() if "dckg" in targets) == ["dckg.cli"]


def test_the_stores_never_reach_the_pipeline():
    for module, targets in ARROWS.items():
        if module == "dckg.store" or module.startswith("dckg.store."):
            reached = {t for t in targets if t in PIPELINE or t.startswith("dckg.extract.")}
            assert not reached, f"{module} imports {reached}"


def test_no_import_cycle_and_the_store_stands_below_the_pipeline():
    assert cycles(ARROWS) == []
    by_room = levels(rooms(ARROWS))
    assert by_room["dckg.store"] < by_room["dckg.pipeline"] or "dckg.pipeline" not in rooms(ARROWS)["dckg.store"]
