"""One exception type per kind of failure; the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class DckgError(Exception):
    """Base of every failure dckg reports to a user; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class ReportInputError(DckgError):
    """The input is not a readable report: missing, empty, binary, wrongly encoded or not report text."""

    exit_code = 2


class GraphInputError(DckgError):
    """A graph file given to a command cannot be read as RDF produced by dckg."""

    exit_code = 2


class ViewInputError(DckgError):
    """A view option names nothing in the graph: an unknown type, or a focus entity that is not there."""

    exit_code = 2


class OutputError(DckgError):
    """An output file cannot be written; nothing was written or replaced."""

    exit_code = 1


class ShapeViolationError(DckgError):
    """The graph does not conform to the SHACL shapes of the ontology."""

    exit_code = 1


class VocabularyError(DckgError):
    """A reference data file of the package (gazetteer, cue lists) is malformed."""

    exit_code = 1
