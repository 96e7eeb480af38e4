"""The library file: schema, PRAGMAs, round trips, cascades, undo, history, refusals."""

import hashlib
import sqlite3

import pytest

from factcheck.core.anchors import Anchor, make_anchor
from factcheck.core.articles import Article, Original
from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
from factcheck.core.rating_scales import RatingScale, Verdict, builtin_scales
from factcheck.store import SQLiteStore, LibraryBusy, LibraryDamaged, LibraryError, LibraryTooNew, NotALibrary
from factcheck.store import sqlite_store as library_module
from factcheck.store.migrations import known_steps

TEXT = (
    "Crime fell 40% last year, the mayor 🏛️ said.\n\n"
    "Police figures 📊 show a fall of 12%. 𝔗𝔥𝔢 council disagrees.\n\n"
    "The budget, she said, is balanced 💰."
)

TABLES = {"articles", "claims", "sources", "history", "rating_scales", "verdicts", "properties",
          "_sqlite_migrations"}


def anchor(text: str, phrase: str) -> Anchor:
    start = text.index(phrase)
    return make_anchor(text, start, start + len(phrase))


def add_article(library: SQLiteStore, text: str = TEXT, **fields) -> Article:
    return library.add_article(Article(title=fields.pop("title", "Mayor on crime"), text=text, **fields))


def add_claim(library: SQLiteStore, article: Article, phrase: str, **fields) -> Claim:
    return library.add_claim(Claim(anchor=anchor(article.text, phrase), article_id=article.id, **fields))


def dump(library: SQLiteStore) -> str:
    """Every row of every table, to compare the whole database before and after."""
    return "\n".join(library.conn.iterdump())


def count(library: SQLiteStore, table: str) -> int:
    return library.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ opening


