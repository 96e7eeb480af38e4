"""The claims of the open article, in text order, as a Qt table model.

The model mirrors what the store holds; it never writes. Undo commands change
the store and then tell the model (``insert_claim``, ``replace_claim``,
``remove_claim``), which emits the matching row signals so every view follows.

A claim a revision orphaned (its words are no longer in the article, its offsets stale) is
listed after the others, marked, and never met by :meth:`claims_overlapping` or
:meth:`claims_at`: the article view neither tints it nor lets a click select it.

A claim this reviewer was asked to rate blind (a second opinion they owe) is held
without its verdict and rationale (:meth:`set_blind`): the table, the article's tints
and the editor cannot show what the reviewer may not see until they submit theirs.
"""

from __future__ import annotations

import bisect
import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen, QPixmap

from factcheck.core.claims import Claim, ClaimStatus
from factcheck.core.rating_scales import NEUTRAL_COLOR, RatingScale

if TYPE_CHECKING:  # the marks' icons are made when a claim first needs one (QIcon: ~1 ms of a start without)
    from PySide6.QtGui import QIcon

ClaimRole = Qt.ItemDataRole.UserRole + 1
ClaimIdRole = Qt.ItemDataRole.UserRole + 2
VerdictColorRole = Qt.ItemDataRole.UserRole + 3
SortKeyRole = Qt.ItemDataRole.UserRole + 4
"""What a column sorts by: the number, the place in the text, the name, the verdict's place
on the scale (unrated last), the status's place in the workflow."""

_Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ALIGNMENT, _DECORATION, _FONT, ClaimRole, ClaimIdRole, VerdictColorRole,
                    SortKeyRole))
_STATUS_ORDER = {status: n for n, status in enumerate(ClaimStatus)}
"""The roles the model answers. A table view asks for a dozen roles per cell, for up
to a thousand rows each time it sizes a column to its contents: the others are
answered before any other work."""
REVIEW_COLOR = "#d98a00"
"""The ring marking a claim a revision changed or orphaned: amber, readable on light and dark pages."""
CHANGED_TIP = "Changed by a colleague since you last looked at this article"
BLIND_TIP = ("You were asked for a second opinion on this claim: its verdict and rationale show once you "
             "submit yours (Review tab ▸ Propose…).")
_NUMBER_ALIGNMENT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ORPHANS = 1 << 62
"""Where orphans sort: after every claim placed on the text (the text's offsets are far smaller)."""
_ORPHAN_PLACE = 10 ** 23
"""An orphan's place in a column's sort key (24 digits): after any claim's place in a text."""


def row_key(claim: Claim) -> tuple[int, int, int]:
    """A claim's place in the table: text order, orphans (their offsets stale) after, by number."""
    return (_ORPHANS, claim.number or 0, claim.id or 0) if claim.orphan else claim.sort_key()


def orphan_tip(claim: Claim) -> str:
    return (f"Orphaned: its words are no longer in the article (last found in revision {claim.placed_on}). "
            f"Select where it now stands and choose Claim ▸ Attach Here.\n\n“{claim.quote}”")


def changed_tip(claim: Claim) -> str:
    return (f"Its wording changed in a revision: checked on “{claim.old_quote}”, now "
            f"“{claim.quote}”. Claim ▸ Accept New Wording once the check still holds.")


