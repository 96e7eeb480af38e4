"""The "Checked Before" tab: was the claim checked before? Matches listed, copied as a starting point, undone (issue 13)."""

from __future__ import annotations

import threading

import pytest

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus, Source
from factcheck.core.published import PublishedCheck
from factcheck.store import SQLiteStore

MAST_TEXT = "At the meeting a councillor said that 5G masts spread the coronavirus. Engineers disagreed."
NEW_TEXT = "On the radio the mayor repeated that the 5G masts are spreading the coronavirus in our town."
NEW_QUOTE = "the 5G masts are spreading the coronavirus in our town"
BLEACH_TEXT = "A viral post claims that drinking bleach cures the coronavirus within hours."


def _mark(store, article, quote, **fields) -> Claim:
    start = article.text.index(quote)
    return store.add_claim(Claim(anchor=make_anchor(article.text, start, start + len(quote)), article_id=article.id,
                                 **fields))


@pytest.fixture
def desk(library_path):
    """A library with a rated claim about 5G masts (with a source), two published checks, and two new articles."""
    store = SQLiteStore.open(library_path, user="alice")
    old = store.add_article(Article(title="Council hears 5G fears", text=MAST_TEXT, outlet="Evening Star",
                                    url="https://eveningstar.example/5g", rating_scale="politifact"))
    rated = _mark(store, old, "5G masts spread the coronavirus", verdict="False",
                  rationale="Radio waves do not carry viruses.")
    store.add_source(rated.id, Source(url="https://www.who.int/mythbusters", title="WHO mythbusters",
                                      publisher="WHO"))
    store.add_published_checks([
        PublishedCheck(url="https://fullfact.org/health/bleach/", claim_reviewed="Drinking bleach cures coronavirus.",
                       verdict="False", title="Bleach does not cure COVID-19", author="Full Fact",
                       published="2020-03-20"),
        PublishedCheck(url="https://pinocchio.example/5g", claim_reviewed="5G masts spread the coronavirus.",
                       verdict="Four Pinocchios", title="5G and the virus", author="The Fact Checker"),
    ])
    new = store.add_article(Article(title="Mayor's radio interview", text=NEW_TEXT, rating_scale="politifact"))
    bleach = store.add_article(Article(title="A viral post", text=BLEACH_TEXT))
    store.close()
    return {"rated": rated, "new": new, "bleach": bleach}


def settle(qtbot, window) -> None:
    """Wait for the selected claim's matches (looked up on the worker)."""
    qtbot.waitUntil(lambda: window.claim_tabs.lookups is not None and window.claim_tabs.lookups.idle(), timeout=10_000)


def open_at(qtbot, window, mark, article, quote) -> int:
    window.open_article(article.id)
    claim_id = mark(window, quote)
    settle(qtbot, window)
    return claim_id


def listed(panel) -> list[tuple[str, str]]:
    return [(panel.model.hit(row).source, panel.model.hit(row).claim) for row in range(panel.model.rowCount())]


def choose(panel, source: str, claim: str) -> None:
    row = listed(panel).index((source, claim))
    panel.list.setCurrentIndex(panel.model.index(row, 0))


def test_marking_a_claim_whose_words_a_published_check_has_lists_it(qtbot, open_app, desk, mark):
    window = open_app()
    open_at(qtbot, window, mark, desk["bleach"], "drinking bleach cures the coronavirus")
    tabs = window.claim_tabs
    assert tabs.tabText(3) == "Checked Before (1)"  # at a glance, before the tab is opened
    assert tabs.checked_before is None  # the panel is built when first shown
    panel = tabs.show_checked_before()
    assert listed(panel)[0] == ("published", "Drinking bleach cures coronavirus.")
    hit = panel.selected_hit()
    assert (hit.verdict, hit.url, hit.outlet, hit.date) == ("False", "https://fullfact.org/health/bleach/",
                                                            "Full Fact", "2020-03-20")
    from factcheck.ui.checked_before_panel import describe

    assert "Verdict: False (20 March 2020)" in describe(hit)  # dates as the desk writes them
    assert panel.summary.text() == "1 close match, closest first."
    assert panel.open_button.text() == "&Open Fact-Check"
    opened = []
    window.open_link = opened.append
    panel.open_match()
    assert opened == ["https://fullfact.org/health/bleach/"]


