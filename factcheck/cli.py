"""The ``factcheck`` command: opens the window, or imports, exports and lists articles.

A thin layer over the public API (:mod:`factcheck.api`: opening a library as the
reviewer, listing its articles) and :mod:`factcheck.operations` (imports, exports);
the window uses the same functions. Errors of the user's environment print one clear
line on stderr and exit with status 1 (2 for a usage error), never a traceback.

One factcheck process at a time opens a library (:mod:`factcheck.store.library_lock`).
While a window has it open, a command hands its work to that window
(:mod:`factcheck.store.window_channel`): ``import`` lands in the window, which shows
the articles at once; ``list`` and ``export`` read a consistent copy the window
writes; ``backup`` is made by the window; ``restore`` is refused (use the window's
File ▸ Restore from Backup…). A window that does not take the work within
``$FACTCHECK_BUSY_TIMEOUT_MS`` (default 5 s) is said not to answer, and nothing is done.
While another command works on it, a command waits up to the same timeout, then says
"The library … is busy". On Windows a command opens a library that a window holds
beside the window (its locks need no hand-over); ``restore`` is still the window's.

``--db postgresql://…`` (or ``$FACTCHECK_DB``) names a shared library on a server instead: no
lock, no hand-over (a desk has it open at once); it and its commands: :mod:`factcheck.cli_server`.
"""

from __future__ import annotations

import argparse
import builtins
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck import __version__
from factcheck.cli_args import (DEFAULT_LIBRARY, HelpFormatter, first_word, global_options_first,
                                library_location, plain_window_words, window_holds)
from factcheck.locations import DB_ENV, default_library_path, is_shared, settings_path
from factcheck.terminal_text import printable

if TYPE_CHECKING:
    from factcheck.api import Library
    from factcheck.io import BadInput

# The library, its backups and the importers are imported by the function that needs
# them: ``factcheck`` alone opens the window, whose start-up is timed (bench/cold_start.py).

COMMANDS = ("import", "export", "list", "backup", "restore", "server", "push", "review", "search", "similar",
            "revise", "suggest")
READ_ONLY_COMMANDS = ("export", "list", "search", "similar", "suggest")

