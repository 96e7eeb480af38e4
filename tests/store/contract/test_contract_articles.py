"""The Store contract for articles: adding, reading, listing, editing, archiving, deleting and restoring."""

from __future__ import annotations

import pytest
from contract_samples import (
    HISTORY_KEYS,
    TEXT,
    add_article,
    everything,
    mark,
    without_ids,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.articles import Article, Original
from factcheck.core.claims import Source, Stance
from factcheck.store import StaleValue, Store

PROSE = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=60)
"""What an article may hold: any characters but control ones (the importers refuse those)."""


# ------------------------------------------------------------------ the handle


def test_an_engine_is_a_store_opened_for_its_reviewer(store):
    assert isinstance(store, Store)
    assert store.user == "alice"
    assert isinstance(store.location, str) and store.location
    assert store.recovery_report is None  # a new library: no previous session to recover from


def test_a_closed_library_opens_again_with_everything_and_nothing_to_recover(libraries):
    folder = libraries.new_folder()
    store = libraries.open(folder)
    article = add_article(store)
    mark(store, article, "Crime fell 40%", verdict="False", sources=(Source(title="Police"),))
    before = everything(store)
    libraries.close(store)

    again = libraries.open(folder, user="bob")
    assert everything(again) == before
    assert again.recovery_report is None and again.user == "bob"


# ------------------------------------------------------------ add and read


def test_an_added_article_reads_back_as_it_was_returned(store):
    added = store.add_article(Article(title="Mayor 🏛️ on crime", text=TEXT, outlet="Gazette 📰", author="Zoë",
                                      url="https://gazette.example/mayor", published="2024-05-06",
                                      rating_scale="politifact", source_type="html",
                                      review_url="https://desk.example/checks/1"))
    assert added.id is not None and added.imported_at
    assert store.article(added.id) == added
    assert (added.title, added.text, added.outlet, added.author, added.rating_scale, added.source_type) == (
        "Mayor 🏛️ on crime", TEXT, "Gazette 📰", "Zoë", "politifact", "html")
    assert added.archived_at is None


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=PROSE, text=PROSE.filter(str.strip), outlet=PROSE, author=PROSE,
       published=st.none() | st.dates().map(str))
def test_any_article_text_and_details_read_back_unchanged(store, title, text, outlet, author, published):
    added = store.add_article(Article(title=title, text=text, outlet=outlet, author=author, published=published))
    assert store.article(added.id) == added
    assert (added.title, added.text, added.outlet, added.author, added.published) == (
        title, text, outlet, author, published)
    assert store.article(store.find_article_by_text(text)).text == text  # an earlier example may share it


def test_an_article_given_no_or_an_unknown_scale_gets_the_default_one(store):
    default = store.scale(None).key
    assert add_article(store).rating_scale == default
    assert add_article(store, rating_scale="no-such-scale").rating_scale == default


def test_an_id_given_with_a_new_article_is_ignored(store):
    first = add_article(store)
    second = store.add_article(Article(title="Another", text="Another text.", id=first.id))
    assert second.id != first.id
    assert store.article(first.id).title == "Mayor on crime"


def test_the_imported_bytes_are_kept_when_given(store):
    original = Original(b"<html>\x00\xff Crime fell</html>", "text/html", "mayor.html", "https://gazette.example/m")
    kept = add_article(store)
    with_original = store.add_article(Article(title="From the web", text="Crime fell."), original)
    assert store.original(with_original.id) == original
    assert store.original(kept.id) is None


def test_an_article_is_found_by_its_exact_text(store):
    article = add_article(store)
    assert store.find_article_by_text(TEXT) == article.id
    assert store.find_article_by_text(TEXT + " ") is None
    assert store.find_article_by_text("Something else") is None


def test_unknown_article_ids_raise_key_error(store):
    article = add_article(store)
    missing = article.id + 1000
    for read in (store.article, store.article_summary):
        with pytest.raises(KeyError):
            read(missing)
    with pytest.raises(KeyError):
        store.update_article(missing, "title", "New")
    with pytest.raises(KeyError):
        store.update_article_fields(missing, {"title": "New"})
    with pytest.raises(KeyError):
        store.set_archived(missing, True)
    with pytest.raises(KeyError):
        store.delete_article(missing)
    assert [a.id for a in store.articles(archived=True)] == [article.id]


# ------------------------------------------------------------------- the list


def test_the_list_shows_the_newest_import_first(store):
    old = add_article(store, "Old", "Old text.", imported_at="2024-01-01T09:00:00+00:00")
    new = add_article(store, "New", "New text.", imported_at="2024-06-01T09:00:00+00:00")
    middle = add_article(store, "Middle", "Middle text.", imported_at="2024-03-01T09:00:00+00:00")
    assert [a.id for a in store.articles()] == [new.id, middle.id, old.id]


