"""``factcheck search``: the library search on the command line, as documented (issue 13)."""

from __future__ import annotations

import json

import pytest

from factcheck import api
from factcheck.cli import main
from factcheck.core.published import PublishedCheck


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "library.db"
    library = api.open_library(path, reviewer="alice", create=True)
    article = library.store.add_article(api.Article(title="Taxes and the budget",
                                                    text="The mayor said taxes rose by 40%."))
    claim = library.mark_claim(article.id, quote="taxes rose")
    library.store.update_claim(claim.id, "claimant", "Lindsey Graham")
    library.store.add_published_checks([PublishedCheck(url="https://fc.example/1", claim_reviewed="Taxes rose 40%",
                                                       verdict="False")])
    library.close()
    return path


def test_search_prints_articles_hits_and_published_checks(db, capsys):
    assert main(["--db", str(db), "search", "tax"]) == 0
    out = capsys.readouterr().out
    assert "Taxes and the budget" in out
    assert "headline: [Taxes] and the budget" in out
    assert "[Taxes] rose 40% [False] https://fc.example/1" in out


def test_search_json_gives_snippets_with_their_marks(db, capsys):
    assert main(["--db", str(db), "search", '"taxes rose"', "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    hit = found["articles"][0]["hits"][0]
    assert hit["where"] == "text"
    start, end = hit["snippet"]["marks"][0]
    assert hit["snippet"]["text"][start:end] == "taxes rose"
    assert found["published"][0]["url"] == "https://fc.example/1"


def test_search_claims_lists_the_claims_view(db, capsys):
    assert main(["--db", str(db), "search", "--claims", "claimant:graham"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "CLAIM\tARTICLE\tSTATUS\tVERDICT\tCLAIMANT\tQUOTE"
    assert lines[1].endswith("\tdraft\t\tLindsey Graham\ttaxes rose")


def test_search_claims_and_problems(db, capsys):
    assert main(["--db", str(db), "search", "--claims", "--json", "claimant:", "tax"]) in (0, 1)
    captured = capsys.readouterr()
    assert "claimant: names nothing" in captured.err
    assert isinstance(json.loads(captured.out), list)
    assert main(["--db", str(db), "search", "nothingmatchesthis"]) == 1
    assert "Nothing matched." in capsys.readouterr().out


def test_a_reviewer_owing_a_blind_opinion_finds_no_verdict_or_rationale_of_the_claim(tmp_path, monkeypatch, capsys):
    """Bob was asked to rate a claim blind: ``search`` and ``search --claims`` find it by its quote, never by its
    verdict or rationale, and print no verdict for it (issue 12)."""
    path = tmp_path / "library.db"
    library = api.open_library(path, reviewer="alice", create=True)
    article = library.store.add_article(api.Article(title="Vaccine myths", text="Covid vaccines contain microchips."))
    claim = library.mark_claim(article.id, quote="Covid vaccines contain microchips")
    library.store.update_claim(claim.id, "verdict", "False")
    library.store.update_claim(claim.id, "rationale", "Zyxwq lab found no chip.")
    library.store.request_opinions(claim.id, ["bob"])
    library.close()
    settings = tmp_path / "bob.ini"
    settings.write_text("[preferences]\nreviewer_name=bob\n")
    monkeypatch.setenv("FACTCHECK_SETTINGS", str(settings))
    for query in (["--claims", "verdict:false"], ["verdict:false"], ["zyxwq"], ["--claims", "zyxwq"]):
        assert main(["--db", str(path), "search", *query]) == 1, query
    capsys.readouterr()
    assert main(["--db", str(path), "search", "--claims", "microchips -zyxwq"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"{claim.id}\t{article.id}\tdraft\t(hidden)\t\t" \
                                                      "Covid vaccines contain microchips"
    assert main(["--db", str(path), "search", "--claims", "--json", "microchips"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert (row["verdict"], row["verdict_hidden"]) == (None, True)
    assert main(["--db", str(path), "search", "--json", "microchips"]) == 0
    assert "Zyxwq" not in capsys.readouterr().out
