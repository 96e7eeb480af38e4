"""The factcheck bundle, version 2: the desk's workflow travels with the article; version 1 still imports.

``fixtures/bundle_v1.json`` was written by factcheck before version 2 existed (the sample
library of ``test_bundle.py``, with a review page and a claimant's details).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bundle import comparable, counts, json_values
from workflow_samples import close_all, desk_library

from factcheck.core.claims import ClaimStatus
from factcheck.core.workflow import ArticleStage, Decision, Stage
from factcheck.io import BadInput, bundle
from factcheck.operations import export_bundle, import_bundle, render_export, report_for
from factcheck.store import SQLiteStore

V1_FIXTURE = Path(__file__).parent / "fixtures" / "bundle_v1.json"


@pytest.fixture
def desk(tmp_path):
    users, article_id, claim_ids = desk_library(tmp_path)
    dana = users["Dana Editor"]
    dana.set_article_stage(article_id, Stage.ASSIGNED, "Sam Ortiz", "2024-05-10")
    users["Kim Park"].propose(claim_ids[0], "True", "A draft of mine.", submit=False)
    yield users, article_id, claim_ids
    close_all(users)


@pytest.fixture
def v2(desk) -> dict:
    users, article_id, _ = desk
    return json.loads(export_bundle(users["Dana Editor"], article_id))


# ------------------------------------------------------------------ version 1 still imports


def test_a_version_1_bundle_made_before_version_2_still_imports_whole():
    data = V1_FIXTURE.read_bytes()
    assert json.loads(data)["version"] == 1
    library = SQLiteStore.in_memory(user="bob")
    result = import_bundle(library, data, "bundle_v1.json")
    assert (result.created, result.claims, result.workflow_left_out) == (True, 3, 0)
    article = library.article(result.article_id)
    assert (article.title, article.review_url) == ("Mayor says crime fell 40%", "https://check.example/mayor")
    assert library.claimant("Mayor").same_as == "https://www.wikidata.org/wiki/Q1"
    assert library.article_stage(result.article_id) == ArticleStage()
    assert all(not library.proposals(c.id) and not library.comments(c.id) for c in library.claims(result.article_id))
    again = export_bundle(library, result.article_id)
    assert comparable(again) == comparable(data.decode("utf-8"))  # still version 1: nothing of version 2 in it


def test_a_bundle_without_workflow_is_written_as_version_1():
    parsed = bundle.loads(V1_FIXTURE.read_bytes())
    assert parsed.version == 1 and parsed.workflow == () and parsed.stage == ArticleStage()
    data = bundle.bundle_to_dict(parsed.article, parsed.rating_scale, list(parsed.claims))
    assert data["version"] == 1 and "stage" not in data["article"] and "proposals" not in data["claims"][0]


def test_version_2_keys_in_a_version_1_bundle_are_ignored():
    data = json.loads(V1_FIXTURE.read_text("utf-8"))
    data["article"]["stage"] = "nonsense"
    data["claims"][0]["proposals"] = "not even a list"
    parsed = bundle.loads(json.dumps(data))
    assert parsed.workflow == () and parsed.stage == ArticleStage()


def test_an_unknown_version_is_refused_naming_the_ones_read():
    data = json.loads(V1_FIXTURE.read_text("utf-8"))
    data["version"] = 4
    with pytest.raises(BadInput, match=r"^x.json is a version 4 bundle; this factcheck reads versions 1, 2 and 3\."):
        bundle.loads(json.dumps(data), "x.json")


# ------------------------------------------------------------------ writing version 2


def test_version_2_carries_the_stage_and_each_claims_records(v2):
    assert v2["version"] == 2
    assert {k: v2["article"][k] for k in ("stage", "assignee", "due")} == {
        "stage": "assigned", "assignee": "Sam Ortiz", "due": "2024-05-10"}
    crime, budget, added = sorted(v2["claims"], key=lambda c: c["number"])
    assert [(p["reviewer"], p["verdict"], p["second_opinion"]) for p in crime["proposals"]] == [
        ("Sam Ortiz", "False", False), ("Lee Chan", "Mostly False", True)]  # Kim's draft stays Kim's
    assert all(p["created_at"] and p["submitted_at"] for p in crime["proposals"])
    assert [(r["reviewer"], r["requested_by"], r["note"]) for r in crime["opinion_requests"]] == [
        ("Lee Chan", "Dana Editor", "Rate it blind."), ("Kim Park", "Dana Editor", "Rate it blind.")]
    (approval,) = crime["decisions"]
    assert {k: approval[k] for k in ("action", "decided_by", "note", "proposal_by", "verdict")} == {
        "action": "approve", "decided_by": "Dana Editor", "note": "Police table checked.",
        "proposal_by": "Sam Ortiz", "verdict": "False"}
    assert [(c["author"], c["text"]) for c in crime["comments"]] == [
        ("Dana Editor", "Check the ward table first."), ("Sam Ortiz", "Done.\n\nThe ward table agrees.")]
    assert (budget["proposals"], budget["opinion_requests"], budget["decisions"], budget["comments"]) == (
        [], [], [], [])
    assert [(d["action"], d["proposal_by"], d["verdict"]) for d in added["decisions"]] == [("return", None, None)]


def test_the_export_dialogs_bundle_is_the_same_as_the_command_lines(desk, v2):
    users, article_id, _ = desk
    report = report_for(users["Dana Editor"], article_id, fmt="json")
    assert comparable(render_export(report, "json")) == comparable(json.dumps(v2))


def test_the_bundle_shows_a_blind_reviewer_no_one_elses_proposal(desk):
    users, article_id, (crime, _, _) = desk
    data = json.loads(export_bundle(users["Kim Park"], article_id))  # asked, and only a draft so far
    claim = next(c for c in data["claims"] if c["quote"] == "Crime fell 40% last year")
    assert claim["proposals"] == []
    assert claim["decisions"][0]["proposal_by"] is None  # names no proposal Kim cannot see
    assert claim["verdict"] is None and not claim["rationale"]  # nor the verdict itself
    assert all(d["verdict"] is None for d in claim["decisions"])


# ------------------------------------------------------------------ reading version 2


def test_loads_reads_every_record_as_written(desk, v2):
    users, _, (crime, _, _) = desk
    parsed = bundle.loads(json.dumps(v2), "desk.json")
    assert parsed.version == 2 and parsed.stage == ArticleStage(Stage.ASSIGNED, "Sam Ortiz", "2024-05-10")
    records = dict(zip((c.quote for c in parsed.claims), parsed.workflow, strict=True))["Crime fell 40% last year"]
    dana = users["Dana Editor"]
    stored = [p for p in dana.proposals(crime) if p.submitted]
    assert [(p.reviewer, p.verdict, p.rationale, p.second_opinion, p.created_at, p.submitted_at)
            for p in records.proposals] == [(p.reviewer, p.verdict, p.rationale, p.second_opinion, p.created_at,
                                             p.submitted_at) for p in stored]
    (decision,) = records.decisions
    assert decision.action is Decision.APPROVE and decision.proposal_id == records.proposals[0].id
    assert decision.decided_at == dana.decisions(crime)[0].decided_at
    assert [(c.author, c.text, c.written_at) for c in records.comments] == [
        (c.author, c.text, c.written_at) for c in dana.comments(crime)]
    assert [r.reviewer for r in records.requests] == ["Lee Chan", "Kim Park"]


def test_importing_version_2_restores_the_stage_and_every_record_as_it_was(desk, v2):
    users, _, (crime, _, _) = desk
    library = SQLiteStore.in_memory(user="Importer")
    result = import_bundle(library, json.dumps(v2).encode(), "desk.json")
    assert (result.claims, result.workflow_left_out, result.workflow_note) == (3, 0, "")
    assert library.article_stage(result.article_id) == ArticleStage(Stage.ASSIGNED, "Sam Ortiz", "2024-05-10")
    claims = {c.quote: c for c in library.claims(result.article_id)}
    imported = claims["Crime fell 40% last year"]
    assert (imported.status, imported.verdict) == (ClaimStatus.APPROVED, "False")  # the workflow's outcome
    dana = users["Dana Editor"]

    def seen(records):  # what a record says, its ids and claim aside
        return [{k: v for k, v in vars(r).items() if k not in ("id", "claim_id", "proposal_id")} for r in records]

    assert seen(library.proposals(imported.id)) == seen(p for p in dana.proposals(crime) if p.submitted)
    assert seen(library.opinion_requests(imported.id)) == seen(dana.opinion_requests(crime))
    assert seen(library.decisions(imported.id)) == seen(dana.decisions(crime))
    assert seen(library.comments(imported.id)) == seen(dana.comments(crime))
    (approval,) = library.decisions(imported.id)
    assert next(p for p in library.proposals(imported.id) if p.id == approval.proposal_id).reviewer == "Sam Ortiz"
    assert comparable(export_bundle(library, result.article_id)) == comparable(json.dumps(v2))  # the round trip
    assert {r["changed_by"] for r in library.history(result.article_id)} == {"Importer"}  # none in others' names


def claim_one(data: dict) -> dict:
    return next(c for c in data["claims"] if c["quote"] == "Crime fell 40% last year")


def change(path: str, value):
    def apply(data: dict) -> None:
        keys = path.split(".")
        node = claim_one(data) if keys[0] == "claim" else data
        for key in keys[1:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        last = keys[-1]
        node[int(last) if last.isdigit() else last] = value
    return apply


BAD = [
    pytest.param(change("x.article.stage", "done"), "article: stage must be", id="stage"),
    pytest.param(change("x.article.assignee", None), "an assigned article names its", id="assigned-to-no-one"),
    pytest.param(change("x.article.due", "next week"), "\"due\" is not an ISO 8601 date", id="due"),
    pytest.param(change("claim.proposals", {}), "\"proposals\" must be a list", id="proposals"),
    pytest.param(change("claim.proposals.0", "Sam"), "proposal 1 must be an object", id="proposal"),
    pytest.param(change("claim.proposals.0.reviewer", " "), "proposal 1: \"reviewer\" is empty", id="reviewer"),
    pytest.param(change("claim.proposals.1.reviewer", "Sam Ortiz"), "listed twice", id="two-of-one-reviewer"),
    pytest.param(change("claim.proposals.0.second_opinion", "yes"), "must be true or false", id="second-opinion"),
    pytest.param(change("claim.proposals.0.submitted_at", "Monday"), "not an ISO 8601 date", id="submitted-at"),
    pytest.param(change("claim.opinion_requests.0.requested_by", None), "\"requested_by\" is missing",
                 id="requested-by"),
    pytest.param(change("claim.decisions.0.action", "veto"), "action must be approve, return or reopen",
                 id="action"),
    pytest.param(change("claim.decisions.0.proposal_by", "Nobody"), "which the claim does not list",
                 id="proposal-by"),
    pytest.param(change("claim.comments.1.text", "  "), "comment 2: \"text\" is empty", id="comment"),
    pytest.param(change("claim.comments.0.author", 7), "\"author\" must be text", id="author"),
]


@pytest.mark.parametrize(("damage", "message"), BAD)
def test_a_bad_version_2_record_is_refused_by_claim_and_nothing_is_imported(v2, damage, message):
    data = copy.deepcopy(v2)
    damage(data)
    library = SQLiteStore.in_memory()
    before = counts(library)
    with pytest.raises(BadInput, match=r"^desk\.json") as caught:
        import_bundle(library, json.dumps(data).encode(), "desk.json")
    assert message in str(caught.value)
    if not message.startswith(("article", "an assigned", "\"due\"")):
        assert f"claim {data['claims'].index(claim_one(data)) + 1}" in str(caught.value)
    assert counts(library) == before


WORKFLOW_PATHS = ["article.stage", "article.assignee", "article.due", "proposals", "proposals.0",
                  "proposals.0.reviewer", "proposals.0.verdict", "proposals.0.second_opinion",
                  "proposals.0.created_at", "opinion_requests", "opinion_requests.0.reviewer", "decisions",
                  "decisions.0", "decisions.0.action", "decisions.0.proposal_by", "decisions.0.rationale",
                  "comments", "comments.0", "comments.0.text", "comments.0.written_at"]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(WORKFLOW_PATHS), json_values), min_size=1, max_size=3))
def test_a_damaged_version_2_bundle_imports_or_raises_bad_input_leaving_the_library_alone(v2, changes):
    data = copy.deepcopy(v2)
    for path, value in changes:
        try:
            change(path if path.startswith("article") else f"claim.{path}", value)(data)
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
        bundle.loads(export_bundle(library, result.article_id), "again.json")
