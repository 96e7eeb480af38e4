"""Whether a row a delegate paints is selected or under the mouse, asked of its view instead of ``option.state``.

Reading a style option's ``state`` makes PySide build its Python class of ``QStyle``,
with some forty enums (about 9 ms), and the window's first paint needs that class for
nothing else: the library list and the claims table paint their rows with these
instead (bench/cold_start.py). They say what the view tells its delegates: a row is
selected when the view's selection model holds it, and under the mouse when the mouse
is over the view's viewport, on that row. Without a view, ``option.state`` answers.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem


def is_selected(option: QStyleOptionViewItem, index: QModelIndex) -> bool:
    """Whether the view paints ``index`` as selected (``QStyle.State_Selected``)."""
    view = option.widget
    if isinstance(view, QAbstractItemView) and view.selectionModel() is not None:
        return view.selectionModel().isSelected(index)
    from PySide6.QtWidgets import QStyle

    return bool(option.state & QStyle.StateFlag.State_Selected)


def is_under_mouse(option: QStyleOptionViewItem, index: QModelIndex) -> bool:
    """Whether the mouse is over ``index``'s item in the view (``QStyle.State_MouseOver``)."""
    view = option.widget
    if isinstance(view, QAbstractItemView):
        viewport = view.viewport()
        return viewport.underMouse() and view.indexAt(viewport.mapFromGlobal(QCursor.pos())) == index
    from PySide6.QtWidgets import QStyle

    return bool(option.state & QStyle.StateFlag.State_MouseOver)
