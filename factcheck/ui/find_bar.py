"""Find in the article (Ctrl+F): a bar under the article's text that finds as you type.

Matching is by the article's text as stored, in code points (the view converts
to Qt's UTF-16 units). Letters match whatever their accents, and typographic
quotes match straight ones ("Ilic" finds "Ilić", "don't" finds "don’t");
letters match whatever their case unless *Match case* is on. Each character is
folded to exactly one character (lower case one for one: "ß" does not find "ss"),
so a match's offsets in the folded text are its offsets in the article.

The count is exact however many matches there are; only those in sight
are tinted (:meth:`ArticleView.show_find_matches`), again as the article
scrolls, so a keystroke costs the same for 10 matches as for 30,000. Nothing
here writes to the document, its undo history or the library.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from factcheck.ui.article_view import ArticleView
from factcheck.ui.palettes import DANGER, readable_on

QUOTES = {"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
          "\u00a0": " "}
"""Characters that a query typed on a keyboard spells otherwise."""

SEED_LIMIT = 200
"""Characters of a selection at most that Ctrl+F takes as the query (a quote, not a page)."""

TINT_LIMIT = 2_000
"""Matches tinted at most at a time: more than fit in sight in any window."""
SIGHT_LIMIT = 30_000
"""Characters at most that can be in sight: a guard against a view that reports the whole text in sight."""

_WORD = re.compile(r"\w")
_START = re.Match.start


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def plain_char(char: str) -> str:
    """``char`` without its accents, a typographic quote as a keyboard types it: always one character."""
    char = QUOTES.get(char, char)
    decomposed = unicodedata.normalize("NFD", char)
    if (len(decomposed) > 1 and not unicodedata.combining(decomposed[0])
            and all(unicodedata.combining(mark) for mark in decomposed[1:])):
        return decomposed[0]
    return char


def fold(text: str, match_case: bool) -> str:
    """``text`` as Find compares it: as long as ``text``, so that offsets carry over.

    Accents and quote styles go (:func:`plain_char`); letters are lower-cased
    unless ``match_case``, one character for one (a letter whose lower case is
    two characters, as "İ", is kept, and the final sigma is a sigma).
    Quick on a long article: ``re`` and ``str.lower`` do the pass over the text,
    Python only sees its few characters outside ASCII.
    """
    plain = {c: p for c in set(_NON_ASCII.findall(text)) if (p := plain_char(c)) != c}
    if plain:
        text = re.sub("[" + "".join(map(re.escape, plain)) + "]", lambda m: plain[m.group()], text)
    if match_case:
        return text
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(low if len(low := c.lower()) == 1 else c for c in text)
    return lowered.replace("ς", "σ") if "ς" in lowered else lowered


class TextFinder:
    """Every match of a query in one text, as code-point starts; the text is folded once per option."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: dict[bool, str] = {}

    def folded(self, match_case: bool) -> str:
        if match_case not in self._folded:
            self._folded[match_case] = fold(self.folded(True) if not match_case else self.text, match_case)
        return self._folded[match_case]

    def find(self, query: str, match_case: bool = False, whole_words: bool = False) -> list[int]:
        """The starts of ``query``'s matches, in order, none overlapping; each is ``len(query)`` long.

        With ``whole_words`` a match may not continue a word: no letter or
        digit before a query that begins with one, nor after one that ends with one.
        """
        if not query:
            return []
        needle = fold(query, match_case)
        pattern = re.escape(needle)
        if whole_words:  # the literal first, so that re can skip ahead to it; then what stands around it
            if _WORD.match(needle[0]):
                pattern += rf"(?<!\w{re.escape(needle)})"
            if _WORD.match(needle[-1]):
                pattern += r"(?!\w)"
        return list(map(_START, re.finditer(pattern, self.folded(match_case))))


