"""Downloading pages from a local HTTP server on 127.0.0.1: success, and every way it can fail."""

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from factcheck import __version__
from factcheck.io import BadInput
from factcheck.io.web_fetch import Download, article_from_url, fetch

FIXTURES = Path(__file__).parent / "fixtures"
NEWS = (FIXTURES / "news_article.html").read_bytes()
CANONICAL = "https://www.riversidecourier.example/news/local/council-recycling-rate-doubled-claim-a1234.html"
GAZETTE = (FIXTURES / "harbour_gazette.html").read_bytes()  # no canonical link
LEDGER = (FIXTURES / "cp1252_article.html").read_bytes()  # windows-1252, declared in a <meta>
SLOW_SECONDS = 2.0


def page(body: bytes, content_type: str | None = "text/html; charset=utf-8", length: bool = True):
    def respond(handler):
        handler.send_response(200)
        if content_type:
            handler.send_header("Content-Type", content_type)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def redirect(location: str, status: int = 302):
    def respond(handler):
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return respond


def status(code: int):
    def respond(handler):
        handler.send_error(code)
    return respond


def slow(handler):
    time.sleep(SLOW_SECONDS)
    page(NEWS)(handler)


def slow_headers(handler):
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
    for n in range(20):  # a header line every 0.1 s: each wait is short, the whole is not
        handler.wfile.write(f"X-Slow-{n}: yes\r\n".encode())
        handler.wfile.flush()
        time.sleep(0.1)
    handler.wfile.write(b"\r\n")


