"""View ▸ All Claims in the Library (Ctrl+Shift+L): filters, store-side sorting, paging, opening, CSV, saved filters.

The library is written through the store first (three articles on two rating scales, some
claims last touched years ago), then opened in the window as a reviewer would open it.
"""

from __future__ import annotations

import csv
import datetime
import sqlite3

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.revisions import ClaimPlacement
from factcheck.core.search_query import CLAIM_SORTS
from factcheck.io.claims_csv import COLUMNS as CSV_COLUMNS
from factcheck.store import SQLiteStore
from factcheck.ui import claims_view
from factcheck.ui.app import open_window
from factcheck.ui.claims_view import ClaimsView
from factcheck.ui.claims_view_model import (CLAIMANT, FIRST_PAGE, QUOTE, STATUS, VERDICT, ClaimsQuery,
                                            ClaimsViewModel)
from factcheck.ui.settings import Preferences

ARTICLES = [  # title, outlet, published, scale, text, [(quote, claimant, verdict, status, reviewer)]
    ("Budget 2025: what the chancellor said", "The Times", "2025-03-12", "newsroom",
     "The chancellor said taxes fell for working families. She claimed growth doubled since 2022. "
     "Borrowing is at its lowest level in twenty years, she added. The deficit will close by 2027.",
     [("taxes fell for working families", "Rachel Reeves", "Misleading", "approved", "Zoë Martin"),
      ("growth doubled since 2022", "Rachel Reeves", "False", "in_review", "Ana Pérez"),
      ("Borrowing is at its lowest level in twenty years", "Rachel Reeves", "Accurate", "approved", "Zoë Martin"),
      ("The deficit will close by 2027", "Rachel Reeves", None, "draft", "")]),
    ("Crime figures in Zürich and São Paulo", "El País", "2025-02-02", "politifact",
     "Police say crime fell by 40% in Zürich. The mayor of São Paulo said murders halved in a year. "
     "Critics say the statistics were changed.",
     [("crime fell by 40% in Zürich", "Zürich Police", "Mostly True", "approved", "Ana Pérez"),
      ("murders halved in a year", "Ricardo Nunes", "Pants on Fire", "in_review", "Joe Bloggs"),
      ("the statistics were changed", "Opposition council group", "Half True", "draft", "Joe Bloggs")]),
    ("Vaccines and the winter wave", "Daily Post", "2025-01-20", "newsroom",
     "The minister said 90% of over-80s are vaccinated. A viral post claims the vaccine changes DNA. "
     "Hospital admissions rose by a third in December.",
     [("90% of over-80s are vaccinated", "Minister of Health", "Mostly accurate", "approved", "Zoë Martin"),
      ("the vaccine changes DNA", "Viral social media post", "False", "approved", "Ana Pérez"),
      ("Hospital admissions rose by a third in December", "NHS England", "Unverifiable", "in_review", "")]),
]
LONG_AGO = "2020-01-15T10:00:00+00:00"
OLD_QUOTES = ("crime fell by 40% in Zürich", "murders halved in a year", "the statistics were changed")


def build(path) -> dict[str, int]:
    """The sample library: quote → claim id. The Zürich article's claims were created and last updated in 2020."""
    store = SQLiteStore.open(path, user="tester")
    ids = {}
    for title, outlet, published, scale, text, claims in ARTICLES:
        article = store.add_article(Article(title=title, text=text, outlet=outlet, published=published,
                                            rating_scale=scale))
        for quote, claimant, verdict, status, reviewer in claims:
            start = text.index(quote)
            ids[quote] = store.add_claim(Claim(anchor=make_anchor(text, start, start + len(quote)),
                                               article_id=article.id, claimant=claimant, verdict=verdict,
                                               status=status, reviewer=reviewer, claim_date=published)).id
    store.close()
    with sqlite3.connect(path) as db:
        db.executemany("UPDATE claims SET created_at = ?, updated_at = ? WHERE id = ?",
                       [(LONG_AGO, LONG_AGO, ids[q]) for q in OLD_QUOTES])
    db.close()
    return ids


@pytest.fixture
def ids(library_path):
    return build(library_path)


@pytest.fixture
def view(ids, open_app, qtbot):
    window = open_app()
    window.all_claims_action.trigger()  # View ▸ All Claims in the Library… (Ctrl+Shift+L)
    found = window.findChild(ClaimsView)
    assert found is not None and found.isVisible()
    return settled(qtbot, found)


