"""A real Oxigraph server on a free loopback port, started and stopped by the tests (conftest.py's ``oxigraph``
fixture holds one for the session)."""

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
