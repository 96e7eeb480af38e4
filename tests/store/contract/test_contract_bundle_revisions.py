"""A revised article through a version 3 bundle, on every engine: out of one library and into another,
its earlier texts, its revision and each claim's placement arrive as they were (Store.add_revisions)."""

from __future__ import annotations

import json

from contract_samples import add_article, mark

from factcheck.core.revisions import RevisionText
from factcheck.operations import export_bundle, import_bundle
from factcheck.operations_revisions import apply_revision, plan_revision

OLD = ("The mayor said crime fell 40% last year 🏛️.\n\n"
       "Police figures show a fall of 12%.\n\n"
       "The council voted to cut the budget by 5 million.")
NEW = "A new paragraph 📰 opens the story.\n\nThe mayor said crime fell 40% last year 🏛️.\n\nPolice figures show a fall of 14%."


def test_a_revised_article_travels_whole_in_a_bundle(libraries):
    source = libraries.open(user="alice")
    article = add_article(source, text=OLD, url="https://news.example/crime")
    for phrase in ("crime fell 40% last year", "a fall of 12%", "cut the budget by 5 million"):
        mark(source, article, phrase)
    apply_revision(source, plan_revision(source, article.id, NEW, origin="https://news.example/crime"))
    data = export_bundle(source, article.id)
    assert json.loads(data)["version"] == 3

    target = libraries.open(user="bob")
    arrived = import_bundle(target, data.encode(), "crime.json").article_id
    assert (target.article(arrived).text, target.article(arrived).revision) == (NEW, 2)
    assert target.revision_text(arrived, 1) == OLD
    assert [(r.number, r.created_at, r.created_by, r.origin) for r in target.revisions(arrived)] == [
        (r.number, r.created_at, r.created_by, r.origin) for r in source.revisions(article.id)]
    assert sorted((c.number, c.anchor, c.placement, c.old_quote, c.placed_on) for c in target.claims(arrived)) == \
        sorted((c.number, c.anchor, c.placement, c.old_quote, c.placed_on) for c in source.claims(article.id))
    assert json.loads(export_bundle(target, arrived))["claims"] == json.loads(data)["claims"]


def test_add_revisions_keeps_the_earlier_texts_as_they_were_made(store, notices):
    article = add_article(store, text=NEW)
    revised = store.add_article(article.with_(id=None, revision=3, revised_at="2026-03-01T10:00:00+00:00",
                                              text=NEW + "\n\nA third paragraph."))
    store.add_revisions(revised.id, [RevisionText(1, OLD, "2026-01-01T10:00:00+00:00", "Kim Park", "a.html"),
                                     RevisionText(2, NEW, "2026-02-01T10:00:00+00:00", "", ""),
                                     RevisionText(3, "", "2026-03-01T10:00:00+00:00", "Lee Chan", "c.html")])
    assert [(r.number, r.created_at, r.created_by, r.origin, r.current) for r in store.revisions(revised.id)] == [
        (1, "2026-01-01T10:00:00+00:00", "Kim Park", "a.html", False),
        (2, "2026-02-01T10:00:00+00:00", "", "", False),
        (3, "2026-03-01T10:00:00+00:00", "Lee Chan", "c.html", True)]
    assert [store.revision_text(revised.id, n) for n in (1, 2)] == [OLD, NEW]
    assert revised.id in notices[-1].articles


def test_an_orphan_keeps_the_wording_it_was_checked_on_through_a_bundle(libraries):
    source = libraries.open(user="alice")
    article = add_article(source, text=OLD)
    claim = mark(source, article, "a fall of 12%")
    apply_revision(source, plan_revision(source, article.id, NEW))  # changed: checked on "12%"
    apply_revision(source, plan_revision(source, article.id, NEW.replace("\n\nPolice figures show a fall of 14%.", "")))
    assert (source.claim(claim.id).placement, source.claim(claim.id).old_quote) == ("orphan", "a fall of 12%")
    target = libraries.open(user="bob")
    arrived = import_bundle(target, export_bundle(source, article.id).encode(), "crime.json").article_id
    (orphan,) = target.claims(arrived)
    assert (orphan.placement, orphan.quote, orphan.old_quote) == ("orphan", "a fall of 14%", "a fall of 12%")
