"""Review ▸ Agreement: the statistics of reviewers who rated the same claims, for an article or the desk, and as CSV.

The library is written first through the public API, as the desk's reviewers would (Cy Tran and
Dee Lam on the newsroom article, two more on a PolitiFact one some years ago), then opened in
the window; the dialog's numbers must be :func:`measure_agreement`'s on the same ratings.
"""

from __future__ import annotations

import csv
import datetime

import pytest
from PySide6.QtWidgets import QFileDialog

from factcheck import api
from factcheck.core.agreement import SCALES_CSV_HEADER, measure_agreement
from factcheck.core.articles import Article
from factcheck.store import workflow_records
from factcheck.ui.agreement_dialog import AgreementDialog, show_agreement

TEXT = "Crime fell 40% last year, the mayor said. The council spent £2m on the lanes. Unemployment is at a record low."
QUOTES = ("Crime fell 40% last year", "The council spent £2m", "Unemployment is at a record low")
NEWSROOM = {"Cy Tran": ["False", "Mixed", "Accurate"], "Dee Lam": ["False", "Misleading", "Accurate"]}
POLITIFACT = {"Ed Oba": ["Pants on Fire", "True"], "Flo Ng": ["False", "True"]}
LONG_AGO = "2020-01-15T10:00:00+00:00"


@pytest.fixture
def desk(library_path, monkeypatch):
    """The library's articles and claims: {"newsroom": (article id, claim ids), "politifact": (…)}."""
    made = {}
    with api.open_library(library_path, reviewer="Seeder", create=True) as library:
        for key, title, quotes in (("newsroom", "Mayor says crime fell", QUOTES),
                                   ("politifact", "Senator on jobs", QUOTES[:2])):
            article = library.store.add_article(Article(title, TEXT, rating_scale=key))
            made[key] = (article.id, [library.mark_claim(article.id, quote=q).id for q in quotes])
    rate(library_path, made["newsroom"][1], NEWSROOM)
    with monkeypatch.context() as old:
        old.setattr(workflow_records, "now", lambda: LONG_AGO)  # proposed in January 2020
        rate(library_path, made["politifact"][1], POLITIFACT)
    return made


def rate(path, claim_ids, verdicts: dict[str, list[str]]) -> None:
    for reviewer, given in verdicts.items():
        with api.open_library(path, reviewer=reviewer) as library:
            for claim_id, verdict in zip(claim_ids, given):
                library.propose(claim_id, verdict)


def expected(path, article_id, claim_ids, verdicts):
    """measure_agreement on the ratings given, on the article's scale: what the dialog must show."""
    triples = [(c, r, v) for r, given in verdicts.items() for c, v in zip(claim_ids, given)]
    with api.open_library(path, reviewer="Reader", read_only=True, lock=False) as library:
        return library.rating_scale(article_id), measure_agreement(triples, library.rating_scale(article_id))


def measured(qtbot, dialog: AgreementDialog) -> AgreementDialog:
    """Wait for the dialog's measurement on the runner's worker (and one a change started): the runner idle, no
    measurement due or under way. Not the runner's first idle moment: the window's own reads (noting what was
    read, half a second after an article opens) may be queued just as a measurement ends."""
    runner = dialog.main_window.runner
    qtbot.waitUntil(lambda: runner.is_idle() and not dialog.recompute_timer.isActive() and dialog.progress.isHidden(),
                    timeout=30_000)
    return dialog


def rows_of(result) -> list[tuple[str, ...]]:
    return [(s.name, "—" if s.value is None else f"{s.value:.3f}", str(s.claims), str(s.verdicts),
             s.undefined_because) for s in result.statistics]


def opened_on(window, article_id, qtbot) -> AgreementDialog:
    window.open_article(article_id)
    return measured(qtbot, show_agreement(window))


