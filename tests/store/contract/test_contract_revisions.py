"""The Store contract for revisions: earlier texts kept, every claim placed again in one edit, undone whole."""

from __future__ import annotations

import pytest
from contract_samples import add_article, mark

from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim, Source
from factcheck.core.revisions import ClaimPlacement
from factcheck.operations_revisions import apply_revision, plan_revision
from factcheck.store import Changes, StaleValue

OLD = ("The mayor said crime fell 40% last year 🏛️.\n\n"
       "Police figures show a fall of 12%.\n\n"
       "The council voted to cut the budget by 5 million.\n\n"
       "Taxes rose, the mayor said.")
NEW = ("A new paragraph 📰 opens the corrected story.\n\n"
       "The mayor said crime fell 40% last year 🏛️.\n\n"
       "Police figures show a fall of 14%.\n\n"
       "Taxes rose, the mayor said.")


def revised(store):
    """An article with four claims, revised: one in place but moved, one changed, one orphaned, one moved."""
    article = add_article(store, text=OLD, url="https://news.example/crime")
    claims = {phrase: mark(store, article, phrase, verdict="False" if n == 2 else None,
                           sources=(Source(url="https://police.example", title="Police"),) if n == 2 else ())
              for n, phrase in enumerate(["crime fell 40% last year", "a fall of 12%",
                                          "cut the budget by 5 million", "Taxes rose"])}
    plan = plan_revision(store, article.id, NEW, origin="https://news.example/crime")
    return article, claims, plan


def test_a_revision_keeps_the_old_text_and_places_every_claim(store):
    article, claims, plan = revised(store)
    assert plan.counts() == {"exact": 0, "moved": 2, "changed": 1, "orphan": 1}
    heard: list[Changes] = []
    store.subscribe(heard.append)
    new = apply_revision(store, plan)
    assert (new.text, new.revision) == (NEW, 2) and new.revised_at
    assert store.article(article.id) == new
    first, second = store.revisions(article.id)
    assert (first.number, first.current, second.number, second.current) == (1, False, 2, True)
    assert first.origin == "https://news.example/crime" and second.origin == "https://news.example/crime"
    assert second.created_by == store.user and first.created_at == article.imported_at
    assert store.revision_text(article.id, 1) == OLD and store.revision_text(article.id, 2) == NEW
    with pytest.raises(KeyError):
        store.revision_text(article.id, 3)
    now = {c.id: c for c in store.claims(article.id)}
    moved = now[claims["crime fell 40% last year"].id]
    assert (moved.placement, moved.placed_on, NEW[moved.start:moved.end]) == ("moved", 2, moved.quote)
    changed = now[claims["a fall of 12%"].id]
    assert (changed.placement, changed.quote, changed.old_quote) == ("changed", "a fall of 14%", "a fall of 12%")
    assert changed.needs_review and not changed.orphan
    orphan = now[claims["cut the budget by 5 million"].id]
    assert orphan.orphan and orphan.needs_review and orphan.placed_on == 1
    assert orphan.anchor == claims["cut the budget by 5 million"].anchor  # kept whole, with its verdict and sources
    assert (orphan.verdict, [s.url for s in orphan.sources]) == ("False", ["https://police.example"])
    assert heard and set(now) <= heard[-1].claims and article.id in heard[-1].articles
    assert any(row["field"] in ("revision", "text") for row in store.history(article.id))


def test_a_stale_plan_is_refused_and_saves_nothing(store):
    article, claims, plan = revised(store)
    mark(store, article, "Police figures")  # a claim added since the plan was made
    with pytest.raises(StaleValue):
        apply_revision(store, plan)
    assert store.article(article.id).text == OLD and len(store.revisions(article.id)) == 1
    fresh = plan_revision(store, article.id, NEW)
    apply_revision(store, fresh)
    with pytest.raises(StaleValue):  # revised since: the old plan's revision is gone
        store.revise_article(article.id, OLD, fresh.claim_placements(), expected_revision=1)
    assert store.article(article.id).revision == 2