def settled(qtbot, view: ClaimsView) -> ClaimsView:
    """Wait until the view's reads (on the window's runner) have come back, and no other is asked."""
    runner = view.main_window.runner

    def still() -> bool:
        QApplication.processEvents()
        return runner.is_idle() and not view.model.busy() and not view.follow_timer.isActive() \
            and not view.bar.typing.isActive()

    qtbot.waitUntil(still, timeout=10_000)
    return view


def shown(view: ClaimsView, column: int = QUOTE) -> list[str]:
    model = view.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def shown_ids(view: ClaimsView) -> list[int]:
    return [row.claim_id for row in view.model.rows()]


def choose(qtbot, view: ClaimsView, key: str, value) -> None:
    """Pick ``value`` in a chooser as the reviewer does (the item, then activated)."""
    box = view.bar.choosers[key] if key in view.bar.choosers else getattr(view.bar, key)
    index = box.findData(value)
    assert index >= 0, f"{value!r} is not offered by the {key} chooser"
    box.setCurrentIndex(index)
    box.activated.emit(index)
    settled(qtbot, view)


def search(qtbot, view: ClaimsView, text: str) -> None:
    view.bar.query.setText(text)
    view.bar.query.textEdited.emit(text)  # typing: asked once it pauses
    settled(qtbot, view)


# ------------------------------------------------------------------ showing


def test_every_claim_of_every_article_is_listed_with_its_verdict_in_the_articles_scale_colour(view, qtmodeltester):
    assert view.count.text() == "10 claims"
    assert sorted(shown(view)) == sorted(q for *_, claims in ARTICLES for q, *_ in claims)
    model = view.model
    by_quote = {row.quote: row for row in model.rows()}
    pants = by_quote["murders halved in a year"]
    assert model.text(pants, CLAIMANT) == "Ricardo Nunes" and model.text(pants, STATUS) == "In review"
    assert model.color_of(pants) == "#7f0000"  # Pants on Fire, on the PolitiFact scale of its article
    assert model.color_of(by_quote["growth doubled since 2022"]) == "#c62828"  # False, newsroom scale
    assert model.text(by_quote["The deficit will close by 2027"], VERDICT) == "Unrated"
    assert model.data(model.index(0, QUOTE), Qt.ItemDataRole.ToolTipRole) == model.row_at(0).quote
    assert view.bar.choosers["verdict"].findText("Pants on Fire") > 0  # the library's values are offered
    qtmodeltester.check(model)


def test_the_shortcut_again_brings_the_same_window_back(view, qtbot):
    window = view.main_window
    view.close()
    window.all_claims_action.trigger()
    window.all_claims_action.trigger()
    assert window.findChildren(ClaimsView) == [view] and view.isVisible()


# ------------------------------------------------------------------ filters


def test_each_chooser_narrows_the_rows_and_any_widens_them_again(view, qtbot):
    choose(qtbot, view, "verdict", "False")
    assert sorted(shown(view)) == ["growth doubled since 2022", "the vaccine changes DNA"]  # both articles
    assert view.count.text() == "2 claims"
    choose(qtbot, view, "status", "approved")
    assert shown(view) == ["the vaccine changes DNA"]
    choose(qtbot, view, "verdict", None)
    choose(qtbot, view, "reviewer", "Zoë Martin")
    assert sorted(shown(view)) == ["90% of over-80s are vaccinated", "Borrowing is at its lowest level in twenty years",
                                   "taxes fell for working families"]
    choose(qtbot, view, "status", None)
    choose(qtbot, view, "reviewer", None)
    choose(qtbot, view, "claimant", "Zürich Police")
    assert shown(view) == ["crime fell by 40% in Zürich"]
    choose(qtbot, view, "claimant", None)
    choose(qtbot, view, "outlet", "El País")
    assert len(shown(view)) == 3
    choose(qtbot, view, "outlet", None)
    choose(qtbot, view, "verdict", "")  # Unrated
    assert shown(view) == ["The deficit will close by 2027"]


