"""The command line on a shared library (PostgreSQL): ``--db URL``, ``server …``, ``push``, on a real throw-away server.

Every test here needs the session's server (tests/postgres_server.py); without PostgreSQL they
are skipped, saying why. What needs no server (parsing, refusals) is in tests/test_cli.py.
"""

from __future__ import annotations

import io
import itertools
import logging
import sys
from urllib.parse import quote

import psycopg
import pytest

from factcheck.cli import main
from factcheck.core.articles import Article
from factcheck.store.postgres_schema import known_steps
from factcheck.core.claims import Claimant, ClaimantKind, ClaimStatus, Source
from factcheck.store import open_store

TEXT = "Crime fell 40% last year, the mayor said. The council spent £2m on the lanes."
OTHER = "Unemployment is at a record low, the minister said on Tuesday."

_names = itertools.count(1)


@pytest.fixture(autouse=True)
def quiet_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("FACTCHECK_LOG", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)


@pytest.fixture
def shared(shared_desk):
    """A new shared library on the desk: ``shared.url(login)``, ``shared.name``."""
    name = f"cli_{next(_names)}"
    shared_desk.new_library(name)

    class Shared:
        pass

    library = Shared()
    library.name = name
    library.url = lambda login="owner": shared_desk.url(name, login)
    return library


def run(*argv: str, stdin: str | None = None, monkeypatch=None) -> int:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(list(argv))


def titles(url: str) -> list[str]:
    store = open_store(url)
    try:
        return sorted(a.title for a in store.articles(archived=True))
    finally:
        store.close()


# ------------------------------------------------------------ --db URL: import, list, export


def test_import_list_and_export_on_a_shared_library(shared, tmp_path, capsys):
    article = tmp_path / "crime.txt"
    article.write_text("Mayor says crime fell\n\n" + TEXT + "\n", encoding="utf-8")
    url = shared.url("alice")
    assert run("--db", url, "import", str(article)) == 0
    out, err = capsys.readouterr()
    assert out.split("\t")[1].strip() == "Mayor says crime fell" and err == ""
    assert run("list", "--db", url) == 0  # --db anywhere, as for a file
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ID\tRATED/CLAIMS\tTITLE" and lines[1].endswith("\t0/0\tMayor says crime fell")
    article_id = lines[1].split("\t")[0]
    assert run("--db", url, "export", article_id, "--format", "json") == 0
    assert '"Mayor says crime fell"' in capsys.readouterr().out
    assert run("--db", url, "import", str(article)) == 0  # the same text again: found, not added
    assert "(already in the library)" in capsys.readouterr().out
    store = open_store(shared.url())
    try:
        rows = store.history(int(article_id))
    finally:
        store.close()
    assert rows[0]["changed_by"] == "alice"  # the reviewer is the login
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob("**/*.db"))  # no lock, no file made


def test_a_reviewer_importing_a_bundle_is_told_the_desks_records_were_left_out(shared, tmp_path, capsys):
    from factcheck.operations import export_bundle

    local = open_store(tmp_path / "mine.db", user="Sam Field")
    try:
        claim = local.add_claim(_claim_on(local.add_article(Article("Mayor says crime fell", TEXT)), "Crime fell 40%"))
        local.add_comment(claim.id, "Check the police table.")
        bundle = tmp_path / "crime.json"
        bundle.write_text(export_bundle(local, claim.article_id), encoding="utf-8")
    finally:
        local.close()
    assert run("--db", shared.url("alice"), "import", str(bundle)) == 0  # the article and its claim are in
    out, err = capsys.readouterr()
    assert out.split("\t")[1].strip() == "Mayor says crime fell"
    assert "Mayor says crime fell: " in err and "only its owner may bring in records made by others" in err


