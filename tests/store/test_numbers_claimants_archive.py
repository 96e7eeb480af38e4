"""Claim numbers for life, claimants' details, archiving and deleting articles (schema step m003)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article, Original
from factcheck.core.claims import Claim, Claimant, ClaimantKind, InvalidUrl, Source, Stance
from factcheck.store import SQLiteStore
from factcheck.store.migrations import migrations

TEXT = "Crime fell 40% last year. Police figures show 12%. The budget is balanced. Taxes rose."


@pytest.fixture
def library(tmp_path):
    lib = SQLiteStore.open(tmp_path / "library.db", user="Dana Reyes")
    yield lib
    lib.close()


def mark(library: SQLiteStore, article_id: int, phrase: str) -> Claim:
    start = TEXT.index(phrase)
    return library.add_claim(Claim(anchor=make_anchor(TEXT, start, start + len(phrase)), article_id=article_id))


def test_a_claim_keeps_its_number_when_one_is_marked_before_it(library):
    article = library.add_article(Article(title="Crime", text=TEXT))
    budget = mark(library, article.id, "The budget is balanced")
    police = mark(library, article.id, "Police figures show 12%")
    crime = mark(library, article.id, "Crime fell 40%")
    assert (budget.number, police.number, crime.number) == (1, 2, 3)
    assert [c.number for c in library.claims(article.id)] == [3, 2, 1]  # listed in text order


def test_a_deleted_number_is_never_given_again_and_undo_gives_it_back(library):
    article = library.add_article(Article(title="Crime", text=TEXT))
    first = mark(library, article.id, "Crime fell 40%")
    second = mark(library, article.id, "Police figures show 12%")
    deleted = library.delete_claim(second.id)
    third = mark(library, article.id, "Taxes rose")
    assert third.number == 3
    library.delete_claim(third.id)
    assert library.restore_claim(deleted).number == 2
    assert mark(library, article.id, "The budget is balanced").number == 4  # 3 was given once: never again
    assert first.number == 1


@given(st.permutations(["Crime fell 40%", "Police figures show 12%", "The budget is balanced", "Taxes rose"]))
def test_numbers_follow_the_order_of_marking_whatever_the_text_order(order):
    library = SQLiteStore.in_memory()
    article = library.add_article(Article(title="Crime", text=TEXT))
    numbers = {phrase: mark(library, article.id, phrase).number for phrase in order}
    assert [numbers[p] for p in order] == [1, 2, 3, 4]
    assert sorted(c.number for c in library.claims(article.id)) == [1, 2, 3, 4]


def test_an_older_library_numbers_its_claims_in_text_order(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m003_numbers_claimants_review_pages")
    old.execute("INSERT INTO rating_scales (key, name) VALUES ('newsroom', 'Newsroom')")
    for article_id in (1, 2):
        old.execute("INSERT INTO articles (id, title, imported_at, text, text_sha256) VALUES (?, 'T', 'x', ?, 'h')",
                    [article_id, TEXT])
    for claim_id, article_id, start, end in [(1, 1, 40, 50), (2, 1, 0, 10), (3, 2, 5, 9), (4, 1, 0, 5)]:
        old.execute('INSERT INTO claims (id, article_id, start, "end", quote, created_at, updated_at)'
                    " VALUES (?, ?, ?, ?, ?, 'x', 'x')", [claim_id, article_id, start, end, TEXT[start:end]])
    old.execute("INSERT INTO history (changed_at, changed_by, article_id, entity, action) VALUES ('x', 'sam', 1,"
                " 'article', 'create')")
    old.conn.commit()
    old.close()
    lib = SQLiteStore.open(path)
    try:
        assert {c.id: c.number for c in lib.claims(1)} == {4: 1, 2: 2, 1: 3}
        assert [c.number for c in lib.claims(2)] == [1]
        assert [(r["changed_by"], r["action"]) for r in lib.history(1)] == [("sam", "create")]  # history kept
        assert lib.article(1).review_url == "" and lib.article(1).archived_at is None
    finally:
        lib.close()


def test_claimant_details_are_kept_once_and_recorded_in_history(library):
    assert library.claimant("Ministry of Health") == Claimant("Ministry of Health")  # a person until told
    library.set_claimant(Claimant("Ministry of Health", ClaimantKind.ORGANIZATION,
                                  "https://www.wikidata.org/wiki/Q123"))
    assert library.claimant("Ministry of Health").kind == ClaimantKind.ORGANIZATION
    assert library.claimant_details()["Ministry of Health"].same_as == "https://www.wikidata.org/wiki/Q123"
    rows = library.conn.execute("SELECT changed_by, claimant, field, old_value, new_value FROM history"
                              " WHERE entity = 'claimant' ORDER BY id").fetchall()
    assert rows == [("Dana Reyes", "Ministry of Health", "kind", "person", "organization"),
                    ("Dana Reyes", "Ministry of Health", "same_as", "", "https://www.wikidata.org/wiki/Q123")]


def test_a_claimant_link_must_be_a_web_address(library):
    with pytest.raises(InvalidUrl):
        library.set_claimant(Claimant("Sam", ClaimantKind.PERSON, "javascript:alert(1)"))
    assert library.claimant_details() == {}


def test_an_archived_article_leaves_the_list_and_comes_back(library):
    kept = library.add_article(Article(title="Kept", text="One."))
    archived = library.add_article(Article(title="Old", text="Two."))
    library.set_archived(archived.id, True)
    assert [a.title for a in library.articles()] == ["Kept"]
    assert {a.title for a in library.articles(archived=True)} == {"Kept", "Old"}
    assert library.article(archived.id).archived_at is not None
    library.set_archived(archived.id, False)
    assert {a.title for a in library.articles()} == {"Kept", "Old"}
    assert [r["action"] for r in library.history(archived.id)] == ["create", "archive", "unarchive"]
    assert kept.id != archived.id


def test_a_deleted_article_comes_back_whole(library):
    article = library.add_article(Article(title="Crime", text=TEXT, review_url="https://check.example/crime"),
                                  Original(b"<p>x</p>", "text/html", "crime.html"))
    claim = mark(library, article.id, "Crime fell 40%")
    library.add_source(claim.id, Source(url="https://police.example", title="Figures", stance=Stance.REFUTES))
    library.update_claim(claim.id, "verdict", "False")
    claims, history = library.claims(article.id), library.history(article.id)

    deleted = library.delete_article(article.id)

    assert (len(deleted.claims), deleted.source_count) == (1, 1)
    assert library.articles() == [] and library.conn.execute("SELECT count(*) FROM claims").fetchone() == (0,)
    library.restore_article(deleted)
    assert library.article(article.id).review_url == "https://check.example/crime"
    assert library.claims(article.id) == claims
    assert library.original(article.id) == Original(b"<p>x</p>", "text/html", "crime.html")
    without_ids = [{k: v for k, v in row.items() if k != "id"} for row in library.history(article.id)]
    assert without_ids[: len(history)] == [{k: v for k, v in row.items() if k != "id"} for row in history]
    assert library.history(article.id)[-1]["field"] == "restored"
    deletion = library.conn.execute("SELECT changed_by, old_value FROM history WHERE entity = 'article'"
                                  " AND action = 'delete'").fetchall()
    assert deletion == [("Dana Reyes", "Crime")]


def test_the_review_page_is_an_article_detail(library):
    article = library.add_article(Article(title="Crime", text=TEXT))
    library.update_article(article.id, "review_url", "https://check.example/2024/crime")
    assert library.article(article.id).review_url == "https://check.example/2024/crime"


def test_two_claims_of_one_article_never_share_a_number(library):
    article = library.add_article(Article(title="Crime", text=TEXT))
    mark(library, article.id, "Crime fell 40%")
    with pytest.raises(sqlite3.IntegrityError):
        library.conn.execute("INSERT INTO claims (article_id, start, \"end\", quote, created_at, updated_at, number)"
                           " VALUES (?, 0, 5, 'Crime', 'x', 'x', 1)", [article.id])


def test_ids_of_deleted_rows_are_never_given_again(library):
    """Undo steps hold ids: a new row must never take a deleted one's."""
    first = library.add_article(Article(title="One", text=TEXT))
    claim = mark(library, first.id, "Crime fell 40%")
    source = library.add_source(claim.id, Source(title="Figures"))
    library.delete_source(source.id)
    library.delete_claim(claim.id)
    library.delete_article(first.id)
    second = library.add_article(Article(title="Two", text=TEXT))
    again = mark(library, second.id, "Crime fell 40%")
    assert second.id != first.id and again.id != claim.id
    assert library.add_source(again.id, Source(title="Other")).id != source.id


