"""The Store contract for sources: added at the end, edited with history, removed and put back in place."""

from __future__ import annotations

import pytest
from contract_samples import HISTORY_KEYS, add_article, everything, mark
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.claims import SOURCE_FIELDS, Source, Stance
from factcheck.store import StaleValue


def claim_with_sources(store, *titles):
    article = add_article(store)
    return mark(store, article, "Crime fell 40%", sources=tuple(Source(title=t) for t in titles))


def titles(store, claim_id) -> list[str]:
    return [s.title for s in store.claim(claim_id).sources]


def test_an_added_source_comes_last_and_reads_back(store):
    claim = claim_with_sources(store, "Police", "Council")
    added = store.add_source(claim.id, Source(url="https://stats.example/crime", title="Statistics 📊",
                                              publisher="Office", date="2024-03-01", excerpt="12%",
                                              stance=Stance.SUPPORTS, id=12345, claim_id=999))
    assert added.id != 12345 and added.claim_id == claim.id  # the given id and claim are not used
    assert store.source(added.id) == added
    assert (added.url, added.title, added.publisher, added.date, added.excerpt, added.stance) == (
        "https://stats.example/crime", "Statistics 📊", "Office", "2024-03-01", "12%", Stance.SUPPORTS)
    assert titles(store, claim.id) == ["Police", "Council", "Statistics 📊"]
    last = store.history(claim.article_id)[-1]
    assert (last["entity"], last["action"], last["claim_id"], last["source_id"]) == (
        "source", "create", claim.id, added.id)


def test_unknown_source_ids_raise_key_error(store):
    claim = claim_with_sources(store, "Police")
    missing = claim.sources[0].id + 1000
    with pytest.raises(KeyError):
        store.source(missing)
    with pytest.raises(KeyError):
        store.update_source(missing, {"title": "New"})
    with pytest.raises(KeyError):
        store.delete_source(missing)
    with pytest.raises(KeyError):
        store.restore_source(claim.sources[0].with_(id=missing, claim_id=claim.id + 1000), 0)
    assert titles(store, claim.id) == ["Police"]


# ------------------------------------------------------------------- editing


def test_an_edit_changes_the_fields_given_with_a_history_row_each(libraries, store):
    claim = claim_with_sources(store, "Police")
    source = claim.sources[0]
    store = libraries.as_user(store, "bob")
    notices = []
    store.subscribe(notices.append)
    rows, heard = len(store.history(claim.article_id)), len(notices)
    edited = store.update_source(source.id, {"title": "Police figures", "stance": Stance.REFUTES,
                                             "url": "https://police.example/2023", "publisher": ""})
    assert edited == store.source(source.id) == store.claim(claim.id).sources[0]
    assert (edited.title, edited.stance, edited.url, edited.publisher, edited.id, edited.claim_id) == (
        "Police figures", Stance.REFUTES, "https://police.example/2023", "", source.id, claim.id)
    new_rows = store.history(claim.article_id)[rows:]
    assert all(HISTORY_KEYS <= set(r) for r in new_rows)
    assert sorted((r["changed_by"], r["entity"], r["action"], r["source_id"], r["field"], r["old_value"],
                   r["new_value"]) for r in new_rows) == [
        ("bob", "source", "update", source.id, "stance", "context", "refutes"),
        ("bob", "source", "update", source.id, "title", "Police", "Police figures"),
        ("bob", "source", "update", source.id, "url", "", "https://police.example/2023")]
    assert len(notices) == heard + 1


def test_an_edit_that_changes_nothing_records_nothing(store, notices):
    claim = claim_with_sources(store, "Police")
    rows, heard = len(store.history(claim.article_id)), len(notices)
    assert store.update_source(claim.sources[0].id, {"title": "Police", "stance": "context"}) == claim.sources[0]
    assert len(store.history(claim.article_id)) == rows and len(notices) == heard


def test_unknown_fields_and_stances_are_refused_and_nothing_is_written(store):
    claim = claim_with_sources(store, "Police")
    before = everything(store)
    for changes in ({"claim_id": 1}, {"id": 5}, {"no_such_field": "x"}, {"title": "Changed", "stance": "maybe"}):
        with pytest.raises(ValueError):
            store.update_source(claim.sources[0].id, changes)
    assert everything(store) == before
    assert set(SOURCE_FIELDS) == {"url", "title", "publisher", "date", "excerpt", "stance"}


def test_an_edit_expecting_the_stored_values_is_made(store):
    source = claim_with_sources(store, "Police").sources[0]
    edited = store.update_source(source.id, {"title": "Police figures"}, expected={"title": "Police", "url": ""})
    assert edited.title == "Police figures"


def test_an_edit_expecting_other_values_is_refused_and_nothing_is_written(store, notices):
    source = claim_with_sources(store, "Police").sources[0]
    store.update_source(source.id, {"url": "https://police.example/2023"})  # by someone else meanwhile
    before, heard = everything(store), len(notices)
    with pytest.raises(StaleValue) as refused:
        store.update_source(source.id, {"title": "Police figures", "url": "https://police.example/2024"},
                            expected={"title": "Police", "url": ""})
    assert refused.value.stored == "https://police.example/2023"
    assert everything(store) == before and len(notices) == heard


# -------------------------------------------------------- remove and restore


def test_a_removed_source_is_returned_with_its_place(store):
    claim = claim_with_sources(store, "Police", "Council", "Interview")
    removed, position = store.delete_source(claim.sources[1].id)
    assert (removed, position) == (claim.sources[1], 1)
    assert titles(store, claim.id) == ["Police", "Interview"]
    with pytest.raises(KeyError):
        store.source(removed.id)
    last = store.history(claim.article_id)[-1]
    assert (last["entity"], last["action"], last["source_id"]) == ("source", "delete", removed.id)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(1, 5), data=st.data())
def test_a_restored_source_comes_back_in_its_place_under_its_id(store, count, data):
    claim = claim_with_sources(store, *(f"Source {n}" for n in range(count)))  # one for each example
    # several removals, undone in reverse order as the undo stack does
    removed = [store.delete_source(data.draw(st.sampled_from(store.claim(claim.id).sources)).id)
               for _ in range(data.draw(st.integers(1, count)))]
    for source, position in reversed(removed):
        assert store.restore_source(source, position) == source
    assert store.claim(claim.id).sources == claim.sources


def test_ids_of_removed_sources_are_never_given_again(store):
    claim = claim_with_sources(store, "Police", "Council")
    store.delete_source(claim.sources[1].id)
    store.delete_source(claim.sources[0].id)
    assert store.add_source(claim.id, Source(title="New")).id > claim.sources[1].id
