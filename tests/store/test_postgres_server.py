"""What the PostgreSQL server itself enforces for a shared library, whatever program connects.

The contract suite (tests/store/contract) proves the engine keeps the Store's promises; these
tests prove what only a server can: roles (a reporter cannot approve), history written by the
server and closed to every client, schema versions, change notices, connection errors worded
for the user with no secret in them, and bringing a local library's article in whole.
"""

from __future__ import annotations

import itertools
import json
import time

import psycopg
import pytest

from factcheck.core.claims import ClaimStatus, Source
from factcheck.store import LibraryBusy, LibraryError, LibraryTooNew, NotAllowed, open_store
from factcheck.store.postgres_admin import add_reviewer, init_server, upgrade_server
from factcheck.store.postgres_schema import CHANNEL

from contract.contract_samples import add_article, mark

_names = itertools.count(1)


@pytest.fixture
def library(shared_desk):
    """A new shared library; ``library(login)`` opens it as that reviewer (closed after the test)."""
    name = f"server_{next(_names)}"
    shared_desk.new_library(name)
    opened = []

    def open_as(login="owner", **kwargs):
        store = open_store(shared_desk.url(name, login), **kwargs)
        opened.append(store)
        return store

    open_as.name = name
    open_as.url = lambda login="owner": shared_desk.url(name, login)
    yield open_as
    for store in opened:
        store.close()


def raw(url):
    return psycopg.connect(url, autocommit=True)


# ------------------------------------------------------------------- roles


def test_a_reporter_marks_edits_and_proposes_but_the_server_refuses_an_approval(library):
    rita = library("rita")
    article = add_article(rita)
    claim = mark(rita, article, "Crime fell 40%")
    rita.update_claim(claim.id, "verdict", "False")
    rita.update_claim(claim.id, "status", ClaimStatus.IN_REVIEW)
    rita.add_source(claim.id, Source(title="Police figures"))
    with pytest.raises(NotAllowed, match="Only an editor can approve"):
        rita.update_claim(claim.id, "status", ClaimStatus.APPROVED)
    assert rita.claim(claim.id).status == ClaimStatus.IN_REVIEW  # nothing saved
    # and not only through factcheck: the same refusal for a reporter's own SQL
    with raw(library.url("rita")) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE claims SET status = 'approved' WHERE id = %s", [claim.id])


def test_an_approved_claim_and_its_sources_are_an_editors_alone(library):
    rita, alice = library("rita"), library("alice")
    article = add_article(rita)
    claim = mark(rita, article, "Crime fell 40%", sources=(Source(title="Police"),))
    alice.update_claim(claim.id, "status", ClaimStatus.APPROVED)
    before = rita.claim(claim.id)
    for attempt in (lambda: rita.update_claim(claim.id, "verdict", "True"),
                    lambda: rita.add_source(claim.id, Source(title="Blog")),
                    lambda: rita.update_source(before.sources[0].id, {"title": "Police (2023)"}),
                    lambda: rita.delete_source(before.sources[0].id),
                    lambda: rita.delete_claim(claim.id),
                    lambda: rita.delete_article(article.id)):
        with pytest.raises(NotAllowed, match="approved"):
            attempt()
    assert rita.claim(claim.id) == before
    alice.update_claim(claim.id, "verdict", "Mostly True")  # an editor may
    alice.update_claim(claim.id, "status", ClaimStatus.IN_REVIEW)  # and reopen it
    rita.update_claim(claim.id, "verdict", "Mixed")  # after which the reporter may again
    assert rita.claim(claim.id).verdict == "Mixed"


