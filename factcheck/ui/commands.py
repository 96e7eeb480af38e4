"""Every user edit as a QUndoCommand whose redo and undo are one store call each.

A command's :meth:`~StoreCommand.apply` and :meth:`~StoreCommand.revert` are given
the store and run on the operation runner's worker thread (see
:mod:`factcheck.ui.operation_runner`); each is one transaction. A command knows
nothing of the window: it says what it changed (the runner reads that back for the
views) and which claim the user should see afterwards (:attr:`StoreCommand.focus`),
and its :class:`EditHost` (the controller that pushed it) does the rest.

A command reaches the undo stack only once its first apply has committed, so a
refused edit (disk full, read-only file, busy) leaves no step behind. If an undo or a
redo is refused later, the host puts the stack back where it was, so the user can try
again once the library is writable. A command captures what it needs to undo when
it is built or first applied (orange-canvas style), from the store itself, so two
quick edits of one field undo one after the other.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from factcheck.core.claims import FIELD_LABELS, Claim, Claimant, ClaimStatus, Source


class EditHost(Protocol):
    def run_step(self, command: StoreCommand, undoing: bool) -> None:
        """Run ``command.revert`` (``undoing``) or ``command.apply`` through the runner and follow it up."""


class StoreCommand(QUndoCommand):
    focus: int | None = None
    """The claim to select once a step has committed (None: leave the selection)."""
    reloads_article = False
    """Whether the open article's own details (headline, scale, …) may change."""
    changes_blindness = False
    """Whether the step may change which claims the reviewer owes a blind opinion on."""

    def __init__(self, host: EditHost, text: str) -> None:
        super().__init__(text)
        self.host = host
        self.applied = False

    def redo(self) -> None:
        if not self.applied:  # applied already: just pushed after its first apply, or a failed undo stepped back over
            self.host.run_step(self, undoing=False)

    def undo(self) -> None:
        if self.applied:
            self.host.run_step(self, undoing=True)

    def foresee(self, claim: Claim) -> Claim:
        """``claim`` as it will be once this edit, handed over and not yet committed, has been (on the UI thread)."""
        return claim

    def changed_nothing(self) -> bool:
        """Whether the first apply found nothing to change: the step is then left off the undo stack."""
        return False

    def apply(self, store) -> None:
        """Make the edit (on the worker thread)."""
        raise NotImplementedError

    def revert(self, store) -> None:
        """Take the edit back (on the worker thread)."""
        raise NotImplementedError


class MarkClaimCommand(StoreCommand):
    def __init__(self, host, claim: Claim) -> None:
        super().__init__(host, f"Mark claim “{_short(claim.quote)}”")
        self.claim = claim  # gets its id on first apply; undo/redo keep that id

    def apply(self, store) -> None:
        self.claim = store.add_claim(self.claim) if self.claim.id is None else store.restore_claim(self.claim)
        self.focus = self.claim.id

    def revert(self, store) -> None:
        # Undoing a mark removes the claim as it was marked: not once a colleague has worked on it.
        _changeable(store, self.claim.id, "delete it")
        self.claim = store.delete_claim(self.claim.id, seen=self.claim)
        self.focus = None


class DeleteClaimCommand(StoreCommand):
    def __init__(self, host, claim: Claim) -> None:
        super().__init__(host, f"Delete claim “{_short(claim.quote)}”")
        self.claim = claim

    def apply(self, store) -> None:
        _changeable(store, self.claim.id, "delete it")
        self.claim = store.delete_claim(self.claim.id)
        self.focus = None

    def revert(self, store) -> None:
        self.claim = store.restore_claim(self.claim)
        self.focus = self.claim.id