def test_the_query_language_narrows_the_rows_and_its_problems_are_shown(view, qtbot):
    search(qtbot, view, "claimant:reeves growth")
    assert shown(view) == ["growth doubled since 2022"]
    assert view.bar.problems.isHidden()
    search(qtbot, view, "status:maybe dna")
    assert shown(view) == ["the vaccine changes DNA"]
    assert view.bar.problems.isVisible() and "status:maybe is not a status" in view.bar.problems.text()
    search(qtbot, view, "claimant:nobody")
    assert shown(view) == [] and view.count.text() == "0 claims"
    assert view.pages.currentWidget() is view.empty and "No claim matches" in view.empty.heading.text()
    view.bar.clear_button.click()
    settled(qtbot, view)
    assert view.count.text() == "10 claims" and view.pages.currentWidget() is view.table


def test_article_in_the_query_lists_the_claims_of_the_articles_with_those_headline_words(view, qtbot):
    """Filtering by article (issue 13): ``article:`` and words of its headline, as the box's hint says."""
    assert "article:" in view.bar.query.placeholderText()
    search(qtbot, view, "article:zurich")
    assert sorted(shown(view)) == sorted(OLD_QUOTES) and view.count.text() == "3 claims"
    search(qtbot, view, 'article:"winter wave" claimant:nhs')
    assert shown(view) == ["Hospital admissions rose by a third in December"]
    search(qtbot, view, "article:budget verdict:accurate")
    assert shown(view) == ["Borrowing is at its lowest level in twenty years"]
    search(qtbot, view, "taxes")  # a plain word is the claim's own, not its headline's
    assert shown(view) == ["taxes fell for working families"]


def test_a_date_choice_narrows_the_rows_to_the_claims_touched_then(view, qtbot):
    choose(qtbot, view, "when", "today")  # Updated: the Zürich claims were last updated in 2020
    assert len(shown(view)) == 7 and not set(OLD_QUOTES) & set(shown(view))
    choose(qtbot, view, "when", "range")
    view.bar.first_day.setText("1 January 2020")
    view.bar.last_day.setText("31 January 2020")
    view.bar.last_day.editingFinished.emit()
    settled(qtbot, view)
    assert sorted(shown(view)) == sorted(OLD_QUOTES)
    choose(qtbot, view, "dated", "claim_date")  # the claims' own date: the day their articles say
    view.bar.first_day.setText("2025-01-01")
    view.bar.last_day.setText("2025-01-31")
    view.bar.last_day.editingFinished.emit()
    settled(qtbot, view)
    assert len(shown(view)) == 3 and "the vaccine changes DNA" in shown(view)
    choose(qtbot, view, "when", "any")
    assert len(shown(view)) == 10


# ------------------------------------------------------------------ sorting and paging


@pytest.mark.parametrize("sort", CLAIM_SORTS)  # each a column's (Published is shown from the headings' menu)
def test_sorting_by_a_column_is_the_stores_order_both_ways(view, qtbot, sort):
    from factcheck.ui import claims_view_filter, claims_view_model

    assert set(claims_view_model.SORT_COLUMN) == set(claims_view_filter._SORTS) == set(CLAIM_SORTS)
    library = view.main_window.library
    for descending in (False, True):
        view.sort_by(sort, descending)
        settled(qtbot, view)
        assert shown_ids(view) == [r.claim_id for r in library.search_claims(sort=sort, descending=descending)]


