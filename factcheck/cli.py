"""The ``factcheck`` command: opens the window, or imports, exports and lists articles.

A thin layer over :mod:`factcheck.operations` and the store; the window uses the
same functions. Errors of the user's environment print one clear line on stderr
and exit with status 1 (2 for a usage error), never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from factcheck import __version__
from factcheck.io import BadInput
from factcheck.io.files import write_atomically
from factcheck.locations import DB_ENV, default_library_path, settings_path
from factcheck.operations import EXPORT_FORMATS
from factcheck.store import Library, LibraryError

COMMANDS = ("import", "export", "list")

DESCRIPTION = """\
factcheck: mark the claims in a news article, attach sources, assign verdicts.

  factcheck [--db PATH] [FILE|URL ...]       open the window (importing them first)
  factcheck [--db PATH] import FILE|URL ...  import articles, folders, web pages, bundles
  factcheck [--db PATH] export ID --format json [-o FILE]
  factcheck [--db PATH] list                 list the library's articles
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", type=Path,
                        help=f"library file to use (default: ${DB_ENV}, else {default_library_path()})")
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")


def build_parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The window's parser and the commands' parser; ``main`` picks one by the first word."""
    window = argparse.ArgumentParser(
        prog="factcheck", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(window)
    window.add_argument("files", nargs="*", metavar="FILE",
                        help="an article (.html, .docx, .txt, .md), a folder, a web address or a factcheck "
                             ".json bundle to import and open")

    commands = argparse.ArgumentParser(prog="factcheck", description=DESCRIPTION,
                                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(commands)
    sub = commands.add_subparsers(dest="command", required=True)
    p_import = sub.add_parser("import", help="import articles or bundles; prints one line per article")
    p_import.add_argument("files", nargs="+", metavar="FILE_OR_URL",
                          help="articles (.html, .docx, .txt, .md), folders of them, http(s) addresses, "
                               "factcheck .json bundles")
    p_export = sub.add_parser("export", help="write one article's report or data in a chosen format")
    p_export.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    p_export.add_argument("--format", "-f", choices=list(EXPORT_FORMATS), default="json",
                          help="; ".join(f"{f.key}: {f.label}" for f in EXPORT_FORMATS.values()))
    p_export.add_argument("-o", "--output", type=Path, metavar="FILE",
                          help="file to write (default: standard output; required for pdf)")
    p_export.add_argument("--approved-only", action="store_true",
                          help="report only approved claims (default: all, with their status)")
    p_export.add_argument("--no-text", action="store_true", help="leave the full article text out of the report")
    p_export.add_argument("--organisation", metavar="NAME",
                          help="the fact-checking organisation (default: from the window's preferences)")
    p_export.add_argument("--organisation-url", metavar="URL", help="its web address (default: preferences)")
    p_export.add_argument("--review-url", metavar="URL",
                          help="ClaimReview: the page where the fact check is published (default: preferences)")
    p_export.add_argument("--page-size", choices=["A4", "Letter"], help="PDF page size (default: preferences, else A4)")
    sub.add_parser("list", help="list the library's articles with ids and claim counts")
    return window, commands


def _first_word(argv: list[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("FACTCHECK_LOG", "WARNING").upper(),
                        format="%(levelname)s %(name)s: %(message)s")
    window_parser, command_parser = build_parsers()
    if _first_word(argv) in COMMANDS:
        args = command_parser.parse_args(argv)
    else:
        args = window_parser.parse_args(argv)
        args.command = None
    db_path = args.db or default_library_path()

    if args.command is None:
        from factcheck.ui.app import run_window  # Qt is loaded only for the window

        return run_window(db_path, sources(args.files))

    try:
        library = Library.open(db_path, user=default_user())
    except LibraryError as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return 1
    try:
        return {"import": cmd_import, "export": cmd_export, "list": cmd_list}[args.command](library, args)
    except LibraryError as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return 1
    finally:
        library.close()


def cmd_import(library: Library, args) -> int:
    from factcheck.operations import import_many

    results, failures = import_many(library, sources(args.files))
    for result in results:
        note = "" if result.created else "\t(already in the library)"
        print(f"{result.article_id}\t{result.title}{note}")
    for failure in failures:
        print(f"factcheck: {failure.message}", file=sys.stderr)
    return 1 if failures else 0


def sources(words: list[str]) -> list:
    """Command-line words as import sources: http(s) addresses stay text, the rest are paths."""
    from factcheck.operations import is_url

    return [word if is_url(word) else Path(word) for word in words]


def cmd_export(library: Library, args) -> int:
    from factcheck.core.report import Organisation, ReportOptions
    from factcheck.operations import render_export, report_for
    from factcheck.preferences_file import read_preferences

    prefs = read_preferences(settings_path())
    organisation = Organisation(args.organisation if args.organisation is not None else prefs.get("organisation_name", ""),
                                args.organisation_url if args.organisation_url is not None
                                else prefs.get("organisation_url", ""))
    options = ReportOptions(approved_only=args.approved_only, include_text=not args.no_text)
    try:
        report = report_for(library, args.article_id, options, organisation, args.format)
    except KeyError:
        print(f"factcheck: there is no article {args.article_id} in {library.path}; "
              "`factcheck list` shows the ids.", file=sys.stderr)
        return 1
    try:
        if args.format == "pdf":
            if args.output is None:
                print("factcheck: a PDF needs a file: add -o FILE.pdf", file=sys.stderr)
                return 2
            from factcheck.ui.pdf_report import render_pdf  # Qt draws the PDF

            data: str | bytes = render_pdf(report, args.page_size or prefs.get("page_size") or "A4")
        else:
            review_url = args.review_url if args.review_url is not None else prefs.get("review_url", "")
            data = render_export(report, args.format, review_url)
    except BadInput as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(data)
        return 0
    try:
        write_atomically(args.output, data)
    except OSError as error:
        print(f"factcheck: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def cmd_list(library: Library, args) -> int:
    articles = library.articles()
    if not articles:
        print(f"The library {library.path} has no articles yet: `factcheck import FILE` adds one.")
        return 0
    print("ID\tRATED/CLAIMS\tTITLE")
    for a in articles:
        outlet = f" ({a.outlet})" if a.outlet else ""
        print(f"{a.id}\t{a.rated_count}/{a.claim_count}\t{a.title}{outlet}")
    return 0


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