class SetClaimFieldCommand(StoreCommand):
    """Set one field of a claim, as a compare-and-set against the value the reviewer saw.

    A colleague's change since (a shared library) refuses the edit, and an undo or redo
    over a colleague's later change, naming who made it (:class:`~factcheck.store.StaleValue`).
    ``seen``, for an approval, is the whole claim as the reviewer read it. ``judge_old_on_apply``
    (an undo or redo was still being saved when the edit was made) takes the value it replaces
    as stored when it is first applied instead.
    """

    def __init__(self, host, claim: Claim, field: str, value, *, seen: Claim | None = None,
                 judge_old_on_apply: bool = False) -> None:
        shown = ClaimStatus(value).label if field == "status" else value
        label = FIELD_LABELS[field]
        text = f"Set {label} to “{_short(str(shown))}”" if shown else f"Clear {label}"
        super().__init__(host, text)
        self.claim_id = claim.id
        self.field = field
        self.old = getattr(claim, field)
        self.new = value
        self.seen = seen
        self.judge_old_on_apply = judge_old_on_apply
        self.applied_before = False

    def foresee(self, claim: Claim) -> Claim:
        return claim.with_(**{self.field: self.new}) if claim.id == self.claim_id else claim

    def apply(self, store) -> None:
        _changeable(store, self.claim_id, self.field, self.new)
        if self.applied_before:  # a redo: the value is still the one the undo put back
            store.update_claim(self.claim_id, self.field, self.new, expected=self.old)
        else:
            if self.judge_old_on_apply:
                self.old = getattr(store.claim(self.claim_id), self.field)
            store.update_claim(self.claim_id, self.field, self.new, expected=self.old, seen=self.seen)
        self.focus = self.claim_id if self.applied_before else None  # a redo shows what came back
        self.applied_before = True

    def revert(self, store) -> None:
        _changeable(store, self.claim_id, self.field, self.old)
        store.update_claim(self.claim_id, self.field, self.old, expected=self.new)
        self.focus = self.claim_id


class AddSourceCommand(StoreCommand):
    def __init__(self, host, claim_id: int, source: Source) -> None:
        super().__init__(host, f"Add source “{_short(source.title or source.url)}”")
        self.claim_id = self.focus = claim_id
        self.source = source
        self.position: int | None = None

    def foresee(self, claim: Claim) -> Claim:
        return claim.with_(sources=(*claim.sources, self.source)) if claim.id == self.claim_id else claim

    def apply(self, store) -> None:
        _changeable(store, self.claim_id, "add a source")
        if self.source.id is None:
            self.source = store.add_source(self.claim_id, self.source)
        else:
            self.source = store.restore_source(self.source, self.position)

    def revert(self, store) -> None:  # the source as added: not once a colleague has edited it
        _changeable(store, self.claim_id, "remove a source")
        self.source, self.position = store.delete_source(self.source.id, seen=self.source)


class EditSourceCommand(StoreCommand):
    def __init__(self, host, old: Source, changes: dict) -> None:
        super().__init__(host, f"Edit source “{_short(old.title or old.url)}”")
        self.source_id = old.id
        self.focus = old.claim_id
        self.new = dict(changes)
        self.old = {field: getattr(old, field) for field in changes}

    def apply(self, store) -> None:  # over what the reviewer saw in the dialog, not a colleague's change since
        _changeable(store, self.focus, "edit a source")
        store.update_source(self.source_id, self.new, expected=self.old)

    def revert(self, store) -> None:
        _changeable(store, self.focus, "edit a source")
        store.update_source(self.source_id, self.old, expected=self.new)


class RemoveSourceCommand(StoreCommand):
    def __init__(self, host, source: Source) -> None:
        super().__init__(host, f"Remove source “{_short(source.title or source.url)}”")
        self.source = source
        self.focus = source.claim_id
        self.position = 0

    def apply(self, store) -> None:
        _changeable(store, self.source.claim_id, "remove a source")
        self.source, self.position = store.delete_source(self.source.id)

    def revert(self, store) -> None:
        _changeable(store, self.source.claim_id, "add a source")
        self.source = store.restore_source(self.source, self.position)


class SetArticleDetailsCommand(StoreCommand):
    """Several details of the article at once (one dialog, one undo step)."""

    reloads_article = True

    def __init__(self, host, article, changes: dict) -> None:
        super().__init__(host, "Edit article details")
        self.article_id = article.id
        self.new = dict(changes)
        self.old = {field: getattr(article, field) for field in changes}

    def apply(self, store) -> None:
        store.update_article_fields(self.article_id, self.new, expected=self.old)

    def revert(self, store) -> None:
        store.update_article_fields(self.article_id, self.old, expected=self.new)


class SetClaimantCommand(StoreCommand):
    """A claimant's kind and sameAs link, kept once for every claim that names them."""

    def __init__(self, host, old: Claimant, new: Claimant) -> None:
        super().__init__(host, f"Edit claimant “{_short(new.name)}”")
        self.old, self.new = old, new

    def apply(self, store) -> None:
        store.set_claimant(self.new, expected=self.old)

    def revert(self, store) -> None:
        store.set_claimant(self.old, expected=self.new)


