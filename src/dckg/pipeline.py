"""The whole flow in one call: read the source, extract the facts, build the graph (of one report, or the dataset
of many)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sized
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from .dataset import Dataset, assemble
from .errors import ReportInputError
from .export import ntriples
from .extract import extract
from .graph import Parts, build_graph, build_parts, build_triples
from .reader import read_report
from .records import Extraction
from .source import MAX_BYTES, REPORT_SUFFIXES, read_source


@dataclass(frozen=True)
class Build:
    """A built graph and the extraction it was built from."""

    graph: Graph
    extraction: Extraction

    def counts(self) -> dict[str, int]:
        """What the build found, by kind (issuances: one per document and set of issuers, as the graph holds them)."""
        return counts(self.extraction, self.graph)


def counts(x: Extraction, graph: Sized) -> dict[str, int]:
    """What the extraction ``x`` found, by kind, and the triples of its ``graph``."""
    return {
        "documents": len(x.documents),
        "policy documents": sum(d.policy for d in x.documents),
        "bodies": len(x.agencies),
        "issuances": x.issuance_count,
        "programmes": len(x.programs),
        "sections": len(x.report.sections),
        "observations": len(x.observations),
        "indicators": len(x.indicators),
        "observations with a data source": sum(bool(o.sources) for o in x.observations),
        "charts": len(x.figures),
        "triples": len(graph),
    }


def extract_file(source: str | Path | None, max_bytes: int = MAX_BYTES) -> Extraction:
    """The extraction of a report file (the bundled report when ``source`` is None): read, cleaned, extracted.

    :raises ReportInputError: a file refused (missing, over ``max_bytes``, not text or not a Chinese report).
    """
    return extract(read_report(read_source(source, max_bytes)))


def build(source: str | Path | None = None, max_bytes: int = MAX_BYTES) -> Build:
    """Build the graph of a report file (the bundled report when ``source`` is None); a file over ``max_bytes``
    is refused (ReportInputError) before it is read."""
    extraction = extract_file(source, max_bytes)
    return Build(build_graph(extraction), extraction)


@dataclass(frozen=True)
class Refused:
    """A report that was not read, and why (the message of its ReportInputError)."""

    source: str
    reason: str


@dataclass(frozen=True)
class DatasetBuild:
    """The dataset of the reports that were read, the extraction of each, and the reports refused."""

    dataset: Dataset
    extractions: tuple[Extraction, ...]
    iris: tuple[URIRef, ...]  # the graph of each extraction
    refused: tuple[Refused, ...]

    def counts(self) -> list[dict[str, int]]:
        """What each report's build found (``Build.counts``), its own graph's triples counted."""
        return [counts(x, self.dataset.graphs[iri]) for x, iri in zip(self.extractions, self.iris, strict=True)]


def report_files(sources: list[str | Path]) -> list[Path]:
    """The report files named: files as given, a folder's report files (``REPORT_SUFFIXES``: text and PDF) in
    sorted order."""
    files: list[Path] = []
    for source in sources:
        p = Path(source)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                raise ReportInputError(f"{p}: no report files ({', '.join(REPORT_SUFFIXES)}) in the folder")
            files += found
        else:
            files.append(p)
    return files


def build_dataset(sources: list[str | Path], max_bytes: int = MAX_BYTES) -> DatasetBuild:
    """Build the dataset of every report in ``sources`` (files or folders): a named graph per report and the shared
    graph. A refused report stops nothing: it is listed in ``refused``; the same report twice is read once."""
    parts: dict[URIRef, Parts] = {}
    extractions: list[Extraction] = []
    refused: list[Refused] = []
    for path in report_files(sources):
        try:
            extraction = extract_file(path, max_bytes)
        except ReportInputError as exc:
            refused.append(Refused(str(path), str(exc)))
            continue
        part = build_parts(extraction)
        if part.iri not in parts:
            parts[part.iri] = part
            extractions.append(extraction)
    return DatasetBuild(assemble(parts.values()), tuple(extractions), tuple(parts), tuple(refused))


@dataclass(frozen=True)
class Serialized:
    """One report built and written as N-Triples: its own graph and its part of the shared graph, with what a
    workspace records of it (IRI, title, year, SHA-256, the file read) and the build's counts."""

    source: str
    iri: str
    title: str
    year: int | None
    sha256: str
    own: bytes
    shared: bytes
    counts: dict[str, int]


def build_serialized(path: str, max_bytes: int = MAX_BYTES) -> Serialized | Refused:
    """Build one report file into N-Triples (what a worker process sends back); a refused report is a Refused."""
    try:
        extraction = extract_file(path, max_bytes)
    except ReportInputError as exc:
        return Refused(path, str(exc))
    iri, own, shared = build_triples(extraction)
    report = extraction.report
    return Serialized(
        path,
        str(iri),
        report.title,
        report.year,
        report.sha256,
        ntriples(own),
        ntriples(shared),
        counts(extraction, own),
    )


def build_many_serialized(paths: list[str], max_bytes: int = MAX_BYTES) -> list[Serialized | Refused]:
    """``build_serialized`` of every path, on every core of the machine when there are several reports."""
    workers = min(len(paths), os.cpu_count() or 1)
    if workers <= 1:
        return [build_serialized(p, max_bytes) for p in paths]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(build_serialized, paths, [max_bytes] * len(paths), chunksize=1))
