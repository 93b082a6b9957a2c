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


class QueryError(DckgError):
    """A query cannot run as given: malformed SPARQL, an unknown named query or a bad parameter value."""

    exit_code = 2


class UpdateRefusedError(DckgError):
    """A SPARQL Update was given without --allow-update: queries are read-only by default."""

    exit_code = 2


class AmbiguousNameError(DckgError):
    """A name given for an entity matches several entities; ``candidates`` lists them for the user to choose."""

    exit_code = 2

    def __init__(self, message: str, candidates: list) -> None:
        super().__init__(message)
        self.candidates = candidates


class UnknownNameError(DckgError):
    """A name given for an entity matches none; ``suggestions`` holds the nearest names in the graph."""

    exit_code = 2

    def __init__(self, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class EndpointConfigError(DckgError):
    """An endpoint URL is not an http(s) URL, or carries credentials that belong in environment variables."""

    exit_code = 2


class EndpointError(DckgError):
    """A remote SPARQL endpoint is unreachable, hung up, answered with an HTTP error or with something that is
    not SPARQL results; the subclasses below are the failures a caller may want to tell apart."""

    exit_code = 1


class EndpointTimeoutError(EndpointError):
    """A remote endpoint gave no answer within the timeout (for a push: whether it was applied is unknown)."""

    exit_code = 1


class EndpointAuthError(EndpointError):
    """A remote endpoint refused the credentials taken from the environment, or wanted some (HTTP 401)."""

    exit_code = 1


class StoreError(DckgError):
    """The persistent store cannot be built or opened (for example locked by another process)."""

    exit_code = 1


class WorkspaceBusyError(StoreError):
    """Another dckg command is using the workspace (it holds the workspace's lock); try again when it is done."""

    exit_code = 75
