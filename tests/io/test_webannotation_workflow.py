"""W3C Web Annotation export of the desk's workflow: proposals, decisions and comments about each claim.

Each is an annotation whose target is the claim annotation's id (the W3C model lets an
annotation target another annotation): ``assessing`` for a proposal, ``moderating`` for
an editor's decision, ``commenting`` for a comment (only when comments are asked for).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from workflow_samples import APPROVED_AT, chained_report, close_all, desk_library, first

from factcheck.core.report import ReportOptions
from factcheck.io.webannotation import CONTEXT, render_webannotation
from factcheck.operations import render_export, report_for

URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def annotations(report) -> tuple[dict, list[dict]]:
    data = json.loads(render_webannotation(report))
    return data, data["first"]["items"]


def about(items: list[dict], claim_annotation: dict) -> list[dict]:
    return [item for item in items if item.get("target") == claim_annotation["id"]]


def bodies(annotation: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for body in annotation.get("body", []):
        found.setdefault(body["purpose"], []).append(body.get("value") or body.get("source"))
    return found


def claim_annotation(items: list[dict], quote: str) -> dict:
    return next(item for item in items if isinstance(item["target"], dict)
                and item["target"]["selector"][0]["exact"] == quote)


def test_proposals_and_the_approval_reply_to_the_claims_annotation():
    report = chained_report(ReportOptions())
    data, items = annotations(report)
    crime = claim_annotation(items, "Crime fell 40% last year")
    replies = about(items, crime)
    assert items[items.index(crime) + 1: items.index(crime) + 1 + len(replies)] == replies  # right after it
    assert data["total"] == len(items) == len(report.claims) + len(replies)
    assert [(r["motivation"], r["creator"]["name"]) for r in replies] == [
        ("assessing", "Sam Ortiz"), ("assessing", "Lee Chan"), ("moderating", "Dana Editor")]
    sam, lee, approval = replies
    assert bodies(sam) == {"assessing": ["False"], "describing": ["Police data show 12%."], "tagging": ["Proposal"]}
    assert bodies(lee)["tagging"] == ["Second opinion"] and bodies(lee)["assessing"] == ["Mostly False"]
    assert bodies(approval) == {"tagging": ["Approved"], "assessing": ["False"], "linking": [sam["id"]],
                                "commenting": ["Police table checked."]}
    assert approval["created"] == "2024-05-07T09:15:00Z" and APPROVED_AT.startswith("2024-05-07T09:15")
    for reply in replies:
        assert reply["type"] == "Annotation" and URN_UUID.match(reply["id"])
        assert UTC_STAMP.match(reply["created"])
        for body in reply["body"]:
            assert body["type"] in ("TextualBody", "SpecificResource")
            if body["type"] == "TextualBody":
                assert body["format"] == "text/plain" and body["value"].strip()
    assert data["@context"] == CONTEXT
    assert len({item["id"] for item in items}) == len(items)


def test_comments_are_exported_only_when_asked():
    _, items = annotations(chained_report(ReportOptions()))
    assert not [item for item in items if item["motivation"] == "commenting"]
    _, items = annotations(chained_report(ReportOptions(include_comments=True)))
    crime = claim_annotation(items, "Crime fell 40% last year")
    comments = [item for item in about(items, crime) if item["motivation"] == "commenting"]
    assert [(c["creator"]["name"], bodies(c)["commenting"]) for c in comments] == [
        ("Dana Editor", ["Check the ward table first."]), ("Sam Ortiz", ["Done.\n\nThe ward table agrees."])]
    assert [c["created"] for c in comments] == ["2024-05-06T10:00:00Z", "2024-05-06T11:00:00Z"]


def test_the_published_collection_names_who_assessed_but_not_what_they_thought():
    _, items = annotations(chained_report(ReportOptions(approved_only=True)))
    crime = claim_annotation(items, "Crime fell 40% last year")
    replies = about(items, crime)
    assert [(r["motivation"], r["creator"]["name"]) for r in replies] == [
        ("assessing", "Sam Ortiz"), ("assessing", "Lee Chan"), ("moderating", "Dana Editor")]
    assert [bodies(r) for r in replies[:2]] == [{"tagging": ["Proposal"]}, {"tagging": ["Second opinion"]}]
    assert bodies(replies[2]) == {"tagging": ["Approved"], "assessing": ["False"], "linking": [replies[0]["id"]]}
    assert "Mostly False" not in json.dumps(replies) and "Police table checked" not in json.dumps(replies)


def test_ids_are_stable_and_a_claim_without_workflow_exports_as_before():
    once = annotations(chained_report(ReportOptions()))[1]
    again = annotations(chained_report(ReportOptions()))[1]
    assert [i["id"] for i in once] == [i["id"] for i in again]
    report = chained_report(ReportOptions(), workflow=None)
    data, items = annotations(report)
    assert len(items) == len(report.claims) and all(isinstance(i["target"], dict) for i in items)
    assert first(report).workflow.count == 0


def test_through_the_store_returns_and_the_approval_are_moderating_annotations(tmp_path):
    users, article_id, _ = desk_library(tmp_path)
    try:
        report = report_for(users["Dana Editor"], article_id, ReportOptions(include_comments=True),
                            fmt="webannotation")
        items = json.loads(render_export(report, "webannotation"))["first"]["items"]
        added = claim_annotation(items, "she added")
        assert [(r["motivation"], bodies(r)["tagging"]) for r in about(items, added)] == [
            ("assessing", ["Proposal"]), ("moderating", ["Returned"])]
        assert bodies(about(items, added)[1])["commenting"] == ["Not a checkable claim."]
        assert about(items, claim_annotation(items, "The budget is balanced")) == []
        crime = about(items, claim_annotation(items, "Crime fell 40% last year"))
        assert [r["motivation"] for r in crime] == ["assessing", "assessing", "moderating", "commenting",
                                                    "commenting"]
        # A returned claim is the desk's business: the published collection lists approved claims only.
        published = report_for(users["Dana Editor"], article_id, replace(ReportOptions(), approved_only=True))
        assert "she added" not in render_export(published, "webannotation")
    finally:
        close_all(users)
