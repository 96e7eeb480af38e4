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
