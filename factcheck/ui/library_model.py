"""The library's articles, newest first, with their review progress."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from factcheck.core.articles import ArticleSummary

SummaryRole = Qt.ItemDataRole.UserRole + 1
ArticleIdRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def progress_text(summary: ArticleSummary) -> str:
    if summary.claim_count == 0:
        return "No claims yet"
    noun = "claim" if summary.claim_count == 1 else "claims"
    return f"{summary.rated_count} of {summary.claim_count} {noun} rated"


class ArticlesListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._articles: list[ArticleSummary] = []

    def reset(self, articles: list[ArticleSummary]) -> None:
        self.beginResetModel()
        self._articles = list(articles)
        self.endResetModel()

    def update(self, summary: ArticleSummary) -> None:
        row = self.row_of(summary.id)
        if row is None:
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._articles.insert(0, summary)
            self.endInsertRows()
        else:
            self._articles[row] = summary
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def row_of(self, article_id: int) -> int | None:
        for row, summary in enumerate(self._articles):
            if summary.id == article_id:
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._articles)

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._articles):
            return None
        summary = self._articles[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{summary.title}\n{progress_text(summary)}"
        if role == SummaryRole:
            return summary
        if role == ArticleIdRole:
            return summary.id
        return None
