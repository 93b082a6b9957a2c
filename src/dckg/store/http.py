"""HTTP as dckg speaks it to endpoints: endpoint URLs and credentials (from the environment only, never in clear
text across a network), redirects refused, and every failure of an exchange as a one-line error of its kind, with
a short, safe excerpt of the answer and the credentials masked."""

from __future__ import annotations

import ast
import base64
import html
import http.client
import ipaddress
import os
import re
import urllib.error
import urllib.parse
import urllib.request

from SPARQLWrapper import SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ..errors import EndpointAuthError, EndpointConfigError, EndpointError, EndpointTimeoutError, QueryError

USER_ENV, PASSWORD_ENV, TOKEN_ENV = "DCKG_ENDPOINT_USER", "DCKG_ENDPOINT_PASSWORD", "DCKG_ENDPOINT_TOKEN"


def check_url(url: str) -> str:
    """An http(s) URL without credentials in it (they belong in environment variables, never in arguments), and
    https whenever credentials are set, unless the endpoint is on this machine: they must not cross a network
    in clear text."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number in range)
    except ValueError as exc:
        raise EndpointConfigError(f"not a valid endpoint URL ({exc})") from exc
    if parts.username or parts.password:
        raise EndpointConfigError(
            f"credentials do not belong in the URL; set {USER_ENV} and {PASSWORD_ENV} (or {TOKEN_ENV})"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointConfigError(f"not an http(s) endpoint URL: {url!r}")
    if parts.scheme == "http" and auth_headers() and not _loopback(parts.hostname):
        raise EndpointConfigError(
            f"credentials would travel unencrypted to {parts.hostname}: use an https:// URL "
            "(plain http is accepted with credentials only for an endpoint on this machine)"
        )
    return url


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth_headers() -> dict[str, str]:
    """The Authorization header built from the environment, if credentials are set there."""
    token = os.environ.get(TOKEN_ENV)
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get(USER_ENV)
    if user:
        secret = f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}
    return {}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: urllib would send the credentials wherever they point, to another host or
    over plain http, and would turn the POST of a query into a GET without it (a wrong, empty answer)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


open_url = urllib.request.build_opener(_NoRedirects).open
"""Open an HTTP request as dckg does (redirects refused); every request of dckg's goes through it."""


class Wrapper(SPARQLWrapper):
    """SPARQLWrapper opening its requests with ``open_url``, on dckg's own requests only (SPARQLWrapper itself opens
    them with a module-level function that other users of the library share)."""

    def _query(self):
        try:
            return open_url(self._createRequest(), timeout=self.timeout), self.returnFormat
        except urllib.error.HTTPError as exc:
            if exc.code == 400:  # as SPARQLWrapper reports it; the other statuses are read by call()
                raise QueryBadFormed(_safe_read(exc)) from exc
            raise


def call(url: str, timeout: float, request):
    """Run one HTTP exchange; turn every way it can fail into a one-line error of its kind."""
    try:
        return request()
    except QueryBadFormed as exc:
        raise QueryError(f"{url} rejected the query: {excerpt(_body(exc))}") from exc
    except SPARQLWrapperException as exc:
        raise _http_error(url, None, _body(exc)) from exc
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            where = exc.headers.get("Location", "elsewhere") if exc.headers else "elsewhere"
            raise EndpointError(
                f"{url} answered HTTP {exc.code} and redirects to {excerpt(where)}: dckg does not follow "
                "redirects (credentials would follow them); give the URL it redirects to"
            ) from exc
        raise _http_error(url, exc.code, _safe_read(exc)) from exc
    except (OSError, http.client.HTTPException) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            raise EndpointTimeoutError(f"{url}: timed out after {timeout:g} s without an answer") from exc
        if isinstance(reason, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected):
            raise EndpointError(f"{url} closed the connection without an answer") from exc
        if isinstance(reason, http.client.HTTPException):
            raise EndpointError(f"{url} sent a broken HTTP answer ({type(reason).__name__})") from exc
        raise EndpointError(f"cannot reach {url}: {getattr(reason, 'strerror', None) or reason}") from exc


def _http_error(url: str, code: int | None, body: bytes | str) -> EndpointError:
    """The error for an HTTP error status: a failed authentication says which credentials were refused."""
    status = f"HTTP {code} {http.client.responses.get(code, '')}".strip() if code else "an HTTP error"
    if code == 401:
        if os.environ.get(TOKEN_ENV):
            sent = f"the endpoint refused the token in {TOKEN_ENV}"
        elif os.environ.get(USER_ENV):
            sent = f"the endpoint refused the user and password in {USER_ENV} and {PASSWORD_ENV}"
        else:
            sent = f"no credentials were sent; set {USER_ENV} and {PASSWORD_ENV}, or {TOKEN_ENV}"
        return EndpointAuthError(f"authentication failed at {url} ({status}): {sent}")
    shown = excerpt(body)
    return EndpointError(f"{url} answered {status}" + (f": {shown}" if shown else ""))


def _safe_read(response) -> bytes:
    try:
        return response.read()
    except (OSError, http.client.HTTPException):
        return b""


def _body(exc: SPARQLWrapperException) -> bytes | str:
    """The response body SPARQLWrapper keeps only inside its message (as the repr of the bytes)."""
    text = str(exc)
    if "Response:\n" not in text:
        return ""
    try:
        return ast.literal_eval(text.split("Response:\n", 1)[1])
    except (ValueError, SyntaxError):
        return text.split("Response:\n", 1)[1]


EXCERPT = 160
"""At most this many characters of an endpoint's error answer go into a message."""
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)
_HTML = re.compile(r"\s*<(!doctype|html|head|body)\b", re.IGNORECASE)


def excerpt(body: bytes | str | None) -> str:
    """A short, safe excerpt of an endpoint's answer: HTML markup, terminal escapes and control characters
    removed, white space folded, and the credentials of the environment masked (some error pages echo the
    request's headers)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    if _HTML.match(text):
        text = html.unescape(_MARKUP.sub(" ", text))
    text = "".join(c if c.isprintable() else " " for c in _ANSI.sub("", text))
    text = " ".join(text.split())
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _secrets() -> list[str]:
    """The credentials of the environment in every form they could be echoed in, longest first."""
    password, token = os.environ.get(PASSWORD_ENV, ""), os.environ.get(TOKEN_ENV, "")
    forms = [token, password, *(v.split(" ", 1)[1] for v in auth_headers().values())]
    if os.environ.get(USER_ENV):
        forms.append(f"{os.environ[USER_ENV]}:{password}")
    return sorted({f for f in forms if f}, key=len, reverse=True)
