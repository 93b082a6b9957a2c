"""The command line: parse arguments, call the library's face (``dckg.*``), print results, turn failures into exit
codes. It imports the face, the errors, the named-query catalogue (which makes subcommands) and the result formats,
nothing else: what it does, a notebook can do."""

from __future__ import annotations

import logging
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import click
from rdflib import Literal

import dckg
from dckg.errors import DckgError, QueryError, ReportInputError, ShapeViolationError
from dckg.query import NamedQuery, empty_answer_notes, get, named_queries, statement_kind
from dckg.results import FORMATS as RESULT_FORMATS
from dckg.results import render

DEFAULT_GRAPH = Path("graph") / "dckg.ttl"
DEFAULT_VIEW = Path("graph") / "dckg.html"
DEFAULT_DOCS = Path("ontology") / "dckg.html"

_graph_option = click.option(
    "--graph",
    "graph_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A graph file produced by dckg (default: the graph of the bundled report).",
)


def _out_option(default: Path, what: str):
    """The --out option of a command that writes one file (atomically) to ``default`` unless told otherwise."""
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help=f"Where to write {what}.",
    )


_max_size_option = click.option(
    "--max-size",
    metavar="MB",
    type=click.FloatRange(min=0, min_open=True),
    default=dckg.MAX_BYTES / 1e6,
    show_default=True,
    help="Refuse a text report larger than this many megabytes (10^6 bytes) before reading it, or a PDF whose text is.",
)


_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="Output: an aligned table, CSV, JSON or a Markdown table (CSV and JSON keep values whole).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(dckg.__version__, prog_name="dckg")
@click.option(
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder (default: $DCKG_WORKSPACE, else .dckg here when there is one).",
)
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """dckg: the Digital China Knowledge Graph, built from Chinese government development reports."""
    ctx.obj = workspace


def _workspace() -> Path | None:
    """The --workspace given before the command, if any."""
    return click.get_current_context().find_root().obj


def _say_source(store: dckg.Store | None = None) -> None:
    """The first line on standard error of a command given no graph: it answers from the workspace (its list of
    reports read from ``store``, the store the command opened, when given), or from the bundled report."""
    click.echo(f"answering from {dckg.answering_from(None, _workspace(), store)}", err=True)


def _workspace_store() -> dckg.Store | None:
    """The workspace's store, opened once for the command and its first line (None when there is no workspace),
    after that line."""
    ws = dckg.open_workspace(_workspace())
    store = ws.open_store() if ws is not None and ws.exists else None
    _say_source(store)
    return store


@cli.command("build")
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), help="A report, PDF or text (default: the bundled report).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Where to write the graph (default {DEFAULT_GRAPH}); of REPORTS, a dataset as .trig or .nq, or the union "
    "of its graphs as .ttl.",
)
@click.option(
    "--validate/--no-validate", "check", default=False, help="Check the graph against the SHACL shapes first."
)
@click.option("--explain", is_flag=True, help="List the sentences that look like facts the rules could not read.")
@_max_size_option
def build_cmd(
    reports: tuple[Path, ...], source: Path | None, out: Path | None, check: bool, explain: bool, max_size: float
) -> None:
    """Read a report (or REPORTS: files and folders of them, one named graph each), extract its documents, bodies,
    issuances, programmes and figures, and write the graph: the bundled report to graph/dckg.ttl, your reports
    into the workspace (made anew with exactly them), or to --out FILE."""
    started = time.perf_counter()
    if reports and source is not None:
        raise click.UsageError("give reports as arguments or one with --source, not both")
    if (reports or source is not None) and out is None:  # the user's reports go to the workspace, not graph/
        change = _workspace_of(create=True).build(list(reports) or [source], max_bytes=int(max_size * 1e6))
        _echo_change(change, started)
        return
    if reports:
        _build_many(list(reports), out, check, explain, max_size, started)
        return
    out = out or DEFAULT_GRAPH
    dckg.check_out_file(out, "ttl")
    result = dckg.build(source, max_bytes=int(max_size * 1e6))
    if check:
        _require_conformance(result.graph, [result.extraction.report])
    size = dckg.write(result.graph, out, "ttl")
    _echo_found(result.extraction, result.counts(), explain)
    if check:
        click.echo(f"validated: conforms ({len(result.graph):,} triples)")
    seconds = time.perf_counter() - started
    click.echo(f"wrote   {out} ({len(result.graph):,} triples, {size:,} bytes) in {seconds:.2f} s")


