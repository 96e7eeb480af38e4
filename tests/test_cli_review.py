"""``factcheck review …``: the review workflow from the command line (issue 12), on a library file and
on the shared desk (blindness, a reporter cannot sign off): alice and bob are editors there, rita a reporter.
"""

from __future__ import annotations

import csv
import io
import itertools
import sqlite3
import sys

import pytest

from factcheck import api
from factcheck.cli import main
from factcheck.core.agreement import CSV_HEADER
from factcheck.core.articles import Article
from factcheck.core.claims import ClaimStatus
from factcheck.core.workflow import Decision
from factcheck.store import StaleValue

TEXT = "Crime fell 40% last year, the mayor said. The council spent £2m on the lanes. Unemployment is at a record low."
QUOTES = ("Crime fell 40% last year", "The council spent £2m", "Unemployment is at a record low")

_names = itertools.count(1)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("FACTCHECK_LOG", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)


@pytest.fixture
def db(tmp_path):
    """A library file with one article (id 1) and three claims, 1:1 to 1:3."""
    path = tmp_path / "newsroom.db"
    with api.open_library(path, reviewer="Seeder", create=True) as library:
        article = library.store.add_article(Article("Mayor says crime fell", TEXT))
        for quote in QUOTES:
            library.mark_claim(article.id, quote=quote)
    assert article.id == 1
    return path


def review(location, *words: str, reviewer: str | None = None) -> int:
    return main(["--db", str(location), "review", *words, *(["--reviewer", reviewer] if reviewer else [])])


def outcome(capsys) -> tuple[list[str], list[str]]:
    out, err = capsys.readouterr()
    return out.splitlines(), err.splitlines()


def claim(location, number: int, reviewer: str = "Reader"):
    with api.open_library(location, reviewer=reviewer) as library:
        return next(c for c in library.claims(1) if c.number == number)


def refused(capsys, code: int, *, saying: str) -> None:
    """One line on stderr, beginning "factcheck: " and saying ``saying``; nothing on stdout."""
    out, err = outcome(capsys)
    assert out == [] and len(err) == 1 and err[0].startswith("factcheck: ") and saying in err[0], (out, err)


# ------------------------------------------------------------------ a library file