def test_the_claim_itself_is_never_listed_and_a_library_match_opens_in_its_article(qtbot, open_app, desk, mark):
    window = open_app()
    open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()
    assert ("library", NEW_QUOTE) not in listed(panel)
    assert {("library", "5G masts spread the coronavirus"), ("published", "5G masts spread the coronavirus.")} <= set(
        listed(panel))
    choose(panel, "library", "5G masts spread the coronavirus")
    panel.open_match()
    assert window.controller.article.id == desk["rated"].article_id
    assert window.claims_panel.selected_claim_id() == desk["rated"].id
    settle(qtbot, window)
    assert ("library", "5G masts spread the coronavirus") not in listed(panel)  # now it is the claim selected
    assert ("library", NEW_QUOTE) in listed(panel)


def test_use_as_starting_point_copies_verdict_rationale_and_sources_as_one_edit_undone_by_ctrl_z(
        qtbot, open_app, desk, mark):
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "library", "5G masts spread the coronavirus")
    before = window.controller.stack.count()
    assert panel.use_button.isEnabled() and panel.use_as_starting_point()
    window.runner.wait_idle()
    stored = window.library.claim(claim_id)
    assert (stored.verdict, stored.rationale) == ("False", "Radio waves do not carry viruses.")
    assert [(s.url, s.title, s.publisher) for s in stored.sources] == [
        ("https://www.who.int/mythbusters", "WHO mythbusters", "WHO")]
    assert window.controller.stack.count() == before + 1  # one undo step
    assert window.controller.stack.undoText() == "Use “5G masts spread the coronavirus” as starting point"
    shown = window.claims_model.claim(claim_id)
    assert (shown.verdict, len(shown.sources)) == ("False", 1)  # the table and editor follow
    source_id = stored.sources[0].id
    window.controller.undo()
    window.runner.wait_idle()
    undone = window.library.claim(claim_id)
    assert (undone.verdict, undone.rationale, undone.sources) == (None, "", ())
    assert window.claims_model.claim(claim_id).verdict is None
    assert window.library.claim(desk["rated"].id).sources[0].url == "https://www.who.int/mythbusters"  # theirs stay
    window.controller.redo()
    window.runner.wait_idle()
    redone = window.library.claim(claim_id)
    assert (redone.verdict, [s.id for s in redone.sources]) == ("False", [source_id])


def test_a_published_check_brings_its_address_as_a_source_and_a_rationale_goes_below_the_reviewers(
        qtbot, open_app, desk, mark):
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["bleach"], "drinking bleach cures the coronavirus")
    window.controller.set_claim_field(claim_id, "rationale", "My notes.")
    window.runner.wait_idle()
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "published", "Drinking bleach cures coronavirus.")
    panel.use_as_starting_point()
    window.runner.wait_idle()
    stored = window.library.claim(claim_id)
    assert stored.verdict == "False"  # on the newsroom scale this article uses too
    assert stored.rationale == "My notes."  # a published check brings no rationale of its own
    assert [(s.url, s.title, s.publisher, s.date) for s in stored.sources] == [
        ("https://fullfact.org/health/bleach/", "Bleach does not cure COVID-19", "Full Fact", "2020-03-20")]
    panel.use_as_starting_point()  # again: its address is a source already, and nothing else is new
    window.runner.wait_idle()
    assert len(window.library.claim(claim_id).sources) == 1

    window.open_article(desk["new"].id)
    other = mark(window, NEW_QUOTE)
    window.controller.set_claim_field(other, "rationale", "First reading.")
    window.runner.wait_idle()
    settle(qtbot, window)
    choose(panel, "library", "5G masts spread the coronavirus")
    panel.use_as_starting_point()
    window.runner.wait_idle()
    assert window.library.claim(other).rationale == "First reading.\n\nRadio waves do not carry viruses."


def test_a_verdict_on_no_scale_of_the_claim_is_not_copied_and_said_so(qtbot, open_app, desk, mark):
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "published", "5G masts spread the coronavirus.")
    panel.use_as_starting_point()
    window.runner.wait_idle()
    assert window.library.claim(claim_id).verdict is None
    assert window.statusBar().currentMessage() == ("Copied 1 source. “Four Pinocchios” is not a verdict on "
                                                   "“PolitiFact Truth-O-Meter”: the verdict was not copied.")
    assert [s.url for s in window.library.claim(claim_id).sources] == ["https://pinocchio.example/5g"]


def test_an_approved_claim_refuses_it_as_every_other_edit(qtbot, open_app, desk, mark, warnings):
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    window.library.update_claim(claim_id, "status", ClaimStatus.APPROVED)  # an editor approved it meanwhile
    window.claims_model.replace_claim(window.library.claim(claim_id))
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "library", "5G masts spread the coronavirus")
    assert not panel.use_button.isEnabled()
    assert "reopen it first" in panel.use_button.toolTip()
    before = window.controller.stack.count()
    window.controller.use_as_starting_point(claim_id, panel.selected_hit())  # a way round the button: refused too
    window.runner.wait_idle()
    stored = window.library.claim(claim_id)
    assert (stored.verdict, stored.rationale, stored.sources) == (None, "", ())
    assert window.controller.stack.count() == before
    assert warnings and "was not saved" in warnings[-1]