def test_changing_a_reviewers_role_takes_effect_at_their_next_connection(library, shared_desk):
    owner_url = library.url()
    assert add_reviewer(owner_url, "nina", "reporter", "nina-pw") is True
    nina_url = shared_desk.server.url("nina", "nina-pw", library.name)
    nina = open_store(nina_url)
    claim = mark(nina, add_article(nina), "Crime fell 40%")
    with pytest.raises(NotAllowed):
        nina.update_claim(claim.id, "status", ClaimStatus.APPROVED)
    nina.close()
    assert add_reviewer(owner_url, "nina", "editor", None) is False  # same login, same password
    nina = open_store(nina_url)
    assert nina.update_claim(claim.id, "status", ClaimStatus.APPROVED).status == ClaimStatus.APPROVED
    nina.close()


# ----------------------------------------------------------------- history


def test_the_server_writes_history_under_the_login_and_no_reviewer_can_touch_it(library):
    rita = library("rita")
    article = add_article(rita)
    claim = mark(rita, article, "Crime fell 40%")
    library("bob").update_claim(claim.id, "verdict", "False")
    rows = rita.history(article.id)
    assert [(r["changed_by"], r["entity"], r["action"], r["field"]) for r in rows] == [
        ("rita", "article", "create", None), ("rita", "claim", "create", None), ("bob", "claim", "update", "verdict")]
    for login in ("rita", "alice"):
        with raw(library.url(login)) as conn:
            for statement in ("INSERT INTO history (changed_at, entity, action) VALUES ('now', 'claim', 'update')",
                              "UPDATE history SET changed_by = 'someone else'",
                              "DELETE FROM history"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
    assert rita.history(article.id) == rows


def test_a_deleted_articles_history_stays_on_the_server(library):
    alice = library("alice")
    article = add_article(alice)
    mark(alice, article, "Crime fell 40%")
    alice.delete_article(article.id)
    with raw(library.url()) as conn:
        kept = conn.execute("SELECT entity, action FROM history ORDER BY id").fetchall()
    assert kept == [("article", "create"), ("claim", "create"), ("article", "delete")]


# ------------------------------------------------------------------ schema


def test_init_twice_changes_nothing_and_upgrade_finds_nothing_to_do(library):
    again = init_server(library.url())
    assert again.applied == () and again.already
    assert upgrade_server(library.url()).applied == ()


def test_a_database_without_a_library_is_named_with_the_command_that_makes_one(shared_desk):
    shared_desk.server.admin("CREATE DATABASE empty_one")
    with pytest.raises(LibraryError, match="server init"):
        open_store(shared_desk.server.url(database="empty_one"))
    with pytest.raises(LibraryError, match="server init"):
        upgrade_server(shared_desk.server.url(database="empty_one"))


def test_a_client_refuses_an_older_or_a_newer_schema_saying_who_must_act(library):
    from factcheck.store.postgres_schema import known_steps

    with raw(library.url()) as conn:
        conn.execute("INSERT INTO factcheck_schema (name) VALUES ('p999_from_the_future')")
    with pytest.raises(LibraryTooNew, match="newer factcheck"):
        library("alice")
    with pytest.raises(LibraryTooNew):
        upgrade_server(library.url())
    with raw(library.url()) as conn:
        conn.execute("DELETE FROM factcheck_schema WHERE name IN ('p999_from_the_future', %s)", [known_steps()[-1]])
    with pytest.raises(LibraryError, match="server upgrade"):  # older: the owner must upgrade it
        library("alice")
    with raw(library.url()) as conn:
        conn.execute("INSERT INTO factcheck_schema (name) VALUES (%s)", [known_steps()[-1]])
    library("alice").close()


# ----------------------------------------------------------- connections


def test_a_wrong_password_is_told_plainly_and_no_secret_is_shown(shared_desk, library):
    url = shared_desk.server.url("alice", "not-her-password-123", library.name)
    with pytest.raises(LibraryError) as refused:
        open_store(url)
    message = str(refused.value)
    assert "password is wrong" in message and "alice" in message
    assert "not-her-password-123" not in message
    assert "-pw" not in library("alice").location


def test_an_added_reviewers_password_never_reaches_the_servers_log(library, shared_desk):
    add_reviewer(library.url(), "paul", "reporter", "paul-very-secret")
    open_store(shared_desk.server.url("paul", "paul-very-secret", library.name)).close()
    log = shared_desk.server.log.read_text(errors="replace")
    assert "ALTER ROLE" in log and "paul-very-secret" not in log


def test_a_writer_blocked_by_a_stalled_transaction_is_told_busy(library, monkeypatch):
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "500")
    alice = library("alice")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    with raw(library.url("bob")) as stalled:
        stalled.execute("BEGIN")
        stalled.execute("UPDATE claims SET rationale = 'half-typed' WHERE id = %s", [claim.id])
        started = time.monotonic()
        with pytest.raises(LibraryBusy, match="busy"):
            alice.update_claim(claim.id, "verdict", "False")
        assert time.monotonic() - started < 5
        stalled.execute("ROLLBACK")
    assert alice.update_claim(claim.id, "verdict", "False").verdict == "False"