def test_a_fresh_file_gets_every_table(library, db_path):
    assert db_path.exists()
    tables = {name for (name,) in library.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert TABLES <= tables
    steps = [name for (name,) in library.conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'factcheck'")]
    assert steps == sorted(known_steps())


def test_the_connection_is_configured_for_safety(library):
    pragma = lambda name: library.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode").lower() == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") > 0


def test_the_session_row_is_recorded_and_the_connection_is_back_to_full_sync_before_any_edit(db_path):
    from factcheck.store import SQLiteStore

    SQLiteStore.open(db_path, user="x").close()
    library = SQLiteStore.open(db_path, user="x")  # the session row waits for no fsync of its own
    try:
        assert library.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: the first edit syncs it too
        rows = library.conn.execute("SELECT count(*) FROM properties WHERE key LIKE 'session:%'").fetchone()[0]
        assert rows == 1
    finally:
        library.close()


def test_builtin_scales_are_stored(library):
    stored = {s.key: s for s in library.scales()}
    for scale in builtin_scales():
        assert stored[scale.key] == scale
    assert library.scale(None).key == "newsroom"
    assert library.scale("no-such-scale").key == "newsroom"
    assert library.scale("politifact").name == "PolitiFact Truth-O-Meter"


def test_opening_twice_does_not_duplicate_anything(db_path):
    SQLiteStore.open(db_path).close()
    lib = SQLiteStore.open(db_path)
    try:
        assert count(lib, "_sqlite_migrations") == len(known_steps())
        assert count(lib, "rating_scales") == len(builtin_scales())
    finally:
        lib.close()


@pytest.mark.parametrize("stop_before", [None, "m001_initial_schema", "m002_article_originals",
                                         "m003_numbers_claimants_review_pages"])
def test_pending_steps_are_read_as_sqlite_utils_records_them(db_path, stop_before):
    from sqlite_utils import Database, Migrations

    from factcheck.store import migrations as schema

    reference = Migrations("factcheck")
    for step in schema.migrations.pending(Database(memory=True)):
        reference(name=step.name)(step.fn)
    db = Database(db_path)
    reference.apply(db, stop_before=stop_before)
    conn = sqlite3.connect(db_path)
    try:
        assert [s.name for s in schema.migrations.pending(conn)] == [m.name for m in reference.pending(db)]
        assert schema.migrations.applied(conn) == [m.name for m in reference.applied(db)]
    finally:
        conn.close()
        db.close()


def test_a_library_from_an_older_version_is_brought_up_to_date(db_path):
    from sqlite_utils import Database

    from factcheck.store.migrations import migrations

    old = Database(db_path)
    migrations.apply(old, stop_before="m002_article_originals")  # as version 0.1 left it
    old.close()
    lib = SQLiteStore.open(db_path)
    try:
        article = lib.add_article(Article(title="T", text="Some text."),
                                  Original(b"<p>Some text.</p>", "text/html", "page.html", "https://x.example/"))
        assert lib.original(article.id) == Original(b"<p>Some text.</p>", "text/html", "page.html",
                                                    "https://x.example/")
    finally:
        lib.close()


def test_an_empty_file_becomes_a_new_library(db_path):
    db_path.write_bytes(b"")
    lib = SQLiteStore.open(db_path)
    try:
        assert lib.articles() == []
        assert count(lib, "rating_scales") >= 3
    finally:
        lib.close()


def test_a_missing_folder_is_created(tmp_path):
    lib = SQLiteStore.open(tmp_path / "a" / "b" / "lib.db")
    lib.close()
    assert (tmp_path / "a" / "b" / "lib.db").is_file()


def test_in_memory_library_has_the_schema_and_foreign_keys():
    lib = SQLiteStore.in_memory(user="bob")
    assert lib.path is None
    assert lib.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    article = add_article(lib)
    assert lib.article(article.id).text == TEXT


# ------------------------------------------------------------- round trips


def test_article_round_trip_with_non_bmp_text(library):
    article = library.add_article(Article(
        title="Mayor 🏛️ on crime 𝔗𝔢𝔵𝔱", text=TEXT, outlet="The Daily 📰", author="Zoë 𠜎",
        url="https://example.com/mayor", published="2024-05-01", rating_scale="politifact"))
    assert article.id is not None
    assert article.imported_at  # stamped on the way in
    again = library.article(article.id)
    assert again == article
    assert (again.title, again.text, again.outlet, again.author) == (
        "Mayor 🏛️ on crime 𝔗𝔢𝔵𝔱", TEXT, "The Daily 📰", "Zoë 𠜎")
    assert again.url == "https://example.com/mayor"
    assert again.published == "2024-05-01"
    assert again.rating_scale == "politifact"
    assert library.find_article_by_text(TEXT) == article.id
    assert library.find_article_by_text(TEXT + " ") is None


def test_an_unknown_rating_scale_falls_back_to_the_default(library):
    article = add_article(library, rating_scale="nonexistent")
    assert article.rating_scale == "newsroom"


def test_missing_article_claim_and_source_raise_key_error(library):
    for getter in (library.article, library.article_summary, library.claim, library.source):
        with pytest.raises(KeyError):
            getter(999)


def test_claim_and_sources_round_trip_with_non_bmp_text(library):
    article = add_article(library)
    claim = library.add_claim(Claim(
        anchor=anchor(TEXT, "Police figures 📊 show a fall of 12%."),
        article_id=article.id,
        claimant="Chief 👮 Ng",
        claim_date="2024-04-30",
        verdict="Accurate",
        rationale="Matches the 📈 annual report.",
        status=ClaimStatus.IN_REVIEW,
        reviewer="Dana",
        sources=(
            Source(url="https://police.example/report", title="Annual report 𝔯𝔢𝔭𝔬𝔯𝔱",
                   publisher="Police", date="2024-01-15", excerpt="…a fall of 12%…",
                   stance=Stance.SUPPORTS),
            Source(title="Interview 🎙️", stance=Stance.CONTEXT),
        ),
    ))
    stored = library.claim(claim.id)
    assert stored == claim
    assert stored.anchor == anchor(TEXT, "Police figures 📊 show a fall of 12%.")
    assert TEXT[stored.start:stored.end] == stored.quote
    assert (stored.claimant, stored.claim_date, stored.verdict, stored.rationale) == (
        "Chief 👮 Ng", "2024-04-30", "Accurate", "Matches the 📈 annual report.")
    assert stored.status is ClaimStatus.IN_REVIEW
    assert stored.reviewer == "Dana"
    assert stored.created_at and stored.updated_at
    assert [s.title for s in stored.sources] == ["Annual report 𝔯𝔢𝔭𝔬𝔯𝔱", "Interview 🎙️"]
    assert [s.stance for s in stored.sources] == [Stance.SUPPORTS, Stance.CONTEXT]
    first = stored.sources[0]
    assert (first.url, first.publisher, first.date, first.excerpt, first.claim_id) == (
        "https://police.example/report", "Police", "2024-01-15", "…a fall of 12%…", claim.id)
    assert library.claims(article.id) == [stored]


def test_add_claim_ignores_a_given_id(library):
    article = add_article(library)
    claim = library.add_claim(Claim(anchor=anchor(TEXT, "Crime fell"), article_id=article.id, id=77))
    assert claim.id != 77
    with pytest.raises(KeyError):
        library.claim(77)
    assert count(library, "claims") == 1


def test_claims_come_back_in_text_order(library):
    article = add_article(library)
    late = add_claim(library, article, "balanced 💰")
    middle = add_claim(library, article, "Police figures 📊 show a fall of 12%.")
    first_long = add_claim(library, article, "Crime fell 40% last year")
    first_short = add_claim(library, article, "Crime fell")
    ids = [c.id for c in library.claims(article.id)]
    assert ids == [first_short.id, first_long.id, middle.id, late.id]


def test_claims_of_one_article_only(library):
    one = add_article(library)
    other = add_article(library, text="Another article entirely, with its own claim.")
    add_claim(library, one, "Crime fell")
    claim = add_claim(library, other, "its own claim")
    assert [c.id for c in library.claims(other.id)] == [claim.id]
    assert library.claims(12345) == []


def test_article_list_counts_claims_and_rated_claims(library):
    first = add_article(library, title="First")
    second = add_article(library, text="Second text, no claims.", title="Second", outlet="Herald")
    add_claim(library, first, "Crime fell", verdict="False")
    add_claim(library, first, "council disagrees")
    summaries = {s.id: s for s in library.articles()}
    assert (summaries[first.id].claim_count, summaries[first.id].rated_count) == (2, 1)
    assert (summaries[second.id].claim_count, summaries[second.id].outlet) == (0, "Herald")
    # newest import first
    assert [s.id for s in library.articles()] == [second.id, first.id]
    assert library.article_summary(first.id) == summaries[first.id]


def test_update_article_writes_history_and_skips_no_ops(library):
    article = add_article(library)
    before = len(library.history(article.id))
    updated = library.update_article(article.id, "outlet", "Gazette")
    assert updated.outlet == "Gazette"
    assert library.update_article(article.id, "outlet", "Gazette").outlet == "Gazette"
    rows = library.history(article.id)[before:]
    assert len(rows) == 1
    assert (rows[0]["entity"], rows[0]["action"], rows[0]["field"]) == ("article", "update", "outlet")
    assert (rows[0]["old_value"], rows[0]["new_value"], rows[0]["changed_by"]) == ("", "Gazette", "alice")
    assert library.update_article(article.id, "rating_scale", "politifact").rating_scale == "politifact"
    with pytest.raises(ValueError, match="not an editable article field"):
        library.update_article(article.id, "text", "new text")


def test_properties(library):
    assert library.get_property("seeded") is None
    library.set_property("seeded", "1")
    library.set_property("seeded", "2")
    assert library.get_property("seeded") == "2"


# ----------------------------------------------------------------- cascades


def test_deleting_an_article_deletes_its_claims_and_sources(library):
    article = add_article(library)
    keep = add_article(library, text="A different article with a claim to keep.")
    add_claim(library, article, "Crime fell", sources=(Source(title="a"), Source(title="b")))
    add_claim(library, article, "council disagrees", sources=(Source(title="c"),))
    kept = add_claim(library, keep, "a claim to keep", sources=(Source(title="d"),))
    library.delete_article(article.id)
    with pytest.raises(KeyError):
        library.article(article.id)
    assert library.claims(article.id) == []
    assert count(library, "claims") == 1
    assert [t for (t,) in library.conn.execute("SELECT title FROM sources")] == ["d"]
    assert library.claim(kept.id) == kept
    assert [s.id for s in library.articles()] == [keep.id]


def test_deleting_a_claim_deletes_its_sources(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell", sources=(Source(title="a"), Source(title="b")))
    other = add_claim(library, article, "council disagrees", sources=(Source(title="c"),))
    deleted = library.delete_claim(claim.id)
    assert deleted == claim
    with pytest.raises(KeyError):
        library.claim(claim.id)
    assert [t for (t,) in library.conn.execute("SELECT title FROM sources")] == ["c"]
    assert library.claims(article.id) == [other]
    row = library.history(article.id)[-1]
    assert (row["entity"], row["action"], row["claim_id"], row["old_value"]) == (
        "claim", "delete", claim.id, "Crime fell")


def test_restore_claim_puts_a_deleted_claim_back_under_its_old_id(library):
    article = add_article(library)
    add_claim(library, article, "Crime fell")
    claim = add_claim(library, article, "council disagrees", verdict="Mixed", claimant="Cllr Shah",
                      sources=(Source(url="https://a.example", title="a", stance=Stance.REFUTES),
                               Source(title="b")))
    later = add_claim(library, article, "balanced 💰")
    deleted = library.delete_claim(claim.id)
    restored = library.restore_claim(deleted)
    assert restored == claim
    assert restored.id == claim.id
    assert [s.id for s in restored.sources] == [s.id for s in claim.sources]
    assert [c.id for c in library.claims(article.id)][1:] == [claim.id, later.id]
    assert library.history(article.id)[-1]["action"] == "create"


# ------------------------------------------------------------------ history


def test_update_claim_records_who_changed_what(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell")
    updated = library.update_claim(claim.id, "verdict", "False")
    assert updated.verdict == "False"
    assert updated.updated_at >= claim.updated_at
    row = library.history(article.id)[-1]
    assert row["changed_by"] == library.user == "alice"
    assert (row["entity"], row["action"], row["claim_id"], row["article_id"]) == (
        "claim", "update", claim.id, article.id)
    assert (row["field"], row["old_value"], row["new_value"]) == ("verdict", None, "False")
    assert row["changed_at"]

    library.update_claim(claim.id, "verdict", "Mixed")
    row = library.history(article.id)[-1]
    assert (row["field"], row["old_value"], row["new_value"]) == ("verdict", "False", "Mixed")

    library.update_claim(claim.id, "status", "approved")
    row = library.history(article.id)[-1]
    assert (row["field"], row["old_value"], row["new_value"]) == ("status", "draft", "approved")
    assert library.claim(claim.id).status is ClaimStatus.APPROVED


def test_an_update_that_changes_nothing_writes_no_history(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell", claimant="Mayor")
    before = dump(library)
    assert library.update_claim(claim.id, "claimant", "Mayor") == claim
    assert library.update_claim(claim.id, "status", "draft") == claim
    assert dump(library) == before


def test_history_is_oldest_first_and_per_article(library):
    article = add_article(library)
    other = add_article(library, text="Other text here.")
    claim = add_claim(library, article, "Crime fell")
    library.update_claim(claim.id, "claimant", "Mayor")
    actions = [(r["entity"], r["action"]) for r in library.history(article.id)]
    assert actions == [("article", "create"), ("claim", "create"), ("claim", "update")]
    assert [(r["entity"], r["action"]) for r in library.history(other.id)] == [("article", "create")]


def test_claimants_most_used_first(library):
    article = add_article(library)
    add_claim(library, article, "Crime fell", claimant="Mayor")
    add_claim(library, article, "council disagrees", claimant="Council")
    add_claim(library, article, "balanced 💰", claimant="Mayor")
    add_claim(library, article, "Police figures")
    assert library.claimants() == ["Mayor", "Council"]


# ------------------------------------------------------------------ sources


def test_add_update_delete_restore_source(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell")
    a = library.add_source(claim.id, Source(title="a", url="https://a.example"))
    b = library.add_source(claim.id, Source(title="b"))
    c = library.add_source(claim.id, Source(title="c"))
    assert [s.title for s in library.claim(claim.id).sources] == ["a", "b", "c"]

    updated = library.update_source(b.id, {"title": "b 📄", "stance": "refutes", "url": "https://b.example"})
    assert (updated.title, updated.stance, updated.url) == ("b 📄", Stance.REFUTES, "https://b.example")
    rows = [r for r in library.history(article.id) if r["entity"] == "source" and r["action"] == "update"]
    assert {(r["field"], r["old_value"], r["new_value"]) for r in rows} == {
        ("title", "b", "b 📄"), ("stance", "context", "refutes"), ("url", "", "https://b.example")}
    assert all(r["source_id"] == b.id and r["changed_by"] == "alice" for r in rows)

    removed, position = library.delete_source(b.id)
    assert removed == updated
    assert position == 1
    assert [s.title for s in library.claim(claim.id).sources] == ["a", "c"]
    with pytest.raises(KeyError):
        library.source(b.id)

    restored = library.restore_source(removed, position)
    assert restored == updated
    assert restored.id == b.id
    assert [s.id for s in library.claim(claim.id).sources] == [a.id, b.id, c.id]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_restore_source_keeps_the_position_of_any_source(library, index):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell",
                      sources=(Source(title="a"), Source(title="b"), Source(title="c")))
    original = [s.id for s in claim.sources]
    removed, position = library.delete_source(original[index])
    assert position == index
    library.restore_source(removed, position)
    assert [s.id for s in library.claim(claim.id).sources] == original


def test_update_source_refuses_unknown_fields(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell", sources=(Source(title="a"),))
    before = dump(library)
    with pytest.raises(ValueError, match="not source fields: colour"):
        library.update_source(claim.sources[0].id, {"title": "x", "colour": "red"})
    assert dump(library) == before


def test_update_source_without_changes_writes_nothing(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell", sources=(Source(title="a"),))
    before = dump(library)
    assert library.update_source(claim.sources[0].id, {"title": "a"}) == claim.sources[0]
    assert dump(library) == before


# ----------------------------------------------------------- rating scales

DESK = RatingScale("desk", "Desk scale", (Verdict("Right", "#00aa00", "ok", 1), Verdict("Wrong", "#aa0000")))


def test_add_scale_stores_a_new_scale(library):
    assert library.add_scale(DESK) == "desk"
    assert library.scale("desk") == DESK
    assert [s.key for s in library.scales()][-1] == "desk"


def test_add_scale_reuses_an_identical_scale(library):
    newsroom = library.scale("newsroom")
    assert library.add_scale(newsroom) == "newsroom"
    assert library.add_scale(RatingScale("other-key", newsroom.name, newsroom.verdicts)) == "newsroom"
    assert library.add_scale(DESK) == "desk"
    before = dump(library)
    assert library.add_scale(DESK) == "desk"
    assert dump(library) == before


def test_add_scale_never_overwrites_a_different_scale_with_the_same_key(library):
    newsroom = library.scale("newsroom")
    impostor = RatingScale("newsroom", "Newsroom scale", (Verdict("Yes", "#00ff00"),))
    key = library.add_scale(impostor)
    assert key == "newsroom-2"
    assert library.scale("newsroom") == newsroom
    assert library.scale(key) == RatingScale(key, impostor.name, impostor.verdicts)
    another = RatingScale("newsroom", "Another", (Verdict("No", "#ff0000"),))
    assert library.add_scale(another) == "newsroom-3"
    assert library.scale("newsroom") == newsroom


# ------------------------------------------------------------------ reopen


def test_reopening_the_file_finds_everything(db_path):
    lib = SQLiteStore.open(db_path, user="alice")
    article = add_article(lib, outlet="Gazette 📰")
    claim = add_claim(lib, article, "Police figures 📊 show a fall of 12%.", verdict="Accurate",
                      sources=(Source(url="https://p.example", title="Report 𝔯"),))
    lib.update_claim(claim.id, "rationale", "Checked 📈")
    lib.add_scale(DESK)
    lib.set_property("seeded", "1")
    expected_claim = lib.claim(claim.id)
    expected_history = lib.history(article.id)
    lib.close()

    lib = SQLiteStore.open(db_path, user="bob")
    try:
        assert lib.article(article.id) == article
        assert lib.claims(article.id) == [expected_claim]
        assert lib.history(article.id) == expected_history
        assert lib.scale("desk") == DESK
        assert lib.get_property("seeded") == "1"
        assert [s.id for s in lib.articles()] == [article.id]
    finally:
        lib.close()


# ---------------------------------------------------------------- refusals


def test_a_file_of_garbage_is_not_a_library_and_is_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    garbage = bytes(range(256)) * 40
    path.write_bytes(garbage)
    with pytest.raises(NotALibrary, match="not a factcheck library") as caught:
        SQLiteStore.open(path)
    assert str(path) in str(caught.value)
    assert "unchanged" in str(caught.value)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_short_text_file_is_not_a_library(tmp_path):
    path = tmp_path / "lib.db"
    path.write_text("hello\n")
    with pytest.raises(NotALibrary):
        SQLiteStore.open(path)
    assert path.read_text() == "hello\n"


def test_a_sqlite_header_followed_by_garbage_is_a_damaged_library_left_alone(tmp_path):
    path = tmp_path / "lib.db"
    data = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(data)
    with pytest.raises(LibraryDamaged, match="damaged"):  # not NotALibrary: a backup may restore it
        SQLiteStore.open(path)
    assert path.read_bytes() == data


def test_someone_elses_sqlite_database_is_not_a_library(tmp_path):
    path = tmp_path / "contacts.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann', '555')")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(NotALibrary, match="not a factcheck library"):
        SQLiteStore.open(path)
    assert sha256(path) == before


def test_another_apps_migrations_do_not_make_a_library(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('otherapp', 'm001', '2024-01-01')")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(NotALibrary):
        SQLiteStore.open(path)
    assert sha256(path) == before


def test_a_library_from_a_newer_factcheck_is_refused_unchanged(db_path):
    lib = SQLiteStore.open(db_path)
    add_article(lib)
    lib.close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('factcheck', 'm999_future', '2099-01-01 00:00:00')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = sha256(db_path)
    with pytest.raises(LibraryTooNew, match="m999_future") as caught:
        SQLiteStore.open(db_path)
    assert "newer version" in str(caught.value)
    assert sha256(db_path) == before


def test_library_errors_are_one_family():
    for error in (NotALibrary, LibraryTooNew, LibraryBusy, LibraryDamaged):
        assert issubclass(error, LibraryError)


def test_a_locked_library_raises_library_busy_and_saves_nothing(db_path, monkeypatch):
    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_MS", 50)
    lib = SQLiteStore.open(db_path, user="alice")
    try:
        article = add_article(lib)
        claim = add_claim(lib, article, "Crime fell")
        other = sqlite3.connect(db_path)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(LibraryBusy, match="busy"):
                lib.update_claim(claim.id, "verdict", "False")
        finally:
            other.rollback()
            other.close()
        assert lib.claim(claim.id).verdict is None
        assert lib.update_claim(claim.id, "verdict", "False").verdict == "False"
    finally:
        lib.close()


# ---------------------------------------------------- failing edits roll back


def test_a_claim_breaking_a_check_constraint_leaves_the_database_as_it_was(library):
    article = add_article(library)
    add_claim(library, article, "Crime fell")
    before = dump(library)
    bad = Claim(anchor=Anchor(start=5, end=5, quote="", prefix="", suffix=""), article_id=article.id)
    with pytest.raises(sqlite3.IntegrityError):
        library.add_claim(bad)
    assert dump(library) == before


def test_a_claim_for_a_missing_article_is_refused(library):
    before = dump(library)
    with pytest.raises(KeyError):
        library.add_claim(Claim(anchor=anchor(TEXT, "Crime fell"), article_id=999))
    assert dump(library) == before


def test_a_claim_whose_source_fails_is_not_half_stored(library):
    article = add_article(library)
    before = dump(library)
    claim = Claim(anchor=anchor(TEXT, "Crime fell"), article_id=article.id,
                  sources=(Source(title="fine"), Source(title="bad", stance="maybe")))
    with pytest.raises(ValueError):
        library.add_claim(claim)
    assert dump(library) == before
    assert library.claims(article.id) == []


def test_update_claim_with_an_unknown_field_changes_nothing(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell")
    before = dump(library)
    with pytest.raises(ValueError, match="not an editable claim field"):
        library.update_claim(claim.id, "quote", "something else")
    with pytest.raises(ValueError):
        library.update_claim(claim.id, "status", "published")
    assert dump(library) == before


def test_update_claim_breaking_a_not_null_constraint_changes_nothing(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell", rationale="why")
    before = dump(library)
    with pytest.raises(sqlite3.IntegrityError):
        library.update_claim(claim.id, "rationale", None)
    assert dump(library) == before
    assert library.claim(claim.id).rationale == "why"


def test_update_source_failing_midway_rolls_back_every_field(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell", sources=(Source(title="a"),))
    before = dump(library)
    # the title is written first, then the stance is refused
    with pytest.raises(ValueError):
        library.update_source(claim.sources[0].id, {"title": "changed", "stance": "maybe"})
    assert dump(library) == before
    assert library.source(claim.sources[0].id).title == "a"


def test_restore_of_a_claim_that_still_exists_changes_nothing(library):
    article = add_article(library)
    claim = add_claim(library, article, "Crime fell", sources=(Source(title="a"),))
    before = dump(library)
    with pytest.raises(sqlite3.IntegrityError):
        library.restore_claim(claim)
    assert dump(library) == before


def test_a_failed_schema_update_leaves_the_library_as_it_was(db_path, monkeypatch):
    from sqlite_utils import Database

    from factcheck.store import damage
    from factcheck.store import sqlite_store as library_module
    from factcheck.store import migrations as schema

    old = Database(db_path)
    schema.migrations.apply(old, stop_before="m002_article_originals")  # a library from version 0.1
    old.close()
    broken = schema.Steps("factcheck")
    broken()(schema.m001_initial_schema)
    broken()(schema.m002_article_originals)

    @broken()
    def m003_broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("the update failed half-way")

    monkeypatch.setattr(library_module, "migrations", broken)
    monkeypatch.setattr(damage, "known_steps", lambda: frozenset(broken.names()))
    with pytest.raises(RuntimeError, match="half-way"):
        SQLiteStore.open(db_path)
    conn = sqlite3.connect(db_path)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        steps = [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert "half_done" not in tables and "article_originals" not in tables  # step 2 rolled back too
    assert steps == ["m001_initial_schema"]


# --------------------------------------------- a full disk, a read-only file


def test_a_full_disk_refuses_the_edit_and_keeps_what_was_saved(library):
    article = add_article(library)
    claim = library.add_claim(Claim(anchor=make_anchor(article.text, 0, 5), article_id=article.id))
    library.update_claim(claim.id, "rationale", "Saved before the disk filled.")
    pages = library.conn.execute("PRAGMA page_count").fetchone()[0]
    library.conn.execute(f"PRAGMA max_page_count={pages}")  # SQLite's own "disk full" from here on
    with pytest.raises(LibraryError, match="full: nothing was saved"):
        library.update_claim(claim.id, "rationale", "x" * 200_000)
    assert library.claim(claim.id).rationale == "Saved before the disk filled."
    assert library.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    library.conn.execute("PRAGMA max_page_count=1073741823")  # space freed: the library works on
    assert library.update_claim(claim.id, "rationale", "x" * 200_000).rationale == "x" * 200_000


def test_a_read_only_library_refuses_the_edit_with_a_message(library):
    article = add_article(library)
    library.conn.execute("PRAGMA query_only=ON")  # what SQLite says for a read-only file or folder
    with pytest.raises(LibraryError, match="read-only: nothing was saved"):
        library.add_claim(Claim(anchor=make_anchor(article.text, 0, 5), article_id=article.id))
    library.conn.execute("PRAGMA query_only=OFF")
    assert library.claims(article.id) == []


def test_a_library_opened_read_only_refuses_writes_on_every_handle(db_path):
    SQLiteStore.open(db_path).close()
    reader = SQLiteStore.open(db_path, read_only=True)
    worker = reader.open_another()  # as the window's writer would be after a full disk
    try:
        assert reader.read_only and worker.read_only
        for handle in (reader, worker):
            with pytest.raises(LibraryError, match="read-only: nothing was saved"):
                handle.add_article(Article(title="New", text="Some text."))
        assert reader.articles() == []
    finally:
        worker.close()
        reader.close()


def test_an_edit_waits_for_another_writer_instead_of_failing(db_path):
    import threading
    import time

    mine = SQLiteStore.open(db_path)
    other = sqlite3.connect(db_path, timeout=5, isolation_level=None, check_same_thread=False)
    try:
        mine.add_article(Article(title="First", text="A first article."))
        other.execute("BEGIN IMMEDIATE")  # an import in another process is writing
        other.execute("INSERT INTO properties (key, value) VALUES ('x', 'y')")
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        started = time.monotonic()
        article = mine.add_article(Article(title="Second", text="A second article."))  # reads, then writes
        assert time.monotonic() - started >= 0.25  # it waited for the lock ...
        assert mine.article(article.id).title == "Second"  # ... and then saved
    finally:
        mine.close()
        other.close()