def test_a_blind_claim_shows_nothing_and_is_not_looked_up(qtbot, open_app, desk, library_path, monkeypatch):
    store = SQLiteStore.open(library_path, user="alice")
    store.request_opinions(desk["rated"].id, ["tester"])
    store.close()
    asked = []
    similar = SQLiteStore.similar
    monkeypatch.setattr(SQLiteStore, "similar", lambda self, text, **kw: asked.append(text) or similar(self, text, **kw))
    window = open_app()
    window.open_article(desk["rated"].article_id)
    window.claims_panel.select_claim(desk["rated"].id)
    settle(qtbot, window)
    panel = window.claim_tabs.show_checked_before()
    assert panel.model.rowCount() == 0 and not panel.use_button.isEnabled()
    assert panel.empty.heading.text() == "Your second opinion comes first"
    assert window.claim_tabs.tabText(3) == "Checked Before"
    assert asked == []


def test_nothing_runs_on_the_ui_thread_and_a_stale_answer_is_dropped(qtbot, open_app, desk, mark, monkeypatch):
    calls = []
    held = threading.Event()
    similar = SQLiteStore.similar

    def recorded(self, text, **kw):
        calls.append((threading.current_thread() is threading.main_thread(), self, text))
        if "bleach" in text:
            held.wait(10)  # the first claim's look-up is slow
        return similar(self, text, **kw)

    monkeypatch.setattr(SQLiteStore, "similar", recorded)
    window = open_app()
    window.open_article(desk["bleach"].id)
    first = mark(window, "drinking bleach cures the coronavirus")
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)  # on its way, held
    answers = []
    window.claim_tabs.lookups.found.connect(lambda matches: answers.append(matches and matches.claim_id))
    window.open_article(desk["new"].id)
    second = mark(window, NEW_QUOTE)  # the reviewer moves on before the first answer
    held.set()
    settle(qtbot, window)
    qtbot.wait(50)  # the first answer, had it been kept, would be shown by now
    panel = window.claim_tabs.show_checked_before()
    assert first not in answers and answers[-1] == second
    assert panel.claim_id == second and listed(panel)[0][1].startswith("5G masts spread the coronavirus")
    assert calls and not any(on_ui for on_ui, _, _ in calls)
    assert all(store is not window.library for _, store, _ in calls)  # the worker's own handle


