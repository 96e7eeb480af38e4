"""``factcheck revise ID FILE|URL [--json]``: a new revision of an article, its claims placed again.

The file or page is read and extracted as ``factcheck import`` reads it; every claim of the
article is placed on the new text (exact, moved, changed wording, or orphaned: never put on
a lookalike), and the whole is stored as one edit (``operations_revisions``). Prints what
happened to the claims and lists those whose wording changed or that were not found, with
the old and the new wording; ``--json`` prints ``{"article_id", "revision", "counts",
"claims": [{"claim_id", "number", "placement", "old_quote", "quote", "start", "end",
"why"}]}`` (the claims needing review; start and end null for an orphan). Exit status 0
(also when the text had not changed: nothing is stored then), 1 if the source could not be
read or held no article.
"""

from __future__ import annotations

import json
import sys

from factcheck.terminal_text import printable


def add_command(sub) -> None:
    """The ``revise`` command, on the command parser's subparsers."""
    p_revise = sub.add_parser(
        "revise", help="store a new revision of an article from a file or address, its claims placed again",
        description="Read FILE or URL as an import does and make it the newest revision of article ID: every "
                    "claim is placed again (exact, moved, changed wording, or orphaned when its quote is gone).")
    p_revise.add_argument("article_id", type=int, metavar="ID", help="the article (see factcheck list)")
    p_revise.add_argument("source", metavar="FILE_OR_URL", help="the article's new version: a file or an http(s) address")
    p_revise.add_argument("--json", action="store_true", help="print JSON")


def run(library, args, db_path) -> int:
    """Run ``factcheck revise`` on an open library; the exit status."""
    from pathlib import Path

    from factcheck.io import BadInput
    from factcheck.io.import_sources import is_url
    from factcheck.operations_revisions import revise_from

    store = library.store
    try:
        store.article(args.article_id)
    except KeyError:
        print(f"factcheck: there is no article {args.article_id} in the library (see factcheck list).",
              file=sys.stderr)
        return 1
    source = args.source if is_url(args.source) else Path(args.source).expanduser()
    try:
        plan, article = revise_from(store, args.article_id, source)
    except (BadInput, OSError) as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return 1
    numbers = {claim.id: claim.number for claim in plan.claims}
    review = []
    for claim, placement, kind, _ in plan.outcomes() if article is not None else ():
        if kind not in ("changed", "orphan"):
            continue
        review.append({"claim_id": claim.id, "number": numbers[claim.id], "placement": kind,  # as stored
                       "old_quote": plan.checked_wording(claim), "quote": placement.quote, "start": placement.start,
                       "end": placement.end, "why": placement.why})
    if args.json:
        print(json.dumps({"article_id": plan.article_id, "revision": article.revision if article else
                          plan.base_revision, "changed": article is not None, "counts": plan.counts(),
                          "claims": review}, ensure_ascii=False, indent=1))
        return 0
    if article is None:
        print(plan.summary())
        return 0
    print(f"Article {plan.article_id} «{printable(plan.title)}» is now revision {article.revision}. {plan.summary()}")
    for item in review:
        if item["placement"] == "orphan":
            print(f"  claim {item['number']}: no longer found ({item['why']}): {printable(item['old_quote'])}")
        else:
            print(f"  claim {item['number']}: wording changed: {printable(item['old_quote'])} → "
                  f"{printable(item['quote'])}")
    return 0


def run_import(library, args, db_path) -> int:
    """``factcheck import FILE|URL --revision-of ID``: what ``factcheck revise ID FILE|URL`` does; the exit status."""
    from types import SimpleNamespace

    if len(args.files) != 1:
        print(f"factcheck: --revision-of takes one file or address (the article's new version), not "
              f"{len(args.files)}.", file=sys.stderr)
        return 2
    return run(library, SimpleNamespace(article_id=args.revision_of, source=args.files[0], json=False), db_path)
