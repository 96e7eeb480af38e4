"""What the command line makes of its words: a shared library's address, commands, typos.

Needs no server: a shared library's own commands are tested on one in tests/test_cli_server.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.cli import COMMANDS, main, parse_arguments
from factcheck.cli_server import is_shared_location
from factcheck.store import is_shared

URL = "postgresql://alice@db.newsroom.example:5432/desk?sslmode=verify-full&sslrootcert=/etc/ssl/desk.pem"


@pytest.fixture
def opened_windows(monkeypatch):
    """What main would open the window on, instead of opening it."""
    from factcheck.ui import app

    calls = []
    monkeypatch.setattr(app, "run_window", lambda db_path, files: calls.append((db_path, files)) or 0)
    return calls


@pytest.mark.parametrize("argv", [["--db", URL, "list"], [f"--db={URL}", "list"], ["list", "--db", URL]])
def test_a_shared_librarys_address_stays_as_typed(argv):
    assert parse_arguments(argv).db == URL  # a path would fold its "//"


def test_a_file_stays_a_path():
    assert parse_arguments(["--db", "lib.db", "list"]).db == Path("lib.db")


@pytest.mark.parametrize("word", [URL, "postgres://bob@localhost/desk", "lib.db", "postgresql:/x", "http://x", ""])
def test_the_command_line_and_the_store_agree_on_what_is_shared(word):
    assert is_shared_location(word) == is_shared(word)


def test_the_window_opens_on_a_shared_library_named_by_db_or_the_variable(opened_windows, monkeypatch):
    assert main(["--db", URL]) == 0
    monkeypatch.setenv("FACTCHECK_DB", URL)
    assert main([]) == 0
    assert opened_windows == [(URL, []), (URL, [])]


@pytest.mark.parametrize("argv", [["serve", "init"], ["lst"], ["--db", "x.db", "improt", "a.txt"]])
def test_a_word_that_is_no_command_file_or_address_is_refused_listing_the_commands(argv, tmp_path, monkeypatch,
                                                                                   capsys, opened_windows):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and opened_windows == []
    assert err.startswith("factcheck: “") and ("is not a command" in err or "are not commands" in err)
    assert "The commands: " + ", ".join(COMMANDS) in err
    assert not list(tmp_path.iterdir())  # no library, no lock made


def test_every_unknown_word_is_named(tmp_path, monkeypatch, capsys, opened_windows):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "there.txt").write_text("An article.", encoding="utf-8")
    assert main(["serve", "there.txt", "init"]) == 2
    assert "“serve”, “init” are not commands, nor files or web addresses." in capsys.readouterr().err


def test_files_web_addresses_and_words_after_a_double_dash_still_open_the_window(tmp_path, monkeypatch,
                                                                                opened_windows):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "server").write_text("An article in a file called server.", encoding="utf-8")
    assert main(["--db", "lib.db", "server.txt"]) == 2  # missing
    assert main(["--db", "lib.db", "https://news.example/story", "--", "not-yet"]) == 0
    assert main(["--db", "lib.db", "./server"]) == 0
    assert [files for _, files in opened_windows] == [["https://news.example/story", Path("not-yet")], [Path("server")]]


def test_a_shared_librarys_address_as_a_file_says_to_put_it_after_db(tmp_path, monkeypatch, capsys, opened_windows):
    monkeypatch.chdir(tmp_path)
    assert main(["postgresql://alice:her-secret@db.example/desk"]) == 2
    err = capsys.readouterr().err
    assert "--db" in err and "her-secret" not in err


@pytest.mark.parametrize("argv", [["server", "init"], ["server", "upgrade"],
                                  ["server", "add-reviewer", "nina", "--role", "reporter"], ["push", "mine.db"]])
def test_a_shared_librarys_command_on_a_library_file_is_refused(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", "x.db", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "works on a shared library" in err and "--db postgresql://" in err and "x.db" in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("argv", [["server"], ["server", "start"], ["server", "add-reviewer", "nina"],
                                  ["server", "add-reviewer", "nina", "--role", "boss"], ["push"]])
def test_a_shared_librarys_command_with_missing_or_wrong_words_is_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--db", URL, *argv])
    assert caught.value.code == 2


def test_the_help_lists_the_shared_librarys_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for words in ("server init|upgrade", "server add-reviewer NAME --role reporter|editor", "push LOCAL.db",
                  "postgresql://LOGIN@HOST:PORT/DBNAME"):
        assert words in out


LOADED = """
import sys
from factcheck.cli import command_parser, main
command_parser().parse_args(["--db", "postgresql://a@b/c", "server", "init"])
print("parsed", " ".join(sorted(m for m in sys.modules if m.startswith(("psycopg", "PySide6")))))
from factcheck.store import open_store
open_store(sys.argv[1]).close()
assert main(["--db", sys.argv[1], "list"]) == 0
print("listed", " ".join(sorted(m for m in sys.modules if m.startswith(("psycopg", "PySide6")))))
"""


def test_the_shared_librarys_commands_load_psycopg_only_for_an_address(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", LOADED, str(tmp_path / "lib.db")], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    parsed, listed = [line.split()[1:] for line in result.stdout.splitlines() if line.startswith(("parsed", "listed"))]
    assert parsed == [] and listed == []  # parsing an address, and a file's command, load no psycopg, no Qt