def test_articles_imported_in_one_go_are_listed_last_added_first(store):
    ids = [add_article(store, f"Story {n}", f"Text {n}.").id for n in range(5)]
    assert [a.id for a in store.articles()] == ids[::-1]


def test_the_list_counts_each_articles_claims_and_verdicts(store):
    article = add_article(store, title="Mayor", outlet="Gazette", published="2024-05-06")
    other = add_article(store, "Other", "Other text.")
    mark(store, article, "Crime fell 40%", verdict="False")
    mark(store, article, "Police figures 📊")
    rated = mark(store, article, "The budget", verdict="True")
    summary = store.article_summary(article.id)
    assert (summary.id, summary.title, summary.outlet, summary.published) == (
        article.id, "Mayor", "Gazette", "2024-05-06")
    assert (summary.claim_count, summary.rated_count) == (3, 2)
    assert summary.imported_at == article.imported_at and summary.archived_at is None
    assert (store.article_summary(other.id).claim_count, store.article_summary(other.id).rated_count) == (0, 0)
    assert store.articles() == [store.article_summary(other.id), summary]

    store.update_claim(rated.id, "verdict", None)
    store.delete_claim(mark(store, article, "Taxes rose").id)
    assert (store.article_summary(article.id).claim_count, store.article_summary(article.id).rated_count) == (3, 1)


def test_an_archived_article_leaves_the_list_unless_asked_for_and_comes_back(store):
    kept = add_article(store, "Kept", "Kept text.")
    article = add_article(store)
    mark(store, article, "Crime fell 40%", verdict="False")

    archived = store.set_archived(article.id, True)
    assert archived.archived_at is not None and store.article(article.id) == archived
    assert [a.id for a in store.articles()] == [kept.id]
    assert [(a.id, a.archived_at) for a in store.articles(archived=True)] == [
        (article.id, archived.archived_at), (kept.id, None)]
    assert store.article_summary(article.id).claim_count == 1  # kept whole
    assert len(store.claims(article.id)) == 1

    back = store.set_archived(article.id, False)
    assert back.archived_at is None and store.article(article.id) == back
    assert [a.id for a in store.articles()] == [article.id, kept.id]
    assert [(r["action"], r["field"]) for r in store.history(article.id)][-2:] == [
        ("archive", "archived_at"), ("unarchive", "archived_at")]


def test_archiving_an_archived_article_changes_nothing(store, notices):
    article = add_article(store)
    archived = store.set_archived(article.id, True)
    rows, heard = len(store.history(article.id)), len(notices)
    assert store.set_archived(article.id, True) == archived
    assert store.set_archived(add_article(store, "Shown", "Shown.").id, False).archived_at is None
    assert len(store.history(article.id)) == rows and len(notices) == heard + 1  # the add alone


# ----------------------------------------------------------------- editing


def test_an_edited_detail_is_stored_and_recorded_in_history(libraries, store):
    article = add_article(store, outlet="Gazette")
    store = libraries.as_user(store, "bob")
    edited = store.update_article(article.id, "outlet", "Herald")
    assert edited == store.article(article.id) and edited.outlet == "Herald"
    assert edited.title == article.title and edited.text == article.text
    last = store.history(article.id)[-1]
    assert HISTORY_KEYS <= set(last)
    assert (last["changed_by"], last["entity"], last["action"], last["field"], last["old_value"],
            last["new_value"], last["article_id"]) == ("bob", "article", "update", "outlet", "Gazette", "Herald",
                                                       article.id)


@pytest.mark.parametrize("field, value", [("title", "New title 📰"), ("outlet", "Herald"), ("author", "Ana"),
                                          ("url", "https://herald.example/a"), ("published", "2024-07-01"),
                                          ("published", None), ("review_url", "https://desk.example/c/9"),
                                          ("rating_scale", "washington-post")])
def test_every_editable_detail_can_be_changed(store, field, value):
    article = add_article(store, published="2024-05-06")
    assert getattr(store.update_article(article.id, field, value), field) == value
    assert getattr(store.article(article.id), field) == value


def test_an_edit_to_the_same_value_records_nothing(store, notices):
    article = add_article(store, outlet="Gazette")
    rows, heard = len(store.history(article.id)), len(notices)
    assert store.update_article(article.id, "outlet", "Gazette") == store.article(article.id)
    assert store.update_article_fields(article.id, {"outlet": "Gazette", "title": article.title}).outlet == "Gazette"
    assert len(store.history(article.id)) == rows and len(notices) == heard


def test_the_text_and_unknown_fields_are_not_editable_details(store):
    article = add_article(store)
    before = everything(store)
    for field in ("text", "id", "imported_at", "no_such_field"):
        with pytest.raises(ValueError):
            store.update_article(article.id, field, "changed")
    assert everything(store) == before


def test_an_edit_expecting_the_stored_value_is_made(store):
    article = add_article(store, outlet="Gazette")
    assert store.update_article(article.id, "outlet", "Herald", expected="Gazette").outlet == "Herald"