def _build_many(reports: list[Path], out: Path, check: bool, explain: bool, max_size: float, started: float) -> None:
    """Build the dataset of several reports; the refused ones are named at the end, and make the exit code 2."""
    dckg.check_out_file(out)
    result = dckg.build_dataset(reports, max_bytes=int(max_size * 1e6))
    if result.extractions:
        union = result.dataset.union() if check else None
        if union is not None:
            _require_conformance(union, [x.report for x in result.extractions])
        size = dckg.write(result.dataset, out)
        for extraction, counts in zip(result.extractions, result.counts(), strict=True):
            _echo_found(extraction, counts, explain)
        if union is not None:
            click.echo(f"validated: conforms ({len(union):,} triples)")
        n = len(result.extractions)
        click.echo(
            f"wrote   {out} ({n} report{'s' * (n != 1)}, {len(result.dataset):,} quads, {size:,} bytes) "
            f"in {time.perf_counter() - started:.2f} s"
        )
    for r in result.refused:
        click.echo(f"refused {r.reason}", err=True)
    if result.refused:
        total = len(result.extractions) + len(result.refused)
        written = f"the other {len(result.extractions)} written" if result.extractions else "nothing written"
        raise ReportInputError(f"{len(result.refused)} of {total} reports refused; {written}")


def _echo_found(extraction, n: dict[str, int], explain: bool) -> None:
    """What one report gave: the read, found and unread lines (and, with ``explain``, the unread sentences)."""
    report = extraction.report
    click.echo(
        f"read    {report.name} ({report.encoding}, {len(report.text):,} characters, sha256 {report.sha256[:12]}…)"
    )
    click.echo(
        f"found   {n['documents']} documents ({n['policy documents']} policy documents), {n['bodies']} bodies, "
        f"{n['issuances']} issuances, {n['programmes']} programmes, {n['sections']} sections"
    )
    click.echo(
        f"        {n['observations']} figures stated as observations of {n['indicators']} indicators, "
        f"{n['observations with a data source']} with a data source; {n['charts']} charts (图N)"
    )
    unread = extraction.unread
    kinds = Counter(u.kind for u in unread)
    click.echo(
        f"unread  {', '.join(f'{k} {kind}' for kind, k in sorted(kinds.items())) or 'no'} sentences "
        "that look like facts the rules could not read" + (" (--explain lists them)" if kinds and not explain else "")
    )
    for u in unread if explain else ():
        passage = report.passages[u.passage]
        click.echo(f"  {u.kind:<7} {passage.section:<10} {passage.text}\n          {u.why}")


def _workspace_of(create: bool = False) -> dckg.Workspace:
    """The workspace the command works on (made here, .dckg, when ``create`` and there is none)."""
    ws = dckg.open_workspace(_workspace())
    if ws is None:
        if not create:
            raise dckg.StoreError("no workspace here (.dckg); dckg add REPORT... makes one")
        ws = dckg.open_workspace(Path(".dckg"))
    return ws


def _echo_change(change: dckg.Change, started: float) -> None:
    """What a build or an add did to the workspace; a refused report makes the exit code 2."""
    for a in change.added:
        n = a.counts
        click.echo(
            f"read    {a.source} (sha256 {a.sha256[:12]}…): {n['documents']} documents, {n['bodies']} bodies, "
            f"{n['observations']} figures of {n['indicators']} indicators, {n['triples']:,} triples"
        )
    for e in change.replaced:
        click.echo(f"replaced {e.title} (sha256 {e.sha256[:12]}…)")
    for path in change.unchanged:
        click.echo(f"kept    {path} (unchanged: read before)")
    ws = _workspace_of() if change.added or change.unchanged else None
    n = len(ws.reports()) if ws else 0
    where, seconds = ws.root if ws and n else "-", time.perf_counter() - started
    click.echo(f"workspace {where}: {n} report{'s' * (n != 1)} in {seconds:.2f} s")
    for r in change.refused:
        click.echo(f"refused {r.reason}", err=True)
    if change.refused:
        total = len(change.added) + len(change.unchanged) + len(change.refused)
        raise ReportInputError(f"{len(change.refused)} of {total} reports refused; the others are in the workspace")


@cli.command("add")
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@_max_size_option
def add_cmd(reports: tuple[Path, ...], max_size: float) -> None:
    """Add reports (files or folders) to the workspace: new ones are read, a changed file replaces its report, an
    unchanged one is not read again; all in one transaction."""
    started = time.perf_counter()
    _echo_change(_workspace_of(create=True).add(list(reports), max_bytes=int(max_size * 1e6)), started)


