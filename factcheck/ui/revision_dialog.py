"""What a new revision of an article would do, before it is applied: "Apply Revision N" or Cancel.

The dialog shows the plan's summary (how many claims stay in place, move, change wording
or are orphaned, and what changed in the text) and lists the claims a reviewer must look
at: the orphaned ones with why, those whose wording changed with the old words struck and
the new ones marked, and those that merely moved. It writes nothing: the caller applies the
plan once it is accepted (:mod:`factcheck.ui.revision_check`).

:func:`wording_html` marks the words two wordings do not share; the list of claims the
revision changed or orphaned (:mod:`factcheck.ui.revision_panel`) uses it too.
"""

from __future__ import annotations

import html
import re
import time
from difflib import SequenceMatcher

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout

from factcheck.io.colors import mix
from factcheck.ui.palettes import muted, readable_on

REMOVED_COLOR = "#d93025"
ADDED_COLOR = "#1e8e3e"
ORPHAN_COLOR = "#d98a00"
LISTED_MOVES = 40
"""Moved claims listed by number at most (an article re-flowed above moves them all)."""
LISTED_CLAIMS = 100
"""Changed and orphaned claims written out at most (the Revision tab lists every one)."""
_PIECES = re.compile(r"\s+|\w+|[^\w\s]")


def wording_html(old: str, new: str, palette: QPalette) -> tuple[str, str]:
    """``old`` with the words ``new`` lacks struck out on a red tint, and ``new`` with its own words on a green one."""
    return marked_wordings(old, new, palette.color(QPalette.ColorRole.Base).name(),
                           palette.color(QPalette.ColorRole.Text).name())


def marked_wordings(old: str, new: str, base: str, text: str) -> tuple[str, str]:
    """:func:`wording_html` on a page of colour ``base`` with text of colour ``text`` (any thread)."""
    a, b = _PIECES.findall(old), _PIECES.findall(new)
    removed, added = _mark(REMOVED_COLOR, base, text, "line-through"), _mark(ADDED_COLOR, base, text, "none")
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left, right = html.escape("".join(a[i1:i2])), html.escape("".join(b[j1:j2]))
        if op == "equal":
            old_html.append(left)
            new_html.append(right)
            continue
        if left:
            old_html.append(removed.format(left))
        if right:
            new_html.append(added.format(right))
    return "".join(old_html), "".join(new_html)


def _mark(color: str, base: str, text: str, decoration: str) -> str:
    background = mix(color, base, 0.45 if QColor(base).lightness() < 128 else 0.3)  # a dark page shows tints less
    return (f'<span style="background-color:{background}; color:{readable_on(text, background)}; '
            f'text-decoration:{decoration}">{{}}</span>')


def placement_html(plan, palette: QPalette) -> str:
    """The claims the plan moves, changes or orphans, most urgent first, as HTML for a text browser."""
    return claims_html_for(plan, palette.color(QPalette.ColorRole.Base).name(),
                           palette.color(QPalette.ColorRole.Text).name())


def claims_html_for(plan, base: str, text: str, limit: int = LISTED_CLAIMS) -> str:
    """:func:`placement_html` in the colours given, built on any thread (the check's worker builds it).

    The claims are sorted as the store will record them (:meth:`RevisionPlan.outcomes`): a
    wording changed by an earlier revision and still to be accepted stays "changed", shown
    with the wording it was checked on. At most ``limit`` changed and orphaned claims are
    written out; the Revision tab lists them all once the revision is applied.
    """
    quiet = muted(text, base)
    sections: dict[str, list[str]] = {"orphan": [], "changed": [], "moved": []}
    written = 0
    for claim, placement, kind, _ in plan.outcomes():
        if kind not in sections:
            continue
        number = f"<b>{claim.number}</b>"
        if kind == "moved":
            sections[kind].append(str(claim.number))
            continue
        written += 1
        if written > limit:
            sections[kind].append("")  # counted, not written
        elif kind == "orphan":
            why = html.escape(placement.why) if placement.why else "its words are no longer in the text"
            sections[kind].append(f"<p>{number} “{_quote(plan.checked_wording(claim))}”<br>"
                                  f'<span style="color:{quiet}">{why}</span></p>')
        else:
            now = placement.quote or (placement.anchor or claim.anchor).quote
            old, new = marked_wordings(plan.checked_wording(claim), now, base, text)
            sections[kind].append(f'<p>{number} <span style="color:{quiet}">was</span> “{old}”<br>'
                                  f'<span style="color:{quiet}">now</span> “{new}”</p>')
    parts = []
    heads = {"orphan": "Orphaned: to be placed again by hand", "changed": "Wording changed: check the claim still holds",
             "moved": "Moved with the text around them"}
    for kind, entries in sections.items():
        if not entries:
            continue
        parts.append(f'<h4 style="margin-bottom:2px">{heads[kind]} ({len(entries)})</h4>')
        if kind == "moved":
            shown = ", ".join(entries[:LISTED_MOVES])
            more = f" and {len(entries) - LISTED_MOVES} more" if len(entries) > LISTED_MOVES else ""
            parts.append(f"<p>Claims {shown}{more}.</p>" if len(entries) > 1 else f"<p>Claim {shown}.</p>")
        else:
            parts.extend(entry for entry in entries if entry)
            left = sum(1 for entry in entries if not entry)
            if left:
                parts.append(f'<p style="color:{quiet}">…and {left} more (see the Revision tab once applied)</p>')
    return "".join(parts) or f'<p style="color:{quiet}">Every claim stays where it is.</p>'


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "…")


class RevisionDialog(QDialog):
    """The plan of a new revision of an article, to apply or not (``exec()`` is true when applied)."""

    def __init__(self, plan, text_summary: str = "", parent=None, claims_html: str = "") -> None:
        """``claims_html``: :func:`claims_html_for` the plan, built on the worker (else built here)."""
        super().__init__(parent, objectName="revisionDialog")
        self.plan = plan
        number = plan.base_revision + 1
        self.setWindowTitle("Check for Updates")
        heading = QLabel(f"“{plan.title}” has changed since revision {plan.base_revision}",
                         objectName="dialogHeading", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        heading.setStyleSheet("font-weight: 600; font-size: 13pt")
        origin = QLabel(f"Read from {plan.origin} at {time.strftime('%H:%M')}", wordWrap=True,
                        textFormat=Qt.TextFormat.PlainText)
        palette = self.palette()
        quiet = muted(palette.color(QPalette.ColorRole.WindowText).name(), palette.color(QPalette.ColorRole.Window).name())
        origin.setStyleSheet(f"color: {quiet}")
        said = plan.summary() + (f"\nIn the text: {text_summary.rstrip('.')}." if text_summary else "")
        self.summary = QLabel(said, objectName="revisionSummary", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.claims = QTextBrowser(objectName="revisionClaims")
        self.claims.setOpenLinks(False)
        self.claims.setHtml(claims_html or placement_html(plan, self.claims.palette()))
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(f"Apply Revision {number}", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel("The article shows the new text; the current one is kept as revision "
                      f"{plan.base_revision}. Edit ▸ Undo takes the revision back.", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(heading)
        if plan.origin:
            layout.addWidget(origin)
        layout.addWidget(self.summary)
        layout.addWidget(self.claims, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(640, 480)
