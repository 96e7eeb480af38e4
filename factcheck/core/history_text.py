"""A library's history rows as a reader says them: "Sam changed the verdict from Mixed to False".

The history panel and the command line show them newest first. A row is a plain mapping
as :meth:`~factcheck.store.protocol.Store.history` returns it (``changed_by``,
``changed_at``, ``entity``, ``action``, ``field``, ``old_value``, ``new_value``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping

from factcheck.core.claims import ClaimStatus

_FIELDS = {
    "claimant": "claimant", "claim_date": "claim date", "verdict": "verdict", "rationale": "rationale",
    "status": "status", "reviewer": "reviewer", "title": "headline", "outlet": "outlet", "author": "byline",
    "url": "address", "published": "publication date", "rating_scale": "rating scale",
    "review_url": "fact-check page", "publisher": "publisher", "date": "date", "excerpt": "excerpt",
    "stance": "stance", "kind": "kind", "same_as": "link", "start": "position", "end": "end",
    "quote": "quote", "prefix": "text before", "suffix": "text after", "stage": "stage", "assignee": "assignee",
    "due": "due date",
}
_STAGES = {"unassigned": "Unassigned", "assigned": "Assigned", "in_review": "In review", "published": "Published"}
_LONG = 60  # longer values are shortened: the panel shows the whole in a tooltip


def shown_value(field: str | None, value: str | None) -> str:
    """A value as the sentence shows it: "empty" for nothing, a status by its label, long text shortened."""
    if value in (None, ""):
        return "empty"
    if field == "status":
        try:
            return ClaimStatus(value).label
        except ValueError:
            return value
    if field == "stage":
        return _STAGES.get(value, value)
    text = " ".join(str(value).split())
    return f"“{text[:_LONG - 1]}…”" if len(text) > _LONG else f"“{text}”"


def workflow_rows(proposals=(), decisions=()) -> list[dict]:
    """The desk's acts on claims as history rows: each submitted proposal, each decision with its note.

    The Store's history records changes of fields; a proposal is kept as its author's latest,
    a decision in its own record. Read through the Store (which keeps a blind reviewer's
    view blind), they join the fields' changes in one timeline.
    """
    rows = [{"changed_by": p.reviewer, "changed_at": p.submitted_at, "entity": "proposal", "action": "propose",
             "field": "verdict", "new_value": p.verdict, "note": p.rationale, "claim_id": p.claim_id,
             "second_opinion": p.second_opinion}
            for p in proposals if p.submitted]
    rows += [{"changed_by": d.decided_by, "changed_at": d.decided_at, "entity": "decision", "action": str(d.action),
              "field": "verdict" if d.verdict else None, "new_value": d.verdict, "note": d.note, "claim_id": d.claim_id}
             for d in decisions]
    return rows


def describe(row: Mapping) -> str:
    """One history row as a sentence, naming who did it (or "Someone" for an unnamed change)."""
    who = row.get("changed_by") or "Someone"
    entity, action, field = row.get("entity"), row.get("action"), row.get("field")
    old, new = row.get("old_value"), row.get("new_value")
    if entity == "proposal":
        kind = "as a second opinion " if row.get("second_opinion") else ""
        return f"{who} proposed {shown_value(field, new)} {kind}".rstrip()
    if entity == "decision":
        verb = {"approve": "approved the claim", "return": "returned the claim", "reopen": "reopened the claim"}
        verdict = f" as {shown_value(field, new)}" if action == "approve" and new else ""
        return f"{who} {verb.get(action, action)}{verdict}: {shown_value(None, row.get('note'))}"
    label = _FIELDS.get(field or "", (field or "").replace("_", " "))
    thing = {"claim": "the claim", "source": "a source", "article": "the article"}.get(entity, entity or "it")
    if entity == "claimant":
        return f"{who} changed the {label} of the claimant {row.get('claimant') or ''} from {shown_value(field, old)}" \
               f" to {shown_value(field, new)}"
    if action == "create":
        if field in ("restored", "pushed"):
            return f"{who} {'put back' if field == 'restored' else 'brought in'} the article {shown_value(None, new)}"
        noun = {"claim": "marked the claim", "source": "added the source", "article": "imported the article"}
        return f"{who} {noun.get(entity, 'created ' + thing)} {shown_value(None, new)}"
    if action == "delete":
        noun = {"claim": "removed the claim", "source": "removed the source", "article": "deleted the article"}
        return f"{who} {noun.get(entity, 'deleted ' + thing)} {shown_value(None, old)}"
    if action in ("archive", "unarchive"):
        return f"{who} {'archived' if action == 'archive' else 'brought back'} the article"
    if field == "revision" and str(old).isdigit() and str(new).isdigit():
        return (f"{who} brought revision {new} of the article" if int(new) > int(old)
                else f"{who} undid revision {old} of the article")
    if field == "text" and entity == "article":
        return f"{who} changed the article's text"
    if field == "placement":
        placed = {"exact": "found the claim in place on a new revision", "moved": "found the claim moved",
                  "changed": "found the claim's wording changed", "orphan": "could not find the claim any more",
                  "": "set where the claim stands in the text"}
        return f"{who} {placed.get(new or '', 'placed the claim')}"
    where = " of a source" if entity == "source" else ""
    if old in (None, ""):
        return f"{who} set the {label}{where} to {shown_value(field, new)}"
    if new in (None, ""):
        return f"{who} cleared the {label}{where} (was {shown_value(field, old)})"
    return f"{who} changed the {label}{where} from {shown_value(field, old)} to {shown_value(field, new)}"


def newest_first(rows: list[Mapping], claim_id: int | None = None) -> list[Mapping]:
    """The rows (of one claim, with its sources, when ``claim_id`` is given), newest first."""
    chosen = [r for r in rows if claim_id is None or r.get("claim_id") == claim_id]
    return sorted(chosen, key=lambda r: (r.get("changed_at") or "", r.get("id") or 0), reverse=True)