@cli.command("remove")
@click.argument("report")
def remove_cmd(report: str) -> None:
    """Remove one report (its title, year, IRI or file) from the workspace."""
    entry = _workspace_of().remove(report)
    click.echo(f"removed {entry.title} ({entry.iri})")


@cli.command("reports")
@_format_option
def reports_cmd(fmt: str) -> None:
    """List the reports of the workspace: year, title, SHA-256, the file read and the report's IRI."""
    entries = _workspace_of().reports()
    names = ("year", "title", "sha256", "source", "report")
    rows = tuple(
        (Literal(e.year or ""), Literal(e.title), Literal(e.sha256), Literal(e.source), Literal(e.iri)) for e in entries
    )
    click.echo(render(dckg.Rows(names, rows), fmt), nl=False)


@cli.command("export")
@_graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted({**dckg.FORMATS, **dckg.DATASET_FORMATS})),
    required=True,
    help="Serialisation to write: of the graph (the union of a dataset's reports), or of the dataset, a named graph "
    "per report (trig, nq).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    required=True,
    help="Output file, or - for standard output.",
)
@click.option("--expanded", is_flag=True, help="JSON-LD in expanded form (default: compact, with an inline @context).")
def export_cmd(graph_file: Path | None, fmt: str, out: Path, expanded: bool) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD or RDF/XML, or a dataset (the workspace, a .trig or .nq file)
    as TriG or N-Quads."""
    if expanded and fmt != "jsonld":
        raise click.UsageError("--expanded is a form of JSON-LD: give it with --format jsonld")
    dckg.check_out_file(out, fmt)
    store = _workspace_store() if graph_file is None else None
    if fmt in dckg.DATASET_FORMATS:
        graph = dckg.load_dataset(graph_file, _workspace(), store)
    else:
        graph = dckg.load_graph(graph_file, _workspace(), store)
    if str(out) == "-":
        sys.stdout.buffer.write(dckg.serialized(graph, fmt, expanded))
        return
    size = dckg.write(graph, out, fmt, expanded)
    click.echo(f"wrote   {out} ({size:,} bytes, {fmt})")


@cli.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_graph_option
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A report (PDF or text) the graph was built from, to check its quotes (the bundled one is always known).",
)
@_max_size_option
def validate_cmd(file: Path | None, graph_file: Path | None, sources: tuple[Path, ...], max_size: float) -> None:
    """Check FILE (default: the bundled graph) against the SHACL shapes and its quotes against the reports.

    Prints one line per violation and exits 1 when there is any.
    """
    if file and graph_file and file != graph_file:
        raise click.UsageError("give the graph either as FILE or with --graph, not both")
    graph = dckg.load_graph(file or graph_file)
    reports = [dckg.read_report(path, int(max_size * 1e6)) for path in sources]
    _require_conformance(graph, reports, err=False)
    click.echo(f"conforms: {len(graph):,} triples checked against ontology/shapes.ttl")
    for note in dckg.validation_notes(graph, reports):
        click.echo(f"note: {note}")


_store_options = [
    _graph_option,
    click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False, path_type=Path),
        help="A persistent store folder: built once, reused while the source and dckg are unchanged.",
    ),
    click.option(
        "--endpoint",
        metavar="URL",
        help="Run on a remote SPARQL 1.1 endpoint (its query URL) instead of the embedded store.",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=dckg.DEFAULT_TIMEOUT,
        show_default=True,
        help="Seconds to wait for a remote endpoint.",
    ),
]


def _with_store_options(command):
    for option in reversed(_store_options):
        command = option(command)
    return command


def _open(graph_file: Path | None, store_path: Path | None, endpoint: str | None, timeout: float, **how) -> dckg.Store:
    """The store a query command runs on: a remote endpoint, a persistent store, the workspace or an in-memory one
    (of a graph file or the bundled report); the first line on standard error says which of the workspace and the
    bundled report a command given none answers from (read from the store opened here: it is opened once)."""
    store = dckg.open_store(
        graph_file, store_path=store_path, endpoint=endpoint, timeout=timeout, workspace=_workspace(), **how
    )
    if not (endpoint or how.get("update_endpoint") or store_path is not None or graph_file is not None):
        _say_source(store)
    return store


def _named_command(q: NamedQuery) -> click.Command:
    def run_it(fmt: str, graph_file, store_path, endpoint, timeout, report, **values) -> None:
        store = _open(graph_file, store_path, endpoint, timeout)
        answer = dckg.run_query(q.name, store, report=report, **values)
        click.echo(render(answer, fmt), nl=False)
        for note in [] if answer.rows else empty_answer_notes(store, q.name, **values):
            click.echo(note, err=True)

    command = click.Command(
        q.name,
        callback=run_it,
        help=q.description,
        short_help=q.description,
        epilog="\b\nExamples:\n" + "\n".join(f"  {e}" for e in q.examples) if q.examples else None,
    )
    for p in q.params:  # options added to a Command object keep the order they are added in
        metavar = p.kind.upper()
        click.option(f"--{p.name}", p.name, metavar=metavar, required=not p.optional, help=p.description)(command)
    for option in (_report_option, _format_option, *_store_options):
        option(command)
    return command


_report_option = click.option(
    "--report", metavar="NAME", help="Keep to one report of a dataset: its title (or a part), its year or its IRI."
)


class _NamedQueries(click.Group):
    """The named queries of the package as subcommands of ``dckg query``, generated from their headers."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(named_queries())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return _named_command(get(name))


