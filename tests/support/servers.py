"""Real SPARQL servers on free loopback ports, started and stopped by the tests: Oxigraph (conftest.py's ``oxigraph``
fixture holds one for the session) and OpenLink Virtuoso (Debian's virtuoso-opensource), each with its data in a
temporary folder."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running Oxigraph server: its base URL and its SPARQL query, update and graph store URLs."""

    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    def run_update(self, text: str) -> None:
        req = urllib.request.Request(
            self.update, data=text.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        urllib.request.urlopen(req, timeout=30).read()


@contextmanager
def running_oxigraph(folder: Path) -> Iterator[Server]:
    """``oxigraph serve`` on a free loopback port with its data in ``folder``, stopped when the block ends."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {proc.stderr.read().decode()[-500:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("oxigraph serve did not start within 30 s")
            time.sleep(0.05)
        yield Server(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Virtuoso(Server):
    """A running Virtuoso: SPARQL queries and updates at /sparql, the Graph Store Protocol at /sparql-graph-crud."""

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        return f"{self.base}/sparql"

    @property
    def store(self) -> str:
        return f"{self.base}/sparql-graph-crud"


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 0
"""
"""A Virtuoso configuration on loopback only, everything in one folder (DirsAllowed: no file outside it is read);
ResultSetMaxRows 0, since the default (Debian's ini: 10000) cuts a Graph Store GET to that many triples."""

GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
"""What lets anonymous requests write: SPARQL Update for the SPARQL user, and read-write graphs for "nobody", whom
the Graph Store Protocol endpoint (/sparql-graph-crud) acts as."""


@contextmanager
def running_virtuoso(folder: Path) -> Iterator[Virtuoso]:
    """``virtuoso-t`` in the foreground on free loopback ports (SQL and HTTP) with a fresh database in ``folder``,
    anonymous writes granted through isql; stopped when the block ends."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not exe or not isql:
        raise RuntimeError("virtuoso-t and isql-vt are not installed: apt-get install virtuoso-opensource (setup.sh)")
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen(
        [exe, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    server = Virtuoso(f"http://127.0.0.1:{http}")
    try:
        deadline = time.monotonic() + 90
        while not _answers(f"{server.query}?query=ASK%7B%7D"):
            if proc.poll() is not None:
                log = folder / "virtuoso.log"
                raise RuntimeError(f"virtuoso-t exited: {log.read_text()[-500:] if log.exists() else ''}")
            if time.monotonic() > deadline:
                raise RuntimeError("virtuoso-t did not start within 90 s")
            time.sleep(0.2)
        granted = subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={GRANTS}"], capture_output=True, text=True, timeout=60
        )
        if granted.returncode != 0 or "Error" in granted.stdout + granted.stderr:
            raise RuntimeError(f"isql could not grant anonymous writes: {granted.stdout}{granted.stderr}"[-500:])
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=5).read()
        return True
    except OSError:
        return False
