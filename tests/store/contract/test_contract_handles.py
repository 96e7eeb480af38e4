"""The Store contract for a second handle: ``open_another()`` for a worker thread, seeing each other's writes."""

from __future__ import annotations

import threading

from contract_samples import TEXT, add_article, everything, mark

from factcheck.core.claims import Source
from factcheck.store import Store


def start_thread(work):
    """Start ``work()`` in a thread of its own; returns ``finish()``, which waits and gives its result or error."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001 -- raised again in the test's thread by finish()
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()

    def finish():
        thread.join(30)
        assert not thread.is_alive(), "the worker never finished"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]
    return finish


def in_thread(work):
    return start_thread(work)()


def test_another_handle_is_a_store_on_the_same_library_for_the_same_reviewer(libraries, store):
    other = libraries.another(store)
    assert isinstance(other, Store) and other is not store
    assert other.user == store.user and other.location == store.location


def test_each_handle_sees_the_others_committed_writes(libraries, store):
    article = add_article(store)
    other = libraries.another(store)
    assert everything(other) == everything(store)  # and each has read now: no stale snapshot after

    claim = mark(other, other.article(article.id), "Crime fell 40%", sources=(Source(title="Police"),))
    assert store.claims(article.id) == [claim]
    store.update_claim(claim.id, "verdict", "False")
    assert other.claim(claim.id).verdict == "False"
    store.delete_article(article.id)
    assert other.articles(archived=True) == []


def test_a_worker_thread_writes_through_its_own_handle_and_the_first_sees_it(store, notices):
    article = add_article(store)
    heard_by_worker = []

    def work():
        worker = store.open_another()  # opened in the worker's own thread: it belongs to it
        try:
            worker.subscribe(heard_by_worker.append)
            imported = add_article(worker, "Imported by a worker", "Worker text with a claim.")
            claim = mark(worker, imported, "a claim", verdict="True")
            with worker.transaction():
                worker.update_article(article.id, "outlet", "Set by the worker")
                worker.set_archived(imported.id, True)
            return imported.id, claim.id, everything(worker)
        finally:
            worker.close()

    imported_id, claim_id, seen_by_worker = in_thread(work)

    assert everything(store) == seen_by_worker
    assert store.claim(claim_id).verdict == "True" and store.article(imported_id).archived_at is not None
    assert store.article(article.id).outlet == "Set by the worker"
    assert len(heard_by_worker) == 3 and len(notices) == 1  # the first handle's own add, not the worker's


def test_two_threads_writing_at_once_both_have_every_write_kept(store):
    first = add_article(store, "First", TEXT)
    second = add_article(store, "Second", TEXT + " Again.")
    phrases = ("Crime fell 40%", "The budget", "Taxes rose") * 4
    start = threading.Barrier(2)

    def marks(handle, article):
        start.wait(10)
        return [mark(handle, article, phrase).id for phrase in phrases]

    def work():
        worker = store.open_another()
        try:
            return marks(worker, worker.article(second.id))
        finally:
            worker.close()

    finish = start_thread(work)
    mine = marks(store, first)
    theirs = finish()

    assert len(theirs) == len(mine) == len(phrases)
    assert [c.id for c in store.claims(first.id)] == sorted(mine, key=lambda i: store.claim(i).sort_key())
    assert sorted(c.id for c in store.claims(second.id)) == sorted(theirs)
    assert not set(mine) & set(theirs)  # no id given twice
    for article in (first, second):
        assert sorted(c.number for c in store.claims(article.id)) == list(range(1, len(phrases) + 1))


def test_closing_the_second_handle_leaves_the_first_working(libraries, store):
    other = libraries.another(store)
    add_article(other)
    libraries.close(other)
    assert len(store.articles()) == 1
    add_article(store, "After", "After.")
    assert len(store.articles()) == 2


def test_a_backup_when_due_is_listed_first_and_holds_what_was_committed(store):
    assert store.backups() == [] or all(b.made_at for b in store.backups())
    assert store.backup_if_due("open") is None  # an empty library is not worth a copy
    article = add_article(store)
    made = store.backup_if_due("open")
    if made is None:  # an engine whose backups are kept elsewhere (the server's) makes none
        return
    listed = store.backups()
    assert listed and listed[0].made_at == made.made_at and listed[0].article_count == 1
    assert store.backup_if_due("open") is None  # just made: not due again
    assert store.article(article.id).title == article.title