@cli.group("query", cls=_NamedQueries, invoke_without_command=True)
@click.option("--list", "show_list", is_flag=True, help="List the named queries with their parameters and examples.")
@click.pass_context
def query_cmd(ctx: click.Context, show_list: bool) -> None:
    """Run a named query: dckg query NAME --param value (dckg query NAME --help for its parameters)."""
    if show_list:
        for q in named_queries().values():
            params = " ".join(
                f"[--{p.name} {p.kind.upper()}]" if p.optional else f"--{p.name} {p.kind.upper()}" for p in q.params
            )
            click.echo(f"{q.name} {params}".rstrip())
            click.echo(textwrap.fill(q.description, 100, initial_indent="    ", subsequent_indent="    "))
            for e in q.examples[:1]:
                click.echo(f"    e.g. {e}")
    elif ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@cli.command("sparql")
@click.argument("text", required=False)
@click.option(
    "-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A .rq file."
)
@_format_option
@_with_store_options
@click.option("--update-endpoint", metavar="URL", help="The endpoint's SPARQL Update URL (for --allow-update).")
@click.option("--allow-update", is_flag=True, help="Allow a SPARQL Update (refused otherwise: queries are read-only).")
def sparql_cmd(text, query_file, fmt, graph_file, store_path, endpoint, timeout, update_endpoint, allow_update) -> None:
    """Run your own SPARQL query, given as an argument or with -f FILE, on the graph or on an endpoint."""
    if (text is None) == (query_file is None):
        raise click.UsageError("give a query as an argument or with -f FILE (one of the two)")
    if query_file is not None:
        try:
            text = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{query_file}: cannot read the query ({exc})") from exc
    if statement_kind(text) != "UPDATE":
        store = _open(graph_file, store_path, endpoint, timeout)
    elif not allow_update:
        store = None  # refused before any store is opened
    else:  # a store whose updates last: the endpoint's update URL, or a persistent store opened for writing
        store = _open(graph_file, store_path, endpoint, timeout, update_endpoint=update_endpoint, writable=True)
    answer = dckg.sparql(text, store, allow_update)
    click.echo("update done" if answer is None else render(answer, fmt), nl=answer is None)


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@_format_option
@_with_store_options
def diff_cmd(old: str, new: str, fmt: str, graph_file, store_path, endpoint, timeout) -> None:
    """What changed from report OLD to report NEW (titles, years or IRIs of reports of the workspace or of --graph,
    or two graph files): documents, bodies, programmes and indicators new and gone, figures restated, issuers
    changed."""
    files = all(Path(x).suffix and Path(x).is_file() for x in (old, new))
    store = None if files else _open(graph_file, store_path, endpoint, timeout)
    click.echo(render(dckg.diff(old, new, store), fmt), nl=False)


@cli.command("lookup")
@click.argument("name")
@click.option("--kind", type=click.Choice(sorted(dckg.ENTITY_KINDS)), help="Only entities of this kind.")
@_format_option
@_with_store_options
def lookup_cmd(name, kind, fmt, graph_file, store_path, endpoint, timeout) -> None:
    """Show the entity a name stands for (Chinese or English, full or abbreviated, any case and spacing)."""
    c = dckg.resolve_name(name, kind, _open(graph_file, store_path, endpoint, timeout))
    names = ("entity", "classes", "zh", "en", "matched")
    values = (c.iri, Literal(", ".join(c.classes)), Literal(c.zh), Literal(c.en), Literal(c.matched))
    click.echo(render(dckg.Rows(names, (values,)), fmt), nl=False)