def test_the_window_starts_without_checked_before(tmp_path):
    """Cold start does not grow: the tab's modules, the matcher and the stemmer load at the first selection."""
    import os
    import subprocess
    import sys
    import textwrap

    SQLiteStore.open(tmp_path / "library.db").close()
    code = textwrap.dedent("""
        import sys
        from PySide6 import QtWidgets
        QtWidgets.QApplication.exec = lambda *args: 0
        from factcheck.cli import main
        assert main(["--db", sys.argv[1]]) == 0
        names = ("factcheck.ui.checked_before_panel", "factcheck.ui.checked_before_worker",
                 "factcheck.core.matching", "factcheck.core.checked_before", "snowballstemmer")
        print(",".join(name for name in names if name in sys.modules) or "-")
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FACTCHECK_SETTINGS=str(tmp_path / "settings.ini"),
               FACTCHECK_LOG="ERROR")
    env.pop("FACTCHECK_DB", None)
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "library.db")], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "-"


def test_importing_published_fact_checks_looks_the_selected_claim_up_again(qtbot, open_app, desk, mark, tmp_path):
    import json

    window = open_app()
    open_at(qtbot, window, mark, desk["bleach"], "drinking bleach cures the coronavirus")
    assert window.claim_tabs.tabText(3) == "Checked Before (1)"
    path = tmp_path / "more.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org", "@type": "ClaimReview",
                                "url": "https://checkdesk.example/bleach",
                                "claimReviewed": "Drinking bleach cures the coronavirus within hours",
                                "reviewRating": {"@type": "Rating", "alternateName": "False"}}), encoding="utf-8")
    job = window.import_paths([path])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15_000)
    panel = window.claim_tabs.show_checked_before()  # the tab was hidden: looked up again when shown
    settle(qtbot, window)
    qtbot.waitUntil(lambda: ("published", "Drinking bleach cures the coronavirus within hours") in listed(panel),
                    timeout=10_000)
    assert window.claim_tabs.tabText(3) == "Checked Before (2)"


OUT_OF_REACH = "The library is out of reach: check the connection, then select the claim again."


def _unreachable(monkeypatch) -> None:
    from factcheck.store import LibraryError

    def fail(self, text, **kw):
        raise LibraryError(OUT_OF_REACH)

    monkeypatch.setattr(SQLiteStore, "similar", fail)


def test_a_look_up_that_failed_before_the_tab_was_built_says_so_when_it_is_shown(qtbot, open_app, desk, mark,
                                                                                 monkeypatch):
    _unreachable(monkeypatch)
    window = open_app()
    open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()  # built now, after the failure
    assert (panel.empty.heading.text(), panel.empty.hint.text()) == ("Could not look for similar claims",
                                                                     OUT_OF_REACH)
    assert panel.model.rowCount() == 0 and not panel.use_button.isEnabled()


def test_a_failed_look_up_again_leaves_no_stale_matches(qtbot, open_app, desk, mark, monkeypatch):
    window = open_app()
    open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    tabs = window.claim_tabs
    panel = tabs.show_checked_before()
    assert panel.model.rowCount() > 0 and tabs.tabText(3) != "Checked Before"
    _unreachable(monkeypatch)
    tabs.matches_may_have_changed()  # a colleague's change: looked up again, and it fails
    settle(qtbot, window)
    assert (panel.model.rowCount(), panel.empty.hint.text()) == (0, OUT_OF_REACH)
    assert tabs.tabText(3) == "Checked Before"  # no count of matches no longer shown
    tabs.setCurrentIndex(0)
    tabs.show_checked_before()  # shown again: the error still, not the matches from before it
    assert (panel.model.rowCount(), panel.empty.hint.text()) == (0, OUT_OF_REACH)
    assert not panel.use_button.isEnabled()


def test_the_candidates_are_ranked_in_the_scoring_process_as_this_process_would(qtbot, open_app, desk, mark,
                                                                                 monkeypatch):
    from factcheck.core.matching import rank
    from factcheck.ui import checked_before_worker

    ranked = []
    real = checked_before_worker.rank_elsewhere

    def rank_elsewhere(text, candidates, collection, limit):
        candidates = list(candidates)
        answer = real(text, candidates, collection, limit)
        ranked.append(answer == rank(text, candidates, collection, limit))
        return answer

    monkeypatch.setattr(checked_before_worker, "rank_elsewhere", rank_elsewhere)
    window = open_app()
    open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    hits = window.claim_tabs.lookups.matches.hits
    assert ranked == [True]  # one look-up, ranked elsewhere (the UI thread's interpreter free meanwhile), the same
    assert ("library", "5G masts spread the coronavirus") in {(hit.source, hit.claim) for hit in hits}


def looking_up_while_the_runner_works(qtbot, open_app, desk, monkeypatch):
    """A window on the rated claim's article whose runner is held by an operation (an edit waiting on the disk, a
    long backup); the texts looked up, and the event that lets the operation end."""
    asked = []
    similar = SQLiteStore.similar
    monkeypatch.setattr(SQLiteStore, "similar", lambda self, text, **kw: asked.append(text) or similar(self, text, **kw))
    window = open_app()
    window.open_article(desk["rated"].article_id)
    window.runner.wait_idle()
    held, release = threading.Event(), threading.Event()
    window.runner.run(lambda store: held.set() or release.wait(20))
    assert held.wait(10)
    return window, asked, release


def test_a_look_up_waits_for_the_edits_under_way(qtbot, open_app, desk, monkeypatch):
    from factcheck.ui.checked_before_worker import PAUSE_MS

    window, asked, release = looking_up_while_the_runner_works(qtbot, open_app, desk, monkeypatch)
    try:
        window.claims_panel.select_claim(desk["rated"].id)
        qtbot.wait(3 * PAUSE_MS)
        assert asked == []  # the selection rested, but an edit is under way
    finally:
        release.set()
    settle(qtbot, window)
    assert asked == ["5G masts spread the coronavirus"]  # looked up once the edit was done


def test_a_look_up_waits_for_long_work_no_longer_than_a_moment(qtbot, open_app, desk, monkeypatch):
    from factcheck.ui import checked_before_worker

    monkeypatch.setattr(checked_before_worker, "MAX_WAIT_S", 0.3)
    window, asked, release = looking_up_while_the_runner_works(qtbot, open_app, desk, monkeypatch)
    try:
        window.claims_panel.select_claim(desk["rated"].id)
        qtbot.waitUntil(lambda: asked == ["5G masts spread the coronavirus"], timeout=5000)  # while it still runs
    finally:
        release.set()
    window.runner.wait_idle()
