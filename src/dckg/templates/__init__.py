"""Templates, scripts and styles of the pages dckg writes (the network view, the ontology page)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def asset(name: str) -> str:
    """The text of one file of this folder."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