def test_every_committed_change_is_announced_with_who_made_it(library):
    with raw(library.url("alice")) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        rita = library("rita")
        article = add_article(rita)
        claim = mark(rita, article, "Crime fell 40%")
        rita.update_claim(claim.id, "verdict", "False")
        heard = [json.loads(n.payload) for n in listener.notifies(timeout=1, stop_after=3)]
    assert [(n["entity"], n["article"], n["claim"], n["by"]) for n in heard] == [
        ("article", article.id, None, "rita"), ("claim", article.id, claim.id, "rita"),
        ("claim", article.id, claim.id, "rita")]


# ------------------------------------------------- an article brought in whole


def test_the_owner_brings_in_an_article_with_its_numbers_sources_and_history(library, tmp_path):
    local = open_store(tmp_path / "local.db", user="sam")
    article = add_article(local)
    first = mark(local, article, "Crime fell 40%", sources=(Source(title="Police"),))
    local.update_claim(first.id, "verdict", "False")
    local.delete_claim(mark(local, article, "the mayor").id)
    whole = local.delete_article(article.id)  # what push reads: the article with everything it holds
    shared = library()
    with pytest.raises(NotAllowed, match="owner"):
        library("alice").receive_article(whole)
    arrived = shared.receive_article(whole)
    claims = shared.claims(arrived)
    assert [(c.number, c.quote, c.verdict, [s.title for s in c.sources]) for c in claims] == [
        (1, "Crime fell 40%", "False", ["Police"])]
    rows = shared.history(arrived)
    assert [(r["changed_by"], r["entity"], r["action"]) for r in rows[:-1]] == [
        (r[2], r[7], r[8]) for r in whole.history]
    assert rows[-1]["field"] == "pushed" and rows[-1]["changed_by"] == "owner"
    assert {r["claim_id"] for r in rows if r["entity"] == "claim"} <= {claims[0].id, None}
    assert mark(shared, shared.article(arrived), "the mayor").number == 3  # numbers stay given
    local.close()


def test_a_feed_hears_a_colleagues_commit_at_once_and_not_its_own_windows(library):
    alice = library("alice")
    article = add_article(alice)
    claim = mark(alice, article, "Crime fell 40%")
    feed = alice.listen()
    try:
        assert not feed.wait(0.1)  # nothing yet
        alice.update_claim(claim.id, "verdict", "True")  # this window's own edit: followed already
        assert not feed.wait(0.3)
        rita = library("rita")
        started = time.monotonic()
        rita.update_claim(claim.id, "rationale", "Police figures say otherwise.")
        heard = feed.wait(2)
        assert time.monotonic() - started < 1
        assert heard.claims == {claim.id} and heard.articles == {article.id} and feed.by == {"rita"}
        source = rita.add_source(claim.id, Source(title="Police"))
        heard = feed.wait(2)
        assert heard.sources == {source.id} and heard.claims == {claim.id}
    finally:
        feed.close()


