"""``factcheck suggest ID|FILE [--all] [--json]``: the sentences worth checking, and who said them.

For a library article (ID) the library's own layer applies (what its reviewers taught it)
and sentences already holding a claim or dismissed in the window are left out; a FILE (or
an address) is read as ``factcheck import`` reads it, stored nowhere, and scored with the
library's layer too (with the shipped model alone when there is no library yet). Without ``--all`` only the sentences above the default threshold,
best first; with it every sentence, in text order. ``--json`` prints a list of
``{"start", "end", "sentence", "score", "claimant"}``, offsets in code points into the text
as factcheck stores it (``claimant`` "" when no speaker is clear). Exit status 0, 1 when the
article or file could not be read.
"""

from __future__ import annotations

import json
import sys

from factcheck.terminal_text import printable


def add_command(sub) -> None:
    """The ``suggest`` command, on the command parser's subparsers."""
    p_suggest = sub.add_parser(
        "suggest", help="the sentences of an article likely to hold a check-worthy claim, and who said them",
        description="Score every sentence of a library article (ID) or of a file or address (read as import "
                    "reads it, stored nowhere) by how likely it holds a check-worthy factual claim.")
    p_suggest.add_argument("target", metavar="ID|FILE", help="a library article's id, or a file or http(s) address")
    p_suggest.add_argument("--all", action="store_true", help="every sentence with its score, in text order")
    p_suggest.add_argument("--json", action="store_true", help="print JSON")


def run(library, args, db_path) -> int:
    """Run ``factcheck suggest``; the exit status."""
    from factcheck.io import BadInput
    from factcheck.operations_suggestions import library_scorer, suggest_article, suggest_text

    store = library.store if library is not None else None  # None: a file scored by the shipped model alone
    try:
        if args.target.isdigit():
            suggestions = suggest_article(store, int(args.target), all=args.all)
        else:
            from pathlib import Path

            from factcheck.io.import_sources import is_url
            from factcheck.operations_revisions import fetch_article_text

            source = args.target if is_url(args.target) else Path(args.target).expanduser()
            text = fetch_article_text(source).article.text
            suggestions = suggest_text(text, all=args.all, scorer=library_scorer(store) if store else None,
                                       known_claimants=store.claimants() if store else ())
    except KeyError:
        print(f"factcheck: there is no article {args.target} in the library (see factcheck list).", file=sys.stderr)
        return 1
    except (BadInput, OSError) as error:
        print(printable(f"factcheck: {error}"), file=sys.stderr)
        return 1
    if args.all:
        suggestions = sorted(suggestions, key=lambda s: s.start)
    if args.json:
        print(json.dumps([s.as_json() for s in suggestions], ensure_ascii=False, indent=1))
        return 0
    if not suggestions:
        print("Nothing to suggest: no sentence looks like a check-worthy claim." if not args.all
              else "The article has no sentences.")
        return 0
    print("SCORE\tCLAIMANT\tSENTENCE")
    for s in suggestions:
        print(printable(f"{s.score:.2f}\t{s.claimant or '—'}\t{' '.join(s.sentence.split())}"))
    return 0
