"""The claims across the library as a Qt table model that pages its rows in from the store.

:class:`ClaimsViewModel` never sorts or filters rows itself: the store does
(:meth:`Store.search_claims`, :meth:`Store.count_claims`), on the window's operation runner,
off the UI thread. The model asks for a first page (and the count, the choosers' values and
the rating scales, in the same read), then for more as the view scrolls near its last row
(``canFetchMore``/``fetchMore``), each page bigger than the one before, so that scrolling
through 100,000 claims takes a few dozen reads, not hundreds. An answer to an older question
(the filter changed meanwhile) is left unread.

A claim the reviewer owes a blind second opinion on is listed without its verdict ("Hidden"),
as the article's own table shows it. The store sees to it that neither its verdict nor its
rationale decides whether or where it is listed (``ClaimRow.verdict_hidden``): it is found by
its public fields (quote, claimant, article, dates, status), no verdict filter lists it, and a
sort by verdict places it as an unrated claim.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from factcheck.core import search_query as sq
from factcheck.core.claims import ClaimStatus
from factcheck.core.dates import MONTH_NAMES
from factcheck.core.rating_scales import NEUTRAL_COLOR, RatingScale
from factcheck.core.search_query import ClaimRow

FIRST_PAGE = 200
"""Rows asked for first (a screenful several times over)."""
MAX_PAGE = 10_000
"""The most rows one page asks for: pages grow by half the rows shown, up to this."""

COLUMNS = (("#", "number"), ("Claim", "quote"), ("Article", "article"), ("Published", "published"),
           ("Outlet", "outlet"), ("Claimant", "claimant"), ("Verdict", "verdict"), ("Status", "status"),
           ("Reviewer", "reviewer"), ("Claim date", "claim_date"), ("Created", "created_at"),
           ("Updated", "updated_at"))
"""Each column's heading and the store's sort (:data:`~factcheck.core.search_query.CLAIM_SORTS`) it sorts by."""
(NUMBER, QUOTE, ARTICLE, PUBLISHED, OUTLET, CLAIMANT, VERDICT, STATUS, REVIEWER, CLAIM_DATE, CREATED,
 UPDATED) = range(len(COLUMNS))
SORT_COLUMN = {sort: n for n, (_, sort) in enumerate(COLUMNS)}

HIDDEN = "Hidden"
HIDDEN_TIP = ("You were asked for a second opinion on this claim: its verdict shows once you submit yours "
              "(open the claim, Review tab ▸ Propose…).")
EXCERPT = 300  # characters of a quote kept for its cell (the view elides it to the column)
ORPHAN_TIP = ("Orphaned: a revision of the article took these words out of its text. Open the claim, select where it "
              "now stands and choose Claim ▸ Attach Here.\n\n")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


# --------------------------------------------------------------- on the worker

@dataclass(frozen=True)
class ClaimsQuery:
    """One question to the store: the query's text, the exact filters and date bounds, the sort."""

    text: str = ""
    arguments: dict = field(default_factory=dict)
    """``search_claims`` keyword arguments: the choosers' values, ``dated``, ``since``, ``until``."""
    sort: str = "article"
    descending: bool = False

    def parsed(self) -> sq.SearchQuery:
        return sq.parse_query(self.text)


@dataclass(frozen=True)
class FirstPage:
    rows: list[ClaimRow]
    complete: bool
    total: int
    problems: tuple[str, ...]
    values: dict[str, list[str]] | None = None
    """The choosers' values (None: not read again, as they change only with the library)."""
    scales: dict[str, RatingScale] | None = None
    default_scale: str = ""


def read_first_page(store, query: ClaimsQuery, limit: int, values: bool = True) -> FirstPage:
    """The first ``limit`` rows, the count, and (``values``) the choosers' values and the scales; on the worker."""
    parsed = query.parsed()
    rows = store.search_claims(parsed, sort=query.sort, descending=query.descending, limit=limit, **query.arguments)
    page = FirstPage(rows, len(rows) < limit, store.count_claims(parsed, **query.arguments), parsed.problems)
    if not values:
        return page
    return replace(page, values=store.claim_values(), scales={scale.key: scale for scale in store.scales()},
                   default_scale=store.scale(None).key)