def test_a_feed_says_offline_when_the_server_ends_its_connection_and_listens_again_after(library):
    alice = library("alice")
    feed = alice.listen()
    try:
        with raw(library.url()) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%%'"
                          " AND datname = current_database()")
        started = time.monotonic()
        with pytest.raises(LibraryError):
            for _ in range(5):
                feed.wait(0.5)
        assert time.monotonic() - started < 2
        feed.reconnect()
        article = add_article(library("rita"))
        assert article.id in feed.wait(2).articles
    finally:
        feed.close()


def test_concurrent_compare_and_set_loses_no_edit(library):
    """Twelve reviewers each save a rationale over the one they read: every save applied or refused, none lost."""
    import threading

    from factcheck.store import StaleValue

    alice = library("alice")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    applied, refused = [], []
    lock = threading.Lock()

    def reviewer(n: int) -> None:
        store = open_store(library.url(["alice", "bob", "carol", "rita"][n % 4]))
        try:
            for i in range(10):
                seen = store.claim(claim.id).rationale
                text = f"reviewer {n}, edit {i}"
                try:
                    store.update_claim(claim.id, "rationale", text, expected=seen)
                    with lock:
                        applied.append((seen, text))
                except StaleValue:
                    with lock:
                        refused.append(text)
        finally:
            store.close()

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(applied) + len(refused) == 120 and applied
    rows = [r for r in alice.history(claim.article_id) if r["field"] == "rationale"]
    # one row per applied save, and each replaced the very value its reviewer had seen
    assert sorted((r["old_value"] or "", r["new_value"]) for r in rows) == sorted(applied)
    chain = [""] + [r["new_value"] for r in rows]
    assert [r["old_value"] for r in rows] == chain[:-1]  # each replaced the one before: none overwritten unseen
    assert alice.claim(claim.id).rationale == chain[-1]


def test_a_server_demanding_tls_refuses_a_plain_connection_with_the_fix_and_takes_a_verified_one():
    from postgres_server import start_or_skip

    server = start_or_skip(ssl=True)
    try:
        plain = server.url(database="postgres") + "?sslmode=disable"
        with pytest.raises(LibraryError, match="sslmode=require") as refused:
            open_store(plain)
        assert "owner-secret" not in str(refused.value)
        verified = f"{server.url(database='postgres')}?sslmode=verify-full&sslrootcert={server.certificate}"
        init_server(verified)  # the owner sets up a library over TLS, the certificate checked
        store = open_store(verified)
        with raw(verified) as conn:
            assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()[0]
        store.close()
    finally:
        server.stop()


# ---------------------------------------------------------------- workflow


def test_the_server_keeps_a_second_opinion_blind_and_the_workflow_in_the_right_hands(library):
    from factcheck.core.workflow import Decision

    alice, rita, ron = library("alice"), library("rita"), library("ron")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    rita.propose(claim.id, "False", "Police data.")
    alice.request_opinions(claim.id, ["ron"])
    with raw(library.url("ron")) as conn:  # not only factcheck: ron's own SQL sees no one else's verdict
        assert conn.execute("SELECT reviewer, verdict FROM proposals").fetchall() == []
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor writes as someone else
            conn.execute("INSERT INTO proposals (claim_id, reviewer, verdict, created_at, submitted_at)"
                         " VALUES (%s, 'rita', 'True', 'now', 'now')", [claim.id])
    ron.propose(claim.id, "Mixed")
    with raw(library.url("ron")) as conn:
        assert sorted(conn.execute("SELECT reviewer, verdict FROM proposals").fetchall()) == [
            ("rita", "False"), ("ron", "Mixed")]
        for statement in ("INSERT INTO decisions (claim_id, action, decided_at) VALUES (%s, 'approve', 'now')",
                          "INSERT INTO opinion_requests (claim_id, reviewer, requested_by, requested_at)"
                          " VALUES (%s, 'rita', 'ron', 'now')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, [claim.id])
    with pytest.raises(NotAllowed):
        rita.decide(claim.id, Decision.APPROVE, "I approve my own.", verdict="False")
    with raw(library.url("alice")) as conn:  # an editor's decision is signed with their login
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="Only the owner"):  # never another's
            conn.execute("INSERT INTO decisions (claim_id, action, decided_by, decided_at, note) VALUES"
                         " (%s, 'return', 'someone else', 'now', 'forged?')", [claim.id])
        conn.execute("INSERT INTO decisions (claim_id, action, decided_at, note) VALUES"
                     " (%s, 'return', 'now', 'unsigned')", [claim.id])
        conn.execute("INSERT INTO comments (claim_id, author, written_at, text) VALUES (%s, NULL, 'now', 'hi')",
                     [claim.id])
    assert [d.decided_by for d in alice.decisions(claim.id)] == ["alice"]
    assert [c.author for c in alice.comments(claim.id)] == ["alice"]


