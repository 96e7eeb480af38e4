"""Web Annotations placed on the open article as one undoable step (File ▸ Import of a .jsonld).

The files were read by the import's worker (:class:`~factcheck.ui.import_worker.ImportJob`);
placing them is a store call as any edit is (:mod:`factcheck.ui.commands`), run off the UI
thread by the operation runner: the first apply places every file's annotations in one
transaction (:func:`factcheck.operations.place_annotation_file`), undo removes the claims
it made, redo puts them back under their ids.
"""

from __future__ import annotations

from factcheck.core.workflow import check_changeable
from factcheck.operations import AnnotationImportResult, place_annotation_file
from factcheck.ui.commands import StoreCommand


class PlaceAnnotationsCommand(StoreCommand):
    def __init__(self, host, article_id: int, files: list) -> None:
        """``files``: the AnnotationFiles read, placed on the article ``article_id`` in their order."""
        names = [_name(f.name) for f in files]
        super().__init__(host, f"Place Web Annotations from {names[0]}" if len(names) == 1
                         else f"Place Web Annotations from {len(names)} files")
        self.article_id = article_id
        self.files = list(files)
        self.results: list[AnnotationImportResult] | None = None
        """What each file brought, once first applied."""
        self.claims: list = []
        """The claims placed, as stored (undo removes them; redo puts them back)."""

    def changed_nothing(self) -> bool:
        return not self.claims

    def apply(self, store) -> list[AnnotationImportResult]:
        with store.transaction():
            if self.results is None:
                self.results = [place_annotation_file(store, read, self.article_id) for read in self.files]
                self.claims = [claim for result in self.results for claim in result.claims]
            else:
                self.claims = [store.restore_claim(claim) for claim in self.claims]
        self.focus = self.claims[0].id if self.claims else None
        return self.results

    def revert(self, store) -> None:
        # The claims as placed: not once a colleague (or the reviewer) has worked on one since.
        with store.transaction():
            removed = []
            for claim in reversed(self.claims):
                check_changeable(store.claim(claim.id), "delete it")
                removed.insert(0, store.delete_claim(claim.id, seen=claim))
            self.claims = removed
        self.focus = None


def _name(source: str) -> str:
    return f"“{source.replace(chr(92), '/').rsplit('/', 1)[-1]}”"
