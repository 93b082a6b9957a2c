"""The command line: parse arguments, call the library, print results, turn failures into exit codes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import DckgError, ShapeViolationError
from .export import FORMATS, read_graph, serialize, write_atomic
from .pipeline import build
from .validate import validate

DEFAULT_GRAPH = Path("graph") / "dckg.ttl"
DEFAULT_VIEW = Path("graph") / "dckg.html"
DEFAULT_DOCS = Path("ontology") / "dckg.html"

_graph_option = click.option(
    "--graph",
    "graph_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A graph file produced by dckg (default: the graph of the bundled report).",
)


def _load(graph_file: Path | None):
    return read_graph(graph_file) if graph_file else build().graph


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dckg")
def cli() -> None:
    """dckg: the Digital China Knowledge Graph, built from Chinese government development reports."""


@cli.command("build")
@click.option("--source", type=click.Path(path_type=Path), help="Report text file (default: the bundled 2023 report).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="Where to write the Turtle graph.",
)
@click.option(
    "--validate/--no-validate", "check", default=False, help="Check the graph against the SHACL shapes first."
)
def build_cmd(source: Path | None, out: Path, check: bool) -> None:
    """Read a report, extract its documents, bodies and issuances, and write the graph as Turtle."""
    started = time.perf_counter()
    result = build(source)
    if check:
        _require_conformance(result.graph)
    data = serialize(result.graph, "ttl")
    write_atomic(out, data)
    x = result.extraction
    report = x.report
    click.echo(
        f"read    {report.name} ({report.encoding}, {len(report.text):,} characters, sha256 {report.sha256[:12]}…)"
    )
    click.echo(
        f"found   {len(x.documents)} documents ({sum(d.policy for d in x.documents)} policy documents), "
        f"{len(x.agencies)} bodies, {len({(i.document, i.issuers) for i in x.issuances})} issuances, "
        f"{len(report.sections)} sections"
    )
    click.echo(
        f"wrote   {out} ({len(result.graph):,} triples, {len(data):,} bytes) in {time.perf_counter() - started:.2f} s"
    )


@cli.command("export")
@_graph_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True, help="Serialisation to write.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    required=True,
    help="Output file, or - for standard output.",
)
def export_cmd(graph_file: Path | None, fmt: str, out: Path) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD or RDF/XML."""
    data = serialize(_load(graph_file), fmt)
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        return
    write_atomic(out, data)
    click.echo(f"wrote   {out} ({len(data):,} bytes, {fmt})")


@cli.command("validate")
@_graph_option
def validate_cmd(graph_file: Path | None) -> None:
    """Check the graph against the SHACL shapes of the ontology (exit 1 when it does not conform)."""
    graph = _load(graph_file)
    _require_conformance(graph)
    click.echo(f"conforms: {len(graph):,} triples checked against ontology/shapes.ttl")


@cli.command("viz")
@_graph_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_VIEW,
    show_default=True,
    help="Where to write the HTML page.",
)
@click.option("--focus", metavar="NAME|IRI", help="Draw only around this entity: a Chinese or English name, or an IRI.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Links to follow from --focus.")
@click.option("--types", metavar="CLASS,…", help="Keep only these classes, e.g. Agency,PolicyDocument.")
@click.option(
    "--fold/--no-fold", default=True, show_default=True, help="Show observations inside their indicator, or as nodes."
)
def viz_cmd(graph_file: Path | None, out: Path, focus: str | None, depth: int, types: str | None, fold: bool) -> None:
    """Write the graph as one self-contained, offline HTML page: an interactive network to explore."""
    from .view import write_html

    started = time.perf_counter()
    kinds = [t.strip() for t in types.split(",") if t.strip()] if types else None
    view = write_html(_load(graph_file), out, focus=focus, depth=depth, types=kinds, fold=fold)
    click.echo(
        f"wrote   {out} ({view.number_of_nodes():,} entities, {view.number_of_edges():,} links, "
        f"{out.stat().st_size:,} bytes) in {time.perf_counter() - started:.2f} s"
    )


@cli.command("docs")
@click.option(
    "--ontology",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An OWL ontology in Turtle (default: the ontology shipped with dckg).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DOCS,
    show_default=True,
    help="Where to write the HTML documentation.",
)
def docs_cmd(source: Path | None, out: Path) -> None:
    """Write the human-readable documentation of the ontology (every class and property, in English and Chinese)."""
    from .ontodoc import write_docs

    terms = write_docs(out, source)
    click.echo(f"wrote   {out} ({terms} terms, {out.stat().st_size:,} bytes)")


def _require_conformance(graph) -> None:
    violations = validate(graph)
    if violations:
        for v in violations[:20]:
            click.echo(f"violation: {v.focus} {v.path}: {v.message}", err=True)
        more = " (first 20 shown)" if len(violations) > 20 else ""
        raise ShapeViolationError(f"the graph does not conform: {len(violations)} violations{more}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn dckg's failures into a one-line message and an exit code."""
    try:
        cli.main(args=argv, prog_name="dckg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("dckg: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DckgError as exc:
        click.echo(f"dckg: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("dckg: interrupted", err=True)
        sys.exit(130)