def test_an_articles_agreement_is_the_core_measure_and_follows_a_new_proposal(desk, open_app, library_path, qtbot):
    window = open_app()
    article_id, claims = desk["newsroom"]
    dialog = opened_on(window, article_id, qtbot)
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.article_choice.isChecked() and dialog.article_choice.text() == "This article: “Mayor says crime fell”"
    assert not dialog.since.isEnabled()  # the period is the desk's
    _, result = expected(library_path, article_id, claims, NEWSROOM)
    assert dialog.shown() == [rows_of(result)]
    # By hand: kappa = (3·2 − 2) / (9 − 2) = 4/7; nominal alpha = 1 − 5·2/26 = 8/13.
    names = [row[0] for row in dialog.shown()[0]]
    assert names == ["Krippendorff's alpha (nominal)", "Krippendorff's alpha (ordinal)", "Cohen's kappa"]
    assert dialog.shown()[0][0][1:4] == ("0.615", "3", "6") and dialog.shown()[0][2][1:4] == ("0.571", "3", "6")
    assert dialog.summary.text().startswith("Measured on this article's submitted proposals")
    words = dialog.findChild(type(dialog.summary), "scaleSummary").text()
    assert words == "2 reviewers (Cy Tran and Dee Lam); 3 claims rated by at least two of them, with 6 verdicts."
    assert dialog.export_button.isEnabled()

    window.runner.user = "Gil Ray"  # a third reviewer's proposal, committed by the window: measured again
    window.runner.run(lambda store: store.propose(claims[0], "False"))
    measured(qtbot, dialog)
    _, result = expected(library_path, article_id, claims, {**NEWSROOM, "Gil Ray": ["False"]})
    assert dialog.shown() == [rows_of(result)] and len(result.statistics) == 2  # three reviewers: no kappa
    assert "3 reviewers (Cy Tran, Dee Lam and Gil Ray); 3 claims" in dialog.findChild(
        type(dialog.summary), "scaleSummary").text()
    assert show_agreement(window) is dialog  # the menu again brings the same dialog forward


def test_the_desk_over_a_period_leaves_out_proposals_outside_it(desk, open_app, library_path, qtbot):
    window = open_app()
    dialog = opened_on(window, desk["newsroom"][0], qtbot)
    dialog.desk_choice.setChecked(True)
    measured(qtbot, dialog)
    today = datetime.datetime.now(datetime.UTC).date()
    assert dialog.period() == ((today - datetime.timedelta(days=29)).isoformat(), today.isoformat())
    newsroom_scale, newsroom = expected(library_path, *desk["newsroom"], NEWSROOM)
    assert dialog.shown() == [rows_of(newsroom)]  # January 2020's PolitiFact ratings are out of the period
    assert [scale for scale, _ in dialog.results] == [newsroom_scale]

    dialog.since.setText("1 January 2020")
    dialog.since.editingFinished.emit()
    measured(qtbot, dialog)
    politifact_scale, politifact = expected(library_path, *desk["politifact"], POLITIFACT)
    assert dialog.shown() == [rows_of(newsroom), rows_of(politifact)]  # one table per scale
    assert [scale for scale, _ in dialog.results] == [newsroom_scale, politifact_scale]
    assert politifact.claims == 2 and dialog.shown()[1][0][2] == "2"

    dialog.since.setText("2020-01-01")
    dialog.until.setText("2020-01-31")
    dialog.until.editingFinished.emit()
    measured(qtbot, dialog)
    assert dialog.shown() == [rows_of(politifact)]
    assert "from 1 January 2020 to 31 January 2020 (UTC)" in dialog.summary.text()

    dialog.until.setText("2019-12-31")  # before the first day: refused under the field, nothing measured
    dialog.until.editingFinished.emit()
    assert not dialog.until.error.isHidden() and "before the first" in dialog.until.error.text()
    assert dialog.shown() == [] and dialog.empty.heading.text() == "Correct the period"
    assert not dialog.export_button.isEnabled()
    dialog.until.setText("")  # no last day: up to now
    dialog.until.editingFinished.emit()
    measured(qtbot, dialog)
    assert dialog.until.error.isHidden() and dialog.shown() == [rows_of(newsroom), rows_of(politifact)]
    assert "from 1 January 2020 on (UTC)" in dialog.summary.text()