class SetRatingScaleCommand(StoreCommand):
    reloads_article = True

    def __init__(self, host, article_id: int, old_key: str, new_key: str, name: str) -> None:
        super().__init__(host, f"Use rating scale “{name}”")
        self.article_id = article_id
        self.old_key = old_key
        self.new_key = new_key

    def apply(self, store) -> None:
        store.update_article(self.article_id, "rating_scale", self.new_key, expected=self.old_key)

    def revert(self, store) -> None:
        store.update_article(self.article_id, "rating_scale", self.old_key, expected=self.new_key)


class ProposeCommand(StoreCommand):
    """The reviewer's proposal for a claim, submitted; undo puts back their earlier one (or none).

    As the public API proposes (:meth:`factcheck.api.Library.propose`): a draft claim goes
    into review, and undoing the first proposal brings it back to draft.
    """

    changes_blindness = True

    def __init__(self, host, claim: Claim, verdict: str, rationale: str) -> None:
        super().__init__(host, f"Propose “{_short(verdict)}” for claim {claim.number}")
        self.claim_id, self.verdict, self.rationale = claim.id, verdict, rationale
        self.before = ...  # the reviewer's proposal before this one (None: there was none), read on first apply
        self.put_in_review = False
        self.focus = claim.id

    def apply(self, store) -> None:
        from factcheck.api import Library

        with store.transaction():
            if self.before is ...:
                self.before = store.own_proposal(self.claim_id)
            status = store.claim(self.claim_id).status
            Library(store).propose(self.claim_id, self.verdict, self.rationale)
            self.put_in_review = status == ClaimStatus.DRAFT

    def revert(self, store) -> None:
        with store.transaction():
            if self.before is None:
                store.withdraw_proposal(self.claim_id)
            else:  # as it was, its times too
                store.restore_proposal(self.before)
            if self.put_in_review:
                store.update_claim(self.claim_id, "status", ClaimStatus.DRAFT, expected=ClaimStatus.IN_REVIEW)


class AskOpinionsCommand(StoreCommand):
    """An editor asks colleagues for blind second opinions on claims; undo takes back the requests this step made."""

    def __init__(self, host, claims: list[Claim], reviewers: list[str], *, whole_article: str = "") -> None:
        where = f"the claims of “{_short(whole_article)}”" if whole_article else f"claim {claims[0].number}"
        super().__init__(host, f"Ask {', '.join(reviewers)} for a second opinion on {where}")
        self.claim_ids, self.reviewers = [c.id for c in claims], reviewers
        self.asked: dict[int, list[str]] = {}  # per claim, those not asked before: what undo takes back
        self.focus = None if whole_article else claims[0].id

    def apply(self, store) -> None:
        from factcheck.api import Library

        library = Library(store)
        with store.transaction():
            for claim_id in self.claim_ids:
                before = {r.reviewer for r in store.opinion_requests(claim_id)}
                after = library.request_second_opinion(claim_id, self.reviewers)
                self.asked[claim_id] = [r.reviewer for r in after if r.reviewer not in before]

    def revert(self, store) -> None:
        with store.transaction():
            for claim_id, names in self.asked.items():
                store.withdraw_opinion_requests(claim_id, names)