@cli.command("push")
@click.option("--store-endpoint", metavar="URL", help="The endpoint's Graph Store Protocol URL (HTTP PUT).")
@click.option("--update-endpoint", metavar="URL", help="The endpoint's SPARQL Update URL.")
@click.option(
    "--named-graph", metavar="IRI", help="The graph to replace with a single graph (default: the default graph)."
)
@click.option(
    "--report", metavar="NAME", help="Of a dataset, push only this report (title, year or IRI) and the shared graph."
)
@_graph_option
@click.option("--timeout", type=click.FloatRange(min=0.1), default=dckg.DEFAULT_TIMEOUT, show_default=True)
def push_cmd(store_endpoint, update_endpoint, named_graph, report, graph_file, timeout) -> None:
    """Replace graphs of a remote store, all or nothing: a dataset (the workspace, or a .trig or .nq graph file)
    graph by graph, each report's named graph and the shared graph; a single graph into the default graph or
    --named-graph (credentials: DCKG_ENDPOINT_USER and DCKG_ENDPOINT_PASSWORD, or DCKG_ENDPOINT_TOKEN, in the
    environment)."""
    if (store_endpoint is None) == (update_endpoint is None):
        raise click.UsageError("give one of --store-endpoint URL or --update-endpoint URL")
    pushed = dckg.push(
        graph_file,
        store_endpoint=store_endpoint,
        update_endpoint=update_endpoint,
        named_graph=named_graph,
        report=report,
        timeout=timeout,
        workspace=_workspace(),
    )
    click.echo(f"pushed  {pushed.triples:,} triples to {pushed.target}")
    for graph in pushed.graphs:
        click.echo(f"        <{graph}>")


@cli.command("viz")
@_graph_option
@_out_option(DEFAULT_VIEW, "the HTML page")
@click.option("--focus", metavar="NAME|IRI", help="Draw only around this entity: a Chinese or English name, or an IRI.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Links to follow from --focus.")
@click.option("--types", metavar="CLASS,…", help="Keep only these classes, e.g. Agency,PolicyDocument.")
@click.option(
    "--fold/--no-fold", default=True, show_default=True, help="Show observations inside their indicator, or as nodes."
)
@click.option(
    "--view",
    "start",
    metavar="NAME",
    help="The view the page opens with: issuers (who issued what; the default), figures, structure, everything.",
)
def viz_cmd(
    graph_file: Path | None, out: Path, focus: str | None, depth: int, types: str | None, fold: bool, start: str | None
) -> None:
    """Write the graph as one self-contained, offline HTML page: an interactive network to explore."""
    started = time.perf_counter()
    kinds = [t.strip() for t in types.split(",") if t.strip()] if types else None
    store = _workspace_store() if graph_file is None else None
    if store is not None or (graph_file is not None and graph_file.suffix.lower() in dckg.DATASET_SUFFIXES):
        source = dckg.load_dataset(graph_file, _workspace(), store)  # which report states each node and link
    else:
        source = dckg.load_graph(graph_file, _workspace())
    view = dckg.view.write_html(source, out, focus=focus, depth=depth, types=kinds, fold=fold, start=start)
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
@_out_option(DEFAULT_DOCS, "the HTML documentation")
def docs_cmd(source: Path | None, out: Path) -> None:
    """Write the human-readable documentation of the ontology (every class and property, in English and Chinese)."""
    terms = dckg.write_docs(out, source)
    click.echo(f"wrote   {out} ({terms} terms, {out.stat().st_size:,} bytes)")


def _require_conformance(graph, reports=(), err: bool = True) -> None:
    """Print every violation of ``graph``, one per line (on stderr when ``err``), and fail when there is any."""
    violations = dckg.validate(graph, reports)
    for v in violations:
        click.echo(f"violation: {v.line()}", err=err)
    if violations:
        raise ShapeViolationError(f"the graph does not conform: {len(violations)} violations")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn dckg's failures into a one-line message and an exit code."""
    logging.getLogger("rdflib").setLevel(logging.ERROR)  # its warnings would come before dckg's one-line error
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
