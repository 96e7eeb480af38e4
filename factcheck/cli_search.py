"""``factcheck search QUERY [--claims] [--json]``: the library search on the command line.

The query language is the window's (:mod:`factcheck.core.search_query`). Without ``--claims``:
the matching articles, newest first, each hit on a line with where it matched and a snippet
(the matched words in ``[…]``), then the published fact-checks; with ``--claims``: the claims
view's rows. ``--json`` prints the same as JSON (snippets with their marks as ``[start, end]``
ranges). What the query could not use is said on standard error; the exit status is 0
(1 when nothing matched).

As in the window, a claim the reviewer (Preferences' name) owes a blind second opinion on is
found by its public fields alone, and printed with its verdict ``(hidden)`` (JSON: ``null``,
``"verdict_hidden": true``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from factcheck.terminal_text import printable


def add_command(sub) -> None:
    """The ``search`` command, on the command parser's subparsers."""
    p_search = sub.add_parser(
        "search", help="search the library: words, \"phrases\", -excluded, claimant: verdict: status: reviewer: "
                       "outlet: article: before: after:")
    p_search.add_argument("query", nargs="+", metavar="QUERY", help="the query (its words may be given apart)")
    p_search.add_argument("--claims", action="store_true", help="list the matching claims, as the claims view does")
    p_search.add_argument("--json", action="store_true", help="print JSON")
    p_search.add_argument("--limit", type=int, default=50, metavar="N", help="at most N articles (default 50)")


def run(library, args, db_path) -> int:
    """Run ``factcheck search`` on an open library; the exit status."""
    query = " ".join(args.query)
    if args.claims:
        from factcheck.core.search_query import parse_query

        parsed = parse_query(query)
        rows = library.search_claims(parsed)
        _problems(parsed.problems)
        if args.json:
            print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=1))
        else:
            print("CLAIM\tARTICLE\tSTATUS\tVERDICT\tCLAIMANT\tQUOTE")
            for r in rows:
                verdict = "(hidden)" if r.verdict_hidden else printable(r.verdict or "", one_line=True)
                print(f"{r.claim_id}\t{r.article_id}\t{r.status}\t{verdict}\t"
                      f"{printable(r.claimant, one_line=True)}\t{printable(r.quote, one_line=True)}")
        return 0 if rows else 1
    results = library.search(query, limit=args.limit)
    _problems(results.problems)
    if args.json:
        print(json.dumps(_as_json(results), ensure_ascii=False, indent=1))
    else:
        _print(results)
    return 0 if results.articles or results.published else 1


def _problems(problems) -> None:
    for problem in problems:
        print(f"factcheck: {problem}", file=sys.stderr)


def _shown(snippet) -> str:
    """A snippet as one line of plain text, its marked words in [brackets]."""
    out, at = [], 0
    for start, end in snippet.marks:
        out += [snippet.text[at:start], "[", snippet.text[start:end], "]"]
        at = end
    out.append(snippet.text[at:])
    return printable("".join(out), one_line=True)


def _print(results) -> None:
    if not results.articles and not results.published:
        print("Nothing matched.")
    for article in results.articles:
        archived = " (archived)" if article.archived else ""
        print(f"{article.article_id}\t{printable(article.title, one_line=True)}{archived}")
        for hit in article.hits:
            claim = f" {hit.claim_number}" if hit.claim_number is not None else ""
            print(f"\t{hit.where}{claim}: {_shown(hit.snippet)}")
    if results.more_articles:
        print("(more articles matched: add words, or --limit N)")
    if results.published:
        print("Published fact-checks:")
    for match in results.published:
        check = match.check
        verdict = f" [{printable(check.verdict, one_line=True)}]" if check.verdict else ""
        print(f"\t{_shown(match.snippet)}{verdict} {printable(check.url, one_line=True)}")


def _as_json(results) -> dict:
    def snippet(s) -> dict:
        return {"text": s.text, "marks": [list(m) for m in s.marks]}

    return {
        "query": results.query.text,
        "problems": list(results.problems),
        "articles": [{"article_id": a.article_id, "title": a.title, "outlet": a.outlet, "published": a.published,
                      "archived": a.archived,
                      "hits": [{"where": h.where, "claim_id": h.claim_id, "claim_number": h.claim_number,
                                "snippet": snippet(h.snippet)} for h in a.hits]} for a in results.articles],
        "more_articles": results.more_articles,
        "published": [{**asdict(m.check), "snippet": snippet(m.snippet)} for m in results.published],
    }
