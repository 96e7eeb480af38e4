"""The library search's results as a flat list model: each article, then its hits; then published fact-checks.

A :class:`~factcheck.core.search_query.SearchResults` becomes rows of four kinds:

* ``article``: a matching article's heading (headline, outlet, date, "archived");
* ``hit``: one place the article matched (Headline, Text, Claim 3, Claimant, …) with its snippet;
* ``more``: the article matched in more places than are listed (opening it opens the article);
* ``section``: the heading of the published fact-checks (not selectable);
* ``published``: a published fact-check (its claim's snippet, verdict, author, date).

The rows carry the store's records as they are: snippets stay plain text with ranges, and
the delegate (:mod:`factcheck.ui.search_delegate`) marks the ranges itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from factcheck.core.dates import format_date

if TYPE_CHECKING:
    from factcheck.core.search_query import ArticleMatches, PublishedMatch, SearchHit, SearchResults, Snippet

RowRole = Qt.ItemDataRole.UserRole + 1
"""The :class:`ResultRow` of an index."""

CLAIM_FIELDS = ("claim", "claimant", "rationale", "comment", "source")
"""Hits that belong to a claim: opening one selects the claim."""

_LABELS = {"headline": "Headline", "text": "Text", "claim": "Claim", "claimant": "Claimant",
           "rationale": "Rationale", "comment": "Comment", "source": "Source"}
_FIELD_NAMES = {"claimant": "the claimant", "rationale": "the rationale", "comment": "a comment",
                "source": "a source"}

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ResultRow:
    """One line of the results."""

    kind: str
    """``article``, ``hit``, ``more``, ``section`` or ``published``."""
    article: ArticleMatches | None = None
    hit: SearchHit | None = None
    published: PublishedMatch | None = None
    heading: str = ""
    """A section's heading."""

    @property
    def key(self) -> tuple:
        """What the row stands for, the same after the search runs again (to keep it selected)."""
        if self.kind == "article":
            return ("article", self.article.article_id)
        if self.kind == "hit":
            return ("hit", self.article.article_id, self.hit.where, self.hit.claim_id, self.hit.snippet.text)
        if self.kind == "published":
            return ("published", self.published.check.url)
        if self.kind == "more":
            return ("more", self.article.article_id)
        return ("section", self.heading)

    @property
    def selectable(self) -> bool:
        return self.kind != "section"


def where_label(hit: SearchHit) -> str:
    """What the hit's column says: "Claim 3", "Rationale", "Text"."""
    label = _LABELS.get(hit.where, hit.where.title())
    return f"{label} {hit.claim_number}" if hit.where == "claim" and hit.claim_number is not None else label


def where_detail(hit: SearchHit) -> str:
    """The claim a claim's field belongs to, said beside its label ("#3"); "" for the rest."""
    return f"#{hit.claim_number}" if hit.where in _FIELD_NAMES and hit.claim_number is not None else ""


def where_sentence(hit: SearchHit) -> str:
    """The hit's place in words, for a tooltip and a screen reader: "the rationale of claim 3"."""
    if hit.where in _FIELD_NAMES:
        number = f" of claim {hit.claim_number}" if hit.claim_number is not None else ""
        return f"{_FIELD_NAMES[hit.where]}{number}"
    if hit.where == "claim":
        return f"claim {hit.claim_number}" if hit.claim_number is not None else "a claim"
    return "the headline" if hit.where == "headline" else "the article's text"


def article_detail(article: ArticleMatches) -> str:
    """The article's outlet, date and "archived", as its heading shows them after the headline."""
    parts = [article.outlet, _date(article.published), "archived" if article.archived else ""]
    return " · ".join(p for p in parts if p)


def published_detail(match: PublishedMatch) -> str:
    """A published fact-check's author and date (its verdict is shown apart, in bold)."""
    check = match.check
    return " · ".join(p for p in (check.author, _date(check.published)) if p)


def marked_words(snippet: Snippet) -> str:
    """The text of the snippet's first mark (the words as they stand in the field), "" if none."""
    if not snippet.marks:
        return ""
    start, end = snippet.marks[0]
    return snippet.text[start:end]


def count_text(results: SearchResults) -> str:
    """The count line: "12 articles, 3 published fact-checks"; "more than 50 articles — refine the search"."""
    articles, published = len(results.articles), len(results.published)
    parts = []
    if articles or not published:
        parts.append(f"{'more than ' if results.more_articles else ''}{_plural(articles, 'article')}")
    if published:
        parts.append(f"{'more than ' if results.more_published else ''}{_plural(published, 'published fact-check')}")
    text = ", ".join(parts)
    text = text[:1].upper() + text[1:]
    return f"{text} — refine the search" if results.more_articles or results.more_published else text


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return format_date(iso[:10])
    except ValueError:  # not a date the desk wrote: shown as stored
        return iso


MORE = "More matches in this article"


def result_rows(results: SearchResults, per_article: int | None = None) -> list[ResultRow]:
    """The lines of ``results``; an article with more than ``per_article`` hits lists that many, then says so."""
    rows: list[ResultRow] = []
    for article in results.articles:
        rows.append(ResultRow("article", article=article))
        rows.extend(ResultRow("hit", article=article, hit=hit) for hit in article.hits[:per_article])
        if per_article is not None and len(article.hits) > per_article:
            rows.append(ResultRow("more", article=article))
    if results.published:
        rows.append(ResultRow("section", heading="Published fact-checks"))
        rows.extend(ResultRow("published", published=match) for match in results.published)
    return rows


class SearchResultsModel(QAbstractListModel):
    """The rows of the last search's results; :meth:`show` replaces them all."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []

    def show(self, results: SearchResults | None, per_article: int | None = None) -> None:
        """Show ``results`` (None: nothing); ``per_article`` hits of an article at most (asked for one more)."""
        self.beginResetModel()
        self._rows = result_rows(results, per_article) if results is not None else []
        self.endResetModel()

    def row(self, index: _Index) -> ResultRow | None:
        return self._rows[index.row()] if index.isValid() and 0 <= index.row() < len(self._rows) else None

    def row_of(self, key: tuple) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.key == key), None)

    def first_selectable(self) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.selectable), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        row = self.row(index)
        if row is None or not row.selectable:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row(index)
        if row is None:
            return None
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:  # also what a screen reader says
            return _spoken(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row)
        return None


def _spoken(row: ResultRow) -> str:
    if row.kind == "article":
        detail = article_detail(row.article)
        return f"{row.article.title} — {detail}" if detail else row.article.title
    if row.kind == "hit":
        return f"{where_sentence(row.hit)[:1].upper()}{where_sentence(row.hit)[1:]}: {row.hit.snippet.text}"
    if row.kind == "published":
        check = row.published.check
        parts = [check.verdict, published_detail(row.published)]
        return f"{check.claim_reviewed} — {' · '.join(p for p in parts if p)}"
    if row.kind == "more":
        return MORE
    return row.heading


def _tooltip(row: ResultRow) -> str:
    if row.kind in ("article", "more"):
        return f"{row.article.title}\nEnter opens the article"
    if row.kind == "hit":
        how = "selects the claim" if row.hit.where in CLAIM_FIELDS else (
            "finds the words in the article" if row.hit.where == "text" else "opens the article")
        return f"{row.hit.snippet.text}\n\nIn {where_sentence(row.hit)}: Enter {how}"
    if row.kind == "published":
        check = row.published.check
        return f"{check.title or check.claim_reviewed}\n{check.url}\nEnter opens the fact-check in the browser"
    return ""