def test_a_click_on_a_heading_sorts_by_it_and_a_second_reverses(view, qtbot):
    header = view.table.horizontalHeader()
    library = view.main_window.library
    where = header.sectionViewportPosition(CLAIMANT) + header.sectionSize(CLAIMANT) // 2
    for descending in (False, True):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(where, header.height() // 2))
        settled(qtbot, view)
        assert header.sortIndicatorSection() == CLAIMANT
        assert shown_ids(view) == [r.claim_id for r in library.search_claims(sort="claimant",
                                                                             descending=descending)]


@pytest.fixture
def many(library_path):
    """One article with 450 claims, their claimants unicode; returns the count."""
    store = SQLiteStore.open(library_path, user="tester")
    text = " ".join(f"Claim number {n} is here." for n in range(450))
    with store.transaction():
        article = store.add_article(Article(title="Many claims", text=text, outlet="Le Monde"))
        start = 0
        for n in range(450):
            quote = f"Claim number {n} is here."
            start = text.index(quote, start)
            store.add_claim(Claim(anchor=make_anchor(text, start, start + len(quote)), article_id=article.id,
                                  claimant="Zoë Ilić 😀" if n % 2 else "=HYPERLINK(\"x\")", verdict="False"))
    store.close()
    return 450


def test_rows_are_paged_in_as_the_list_scrolls(many, open_app, qtbot):
    window = open_app()
    window.all_claims_action.trigger()
    view = settled(qtbot, window.findChild(ClaimsView))
    assert view.model.rowCount() == FIRST_PAGE and view.count.text() == "450 claims"
    assert not view.model.complete()
    for _ in range(10):
        view.table.scrollToBottom()
        settled(qtbot, view)
        if view.model.complete():
            break
    assert view.model.rowCount() == 450 and view.model.complete()
    assert shown_ids(view) == [r.claim_id for r in window.library.search_claims()]  # no row twice, none missed


def test_export_writes_every_matching_row_not_only_those_paged_in(many, open_app, qtbot, tmp_path, monkeypatch):
    window = open_app()
    window.all_claims_action.trigger()
    view = settled(qtbot, window.findChild(ClaimsView))
    view.sort_by("claimant")
    settled(qtbot, view)
    target = tmp_path / "claims.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)"))
    view.export_action.trigger()  # Ctrl+E
    settled(qtbot, view)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, as the report's CSV (Excel)
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 1 + 450
    stored = window.library.search_claims(sort="claimant")
    assert [int(r[0]) for r in rows[1:]] == [r.claim_id for r in stored]  # as sorted on screen
    line = dict(zip(CSV_COLUMNS, rows[-1], strict=True))
    assert line["claimant"] == "Zoë Ilić 😀" and line["verdict"] == "False" and line["status"] == "Draft"
    assert line["outlet"] == "Le Monde" and line["article_id"] == str(stored[-1].article_id)
    assert dict(zip(CSV_COLUMNS, rows[1], strict=True))["claimant"] == "'=HYPERLINK(\"x\")"  # no live formula
    assert "450 claims exported" in view.note.text()
    assert not list(tmp_path.glob("*.tmp*"))  # written atomically: no piece left beside it


# ------------------------------------------------------------------ opening


def test_enter_opens_the_claim_in_the_main_window_and_the_view_stays_open(view, qtbot, ids):
    window = view.main_window
    claim_id = ids["murders halved in a year"]
    row = view.model.row_of(claim_id)
    view.table.setCurrentIndex(view.model.index(row, QUOTE))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.controller.article.title == "Crime figures in Zürich and São Paulo"
    assert window.claims_panel.selected_claim_id() == claim_id
    assert view.isVisible()
    other = ids["the vaccine changes DNA"]
    view.open_claim(view.model.index(view.model.row_of(other), VERDICT))  # a double click does the same
    assert window.controller.article.title == "Vaccines and the winter wave"
    assert window.claims_panel.selected_claim_id() == other


# ------------------------------------------------------------------ following the library


def test_the_view_follows_an_edit_and_keeps_the_selected_claim(view, qtbot, ids):
    window = view.main_window
    view.sort_by("claimant")
    settled(qtbot, view)
    kept = ids["the vaccine changes DNA"]
    view.table.setCurrentIndex(view.model.index(view.model.row_of(kept), QUOTE))
    edited = ids["The deficit will close by 2027"]
    window.show_match(window.library.claim(edited).article_id, edited)
    window.controller.set_claim_field(edited, "claimant", "Aaron Abbot")  # sorts first now
    window.runner.wait_idle()
    settled(qtbot, view)
    assert view.model.row_at(0).claim_id == edited and view.model.text(view.model.row_at(0), CLAIMANT) == "Aaron Abbot"
    assert view.selected_claim_id() == kept
    assert "Aaron Abbot" in [view.bar.choosers["claimant"].itemText(i)
                             for i in range(view.bar.choosers["claimant"].count())]
    window.controller.undo()
    window.runner.wait_idle()
    settled(qtbot, view)
    assert view.model.text(view.model.row_at(view.model.row_of(edited)), CLAIMANT) == "Rachel Reeves"


