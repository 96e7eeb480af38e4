"""The ``factcheck`` command: opens the window, or imports, exports and lists articles.

A thin layer over :mod:`factcheck.operations` and the store; the window uses the
same functions. Errors of the user's environment print one clear line on stderr
and exit with status 1 (2 for a usage error), never a traceback.

While a window has the library open, ``list`` and ``export`` read it without
waiting; ``import`` waits for the window's edit in progress (up to
``$FACTCHECK_BUSY_TIMEOUT_MS``, default 5 s), else fails with "The library … is
busy" and saves nothing (see :mod:`factcheck.store.window_lock`).
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
from factcheck.store import Library, LibraryError, WindowLock
from factcheck.store.backups import KEEP, backups_folder, list_backups, make_backup, restore_backup

COMMANDS = ("import", "export", "list", "backup", "restore")
READ_ONLY_COMMANDS = ("export", "list")

DESCRIPTION = """\
factcheck: mark the claims in a news article, attach sources, assign verdicts.

  factcheck [--db PATH] [FILE|URL ...]       open the window (importing them first)
  factcheck [--db PATH] import FILE|URL ...  import articles, folders, web pages, bundles
  factcheck [--db PATH] export ID --format json [-o FILE]
  factcheck [--db PATH] list                 list the library's articles
  factcheck [--db PATH] backup [--keep N]    make a checked backup (in backups/ beside the library)
  factcheck [--db PATH] restore [BACKUP]     list the backups, or restore one (a file or a number)
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
    p_backup = sub.add_parser("backup", help="copy the library to backups/ beside it, checked; prints the copy")
    p_backup.add_argument("--keep", type=_at_least_one, default=KEEP, metavar="N",
                          help=f"keep the newest N backups of this library, deleting older ones (default {KEEP})")
    p_restore = sub.add_parser("restore", help="without BACKUP, list the backups; with it, restore that backup")
    p_restore.add_argument("backup", nargs="?", metavar="BACKUP",
                           help="a backup file, or its number in the list; the current library is kept beside it")
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

    if args.command in ("backup", "restore"):  # they work on the file: the library stays closed
        try:
            return {"backup": cmd_backup, "restore": cmd_restore}[args.command](db_path, args)
        except LibraryError as error:
            print(f"factcheck: {error}", file=sys.stderr)
            return 1

    try:
        library = Library.open(db_path, user=default_user(), read_only=args.command in READ_ONLY_COMMANDS)
    except LibraryError as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return 1
    if library.recovery_report is not None:
        print(f"factcheck: {library.recovery_report.message}", file=sys.stderr)
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


def cmd_backup(db_path: Path, args) -> int:
    """Reads the library (while a window may be writing to it): no window lock."""
    backup = make_backup(db_path, keep=args.keep)
    print(f"{backup.path}\t{_counted(backup.article_count, 'article')}, {_counted(backup.claim_count, 'claim')}")
    return 0


def cmd_restore(db_path: Path, args) -> int:
    if args.backup is None:  # listing reads only: no window lock
        return _print_backups(db_path)
    chosen = _chosen_backup(db_path, args.backup)
    if chosen is None:
        return 1
    with WindowLock.acquire(db_path):  # never replace a library a window has open
        restored = restore_backup(chosen, db_path)
    print(f"Restored {restored.library} from {chosen} ({_counted(restored.backup.article_count, 'article')}, "
          f"{_counted(restored.backup.claim_count, 'claim')}).")
    if restored.kept_as is not None:
        print(f"The previous library was kept as {restored.kept_as}")
    return 0


def _print_backups(db_path: Path) -> int:
    found = list_backups(db_path)
    if not found:
        print(f"There are no backups of {db_path} in {backups_folder(db_path)}: `factcheck backup` makes one.")
        return 0
    print("#\tMADE\tARTICLES\tCLAIMS\tSTATE\tFILE")
    for number, backup in enumerate(found, start=1):
        state = "ok" if backup.ok else f"not ok: {backup.problem}"
        if backup.label:
            state += f" ({backup.label})"
        counts = f"{backup.article_count}\t{backup.claim_count}" if backup.ok else "?\t?"
        print(f"{number}\t{backup.made_at:%Y-%m-%d %H:%M:%S}\t{counts}\t{state}\t{backup.path}")
    return 0


def _chosen_backup(db_path: Path, word: str) -> Path | None:
    """A backup given as a path, or as its number in ``factcheck restore``'s list."""
    path = Path(word).expanduser()
    if path.exists() or not word.isdigit():
        return path
    found = list_backups(db_path)
    if not 1 <= int(word) <= len(found):
        print(f"factcheck: there is no backup number {word} of {db_path}; `factcheck restore` lists "
              f"{len(found)}.", file=sys.stderr)
        return None
    return found[int(word) - 1].path


def _counted(n: int | None, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _at_least_one(word: str) -> int:
    try:
        value = int(word)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {word!r}")
    return value


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
