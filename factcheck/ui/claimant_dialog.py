"""Claim ▸ Claimant Details…: whether the claimant is a person or an organisation, and who exactly.

The details belong to the claimant, not to one claim: every claim naming them shares
them, and ClaimReview types the claimant with them (an outlet or a ministry is an
Organization) and links its ``sameAs`` page (a Wikidata item, an official site).
"""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QRadioButton, QVBoxLayout)

from factcheck.core.claims import Claimant, ClaimantKind, InvalidUrl, check_source_url


class ClaimantDialog(QDialog):
    def __init__(self, claimant: Claimant, uses: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Claimant details")
        self.setMinimumWidth(520)
        self.name = claimant.name
        heading = QLabel(f"<b>{_escape(claimant.name)}</b>", objectName="dialogHeading")
        shared = QLabel(f"Shared by the {uses} claim{'s' if uses != 1 else ''} in the library that name "
                        "this claimant.", wordWrap=True)
        self.person = QRadioButton("&Person")
        self.organisation = QRadioButton("&Organisation (an outlet, a ministry, a company…)")
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.person)
        self.kinds.addButton(self.organisation)
        (self.organisation if claimant.kind == ClaimantKind.ORGANIZATION else self.person).setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch(1)
        self.same_as = QLineEdit(claimant.same_as, placeholderText="https://www.wikidata.org/wiki/Q…")
        self.same_as.setToolTip("A page that identifies exactly who this is (Wikidata, an official site); "
                                "ClaimReview publishes it as sameAs.")
        self.error = QLabel(objectName="fieldError", wordWrap=True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Kind:", kinds)
        form.addRow("&Same as:", self.same_as)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(shared)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def claimant(self) -> Claimant:
        """The details as entered; raises InvalidUrl for a link that is not a web address."""
        kind = ClaimantKind.ORGANIZATION if self.organisation.isChecked() else ClaimantKind.PERSON
        return Claimant(self.name, kind, check_source_url(self.same_as.text()))

    def accept(self) -> None:
        try:
            self.claimant()
        except InvalidUrl as error:
            self.error.setText(str(error).replace("a source link", "the claimant's page"))
            self.error.show()
            return
        super().accept()


def edit_claimant(window, claim) -> None:
    """Claim ▸ Claimant Details… for the selected claim's claimant (one undoable edit)."""
    if claim is None or not claim.claimant.strip():
        window.statusBar().showMessage("Select a claim and name its claimant first (Ctrl+E).", 6000)
        return
    name = claim.claimant.strip()
    dialog = ClaimantDialog(window.library.claimant(name), window.library.claimant_uses(name), window)
    if dialog.exec():
        window.controller.set_claimant_details(dialog.claimant())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