class StartingPointCommand(StoreCommand):
    """A match "Checked Before" found, as the claim's starting point: verdict, rationale and sources in one step.

    ``verdict`` is the match's verdict as the claim's scale has it (None: not copied). What
    the step changes of the claim's fields (:func:`starting_fields`) is judged on ``claim``,
    as the reviewer saw it, each field a compare-and-set against it; ``judge_old_on_apply``
    (an undo or redo was still being saved when the reviewer asked) judges it on the claim as
    stored when first applied instead. The sources to add are read when first applied, on the
    worker: the matched claim's (copies), or a published fact-check's address as a source
    titled with its title; one the claim holds already (:func:`same_source`) is not added
    again. Undo removes them and puts the fields back, each against the value this step wrote.
    """

    def __init__(self, host, claim: Claim, hit, verdict: str | None, *, judge_old_on_apply: bool = False) -> None:
        super().__init__(host, f"Use “{_short(hit.claim)}” as starting point")
        self.claim_id = self.focus = claim.id
        self.hit, self.verdict = hit, verdict
        self.fields = starting_fields(claim, hit, verdict)
        """field → (old, new): what the step changes ("verdict", "rationale"; those not to change left out)."""
        self.judge_old_on_apply = judge_old_on_apply
        self.sources: list[Source] | None = None  # added (with their ids) once applied
        self.held = 0
        """How many of the match's sources the claim held already (not added again), once applied."""
        self.positions: list[int] = []

    def changed_nothing(self) -> bool:
        return not self.fields and not self.sources

    def copied(self) -> str:
        """What the first apply copied, in a sentence or two for the status bar."""
        what = [words for field, words in (("verdict", f"the verdict “{self.verdict}”"),
                                           ("rationale", "the rationale")) if field in self.fields]
        if self.sources:
            what.append(_count(len(self.sources), "source"))
        said = (f"Copied {', '.join(what[:-1])} and {what[-1]}." if len(what) > 1 else
                f"Copied {what[0]}." if what else "Nothing new to copy from the match.")
        if self.held:
            were = "was" if self.held == 1 else "were"
            said += f" {_count(self.held, 'source')} the claim has already {were} left out."
        return said

    def foresee(self, claim: Claim) -> Claim:
        if claim.id != self.claim_id:
            return claim
        return claim.with_(**{field: new for field, (_, new) in self.fields.items()})

    def apply(self, store) -> None:
        _changeable(store, self.claim_id, "use a match as its starting point")
        with store.transaction():
            if self.sources is None and self.judge_old_on_apply:
                self.fields = starting_fields(store.claim(self.claim_id), self.hit, self.verdict)
            for field, (old, new) in self.fields.items():
                store.update_claim(self.claim_id, field, new, expected=old)
            if self.sources is None:
                new, self.held = _sources_of(store, self.hit, self.claim_id)
                self.sources = [store.add_source(self.claim_id, source) for source in new]
            else:  # a redo: back under their ids and places
                self.sources = [store.restore_source(s, p) for s, p in zip(self.sources, self.positions)]

    def revert(self, store) -> None:
        _changeable(store, self.claim_id, "take the starting point back")
        with store.transaction():
            self.positions = []
            for source in reversed(self.sources or []):  # the last added first: the places stay right
                _, position = store.delete_source(source.id, seen=source)
                self.positions.insert(0, position)
            for field, (old, new) in self.fields.items():
                store.update_claim(self.claim_id, field, old, expected=new)


def starting_fields(claim: Claim, hit, verdict: str | None) -> dict[str, tuple]:
    """What a match changes of ``claim``'s fields, field → (old, new): the verdict (``verdict``, as the
    claim's scale has it), and the match's rationale in place of an empty one or below the reviewer's own,
    unless the claim has it already."""
    fields: dict[str, tuple] = {}
    if verdict and verdict != claim.verdict:
        fields["verdict"] = (claim.verdict, verdict)
    theirs, mine = hit.rationale.strip(), claim.rationale.rstrip()
    if theirs and theirs not in mine:
        fields["rationale"] = (claim.rationale, f"{mine}\n\n{theirs}" if mine.strip() else theirs)
    return fields


def _sources_of(store, hit, claim_id: int) -> tuple[list[Source], int]:
    """The sources a match brings that the claim lacks (a library claim's own, or the published fact-check
    itself), and how many it brings that the claim holds already (or that the match lists twice)."""
    if hit.source == "library":
        found = [s.with_(id=None, claim_id=None) for s in store.claim(hit.claim_id).sources]
    else:
        found = [Source(url=hit.url or "", title=hit.title or hit.url or "", publisher=hit.outlet, date=hit.date)]
    found = [s for s in found if s.url.strip() or s.title.strip()]
    new: list[Source] = []
    for source in found:
        if not any(same_source(source, held) for held in (*store.claim(claim_id).sources, *new)):
            new.append(source)
    return new, len(found) - len(new)


def same_source(one: Source, other: Source) -> bool:
    """Whether two sources are the same document: the same address, or without one the same title and publisher."""
    if one.url.strip() or other.url.strip():
        return one.url.strip() == other.url.strip()
    return all(" ".join(getattr(one, f).split()).casefold() == " ".join(getattr(other, f).split()).casefold()
               for f in ("title", "publisher"))


def _changeable(store, claim_id: int, field: str, value=None) -> None:
    """Refuse (:class:`~factcheck.core.workflow.WorkflowError`) a step that would change an approved claim,
    or approve one (or take its approval back) without an editor's decision: undo and redo included."""
    from factcheck.core.workflow import check_changeable

    if field == "status":
        check_changeable(store.claim(claim_id), status=value)
    else:
        check_changeable(store.claim(claim_id), f"set its {FIELD_LABELS[field].lower()}" if field in FIELD_LABELS
                         else field)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