# ------------------------------------------------- attacks on the rules (a review's findings)


def test_a_reporters_temporary_tables_do_not_fool_the_servers_rules(library):
    alice = library("alice")
    claim = mark(alice, add_article(alice), "Crime fell 40%", sources=(Source(title="Police"),))
    alice.update_claim(claim.id, "status", ClaimStatus.APPROVED)
    with raw(library.url("rita")) as conn:
        conn.execute("CREATE TEMP TABLE pg_database AS SELECT 'x'::name AS datname, oid AS datdba"
                     " FROM pg_roles WHERE rolname = session_user")  # "I own this database"
        conn.execute("CREATE TEMP TABLE claims (id bigint, number int, status text, article_id bigint)")
        conn.execute("CREATE TEMP TABLE history (LIKE public.history INCLUDING ALL)")
        assert conn.execute("SELECT public.factcheck_is_editor()").fetchone() == (False,)
        for statement in ("UPDATE public.claims SET status = 'draft', verdict = 'True' WHERE id = %s",
                          "INSERT INTO public.sources (claim_id, title, created_at, updated_at)"
                          " VALUES (%s, 'Planted', 'x', 'x')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, [claim.id])


def test_no_client_runs_the_functions_that_write_history(library, shared_desk):
    alice = library("alice")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    before = alice.history(claim.article_id)
    with raw(library.url("rita")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT factcheck_note('claim', 'update', %s, %s, NULL, NULL, 'status', 'draft', 'approved')",
                         [claim.article_id, claim.id])
    assert alice.history(claim.article_id) == before


def test_a_reviewer_cannot_hide_changes_behind_the_restoring_setting(library):
    alice = library("alice")
    article = add_article(alice)
    with raw(library.url("rita")) as conn:
        conn.execute(f"SET factcheck.restoring = '{article.id}'")
        claim_id = conn.execute('INSERT INTO claims (article_id, start, "end", quote, created_at, updated_at, number)'
                                " VALUES (%s, 0, 5, 'Crime', 'x', 'x', 99) RETURNING id", [article.id]).fetchone()[0]
        conn.execute("INSERT INTO sources (claim_id, title, created_at, updated_at) VALUES (%s, 'ghost', 'x', 'x')",
                     [claim_id])
    rows = [(r["changed_by"], r["entity"], r["action"]) for r in alice.history(article.id)]
    assert ("rita", "claim", "create") in rows and ("rita", "source", "create") in rows


def test_a_reviewer_of_one_desk_cannot_open_another_desks_library(shared_desk):
    server = shared_desk.server
    server.admin("CREATE DATABASE sports_desk")
    init_server(server.url(database="sports_desk"))  # rita was never added here
    from postgres_server import password_of

    with pytest.raises(LibraryError):
        open_store(server.url("rita", password_of("rita"), "sports_desk"))
    add_reviewer(server.url(database="sports_desk"), "rita", "reporter", None)
    open_store(server.url("rita", password_of("rita"), "sports_desk")).close()  # once added, she may


def _cut(library, store) -> None:
    """The server ends ``store``'s connection (an idle timeout, a proxy, an administrator)."""
    with raw(library.url()) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [store.conn.raw.info.backend_pid])


