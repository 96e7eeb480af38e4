"""Downloading a web page, with a timeout, a size cap and a limit on redirects.

Only the standard library: an opener with no handlers but HTTP, HTTPS and a
redirect handler that counts redirects and follows only http(s) targets, so a
page can never send factcheck to a ``file:`` or ``ftp:`` address. Every failure
becomes a :class:`BadInput` naming the address and the reason in plain words.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from factcheck import __version__
from factcheck.core.articles import ImportedArticle
from factcheck.io.errors import BadInput
from factcheck.io.html_article import article_from_html
from factcheck.io.text_files import human_size

USER_AGENT = f"factcheck/{__version__}"
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
_CUT_SHORT = "the server stopped sending before the page was complete"
_KINDS = (
    ("application/pdf", "a PDF"),
    ("image/", "an image"),
    ("video/", "a video"),
    ("audio/", "an audio file"),
    ("application/json", "JSON data"),
    ("text/plain", "plain text"),
    ("application/zip", "a ZIP archive"),
    ("application/msword", "a Word document"),
    ("application/vnd.openxmlformats-officedocument", "an Office document"),
)


@dataclass(frozen=True)
class Download:
    """A downloaded web page, as the server sent it."""

    requested_url: str
    final_url: str
    """Where the page came from after redirects."""
    data: bytes
    media_type: str
    """e.g. text/html, from the Content-Type header."""
    charset: str | None
    """The charset the Content-Type header declared, if any."""


def fetch(url: str, *, timeout: float = 15, max_bytes: int = 20_000_000, max_redirects: int = 5) -> Download:
    """Download the web page at ``url`` (http or https only). Raises :class:`BadInput`.

    ``timeout`` bounds each wait for the server and the whole download; ``max_bytes``
    caps the page's size; at most ``max_redirects`` redirects are followed. Anything
    other than an HTML page (a PDF, an image) is refused before its body is read.
    """
    url = url.strip()
    _check_web_address(url)
    request = urllib.request.Request(as_ascii_url(url), headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "identity",
    })
    watch = _Watch(timeout)
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), _WatchedHTTPHandler(watch), _WatchedHTTPSHandler(watch),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor(),
                    _RedirectLimit(url, max_redirects)):
        opener.add_handler(handler)
    deadline = time.monotonic() + timeout
    watch.start()
    try:
        with opener.open(request, timeout=timeout) as response:
            if watch.expired.is_set():  # cut off while the headers came in: they may be partial
                raise BadInput(f"{url} did not answer within {timeout:g} seconds.")
            final_url = response.geturl()
            media_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            charset = response.headers.get_content_charset()
            _check_media_type(url, media_type)
            _check_length(url, response.headers.get("Content-Length"), max_bytes)
            data = _read(url, response, max_bytes, deadline, timeout)
            if watch.expired.is_set():  # the deadline cut the body short: never keep half a page
                raise BadInput(f"{url} did not send the whole page within {timeout:g} seconds.")
            if response.length:  # http.client counts down the Content-Length; the server closed early
                raise _cut_short(url)
            encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    except BadInput:
        raise
    except urllib.error.HTTPError as error:
        error.close()
        raise BadInput(f"{url} returned {error.code} {_reason(error)}.") from error
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        if watch.expired.is_set():  # the deadline shut the connection while the headers trickled in
            raise BadInput(f"{url} did not answer within {timeout:g} seconds.") from error
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        raise _network_failure(url, reason, timeout) from error
    except ValueError as error:  # http.client.InvalidURL and friends
        raise BadInput(f"{url} is not a valid web address ({error}).") from error
    finally:
        watch.cancel()
    data = _decompress(url, data, encoding, max_bytes)
    if media_type in ("", "application/octet-stream"):
        if not _looks_like_html(data):
            raise BadInput(f"{url} is not a web page: the server did not say what it is, and it is not HTML.")
        media_type = "text/html"
    return Download(url, final_url, data, media_type, charset)


def article_from_url(url: str, **limits) -> ImportedArticle:
    """Download the page at ``url`` and extract its article (source type "url").

    The article's URL is the canonical one the page declares, else the address it
    finally came from. The original keeps the page's bytes, the URL asked for as
    its name and the final URL. ``limits`` are :func:`fetch`'s keyword arguments.
    """
    return article_from_download(fetch(url, **limits))


def article_from_download(download: Download) -> ImportedArticle:
    """The article of a downloaded page, as :func:`article_from_url` keeps it."""
    imported = article_from_html(download.data, download.requested_url, download.final_url,
                                 source_type="url", charset=download.charset)
    if not imported.article.url:
        imported = ImportedArticle(imported.article.with_(url=download.requested_url), imported.original)
    return imported


class _RedirectLimit(urllib.request.HTTPRedirectHandler):
    """Follows at most ``limit`` redirects, and only to http(s) addresses."""

    def __init__(self, requested_url: str, limit: int):
        self.requested_url = requested_url
        self.limit = limit
        self.count = 0
        # urllib's own loop detection would otherwise answer first, with a bare HTTP error
        self.max_repeats = self.max_redirections = limit + 1

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("Location") or headers.get("URI")
        if target:
            try:  # http.client reads headers as Latin-1; servers send raw UTF-8, as browsers assume
                target = target.encode("latin-1").decode("utf-8")
            except UnicodeError:
                pass
            target = urljoin(req.full_url, target.strip())
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                fp.close()
                raise BadInput(f"{self.requested_url} redirected to {target}, which is not a web address: "
                               "factcheck follows redirects to http and https addresses only.")
            self.count += 1
            if self.count > self.limit:
                fp.close()
                raise BadInput(f"{self.requested_url} redirected more than {self.limit} times "
                               f"(the last time to {target}); it may be a redirect loop.")
            for name in ("Location", "URI"):  # a non-ASCII target must go on the wire encoded
                if name in headers:
                    headers.replace_header(name, as_ascii_url(target))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def as_ascii_url(url: str) -> str:
    """An address as it goes on the wire: the host in IDNA, the path and query percent-encoded.

    People paste addresses as browsers show them (``…/artículo?q=ü``); HTTP wants ASCII.
    Characters that are already escaped, and the URL's own punctuation, are left alone.
    """
    parts = urlsplit(url)
    try:
        host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    except UnicodeError as error:
        raise BadInput(f"{url} is not a valid web address: its host name cannot be used ({error}).") from error
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username:
        credentials = quote(parts.username, safe="") + (f":{quote(parts.password, safe='')}" if parts.password else "")
        netloc = f"{credentials}@{netloc}"
    safe = "/%:@!$&'()*+,;=-._~"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe), quote(parts.query, safe=safe + "?"),
                       quote(parts.fragment, safe=safe + "?")))


def _check_web_address(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise BadInput(f"{url} is not a valid web address ({error}).") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise BadInput(f"{url or 'An empty address'} is not a web address factcheck can download: "
                       "only http:// and https:// addresses are accepted.")
    if not parts.hostname:
        raise BadInput(f"{url} is not a valid web address: it names no host.")


def _check_media_type(url: str, media_type: str) -> None:
    if not media_type or media_type in HTML_MEDIA_TYPES or media_type == "application/octet-stream":
        return
    article = "an" if media_type[0] in "aeiou" else "a"
    kind = next((kind for prefix, kind in _KINDS if media_type.startswith(prefix)), f"{article} {media_type} file")
    raise BadInput(f"{url} is {kind}, not a web page ({media_type}).")


def _check_length(url: str, content_length: str | None, max_bytes: int) -> None:
    try:
        length = int(content_length) if content_length else None
    except ValueError:
        length = None
    if length is not None and length > max_bytes:
        raise BadInput(f"{url} is larger than {human_size(max_bytes)} ({human_size(length)}), "
                       "factcheck's limit for a web page.")


def _read(url: str, response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    # read1: whatever has arrived, so the deadline is checked while a slow server trickles
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise BadInput(f"{url} is larger than {human_size(max_bytes)}, factcheck's limit for a web page.")
        if time.monotonic() > deadline:
            raise BadInput(f"{url} did not send the whole page within {timeout:g} seconds.")
        chunks.append(chunk)
    return b"".join(chunks)


def _decompress(url: str, data: bytes, encoding: str, max_bytes: int) -> bytes:
    """Undo a Content-Encoding the server applied although asked for none, up to ``max_bytes``."""
    if encoding in ("identity", ""):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise BadInput(f"{url} sent the page compressed as {encoding!r}, which factcheck cannot read.")
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    try:
        decompressor = zlib.decompressobj(wbits)
        result = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise BadInput(f"{url} sent a damaged compressed page ({error}).") from error
    if len(result) > max_bytes:
        raise BadInput(f"{url} is larger than {human_size(max_bytes)}, factcheck's limit for a web page.")
    if not decompressor.eof:  # the compressed stream stops before its end: half a page
        raise _cut_short(url)
    return result


def _cut_short(url: str) -> BadInput:
    return BadInput(f"{url} could not be downloaded: {_CUT_SHORT}.")


def _reason(error: urllib.error.HTTPError) -> str:
    if error.reason and str(error.reason).strip():
        return str(error.reason).strip()
    try:
        return HTTPStatus(error.code).phrase
    except ValueError:
        return "(an HTTP error)"


class _Watch:
    """One deadline for a whole download, the wait for the headers included.

    urllib's timeout bounds each wait on the socket, so a server that sends its
    headers a byte at a time could hold an import for ever. When the deadline
    passes, the watch shuts down the connections the download opened, and the
    read in progress fails (the body's own reads check the deadline as well).
    """

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = threading.Event()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        self.expired.set()
        for sock in list(self.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed already: nothing left to stop


def _watched(base: type, watch: _Watch) -> type:
    """``base`` (an HTTP(S) connection class) that tells ``watch`` about its socket."""

    class Watched(base):
        def connect(self) -> None:
            super().connect()
            watch.sockets.append(self.sock)

    return Watched


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.watch), req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.watch), req, context=self._context)


def _network_failure(url: str, reason: object, timeout: float) -> BadInput:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return BadInput(f"{url} did not answer within {timeout:g} seconds.")
    return BadInput(f"{url} could not be downloaded: {_explain(reason)}.")


def _explain(reason: object) -> str:
    """A network failure in plain words."""
    if isinstance(reason, socket.gaierror):
        return "there is no server by that name (check the address, and that this computer is online)"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected)):
        return "the server closed the connection"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"its security certificate is not valid ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return "the secure connection failed"
    if isinstance(reason, http.client.IncompleteRead):  # a chunked body that stops early
        return _CUT_SHORT
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror[0].lower() + reason.strerror[1:]
    return str(reason) or type(reason).__name__


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or b"<html" in head