class ClaimsTableModel(QAbstractTableModel):
    NUMBER, QUOTE, CLAIMANT, VERDICT, STATUS = range(5)
    HEADERS = ("#", "Claim", "Claimant", "Verdict", "Status")
    EXCERPT_LENGTH = 140

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._claims: list[Claim] = []
        self._keys: list[tuple[int, int, int]] = []
        self._key_of: dict[int, tuple[int, int, int]] = {}
        """Each claim's sort key by id: its row is a binary search away (thousands of claims)."""
        self.scale: RatingScale | None = None
        self.article_id: int | None = None
        self._rated = 0  # claims with a verdict, kept as claims come and go (the panel shows it at each edit)
        self._reviewing = 0  # claims a revision changed or orphaned, kept likewise (the Revision tab's count)
        self._highest: int | None = 0  # the highest claim number; None: to be counted again
        self.blind: frozenset[int] = frozenset()
        """Claims whose verdict this reviewer may not see yet (a second opinion they owe)."""
        self.changed: set[int] = set()
        """Claims colleagues changed since this reviewer last looked (marked until selected)."""

    # -------------------------------------------------------------- filling

    def reset(self, article_id: int | None, claims: list[Claim], scale: RatingScale | None) -> None:
        self.beginResetModel()
        if article_id != self.article_id:
            self.changed = set()
        self.article_id = article_id
        self._claims = sorted(map(self._masked, claims), key=row_key)
        self._keys = [row_key(c) for c in self._claims]
        self._key_of = {c.id: key for c, key in zip(self._claims, self._keys, strict=True)}
        self._rated = sum(1 for c in self._claims if c.verdict)
        self._reviewing = sum(1 for c in self._claims if c.needs_review)
        self._highest = None
        self.scale = scale
        self.endResetModel()

    def set_scale(self, scale: RatingScale) -> None:
        self.scale = scale
        if self._claims:  # the numbers stay: leaving their column out spares sizing it again
            self.dataChanged.emit(self.index(0, self.QUOTE), self.index(len(self._claims) - 1, self.STATUS))

    def set_blind(self, claim_ids) -> list[int]:
        """Hold these claims without verdict and rationale; the shown claims whose blindness changed.

        A claim that is no longer blind must be given again, as stored (``replace_claim``):
        the model never held its verdict.
        """
        blind = frozenset(claim_ids)
        changed = [c.id for c in self._claims if (c.id in blind) != (c.id in self.blind)]
        self.blind = blind
        for claim_id in changed:
            if claim_id in blind:
                self.replace_claim(self.claim(claim_id))
        return changed

    def mark_changed(self, claim_ids, changed: bool = True) -> None:
        """Mark claims as changed by colleagues since this reviewer last looked (or take the mark off)."""
        for claim_id in claim_ids:
            if (claim_id in self.changed) == changed:
                continue
            (self.changed.add if changed else self.changed.discard)(claim_id)
            row = self.row_of(claim_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, self.NUMBER), self.index(row, self.NUMBER), [_DECORATION])

    def _masked(self, claim: Claim) -> Claim:
        if claim.id in self.blind and (claim.verdict or claim.rationale):
            return claim.with_(verdict=None, rationale="")
        return claim

    def insert_claim(self, claim: Claim) -> int:
        claim = self._masked(claim)
        key = row_key(claim)
        row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._claims.insert(row, claim)
        self._keys.insert(row, key)
        self._key_of[claim.id] = key
        self._rated += bool(claim.verdict)
        self._reviewing += claim.needs_review
        if self._highest is not None:
            self._highest = max(self._highest, claim.number or 0)
        self.endInsertRows()  # the others keep their numbers: claims are numbered for life
        return row

    def replace_claim(self, claim: Claim) -> None:
        row = self.row_of(claim.id)
        if row is None:
            return
        if row_key(claim) != self._keys[row]:  # placed elsewhere (attached by hand, a revision): it moves
            self.remove_claim(claim.id)
            self.insert_claim(claim)
            return
        claim = self._masked(claim)
        old, self._claims[row] = self._claims[row], claim
        self._rated += bool(claim.verdict) - bool(old.verdict)
        self._reviewing += claim.needs_review - old.needs_review
        if old.number != claim.number:
            self._highest = None
        # Its number stays: leaving that column out spares the table re-measuring
        # every row's number (the column is sized to its contents).
        self.dataChanged.emit(self.index(row, self.QUOTE), self.index(row, self.STATUS))

    def remove_claim(self, claim_id: int) -> None:
        row = self.row_of(claim_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._rated -= bool(self._claims[row].verdict)
        self._reviewing -= self._claims[row].needs_review
        if self._highest is not None and (self._claims[row].number or 0) >= self._highest:
            self._highest = None
        del self._claims[row]
        del self._keys[row]
        del self._key_of[claim_id]
        self.endRemoveRows()

    # -------------------------------------------------------------- reading

    def claims(self) -> list[Claim]:
        return list(self._claims)

    def rated_count(self) -> int:
        """How many claims have a verdict."""
        return self._rated

    def highest_number(self) -> int:
        """The highest claim number shown (0 without claims)."""
        if self._highest is None:
            self._highest = max((c.number or 0 for c in self._claims), default=0)
        return self._highest

    def claim_at(self, row: int) -> Claim:
        return self._claims[row]

    def row_of(self, claim_id: int | None) -> int | None:
        key = self._key_of.get(claim_id)
        return None if key is None else bisect.bisect_left(self._keys, key)

    def placed_count(self) -> int:
        """How many claims stand on the text (all but the orphans, which come last)."""
        return bisect.bisect_left(self._keys, (_ORPHANS, -1, -1))

    def needing_review(self) -> list[Claim]:
        """The claims a revision changed the wording of, then those it orphaned."""
        return [c for c in self._claims if c.needs_review] if self._reviewing else []

    def needing_review_count(self) -> int:
        """How many claims :meth:`needing_review` lists (kept as claims come and go: asked at every selection)."""
        return self._reviewing

    def claims_overlapping(self, start: int, end: int) -> list[Claim]:
        """Claims whose span meets ``[start, end)``, in text order (never an orphan)."""
        upto = bisect.bisect_left(self._keys, (end, -1, -1))  # those starting before ``end``
        return [c for c in self._claims[:upto] if c.anchor.end > start]

    def claim(self, claim_id: int | None) -> Claim | None:
        row = self.row_of(claim_id)
        return None if row is None else self._claims[row]

    def number_of(self, claim_id: int) -> int | None:
        """The claim's number for life (given when it was marked), as every report shows it."""
        claim = self.claim(claim_id)
        return None if claim is None else claim.number

    def claims_at(self, position: int) -> list[Claim]:
        """Claims whose span covers a code-point position, innermost (shortest) first (never an orphan)."""
        end = bisect.bisect_right(self._keys, (position, 1 << 62, 1 << 62))
        covering = [c for c in self._claims[:end] if c.start <= position < c.end]
        return sorted(covering, key=lambda c: c.end - c.start)

    def color_of(self, claim: Claim) -> str:
        return self.scale.color_of(claim.verdict) if self.scale else NEUTRAL_COLOR

    # ------------------------------------------------------------ Qt model

    def index(self, row: int, column: int, parent: _Index = _NO_PARENT) -> QModelIndex:
        # Qt's own asks rowCount() and columnCount() first: two calls into Python for every
        # index the sorting proxy maps, where this is one.
        if 0 <= row < len(self._claims) and 0 <= column < len(self.HEADERS) and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        return self.value(index.row(), index.column(), role)

    def value(self, row: int, column: int, role: int):
        """What :meth:`data` answers for the cell at ``row`` and ``column`` in ``role`` (None for none).

        The sorting proxy asks it for every role of a cell at once (``multiData``).
        """
        if role not in _ROLES or not 0 <= row < len(self._claims):
            return None
        claim = self._claims[row]
        if role == _DISPLAY:
            if column == self.NUMBER:
                return str(claim.number or "")
            if column == self.QUOTE:
                return f"Orphaned · {excerpt(claim.quote, self.EXCERPT_LENGTH)}" if claim.orphan else \
                    excerpt(claim.quote, self.EXCERPT_LENGTH)
            if column == self.CLAIMANT:
                return claim.claimant or "—"
            if column == self.VERDICT:
                return claim.verdict or ("Hidden" if claim.id in self.blind else "Unrated")
            if column == self.STATUS:
                return ClaimStatus(claim.status).label
        if role == _TOOLTIP:
            if column == self.NUMBER and claim.id in self.changed:
                return CHANGED_TIP
            if column == self.QUOTE:
                return orphan_tip(claim) if claim.orphan else changed_tip(claim) if claim.needs_review else claim.quote
            if column == self.VERDICT and claim.id in self.blind:
                return BLIND_TIP
            if column == self.VERDICT and self.scale and claim.verdict:
                verdict = self.scale.verdict(claim.verdict)
                return verdict.definition if verdict else None
        if role == _ALIGNMENT and column == self.NUMBER:
            return _NUMBER_ALIGNMENT
        if role == _DECORATION:
            if column == self.NUMBER:
                return _changed_mark() if claim.id in self.changed else None
            return _review_mark() if column == self.QUOTE and claim.needs_review else None
        if role == _FONT:
            return _italic() if column == self.QUOTE and claim.orphan else None
        if role == ClaimRole:
            return claim
        if role == ClaimIdRole:
            return claim.id
        if role == VerdictColorRole:
            return self.color_of(claim)
        if role == SortKeyRole:
            return self._sort_key(claim, column)
        return None

    def _sort_key(self, claim: Claim, column: int):
        """Keys of one type per column, each ending in the place in the text to break ties (orphans after, by number:
        their offsets are an earlier text's)."""
        place = (_ORPHAN_PLACE + (claim.number or 0) if claim.orphan
                 else claim.start * 1_000_000 + min(claim.end - claim.start, 999_999))
        if column == self.NUMBER:
            return f"{claim.number or 0:012d}"
        if column == self.CLAIMANT:
            return f"{int(not claim.claimant)}{claim.claimant.casefold()}\x00{place:024d}"
        if column == self.VERDICT:
            labels = [v.label for v in self.scale.verdicts] if self.scale else []
            position = labels.index(claim.verdict) if claim.verdict in labels else len(labels) + 1
            return f"{position:06d}{place:024d}"
        if column == self.STATUS:
            return f"{_STATUS_ORDER[ClaimStatus(claim.status)]:02d}{place:024d}"
        return f"{place:024d}"


def _changed_mark() -> QIcon:
    """A small round dot beside the number of a claim a colleague changed, as the library marks its article."""
    return _dot(QGuiApplication.palette().color(QPalette.ColorRole.Highlight).name())


def _review_mark() -> QIcon:
    """A hollow ring before the quote of a claim a revision changed or orphaned: look at it again."""
    return _ring()


@functools.cache
def _italic() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setItalic(True)
    return font


@functools.cache
def _ring() -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(REVIEW_COLOR))
    pen.setWidthF(1.6)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(2.5, 2.5, 7, 7))
    painter.end()
    from PySide6.QtGui import QIcon

    return QIcon(pixmap)


@functools.cache
def _dot(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    from PySide6.QtGui import QIcon

    return QIcon(pixmap)


def excerpt(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