class FindBar(QWidget):
    """The find bar of an :class:`ArticleView`: query, options, count, previous/next and close."""

    open_changed = Signal(bool)
    """The bar was shown (True) or closed (False)."""

    def __init__(self, view: ArticleView, parent=None) -> None:
        super().__init__(parent, objectName="findBar")
        self.view = view
        self._finder = TextFinder(view.article_text())
        self._matches: list[int] = []
        self._length = 0
        self._current: int | None = None
        self._origin = 0  # where finding as you type starts: the cursor when the bar opened, the match after a step
        self._placed: tuple[int, int] | None = None  # the view's cursor (anchor, position) as the bar left it
        self._searches = 0  # searches made: which list of matches the tints were taken from
        self._tinted: tuple | None = None  # what the view tints: (search, first match, end, current)
        self._moving = False

        self.field = QLineEdit(placeholderText="Find in the article", objectName="findField")
        self.field.setAccessibleName("Find in the article")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(140)
        self.case_button = self._button("Aa", "Match case (Alt+C)", checkable=True)
        self.words_button = self._button("Whole words", "Whole words only (Alt+W)", checkable=True)
        self.previous_button = self._button("", "Previous match (Shift+Enter, Shift+F3)")
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button = self._button("", "Next match (Enter, F3)")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.count = QLabel(objectName="findCount")
        self.note = QLabel(objectName="hint")  # the stylesheet's muted colour
        self.close_button = self._button("✕", "Close the find bar (Esc)")
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.field, 3)
        for widget in (self.case_button, self.words_button, self.previous_button, self.next_button):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(self.count)
        layout.addSpacing(6)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.close_button)

        self.field.textChanged.connect(self._search)
        self.case_button.toggled.connect(self._search)
        self.words_button.toggled.connect(self._search)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        for widget in (self.field, self.case_button, self.words_button, self.previous_button, self.next_button,
                       self.close_button):
            widget.installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        view.verticalScrollBar().rangeChanged.connect(self._follow_scroll)
        self.hide()

    def _button(self, text: str, tip: str, checkable: bool = False) -> QToolButton:
        button = QToolButton(text=text, toolTip=tip, checkable=checkable)
        button.setAccessibleName(tip.split(" (")[0])
        return button

    # ------------------------------------------------------------------ commands

    def open(self) -> None:
        """Ctrl+F: show the bar with the query selected, taking the article's selection as the query if it is one."""
        span = self.view.selection_span()
        text = self.view.article_text()
        self._origin = self.view.cursor_offset()
        self._placed = None
        self._show()
        seed = text[span[0]:span[1]] if span is not None and span != self._current_span() else ""
        if seed and len(seed) <= SEED_LIMIT and "\n" not in seed and seed != self.field.text():
            self.field.setText(seed)  # finds it, as typing it would
        else:
            self._search()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def find_words(self, query: str) -> None:
        """Show the bar finding ``query`` from the top of the article (the library search opens a match so)."""
        self._origin = 0
        self._placed = None
        self._show()
        if query != self.field.text():
            self.field.setText(query)
        else:
            self._search()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def close_bar(self) -> None:
        """Esc: hide the bar and the tints; the article takes the focus with the match still selected."""
        if self.isHidden():
            return
        self.hide()
        self._tinted = None
        self.view.show_find_matches([])
        self.note.clear()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.open_changed.emit(False)

    def article_changed(self) -> None:
        """A new text in the view: find in it from its start, if the bar is open."""
        self._finder = TextFinder(self.view.article_text())
        self._matches, self._current, self._origin, self._placed, self._tinted = [], None, 0, None, None
        if not self.isHidden():
            self._search()

    # -------------------------------------------------------------------- state

    def _current_span(self) -> tuple[int, int] | None:
        if self._current is None:
            return None
        start = self._matches[self._current]
        return start, start + self._length

    # ------------------------------------------------------------------ finding

    def _show(self) -> None:
        if self.isHidden():
            self.show()
            self.open_changed.emit(True)

    def _refresh(self) -> None:
        query = self.field.text()
        self._matches = self._finder.find(query, self.case_button.isChecked(), self.words_button.isChecked())
        self._length = len(query)
        self._current = None
        self._searches += 1

    def _search(self, *args) -> None:
        """Find as you type: the first match at or after where finding started becomes the current one."""
        self._refresh()
        if self._placed is not None and self._cursor() != self._placed:
            self._origin = self.view.cursor_offset()  # the reader has moved the cursor since: start from there
        if not self._matches:
            self._show_count("")
            self._retint()
            return
        index = bisect_left(self._matches, self._origin)
        self._go(index % len(self._matches), "Wrapped to the top" if index == len(self._matches) else "")

    def _step(self, direction: int) -> None:
        if not self.field.text():
            self.open()
            return
        if self.isHidden():  # F3 with the bar closed: the last query, from where the reader is now
            self._show()
            self._refresh()
            self._show_count("")
        if not self._matches:
            self._retint()
            return
        span = self.view.selection_span()
        here = span[0] if span else self.view.cursor_offset()
        if direction > 0:
            index = (bisect_right if span else bisect_left)(self._matches, here)
            note = "Wrapped to the top" if index == len(self._matches) else ""
        else:
            index = bisect_left(self._matches, here) - 1
            note = "Wrapped to the bottom" if index < 0 else ""
        index %= len(self._matches)
        self._origin = self._matches[index]
        self._go(index, note)

    def _go(self, index: int, note: str) -> None:
        """Make match ``index`` the current one: select it, bring it into sight, tint those around it."""
        self._current = index
        start = self._matches[index]
        self._moving = True
        try:
            self.view.reveal_span(start, start + self._length)
        finally:
            self._moving = False
        self._placed = self._cursor()
        self._show_count(note)
        self._retint()

    def _cursor(self) -> tuple[int, int]:
        cursor = self.view.textCursor()
        return cursor.anchor(), cursor.position()

    def _follow_scroll(self, *args) -> None:
        if not self._moving and not self.isHidden():
            self._retint()

    def _retint(self) -> None:
        """Tint the matches in sight (the current one more strongly); called again as the article scrolls.

        Each tint costs the paint of the article a little, so none is laid where
        nobody sees it: a scroll tints the new lines before they are painted.
        """
        if not self._matches:
            tinted: tuple = ()
        else:
            first, last = self.view.visible_span()
            low = bisect_left(self._matches, first - self._length)
            high = min(bisect_right(self._matches, min(last, first + SIGHT_LIMIT)), low + TINT_LIMIT)
            tinted = (self._searches, low, high, self._current)
        if tinted == self._tinted:
            return
        self._tinted = tinted
        spans = [(start, start + self._length) for start in self._matches[low:high]] if tinted else []
        self.view.show_find_matches(spans, self._current_span())

    def _show_count(self, note: str) -> None:
        self.note.setText(note)
        if not self.field.text():
            self.count.setText("")
        elif self._current is None:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{self._current + 1:,} of {len(self._matches):,}")
        self._color_count()

    def _color_count(self) -> None:
        """"No matches" in the error red, made lighter on a dark palette so that it stays readable."""
        if self.count.text() == "No matches":
            palette = self.palette()
            red = readable_on(DANGER, palette.color(QPalette.ColorRole.Window).name(),
                              palette.color(QPalette.ColorRole.Base).name())
            self.count.setStyleSheet(f"color: {red};")
        else:
            self.count.setStyleSheet("")

    # ------------------------------------------------------------------- events

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._color_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter, Shift+Enter, Alt+C and Alt+W in the bar are the bar's (Alt+C opens the Claim menu elsewhere)."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift, alt = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and watched is self.field and modifiers in (shift, Qt.KeyboardModifier.NoModifier):
            command = self.find_previous if modifiers == shift else self.find_next
        elif key == Qt.Key.Key_C and modifiers == alt:
            command = self.case_button.toggle
        elif key == Qt.Key.Key_W and modifiers == alt:
            command = self.words_button.toggle
        else:
            return False  # Enter on a button presses it
        event.accept()
        if kind == QEvent.Type.KeyPress:
            command()
        return True