def test_undoing_a_revision_gives_back_the_text_and_every_claim(store):
    article, claims, plan = revised(store)
    before = store.claims(article.id)
    apply_revision(store, plan)
    back = store.unrevise_article(article.id, plan.claims)
    assert (back.text, back.revision, back.revised_at) == (OLD, 1, None)
    assert [(c.anchor, c.placement, c.old_quote, c.placed_on) for c in store.claims(article.id)] == [
        (c.anchor, c.placement, c.old_quote, c.placed_on) for c in before]
    assert [r.number for r in store.revisions(article.id)] == [1]
    with pytest.raises(StaleValue):
        store.unrevise_article(article.id, plan.claims)


def test_a_wording_changed_twice_keeps_the_wording_it_was_checked_on(store):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    third = NEW.replace("a fall of 14%", "a fall of 15%")
    apply_revision(store, plan_revision(store, article.id, third))
    claim = store.claim(claims["a fall of 12%"].id)
    assert (claim.placement, claim.quote, claim.old_quote, claim.placed_on) == (
        "changed", "a fall of 15%", "a fall of 12%", 3)
    assert [r.number for r in store.revisions(article.id)] == [1, 2, 3]
    assert store.revision_text(article.id, 2) == NEW


def test_a_changed_wording_orphaned_then_found_again_still_says_what_it_was_checked_on(store):
    """Checked on "12%", revised to "14%", then gone, then back: found again on other words than it was
    checked on, it is to be reviewed, not taken as checked (from review)."""
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    gone = NEW.replace("Police figures show a fall of 14%.\n\n", "")
    apply_revision(store, plan_revision(store, article.id, gone))
    orphan = store.claim(claims["a fall of 12%"].id)
    assert orphan.orphan and orphan.old_quote == "a fall of 12%"
    back = gone.replace("Taxes rose", "A box.\n\nPolice figures show a fall of 14%.\n\nTaxes rose")
    apply_revision(store, plan_revision(store, article.id, back))
    claim = store.claim(claims["a fall of 12%"].id)
    assert (claim.placement, claim.quote, claim.old_quote) == ("changed", "a fall of 14%", "a fall of 12%")
    assert claim.needs_review


def test_undoing_a_revision_is_refused_once_a_claim_was_placed_again_by_hand(store):
    """A colleague attached the orphan on the new text: the undo would silently put it back (from review)."""
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    orphan = claims["cut the budget by 5 million"]
    start = NEW.index("Taxes rose, the mayor")
    store.place_claim(orphan.id, make_anchor(NEW, start, start + 10), seen=store.claim(orphan.id))
    with pytest.raises(StaleValue, match="placed again"):
        store.unrevise_article(article.id, plan.claims, revision=2, placed=plan.claim_placements())
    assert store.article(article.id).revision == 2 and store.claim(orphan.id).quote == "Taxes rose"
    assert [r.number for r in store.revisions(article.id)] == [1, 2]


def test_an_orphan_attached_by_hand_and_the_undo(store):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    orphan = store.claim(claims["cut the budget by 5 million"].id)
    start = NEW.index("Taxes rose, the mayor")
    attached = store.place_claim(orphan.id, make_anchor(NEW, start, start + 10))
    assert (attached.placement, attached.quote, attached.placed_on, attached.verdict) == ("", "Taxes rose", 2, "False")
    undone = store.place_claim(orphan.id, orphan.anchor, "orphan", old_quote=orphan.old_quote,
                               placed_on=orphan.placed_on)
    assert undone.anchor == orphan.anchor and undone.orphan and undone.placed_on == 1
    with pytest.raises(StaleValue):  # a position that does not hold its quote in the current text
        store.place_claim(orphan.id, make_anchor(OLD, 0, 9), "")
    with pytest.raises(ValueError):
        ClaimPlacement(orphan.id, "orphan", make_anchor(NEW, 0, 5))


def test_a_deleted_revised_article_comes_back_with_its_revisions(store):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    deleted = store.delete_article(article.id)
    assert [r.number for r in deleted.revisions] == [1, 2]
    store.restore_article(deleted)
    assert [(r.number, r.current) for r in store.revisions(article.id)] == [(1, False), (2, True)]
    assert store.revision_text(article.id, 1) == OLD and store.article(article.id).revision == 2
    assert store.claim(claims["cut the budget by 5 million"].id).orphan


def test_another_handle_reads_the_revision(store, libraries):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    other = libraries.another(store)
    assert other.article(article.id).revision == 2
    assert [r.number for r in other.revisions(article.id)] == [1, 2]
    assert other.claim(claims["a fall of 12%"].id).old_quote == "a fall of 12%"
    assert store.article_urls()[article.id] == "https://news.example/crime"
    assert store.revisions(10_000) == []


