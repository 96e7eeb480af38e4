"""``factcheck revise ID FILE|URL``: a new revision from the command line, its claims placed again (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from factcheck import api
from factcheck.cli import main

OLD = ("The mayor said crime fell 40% last year.\n\nPolice figures show a fall of 12%.\n\n"
       "The council voted to cut the budget by 5 million.\n\nTaxes rose, the mayor said.")
NEW = ("A correction was added at the top of this story.\n\nThe mayor said crime fell 40% last year.\n\n"
       "Police figures show a fall of 14%.\n\nTaxes rose, the mayor said.")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "library.db"
    with api.open_library(path, reviewer="alice", create=True) as library:
        article = library.store.add_article(api.Article(title="Crime", text=OLD))
        for quote in ("crime fell 40% last year", "a fall of 12%", "cut the budget by 5 million"):
            library.mark_claim(article.id, quote=quote)
    return path


def test_revise_stores_the_new_text_and_lists_the_claims_to_review(db, tmp_path, capsys):
    new = tmp_path / "crime-v2.txt"
    new.write_text(NEW, encoding="utf-8")
    assert main(["--db", str(db), "revise", "1", str(new)]) == 0
    out = capsys.readouterr().out
    assert "is now revision 2" in out and "3 claims: 0 in place, 1 moved, 1 with changed wording" in out
    assert "claim 2: wording changed: a fall of 12% → a fall of 14%" in out
    assert "claim 3: no longer found" in out
    with api.open_library(db, read_only=True) as library:
        assert library.article(1).text == NEW and library.article(1).revision == 2
        assert [c.placement for c in library.claims(1)] == ["moved", "changed", "orphan"]
    assert main(["--db", str(db), "revise", "1", str(new), "--json"]) == 0  # the same text again: nothing stored
    answer = json.loads(capsys.readouterr().out)
    assert answer["changed"] is False and answer["revision"] == 2 and answer["claims"] == []


def test_revise_as_json_in_a_real_process(db, tmp_path):
    new = tmp_path / "crime-v2.md"
    new.write_text(NEW, encoding="utf-8")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "factcheck", "--db", str(db), "revise", "1", str(new), "--json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["revision"] == 2 and answer["counts"] == {"exact": 0, "moved": 1, "changed": 1, "orphan": 1}
    orphan = [c for c in answer["claims"] if c["placement"] == "orphan"][0]
    assert orphan["start"] is None and orphan["old_quote"] == "cut the budget by 5 million" and orphan["why"]


def test_revise_refuses_what_it_cannot_read_and_changes_nothing(db, tmp_path, capsys):
    assert main(["--db", str(db), "revise", "1", str(tmp_path / "missing.txt")]) == 1
    assert main(["--db", str(db), "revise", "7", str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert "there is no article 7" in err
    with api.open_library(db, read_only=True) as library:
        assert library.article(1).text == OLD and library.article(1).revision == 1


def test_an_address_names_its_page_with_its_own_query_but_not_the_tracking():
    from factcheck.revision_plans import same_address

    assert same_address("https://www.news.example/story/?utm_source=x&fbclid=1", "http://news.example/story")
    assert not same_address("https://news.example/article.php?id=1", "https://news.example/article.php?id=2")
    assert same_address("https://news.example/article.php?id=1&utm_medium=social", "https://news.example/article.php?id=1")
    assert not same_address("", "")


def test_a_retitled_page_without_an_address_is_found_by_its_paragraphs(tmp_path):
    from factcheck.core.articles import Article
    from factcheck.revision_plans import revision_target
    from factcheck.store import open_store

    store = open_store(tmp_path / "library.db", user="ana")
    store.add_article(Article(title="Unrelated", text="Nothing in common with the story here, not a word of it."))
    held = store.add_article(Article(title="Crime falls", text=OLD))
    retitled = Article(title="Crime: the mayor's figures questioned", text=OLD.replace("12%", "14%"))
    assert revision_target(store, retitled) == held.id
    other = Article(title="Weather", text="Rain is expected over the weekend across the whole region today.")
    assert revision_target(store, other) is None
    store.close()
