"""The command line's shared-library commands: ``server init``, ``server add-reviewer``, ``server upgrade``, ``push``.

Each runs with the owner's address in ``--db`` (``postgresql://OWNER@HOST:PORT/DBNAME``;
libpq's conventions give the password and TLS: ``~/.pgpass``, ``PGPASSWORD``,
``sslmode``, ``sslrootcert``). The work is :mod:`factcheck.store.postgres_admin`'s and
:func:`factcheck.operations.push_library`'s; this module reads the command line and
prints what was done in a line or two. A password is read without being echoed, and is
never printed or logged; an address is shown without its password.

Imported by :mod:`factcheck.cli` only for these commands: nothing here loads the library
or psycopg until a command runs.
"""

from __future__ import annotations

import argparse
import builtins
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factcheck.terminal_text import printable

SHARED_COMMANDS = ("server", "push")
SCHEMES = ("postgresql://", "postgres://")
"""How a shared library's address begins (:func:`factcheck.store.is_shared`, without loading the store)."""

ROLES = ("reporter", "editor")
WHERE = "postgresql://OWNER@HOST:PORT/DBNAME"


def is_shared_location(location) -> bool:
    """Whether ``--db`` (or ``$FACTCHECK_DB``) names a shared library on a server rather than a file."""
    return isinstance(location, str) and location.startswith(SCHEMES)


def say(text: str, *, error: bool = False) -> None:
    """One line for the user, its control characters shown, not run (an address or a title may hold some)."""
    builtins.print(printable(text), file=sys.stderr if error else sys.stdout)


def add_commands(sub) -> None:
    """The ``server`` and ``push`` commands, on the command parser's subparsers."""
    p_server = sub.add_parser("server", help="run a shared library on a PostgreSQL server (--db: the owner's "
                                             f"address, {WHERE})")
    server = p_server.add_subparsers(dest="server_command", required=True, metavar="ACTION")
    server.add_parser("init", help="make the shared library: its schema, the desk's roles, the rating scales "
                                   "(running it again changes nothing)")
    p_add = server.add_parser("add-reviewer", help="add a reviewer (a login), or change one's role or password")
    p_add.add_argument("name", metavar="NAME", help="the reviewer's login, which the history names")
    p_add.add_argument("--role", choices=ROLES, required=True,
                       help="a reporter marks claims and proposes verdicts; an editor also approves")
    server.add_parser("upgrade", help="bring the shared library's schema up to this factcheck's")
    p_push = sub.add_parser("push", help="bring a library file's articles, claims, sources, history and review "
                                         "records into the shared library (articles already there are left out)")
    p_push.add_argument("local", metavar="LOCAL.db", type=Path, help="the library file to read (not changed)")


def run(location, args: argparse.Namespace, library_commands: dict) -> int:
    """Run ``server …`` or ``push``, or a library command on a shared library (no lock, no window); the exit status.

    ``library_commands`` are the command line's ``import``, ``export`` and ``list``, each
    ``command(location, args)``; ``backup`` and ``restore`` are refused there.
    """
    from factcheck.store import LibraryError

    if args.command not in SHARED_COMMANDS:
        if args.command in ("backup", "restore"):
            return refuse_backup(location, args)
        run_command = library_commands[args.command]
    elif not is_shared_location(location):
        what = "push" if args.command == "push" else f"server {args.server_command}"
        say(f"factcheck: `{what}` works on a shared library: give its owner's address with --db {WHERE} "
            f"(not a library file: {location}).", error=True)
        return 2
    elif args.command == "push":
        run_command = push
    else:
        run_command = {"init": server_init, "upgrade": server_upgrade,
                       "add-reviewer": server_add_reviewer}[args.server_command]
    try:
        return run_command(location, args)
    except LibraryError as error:
        say(f"factcheck: {error}", error=True)
        return 1


def refuse_backup(location, args: argparse.Namespace) -> int:
    """``backup`` and ``restore`` are for library files: a shared library's server keeps its own."""
    from factcheck.store.postgres_errors import shown_url

    say(f"factcheck: {shown_url(location)} is a shared library: its server's administrator backs it up "
        f"(pg_dump) and restores it; `factcheck {args.command}` is for a library file.", error=True)
    return 1