def test_a_claim_owed_a_blind_opinion_is_listed_by_its_public_fields_and_tells_nothing_of_its_verdict(
        ids, library_path, open_app, qtbot):
    """Neither the claim's verdict nor its rationale decides what is listed, counted, offered or where it sorts."""
    blind = ids["growth doubled since 2022"]
    editor = SQLiteStore.open(library_path, user="Editor")
    editor.update_claim(blind, "verdict", "Exaggerated")  # no other claim holds it
    editor.update_claim(blind, "rationale", "Zyxwq: the editor's own reasoning.")
    editor.request_opinions(blind, ["tester"])
    editor.close()
    window = open_app()
    window.all_claims_action.trigger()
    view = settled(qtbot, window.findChild(ClaimsView))
    row = view.model.row_at(view.model.row_of(blind))
    assert view.model.text(row, VERDICT) == "Hidden" and row.verdict is None
    assert view.model.data(view.model.index(view.model.row_of(blind), VERDICT), Qt.ItemDataRole.ToolTipRole) \
        .startswith("You were asked for a second opinion")
    verdicts = view.bar.choosers["verdict"]
    assert "Exaggerated" not in [verdicts.itemText(i) for i in range(verdicts.count())]

    choose(qtbot, view, "verdict", "False")
    assert shown(view) == ["the vaccine changes DNA"] and view.count.text() == "1 claim"
    choose(qtbot, view, "verdict", "")  # Unrated: not a hidden verdict either
    assert shown(view) == ["The deficit will close by 2027"] and view.count.text() == "1 claim"
    choose(qtbot, view, "verdict", None)
    for text, listed in (("zyxwq", []), ("verdict:exaggerated", []), ("growth -zyxwq", [blind]),
                         ("growth", [blind]), ("growth -rachel", [])):
        view.bar.query.setText(text)
        view.refresh()
        settled(qtbot, view)
        assert shown_ids(view) == listed, text
        assert view.count.text() == f"{len(listed)} claim{'' if len(listed) == 1 else 's'}", text
    view.bar.query.setText("")
    view.sort_by("verdict")
    settled(qtbot, view)
    assert shown_ids(view)[:2] == [blind, ids["The deficit will close by 2027"]]  # as unrated, by article and number


# ------------------------------------------------------------------ saved filters and layout


def test_a_saved_filter_survives_a_new_window_and_its_relative_date_stays_relative(view, qtbot, monkeypatch,
                                                                                   library_path, tmp_path):
    monkeypatch.setattr(claims_view, "today", lambda: datetime.date(2031, 1, 8))  # a Wednesday
    choose(qtbot, view, "status", "approved")
    choose(qtbot, view, "when", "this_week")
    view.sort_by("updated_at", descending=True)
    settled(qtbot, view)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Approved  this week ", True))
    view.save_button.click()
    assert view.saved.currentText() == "Approved this week" and view.rename_button.isEnabled()
    header = view.table.horizontalHeader()
    header.resizeSection(CLAIMANT, 211)
    view.main_window.close()

    preferences = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    library = SQLiteStore.open(library_path, user="tester")
    window = open_window(library, preferences)
    qtbot.addWidget(window)
    try:
        monkeypatch.setattr(claims_view, "today", lambda: datetime.date(2031, 3, 20))  # another week, a Thursday
        window.all_claims_action.trigger()
        again = settled(qtbot, window.findChild(ClaimsView))
        assert again.table.horizontalHeader().sectionSize(CLAIMANT) == 211  # the widths are remembered
        assert [again.saved.itemText(i) for i in range(again.saved.count())] == ["Approved this week"]
        again.saved.setCurrentIndex(0)
        again.saved.activated.emit(0)
        settled(qtbot, again)
        assert again.bar.choosers["status"].currentData() == "approved"
        assert again.bar.when.currentData() == "this_week"
        assert again.table.horizontalHeader().sortIndicatorSection() == 11  # Updated, newest first
        arguments = again.model.query.arguments
        monday = datetime.datetime(2031, 3, 17).astimezone().astimezone(datetime.UTC)  # that week, not January's
        assert arguments["since"] == monday.isoformat(timespec="seconds") and arguments["status"] == "approved"
        assert again.model.query.sort == "updated_at" and again.model.query.descending

        choose(qtbot, again, "verdict", "False")  # changed: no longer the saved filter as it was
        assert again.saved.currentIndex() == -1 and not again.delete_button.isEnabled()
        again.apply_saved("Approved this week")
        settled(qtbot, again)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Signed off this week", True))
        again.rename_button.click()
        assert preferences.saved_claims_filters().keys() == {"Signed off this week"}
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        again.delete_button.click()
        assert preferences.saved_claims_filters() == {} and again.saved.count() == 0
    finally:
        window.close()
        library.close()


