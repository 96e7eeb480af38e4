"""The desk's workflow as every engine stores it: proposals, second opinions, decisions, comments, stages.

A part of each engine's store (see :mod:`factcheck.store.article_records` for what the
mixins ask of their engine); the rules are :mod:`factcheck.core.workflow`'s. On a shared
library the server enforces them too (who may decide, a proposal's blindness: see
:mod:`factcheck.store.postgres_schema`); on a local library they hold for the reviewer
names in use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.core.claims import ClaimStatus
from factcheck.store.timestamps import now

if TYPE_CHECKING:
    from factcheck.core.claims import Claim
    from factcheck.core.report import ClaimWorkflow
    from factcheck.core.workflow import ArticleStage, ClaimDecision, Comment, Decision, OpinionRequest, Proposal, Stage

# factcheck.core.workflow (some 3 ms of enum classes) is imported by the methods that use it:
# a window's first paint needs none of it.

_PROPOSAL = "id, claim_id, reviewer, verdict, rationale, second_opinion, created_at, submitted_at"


def _proposal(row) -> Proposal:
    from factcheck.core.workflow import Proposal

    id_, claim_id, reviewer, verdict, rationale, second, created, submitted = row
    return Proposal(claim_id, reviewer, verdict, rationale, bool(second), created, submitted, id_)


class WorkflowRecords:
    # ------------------------------------------------------------ proposals

    def propose(self, claim_id: int, verdict: str | None, rationale: str = "", *, submit: bool = True) -> Proposal:
        """This reviewer's proposal for the claim (replacing their earlier one); a draft unless ``submit``.

        A reviewer asked for a second opinion makes it blind: it counts as theirs, apart
        from the proposals they could not see. The proposal an approval took stays as it was
        while the claim is approved (:class:`WorkflowError`).
        """
        from factcheck.core.workflow import WorkflowError

        claim = self.claim(claim_id)
        own = self.own_proposal(claim_id)
        if claim.status == ClaimStatus.APPROVED and own is not None and self.conn.execute(
                "SELECT 1 FROM decisions WHERE claim_id = ? AND proposal_id = ? AND action = 'approve'",
                [claim_id, own.id]).fetchone():  # what was signed off stays as it was proposed
            raise WorkflowError(f"Claim {claim.number} was approved on your proposal: it stays as signed off. A new "
                                "one waits until an editor reopens the claim (Review ▸ Reopen…, with a note).")
        article_id = claim.article_id
        stamp = now()
        second = claim_id in self.blind_claims()
        with self._edit():
            self.conn.execute(
                "INSERT INTO proposals (id, claim_id, reviewer, verdict, rationale, second_opinion, created_at,"
                " submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id, reviewer) DO UPDATE SET"
                " verdict = excluded.verdict, rationale = excluded.rationale, submitted_at = excluded.submitted_at,"
                " second_opinion = CASE WHEN proposals.second_opinion = 1 THEN 1 ELSE excluded.second_opinion END",
                [self._new_id("proposals"), claim_id, self.user, verdict, rationale, int(second), stamp,
                 stamp if submit else None])
            self._changed(articles=[article_id], claims=[claim_id])
        return self.own_proposal(claim_id)

    def withdraw_proposal(self, claim_id: int) -> Proposal | None:
        """Take this reviewer's proposal for the claim back (undoing a first proposal); returns it, or None."""
        article_id = self._article_of_claim(claim_id)
        from factcheck.core.workflow import WorkflowError

        withdrawn = self.own_proposal(claim_id)
        if withdrawn is None:
            return None
        decided = self.conn.execute("SELECT decided_by FROM decisions WHERE proposal_id = ?", [withdrawn.id]).fetchone()
        if decided is not None:
            raise WorkflowError(f"{decided[0]} approved this proposal already: it stays in the claim's record.")
        with self._edit():
            self.conn.execute("DELETE FROM proposals WHERE claim_id = ? AND reviewer = ?", [claim_id, self.user])
            self._changed(articles=[article_id], claims=[claim_id])
        return withdrawn

    def restore_proposal(self, proposal: Proposal) -> Proposal:
        """Put this reviewer's earlier proposal back exactly as it was (undoing a new one): its times too."""
        article_id = self._article_of_claim(proposal.claim_id)
        with self._edit():
            self.conn.execute("UPDATE proposals SET verdict = ?, rationale = ?, second_opinion = ?, created_at = ?,"
                              " submitted_at = ? WHERE claim_id = ? AND reviewer = ?",
                              [proposal.verdict, proposal.rationale, int(proposal.second_opinion), proposal.created_at,
                               proposal.submitted_at, proposal.claim_id, self.user])
            self._changed(articles=[article_id], claims=[proposal.claim_id])
        return self.own_proposal(proposal.claim_id)

    def own_proposal(self, claim_id: int) -> Proposal | None:
        row = self.conn.execute(f"SELECT {_PROPOSAL} FROM proposals WHERE claim_id = ? AND reviewer = ?",
                                [claim_id, self.user]).fetchone()
        return None if row is None else _proposal(row)

    def proposals(self, claim_id: int) -> list[Proposal]:
        """The claim's proposals this reviewer may see, oldest first.

        Their own always; others' once submitted, unless this reviewer was asked for a
        second opinion on the claim and has not submitted theirs (then none).
        """
        rows = self.conn.execute(f"SELECT {_PROPOSAL} FROM proposals WHERE claim_id = ? ORDER BY id", [claim_id])
        blind = claim_id in self.blind_claims()
        return [p for p in map(_proposal, rows)
                if p.reviewer == self.user or (p.submitted and not blind)]

    def blind_claims(self) -> set[int]:
        """The claims this reviewer was asked to rate independently and has not yet submitted a proposal for."""
        rows = self.conn.execute(
            "SELECT r.claim_id FROM opinion_requests r WHERE r.reviewer = ? AND NOT EXISTS (SELECT 1 FROM proposals p"
            " WHERE p.claim_id = r.claim_id AND p.reviewer = r.reviewer AND p.submitted_at IS NOT NULL)",
            [self.user])
        return {claim_id for (claim_id,) in rows}

    # ------------------------------------------------------ second opinions

    def request_opinions(self, claim_id: int, reviewers, note: str = "") -> list[OpinionRequest]:
        """Ask colleagues to rate the claim independently (blind until they submit); asking again changes nothing."""
        from factcheck.core.workflow import WorkflowError

        article_id = self._article_of_claim(claim_id)
        asked = [name.strip() for name in reviewers if name.strip() and name.strip() != self.user]
        if not asked:
            raise WorkflowError("Name at least one colleague to ask for a second opinion.")
        known = self._reviewers_who_can_log_in()
        unknown = [name for name in asked if known is not None and name not in known]
        if unknown:
            raise WorkflowError(f"{', '.join(unknown)}: no such reviewer on this library (its reviewers: "
                                f"{', '.join(sorted(known)) or 'none yet'}). Nothing was asked.")
        with self._edit():
            for name in asked:
                self.conn.execute(
                    "INSERT INTO opinion_requests (id, claim_id, reviewer, requested_by, note, requested_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id, reviewer) DO NOTHING",
                    [self._new_id("opinion_requests"), claim_id, name, self.user, note, now()])
            self._changed(articles=[article_id], claims=[claim_id])
        return self.opinion_requests(claim_id)

    def withdraw_opinion_requests(self, claim_id: int, reviewers) -> None:
        """Take back the requests for second opinions from ``reviewers`` (undoing asking them)."""
        article_id = self._article_of_claim(claim_id)
        names = [name for name in reviewers if name]
        with self._edit():
            for name in names:
                self.conn.execute("DELETE FROM opinion_requests WHERE claim_id = ? AND reviewer = ?", [claim_id, name])
            self._changed(articles=[article_id], claims=[claim_id])

    def _reviewers_who_can_log_in(self) -> set[str] | None:
        """The names a second opinion may be asked of; None where any name goes (a library file's reviewers)."""
        return None

    def opinion_requests(self, claim_id: int) -> list[OpinionRequest]:
        from factcheck.core.workflow import OpinionRequest

        rows = self.conn.execute("SELECT id, claim_id, reviewer, requested_by, note, requested_at FROM"
                                 " opinion_requests WHERE claim_id = ? ORDER BY id", [claim_id])
        return [OpinionRequest(c, r, by, note, at, i) for i, c, r, by, note, at in rows]

    # -------------------------------------------------------------- decisions

    def decide(self, claim_id: int, action: Decision | str, note: str, *, proposal_id: int | None = None,
               verdict: str | None = None, rationale: str | None = None, seen: Claim | None = None) -> ClaimDecision:
        """An editor's decision, with a short note (required): approve, return, or reopen the claim.

        Approving takes the verdict and rationale of ``proposal_id`` (or the ones given: the
        editor's own) onto the claim and marks it approved; returning puts it back to draft;
        reopening an approved claim puts it in review. One transaction, in the history. With
        ``seen`` (the claim as the editor read it), a colleague's change since refuses it.
        """
        from factcheck.core.workflow import Decision, WorkflowError

        action = Decision(action)
        if not note.strip():
            raise WorkflowError(f"{action.label} needs a short note saying why.")
        claim = self.claim(claim_id)
        if action is Decision.APPROVE:
            if proposal_id is not None:
                chosen = next((p for p in self.proposals(claim_id) if p.id == proposal_id and p.submitted), None)
                if chosen is None:
                    raise WorkflowError(f"There is no submitted proposal {proposal_id} for claim {claim.number}.")
                verdict, rationale = chosen.verdict, chosen.rationale
            verdict = claim.verdict if verdict is None else verdict
            rationale = claim.rationale if rationale is None else rationale
            if not verdict:
                raise WorkflowError(f"Claim {claim.number} has no verdict to approve.")
        elif action is Decision.REOPEN and claim.status != ClaimStatus.APPROVED:
            raise WorkflowError(f"Claim {claim.number} is not approved: there is nothing to reopen.")
        with self._edit():
            if seen is not None:  # the claim as the editor read it, else refused (StaleValue naming who changed it)
                self._lock("claims", claim_id)
                self._check_seen(self.claim(claim_id), seen)
            if action is Decision.APPROVE:
                self.update_claim(claim_id, "verdict", verdict)
                self.update_claim(claim_id, "rationale", rationale)
            status = {Decision.APPROVE: ClaimStatus.APPROVED, Decision.RETURN: ClaimStatus.DRAFT,
                      Decision.REOPEN: ClaimStatus.IN_REVIEW}[action]
            self.update_claim(claim_id, "status", status)
            decision_id = self._new_id("decisions")
            self.conn.execute(
                "INSERT INTO decisions (id, claim_id, action, decided_by, decided_at, note, proposal_id, verdict,"
                " rationale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [decision_id, claim_id, action.value, self.user, now(), note.strip(), proposal_id,
                 verdict if action is Decision.APPROVE else None,
                 rationale if action is Decision.APPROVE else None])
            self._changed(articles=[claim.article_id], claims=[claim_id])
        return next(d for d in self.decisions(claim_id) if d.id == decision_id)

    def decisions(self, claim_id: int) -> list[ClaimDecision]:
        from factcheck.core.workflow import ClaimDecision, Decision

        rows = self.conn.execute("SELECT id, claim_id, action, decided_by, decided_at, note, proposal_id, verdict,"
                                 " rationale FROM decisions WHERE claim_id = ? ORDER BY id", [claim_id])
        return [ClaimDecision(c, Decision(a), by, at, note, p, v, r, i) for i, c, a, by, at, note, p, v, r in rows]

    # --------------------------------------------------------------- comments

    def add_comment(self, claim_id: int, text: str) -> Comment:
        from factcheck.core.workflow import WorkflowError

        article_id = self._article_of_claim(claim_id)
        if not text.strip():
            raise WorkflowError("A comment needs some text.")
        comment_id = self._new_id("comments")
        with self._edit():
            self.conn.execute("INSERT INTO comments (id, claim_id, author, written_at, text) VALUES (?, ?, ?, ?, ?)",
                              [comment_id, claim_id, self.user, now(), text.strip()])
            self._changed(articles=[article_id], claims=[claim_id])
        return next(c for c in self.comments(claim_id) if c.id == comment_id)

    def comments(self, claim_id: int) -> list[Comment]:
        from factcheck.core.workflow import Comment

        rows = self.conn.execute("SELECT id, claim_id, author, written_at, text FROM comments WHERE claim_id = ?"
                                 " ORDER BY id", [claim_id])
        return [Comment(c, author, text, at, i) for i, c, author, at, text in rows]

    # ------------------------------------------- records made in another library

    def receive_workflow(self, claim_id: int, records: ClaimWorkflow) -> int:
        """Store a claim's records as they were made elsewhere (a bundle, a push): who made each, and when.

        Proposals (drafts too: each stays its author's), second-opinion requests, decisions and
        comments keep their authors, times and order, under new ids; a decision names the
        proposal it approved by that proposal's new id (None when ``records`` do not hold it).
        A proposal or request for a reviewer the claim already has one of is left out. One
        edit (a savepoint inside a transaction: the import's). No history row: the claim's
        verdict and status, which these records led to, come with the claim. Returns how many
        records were stored.

        On a shared library the server lets only its owner, who may also write history, store
        a record in someone else's name (see :mod:`factcheck.store.postgres_schema`): anyone
        else gets :class:`~factcheck.store.errors.NotAllowed`, and none of the records is saved.
        """
        from factcheck.core.workflow import Decision

        article_id = self._article_of_claim(claim_id)
        stored = 0
        with self._edit():
            new_ids: dict[int | None, int] = {}
            for proposal in records.proposals:
                proposal_id = self._new_id("proposals")
                if self.conn.execute(
                        "INSERT INTO proposals (id, claim_id, reviewer, verdict, rationale, second_opinion, created_at,"
                        " submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id, reviewer) DO NOTHING",
                        [proposal_id, claim_id, proposal.reviewer, proposal.verdict, proposal.rationale,
                         int(proposal.second_opinion), proposal.created_at, proposal.submitted_at]).rowcount:
                    new_ids[proposal.id] = proposal_id
                    stored += 1
            for request in records.requests:
                stored += self.conn.execute(
                    "INSERT INTO opinion_requests (id, claim_id, reviewer, requested_by, note, requested_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id, reviewer) DO NOTHING",
                    [self._new_id("opinion_requests"), claim_id, request.reviewer, request.requested_by,
                     request.note, request.requested_at]).rowcount
            for decision in records.decisions:
                self.conn.execute(
                    "INSERT INTO decisions (id, claim_id, action, decided_by, decided_at, note, proposal_id, verdict,"
                    " rationale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [self._new_id("decisions"), claim_id, Decision(decision.action).value,
                     decision.decided_by, decision.decided_at, decision.note,
                     new_ids.get(decision.proposal_id) if decision.proposal_id is not None else None,
                     decision.verdict, decision.rationale])
                stored += 1
            for comment in records.comments:
                self.conn.execute("INSERT INTO comments (id, claim_id, author, written_at, text) VALUES (?, ?, ?, ?, ?)",
                                  [self._new_id("comments"), claim_id, comment.author, comment.written_at,
                                   comment.text])
                stored += 1
            if stored:
                self._changed(articles=[article_id], claims=[claim_id])
        return stored

    # ------------------------------------------------------- article stages

    def article_stage(self, article_id: int) -> ArticleStage:
        from factcheck.core.workflow import ArticleStage, Stage

        row = self.conn.execute("SELECT stage, assignee, due FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        return ArticleStage(Stage(row[0]), row[1], row[2])

    def set_article_stage(self, article_id: int, stage: Stage | str, assignee: str | None = None,
                          due: str | None = ...) -> ArticleStage:
        """Move an article to ``stage`` (assigning it to ``assignee``, due ``due``, when given); one edit."""
        from factcheck.core.workflow import Stage, WorkflowError

        stage = Stage(stage)
        old = self.article_stage(article_id)
        assignee = old.assignee if assignee is None else assignee.strip()
        due = old.due if due is ... else due
        if self.role != "editor" and not (stage is Stage.IN_REVIEW and old.assignee == self.user == assignee
                                          and due == old.due):
            from factcheck.store.errors import NotAllowed

            raise NotAllowed(f"Only an editor can assign or publish an article on {self.location}: {self.user} is a "
                             "reporter, who moves an article assigned to them into review.")
        if stage is Stage.ASSIGNED and not assignee:
            raise WorkflowError("Assign the article to someone.")
        with self._edit():
            self.conn.execute("UPDATE articles SET stage = ?, assignee = ?, due = ? WHERE id = ?",
                              [stage.value, assignee, due, article_id])
            for field, before, after in (("stage", old.stage.value, stage.value), ("assignee", old.assignee, assignee),
                                         ("due", old.due, due)):
                if (before or None) != (after or None):  # in the history, and so marked for colleagues
                    self._history("article", "update", article_id=article_id, field=field, old=before, new=after)
            self._changed(articles=[article_id], article_list=True)
        return self.article_stage(article_id)

    # ----------------------------------------------------- what I last saw

    def mark_seen(self, article_id: int) -> None:
        """This reviewer has looked at the article now (opening it)."""
        with self._edit():
            self.conn.execute("INSERT INTO last_seen (reviewer, article_id, seen_at) VALUES (?, ?, ?) ON CONFLICT"
                              " (reviewer, article_id) DO UPDATE SET seen_at = excluded.seen_at",
                              [self.user, article_id, now()])

    def changed_since_seen(self) -> dict[int, set[int]]:
        """Articles changed by others since this reviewer last opened them: article id → the claims changed.

        Changes in the history count, and so do a colleague's submitted proposal, comment and
        request for a second opinion. An article this reviewer never opened counts from its
        import. An article-level change
        names no claim (an empty set). Times are kept to the second: a change in the second
        the reviewer opened the article counts as unseen (marked once more, never missed).
        """
        acts = ("SELECT article_id, id AS claim_id, NULL AS by, NULL AS at FROM claims WHERE 0 = 1"
                + "".join(f" UNION ALL SELECT c.article_id, x.claim_id, x.{by}, x.{at} FROM {table} x"
                          f" JOIN claims c ON c.id = x.claim_id WHERE x.{at} IS NOT NULL"
                          for table, by, at in (("proposals", "reviewer", "submitted_at"),
                                                ("comments", "author", "written_at"),
                                                ("opinion_requests", "requested_by", "requested_at"))))
        rows = self.conn.execute(
            "SELECT h.article_id, h.claim_id FROM (SELECT article_id, claim_id, changed_by AS by, changed_at AS at"
            f" FROM history UNION ALL {acts}) h LEFT JOIN last_seen s ON s.article_id = h.article_id"
            " AND s.reviewer = ? WHERE h.article_id IS NOT NULL AND h.by != ?"
            " AND (s.seen_at IS NULL OR h.at >= s.seen_at)", [self.user, self.user])
        changed: dict[int, set[int]] = {}
        for article_id, claim_id in rows:
            claims = changed.setdefault(article_id, set())
            if claim_id is not None:
                claims.add(claim_id)
        return changed

    # --------------------------------------------------- one article at once

    def article_workflow(self, article_id: int, *, whole: bool = False) -> dict[int, dict[str, list]]:
        """Every claim's records in one article, by claim id, as this reviewer may see them.

        ``{"proposals", "requests", "decisions", "comments"}`` per claim that has any: what
        :meth:`proposals`, :meth:`opinion_requests`, :meth:`decisions` and :meth:`comments`
        give claim by claim, in four reads for the whole article (a report of 2,000 claims
        on a server does not make 8,000 round trips). With ``whole``, every proposal the
        library lets this login read, others' drafts and a blind reviewer's unseen ones
        included: what a push carries (on a local file, every one).
        """
        from factcheck.core.workflow import ClaimDecision, Comment, Decision, OpinionRequest

        blind = set() if whole else self.blind_claims()
        found: dict[int, dict[str, list]] = {}

        def of(claim_id: int) -> dict[str, list]:
            return found.setdefault(claim_id, {"proposals": [], "requests": [], "decisions": [], "comments": []})

        in_article = "claim_id IN (SELECT id FROM claims WHERE article_id = ?)"
        for row in self.conn.execute(f"SELECT {_PROPOSAL} FROM proposals WHERE {in_article} ORDER BY id",
                                     [article_id]):
            proposal = _proposal(row)
            if whole or proposal.reviewer == self.user or (proposal.submitted and proposal.claim_id not in blind):
                of(proposal.claim_id)["proposals"].append(proposal)
        for i, c, r, by, note, at in self.conn.execute(
                "SELECT id, claim_id, reviewer, requested_by, note, requested_at FROM opinion_requests"
                f" WHERE {in_article} ORDER BY id", [article_id]):
            of(c)["requests"].append(OpinionRequest(c, r, by, note, at, i))
        for i, c, a, by, at, note, pid, v, r in self.conn.execute(
                "SELECT id, claim_id, action, decided_by, decided_at, note, proposal_id, verdict, rationale"
                f" FROM decisions WHERE {in_article} ORDER BY id", [article_id]):
            of(c)["decisions"].append(ClaimDecision(c, Decision(a), by, at, note, pid, v, r, i))
        for i, c, author, at, text in self.conn.execute(
                f"SELECT id, claim_id, author, written_at, text FROM comments WHERE {in_article} ORDER BY id",
                [article_id]):
            of(c)["comments"].append(Comment(c, author, text, at, i))
        return found

    # ------------------------------------------------------- what waits for me

    def waiting(self) -> dict[str, list[int]]:
        """What waits for this reviewer: ``"opinions"`` (claims they were asked to rate and have not),
        ``"sign_off"`` (claims in review with a submitted proposal and no approval yet, for an editor),
        ``"assigned"`` (articles assigned to them and not yet published)."""
        blind = self.blind_claims()
        opinions = sorted(blind)
        sign_off = [claim_id for (claim_id,) in self.conn.execute(
            "SELECT c.id FROM claims c WHERE c.status = 'in_review' AND EXISTS (SELECT 1 FROM proposals p"
            " WHERE p.claim_id = c.id AND p.submitted_at IS NOT NULL) ORDER BY c.article_id, c.number")
            if claim_id not in blind] if self.role == "editor" else []  # an opinion owed comes first
        assigned = [article_id for (article_id,) in self.conn.execute(
            "SELECT id FROM articles WHERE assignee = ? AND stage IN ('assigned', 'in_review') ORDER BY due, id",
            [self.user])]
        return {"opinions": opinions, "sign_off": sign_off, "assigned": assigned}

    # ------------------------------------------------------------- agreement

    def ratings(self, article_id: int | None = None, since: str | None = None,
                until: str | None = None) -> list[tuple[int, str, str]]:
        """Submitted verdicts as (claim id, reviewer, verdict), for agreement: one article's, or the desk's in a period."""
        where, params = ["p.submitted_at IS NOT NULL", "p.verdict IS NOT NULL"], []
        if article_id is not None:
            where.append("c.article_id = ?")
            params.append(article_id)
        if since is not None:
            where.append("p.submitted_at >= ?")
            params.append(since)
        if until is not None:
            where.append("p.submitted_at < ?")
            params.append(until)
        rows = self.conn.execute("SELECT p.claim_id, p.reviewer, p.verdict FROM proposals p JOIN claims c ON"
                                 f" c.id = p.claim_id WHERE {' AND '.join(where)} ORDER BY p.claim_id, p.id", params)
        blind = self.blind_claims()  # the figures would tell a verdict this reviewer may not see yet
        return [tuple(row) for row in rows if row[0] not in blind]