def test_the_search_finds_the_newest_wording_only(store):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    assert [m.article_id for m in store.search("corrected").articles] == [article.id]
    hits = {(h.where, h.claim_id) for m in store.search('"fall of 14%"').articles for h in m.hits}
    assert ("claim", claims["a fall of 12%"].id) in hits
    assert not store.search("council").articles  # the deleted paragraph; its orphan claim is not in the text


def test_undo_is_refused_once_the_revision_has_moved_on(store):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    added = mark(store, store.article(article.id), "A new paragraph")  # marked on revision 2
    with pytest.raises(StaleValue, match="marked on revision 2"):
        store.unrevise_article(article.id, plan.claims, revision=2)
    store.delete_claim(added.id)
    third = plan_revision(store, article.id, NEW + "\n\nA later addition.")
    apply_revision(store, third)
    with pytest.raises(StaleValue, match="revision 2 cannot be undone"):
        store.unrevise_article(article.id, plan.claims, revision=2)
    assert store.article(article.id).revision == 3
    store.unrevise_article(article.id, third.claims, revision=3)
    store.unrevise_article(article.id, plan.claims, revision=2)
    assert store.article(article.id).text == OLD


def test_a_placement_that_does_not_hold_its_quote_is_refused(store):
    article, claims, plan = revised(store)
    bad = [ClaimPlacement(p.claim_id, p.kind, p.anchor if p.anchor is None else make_anchor(OLD, 0, 9))
           for p in plan.claim_placements()]
    with pytest.raises(ValueError):
        store.revise_article(article.id, NEW, bad)
    assert store.article(article.id).revision == 1


def test_a_changed_wording_stays_to_review_until_the_text_reads_as_checked_again(store):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    claim_id = claims["a fall of 12%"].id
    apply_revision(store, plan_revision(store, article.id, "Foreword.\n\n" + NEW))  # found as it now reads
    claim = store.claim(claim_id)
    assert (claim.placement, claim.quote, claim.old_quote) == ("changed", "a fall of 14%", "a fall of 12%")
    apply_revision(store, plan_revision(store, article.id, NEW.replace("14%", "12%")))  # the checked wording back
    claim = store.claim(claim_id)
    assert (claim.placement, claim.quote, claim.old_quote, claim.needs_review) == ("moved", "a fall of 12%", "", False)


def test_words_selected_on_an_earlier_text_are_refused_and_a_claim_put_back_there_comes_back_orphaned(store):
    article, claims, plan = revised(store)
    deleted = store.delete_claim(claims["Taxes rose"].id)  # deleted on revision 1 …
    apply_revision(store, plan_revision(store, article.id, NEW))
    start = OLD.index("Police figures")  # … words selected on revision 1's text, after the revision
    with pytest.raises(StaleValue, match="now at revision 2"):
        store.add_claim(Claim(anchor=make_anchor(OLD, start, start + 14), article_id=article.id))
    back = store.restore_claim(deleted)  # its undo, after the revision: OLD's offsets hold other words now
    assert back.orphan and back.anchor == deleted.anchor
    start = NEW.index("Police figures")
    fresh = store.add_claim(Claim(anchor=make_anchor(NEW, start, start + 14), article_id=article.id))
    assert (fresh.placed_on, fresh.placement) == (2, "")


def test_a_claim_placed_again_since_the_plan_refuses_the_revision_and_attach_here_checks_what_it_saw(store):
    article, claims, plan = revised(store)
    apply_revision(store, plan)
    orphan = store.claim(claims["cut the budget by 5 million"].id)
    start = NEW.index("Taxes rose")
    attached = store.place_claim(orphan.id, make_anchor(NEW, start, start + 10), seen=orphan)
    with pytest.raises(StaleValue, match="placed again since"):  # a second Attach Here from a stale screen
        store.place_claim(orphan.id, make_anchor(NEW, start, start + 5), seen=orphan)
    later = plan_revision(store, article.id, NEW + "\n\nMore.")
    store.place_claim(orphan.id, orphan.anchor, "orphan", placed_on=1, seen=attached)  # undone meanwhile
    with pytest.raises(StaleValue):
        apply_revision(store, later)
    assert store.article(article.id).revision == 2
