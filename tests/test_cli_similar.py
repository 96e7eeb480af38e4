"""``factcheck similar`` and ``Library.similar``: was this claim checked before? As documented (issue 13)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import api
from factcheck.cli import main
from factcheck.core.published import PublishedCheck

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"
KEYS = {"claim", "title", "verdict", "url", "article_id", "claim_id", "score", "source"}


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def db(tmp_path):
    """A library with one claim of its own and two published fact-checks."""
    path = tmp_path / "library.db"
    with api.open_library(path, reviewer="alice", create=True) as library:
        article = library.store.add_article(api.Article(
            title="Town hall meeting", text="A speaker said covid vaccines contain microchips. Nobody objected.",
            url="https://news.example.org/town-hall"))
        claim = library.mark_claim(article.id, quote="covid vaccines contain microchips")
        library.set_claim_field(claim.id, "verdict", "False")
        library.store.add_published_checks([
            PublishedCheck(url="https://fc.example/chips", claim_reviewed="The COVID-19 shot implants a microchip.",
                           verdict="False", title="A chip in the shot?", author="Snopes"),
            PublishedCheck(url="https://fc.example/bleach", claim_reviewed="Drinking bleach cures the coronavirus.",
                           verdict="False", title="Does bleach cure the coronavirus?"),
        ])
    return path


def env_for(tmp_path) -> dict:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("FACTCHECK_DB", None)
    return env


def test_similar_prints_a_table_best_first(db, capsys):
    assert main(["--db", str(db), "similar", "Do", "covid", "vaccines", "contain", "microchips?"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "SCORE\tSOURCE\tVERDICT\tCLAIM\tARTICLE OR FACT-CHECK"
    first, second = lines[1].split("\t"), lines[2].split("\t")
    assert first[1:4] == ["library", "False", "covid vaccines contain microchips"]
    assert re.fullmatch(r"\d{1,3}%", first[0]) and int(first[0][:-1]) >= int(second[0][:-1])
    assert first[4].startswith("article 1, claim ") and first[4].endswith(": Town hall meeting")
    assert second[1:] == ["published", "False", "The COVID-19 shot implants a microchip.",
                          "https://fc.example/chips (A chip in the shot?)"]
    assert len(lines) == 3  # the bleach check shares no word


def test_similar_json_gives_the_issues_fields_with_null_where_they_do_not_apply(db, capsys):
    assert main(["--db", str(db), "similar", "vaccines contain microchips", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [set(hit) for hit in hits] == [KEYS, KEYS]
    library_hit, published = hits
    assert (library_hit["source"], library_hit["url"], library_hit["verdict"]) == (
        "library", "https://news.example.org/town-hall", "False")
    assert isinstance(library_hit["article_id"], int) and isinstance(library_hit["claim_id"], int)
    assert (published["source"], published["article_id"], published["claim_id"], published["url"]) == (
        "published", None, None, "https://fc.example/chips")
    assert 0 < published["score"] <= library_hit["score"] <= 1


def test_limit_and_nothing_found(db, capsys):
    assert main(["--db", str(db), "similar", "vaccines microchips", "--limit", "1", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    assert main(["--db", str(db), "similar", "wind farms kill birds"]) == 1
    assert capsys.readouterr().out.strip() == "Nothing like it in the library or its published fact-checks."
    assert main(["--db", str(db), "similar", "the of and", "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == []
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db), "similar", "vaccines", "--limit", "0"])
    assert usage.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_similar_opens_the_library_read_only(db, capsys):
    from factcheck.cli import READ_ONLY_COMMANDS

    assert "similar" in READ_ONLY_COMMANDS
    db.chmod(0o444)
    try:
        assert main(["--db", str(db), "similar", "bleach"]) == 0
    finally:
        db.chmod(0o644)
    assert "Does bleach cure the coronavirus?" in capsys.readouterr().out


def test_stdin_answers_one_json_list_per_line_as_each_line_arrives(db, tmp_path):
    """A real process, as another program would drive it: a line in, a line out, before stdin closes."""
    child = subprocess.Popen([sys.executable, "-m", "factcheck", "--db", str(db), "similar", "-", "--limit", "2"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env_for(tmp_path), cwd=tmp_path)
    try:
        child.stdin.write("drinking bleach cures covid\n")
        child.stdin.flush()
        first = json.loads(child.stdout.readline())  # answered while stdin is still open
        assert (first[0]["source"], first[0]["url"]) == ("published", "https://fc.example/bleach")
        child.stdin.write("\nvaccines with microchips\nnothing alike here\n")
        child.stdin.close()
        rest = [json.loads(line) for line in child.stdout.read().splitlines()]
        assert child.wait(timeout=60) == 0, child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
    assert len(rest) == 3
    assert rest[0] == [] and rest[2] == []  # an empty line and a line with no match keep their place
    assert [h["source"] for h in rest[1]] == ["library", "published"] and all(set(h) == KEYS for h in rest[1])


def test_stdin_mode_reads_unicode_and_hostile_lines(db, monkeypatch, capsys):
    import io

    lines = ["Vaccins covid avec micropuces 💉\n", '"; DROP TABLE claims; --\n', "NEAR(vaccines microchips)\n"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(lines)))
    assert main(["--db", str(db), "similar", "-"]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(answers) == 3 and answers[1] == []
    assert answers[2][0]["claim"] == "covid vaccines contain microchips"


def test_library_similar_as_documented(db, capsys):
    section = DOCS.read_text(encoding="utf-8").split("### Was this claim checked before?", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    example = example.replace('"newsroom.db"', repr(str(db)))
    exec(example, {"open_library": api.open_library})
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("library False: covid vaccines contain microchips (https://news.example.org/town-hall)")
    assert out[1].endswith("published False: The COVID-19 shot implants a microchip. (https://fc.example/chips)")
    assert len(out) == 2


def test_a_blind_claim_is_not_offered_to_the_reviewer_owing_the_opinion(db):
    with api.open_library(db, reviewer="alice") as library:
        claim_id = library.claims(library.articles()[0].id)[0].id
        library.request_second_opinion(claim_id, ["bob"])
    with api.open_library(db, reviewer="bob") as library:
        assert [hit.source for hit in library.similar("vaccines microchips")] == ["published"]
    with api.open_library(db, reviewer="alice") as library:
        assert [hit.source for hit in library.similar("vaccines microchips")] == ["library", "published"]


def test_limit_and_backups_keep_take_a_number_by_one_rule():
    """``similar --limit`` and ``backup --keep`` are checked by the same function: one message, one fix."""
    from factcheck.cli import command_parser

    def option(command: str, flag: str):
        sub = next(a for a in command_parser()._actions if a.dest == "command")
        return next(a for a in sub.choices[command]._actions if flag in a.option_strings)

    assert option("similar", "--limit").type is option("backup", "--keep").type
