"""What ``factcheck import`` prints: a line per article, a line per file of published fact-checks.

Standard output, for scripts: ``ID<TAB>title`` for each article (``<TAB>(already in the
library)`` after one it held already), then ``published<TAB>12 fact-checks added, 3 updated
(FILE)`` for each file or page of published fact-checks (schema.org ClaimReview). Standard
error: what failed (the exit status is then 1), a bundle's workflow left out, and each
ClaimReview (or value of one) a file's reader left out, which does not fail the import.
The same whether this process imported or a window did it for us (:func:`print_answer`).

With ``--article ID`` each file is W3C Web Annotations placed on that article
(:func:`import_annotations`): ``ID<TAB>5 claims placed, 1 orphan (FILE)``, and on standard
error a line per orphan (its quote and why it found no place) and per annotation left out.
The same when a window holding the library placed them (``print_answer``).

With ``--revision-of ID`` the one file or address is a new revision of that article, as
``factcheck revise ID FILE|URL`` makes it (and prints it: :mod:`factcheck.cli_revise`);
without it an import always makes a new article (the window asks, the command line does not).
"""

from __future__ import annotations

import builtins
import sys

from factcheck.terminal_text import printable


def print_results(results: list, failures: list) -> int:
    """Print what :func:`~factcheck.operations.import_many` did; the exit status."""
    from factcheck.operations import PublishedImportResult

    articles = [r for r in results if not isinstance(r, PublishedImportResult)]
    for result in articles:
        if result.workflow_note:  # the article is in; the desk's records of it were refused
            _say(f"factcheck: {printable(result.title, one_line=True)}: {result.workflow_note}", sys.stderr)
    published = [r for r in results if isinstance(r, PublishedImportResult)]
    return _print([(r.article_id, r.title, r.created) for r in articles],
                  [(r.source, r.summary(), r.problems) for r in published], [f.message for f in failures])


def import_annotations(library, sources: list, article_id: int) -> int:
    """Place each file's Web Annotations on the article (a transaction per file); the exit status."""
    from pathlib import Path

    from factcheck.io import BadInput
    from factcheck.operations import import_annotations as place_file

    try:
        library.article(article_id)
    except KeyError:
        _say(f"factcheck: there is no article {article_id} in the library (`factcheck list` shows them).",
             sys.stderr)
        return 1
    failed = False
    for source in sources:
        if not isinstance(source, Path):
            _say(f"factcheck: {source}: Web Annotations are read from a file, not from an address.", sys.stderr)
            failed = True
            continue
        try:
            result = place_file(library, source, article_id)
        except BadInput as error:
            _say(f"factcheck: {error}", sys.stderr)
            failed = True
            continue
        _print_placed(result.article_id, result.source, result.placed, result.orphans, result.problems)
    return 1 if failed else 0


def _print_placed(article_id: int, source: str, placed: int, orphans, problems) -> None:
    _say(f"{article_id}\t{_counted(placed, 'claim')} placed, {_counted(len(orphans), 'orphan')}"
         f" ({printable(source, one_line=True)})")
    for quote, why in orphans:
        quote = printable(quote, one_line=True)
        quote = quote if len(quote) <= 100 else quote[:99] + "…"
        _say(f"factcheck: orphan: “{quote}”: {why}", sys.stderr)
    for problem in problems:
        _say(f"factcheck: {problem}", sys.stderr)


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def hand_over(db_path, sources: list[str], article: int | None = None, revision_of: int | None = None) -> int:
    """Hand an import to the window holding the library and print what it did; the exit status.

    ``article``: the files are Web Annotations, placed on that article. A new revision
    (``revision_of``) is refused: the window's own import offers one.
    """
    from factcheck.store import window_channel

    if revision_of is not None:
        _say(f"factcheck: a factcheck window has {db_path} open: use File ▸ Import there (it offers new revisions), "
             "or close it and run `factcheck import --revision-of` again (nothing was changed).", sys.stderr)
        return 1
    request = {"op": "import", "sources": sources}
    if article is not None:
        request["article"] = article
    return print_answer(window_channel.ask(db_path, request))


def print_answer(answer: dict) -> int:
    """Print what a window that imported for us answered (see ``ui/window_channel_server.py``); the exit status."""
    from factcheck.operations import PublishedImportResult

    published = [PublishedImportResult(p["source"], p["added"], p["updated"], tuple(p.get("problems", ())))
                 for p in answer.get("published", [])]
    for placed in answer.get("annotations", []):  # --article: Web Annotations the window placed
        _print_placed(placed["article_id"], placed["source"], placed["placed"],
                      [tuple(orphan) for orphan in placed.get("orphans", [])], placed.get("problems", []))
    code = _print([(r["article_id"], r["title"], r["created"]) for r in answer.get("results", [])],
                  [(r.source, r.summary(), r.problems) for r in published],
                  [f["message"] for f in answer.get("failures", [])])
    if answer.get("cancelled"):
        _say("factcheck: the import was cancelled in the window; what is listed above was imported.", sys.stderr)
        return 1
    return code


def _print(articles: list[tuple[int, str, bool]], published: list[tuple[str, str, tuple[str, ...]]],
           failures: list[str]) -> int:
    for article_id, title, created in articles:
        note = "" if created else "\t(already in the library)"
        _say(f"{article_id}\t{printable(title, one_line=True)}{note}")
    for source, summary, problems in published:
        _say(f"published\t{summary} ({printable(source, one_line=True)})")
        for problem in problems:
            _say(f"factcheck: {problem}", sys.stderr)
    for message in failures:
        _say(f"factcheck: {message}", sys.stderr)
    return 1 if failures else 0


def _say(text: str, file=None) -> None:
    """A line with its control characters shown, not run: titles and file names come from others (issue 9)."""
    builtins.print(printable(text), file=file)
