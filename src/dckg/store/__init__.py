"""Where queries run, behind one small interface (base.py): the embedded Oxigraph store, in memory or persistent on
disk (embedded.py, persistent.py), or a remote SPARQL 1.1 endpoint (remote.py, over http.py). Every store answers
with rdflib terms, so results compare equal. A store is given its graph; it never builds one (the face does)."""

from __future__ import annotations

from .base import DEFAULT_TIMEOUT, Answer, Rows, Store, bind_values, from_graphs, select
from .embedded import OxigraphStore
from .http import PASSWORD_ENV, TOKEN_ENV, USER_ENV, auth_headers, check_url
from .persistent import code_digest, open_persistent
from .remote import EndpointStore, push, push_graphs

__all__ = [
    "DEFAULT_TIMEOUT",
    "PASSWORD_ENV",
    "TOKEN_ENV",
    "USER_ENV",
    "Answer",
    "EndpointStore",
    "OxigraphStore",
    "Rows",
    "Store",
    "auth_headers",
    "bind_values",
    "check_url",
    "code_digest",
    "from_graphs",
    "open_persistent",
    "push",
    "push_graphs",
    "select",
]
