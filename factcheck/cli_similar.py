"""``factcheck similar TEXT… [--limit N] [--json]``: was this claim checked before? On the command line.

The claims of the library and the published fact-checks imported into it most like TEXT
(its words may be given apart), best first: ``Library.similar``, as the window's "Checked
Before" tab. Without ``--json`` a table, one match a line (how close, where from, verdict,
the claim, its article or fact-check); with ``--json`` a JSON list of hits, each
``{"claim", "title", "verdict", "url", "article_id", "claim_id", "score", "source"}`` (null
where it does not apply), ``source`` "library" or "published".

With ``-`` for TEXT, standard input is read one query per line, and each line is answered
at once with one JSON list on one line (an empty line: ``[]``), so another program can ask
one claim after another over a pipe. Exit status 0, or 1 when a TEXT found nothing.
"""

from __future__ import annotations

import json
import sys

from factcheck.cli_args import at_least_one
from factcheck.terminal_text import printable


def add_command(sub) -> None:
    """The ``similar`` command, on the command parser's subparsers."""
    p_similar = sub.add_parser(
        "similar", help="the library's claims and published fact-checks most like a claim (was it checked before?)",
        description="The claims and published fact-checks most like TEXT, best first. With - read one query per "
                    "line from standard input and answer one JSON list per line. Put -- before a TEXT that "
                    "starts with a dash.")
    p_similar.add_argument("text", nargs="+", metavar="TEXT", help="the claim (its words may be given apart), or -")
    p_similar.add_argument("--limit", type=at_least_one, default=10, metavar="N",
                           help="at most N matches each (default 10)")
    p_similar.add_argument("--json", action="store_true", help="print JSON (always, with -)")


def run(library, args, db_path) -> int:
    """Run ``factcheck similar`` on an open library; the exit status."""
    if args.text == ["-"]:
        for line in sys.stdin:
            text = line.rstrip("\n")
            hits = library.similar(text, limit=args.limit) if text.strip() else []
            print(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False), flush=True)
        return 0
    hits = library.similar(" ".join(args.text), limit=args.limit)
    if args.json:
        print(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=1))
    else:
        _print(hits)
    return 0 if hits else 1


def _print(hits) -> None:
    if not hits:
        print("Nothing like it in the library or its published fact-checks.")
        return
    print("SCORE\tSOURCE\tVERDICT\tCLAIM\tARTICLE OR FACT-CHECK")
    for hit in hits:
        if hit.source == "library":
            where = f"article {hit.article_id}, claim {hit.claim_id}: {hit.title}"
        else:
            where = " ".join(part for part in (hit.url, f"({hit.title})" if hit.title else "") if part)
        print(f"{round(hit.score * 100)}%\t{hit.source}\t{printable(hit.verdict or '—', one_line=True)}\t"
              f"{printable(hit.claim, one_line=True)}\t{printable(where, one_line=True)}")

