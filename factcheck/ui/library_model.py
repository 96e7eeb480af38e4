"""The library's articles, newest first, with their review progress and where each is in the desk's work.

:class:`ArticlesListModel` holds the list and what the desk's workflow says of it for
this reviewer (:class:`DeskState`: which articles others changed since they last
opened them, which wait for their sign-off or opinion); :class:`ArticlesFilterModel`
shows the part of it a filter of the library panel asks for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from factcheck.core.articles import ArticleSummary

SummaryRole = Qt.ItemDataRole.UserRole + 1
ArticleIdRole = Qt.ItemDataRole.UserRole + 2
DetailRole = Qt.ItemDataRole.UserRole + 3
ChangedRole = Qt.ItemDataRole.UserRole + 4
"""How many claims others changed since the reviewer last opened the article (0: only the article); None: unchanged."""

_Index = QModelIndex | QPersistentModelIndex

STAGES = ("unassigned", "assigned", "in_review", "published")
"""The values of :class:`factcheck.core.workflow.Stage`, in the order an article goes through them."""
ON_THE_DESK = ("assigned", "in_review")
"""The stages of an article someone is working on (a published one waits for no one)."""


@cache
def stage_label(stage: str) -> str:
    """"In review" for "in_review": the core's label, read when first needed."""
    from factcheck.core.workflow import Stage  # an enum module a window's first paint does without

    return Stage(stage).label


@dataclass(frozen=True)
class DeskState:
    """What the desk's workflow says of the list for this reviewer (``me``), read from the library."""

    me: str = ""
    editor: bool = True
    """Whether ``me`` signs claims off (an editor); a reporter is not asked to."""
    changed: Mapping[int, int] = field(default_factory=dict)
    """Article id → how many of its claims others changed since ``me`` last opened it."""
    sign_off: frozenset[int] = frozenset()
    """Articles holding a claim that waits for ``me`` to approve it."""
    opinions: frozenset[int] = frozenset()
    """Articles holding a claim ``me`` was asked to rate independently."""

    def without_changed(self, article_id: int) -> DeskState:
        return replace(self, changed={k: v for k, v in self.changed.items() if k != article_id})


def detail_text(summary: ArticleSummary, duplicated: bool = False, me: str = "") -> str:
    """The line under a title: stage (unless unassigned), outlet, date, (a repeated title) when imported, progress."""
    parts = ["archived" if summary.archived_at else ""]
    if duplicated and summary.imported_at:  # what tells it apart comes first: the line may be cut
        parts.append(f"imported {_moment(summary.imported_at)}")
    parts += [stage_text(summary, me), summary.outlet, _day(summary.published), progress_text(summary)]
    return " · ".join(p for p in parts if p)


def stage_text(summary: ArticleSummary, me: str = "") -> str:
    """"Assigned to Sam · due 4 Dec", "In review by you", "Published"; nothing for an unassigned article."""
    if summary.stage not in STAGES[1:]:
        return ""
    who = "you" if summary.assignee and summary.assignee == me else summary.assignee
    if summary.stage == "published":
        return stage_label(summary.stage)
    text = f"Assigned to {who}" if summary.stage == "assigned" and who else stage_label(summary.stage)
    if who and summary.stage == "in_review":
        text += f" by {who}"
    return f"{text} · due {_due(summary.due)}" if summary.due else text


def _due(stamp: str, today: date | None = None) -> str:
    """4 Dec (this year's), 4 Dec 2027 (another year's)."""
    try:
        day = date.fromisoformat(stamp)
    except ValueError:
        return stamp
    same_year = day.year == (today or date.today()).year
    return day.strftime("%-d %b" if same_year else "%-d %b %Y")