def test_undoing_an_article_deletion_keeps_the_numbers_it_had_given(library):
    article = library.add_article(Article(title="Crime", text=TEXT))
    for phrase in ("Crime fell 40%", "Police figures show 12%", "The budget is balanced"):
        mark(library, article.id, phrase)
    third = [c for c in library.claims(article.id) if c.number == 3][0]
    library.delete_claim(third.id)
    library.restore_article(library.delete_article(article.id))
    assert mark(library, article.id, "Taxes rose").number == 4  # 3 was given once: never again


def test_history_of_an_article_deleted_behind_the_foreign_keys_survives_the_update(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m003_numbers_claimants_review_pages")
    for article_id in (1, 2):
        old.execute("INSERT INTO articles (id, title, imported_at, text, text_sha256) VALUES (?, 'T', 'x', ?, 'h')",
                    [article_id, TEXT])
        old.execute("INSERT INTO history (changed_at, changed_by, article_id, entity, action, new_value)"
                    " VALUES ('x', 'sam', ?, 'article', 'create', ?)", [article_id, f"article {article_id}"])
    old.conn.commit()
    old.execute("PRAGMA foreign_keys=OFF")  # as the sqlite3 shell runs by default
    old.execute("DELETE FROM articles WHERE id = 2")
    old.conn.commit()
    old.close()
    lib = SQLiteStore.open(path)
    try:
        rows = lib.conn.execute("SELECT article_id, new_value FROM history ORDER BY id").fetchall()
        assert rows == [(1, "article 1"), (None, "article 2")]
    finally:
        lib.close()