def test_the_factcheck_db_variable_may_name_a_shared_library(shared, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FACTCHECK_DB", shared.url("bob"))
    assert run("list") == 0
    out = capsys.readouterr().out
    assert "has no articles" in out and "bob@127.0.0.1" in out and "bob-pw" not in out  # no password shown


def test_the_password_may_come_from_pgpassword_as_libpq_reads_it(shared, shared_desk, monkeypatch, capsys):
    without = shared_desk.server.url("carol", None, shared.name)
    monkeypatch.setenv("PGPASSWORD", "carol-pw")
    assert run("--db", without, "list") == 0
    monkeypatch.setenv("PGPASSWORD", "not-carols")
    assert run("--db", without, "list") == 1
    err = capsys.readouterr().err
    assert "password is wrong" in err and "not-carols" not in err and "Traceback" not in err


def test_a_read_only_command_on_a_shared_library_writes_nothing(shared, capsys):
    store = open_store(shared.url("alice"))
    store.add_article(Article("Mayor says crime fell", TEXT))
    store.close()
    assert run("--db", shared.url("rita"), "export", "999") == 1
    err = capsys.readouterr().err
    assert "no article 999" in err and "rita@127.0.0.1" in err and "rita-pw" not in err


@pytest.mark.parametrize("command", [["backup"], ["backup", "--keep", "3"], ["restore"], ["restore", "1"]])
def test_backup_and_restore_of_a_shared_library_are_the_servers(shared, command, capsys):
    assert run("--db", shared.url(), *command) == 1
    out, err = capsys.readouterr()
    assert out == "" and "pg_dump" in err and "administrator" in err
    assert "owner-secret" not in err  # the owner's password stays out of the message


def test_an_unreachable_server_is_told_in_one_line(capsys):
    assert run("--db", "postgresql://alice:secret@127.0.0.1:1/nowhere", "list") == 1
    err = capsys.readouterr().err
    assert err.startswith("factcheck: ") and "Could not reach" in err and "secret" not in err
    assert len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------ server init, upgrade


def test_server_init_makes_a_library_and_again_changes_nothing(postgres_server, capsys):
    name = f"cli_init_{next(_names)}"
    postgres_server.admin(f"CREATE DATABASE {name}")
    url = postgres_server.url(database=name)
    assert run("--db", url, "list") == 1
    assert "server init" in capsys.readouterr().err  # the command that makes one is named
    assert run("--db", url, "server", "init") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Made the shared library postgresql://owner@") and "p001_shared_library" in out[0]
    assert "server add-reviewer NAME --role reporter|editor" in out[1] and len(out) == 2
    assert "owner-secret" not in "\n".join(out)
    assert run("--db", url, "server", "init") == 0
    steps = len(known_steps())
    assert f"is up to date ({steps} schema step{'s' if steps > 1 else ''}): nothing was changed." in capsys.readouterr().out
    assert run("--db", url, "server", "upgrade") == 0
    assert "is up to date" in capsys.readouterr().out
    assert run("--db", url, "list") == 0


def test_a_library_from_a_newer_factcheck_is_neither_opened_nor_upgraded(shared, capsys):
    with psycopg.connect(shared.url(), autocommit=True) as conn:
        conn.execute("INSERT INTO factcheck_schema (name) VALUES ('p999_from_the_future')")
    assert run("--db", shared.url("alice"), "list") == 1
    assert "newer factcheck" in capsys.readouterr().err
    assert run("--db", shared.url(), "server", "upgrade") == 1
    err = capsys.readouterr().err
    assert "newer factcheck" in err and "update factcheck first" in err


def test_server_upgrade_of_a_database_without_a_library_says_to_init(postgres_server, capsys):
    name = f"cli_empty_{next(_names)}"
    postgres_server.admin(f"CREATE DATABASE {name}")
    assert run("--db", postgres_server.url(database=name), "server", "upgrade") == 1
    assert "server init" in capsys.readouterr().err


def test_a_reviewer_cannot_make_a_library_and_is_told_so(postgres_server, shared_desk, capsys):
    name = f"cli_not_rita_{next(_names)}"
    postgres_server.admin(f"CREATE DATABASE {name}")
    assert run("--db", shared_desk.server.url("rita", "rita-pw", name), "server", "init") == 1
    err = capsys.readouterr().err
    assert err.startswith("factcheck: ") and "Nothing was saved" in err
    assert "Traceback" not in err and "rita-pw" not in err


# ---------------------------------------------------------------------- server add-reviewer


def test_add_reviewer_reads_the_password_from_standard_input(shared, shared_desk, monkeypatch, capsys):
    login = f"cli_nina_{next(_names)}"
    assert run("--db", shared.url(), "server", "add-reviewer", login, "--role", "reporter",
               stdin="nina's secret 1\nignored\n", monkeypatch=monkeypatch) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == f"Added {login} to {shared_desk.server.url(password=None, database=shared.name)} " \
                                  "as a reporter."
    assert f"--db postgresql://{login}@127.0.0.1:" in out.splitlines()[1]
    assert "nina's secret 1" not in out + err
    nina = open_store(shared_desk.server.url(login, quote("nina's secret 1"), shared.name))
    try:
        claim = nina.add_claim(_claim(nina))
        with pytest.raises(Exception, match="Only an editor can approve"):
            nina.update_claim(claim.id, "status", ClaimStatus.APPROVED)
    finally:
        nina.close()
    # the same login again: a new role, the password kept (an empty line gives none)
    assert run("--db", shared.url(), "server", "add-reviewer", login, "--role", "editor", stdin="\n",
               monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out == f"{login} is now an editor of " \
        f"{shared_desk.server.url(password=None, database=shared.name)} (password unchanged).\n"
    nina = open_store(shared_desk.server.url(login, quote("nina's secret 1"), shared.name))
    try:
        assert nina.update_claim(claim.id, "status", ClaimStatus.APPROVED).status == ClaimStatus.APPROVED
    finally:
        nina.close()


def test_add_reviewer_on_a_terminal_asks_twice_and_refuses_two_different_passwords(shared, shared_desk,
                                                                                   monkeypatch, capsys, caplog):
    import getpass

    login = f"cli_omar_{next(_names)}"
    monkeypatch.setattr(sys, "stdin", _Terminal())
    typed = iter(["first-try", "frist-try"])
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or next(typed))
    caplog.set_level(logging.DEBUG)
    assert run("--db", shared.url(), "server", "add-reviewer", login, "--role", "editor") == 1
    out, err = capsys.readouterr()
    assert len(asked) == 2 and login in asked[0]
    assert "differ" in err and "nothing was changed" in err and out == ""
    with psycopg.connect(shared.url()) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [login]).fetchone() is None
    typed = iter(["omar-pw-2024", "omar-pw-2024"])
    assert run("--db", shared.url(), "server", "add-reviewer", login, "--role", "editor") == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"Added {login} to ")
    for said in (out, err, caplog.text, shared_desk.server.log.read_text(errors="replace")):
        assert "omar-pw-2024" not in said and "first-try" not in said
    open_store(shared_desk.server.url(login, "omar-pw-2024", shared.name)).close()


