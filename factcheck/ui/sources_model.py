"""The sources of the selected claim, as a list model."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from factcheck.core.claims import Source, Stance

SourceRole = Qt.ItemDataRole.UserRole + 1

STANCE_COLORS = {Stance.SUPPORTS: "#2e7d32", Stance.REFUTES: "#c62828", Stance.CONTEXT: "#546e7a"}

_Index = QModelIndex | QPersistentModelIndex


def describe(source: Source) -> str:
    heading = source.title or source.url or "Untitled source"
    details = " · ".join(p for p in (Stance(source.stance).label, source.publisher, source.date or "") if p)
    return f"{heading}\n{details}"


class SourcesListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sources: tuple[Source, ...] = ()

    def set_sources(self, sources: tuple[Source, ...]) -> None:
        if sources == self._sources:
            return
        self.beginResetModel()
        self._sources = tuple(sources)
        self.endResetModel()

    def source_at(self, row: int) -> Source | None:
        return self._sources[row] if 0 <= row < len(self._sources) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._sources)

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        source = self.source_at(index.row()) if index.isValid() else None
        if source is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(source)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(p for p in (source.url, source.excerpt) if p) or None
        if role == Qt.ItemDataRole.DecorationRole:
            return _dot(STANCE_COLORS[Stance(source.stance)])
        if role == SourceRole:
            return source
        return None


def _dot(color: str) -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
