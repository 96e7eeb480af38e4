"""The library's articles, newest first, with their review progress."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from factcheck.core.articles import ArticleSummary

SummaryRole = Qt.ItemDataRole.UserRole + 1
ArticleIdRole = Qt.ItemDataRole.UserRole + 2
DetailRole = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


def detail_text(summary: ArticleSummary, duplicated: bool = False) -> str:
    """The line under a title: outlet, date, (for a repeated title) when imported, progress."""
    parts = ["archived" if summary.archived_at else ""]
    if duplicated and summary.imported_at:  # what tells it apart comes first: the line may be cut
        parts.append(f"imported {_moment(summary.imported_at)}")
    parts += [summary.outlet, _day(summary.published), progress_text(summary)]
    return " · ".join(p for p in parts if p)


def _day(stamp: str | None) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%-d %b %Y") if stamp else ""
    except ValueError:
        return stamp or ""


def _moment(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%-d %b %Y %H:%M")
    except ValueError:
        return stamp


def progress_text(summary: ArticleSummary) -> str:
    if summary.claim_count == 0:
        return "No claims yet"
    noun = "claim" if summary.claim_count == 1 else "claims"
    return f"{summary.rated_count} of {summary.claim_count} {noun} rated"


class ArticlesListModel(QAbstractListModel):
    DETAIL_ROLE = DetailRole

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._articles: list[ArticleSummary] = []
        self._titles: Counter[str] = Counter()

    def reset(self, articles: list[ArticleSummary]) -> None:
        self.beginResetModel()
        self._articles = list(articles)
        self._count_titles()
        self.endResetModel()

    def _count_titles(self) -> None:
        self._titles = Counter(" ".join(a.title.casefold().split()) for a in self._articles)

    def is_duplicated(self, summary: ArticleSummary) -> bool:
        """Whether another article in the list has the same headline (they are told apart by date)."""
        return self._titles[" ".join(summary.title.casefold().split())] > 1

    def update(self, summary: ArticleSummary) -> None:
        row = self.row_of(summary.id)
        if row is None:
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._articles.insert(0, summary)
            self._count_titles()
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
            return f"{summary.title}\n{detail_text(summary, duplicated=True)}"
        if role == DetailRole:
            return detail_text(summary, self.is_duplicated(summary))
        if role == SummaryRole:
            return summary
        if role == ArticleIdRole:
            return summary.id
        return None