def refuse_words(words: list[str], commands: tuple[str, ...]) -> int:
    """Words meant as files that are neither commands nor files nor web addresses: a usage error, status 2."""
    if is_shared_location(words[0]):
        say("factcheck: a shared library's address goes after --db: factcheck --db postgresql://LOGIN@HOST/DBNAME",
            error=True)
        return 2
    quoted = ", ".join(f"“{word}”" for word in words)
    what = "is not a command, nor a file or a web address" if len(words) == 1 \
        else "are not commands, nor files or web addresses"
    say(f"factcheck: {quoted} {what}.\nThe commands: {', '.join(commands)} (`factcheck --help` says what each "
        "does).", error=True)
    return 2


# ------------------------------------------------------------------ server


def server_init(url: str, args) -> int:
    from factcheck.store.postgres_admin import init_server
    from factcheck.store.postgres_errors import shown_url

    where = shown_url(url)
    report = init_server(url)
    if not report.already:
        say(f"Made the shared library {where} (schema steps: {', '.join(report.applied)}).")
        say(f"Add its reviewers with `factcheck --db {where} server add-reviewer NAME --role reporter|editor`.")
    else:
        _say_schema(where, report)
    return 0


def server_upgrade(url: str, args) -> int:
    from factcheck.store.postgres_admin import upgrade_server
    from factcheck.store.postgres_errors import shown_url

    _say_schema(shown_url(url), upgrade_server(url))
    return 0


def _say_schema(where: str, report) -> None:
    if report.applied:
        say(f"Updated the shared library {where}: schema steps {', '.join(report.applied)} applied.")
    else:
        say(f"The shared library {where} is up to date ({_counted(len(report.already), 'schema step')}): "
            "nothing was changed.")


def server_add_reviewer(url: str, args) -> int:
    from urllib.parse import urlsplit, urlunsplit

    from factcheck.store.postgres_admin import add_reviewer
    from factcheck.store.postgres_errors import shown_url

    password = read_password(args.name)
    if password is False:
        return 1
    try:
        new = add_reviewer(url, args.name, args.role, password)
    except ValueError as error:  # no name
        say(f"factcheck: {error}: nothing was changed.", error=True)
        return 2
    parts = urlsplit(shown_url(url))
    theirs = urlunsplit((parts.scheme, f"{args.name}@{parts.netloc.rsplit('@', 1)[-1]}", parts.path, parts.query,
                         ""))
    if new:
        say(f"Added {args.name} to {shown_url(url)} as {_a(args.role)}.")
        say(f"They open it with --db {theirs}")
    else:
        changed = "and a new password" if password else "(password unchanged)"
        say(f"{args.name} is now {_a(args.role)} of {shown_url(url)} {changed}.")
    return 0


def read_password(name: str) -> str | None | bool:
    """The new reviewer's password: asked twice on a terminal, else the first line of standard input.

    None when none is given (an existing reviewer keeps theirs); False, having said why,
    when the two typed differ. Never echoed, printed or logged.
    """
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        first = getpass.getpass(f"Password for {name} (leave empty to keep a current one): ")
        if not first:
            return None
        if getpass.getpass(f"The same password for {name} again: ") != first:
            say("factcheck: the two passwords differ: nothing was changed. Run the command again.", error=True)
            return False
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n") or None


# -------------------------------------------------------------------- push


def push(url: str, args) -> int:
    """Bring the library file ``args.local`` into the shared library at ``url``, as its owner."""
    from factcheck.operations import push_library
    from factcheck.store import open_store

    with _local_library(args.local) as source:
        shared = open_store(url)
        try:
            result = push_library(source, shared)
        finally:
            shared.close()
    say(f"{_counted(len(result.pushed), 'article')} pushed to {shared.location}, {len(result.already)} already there.")
    return 0


@contextmanager
def _local_library(path: Path) -> Iterator:
    """The library file at ``path``, read-only: under its lock, or a copy its window writes while it has it open."""
    import tempfile

    from factcheck.store import LibraryError, open_store, window_channel
    from factcheck.store.damage import refuse_foreign_file
    from factcheck.store.library_lock import hold_for_command

    if not path.exists():
        raise LibraryError(f"There is no library file at {path}: push brings in a library file "
                           "(check the path for a typo).")
    refuse_foreign_file(path)
    lock = hold_for_command(path, "push")
    try:
        if lock is not None:
            store = open_store(path, read_only=True)
            try:
                yield store
            finally:
                store.close()
            return
        with tempfile.TemporaryDirectory(prefix="factcheck-") as folder:  # a window has it open
            snapshot = Path(folder) / "snapshot.db"
            window_channel.ask(path, {"op": "snapshot", "path": str(snapshot)})
            store = open_store(snapshot, read_only=True)
            try:
                yield store
            finally:
                store.close()
    finally:
        if lock is not None:
            lock.release()


def _a(role: str) -> str:
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