def test_a_claim_goes_from_proposal_through_a_blind_second_opinion_to_sign_off(db, capsys):
    assert review(db, "propose", "1:1", "false", "Police data: 12%, not 40%.", reviewer="Rita") == 0
    assert outcome(capsys) == (["Proposed “False” for claim 1:1; the claim is in review."], [])
    assert review(db, "ask", "1:1", "Bob", "Carol", "-m", "Rate it blind, please.", reviewer="Ana") == 0
    assert outcome(capsys) == (["Asked Bob and Carol for a second opinion on claim 1:1."], [])

    assert review(db, "waiting", reviewer="Bob") == 0
    assert outcome(capsys)[0] == ["second opinion\tclaim 1:1\t“Crime fell 40% last year”\t"
                                  "asked by Ana: Rate it blind, please."]  # nothing to sign off before rating it
    assert review(db, "show", "1:1", reviewer="Bob") == 0
    out, _ = outcome(capsys)
    assert out[0] == "claim 1:1 (id 1)\t“Crime fell 40% last year”\tIn review\thidden until you propose yours " \
                     "(a second opinion)"
    assert not any("False" in line or "Police" in line for line in out)
    assert review(db, "claims", "1", reviewer="Bob") == 0
    assert outcome(capsys)[0][1] == "1:1\t1\tIn review\t(hidden: your second opinion)\t“Crime fell 40% last year”"
    assert review(db, "approve", "1:1", "-m", "Looks right.", reviewer="Bob") == 1
    refused(capsys, 1, saying="You were asked for a second opinion on claim 1")

    assert review(db, "propose", "1:1", "Mixed", "Both figures are right for different years.",
                  reviewer="Bob") == 0
    assert outcome(capsys)[0] == ["Proposed “Mixed” for claim 1:1; the claim is in review."]
    assert review(db, "waiting", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["sign-off\tclaim 1:1\t“Crime fell 40% last year”\t"
                                  "proposed: Rita False, Bob Mixed"]
    assert review(db, "approve", "1:1", "--of", "Rita", "-m", "Checked the police table.", reviewer="Ana") == 0
    assert outcome(capsys) == (["Approved claim 1:1: “False”."], [])
    stored = claim(db, 1)
    assert (stored.verdict, stored.rationale, stored.status) == ("False", "Police data: 12%, not 40%.",
                                                                ClaimStatus.APPROVED)
    assert review(db, "reopen", "1:1", "-m", "New figures out.", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["Reopened claim 1:1: it is in review again."]
    assert review(db, "return", "1", "-m", "Find the 2023 table.", reviewer="Ana") == 0  # by its id
    assert outcome(capsys)[0] == ["Returned claim 1:1 to draft."]
    assert review(db, "comment", "1:1", "Asked", "the", "press office.", reviewer="Rita") == 0
    assert outcome(capsys)[0] == ["Commented on claim 1:1."]

    assert review(db, "show", "1:1", reviewer="Ana") == 0
    out, _ = outcome(capsys)
    assert out[0] == "claim 1:1 (id 1)\t“Crime fell 40% last year”\tDraft\tFalse"
    kinds = [line.split("\t")[:2] for line in out[1:]]
    assert kinds == [["proposal", "Rita"], ["proposal", "Bob"], ["asked", "Bob"], ["asked", "Carol"],
                     ["approved", "by Ana"], ["reopened", "by Ana"], ["returned", "by Ana"], ["comment", "Rita"]]
    assert out[2].split("\t")[3].startswith("submitted (second opinion) ")
    assert out[-1].endswith("\tAsked the press office.") and out[-2].endswith("\tFind the 2023 table.")
    with api.open_library(db, reviewer="Ana") as library:
        assert [d.action for d in library.store.decisions(1)] == [Decision.APPROVE, Decision.REOPEN, Decision.RETURN]


def test_a_draft_proposal_an_own_verdict_and_what_is_listed(db, capsys):
    assert review(db, "propose", "1:2", "Accurate", "--draft", reviewer="Rita") == 0
    assert outcome(capsys)[0] == ["Saved a draft proposal “Accurate” for claim 1:2: only you see it until you "
                                  "propose without --draft."]
    assert review(db, "show", "1:2", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["claim 1:2 (id 2)\t“The council spent £2m”\tDraft\tno verdict"]  # Rita's draft
    assert review(db, "approve", "1:2", "--verdict", "mostly accurate", "--rationale", "£2m over two years.",
                  "-m", "My wording.", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["Approved claim 1:2: “Mostly accurate”."]
    assert review(db, "claims", "1", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["CLAIM\tID\tSTATUS\tVERDICT\tQUOTE",
                                  "1:1\t1\tDraft\t-\t“Crime fell 40% last year”",
                                  "1:2\t2\tApproved\tMostly accurate\t“The council spent £2m”",
                                  "1:3\t3\tDraft\t-\t“Unemployment is at a record low”"]
    assert review(db, "waiting", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["Nothing waits for Ana."]


def test_a_note_is_required_asked_on_a_terminal_else_refused(db, capsys, monkeypatch):
    review(db, "propose", "1:1", "False", reviewer="Rita")
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    assert review(db, "approve", "1:1", "--of", "Rita", reviewer="Ana") == 2
    refused(capsys, 2, saying="approve needs a short note saying why: add -m NOTE")
    assert claim(db, 1).status == ClaimStatus.IN_REVIEW
    assert review(db, "approve", "1:1", "--of", "Rita", "-m", "  ", reviewer="Ana") == 1
    refused(capsys, 1, saying="Approved needs a short note")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    asked = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "Checked the police table.")
    assert review(db, "approve", "1:1", "--of", "Rita", reviewer="Ana") == 0
    assert asked == ["Why approve it? (a short note for the history): "]
    with api.open_library(db, reviewer="Ana") as library:
        assert library.store.decisions(1)[0].note == "Checked the police table."


def test_each_error_prints_one_line_and_exits_1(db, capsys, monkeypatch):
    assert review(db, "propose", "1:1", "Pants on Fire", reviewer="Rita") == 1
    refused(capsys, 1, saying="“Pants on Fire” is not a verdict on the rating scale “Newsroom scale”")
    assert review(db, "reopen", "1:1", "-m", "Why not.", reviewer="Ana") == 1
    refused(capsys, 1, saying="Claim 1 is not approved: there is nothing to reopen.")
    assert review(db, "approve", "1:1", "--of", "Nobody", "-m", "Fine.", reviewer="Ana") == 1
    refused(capsys, 1, saying="There is no submitted proposal by Nobody for claim 1:1")
    assert review(db, "approve", "1:1", "-m", "Nothing proposed.", reviewer="Ana") == 1
    refused(capsys, 1, saying="Claim 1 has no verdict to approve.")
    assert review(db, "ask", "1:1", "Ana", reviewer="Ana") == 1
    refused(capsys, 1, saying="Name at least one colleague")
    assert review(db, "comment", "1:9", "Hello", reviewer="Ana") == 1
    refused(capsys, 1, saying="Article 1 has no claim 9: `factcheck review claims 1` lists its claims.")
    assert review(db, "show", "77", reviewer="Ana") == 1
    refused(capsys, 1, saying="There is no claim 77 in the library")
    assert review(db, "claims", "5", reviewer="Ana") == 1
    refused(capsys, 1, saying="There is no article 5 in the library")

    def stale(*args, **kwargs):
        raise StaleValue("Bob changed the verdict to “Mixed” a moment ago: nothing was saved.")

    monkeypatch.setattr(api.Library, "approve", stale)
    assert review(db, "approve", "1:1", "--verdict", "False", "-m", "Mine.", reviewer="Ana") == 1
    refused(capsys, 1, saying="Bob changed the verdict")
    assert claim(db, 1).status == ClaimStatus.DRAFT


def test_usage_errors_exit_2(db, capsys):
    for words in (["show", "x:1"], ["show", "1:"], ["approve", "1:1", "--of", "Rita", "--verdict", "False"],
                  ["frobnicate"], ["propose", "1:1"]):
        with pytest.raises(SystemExit) as exit_:
            review(db, *words, reviewer="Ana")
        assert exit_.value.code == 2
    capsys.readouterr()
    assert review(db, "approve", "1:1", "--rationale", "Why.", "-m", "Mine.", reviewer="Ana") == 1
    refused(capsys, 1, saying="--rationale goes with --verdict")


def test_the_reviewer_is_the_name_in_preferences_unless_given(db, tmp_path, monkeypatch, capsys):
    settings = tmp_path / "settings.ini"
    monkeypatch.setenv("FACTCHECK_SETTINGS", str(settings))
    assert review(db, "propose", "1:1", "False") == 2
    refused(capsys, 2, saying="who is reviewing? Add --reviewer NAME, or set your name in the window's Preferences")
    settings.write_text("[preferences]\nreviewer_name=Ana Ruiz\n", encoding="utf-8")
    assert review(db, "propose", "1:1", "False") == 0
    assert review(db, "propose", "1:2", "Mixed", reviewer="Ben Ode") == 0
    with api.open_library(db, reviewer="Reader") as library:
        assert [p.reviewer for p in library.proposals(1)] == ["Ana Ruiz"]
        assert [p.reviewer for p in library.proposals(2)] == ["Ben Ode"]


def test_review_on_a_mistyped_path_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "typo.db"
    assert review(missing, "waiting", reviewer="Ana") == 1
    refused(capsys, 1, saying=f"there is no library at {missing}")
    assert list(tmp_path.iterdir()) == []


def rate(db, verdicts: dict[str, list[str]]) -> None:
    for reviewer, given in verdicts.items():
        with api.open_library(db, reviewer=reviewer) as library:
            for claim_id, verdict in zip((1, 2, 3), given):
                library.propose(claim_id, verdict)


def test_agreement_prints_the_statistics_and_writes_them_as_csv(db, tmp_path, capsys):
    assert review(db, "agreement", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["No claim in the desk was rated by two or more reviewers: there is no agreement "
                                  "to measure yet."]
    rate(db, {"Cy": ["False", "Mixed", "Accurate"], "Dee": ["False", "Misleading", "Accurate"]})
    with api.open_library(db, reviewer="Ana") as library:
        expected = library.agreement(1)
    assert review(db, "agreement", "1", reviewer="Ana") == 0
    out, _ = outcome(capsys)
    assert out[0] == "Newsroom scale: 2 reviewers (Cy and Dee), 3 claims rated by two or more"
    assert out[1:] == [f"{s.name}\t{s.value:.4f}\t3 claims\t6 verdicts" for s in expected.statistics]
    assert len(out) == 4  # nominal and ordinal alpha, Cohen's kappa
    assert review(db, "agreement", reviewer="Ana") == 0  # the desk: the same, one scale
    assert outcome(capsys)[0] == out

    table = tmp_path / "agreement.csv"
    assert review(db, "agreement", "--csv", str(table), "--since", "2000-01-01", reviewer="Ana") == 0
    assert outcome(capsys)[0] == [f"{table}\t3 statistics of the desk"]
    rows = list(csv.reader(table.open(encoding="utf-8", newline="")))
    assert rows[0] == ["scale", *CSV_HEADER]
    assert rows[1:] == [["Newsroom scale", *row] for row in expected.to_csv_rows()[1:]]

    assert review(db, "agreement", "1", "--since", "2999-01-01", reviewer="Ana") == 0
    assert outcome(capsys)[0] == ["No claim in article 1 was rated by two or more reviewers from 2999-01-01: there "
                                  "is no agreement to measure yet."]
    assert review(db, "agreement", "--until", "10/07/2026", reviewer="Ana") == 1
    refused(capsys, 1, saying="could be 10 July or 7 October")
    assert review(db, "agreement", "--csv", str(tmp_path / "no" / "such" / "a.csv"), reviewer="Ana") == 1
    refused(capsys, 1, saying="cannot write")


def test_while_a_window_has_the_library_reads_use_its_copy_and_changes_are_refused(db, capsys, monkeypatch):
    from factcheck.store import library_lock, window_channel

    rate(db, {"Cy": ["False", "Mixed", "Accurate"], "Dee": ["False", "Misleading", "Accurate"]})
    asked = []

    def window_writes_a_copy(path, request, **kwargs):  # as the window does (factcheck.ui's channel server)
        asked.append(request["op"])
        with sqlite3.connect(path) as source, sqlite3.connect(request["path"]) as copy:
            source.backup(copy)
        return {"ok": True}

    monkeypatch.setattr(library_lock, "hold_for_command", lambda path, command: None)  # a window holds it
    monkeypatch.setattr(window_channel, "ask", window_writes_a_copy)
    assert review(db, "waiting", reviewer="Ana") == 0
    assert outcome(capsys)[0][0].startswith("sign-off\tclaim 1:1\t")
    assert review(db, "agreement", "1", reviewer="Ana") == 0
    assert outcome(capsys)[0][0].startswith("Newsroom scale: 2 reviewers")
    assert asked == ["snapshot", "snapshot"]
    assert review(db, "approve", "1:1", "--of", "Cy", "-m", "Fine.", reviewer="Ana") == 1
    refused(capsys, 1, saying=f"the library {db} is open in a factcheck window: approve the claim there")
    assert asked == ["snapshot", "snapshot"]


def test_the_help_lists_the_review_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "review ACTION" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    out = capsys.readouterr().out
    assert all(action in out for action in ("propose", "ask", "approve", "return", "reopen", "comment", "claims",
                                            "show", "waiting", "agreement"))


# ------------------------------------------------------------------ the shared desk


@pytest.fixture
def shared(shared_desk):
    """A shared library with the article and its three claims; ``shared(login)`` is that login's address."""
    name = f"cli_review_{next(_names)}"
    shared_desk.new_library(name)
    with api.open_library(shared_desk.url(name, "alice")) as alice:
        article = alice.store.add_article(Article("Mayor says crime fell", TEXT))
        for quote in QUOTES:
            alice.mark_claim(article.id, quote=quote)
    assert article.id == 1
    return lambda login: shared_desk.url(name, login)


def test_a_reporter_cannot_sign_off_on_the_shared_desk(shared, capsys):
    assert review(shared("rita"), "propose", "1:1", "False", "Police data.") == 0
    assert outcome(capsys)[0] == ["Proposed “False” for claim 1:1; the claim is in review."]
    assert review(shared("rita"), "approve", "1:1", "--of", "rita", "-m", "Checked it myself.") == 1
    refused(capsys, 1, saying="Only an editor can approve it on postgresql://rita@")
    assert review(shared("rita"), "return", "1:1", "-m", "Not ready.") == 1
    refused(capsys, 1, saying="rita is a reporter")
    stored = claim(shared("rita"), 1)
    assert (stored.status, stored.verdict) == (ClaimStatus.IN_REVIEW, None)
    assert review(shared("rita"), "waiting") == 0
    assert outcome(capsys)[0] == ["Nothing waits for rita."]  # a reporter signs nothing off
    assert review(shared("alice"), "waiting") == 0
    assert outcome(capsys)[0] == ["sign-off\tclaim 1:1\t“Crime fell 40% last year”\tproposed: rita False"]
    assert review(shared("alice"), "approve", "1:1", "--of", "rita", "-m", "Checked the police table.") == 0
    assert outcome(capsys)[0] == ["Approved claim 1:1: “False”."]
    assert claim(shared("rita"), 1).status == ClaimStatus.APPROVED


def test_a_second_opinion_stays_blind_on_the_shared_desk(shared, capsys):
    assert review(shared("rita"), "propose", "1:1", "False", "Police data: 12%.") == 0
    with api.open_library(shared("alice")) as alice:
        alice.set_claim_field(1, "verdict", "Misleading")
        alice.set_claim_field(1, "rationale", "Editor's draft: a fall of 12%.")
    assert review(shared("alice"), "ask", "1:1", "bob", "-m", "Blind, please.") == 0
    capsys.readouterr()
    for words in (["show", "1:1"], ["claims", "1"], ["waiting"]):
        assert review(shared("bob"), *words) == 0  # bob, an editor, may read every proposal on the server
        out = "\n".join(outcome(capsys)[0])
        assert "Misleading" not in out and "False" not in out and "12%" not in out, out
    assert review(shared("bob"), "propose", "1:1", "Mixed", "Both figures hold.") == 0
    capsys.readouterr()
    assert review(shared("bob"), "show", "1:1") == 0
    out, _ = outcome(capsys)
    assert out[0].endswith("\tIn review\tMisleading")
    assert [line.split("\t")[:3] for line in out[1:3]] == [["proposal", "rita", "False"], ["proposal", "bob", "Mixed"]]


def test_on_a_shared_library_the_reviewer_is_the_login(shared, capsys):
    assert review(shared("rita"), "propose", "1:1", "False", reviewer="Ana") == 2
    refused(capsys, 2, saying="on a shared library the reviewer is the login")
    assert review(shared("rita"), "comment", "1:1", "Asked the police.") == 0
    with api.open_library(shared("alice")) as alice:
        assert [c.author for c in alice.comments(1)] == ["rita"]


def test_ask_article_asks_for_a_second_opinion_on_every_claim_not_yet_approved(db, capsys):
    with api.open_library(db, reviewer="Dana") as library:
        first, *others = library.claims(1)
        library.approve(first.id, "Checked.", verdict=library.rating_scale(1).verdicts[0].label)
    assert review(db, "ask-article", "1", "Lee", "-m", "Rate these blind, please.", reviewer="Dana") == 0
    out, _ = outcome(capsys)
    assert out == [f"Asked Lee for a second opinion on {len(others)} claims of “Mayor says crime fell”."]
    with api.open_library(db, reviewer="Lee") as library:
        assert library.store.blind_claims() == {c.id for c in others}  # not the approved one
    assert review(db, "ask-article", "1", "Lee", reviewer="Rita") == 0  # a library file: names as used