def test_saved_filters_that_are_not_json_read_as_none(preferences):
    preferences.settings.setValue("preferences/claims_view_filters", "[{not json")
    assert preferences.saved_claims_filters() == {}
    preferences.set_saved_claims_filters({"Mine, with a comma": {"query": "tax", "when": "today"}})
    assert Preferences(QSettings(preferences.settings.fileName(), QSettings.Format.IniFormat)) \
        .saved_claims_filters() == {"Mine, with a comma": {"query": "tax", "when": "today"}}


def test_the_model_leaves_an_older_answer_unread():
    answers = []
    model = ClaimsViewModel(lambda operation, done, failed: answers.append(done))
    model.load(ClaimsQuery("first"))
    model.load(ClaimsQuery("second"))
    assert model.busy() and len(answers) == 2
    answers[0](_page())  # the first question's answer arrives last: nothing changes
    assert model.total is None and model.busy()
    answers[1](_page(total=3))
    assert model.total == 3 and not model.busy()


def _page(total: int = 0):
    from factcheck.ui.claims_view_model import FirstPage

    return FirstPage([], True, total, (), {}, {}, "newsroom")


def test_relative_dates_are_counted_from_the_day_and_the_locales_first_weekday():
    from factcheck.ui.claims_view_filter import ClaimsFilter

    new_year = datetime.date(2030, 12, 31)  # a Tuesday
    assert ClaimsFilter(when="this_month").bounds(new_year) == (datetime.date(2030, 12, 1), datetime.date(2031, 1, 1))
    assert ClaimsFilter(when="this_week").bounds(new_year) == (datetime.date(2030, 12, 30), datetime.date(2031, 1, 6))
    assert ClaimsFilter(when="this_week").bounds(new_year, week_starts=6)[0] == datetime.date(2030, 12, 29)  # Sunday
    assert ClaimsFilter(when="last_30_days").bounds(new_year) == (datetime.date(2030, 12, 2), datetime.date(2031, 1, 1))
    assert ClaimsFilter(when="range", last_day="2030-02-03").bounds(new_year) == (None, datetime.date(2030, 2, 4))
    arguments = ClaimsFilter(verdict="", when="today", dated="claim_date").store_arguments(new_year)
    assert arguments == {"verdict": "", "dated": "claim_date", "since": "2030-12-31", "until": "2031-01-01"}
    assert ClaimsFilter().store_arguments(new_year) == {}
    edited = {"query": 3, "when": "next year", "sort": "rationale; --", "first_day": "31/12/2030", "status": "approved",
              "descending": "yes", "unknown": 1}
    assert ClaimsFilter.from_json(edited) == ClaimsFilter(status="approved")  # what cannot be used is left out
    assert ClaimsFilter.from_json([1, 2]) == ClaimsFilter()


def test_an_orphaned_claim_says_so_in_its_quote_and_tooltip(ids, open_app, qtbot, library_path):
    """A revision took its words out of the article: the library-wide list marks it, as the article's table does."""
    quote = "the statistics were changed"
    store = SQLiteStore.open(library_path, user="tester")
    try:
        article_id = store.claim(ids[quote]).article_id
        text = store.article(article_id).text
        store.revise_article(article_id, text.replace(" Critics say the statistics were changed.", ""),
                             [ClaimPlacement(c.id, "orphan" if c.quote == quote else "exact",
                                             None if c.quote == quote else c.anchor)
                              for c in store.claims(article_id)])
    finally:
        store.close()
    window = open_app()
    window.all_claims_action.trigger()
    view = settled(qtbot, window.findChild(ClaimsView))
    model = view.model
    row = model.row_of(ids[quote])
    assert model.data(model.index(row, QUOTE)) == f"Orphaned · {quote}"
    tip = model.data(model.index(row, QUOTE), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Orphaned: a revision of the article took these words out") and tip.endswith(quote)
    placed = model.row_of(ids["murders halved in a year"])
    assert model.data(model.index(placed, QUOTE)) == "murders halved in a year"