def trickle(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(12):
        handler.wfile.write(b"<p>still coming</p>\n")
        handler.wfile.flush()
        time.sleep(0.1)


def claims_to_be_huge(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "30000000")
    handler.end_headers()
    handler.wfile.write(b"<html>")


def gzipped_anyway(handler):
    body = gzip.compress(GAZETTE)
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def cut_short(body: bytes, declared: int | None, encoding: str | None = None):
    """A server that sends the first half of ``body``, declaring a Content-Length of ``declared``, then closes."""
    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if encoding:
            handler.send_header("Content-Encoding", encoding)
        if declared is not None:
            handler.send_header("Content-Length", str(declared))
        handler.end_headers()
        handler.wfile.write(body[:len(body) // 2])
    return respond


def chunked_cut_short(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    half = GAZETTE[:len(GAZETTE) // 2]
    handler.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))  # and no last, empty chunk


GAZETTE_GZIP = gzip.compress(GAZETTE)
HALF_GZIP = len(GAZETTE_GZIP) // 2


WITH_ASSETS = NEWS.replace(b"</main>", b'<img src="/asset/photo.jpg"><iframe src="/asset/frame.html"></iframe>'
                                       b'<script src="/asset/app.js"></script><link rel="stylesheet" '
                                       b'href="/asset/style.css"></main>')

ROUTES = {
    "/news/recycling": page(NEWS),
    "/gazette/ferry-fares": page(GAZETTE),
    "/ledger/stadium": page(LEDGER, "text/html"),
    "/gazette-cp1252": page(GAZETTE.decode("utf-8").encode("cp1252"), "text/html; charset=windows-1252"),
    "/no-content-type": page(GAZETTE, None),
    "/no-length": page(GAZETTE, length=False),
    "/gzip": gzipped_anyway,
    "/cut-short": cut_short(GAZETTE, len(GAZETTE)),
    "/gzip-cut-short": cut_short(GAZETTE_GZIP, len(GAZETTE_GZIP), "gzip"),
    "/gzip-half-as-declared": cut_short(GAZETTE_GZIP, HALF_GZIP, "gzip"),
    "/gzip-half-no-length": cut_short(GAZETTE_GZIP, None, "gzip"),
    "/chunked-cut-short": chunked_cut_short,
    "/with-assets": page(WITH_ASSETS),
    "/short-link": redirect("/gazette/ferry-fares", 301),
    "/old/recycling": redirect("/redirect-again", 302),
    "/redirect-again": redirect("/news/recycling", 307),
    "/missing": status(404),
    "/broken": status(500),
    "/slow": slow,
    "/trickle": trickle,
    "/slow-headers": slow_headers,
    "/report.pdf": page(b"%PDF-1.7\n" + bytes(2000), "application/pdf"),
    "/photo": page(b"\x89PNG\r\n\x1a\n" + bytes(2000), "image/png"),
    "/data.json": page(b'{"a": 1}', "application/json"),
    "/feed.xml": page(b"<rss></rss>", "application/rss+xml"),
    "/big": page(NEWS, "text/html"),
    "/big-no-length": page(NEWS, "text/html", length=False),
    "/huge": claims_to_be_huge,
    "/loop": redirect("/loop"),
    "/to-file": redirect("file:///etc/passwd"),
    "/to-ftp": redirect("ftp://127.0.0.1/pub/article.html"),
    "/to-javascript": redirect("javascript:alert(1)"),
    "/not-html-octets": page(bytes(range(256)) * 4, "application/octet-stream"),
    "/art%C3%ADculo": page(GAZETTE),
    "/to-accented": redirect("/art\u00edculo".encode("utf-8").decode("latin-1")),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.requests.append((self.path, dict(self.headers)))
        respond = ROUTES.get(self.path.split("?")[0], status(404))
        try:
            respond(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (timeouts, size limits): expected

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def running_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def server(running_server, monkeypatch):
    """The module's server, with an empty request log; a proxy in the environment is bypassed."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    running_server.requests.clear()
    return running_server


def refusal(url: str, **limits) -> str:
    with pytest.raises(BadInput) as caught:
        fetch(url, **limits)
    message = str(caught.value)
    assert url in message
    return message


# ------------------------------------------------------------------- success


def test_fetch_downloads_a_page_and_says_where_it_came_from(server):
    download = fetch(server.base + "/news/recycling")
    assert download == Download(server.base + "/news/recycling", server.base + "/news/recycling", NEWS,
                                "text/html", "utf-8")
    path, headers = server.requests[0]
    assert headers["User-Agent"] == f"factcheck/{__version__}"


def test_fetch_follows_redirects_and_reports_the_final_address(server):
    download = fetch(server.base + "/old/recycling")
    assert download.requested_url == server.base + "/old/recycling"
    assert download.final_url == server.base + "/news/recycling"
    assert download.data == NEWS
    assert [path for path, _ in server.requests] == ["/old/recycling", "/redirect-again", "/news/recycling"]


def test_article_from_url_prefers_the_canonical_address_the_page_declares(server):
    imported = article_from_url(server.base + "/old/recycling")
    article = imported.article
    assert article.url == CANONICAL
    assert article.source_type == "url"
    assert article.title == "Council claims recycling rate doubled in two years"
    assert article.author == "Priya Natarajan, Tomás Ó Briain"
    assert "Riverside council says the borough" in article.text
    assert "Advertisement" not in article.text
    assert imported.original.data == NEWS
    assert imported.original.media_type == "text/html"
    assert imported.original.name == server.base + "/old/recycling"  # what the user asked for
    assert imported.original.url == server.base + "/news/recycling"  # where it came from


def test_article_from_url_without_a_canonical_link_keeps_the_final_address(server):
    imported = article_from_url(server.base + "/short-link")
    assert imported.article.url == server.base + "/gazette/ferry-fares"
    assert imported.article.outlet == "Harbour Gazette"
    assert "Islander Ferries says its fares" in imported.article.text


def test_article_from_url_without_a_redirect_or_canonical_link_keeps_the_address_given(server):
    url = server.base + "/gazette/ferry-fares"
    assert article_from_url(url).article.url == url


@pytest.mark.parametrize("path", ["/ledger/stadium", "/gazette-cp1252"])
def test_the_page_encoding_is_respected(server, path):
    text = article_from_url(server.base + path).article.text
    assert "\ufffd" not in text and "â€" not in text
    assert "“" in text and "’" in text


@pytest.mark.parametrize("path", ["/no-content-type", "/no-length", "/gzip"])
def test_untidy_but_harmless_servers_still_work(server, path):
    assert "Islander Ferries says" in article_from_url(server.base + path).article.text


def test_nothing_the_page_refers_to_is_downloaded(server):
    article_from_url(server.base + "/with-assets")
    assert [path for path, _ in server.requests] == ["/with-assets"]


# ------------------------------------------------------------------- failures


@pytest.mark.parametrize(("path", "expected"), [("/missing", "returned 404 Not Found"),
                                                ("/broken", "returned 500 Internal Server Error")])
def test_an_http_error_status_is_named(server, path, expected):
    assert expected in refusal(server.base + path)


def test_a_server_that_does_not_answer_in_time_is_given_up_on(server):
    started = time.monotonic()
    message = refusal(server.base + "/slow", timeout=0.3)
    assert "did not answer within 0.3 seconds" in message
    assert time.monotonic() - started < SLOW_SECONDS


def test_a_server_that_trickles_is_given_up_on_at_the_deadline(server):
    started = time.monotonic()
    assert "did not send the whole page within 0.4 seconds" in refusal(server.base + "/trickle", timeout=0.4)
    assert time.monotonic() - started < 1.1


@pytest.mark.parametrize(("path", "expected"), [
    ("/report.pdf", "is a PDF, not a web page (application/pdf)"),
    ("/photo", "is an image, not a web page (image/png)"),
    ("/data.json", "is JSON data, not a web page"),
    ("/feed.xml", "is an application/rss+xml file, not a web page"),
    ("/not-html-octets", "is not a web page"),
])
def test_something_other_than_a_web_page_is_refused(server, path, expected):
    assert expected in refusal(server.base + path)


def test_a_pdf_is_refused_without_downloading_it(server):
    with pytest.raises(BadInput, match="PDF"):
        article_from_url(server.base + "/report.pdf")


@pytest.mark.parametrize("path", ["/big", "/big-no-length"])
def test_a_page_over_the_size_limit_is_refused(server, path):
    assert "is larger than 1 kB" in refusal(server.base + path, max_bytes=1000)


@pytest.mark.parametrize("path", ["/cut-short", "/gzip-cut-short", "/gzip-half-as-declared", "/gzip-half-no-length",
                                  "/chunked-cut-short"])
def test_a_page_cut_short_is_refused_not_kept_half(server, path):
    # Half the promised Content-Length, or a gzip stream that stops before its end: the
    # article would end mid-word, its closing correction lost, with nothing to say so.
    assert "the server stopped sending before the page was complete" in refusal(server.base + path)


def test_the_declared_length_is_checked_before_reading(server):
    assert "is larger than 20 MB" in refusal(server.base + "/huge")


def test_a_redirect_loop_is_cut_short(server):
    assert "redirected more than 5 times" in refusal(server.base + "/loop")
    assert len(server.requests) == 6
    server.requests.clear()
    assert "redirected more than 2 times" in refusal(server.base + "/loop", max_redirects=2)
    assert len(server.requests) == 3


def test_fewer_redirects_than_the_limit_are_followed(server):
    assert fetch(server.base + "/old/recycling", max_redirects=2).data == NEWS
    with pytest.raises(BadInput, match="redirected more than 1 times"):
        fetch(server.base + "/old/recycling", max_redirects=1)


@pytest.mark.parametrize(("path", "target"), [("/to-file", "file:///etc/passwd"),
                                              ("/to-ftp", "ftp://127.0.0.1/pub/article.html"),
                                              ("/to-javascript", "javascript:alert(1)")])
def test_a_redirect_away_from_the_web_is_refused(server, path, target):
    message = refusal(server.base + path)
    assert f"redirected to {target}, which is not a web address" in message
    assert len(server.requests) == 1


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.html", "javascript:alert(1)",
                                 "example.org/article", "data:text/html,<p>hi</p>", "http://"])
def test_only_http_and_https_addresses_are_accepted(url):
    with pytest.raises(BadInput) as caught:
        fetch(url)
    assert url in str(caught.value)


def test_an_empty_address_is_refused():
    with pytest.raises(BadInput, match="not a web address"):
        fetch("  ")


def test_a_refused_connection_is_named():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # nothing listens there now
    assert "refused the connection" in refusal(f"http://127.0.0.1:{port}/article")


def test_an_unknown_host_is_named(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    assert "there is no server by that name" in refusal("https://no-such-newspaper.invalid/story")


def test_an_address_with_accents_is_sent_encoded(server):
    # As people paste them from a browser's address bar: not ASCII.
    download = fetch(server.base + "/artículo?q=ü")
    assert download.data == GAZETTE
    assert server.requests[0][0] == "/art%C3%ADculo?q=%C3%BC"


def test_a_redirect_to_an_address_with_accents_is_followed(server):
    assert fetch(server.base + "/to-accented").data == GAZETTE


def test_a_server_that_sends_its_headers_slowly_is_given_up_on_at_the_deadline(server):
    started = time.monotonic()
    message = refusal(server.base + "/slow-headers", timeout=0.5)
    assert "within 0.5 seconds" in message
    assert time.monotonic() - started < 1.5  # not the 2 s the headers would take
