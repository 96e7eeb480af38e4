"""Rows painted as selected or under the mouse: asked of the view, as the view decides (factcheck.ui.item_state)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from factcheck.ui.item_state import is_selected, is_under_mouse


class Recording(QStyledItemDelegate):
    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.painted: dict[int, tuple[bool, bool, bool]] = {}

    def paint(self, painter, option, index) -> None:
        self.painted[index.row()] = (is_selected(option, index), bool(option.state & QStyle.StateFlag.State_Selected),
                                     is_under_mouse(option, index))
        super().paint(painter, option, index)


def test_a_row_is_selected_as_the_view_paints_it_and_under_the_mouse_where_the_mouse_is(qtbot):
    view = QListView()
    qtbot.addWidget(view)
    model = QStringListModel(["first", "second", "third"], view)
    view.setModel(model)
    view.setMouseTracking(True)
    delegate = Recording(view)
    view.setItemDelegate(delegate)
    view.resize(200, 200)
    view.show()
    qtbot.waitExposed(view)
    view.setCurrentIndex(model.index(1, 0))
    QTest.mouseMove(view.viewport(), view.visualRect(model.index(2, 0)).center())
    delegate.painted.clear()
    view.viewport().repaint()

    assert {row: (mine, qt) for row, (mine, qt, _) in delegate.painted.items()} == {
        0: (False, False), 1: (True, True), 2: (False, False)}
    assert [row for row, (*_, hovered) in delegate.painted.items() if hovered] == [2]


def test_without_a_view_the_option_says(qtbot):
    option = QStyleOptionViewItem()
    option.state = QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver
    index = QStringListModel(["only"]).index(0, 0)
    assert is_selected(option, index) and is_under_mouse(option, index)
    option.state = QStyle.StateFlag.State_None
    assert not is_selected(option, index) and not is_under_mouse(option, index)
