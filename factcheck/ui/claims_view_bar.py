"""The claims view's filter row: the search box, a chooser per field, and the date choice.

:class:`FilterBar` shows a :class:`~factcheck.ui.claims_view_filter.ClaimsFilter` and says
when the reviewer changed it (:attr:`FilterBar.changed`; typing in the search box, after a
pause). The choosers list the library's values (:meth:`FilterBar.set_values`), "Any" first.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from factcheck.core.claims import ClaimStatus
from factcheck.core.dates import InvalidDate, format_date
from factcheck.ui.claims_view_filter import CHOOSERS, DATED, WHEN, ClaimsFilter
from factcheck.ui.date_field import DateField

TYPING_PAUSE_MS = 300
"""The search box asks the store once typing pauses this long."""
QUERY_HINT = ('Words, "a phrase", -left out, claimant:, verdict:, status:, reviewer:, outlet:, article: (its headline), '
              'before:, after:')
ANY = "Any"
NONE_LABELS = {"claimant": "No claimant", "verdict": "Unrated", "reviewer": "No reviewer"}
"""The choice of claims with no value, for the fields where that is worth finding."""
LABELS = {"claimant": "Clai&mant", "verdict": "&Verdict", "status": "S&tatus", "reviewer": "Revie&wer",
          "outlet": "&Outlet"}


class FilterBar(QWidget):
    changed = Signal()
    """The reviewer changed the filter (the search box: once typing pauses)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, objectName="claimsFilterBar")
        self.query = QLineEdit(objectName="claimsQuery", clearButtonEnabled=True)
        self.query.setPlaceholderText(QUERY_HINT)
        self.query.setToolTip("The library search's language: " + QUERY_HINT)
        find_label = QLabel("&Find:", buddy=self.query)
        self.problems = QLabel(objectName="fieldError", wordWrap=True)
        self.problems.hide()
        self.typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.changed)
        self.query.textEdited.connect(lambda _: self.typing.start())
        self.query.returnPressed.connect(self._query_entered)

        self.top = QHBoxLayout()
        """The search box's row: the view adds its saved filters at its end."""
        self.top.addWidget(find_label)
        self.top.addWidget(self.query, 1)

        self.choosers: dict[str, QComboBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for column, key in enumerate(CHOOSERS):
            box = QComboBox(objectName=f"{key}Chooser")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(9)  # a long name elides rather than widen the row
            box.activated.connect(lambda _i: self.changed.emit())
            self.choosers[key] = box
            grid.addWidget(QLabel(LABELS[key], buddy=box), 0, column)
            grid.addWidget(box, 1, column)
            grid.setColumnStretch(column, 1)
        self.set_values({})

        self.dated = QComboBox(objectName="datedChooser")
        for key, label in DATED.items():
            self.dated.addItem(label, key)
        self.dated.setToolTip("Which of the claim's dates the period is about")
        self.when = QComboBox(objectName="whenChooser")
        for key, label in WHEN.items():
            self.when.addItem(label, key)
        self.when.setToolTip("Today, this week and this month are the ones you open the filter in, also when saved")
        self.dated.activated.connect(lambda _i: self._dates_changed())
        self.when.activated.connect(lambda _i: self._dates_changed())
        self.first_day = DateField()
        self.last_day = DateField()
        for day in (self.first_day, self.last_day):
            day.setPlaceholderText("any day")
            day.setMinimumWidth(120)
            day.editingFinished.connect(self._range_edited)
        self._range_read: tuple[str, str] = ("", "")
        self.range = QWidget(objectName="dateRange")
        span = QHBoxLayout(self.range)
        span.setContentsMargins(0, 0, 0, 0)
        span.addWidget(self.first_day, 1)
        span.addWidget(QLabel("to"))
        span.addWidget(self.last_day, 1)
        self.range.hide()
        date_row = QHBoxLayout()
        date_row.setContentsMargins(0, 0, 0, 0)
        date_row.addWidget(self.dated)
        date_row.addWidget(self.when)
        date_row.addWidget(self.range, 2)
        column = len(CHOOSERS)
        grid.addWidget(QLabel("Dat&e", buddy=self.dated), 0, column)
        grid.addLayout(date_row, 1, column)
        grid.setColumnStretch(column, 2)
        errors = QHBoxLayout()
        errors.addWidget(self.first_day.error)
        errors.addWidget(self.last_day.error)
        grid.addLayout(errors, 2, column)
        self.clear_button = QPushButton("&Clear", objectName="clearFilters", autoDefault=False)
        self.clear_button.setToolTip("Show every claim: no search, no chooser, any time (the sort stays)")
        self.clear_button.clicked.connect(self._clear)
        grid.addWidget(self.clear_button, 1, column + 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.top)
        layout.addWidget(self.problems)
        layout.addLayout(grid)

    # ------------------------------------------------------------------ values

    def set_values(self, values: dict[str, list[str]]) -> None:
        """Fill the choosers with the library's values; each keeps its choice (listed even if no claim holds it now)."""
        for key, box in self.choosers.items():
            chosen = box.currentData() if box.count() else None
            if key == "status":
                offered = [status.value for status in ClaimStatus]
            else:
                offered = list(values.get(key, []))
            if chosen and chosen not in offered:
                offered.append(chosen)
            items = [(ANY, None)] + ([(NONE_LABELS[key], "")] if key in NONE_LABELS else [])
            items += [(ClaimStatus(v).label if key == "status" else v, v) for v in offered]
            if [(box.itemText(i), box.itemData(i)) for i in range(box.count())] == items:
                continue
            box.clear()
            for text, value in items:
                box.addItem(text, value)
            self._choose(box, chosen)

    def show_problems(self, problems) -> None:
        self.problems.setText(" ".join(problems))
        self.problems.setVisible(bool(problems))

    # ------------------------------------------------------------------ filter

    def value(self, sort: str, descending: bool) -> ClaimsFilter:
        """The filter shown (with ``sort``); a range's day that cannot be read counts as not given (its error shows)."""
        first, last = self._range()
        return ClaimsFilter(self.query.text().strip(), *(self.choosers[key].currentData() for key in CHOOSERS),
                            dated=self.dated.currentData(), when=self.when.currentData(), first_day=first,
                            last_day=last, sort=sort, descending=descending)

    def show_filter(self, value: ClaimsFilter) -> None:
        """Show ``value`` (its sort aside); says nothing (no :attr:`changed`)."""
        self.typing.stop()
        self.query.setText(value.query)
        self.problems.hide()
        for key in CHOOSERS:
            box, wanted = self.choosers[key], getattr(value, key)
            if wanted is not None and box.findData(wanted) < 0:  # a value the library no longer holds
                box.addItem(ClaimStatus(wanted).label if key == "status" and wanted in set(ClaimStatus) else wanted,
                            wanted)
            self._choose(box, wanted)
        self.dated.setCurrentIndex(max(0, self.dated.findData(value.dated)))
        self.when.setCurrentIndex(max(0, self.when.findData(value.when)))
        self.first_day.set_date(value.first_day)
        self.last_day.set_date(value.last_day)
        self._range_read = (self.first_day.text(), self.last_day.text())
        self.range.setVisible(value.when == "range")

    @staticmethod
    def _choose(box: QComboBox, value) -> None:
        index = box.findData(value) if value is not None else 0
        box.setCurrentIndex(max(0, index))

    def _query_entered(self) -> None:
        if self.typing.isActive():
            self.typing.stop()
            self.changed.emit()

    def _dates_changed(self) -> None:
        self.range.setVisible(self.when.currentData() == "range")
        self.changed.emit()

    def _range_edited(self) -> None:
        texts = (self.first_day.text(), self.last_day.text())
        if texts != self._range_read:  # leaving a field unchanged asks nothing
            self._range_read = texts
            self.changed.emit()

    def _range(self) -> tuple[str | None, str | None]:
        days: list[str | None] = []
        for field in (self.first_day, self.last_day):
            try:
                day = field.date()
            except InvalidDate as error:
                field.show_error(str(error))
                day = None
            else:
                field.clear_error()
            days.append(day)
        first, last = days
        if first and last and first > last:
            self.last_day.show_error(f"The last day is before the first ({format_date(first)}).")
            last = None
        return first, last

    def _clear(self) -> None:
        self.show_filter(ClaimsFilter())
        self.changed.emit()