def test_the_csv_written_is_what_the_dialog_shows(desk, open_app, library_path, qtbot, tmp_path, monkeypatch,
                                                 warnings):
    with api.open_library(library_path, reviewer="Seeder") as library:  # one claim rated twice: undefined there
        article = library.store.add_article(Article("Pinocchios", TEXT, rating_scale="washington-post"))
        claim_id = library.mark_claim(article.id, quote=QUOTES[0]).id
    rate(library_path, [claim_id], {"Cy Tran": ["One Pinocchio"], "Dee Lam": ["Two Pinocchios"]})
    window = open_app()
    dialog = opened_on(window, desk["newsroom"][0], qtbot)
    dialog.desk_choice.setChecked(True)
    dialog.since.setText("2020-01-01")
    dialog.since.editingFinished.emit()
    measured(qtbot, dialog)
    target = tmp_path / "agreement.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)"))
    dialog.export_button.click()
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    assert rows[0] == list(SCALES_CSV_HEADER)
    shown = [(scale.name, row, s) for (scale, result), table in zip(dialog.results, dialog.shown())
             for row, s in zip(table, result.statistics)]
    assert len(rows) - 1 == len(shown) == 9  # two alphas and kappa on each of the three scales
    for written, (scale_name, (name, value, claims, verdicts, note), statistic) in zip(rows[1:], shown):
        assert written[0] == scale_name and written[1] == name and written[3:] == [claims, verdicts, note]
        if value == "—":
            assert written[2] == "" and statistic.value is None
        else:  # the same number: four decimals there (the command line's), three here
            assert (written[2], value) == (f"{statistic.value:.4f}", f"{statistic.value:.3f}")
    assert rows[7] == ["The Washington Post Fact Checker", "Krippendorff's alpha (nominal)", "", "1", "2",
                       "fewer than 2 claims rated by two or more reviewers"]
    assert dialog.shown()[2][0] == ("Krippendorff's alpha (nominal)", "—", "1", "2",
                                    "fewer than 2 claims rated by two or more reviewers")
    assert window.statusBar().currentMessage() == f"Agreement (9 statistics) exported to {target}"

    assert not dialog.export(tmp_path / "no" / "such" / "folder.csv")
    assert len(warnings) == 1 and warnings[0].startswith(f"Cannot write {tmp_path / 'no'}")


def test_with_no_claim_rated_twice_the_dialog_says_so(open_app, qtbot):
    window = open_app()  # the seed article, with no proposals
    dialog = measured(qtbot, show_agreement(window))
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.heading.text() == "No claim has been rated by two reviewers in this article yet"
    assert "second opinion" in dialog.empty.hint.text()
    assert dialog.shown() == [] and not dialog.export_button.isEnabled()
    dialog.desk_choice.setChecked(True)
    measured(qtbot, dialog)
    assert dialog.empty.heading.text() == "No claim has been rated by two reviewers in this period yet"


def test_with_no_article_open_the_desk_is_measured(desk, open_app, qtbot):
    window = open_app()
    dialog = AgreementDialog(window)
    qtbot.addWidget(dialog)
    dialog.set_article(None)
    measured(qtbot, dialog)
    assert not dialog.article_choice.isEnabled() and dialog.desk_choice.isChecked()
    assert dialog.article_choice.text() == "This article (none is open)"
    assert [row[0] for row in dialog.shown()[0]][-1] == "Cohen's kappa"


def test_a_closed_dialog_ignores_a_measurement_still_running(desk, open_app, qtbot):
    window = open_app()
    window.open_article(desk["newsroom"][0])
    dialog = show_agreement(window)
    dialog.close()  # before the worker answers
    qtbot.waitUntil(window.runner.is_idle, timeout=30_000)  # the measurement ran (and the window's own reads)
    assert dialog._closed


def test_an_article_gone_from_the_library_is_said_in_words(desk, open_app, qtbot):
    window = open_app()
    dialog = opened_on(window, desk["newsroom"][0], qtbot)
    dialog.set_article(9999, "Deleted meanwhile")  # as if another program had deleted it
    measured(qtbot, dialog)
    assert dialog.pages.currentWidget() is dialog.empty and dialog.shown() == []
    assert dialog.empty.heading.text() == "Agreement could not be measured"
    assert "9999" in dialog.empty.hint.text() and not dialog.empty.hint.text().startswith("'")
    assert not dialog.export_button.isEnabled()
