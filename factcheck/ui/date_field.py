"""A date field: typed as people write dates, or picked on a calendar.

The text is read by :func:`factcheck.core.dates.parse_date`, with the order of
dates in figures and the month names of the field's locale ("10/07/2017" is
10 July in Britain, 7 October in the United States). A date the field cannot
read is refused with a message under it; nothing is saved.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit

from factcheck.core.dates import format_date, numeric_order, parse_date


def calendar_icon(color) -> QIcon:
    """A small calendar page, drawn so that it needs no icon theme."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2.5))
    painter.drawRoundedRect(QRectF(4, 6, 24, 22), 3, 3)
    painter.fillRect(QRectF(4, 6, 24, 6), color)
    painter.drawLine(QPointF(10, 3), QPointF(10, 8))
    painter.drawLine(QPointF(22, 3), QPointF(22, 8))
    for x in (10, 16, 22):
        for y in (17, 23):
            painter.fillRect(QRectF(x - 1.5, y - 1.5, 3, 3), color)
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A date as people write it ("10 July 2017", "July 10, 2017", "2017-07-10", figures), with a calendar.

    ``error`` is a label for the form to place under the field; it shows why a
    date was refused. Alt+Down or F4 opens the calendar, as on a combo box.
    """

    def __init__(self, iso: str | None = "", parent=None) -> None:
        super().__init__(parent, objectName="dateField")
        self.error = QLabel(objectName="fieldError", wordWrap=True)
        self.error.hide()
        self.set_date(iso)
        self.setPlaceholderText(f"e.g. 10 July 2017 or {self._example()}")
        self.calendar_action = self.addAction(calendar_icon(self.palette().color(QPalette.ColorRole.Text)),
                                              QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Pick the date on a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.calendar = None  # a QCalendarWidget in a QMenu, made when first opened
        self.popup = None

    # ---------------------------------------------------------------- values

    def set_date(self, iso: str | None) -> None:
        """Show a stored date (ISO text, or None) the way people read it: 10 July 2017."""
        shown = format_date(iso) if iso else ""
        if self.text() != shown:
            self.setText(shown)
        self.setModified(False)
        self.clear_error()

    def date(self) -> str | None:
        """The date typed, as ISO text (None when blank); raises InvalidDate with a message for the user."""
        locale = self.locale()
        names = {}
        for month in range(1, 13):
            for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
                names[locale.monthName(month, form)] = month
                names[locale.standaloneMonthName(month, form)] = month
        order = numeric_order(locale.dateFormat(QLocale.FormatType.ShortFormat))
        return parse_date(self.text(), order=order, month_names=names)

    def _example(self) -> str:
        """10 July 2017 in the locale's figures, the year in full: 10/07/2017, 7/10/2017, 10.07.2017…"""
        pattern = self.locale().dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in pattern:
            pattern = pattern.replace("yy", "yyyy")
        return QDate(2017, 7, 10).toString(pattern)

    # ---------------------------------------------------------------- errors

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.setProperty("invalid", True)
        # By name, so the rule stays on the field and off the calendar it owns.
        self.setStyleSheet("QLineEdit#dateField { border: 1px solid #c62828; }")

    def clear_error(self) -> None:
        if self.property("invalid"):
            self.setProperty("invalid", False)
            self.setStyleSheet("")
        self.error.hide()

    # -------------------------------------------------------------- calendar

    def open_calendar(self) -> None:
        """Show a month to pick the date from: the date typed, else today."""
        if self.popup is None:  # made when first wanted: most fields are typed in
            from PySide6.QtWidgets import QCalendarWidget, QMenu, QWidgetAction  # (and loaded then)

            self.calendar = QCalendarWidget()
            self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            self.popup = QMenu(self)
            holder = QWidgetAction(self.popup)
            holder.setDefaultWidget(self.calendar)
            self.popup.addAction(holder)
        try:
            iso = self.date()
        except ValueError:
            iso = None
        self.calendar.setSelectedDate(QDate.fromString(iso, Qt.DateFormat.ISODate) if iso else QDate.currentDate())
        self.popup.popup(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.popup.hide()
        self.setText(format_date(day.toString(Qt.DateFormat.ISODate)))
        self.setModified(True)
        self.clear_error()
        self.editingFinished.emit()  # a date picked is a date entered

    def keyPressEvent(self, event) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)
