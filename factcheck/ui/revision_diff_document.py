"""The text of the Changes Between Revisions window: the newer revision, what was added marked, what was
removed struck through where it stood, and the claims on it underlined (:class:`DiffDocument`).

Built from a :class:`~factcheck.core.revision_diff.TextDiff` on the UI thread (the diff itself is
made on a worker). Every piece of text put in the document remembers where it came from, in the
newer text, the older or both, so that a claim's offsets (code points of the newer text) and
the changes find their place in the document (UTF-16 positions, as Qt counts).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from factcheck.core.claims import Claim
from factcheck.core.overlaps import covering_runs
from factcheck.core.revision_diff import ParagraphKind, TextDiff
from factcheck.io.colors import mix
from factcheck.ui.palettes import DANGER, PROGRESS, is_dark, readable_on

ADDED_TINT = 0.22
"""How much of the green shows behind added text (light page)."""
DARK_ADDED_TINT = 0.34
REMOVED_TINT = 0.07
CLAIM_COLOR = "#1565c0"
"""The claims' underline and tint: blue, apart from the added text's green and the removed text's red
(verdicts are not shown here: a reviewer may owe a blind opinion on a claim)."""
CLAIM_TINT = 0.14
PARAGRAPH_GAP = 10
MAX_BLOCK = 4_000
"""Characters in one block of the document at most: a longer paragraph (a pasted dump, not prose) is
cut in lines at spaces. Qt lays a block out again whole at each insertion, so a 300,000-character
paragraph built piece by piece took seconds (45 s with 2,000 claims on it)."""


@dataclass(frozen=True)
class Segment:
    """A piece of the document: where it starts (UTF-16), its length (code points), where it came from."""

    doc: int
    length: int
    new: int | None
    """Its offset in the newer text (None: removed text, only in the older)."""
    old: int | None
    """Its offset in the older text (None: added text, only in the newer)."""


@dataclass(frozen=True)
class DiffColors:
    """The colours of the marks, worked out for a palette (readable in light and dark)."""

    added_background: str
    added_text: str
    removed_background: str
    removed_text: str
    claim_background: str
    claim_line: str

    @classmethod
    def of(cls, palette: QPalette) -> DiffColors:
        base = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        dark = is_dark(palette)
        added = mix("#66bb6a" if dark else PROGRESS, base, DARK_ADDED_TINT if dark else ADDED_TINT)
        removed = mix(DANGER, base, REMOVED_TINT * (2 if dark else 1))
        claim = mix("#64b5f6" if dark else CLAIM_COLOR, base, CLAIM_TINT * (1.6 if dark else 1))
        return cls(added, readable_on(text, added), removed, readable_on(DANGER, removed, base), claim,
                   readable_on("#64b5f6" if dark else CLAIM_COLOR, base, ratio=3.0))


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class DiffDocument:
    """The document and where things are in it: :attr:`changes` in order, a span of either text by
    :meth:`new_spans` and :meth:`old_spans`."""

    def __init__(self, diff: TextDiff, colors: DiffColors, font=None, claims: Sequence[Claim] = ()) -> None:
        """``claims``: those standing on the newer text, underlined where they stand (each piece of
        text is inserted with its final format: formatting the laid-out document claim by claim
        took seconds for 2,000 claims)."""
        self.diff = diff
        self.colors = colors
        self.document = QTextDocument()
        self.document.setUndoRedoEnabled(False)
        if font is not None:
            self.document.setDefaultFont(font)
        self.segments: list[Segment] = []
        self.changes: list[tuple[int, int]] = []
        """Each change's start and end in the document (UTF-16), in order: a paragraph added or
        removed, or a run of words changed."""
        self._added = QTextCharFormat()
        self._added.setBackground(QColor(colors.added_background))
        self._added.setForeground(QColor(colors.added_text))
        self._removed = QTextCharFormat()
        self._removed.setFontStrikeOut(True)
        self._removed.setForeground(QColor(colors.removed_text))
        self._removed.setBackground(QColor(colors.removed_background))
        self._plain = QTextCharFormat()
        runs = [(a, b, inner[-1]) for a, b, inner, _, _ in covering_runs(
            sorted(claims, key=Claim.sort_key), lambda c: (c.start, c.end), 0, len(diff.new), depth=1) if inner]
        self._claim_runs = runs
        self._claim_starts = [a for a, _, _ in runs]
        self._claim_formats: dict[tuple[int, int | None], QTextCharFormat] = {}
        self._build()
        news = [s for s in self.segments if s.new is not None]
        self._new_segments = news
        self._new_starts = [s.new for s in news]
        olds = [s for s in self.segments if s.old is not None]
        self._old_segments = olds
        self._old_starts = [s.old for s in olds]

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        diff, old, new = self.diff, self.diff.old, self.diff.new
        cursor = QTextCursor(self.document)
        block = self._block = QTextBlockFormat()
        block.setBottomMargin(PARAGRAPH_GAP)
        self._tight = QTextBlockFormat()  # a paragraph cut in lines (MAX_BLOCK): no gap inside it
        cursor.setBlockFormat(block)
        first = True
        for p in diff.paragraphs:
            if not first:
                cursor.insertBlock(block)
            first = False
            began = cursor.position()
            if p.kind == ParagraphKind.SAME:
                self._insert(cursor, new[p.new_start:p.new_end], self._plain, p.new_start, p.old_start)
            elif p.kind == ParagraphKind.ADDED:
                self._insert(cursor, new[p.new_start:p.new_end], self._added, p.new_start, None)
                self.changes.append((began, cursor.position()))
            elif p.kind == ParagraphKind.REMOVED:
                self._insert(cursor, old[p.old_start:p.old_end], self._removed, None, p.old_start)
                self.changes.append((began, cursor.position()))
            else:
                at, old_at = p.new_start, p.old_start
                for c in p.changes:
                    self._insert(cursor, new[at:c.new_start], self._plain, at, old_at)
                    change_began = cursor.position()
                    self._insert(cursor, old[c.old_start:c.old_end], self._removed, None, c.old_start)
                    self._insert(cursor, new[c.new_start:c.new_end], self._added, c.new_start, None)
                    self.changes.append((change_began, cursor.position()))
                    at, old_at = c.new_end, c.old_end
                self._insert(cursor, new[at:p.new_end], self._plain, at, old_at)

    def _insert(self, cursor: QTextCursor, text: str, fmt: QTextCharFormat, new: int | None, old: int | None) -> None:
        """Insert ``text`` (from ``new`` in the newer text and ``old`` in the older; None: not in it), a
        line break at a space where the paragraph would grow past :data:`MAX_BLOCK`."""
        while text:
            room = MAX_BLOCK - (cursor.position() - cursor.block().position())
            if room <= 0:
                cursor.setBlockFormat(self._tight)
                cursor.insertBlock(self._block)
                continue
            cut = len(text) if len(text) <= room else (text.rfind(" ", 0, room) + 1 or room)
            self._insert_piece(cursor, text[:cut], fmt, new, old)
            text = text[cut:]
            new = None if new is None else new + cut
            old = None if old is None else old + cut
            if text:
                cursor.setBlockFormat(self._tight)
                cursor.insertBlock(self._block)

    def _insert_piece(self, cursor: QTextCursor, text: str, fmt: QTextCharFormat, new: int | None,
                      old: int | None) -> None:
        self.segments.append(Segment(cursor.position(), len(text), new, old))
        if new is None:
            cursor.insertText(text, fmt)
            return
        at, end = new, new + len(text)
        k = max(0, bisect.bisect_right(self._claim_starts, at) - 1)
        while at < end:
            if k < len(self._claim_runs) and self._claim_runs[k][1] <= at:
                k += 1
                continue
            if k < len(self._claim_runs) and self._claim_runs[k][0] <= at:  # inside a claim
                b, claim = min(end, self._claim_runs[k][1]), self._claim_runs[k][2]
                cursor.insertText(text[at - new:b - new], self._claimed(fmt, claim, added=old is None))
            else:
                b = min(end, self._claim_runs[k][0]) if k < len(self._claim_runs) else end
                cursor.insertText(text[at - new:b - new], fmt)
            at = b

    def _claimed(self, fmt: QTextCharFormat, claim: Claim, added: bool) -> QTextCharFormat:
        """``fmt`` with a claim's underline (and tint, outside added text: its green stays)."""
        key = (id(fmt), claim.number)
        claimed = self._claim_formats.get(key)
        if claimed is None:
            claimed = self._claim_formats[key] = QTextCharFormat(fmt)
            claimed.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            claimed.setUnderlineColor(QColor(self.colors.claim_line))
            claimed.setToolTip(f"Claim {claim.number}" if claim.number else "Claim")
            if not added:
                claimed.setBackground(QColor(self.colors.claim_background))
        return claimed

    # ------------------------------------------------------------ finding

    def _spans(self, segments: list[Segment], starts: list[int], start: int, end: int,
               which: str) -> list[tuple[int, int, Segment]]:
        text = self.diff.new if which == "new" else self.diff.old
        out = []
        k = max(0, bisect.bisect_right(starts, start) - 1)
        while k < len(segments) and starts[k] < end:
            segment, origin = segments[k], starts[k]
            a, b = max(start, origin), min(end, origin + segment.length)
            if a < b:
                doc = segment.doc + _u16(text[origin:a])
                out.append((doc, doc + _u16(text[a:b]), segment))
            k += 1
        return out

    def new_spans(self, start: int, end: int) -> list[tuple[int, int, Segment]]:
        """The document's stretches (UTF-16 start, end, segment) showing ``new[start:end]``, in order."""
        return self._spans(self._new_segments, self._new_starts, start, end, "new")

    def old_spans(self, start: int, end: int) -> list[tuple[int, int, Segment]]:
        """The same for ``old[start:end]`` (a passage removed, or kept)."""
        return self._spans(self._old_segments, self._old_starts, start, end, "old")
