"""Importing published fact-checks (schema.org ClaimReview): files, lists, @graph, pages, folders, URLs, the CLI.

What a user notices: the fact-checks are in the library (``published_count``, ``published_checks``)
and no article was made of them; importing the same fact-check address again updates it; a bad
file is named with the reason and nothing of it is written; the desk's articles import as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from factcheck.io import BadInput
from factcheck.operations import (
    IMPORTABLE_SUFFIXES,
    ImportResult,
    PublishedImportResult,
    export_bundle,
    file_kind,
    import_file,
    import_many,
    import_text,
)
from factcheck.store import SQLiteStore, Store, open_store

FIXTURES = Path(__file__).parent / "io" / "fixtures"
FACT_CHECK_PAGE = (FIXTURES / "factcheck_page.html").read_bytes()
NEWS_PAGE = (FIXTURES / "news_article.html").read_bytes()
ARTICLE = "Council approves new cycle lanes\n\nThe council voted 7–2 on Tuesday to approve the lanes.\n"


def review(n: int, verdict: str = "False", **changes) -> dict:
    return {"@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"https://checkdesk.example/2024/check-{n}", "claimReviewed": f"Claim number {n} about bus fares",
            "headline": f"Check {n}", "datePublished": "2024-05-07",
            "author": {"@type": "Organization", "name": "Check Desk"},
            "reviewRating": {"@type": "Rating", "alternateName": verdict},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Councillor Ada Brook"}},
            **changes}


def write(path: Path, value) -> Path:
    path.write_bytes(value if isinstance(value, bytes) else json.dumps(value).encode("utf-8"))
    return path


@pytest.fixture
def library():
    store = SQLiteStore.in_memory(user="alice")
    yield store
    store.close()


def state(library: Store) -> tuple:
    """What an import could change: the articles and the published fact-checks, whole."""
    return ([(a.id, a.title) for a in library.articles(archived=True)],
            library.published_count(), library.published_checks(limit=1000))


def by_url(library: Store) -> dict:
    return {check.url: check for check in library.published_checks(limit=1000)}


# ------------------------------------------------------------------ one file, each shape


def test_a_jsonld_with_one_review_is_a_published_fact_check_not_an_article(library, tmp_path):
    result = import_file(library, write(tmp_path / "one.jsonld", review(1)))
    assert result == PublishedImportResult(str(tmp_path / "one.jsonld"), added=1, updated=0)
    assert library.articles(archived=True) == []
    (check,) = library.published_checks()
    assert (check.url, check.claim_reviewed, check.verdict, check.author, check.claimant, check.published) == (
        "https://checkdesk.example/2024/check-1", "Claim number 1 about bus fares", "False", "Check Desk",
        "Councillor Ada Brook", "2024-05-07")


def test_a_list_and_an_at_graph(library, tmp_path):
    listed = import_file(library, write(tmp_path / "list.jsonld", [review(n) for n in range(1, 4)]))
    graph = import_file(library, write(tmp_path / "graph.jsonld", {
        "@context": "https://schema.org",
        "@graph": [{"@type": "Organization", "@id": "#desk", "name": "Other Desk"},
                   *({**review(n), "author": {"@id": "#desk"}} for n in range(4, 6))]}))
    assert (listed.added, listed.updated, graph.added, graph.updated) == (3, 0, 2, 0)
    assert library.published_count() == 5
    assert by_url(library)["https://checkdesk.example/2024/check-5"].author == "Other Desk"
    assert library.articles(archived=True) == []


def test_a_json_file_is_claimreview_when_it_holds_one_and_a_bundle_otherwise(library, tmp_path):
    source = SQLiteStore.in_memory(user="bob")
    bundle = write(tmp_path / "lanes.json", export_bundle(source, import_text(source, ARTICLE).article_id).encode())
    source.close()
    checks = write(tmp_path / "checks.json", [review(1), review(2)])

    assert isinstance(import_file(library, bundle), ImportResult)
    assert isinstance(import_file(library, checks), PublishedImportResult)
    assert [a.title for a in library.articles()] == ["Council approves new cycle lanes"]
    assert library.published_count() == 2


def test_a_saved_fact_check_page_gives_its_claimreview_and_no_article(library, tmp_path):
    result = import_file(library, write(tmp_path / "bus-fares.html", FACT_CHECK_PAGE))
    assert (result.added, result.updated, result.problems) == (1, 0, ())
    assert library.articles(archived=True) == []
    (check,) = library.published_checks()
    assert (check.url, check.verdict, check.claimant, check.claim_url) == (
        "https://checkdesk.example/2024/bus-fares", "False", "Councillor Ada Brook", "https://gazette.example/fares")


def test_an_ordinary_page_is_still_an_article(library, tmp_path):
    result = import_file(library, write(tmp_path / "news.htm", NEWS_PAGE))
    assert isinstance(result, ImportResult) and result.created
    assert library.published_count() == 0


def test_which_reader_a_file_is_for_is_decided_in_one_place():
    assert file_kind(".jsonld", b"{}") == "claimreview"  # read as ClaimReview, and refused by name if none
    assert file_kind(".json", json.dumps(review(1)).encode()) == "claimreview"
    assert file_kind(".json", b'{"format": "factcheck-bundle", "version": 2}') == "bundle"
    assert file_kind(".html", FACT_CHECK_PAGE) == "claimreview"
    assert file_kind(".html", NEWS_PAGE) == "article"
    assert {".jsonld", ".json", ".html"} <= set(IMPORTABLE_SUFFIXES)


# ------------------------------------------------------------------ again, and with problems


def test_importing_the_same_fact_check_again_updates_it(library, tmp_path):
    first = import_file(library, write(tmp_path / "checks.jsonld", [review(1), review(2)]))
    again = import_file(library, write(tmp_path / "newer.jsonld", [review(2, verdict="Mostly false"), review(3)]))
    assert (first.added, first.updated) == (2, 0)
    assert (again.added, again.updated) == (1, 1)
    checks = by_url(library)
    assert len(checks) == library.published_count() == 3
    assert checks["https://checkdesk.example/2024/check-2"].verdict == "Mostly false"


def test_a_claimreview_with_no_address_is_reported_and_the_others_imported(library, tmp_path):
    nameless = {key: value for key, value in review(2).items() if key != "url"}
    result = import_file(library, write(tmp_path / "mixed.jsonld", [review(1), nameless, review(3)]))
    assert (result.added, result.updated) == (2, 0)
    (problem,) = result.problems
    assert "mixed.jsonld" in problem and "ClaimReview 2" in problem and "\"url\"" in problem
    assert set(by_url(library)) == {"https://checkdesk.example/2024/check-1", "https://checkdesk.example/2024/check-3"}


BAD_FILES = {
    "broken.jsonld": (b'[{"@type": "ClaimReview", "url": "https://x.example/a" "claimReviewed": "x"}]',
                      "is not JSON"),
    "article.jsonld": (json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x"}).encode(),
                       "holds no schema.org ClaimReview"),
    "annotations.jsonld": (json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation"}).encode(),
                           "holds no schema.org ClaimReview"),
    "no-address.jsonld": (json.dumps([{"@type": "ClaimReview", "claimReviewed": "x"}]).encode(),
                          "none of its 1 ClaimReview can be imported"),
    "broken-markup.html": (FACT_CHECK_PAGE.replace(b'"claimReviewed":', b'"claimReviewed"'),
                           "its ClaimReview markup cannot be read"),
    "empty.jsonld": (b"", "is not JSON"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_named_with_the_reason_and_nothing_is_written(library, tmp_path, name):
    import_file(library, write(tmp_path / "good.jsonld", [review(1)]))
    import_many(library, [write(tmp_path / "lanes.txt", ARTICLE.encode())])
    before = state(library)
    data, reason = BAD_FILES[name]
    path = write(tmp_path / name, data)
    with pytest.raises(BadInput) as refused:
        import_file(library, path)
    assert name in str(refused.value) and reason in str(refused.value)
    results, failures = import_many(library, [path])
    assert results == [] and [f.source for f in failures] == [str(path)] and reason in failures[0].message
    assert state(library) == before


def test_a_folder_of_articles_bundles_and_fact_checks(library, tmp_path):
    folder = tmp_path / "inbox"
    (folder / "checks").mkdir(parents=True)
    write(folder / "lanes.txt", ARTICLE.encode())
    write(folder / "news.html", NEWS_PAGE)
    write(folder / "checks" / "bus-fares.html", FACT_CHECK_PAGE)
    write(folder / "checks" / "feed.jsonld", [review(n) for n in range(1, 11)])
    write(folder / "checks" / "feed.json", {"@context": "https://schema.org", "@graph": [review(11), review(12)]})
    write(folder / "checks" / "nothing.jsonld", {"@type": "WebPage"})
    results, failures = import_many(library, [folder])
    published = {Path(r.source).name: (r.added, r.updated) for r in results if isinstance(r, PublishedImportResult)}
    assert published == {"bus-fares.html": (1, 0), "feed.jsonld": (10, 0), "feed.json": (2, 0)}
    assert sorted(r.title for r in results if isinstance(r, ImportResult)) == [
        "Council approves new cycle lanes", "Council claims recycling rate doubled in two years"]
    assert [Path(f.source).name for f in failures] == ["nothing.jsonld"]
    assert library.published_count() == 13 and len(library.articles()) == 2

    again, failures = import_many(library, [folder / "checks"])  # the same addresses: updated, not added
    assert {(r.added, r.updated) for r in again} == {(0, 1), (0, 10), (0, 2)}
    assert library.published_count() == 13


# ------------------------------------------------------------------ a fact-check page at a web address


@pytest.fixture
def server():
    pages = {"/fact-check": FACT_CHECK_PAGE.replace(b'<link rel="canonical" href="https://checkdesk.example/2024/'
                                                    b'bus-fares">', b""),
             "/news": NEWS_PAGE}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            page = pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_a_fact_check_page_at_a_web_address_is_imported_as_published(library, server):
    results, failures = import_many(library, [f"{server}/fact-check", f"{server}/news"])
    assert failures == []
    published, article = results
    assert (published.source, published.added) == (f"{server}/fact-check", 1)
    assert article.title == "Council claims recycling rate doubled in two years"
    assert [a.title for a in library.articles()] == [article.title]
    assert library.published_checks()[0].claim_reviewed == "Bus fares have doubled since 2020"


# ------------------------------------------------------------------ both engines


@pytest.fixture(params=["sqlite", "postgresql"])
def any_library(request, tmp_path):
    if request.param == "sqlite":
        store = open_store(tmp_path / "library.db", user="alice")
    else:
        desk = request.getfixturevalue("shared_desk")
        name = "lib_" + hashlib.sha1(str(tmp_path).encode()).hexdigest()[:16]
        desk.new_library(name)
        store = open_store(desk.url(name, "alice"), user="alice")
    yield store
    store.close()


def test_import_and_reimport_on_both_engines(any_library, tmp_path):
    good = write(tmp_path / "checks.jsonld", [review(n) for n in range(1, 31)])
    bad = write(tmp_path / "broken.jsonld", b'[{"@type": "ClaimReview",')
    results, failures = import_many(any_library, [good, bad])
    assert [(r.added, r.updated) for r in results] == [(30, 0)]
    assert [Path(f.source).name for f in failures] == ["broken.jsonld"]
    write(good, [review(n, verdict="True") for n in range(21, 41)])
    results, _ = import_many(any_library, [good])
    assert [(r.added, r.updated) for r in results] == [(10, 10)]
    assert any_library.published_count() == 40
    assert any_library.articles(archived=True) == []
    assert by_url(any_library)["https://checkdesk.example/2024/check-25"].verdict == "True"


# ------------------------------------------------------------------ the command line, in a real process


def test_factcheck_import_prints_a_line_per_article_and_per_file_of_fact_checks(tmp_path):
    write(tmp_path / "lanes.txt", ARTICLE.encode())
    write(tmp_path / "checks.jsonld", [review(1), review(2), {"@type": "ClaimReview", "claimReviewed": "x"}])
    write(tmp_path / "page.html", FACT_CHECK_PAGE)
    write(tmp_path / "nothing.jsonld", {"@type": "WebPage"})
    env = {**os.environ, "FACTCHECK_SETTINGS": str(tmp_path / "settings.ini"), "XDG_DATA_HOME": str(tmp_path)}
    env.pop("FACTCHECK_DB", None)

    def factcheck(*words: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "factcheck", "--db", "lib.db", *words], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    done = factcheck("import", "lanes.txt", "checks.jsonld", "page.html", "nothing.jsonld")
    assert done.returncode == 1  # nothing.jsonld failed; the others are in
    assert done.stdout.splitlines() == ["1\tCouncil approves new cycle lanes",
                                        "published\t2 fact-checks added, 0 updated (checks.jsonld)",
                                        "published\t1 fact-check added, 0 updated (page.html)"]
    errors = done.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("factcheck: checks.jsonld: ClaimReview 3 (at $[2]) was not imported")
    assert errors[1].startswith("factcheck: nothing.jsonld holds no schema.org ClaimReview")

    again = factcheck("import", "checks.jsonld")
    assert again.returncode == 0  # a ClaimReview left out is said, and is no failure
    assert again.stdout == "published\t0 fact-checks added, 2 updated (checks.jsonld)\n"
    library = open_store(tmp_path / "lib.db")
    try:
        assert library.published_count() == 3 and len(library.articles()) == 1
    finally:
        library.close()