def test_a_new_reviewer_without_a_password_is_refused(shared, monkeypatch, capsys):
    login = f"cli_pat_{next(_names)}"
    assert run("--db", shared.url(), "server", "add-reviewer", login, "--role", "reporter", stdin="",
               monkeypatch=monkeypatch) == 1
    assert "needs a password" in capsys.readouterr().err


def test_a_reviewer_cannot_add_reviewers(shared, monkeypatch, capsys):
    assert run("--db", shared.url("alice"), "server", "add-reviewer", "mallory", "--role", "editor",
               stdin="mallory-pw\n", monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("factcheck: ") and "Traceback" not in err and "mallory-pw" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _claim(store):
    from factcheck.api import claim_for_quote

    article = store.add_article(Article("Mayor says crime fell", TEXT))
    return claim_for_quote(article, "Crime fell 40%")


# --------------------------------------------------------------------------------- push


@pytest.fixture
def local(tmp_path):
    """A library file with two articles (one archived), claims, sources, a claimant's details and edits."""
    path = tmp_path / "mine.db"
    store = open_store(path, user="Sam Field")
    try:
        first = store.add_article(Article("Mayor says crime fell", TEXT, outlet="The Gazette"))
        claim = store.add_claim(_claim_on(first, "Crime fell 40%").with_(claimant="Mayor Jones"))
        store.update_claim(claim.id, "verdict", "False")
        store.add_source(claim.id, Source(url="https://police.example/figures", title="Police figures"))
        store.delete_claim(store.add_claim(_claim_on(first, "The council")).id)
        store.set_claimant(Claimant("Mayor Jones", ClaimantKind.PERSON, "https://www.wikidata.org/wiki/Q1"))
        second = store.add_article(Article("Jobs at a record", OTHER))
        store.set_archived(second.id, True)
    finally:
        store.close()
    return path


def _claim_on(article, quote):
    from factcheck.api import claim_for_quote

    return claim_for_quote(article, quote)


def test_push_brings_a_library_file_in_whole_and_twice_adds_nothing(shared, local, capsys):
    before = local.read_bytes()
    assert run("--db", shared.url(), "push", str(local)) == 0
    out, err = capsys.readouterr()
    assert out == f"2 articles pushed to {shared.url().replace(':owner-secret', '')}, 0 already there.\n"
    assert err == ""
    assert titles(shared.url()) == ["Jobs at a record", "Mayor says crime fell"]
    store = open_store(shared.url("alice"))
    try:
        crime = next(a for a in store.articles() if a.title == "Mayor says crime fell")
        claims = store.claims(crime.id)
        assert [(c.number, c.quote, c.verdict, c.claimant, [s.title for s in c.sources]) for c in claims] == [
            (1, "Crime fell 40%", "False", "Mayor Jones", ["Police figures"])]
        assert store.claimant("Mayor Jones").same_as == "https://www.wikidata.org/wiki/Q1"
        assert {r["changed_by"] for r in store.history(crime.id)} == {"Sam Field", "owner"}
        assert [a.title for a in store.articles()] == ["Mayor says crime fell"]  # the other stays archived
    finally:
        store.close()
    assert run("push", str(local), "--db", shared.url()) == 0  # --db anywhere
    shown = shared.url().replace(":owner-secret", "")
    assert capsys.readouterr().out == f"0 articles pushed to {shown}, 2 already there.\n"
    assert titles(shared.url()) == ["Jobs at a record", "Mayor says crime fell"]
    assert local.read_bytes() == before  # read, never written


def test_push_by_a_reviewer_is_refused_with_nothing_saved(shared, local, capsys):
    assert run("--db", shared.url("alice"), "push", str(local)) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("factcheck: Only the owner of ") and "nothing was saved" in err
    assert titles(shared.url()) == []


def test_push_of_a_missing_file_or_not_a_library_is_refused(shared, tmp_path, capsys):
    assert run("--db", shared.url(), "push", str(tmp_path / "typo.db")) == 1
    assert "no library file at" in capsys.readouterr().err
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"just some notes, not a database" * 10)
    assert run("--db", shared.url(), "push", str(notes)) == 1
    assert "not a factcheck library" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no lock, no library made


def test_push_lets_go_of_the_library_file(shared, local):
    from factcheck.store.library_lock import hold_for_command

    assert run("--db", shared.url(), "push", str(local)) == 0
    lock = hold_for_command(local, "check", timeout_s=0)  # the push let go of the library file
    assert lock is not None
    lock.release()