def changed_text(claims: int) -> str:
    counted = f"{claims} claim" if claims == 1 else f"{claims} claims"
    return f"Changed by others since you last opened it ({counted})" if claims else \
        "Changed by others since you last opened it"


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
    desk_changed = Signal()
    """The desk's workflow was read again (:attr:`desk`): what a filter of it shows may differ."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._articles: list[ArticleSummary] = []
        self._titles: Counter[str] = Counter()
        self.desk = DeskState()

    def set_desk(self, desk: DeskState) -> None:
        """What the desk's workflow says of the list now; the rows show it (their marks, their stage's wording)."""
        if desk == self.desk:
            return
        self.desk = desk
        if self._articles:
            self.dataChanged.emit(self.index(0), self.index(len(self._articles) - 1))
        self.desk_changed.emit()

    def clear_changed(self, article_id: int) -> None:
        """The reviewer opened the article: it is no longer changed since they last looked."""
        if article_id in self.desk.changed:
            self.set_desk(self.desk.without_changed(article_id))

    def counts(self) -> dict[str, int]:
        """How many listed articles each of the reviewer's own filters shows."""
        desk = self.desk
        return {"mine": sum(map(self.is_mine, self._articles)),
                "sign_off": sum(a.id in desk.sign_off for a in self._articles),
                "opinions": sum(a.id in desk.opinions for a in self._articles)}

    def is_mine(self, summary: ArticleSummary) -> bool:
        """Whether the article is assigned to this reviewer and not yet published."""
        return bool(self.desk.me) and summary.assignee == self.desk.me and summary.stage in ON_THE_DESK

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
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            tip = f"{summary.title}\n{detail_text(summary, True, self.desk.me)}"
            changed = self.desk.changed.get(summary.id)  # the dot says it to the eye; this, to everyone
            return tip if changed is None else f"{tip}\n{changed_text(changed)}"
        if role == DetailRole:
            return detail_text(summary, self.is_duplicated(summary), self.desk.me)
        if role == ChangedRole:
            return self.desk.changed.get(summary.id)
        if role == SummaryRole:
            return summary
        if role == ArticleIdRole:
            return summary.id
        return None


FILTERS = (
    ("all", "All articles"),
    ("mine", "Assigned to me"),
    ("sign_off", "Waiting for my sign-off"),
    ("opinions", "Waiting for my opinion"),
)
"""The library panel's filters of the reviewer's own, before one per stage (:data:`STAGES`)."""

_NOTHING = {
    "mine": ("Nothing is assigned to you", "Articles assigned to you, until they are published, show here."),
    "sign_off": ("Nothing waits for your sign-off",
                 "Articles with a claim in review and a submitted proposal show here, for you to approve."),
    "opinions": ("No one waits for your opinion",
                 "Articles with a claim a colleague asked you to rate independently show here."),
}


def nothing_shown(key: str) -> tuple[str, str]:
    """The empty list's heading and hint when filter ``key`` matches no article."""
    if key in _NOTHING:
        return _NOTHING[key]
    if key in STAGES:
        return (f"No article is {stage_label(key).lower()}",
                "Choose All articles above the list to see the whole library.")
    return "No articles", ""


class ArticlesFilterModel(QSortFilterProxyModel):
    """The articles one filter of the library panel shows (:data:`FILTERS`, or a stage), in the list's order."""

    def __init__(self, source: ArticlesListModel, parent=None) -> None:
        super().__init__(parent)
        self.key = "all"
        self.setSourceModel(source)
        source.desk_changed.connect(self._refilter)

    def set_filter(self, key: str) -> None:
        if key != self.key:
            self.key = key
            self._refilter(force=True)

    def _refilter(self, force: bool = False) -> None:
        if self.key == "all" and not force:
            return  # every row stays: no need to look at each
        if hasattr(self, "beginFilterChange"):  # Qt 6.9
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 (Qt's name)
        if self.key == "all":
            return True
        source: ArticlesListModel = self.sourceModel()
        summary: ArticleSummary = source.index(source_row, 0, source_parent).data(SummaryRole)
        if summary is None:
            return False
        if self.key == "mine":
            return source.is_mine(summary)
        if self.key == "sign_off":
            return summary.id in source.desk.sign_off
        if self.key == "opinions":
            return summary.id in source.desk.opinions
        return summary.stage == self.key