def read_page(store, query: ClaimsQuery, offset: int, limit: int) -> tuple[list[ClaimRow], bool]:
    """``(rows, complete)``: the next page, from row ``offset``."""
    rows = store.search_claims(query.parsed(), sort=query.sort, descending=query.descending, limit=limit,
                               offset=offset, **query.arguments)
    return rows, len(rows) < limit


def read_all(store, query: ClaimsQuery) -> list[ClaimRow]:
    """Every row the filter lists (not only those paged in), as the view lists them."""
    return store.search_claims(query.parsed(), sort=query.sort, descending=query.descending, **query.arguments)


# -------------------------------------------------------------- the Qt model

class ClaimsViewModel(QAbstractTableModel):
    """The rows of one :class:`ClaimsQuery`, paged in; read-only."""

    loaded = Signal()
    """A first page came in (the model was reset with it); the count and the choosers' values are new too."""
    failed = Signal(object)
    """A read failed: the error (the rows on screen stay)."""
    busy_changed = Signal(bool)

    def __init__(self, read: Callable, parent=None) -> None:
        """``read(operation, on_done, on_failed)`` calls ``operation(store)`` off the UI thread, then one of the two."""
        super().__init__(parent)
        self._read = read
        self._rows: list[ClaimRow] = []
        self._row_of: dict[int, int] = {}
        self.query = ClaimsQuery()
        self.total: int | None = None
        """How many claims the filter lists (None until first read)."""
        self.problems: tuple[str, ...] = ()
        self.values: dict[str, list[str]] = {}
        self.scales: dict[str, RatingScale] = {}
        self.default_scale = ""
        self._complete = True
        self._asked = 0  # the latest question; an answer to an older one is left unread
        self._loading = False
        self._fetching = False

    # ---------------------------------------------------------------- asking

    def load(self, query: ClaimsQuery, at_least: int = 0, values: bool = True) -> None:
        """Ask for the first page of ``query`` (``at_least`` rows: as many as shown now); the rows stay meanwhile.

        ``values``: read the choosers' values and the rating scales again (the library changed).
        """
        self._asked += 1
        asked = self._asked
        self._fetching = False
        self._set_busy(loading=True)
        limit = max(FIRST_PAGE, at_least)
        values = values or not self.scales
        self._read(lambda store: read_first_page(store, query, limit, values),
                   lambda page: self._first_page(asked, query, page), lambda error: self._failed(asked, error))

    def busy(self) -> bool:
        """Whether a read is on its way."""
        return self._loading or self._fetching

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008, N802 — Qt's signature
        return not parent.isValid() and not self._complete and not self._loading

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._complete or self._loading or self._fetching:
            return
        asked, query, offset = self._asked, self.query, len(self._rows)
        limit = min(MAX_PAGE, max(FIRST_PAGE, len(self._rows) // 2))
        self._set_busy(fetching=True)
        self._read(lambda store: read_page(store, query, offset, limit),
                   lambda page: self._more(asked, page), lambda error: self._failed(asked, error))

    def _first_page(self, asked: int, query: ClaimsQuery, page: FirstPage) -> None:
        if asked != self._asked:
            return
        self.beginResetModel()
        self.query = query
        self._rows = page.rows
        self._row_of = {row.claim_id: n for n, row in enumerate(self._rows)}
        self._complete = page.complete
        self.total, self.problems = page.total, page.problems
        if page.values is not None:
            self.values, self.scales, self.default_scale = page.values, page.scales, page.default_scale
        self.endResetModel()
        self._set_busy(loading=False)
        self.loaded.emit()

    def _more(self, asked: int, page) -> None:
        if asked != self._asked or not self._fetching:
            return
        rows, complete = page
        self._complete = complete
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            for n, row in enumerate(rows, first):
                self._row_of[row.claim_id] = n
            self._rows.extend(rows)
            self.endInsertRows()
        self._set_busy(fetching=False)

    def _failed(self, asked: int, error: BaseException) -> None:
        if asked != self._asked:
            return
        self._set_busy(loading=False, fetching=False)
        self._complete = True  # asking again at each scroll would fail again: a new load tries anew
        self.failed.emit(error)

    def _set_busy(self, loading: bool | None = None, fetching: bool | None = None) -> None:
        before = self.busy()
        if loading is not None:
            self._loading = loading
        if fetching is not None:
            self._fetching = fetching
        if self.busy() != before:
            self.busy_changed.emit(self.busy())

    # --------------------------------------------------------------- reading

    def complete(self) -> bool:
        """Whether every row the filter lists is in."""
        return self._complete

    def row_at(self, row: int) -> ClaimRow:
        return self._rows[row]

    def rows(self) -> list[ClaimRow]:
        return list(self._rows)

    def row_of(self, claim_id: int | None) -> int | None:
        return self._row_of.get(claim_id)

    def scale_of(self, row: ClaimRow) -> RatingScale | None:
        return self.scales.get(row.rating_scale or "") or self.scales.get(self.default_scale)

    def color_of(self, row: ClaimRow) -> str:
        scale = self.scale_of(row)
        return scale.color_of(row.verdict) if scale is not None and row.verdict else NEUTRAL_COLOR

    @staticmethod
    def verdict_text(row: ClaimRow) -> str:
        return HIDDEN if row.verdict_hidden else row.verdict or "Unrated"

    # -------------------------------------------------------------- Qt model

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=_DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == _DISPLAY:
                return COLUMNS[section][0]
            if role == _TOOLTIP:
                return f"Sort by {COLUMNS[section][0].lower() if section else 'claim number'} (click again to reverse)"
            if role == _ALIGN and section == NUMBER:
                return _RIGHT
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=_DISPLAY):
        if not index.isValid() or role not in (_DISPLAY, _TOOLTIP, _ALIGN):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == _ALIGN:
            return _RIGHT if column == NUMBER else None
        if role == _TOOLTIP:
            return self._tip(row, column)
        return self.text(row, column)

    def text(self, row: ClaimRow, column: int) -> str:
        """A cell's text as the table shows it."""
        if column == NUMBER:
            return "" if row.number is None else str(row.number)
        if column == QUOTE:
            return f"Orphaned · {excerpt(row.quote)}" if row.placement == "orphan" else excerpt(row.quote)
        if column == ARTICLE:
            return row.article_title
        if column == PUBLISHED:
            return shown_day(row.published)
        if column == OUTLET:
            return row.outlet
        if column == CLAIMANT:
            return row.claimant or "—"
        if column == VERDICT:
            return self.verdict_text(row)
        if column == STATUS:
            return _status_label(row.status)
        if column == REVIEWER:
            return row.reviewer
        if column == CLAIM_DATE:
            return shown_day(row.claim_date)
        if column == CREATED:
            return shown_time(row.created_at)
        if column == UPDATED:
            return shown_time(row.updated_at)
        return ""

    def _tip(self, row: ClaimRow, column: int) -> str | None:
        if column == QUOTE:
            return ORPHAN_TIP + row.quote if row.placement == "orphan" else row.quote
        if column == ARTICLE:
            return row.article_title or None
        if column == VERDICT:
            if row.verdict_hidden:
                return HIDDEN_TIP
            scale = self.scale_of(row)
            verdict = scale.verdict(row.verdict) if scale is not None and row.verdict else None
            return f"{verdict.label}: {verdict.definition}" if verdict is not None and verdict.definition else None
        if column == CLAIMANT and len(row.claimant) > 24:
            return row.claimant
        return None


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A quote on one line, cut at ``limit`` characters (the view elides it to the column's width)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.lru_cache(maxsize=4096)
def shown_day(iso: str | None) -> str:
    """``2017-07-10`` → ``10 Jul 2017``; what cannot be read is shown as stored."""
    if not iso:
        return ""
    try:
        day = datetime.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year:04}"


@functools.lru_cache(maxsize=8192)
def shown_time(stamp: str | None) -> str:
    """A stored UTC time stamp in the reviewer's own time: ``10 Jul 2017, 14:05``."""
    if not stamp:
        return ""
    try:
        moment = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    local = moment.astimezone()
    return f"{shown_day(local.date().isoformat())}, {local:%H:%M}"


def _status_label(status: str) -> str:
    try:
        return ClaimStatus(status).label
    except ValueError:
        return status