def test_an_edit_expecting_another_value_is_refused_and_nothing_is_written(store, notices):
    article = add_article(store, outlet="Gazette")
    store.update_article(article.id, "outlet", "Herald")  # by someone else, since the caller read it
    before, heard = everything(store), len(notices)
    with pytest.raises(StaleValue) as refused:
        store.update_article(article.id, "outlet", "Tribune", expected="Gazette")
    assert refused.value.stored == "Herald"
    assert everything(store) == before and len(notices) == heard


def test_several_details_change_in_one_edit_with_a_history_row_each(store, notices):
    article = add_article(store, outlet="Gazette", author="Zoë")
    rows, heard = len(store.history(article.id)), len(notices)
    edited = store.update_article_fields(article.id, {"title": "Mayor's claims", "outlet": "Herald",
                                                      "author": "Zoë"})
    assert edited == store.article(article.id)
    assert (edited.title, edited.outlet, edited.author) == ("Mayor's claims", "Herald", "Zoë")
    new_rows = store.history(article.id)[rows:]
    assert sorted((r["field"], r["old_value"], r["new_value"]) for r in new_rows) == [
        ("outlet", "Gazette", "Herald"), ("title", "Mayor on crime", "Mayor's claims")]
    assert len(notices) == heard + 1


def test_several_details_are_all_changed_or_none(store, notices):
    article = add_article(store)
    before, heard = everything(store), len(notices)
    with pytest.raises(ValueError):
        store.update_article_fields(article.id, {"title": "Changed first", "text": "refused"})
    assert everything(store) == before and len(notices) == heard


# -------------------------------------------------------- delete and restore


def whole_article(store: Store):
    """An archived article with an original, claims with numbers and sources, and some history."""
    original = Original(b"<p>Crime fell</p>", "text/html", "mayor.html")
    article = store.add_article(Article(title="Mayor on crime", text=TEXT, outlet="Gazette"), original)
    first = mark(store, article, "Crime fell 40%", claimant="Mayor", verdict="False",
                 sources=(Source(url="https://police.example/2023", title="Police", stance=Stance.REFUTES),
                          Source(title="Interview")))
    mark(store, article, "The budget", rationale="One-off transfer.", sources=(Source(title="Budget"),))
    store.delete_claim(mark(store, article, "Taxes rose").id)  # its number, 3, stays given
    store.update_claim(first.id, "rationale", "Police figures say 12%.")
    store.update_article(article.id, "outlet", "Herald")
    store.set_archived(article.id, True)
    return store.article(article.id), original


def test_a_deleted_article_is_gone_with_its_claims_and_sources(store):
    article, original = whole_article(store)
    claims = store.claims(article.id)
    history = store.history(article.id)

    deleted = store.delete_article(article.id)

    assert deleted.article == article and deleted.original == original
    assert list(deleted.claims) == claims and deleted.source_count == 3
    assert deleted.claims_numbered == 3
    assert len(deleted.history) == len(history)
    assert store.articles(archived=True) == []
    assert store.find_article_by_text(TEXT) is None
    with pytest.raises(KeyError):
        store.article(article.id)
    for claim in claims:
        with pytest.raises(KeyError):
            store.claim(claim.id)
        for source in claim.sources:
            with pytest.raises(KeyError):
                store.source(source.id)
    assert store.claimants() == []


def test_a_restored_article_comes_back_whole_under_the_same_ids(store):
    article, original = whole_article(store)
    claims = store.claims(article.id)
    history = without_ids(store.history(article.id))
    deleted = store.delete_article(article.id)
    add_article(store, "Written meanwhile", "Written meanwhile.")

    restored = store.restore_article(deleted)

    assert restored == article and store.article(article.id) == article
    assert store.original(article.id) == original
    assert store.claims(article.id) == claims  # ids, numbers, sources and their order
    assert store.article_summary(article.id).archived_at == article.archived_at
    assert without_ids(store.history(article.id))[:len(history)] == history
    assert store.claimants() == ["Mayor"]
    assert mark(store, restored, "Police figures 📊").number == 4  # numbers given before stay given


def test_deleting_and_restoring_leaves_everything_else_alone(store):
    kept = add_article(store, "Kept", "Kept text with a claim.")
    mark(store, kept, "a claim", verdict="True")
    article, _ = whole_article(store)
    before = everything(store)
    store.restore_article(store.delete_article(article.id))
    after = everything(store)
    for rows in after["history"]:  # the restore itself is recorded; nothing else differs
        rows[:] = [r for r in rows if r["field"] != "restored"]
    assert after == before


def test_ids_of_deleted_articles_are_never_given_again(store):
    first = add_article(store, "First", "First.")
    last = add_article(store, "Last", "Last.")
    store.delete_article(last.id)
    store.delete_article(first.id)
    again = add_article(store, "Again", "Again.")
    assert again.id not in (first.id, last.id) and again.id > last.id
