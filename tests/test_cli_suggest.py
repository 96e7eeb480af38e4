"""``factcheck suggest ID|FILE [--all] [--json]``: what to check, from the command line (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import api
from factcheck.cli import main

SEED = Path(__file__).resolve().parent.parent / "seeds" / "trump-putin-cyber-security-unit.txt"
KEYS = {"start", "end", "sentence", "score", "claimant"}


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "library.db"
    assert main(["--db", str(path), "import", str(SEED)]) == 0
    return path


def suggest(capsys, *args) -> list[dict]:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_a_library_article_gets_its_best_sentences_with_offsets_and_speakers(db, capsys):
    with api.open_library(db, read_only=True) as library:
        text = library.article(1).text
    found = suggest(capsys, "--db", str(db), "suggest", "1", "--json")
    assert found and all(set(item) == KEYS for item in found)
    assert [item["score"] for item in found] == sorted((item["score"] for item in found), reverse=True)
    for item in found:
        assert text[item["start"]:item["end"]] == item["sentence"] and 0 <= item["score"] <= 1
    assert any(item["claimant"] for item in found)
    every = suggest(capsys, "--db", str(db), "suggest", "1", "--all", "--json")
    assert len(every) > len(found) and [i["start"] for i in every] == sorted(i["start"] for i in every)


def test_claimed_and_dismissed_sentences_are_left_out(db, capsys):
    first, second = suggest(capsys, "--db", str(db), "suggest", "1", "--json")[:2]
    with api.open_library(db, reviewer="ana") as library:
        library.mark_claim(1, start=first["start"], end=first["end"])
        library.store.dismiss_suggestion(1, second["start"], second["end"], second["sentence"])
    starts = {item["start"] for item in suggest(capsys, "--db", str(db), "suggest", "1", "--json")}
    assert first["start"] not in starts and second["start"] not in starts


def test_a_file_is_scored_without_being_stored_and_text_output_is_a_table(tmp_path, capsys):
    path = tmp_path / "library.db"
    assert main(["--db", str(path), "suggest", str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "SCORE\tCLAIMANT\tSENTENCE" and len(lines) > 2
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    assert main(["--db", str(path), "suggest", str(empty), "--json"]) == 1  # nothing to score, said so
    assert "is empty" in capsys.readouterr().err
    assert not path.exists()  # scoring a file stores nothing, not even a library
    assert main(["--db", str(path), "import", str(SEED)]) == 0
    assert main(["--db", str(path), "suggest", "99"]) == 1
    assert "there is no article 99" in capsys.readouterr().err


def test_suggest_in_a_real_process(db, tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "factcheck", "--db", str(db), "suggest", "1", "--json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["sentence"]