DESCRIPTION = """\
factcheck: mark the claims in a news article, attach sources, assign verdicts.

  factcheck [--db PATH] [FILE|URL ...]       open the window (importing them first)
  factcheck [--db PATH] import FILE|URL ...  import articles, folders, web pages, bundles, ClaimReview (.jsonld)
  factcheck [--db PATH] import FILE --article ID  place W3C Web Annotations on an article
  factcheck [--db PATH] import FILE|URL --revision-of ID  a new revision of an article (as revise)
  factcheck [--db PATH] export ID --format json [-o FILE]
  factcheck [--db PATH] list                 list the library's articles
  factcheck [--db PATH] backup [--keep N]    make a checked backup (in backups/ beside the library)
  factcheck [--db PATH] restore [BACKUP]     list the backups, or restore one (a file or a number)
  factcheck [--db PATH] review ACTION ...    the desk's review: propose, ask, approve, return, waiting, agreement, …
  factcheck [--db PATH] search QUERY [--claims] [--json]   search the library (words, "phrases", -word, fields)
  factcheck [--db PATH] similar TEXT|- [--limit N] [--json]  claims and published fact-checks like TEXT
  factcheck [--db PATH] revise ID FILE|URL [--json]   a new revision of an article, its claims placed again
  factcheck [--db PATH] suggest ID|FILE [--all] [--json]  the sentences worth checking, and who said them

  factcheck --db URL server init|upgrade     make a shared library, or update its schema (the owner's URL)
  factcheck --db URL server add-reviewer NAME --role reporter|editor    add a reviewer (asks the password)
  factcheck --db URL push LOCAL.db           bring a library file's articles into the shared library

--db PATH (or --db=PATH) and --version may come anywhere: before or after the command. A shared
library (PostgreSQL) is named by its address: --db postgresql://LOGIN@HOST:PORT/DBNAME.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", type=library_location,
                        help=f"library file, or a shared library's postgresql:// address, to use "
                             f"(default: ${DB_ENV}, else {DEFAULT_LIBRARY})")
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")


def default_location() -> Path | str:
    """``$FACTCHECK_DB`` (a file or a shared library's address), else the library file in the user's data folder."""
    chosen = os.environ.get(DB_ENV, "")
    return chosen if is_shared(chosen) else default_library_path()


def window_parser() -> argparse.ArgumentParser:
    # No abbreviations of the global options: "--d PATH" before a command would read as a file.
    window = argparse.ArgumentParser(prog="factcheck", description=DESCRIPTION, allow_abbrev=False,
                                     formatter_class=HelpFormatter)
    _common(window)
    window.add_argument("files", nargs="*", metavar="FILE",
                        help="an article (.html, .docx, .txt, .md), a folder, a web address or a factcheck "
                             ".json bundle to import and open")
    return window


def command_parser() -> argparse.ArgumentParser:
    from factcheck import cli_review, cli_revise, cli_search, cli_similar, cli_suggest
    from factcheck.cli_args import at_least_one
    from factcheck.cli_server import add_commands
    from factcheck.operations import EXPORT_FORMATS
    from factcheck.store.backups import KEEP

    commands = argparse.ArgumentParser(prog="factcheck", description=DESCRIPTION, allow_abbrev=False,
                                       formatter_class=HelpFormatter)
    _common(commands)
    sub = commands.add_subparsers(dest="command", required=True)
    p_import = sub.add_parser("import", help="import articles, bundles or published fact-checks (ClaimReview); "
                                             "prints one line per article and per file of fact-checks")
    p_import.add_argument("files", nargs="+", metavar="FILE_OR_URL",
                          help="articles (.html, .docx, .txt, .md), folders of them, http(s) addresses, "
                               "factcheck .json bundles, schema.org ClaimReview (.jsonld, .json, fact-check pages)")
    placing = p_import.add_mutually_exclusive_group()  # annotations on an article, or a new version of it
    placing.add_argument("--article", type=int, metavar="ID", help="place W3C Web Annotations on this article")
    placing.add_argument("--revision-of", type=int, metavar="ID", help="make the one FILE_OR_URL a new revision of "
                         "this article, as factcheck revise does (else an import makes a new article)")
    p_export = sub.add_parser("export", help="write one article's report or data in a chosen format")
    p_export.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    p_export.add_argument("--format", "-f", choices=list(EXPORT_FORMATS), default="json",
                          help="; ".join(f"{f.key}: {f.label}" for f in EXPORT_FORMATS.values()))
    p_export.add_argument("-o", "--output", type=Path, metavar="FILE",
                          help="file to write (default: standard output; required for pdf)")
    which = p_export.add_mutually_exclusive_group()
    which.add_argument("--approved-only", action="store_true",
                       help="report only approved claims (default: all, with their status)")
    which.add_argument("--include-unapproved", action="store_true",
                       help="ClaimReview: publish verdicts still in draft or in review too "
                            "(default: approved verdicts only)")
    p_export.add_argument("--no-text", action="store_true", help="leave the full article text out of the report")
    p_export.add_argument("--organisation", metavar="NAME",
                          help="the fact-checking organisation (default: from the window's preferences)")
    p_export.add_argument("--organisation-url", metavar="URL", help="its web address (default: preferences)")
    p_export.add_argument("--review-url", metavar="URL",
                          help="ClaimReview: the page where the fact check is published (default: the article's "
                               "fact-check page, set in the window with Article > Edit Details)")
    p_export.add_argument("--page-size", choices=["A4", "Letter"], help="PDF page size (default: preferences, else A4)")
    p_list = sub.add_parser("list", help="list the library's articles with ids and claim counts")
    p_list.add_argument("--archived", action="store_true", help="list archived articles too, marked as such")
    p_backup = sub.add_parser("backup", help="copy the library to backups/ beside it, checked; prints the copy")
    p_backup.add_argument("--keep", type=at_least_one, default=KEEP, metavar="N",
                          help=f"keep the newest N backups of this library, deleting older ones (default {KEEP})")
    p_restore = sub.add_parser("restore", help="without BACKUP, list the backups; with it, restore that backup")
    p_restore.add_argument("backup", nargs="?", metavar="BACKUP",
                           help="a backup file, or its number in the list; the current library is kept beside it")
    add_commands(sub)
    cli_review.add_commands(sub)
    cli_search.add_command(sub)
    cli_similar.add_command(sub)
    cli_revise.add_command(sub)
    cli_suggest.add_command(sub)
    return commands


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The command line as a namespace; ``command`` is None when it opens the window.

    The global options may come anywhere: ``factcheck import FILE --db PATH`` is
    ``factcheck --db PATH import FILE``. A usage error exits with status 2.
    """
    argv = global_options_first(argv)
    if first_word(argv) in COMMANDS:
        return command_parser().parse_args(argv)
    args = plain_window_words(argv) or window_parser().parse_args(argv)
    args.command = None
    return args


def print(*values, sep: str = " ", end: str = "\n", file=None) -> None:  # noqa: A001
    """Every message and listing of the command line, with control characters shown, not run.

    Titles, outlets, server messages and file names come from other people (issue 9):
    an ESC sequence in one must not drive the terminal. Exported data is written with
    ``sys.stdout.write``, unchanged.
    """
    builtins.print(printable(sep.join(map(str, values))), end=end, file=file)


class _PrintableFormatter(logging.Formatter):
    def __init__(self, inner: logging.Formatter | None) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        return printable(self.inner.format(record))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not logging.getLogger().handlers:  # our own handler (a host program keeps its logging as it is)
        logging.basicConfig(level=os.environ.get("FACTCHECK_LOG", "WARNING").upper(),
                            format="%(levelname)s %(name)s: %(message)s")
        for handler in logging.getLogger().handlers:  # log lines can quote a server or a file: keep them inert
            handler.setFormatter(_PrintableFormatter(handler.formatter))
    args = parse_arguments(argv)
    db_path = args.db or default_location()

    if args.command is None:
        unknown = _unknown_words(argv, args.files)
        if unknown:
            from factcheck.cli_server import refuse_words

            return refuse_words(unknown, COMMANDS)
        return open_window(db_path, args.files)
    if args.command in ("server", "push") or isinstance(db_path, str):  # a shared library: no lock, no window
        from factcheck.cli_server import run

        return run(db_path, args, LOCAL_COMMANDS)
    from factcheck.store import LibraryError
    from factcheck.store.damage import refuse_foreign_file
    from factcheck.store.library_lock import hold_for_command

    if args.command == "restore" and args.backup is None:  # listing reads only the backups
        return _print_backups(db_path)
    if args.command == "suggest" and not args.target.isdigit() and not db_path.exists():  # a file needs no library
        return _review("run", "cli_suggest")(None, args, db_path)
    if args.command in READ_ONLY_COMMANDS + ("backup", "review") and not db_path.exists():  # reading creates nothing
        print(f"factcheck: there is no library at {db_path}: `factcheck --db {db_path} import FILE` makes one "
              "(check the path for a typo).", file=sys.stderr)
        return 1
    try:
        refuse_foreign_file(db_path)
        lock = hold_for_command(db_path, args.command)
    except LibraryError as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return 1
    try:
        if lock is None:  # a window has the library open: it does the work
            return WINDOW_COMMANDS[args.command](db_path, args)
        return LOCAL_COMMANDS[args.command](db_path, args)
    except LibraryError as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return 1
    finally:
        if lock is not None:
            lock.release()


def _unknown_words(argv: list[str], files: list[str]) -> list[str]:
    """The words meant as files that are no command, file or web address (a typo); words after ``--`` are files."""
    words = global_options_first(argv)
    named = len(files) - (len(words) - words.index("--") - 1 if "--" in words else 0)
    missing = [word for word in files[:max(named, 0)] if not os.path.lexists(word)]
    if not missing:  # the usual case loads nothing more before the window's timed start-up
        return []
    from factcheck.operations import is_url

    return [word for word in missing if not is_url(word)]


def open_window(db_path: Path | str, words: list[str]) -> int:
    """``factcheck [--db PATH] [FILE|URL ...]``: the window on the library, importing ``words`` first.

    Start-up is timed (bench/cold_start.py, issue 10) and the imports are most of it.
    What the window needs that is not Qt is imported before Qt, as PySide6 hooks every
    import made after it: the library and the API's checks (and psycopg for a shared
    library). The API's Library and the operations (readers, bundles, exporters) are not
    needed for the first paint, and load when first used. sqlite-utils is not needed even
    for a new library: its schema is built on the plain connection
    (factcheck/store/migrations.py).
    """
    cold = "factcheck.ui.app" not in sys.modules and gc.isenabled()  # a start, not a test's second window
    if cold:
        # The modules loaded now (some 40,000 objects) and the window built from them live as
        # long as the process: no collection needs to look at them while they load, later, or
        # at exit (~30 ms less). Collection resumes once the window is shown (run_window).
        gc.disable()
    try:
        import factcheck.api_checks
        import factcheck.store  # noqa: F401

        if isinstance(db_path, str):  # a shared library's address
            import factcheck.store.postgres_store  # noqa: F401
        from factcheck.ui.app import run_window  # Qt is loaded only for the window
    except BaseException:
        if cold:
            gc.enable()
        raise
    if cold:
        gc.freeze()
    try:
        return run_window(db_path, sources(words))
    finally:
        if cold and not gc.isenabled():  # the window never showed
            gc.enable()


def _on_library(command):
    """Run ``command(library, args, db_path)`` on the library, opened for it and closed after.

    :func:`main` already holds the library's lock (or has handed the work to a window).
    """

    def run(db_path: Path | str, args) -> int:
        from factcheck.api import open_library

        shared = isinstance(db_path, str)  # a shared library's reviewer is its login
        library = open_library(db_path, reviewer="" if shared else default_user(),
                               read_only=args.command in READ_ONLY_COMMANDS, create=True, lock=False)
        if library.recovery_report is not None:
            print(f"factcheck: {library.recovery_report.message}", file=sys.stderr)
        try:
            return command(library, args, library.location if shared else db_path)  # no password shown
        finally:
            library.close()

    return run


def _on_window_snapshot(command):
    """Run ``command`` on a consistent copy of the library that its window writes for us."""

    def run(db_path: Path, args) -> int:
        import tempfile

        from factcheck.api import open_library
        from factcheck.store import window_channel

        with tempfile.TemporaryDirectory(prefix="factcheck-") as folder:
            snapshot = Path(folder) / "snapshot.db"
            window_channel.ask(db_path, {"op": "snapshot", "path": str(snapshot)})
            library = open_library(snapshot, read_only=True, create=True, lock=False)  # our own copy: no lock
            try:
                return command(library, args, db_path)
            finally:
                library.close()

    return run


def cmd_import(library: Library, args, db_path: Path) -> int:
    from factcheck.cli_import import import_annotations, print_results
    from factcheck.operations import import_many

    if args.article is not None:
        return import_annotations(library.store, sources(args.files), args.article)
    if args.revision_of is not None:  # factcheck revise ID FILE|URL, said another way
        return _review("run_import", "cli_revise")(library, args, db_path)
    return print_results(*import_many(library.store, sources(args.files)))


def window_import(db_path: Path, args) -> int:
    """The window imports (it shows the articles at once, places annotations on one); we print what it reports."""
    from factcheck.cli_import import hand_over

    return hand_over(db_path, [word if isinstance(word, str) else str(word.expanduser().absolute())
                               for word in sources(args.files)], args.article, args.revision_of)


def sources(words: list[str]) -> list:
    """Command-line words as import sources: http(s) addresses stay text, the rest are paths."""
    if not words:  # the usual start of the window: the importing is loaded when first used
        return []
    from factcheck.operations import is_url

    return [word if is_url(word) else Path(word) for word in words]


def cmd_export(library: Library, args, db_path: Path) -> int:
    from factcheck.core.report import Organisation, ReportOptions
    from factcheck.io import BadInput
    from factcheck.io.files import write_atomically
    from factcheck.operations import render_export, report_for
    from factcheck.preferences_file import read_preferences

    prefs = read_preferences(settings_path())
    organisation = Organisation(args.organisation if args.organisation is not None else prefs.get("organisation_name", ""),
                                args.organisation_url if args.organisation_url is not None
                                else prefs.get("organisation_url", ""))
    if args.include_unapproved and args.format != "claimreview":
        print(f"factcheck: --include-unapproved is for --format claimreview; a {args.format} export already "
              "holds every claim with its status (--approved-only leaves the others out).", file=sys.stderr)
        return 2
    options = ReportOptions(approved_only=args.approved_only, include_text=not args.no_text)
    try:
        report = report_for(library.store, args.article_id, options, organisation, args.format)
    except KeyError:
        print(f"factcheck: there is no article {args.article_id} in {db_path}; "
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
            data = render_export(report, args.format, args.review_url or "", args.include_unapproved)
    except BadInput as error:
        print(f"factcheck: {error}{_where_to_fill_in(error)}", file=sys.stderr)
        return 1
    if args.output is None:
        # Into a pipe or a file the data goes as it is; on a terminal its control characters
        # (an article's ESC sequences, say) are shown, not run.
        sys.stdout.write(printable(data.replace("\r\n", "\n")) if sys.stdout.isatty() else data)
    else:
        try:
            write_atomically(args.output, data)
        except OSError as error:
            print(f"factcheck: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
    if args.format == "claimreview":
        _tell_unapproved(report, args.include_unapproved)
    return 0


def _tell_unapproved(report, included: bool) -> None:
    """Say on stderr how many verdicts not yet approved the ClaimReview let in, or left out."""
    from factcheck.io.claimreview import unapproved_verdicts

    waiting = unapproved_verdicts(report)
    if not waiting:
        return
    verdicts = "1 verdict" if waiting == 1 else f"{waiting} verdicts"
    if included:
        print(f"factcheck: warning: the ClaimReview includes {verdicts} not yet approved (draft or in review); "
              "check them before publishing.", file=sys.stderr)
    else:
        print(f"factcheck: {verdicts} not yet approved {'was' if waiting == 1 else 'were'} left out of the "
              "ClaimReview; add --include-unapproved to include them.", file=sys.stderr)


_FILL_IN = {
    "organisation": "pass --organisation NAME, or set Organisation in the window's Preferences",
    "review_url": "pass --review-url URL, or set the article's fact-check page in the window "
                  "(Article ▸ Edit Details…)",
}


def _where_to_fill_in(error: BadInput) -> str:
    """For ClaimReview's missing data: where each item is filled in from here."""
    hints = [_FILL_IN[key] for key in getattr(error, "keys", []) if key in _FILL_IN]
    return "" if not hints else "\nTo fill in: " + "; ".join(hints) + "."


def cmd_list(library: Library, args, db_path: Path) -> int:
    articles = library.articles(archived=args.archived)
    if not articles:
        hidden = len(library.articles(archived=True))
        more = f" ({hidden} archived: `factcheck list --archived` shows them)" if hidden else ""
        print(f"The library {db_path} has no articles{more}: `factcheck import FILE` adds one.")
        return 0
    print("ID\tRATED/CLAIMS\tTITLE")
    for a in articles:
        outlet = f" ({printable(a.outlet, one_line=True)})" if a.outlet else ""
        archived = "\t(archived)" if a.archived_at else ""
        print(f"{a.id}\t{a.rated_count}/{a.claim_count}\t{printable(a.title, one_line=True)}{outlet}{archived}")
    return 0


def cmd_backup(db_path: Path, args) -> int:
    from factcheck.store.backups import make_backup

    backup = make_backup(db_path, keep=args.keep)
    return _print_backup(backup.path, backup.article_count, backup.claim_count)


def window_backup(db_path: Path, args) -> int:
    from factcheck.store import window_channel

    answer = window_channel.ask(db_path, {"op": "backup", "keep": args.keep})
    return _print_backup(answer["path"], answer.get("article_count"), answer.get("claim_count"))


def _print_backup(path, articles: int | None, claims: int | None) -> int:
    print(f"{path}\t{_counted(articles, 'article')}, {_counted(claims, 'claim')}")
    return 0


def cmd_restore(db_path: Path, args) -> int:
    from factcheck.store.backups import restore_backup

    chosen = _chosen_backup(db_path, args.backup)
    if chosen is None:
        return 1
    restored = restore_backup(chosen, db_path)
    print(f"Restored {restored.library} from {chosen} ({_counted(restored.backup.article_count, 'article')}, "
          f"{_counted(restored.backup.claim_count, 'claim')}).")
    if restored.kept_as is not None:
        print(f"The previous library was kept as {restored.kept_as}")
    return 0


def window_restore(db_path: Path, args) -> int:
    print(f"factcheck: the library {db_path} is open in a factcheck window: restore it there with "
          "File ▸ Restore from Backup…, or close the window first.", file=sys.stderr)
    return 1


def _print_backups(db_path: Path) -> int:
    from factcheck.store.backups import backups_folder, list_backups

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
    from factcheck.store.backups import list_backups

    found = list_backups(db_path)
    if not 1 <= int(word) <= len(found):
        print(f"factcheck: there is no backup number {word} of {db_path}; `factcheck restore` lists "
              f"{len(found)}.", file=sys.stderr)
        return None
    return found[int(word) - 1].path


def _review(name: str, module: str = "cli_review"):
    """A command of ``module`` (``review``'s ``run`` or ``in_window``, ``search``'s), loaded when given, not for the window."""
    def call(*args):
        return getattr(__import__(f"factcheck.{module}", fromlist=[name]), name)(*args)

    return call


LOCAL_COMMANDS = {"import": _on_library(cmd_import), "export": _on_library(cmd_export),
                  "list": _on_library(cmd_list), "backup": cmd_backup, "restore": cmd_restore, "review": _review("run"),
                  "search": _on_library(_review("run", "cli_search")),
                  "similar": _on_library(_review("run", "cli_similar")),
                  "revise": _on_library(_review("run", "cli_revise")),
                  "suggest": _on_library(_review("run", "cli_suggest"))}
WINDOW_COMMANDS = {"import": window_import, "export": _on_window_snapshot(cmd_export), "review": _review("in_window"),
                   "list": _on_window_snapshot(cmd_list), "backup": window_backup, "restore": window_restore,
                   "search": _on_window_snapshot(_review("run", "cli_search")),
                   "similar": _on_window_snapshot(_review("run", "cli_similar")),
                   "suggest": _on_window_snapshot(_review("run", "cli_suggest")),
                   "revise": window_holds("revise", "File ▸ Check for Updates")}


def _counted(n: int | None, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def default_user() -> str:
    """Who the history names for a command's edits: the reviewer name from Preferences, else no one.

    Never the login name: a report or history row says "root" only if someone typed it.
    """
    from factcheck.preferences_file import read_preferences

    return read_preferences(settings_path()).get("reviewer_name", "").strip()