def test_a_connection_lost_inside_a_transaction_loses_all_of_it_never_part(library):
    alice = library("alice")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    with pytest.raises(LibraryError):
        with alice.transaction():  # a script's batch: all of it, or none
            alice.update_claim(claim.id, "rationale", "step 1")
            _cut(library, alice)
            with pytest.raises(LibraryError):
                alice.update_claim(claim.id, "verdict", "False")  # a failure the script skips...
            alice.update_claim(claim.id, "rationale", "step 3")  # ...must not commit on its own
    stored = library("bob").claim(claim.id)
    assert (stored.verdict, stored.rationale) == (None, "")


def test_an_edit_after_the_server_dropped_an_idle_connection_is_saved(library):
    alice = library("alice")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    _cut(library, alice)
    assert alice.claim(claim.id).verdict is None  # a read, on a new connection
    _cut(library, alice)
    assert alice.update_claim(claim.id, "verdict", "False").verdict == "False"  # an edit: BEGIN finds out


def test_an_address_libpq_cannot_read_is_told_so_without_its_password(postgres_server):
    url = f"postgresql://alice:s3cr%zzet@127.0.0.1:{postgres_server.port}/postgres"
    with pytest.raises(LibraryError) as refused:
        open_store(url)
    message = str(refused.value)
    assert "not a valid PostgreSQL address" in message
    assert "s3cr" not in message and "zzet" not in message


def test_a_reporter_adds_scales_but_changes_neither_them_nor_the_text_under_approved_claims(library):
    from factcheck.core.rating_scales import RatingScale, Verdict

    alice, rita = library("alice"), library("rita")
    article = add_article(rita)
    claim = mark(rita, article, "Crime fell 40%")
    key = rita.add_scale(RatingScale("desk", "Desk scale", (Verdict("Right", "#2e7d32"), Verdict("Wrong", "#c62828"))))
    assert rita.scale(key).name == "Desk scale"  # an import may bring one
    with raw(library.url("rita")) as conn:
        for statement in ("UPDATE verdicts SET definition = 'anything goes'", "DELETE FROM article_originals",
                          "UPDATE rating_scales SET name = 'Mine'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    alice.update_claim(claim.id, "status", ClaimStatus.APPROVED)
    with raw(library.url("rita")) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="approved"):
        conn.execute("UPDATE articles SET text = replace(text, 'fell', 'rose') WHERE id = %s", [article.id])
    with raw(library.url("alice")) as conn:  # an editor may, and the history says so
        conn.execute("UPDATE articles SET text = text || ' Updated.', text_sha256 = 'new' WHERE id = %s", [article.id])
    last = alice.history(article.id)[-1]
    assert (last["changed_by"], last["field"], last["new_value"]) == ("alice", "text", "new")


def test_add_reviewer_leaves_the_servers_administrators_and_its_own_names_alone(library):
    for name in ("owner", "factcheck_editor", "pg_monitor"):
        with pytest.raises(LibraryError):
            add_reviewer(library.url(), name, "reporter", "new-password")
    open_store(library.url()).close()  # the owner's password still works


def test_undoing_an_added_source_a_colleague_edited_since_is_refused(library):
    from factcheck.store import StaleValue

    alice, bob = library("alice"), library("bob")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    added = alice.add_source(claim.id, Source(title="Police"))
    bob.update_source(added.id, {"title": "Police figures 2023"})
    with pytest.raises(StaleValue, match="bob changed it"):
        alice.delete_source(added.id, seen=added)
    assert alice.source(added.id).title == "Police figures 2023"


# ------------------------------------------------ records made in another library


