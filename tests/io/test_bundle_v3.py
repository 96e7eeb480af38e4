"""The factcheck bundle, version 3: an article's revisions and how each claim was placed travel with it;
an orphan has no position; versions 1 and 2 (fixtures written before version 3 existed) still import.

``fixtures/bundle_v2.json`` was written by factcheck at commit 014ea1e, before version 3 existed
(the desk of ``test_bundle_v2.py``: a stage, proposals, a second opinion, a decision, comments).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bundle import comparable, counts, json_values

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, Source
from factcheck.core.workflow import ArticleStage, Stage
from factcheck.io import BadInput, bundle
from factcheck.operations import export_bundle, import_bundle, render_export, report_for
from factcheck.operations_revisions import apply_revision, plan_revision
from factcheck.store import SQLiteStore

FIXTURES = Path(__file__).parent / "fixtures"

FIRST = ("The mayor said crime fell 40% last year.\n\n"
         "Police figures show a fall of 12%.\n\n"
         "The council voted to cut the budget by 5 million.\n\n"
         "Taxes rose, the mayor said.")
SECOND = ("A new paragraph opens the corrected story.\n\n" + FIRST.replace("12%", "14%"))
THIRD = SECOND.replace("The council voted to cut the budget by 5 million.\n\n", "").replace("14%", "15%")


def claim(text: str, phrase: str, **fields) -> Claim:
    start = text.index(phrase)
    return Claim(anchor=make_anchor(text, start, start + len(phrase)), **fields)


def revised_library(user: str = "Sam Field") -> tuple[SQLiteStore, int]:
    """An article at revision 3: one claim moved, one whose wording changed, one orphaned, one in place."""
    library = SQLiteStore.in_memory(user=user)
    article = library.add_article(Article("Mayor on crime", FIRST, url="https://news.example/crime",
                                          rating_scale="politifact"))
    for phrase, fields in [("crime fell 40% last year", {}),
                           ("a fall of 12%", {"verdict": "False", "rationale": "The table says 12%."}),
                           ("cut the budget by 5 million", {"verdict": "True", "sources": (
                               Source(url="https://council.example/minutes", title="Minutes"),)}),
                           ("Taxes rose", {})]:
        library.add_claim(claim(FIRST, phrase, article_id=article.id, **fields))
    apply_revision(library, plan_revision(library, article.id, SECOND, origin="https://news.example/crime"))
    library.user = "Lee Chan"
    apply_revision(library, plan_revision(library, article.id, THIRD, origin="crime-corrected.html"))
    return library, article.id


@pytest.fixture
def revised():
    library, article_id = revised_library()
    yield library, article_id
    library.close()


@pytest.fixture
def v3(revised) -> dict:
    library, article_id = revised
    return json.loads(export_bundle(library, article_id))


def by_quote(data: dict) -> dict[str, dict]:
    return {c["quote"]: c for c in data["claims"]}


# ------------------------------------------------------------------ writing version 3


def test_version_3_carries_the_revisions_and_each_claims_placement(v3, revised):
    library, article_id = revised
    assert v3["version"] == 3
    article = v3["article"]
    assert (article["text"], article["revision"]) == (THIRD, 3) and article["revised_at"]
    assert (article["revised_by"], article["revision_origin"]) == ("Lee Chan", "crime-corrected.html")
    assert [(r["number"], r["text"], r["origin"]) for r in article["revisions"]] == [
        (1, FIRST, "https://news.example/crime"), (2, SECOND, "https://news.example/crime")]
    assert [r["created_at"] for r in article["revisions"]] == [r.created_at for r in library.revisions(article_id)[:2]]
    assert article["revisions"][1]["created_by"] == "Sam Field"
    assert article["stage"] == "unassigned" and v3["claims"][0]["proposals"] == []  # version 2's keys too
    claims = by_quote(v3)
    changed = claims["a fall of 15%"]  # changed twice: the wording it was checked on is the first
    assert (changed["placement"], changed["old_quote"], changed["placed_on"]) == ("changed", "a fall of 12%", 3)
    assert claims["Taxes rose"]["placement"] in ("exact", "moved") and claims["Taxes rose"]["old_quote"] is None
    orphan = claims["cut the budget by 5 million"]
    assert (orphan["placement"], orphan["start"], orphan["end"], orphan["placed_on"]) == ("orphan", None, None, 2)
    assert (orphan["prefix"], orphan["verdict"], [s["url"] for s in orphan["sources"]]) == (
        "l of 14%.\n\nThe council voted to ", "True", ["https://council.example/minutes"])  # on revision 2
    assert v3["claims"][-1] is orphan  # listed after the claims placed in the text
    for item in v3["claims"][:-1]:
        assert THIRD[item["start"]:item["end"]] == item["quote"]


def test_the_export_dialogs_bundle_is_the_same_as_the_command_lines(revised, v3):
    library, article_id = revised
    assert comparable(render_export(report_for(library, article_id, fmt="json"), "json")) == comparable(json.dumps(v3))


def test_an_article_never_revised_is_still_written_as_version_1():
    library = SQLiteStore.in_memory(user="Sam Field")
    article = library.add_article(Article("Mayor on crime", FIRST, rating_scale="politifact"))
    library.add_claim(claim(FIRST, "Taxes rose", article_id=article.id))
    data = json.loads(export_bundle(library, article.id))
    assert data["version"] == 1 and "revision" not in data["article"] and "placement" not in data["claims"][0]


# ------------------------------------------------------------------ reading and importing version 3


def test_importing_version_3_restores_the_revisions_and_placements_and_exports_the_same(revised, v3):
    library, article_id = revised
    other = SQLiteStore.in_memory(user="Importer")
    result = import_bundle(other, json.dumps(v3).encode(), "crime.json")
    assert (result.created, result.claims) == (True, 4)
    here = other.article(result.article_id)
    there = library.article(article_id)
    assert (here.text, here.revision, here.revised_at) == (there.text, 3, there.revised_at)
    assert [(r.number, r.created_at, r.created_by, r.origin, r.text_sha256) for r in other.revisions(here.id)] == [
        (r.number, r.created_at, r.created_by, r.origin, r.text_sha256) for r in library.revisions(article_id)]
    assert [other.revision_text(here.id, n) for n in (1, 2, 3)] == [FIRST, SECOND, THIRD]

    def placed(store, article) -> list[tuple]:
        return sorted((c.number, c.anchor, c.placement, c.old_quote, c.placed_on, c.verdict)
                      for c in store.claims(article))

    assert placed(other, here.id) == placed(library, article_id)  # the orphan's anchor too, on revision 2's text
    assert comparable(export_bundle(other, here.id)) == comparable(json.dumps(v3))  # the round trip


def test_an_orphan_whose_text_the_bundle_lacks_still_imports_with_its_quote(v3):
    data = copy.deepcopy(v3)
    orphan = by_quote(data)["cut the budget by 5 million"]
    orphan["quote"] = "a passage none of the texts holds"
    parsed = bundle.loads(json.dumps(data))
    (lost,) = [c for c in parsed.claims if c.orphan]
    assert (lost.quote, lost.verdict, lost.placed_on) == ("a passage none of the texts holds", "True", 2)


def bad(path: str, value):
    def change(data: dict) -> None:
        keys = path.split(".")
        node = by_quote(data)[keys[1]] if keys[0] == "claim" else data[keys[0]]
        for key in keys[2 if keys[0] == "claim" else 1:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return change


BAD = [
    pytest.param(bad("article.revision", 0), "\"revision\" must be a whole number from 1", id="revision"),
    pytest.param(bad("article.revision", "3"), "\"revision\" must be a whole number from 1", id="revision-text"),
    pytest.param(bad("article.revisions.1.number", 1), "revision 1 is listed twice", id="twice"),
    pytest.param(bad("article.revisions", []), "revision 1 is missing", id="missing"),
    pytest.param(bad("article.revisions.0.number", 3), "\"number\" must be a whole number from 1 to 2", id="number"),
    pytest.param(bad("article.revisions.0.text", " "), "revision 1: \"text\" is empty", id="empty-text"),
    pytest.param(bad("article.revisions.0.created_at", "Tuesday"), "not an ISO 8601 date", id="created-at"),
    pytest.param(bad("claim.Taxes rose.placement", "lost"), "\"placement\" must be exact, moved, changed, orphan",
                 id="placement"),
    pytest.param(bad("claim.Taxes rose.placed_on", 4), "\"placed_on\" must be a revision of the article, 1 to 3",
                 id="placed-on"),
    pytest.param(bad("claim.Taxes rose.start", None), "\"start\" and \"end\" must be whole numbers", id="no-start"),
    pytest.param(bad("claim.cut the budget by 5 million.start", "x"), "must be whole numbers or null",
                 id="orphan-start"),
    pytest.param(bad("claim.cut the budget by 5 million.quote", "  "), "\"quote\" is empty", id="orphan-quote"),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_a_bad_version_3_bundle_is_refused_naming_the_problem_and_nothing_is_imported(v3, change, message):
    data = copy.deepcopy(v3)
    change(data)
    library = SQLiteStore.in_memory(user="Importer")
    before = counts(library)
    with pytest.raises(BadInput, match="^crime.json: ") as caught:
        import_bundle(library, json.dumps(data).encode(), "crime.json")
    assert message in str(caught.value)
    assert counts(library) == before


def test_version_3_keys_in_a_version_2_bundle_are_ignored(v3):
    data = copy.deepcopy(v3)
    data["version"] = 2
    del data["article"]["revisions"]
    data["claims"] = [c for c in data["claims"] if c["start"] is not None]
    for item in data["claims"]:
        item["placement"] = "nonsense"
    parsed = bundle.loads(json.dumps(data))
    assert parsed.article.revision == 1 and parsed.revisions == ()
    assert all((c.placement, c.old_quote, c.placed_on) == ("", "", 1) for c in parsed.claims)


# ------------------------------------------------------------------ the old versions still import


def test_a_version_2_bundle_written_before_version_3_still_imports_whole():
    data = (FIXTURES / "bundle_v2.json").read_bytes()
    assert json.loads(data)["version"] == 2
    library = SQLiteStore.in_memory(user="Importer")
    result = import_bundle(library, data, "bundle_v2.json")
    assert (result.claims, result.workflow_left_out) == (3, 0)
    assert library.article_stage(result.article_id) == ArticleStage(Stage.ASSIGNED, "Sam Ortiz", "2024-05-10")
    article = library.article(result.article_id)
    assert (article.revision, len(library.revisions(article.id))) == (1, 1)
    claims = {c.quote: c for c in library.claims(article.id)}
    assert [r.reviewer for r in library.proposals(claims["Crime fell 40% last year"].id)] == ["Sam Ortiz", "Lee Chan"]
    assert all((c.placement, c.placed_on) == ("", 1) for c in claims.values())
    assert comparable(export_bundle(library, article.id)) == comparable(data.decode("utf-8"))  # still version 2


def test_a_version_1_bundle_still_imports_and_is_written_as_version_1():
    data = (FIXTURES / "bundle_v1.json").read_bytes()
    library = SQLiteStore.in_memory(user="Importer")
    result = import_bundle(library, data, "bundle_v1.json")
    assert result.claims == 3 and library.article(result.article_id).revision == 1
    assert comparable(export_bundle(library, result.article_id)) == comparable(data.decode("utf-8"))


# ------------------------------------------------------------------ damaged version 3 bundles

BASE_V3 = {
    "format": "factcheck-bundle", "version": 3,
    "article": {"title": "T", "text": "Crime fell 40% last year.", "revision": 2, "revised_at": "2026-01-02",
                "revised_by": "Lee", "revision_origin": "b.html",
                "revisions": [{"number": 1, "text": "Crime fell 30% last year. Taxes rose.", "created_at": "2026-01-01",
                               "created_by": "Sam", "origin": "a.html"}]},
    "rating_scale": {"key": "k", "name": "K", "verdicts": [{"label": "True", "color": "#00ff00", "value": 1}]},
    "claims": [{"start": 0, "end": 14, "quote": "Crime fell 40%", "placement": "changed",
                "old_quote": "Crime fell 30%", "placed_on": 2},
               {"start": None, "end": None, "quote": "Taxes rose", "prefix": "last year. ", "placement": "orphan",
                "placed_on": 1, "verdict": "True"}],
}

PATHS_V3 = [
    ("article", "revision"), ("article", "revised_at"), ("article", "revised_by"), ("article", "revision_origin"),
    ("article", "revisions"), ("article", "revisions", 0), ("article", "revisions", 0, "number"),
    ("article", "revisions", 0, "text"), ("article", "revisions", 0, "created_at"),
    ("claims", 0, "placement"), ("claims", 0, "old_quote"), ("claims", 0, "placed_on"), ("claims", 0, "start"),
    ("claims", 1, "placement"), ("claims", 1, "start"), ("claims", 1, "end"), ("claims", 1, "quote"),
    ("claims", 1, "prefix"), ("claims", 1, "placed_on"),
]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS_V3), json_values), min_size=1, max_size=3))
def test_importing_a_damaged_version_3_bundle_either_works_or_raises_bad_input_leaving_the_library_alone(changes):
    data = copy.deepcopy(BASE_V3)
    for path, value in changes:
        node = data
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    library = SQLiteStore.in_memory()
    before = counts(library)
    try:
        result = import_bundle(library, json.dumps(data).encode("utf-8"), "damaged.json")
    except BadInput as error:
        assert str(error).startswith("damaged.json")
        assert counts(library) == before
    else:
        article = library.article(result.article_id)
        assert [r.number for r in library.revisions(article.id)] == list(range(1, article.revision + 1))
        for claim in library.claims(article.id):  # a claim placed in the text stands on its quote
            assert claim.orphan or article.text[claim.start:claim.end] == claim.quote
        bundle.loads(export_bundle(library, result.article_id), "again.json")  # and reads back


def test_the_undamaged_version_3_sample_imports():
    library = SQLiteStore.in_memory()
    result = import_bundle(library, json.dumps(BASE_V3).encode(), "sample.json")
    orphan = next(c for c in library.claims(result.article_id) if c.orphan)
    assert (orphan.start, orphan.end, orphan.placed_on) == (26, 36, 1)  # found again on revision 1's text