def test_only_the_owner_stores_records_in_others_names(library):
    from factcheck.core.report import ClaimWorkflow
    from factcheck.core.workflow import Comment, Proposal

    alice = library("alice")
    claim = mark(alice, add_article(alice), "Crime fell 40%")
    theirs = ClaimWorkflow(proposals=(Proposal(0, "sam", "False", "", False, "2024-05-06", "2024-05-06", 1),),
                           comments=(Comment(0, "dana", "Check the table.", "2024-05-06"),))
    for login in ("alice", "rita"):
        with pytest.raises(NotAllowed, match="Only the owner .* names (sam|dana), not " + login):
            library(login).receive_workflow(claim.id, theirs)
    assert (alice.proposals(claim.id), alice.comments(claim.id)) == ([], [])  # none of them
    assert alice.receive_workflow(claim.id, ClaimWorkflow(comments=(Comment(0, "alice", "Mine.", "2024-05-06"),))) == 1
    assert library().receive_workflow(claim.id, theirs) == 2
    assert [(p.reviewer, p.submitted_at) for p in alice.proposals(claim.id)] == [("sam", "2024-05-06")]
    assert [(c.author, c.written_at) for c in alice.comments(claim.id)] == [("alice", "2024-05-06"),
                                                                            ("dana", "2024-05-06")]


@pytest.mark.parametrize("login", ["alice", "rita"])
def test_a_reviewers_import_of_a_bundle_keeps_the_article_and_leaves_the_records_out_saying_why(
        library, shared_desk, login):
    from factcheck.operations import export_bundle, import_bundle

    alice, rita = library("alice"), library("rita")
    claim = mark(alice, add_article(alice), "Crime fell 40%", status=ClaimStatus.IN_REVIEW)
    rita.propose(claim.id, "False", "Police data.")
    alice.add_comment(claim.id, "Check the table.")
    exported = export_bundle(alice, claim.article_id)
    name = f"{library.name}_other"
    shared_desk.new_library(name)
    reviewer = open_store(shared_desk.url(name, login))
    try:
        result = import_bundle(reviewer, exported.encode(), "desk.json")
        assert (result.claims, result.workflow_left_out) == (1, 2)
        assert "only its owner may bring in records made by others" in result.workflow_note
        (imported,) = reviewer.claims(result.article_id)
        assert imported.status == ClaimStatus.IN_REVIEW
        assert (reviewer.proposals(imported.id), reviewer.comments(imported.id)) == ([], [])
    finally:
        reviewer.close()
    owner = open_store(shared_desk.url(name))
    try:
        kept = import_bundle(owner, exported.encode(), "desk.json")
        assert (kept.workflow_left_out, kept.workflow_note) == (0, "")
        assert json.loads(export_bundle(owner, kept.article_id))["claims"] == json.loads(exported)["claims"]
    finally:
        owner.close()


def test_server_upgrade_brings_the_rule_on_authors_to_a_library_made_before_it(shared_desk, monkeypatch):
    from factcheck.store import postgres_schema as schema
    from postgres_server import password_of

    server = shared_desk.server
    server.admin("CREATE DATABASE before_p003")
    monkeypatch.setattr(schema, "STEPS", schema.STEPS[:2])  # what the previous factcheck made
    init_server(server.url(database="before_p003"))
    monkeypatch.undo()
    assert upgrade_server(server.url(database="before_p003")).applied == ("p003_records_from_elsewhere",
                                                                        "p004_stage_history", "p005_search",
                                                                        "p006_search_speed", "p007_revisions",
                                                                        "p008_suggestion_dismissals")
    add_reviewer(server.url(database="before_p003"), "alice", "editor", None)
    owner = open_store(server.url(database="before_p003"))
    claim = mark(owner, add_article(owner), "Crime fell 40%")
    owner.close()
    with raw(server.url("alice", password_of("alice"), "before_p003")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="Only the owner"):
            conn.execute("INSERT INTO comments (claim_id, author, written_at, text) VALUES (%s, 'dana', 'x', 'y')",
                         [claim.id])

