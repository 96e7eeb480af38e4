"""The ``factcheck`` command line: import, list, export, and its refusals."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import __version__
from factcheck.cli import COMMANDS, main, parse_arguments
from factcheck.io import bundle
from factcheck.store import SQLiteStore

ARTICLE = "Council approves new cycle lanes\n\nThe council voted 7–2 on Tuesday 🚲 to approve the lanes.\n"
OTHER = "Mayor says crime fell 40%\n\nCrime fell 40% last year, the mayor said.\n"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """Never let a test reach the real library in the user's data directory."""
    monkeypatch.setenv("FACTCHECK_DB", str(tmp_path / "env-default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("FACTCHECK_LOG", raising=False)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "lib.db"


@pytest.fixture
def lanes(tmp_path):
    path = tmp_path / "lanes.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def crime(tmp_path):
    path = tmp_path / "crime.md"
    path.write_text(OTHER, encoding="utf-8")
    return path


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def article_titles(db_path) -> list[str]:
    lib = SQLiteStore.open(db_path)
    try:
        return sorted(a.title for a in lib.articles())
    finally:
        lib.close()


# ------------------------------------------------------------------- import


def test_import_prints_id_and_title(db, lanes, capsys):
    assert main(["--db", str(db), "import", str(lanes)]) == 0
    out, err = capsys.readouterr()
    assert out == "1\tCouncil approves new cycle lanes\n"
    assert err == ""
    assert article_titles(db) == ["Council approves new cycle lanes"]


def test_import_of_several_files_and_of_a_file_already_there(db, lanes, crime, capsys):
    assert main(["--db", str(db), "import", str(lanes), str(crime)]) == 0
    assert capsys.readouterr().out == "1\tCouncil approves new cycle lanes\n2\tMayor says crime fell 40%\n"
    assert main(["--db", str(db), "import", str(lanes)]) == 0
    assert capsys.readouterr().out == "1\tCouncil approves new cycle lanes\t(already in the library)\n"
    assert len(article_titles(db)) == 2


def test_importing_a_binary_file_fails_and_leaves_the_library_unchanged(db, lanes, tmp_path, capsys):
    assert main(["--db", str(db), "import", str(lanes)]) == 0
    capsys.readouterr()
    before = article_titles(db)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert main(["--db", str(db), "import", str(binary)]) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("factcheck: ") and "photo.txt" in err and "binary" in err
    assert "Traceback" not in err
    assert article_titles(db) == before


def test_a_bad_file_among_good_ones_fails_but_the_good_ones_are_imported(db, lanes, tmp_path, capsys):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.7")
    assert main(["--db", str(db), "import", str(bad), str(lanes)]) == 1
    out, err = capsys.readouterr()
    assert out == "1\tCouncil approves new cycle lanes\n"
    assert "notes.pdf" in err and len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------- list


def test_list_shows_ids_counts_and_titles(db, lanes, crime, capsys):
    main(["--db", str(db), "import", str(lanes), str(crime)])
    capsys.readouterr()
    assert main(["--db", str(db), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ID\tRATED/CLAIMS\tTITLE"
    assert sorted(lines[1:]) == ["1\t0/0\tCouncil approves new cycle lanes", "2\t0/0\tMayor says crime fell 40%"]


def test_list_counts_claims_and_verdicts(db, tmp_path, capsys):
    text = ARTICLE.strip()
    start = text.index("voted 7–2")
    bundle_path = tmp_path / "lanes.json"
    data = {
        "format": "factcheck-bundle", "version": 1,
        "article": {"title": "Lanes", "text": text, "outlet": "Gazette"},
        "rating_scale": {"name": "Desk", "key": "desk", "verdicts": [{"label": "Accurate"}]},
        "claims": [
            {"start": start, "end": start + 9, "quote": "voted 7–2", "verdict": "Accurate"},
            {"start": 0, "end": 7, "quote": "Council"},
        ],
    }
    bundle_path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--db", str(db), "import", str(bundle_path)]) == 0
    capsys.readouterr()
    main(["--db", str(db), "list"])
    assert capsys.readouterr().out.splitlines()[1] == "1\t1/2\tLanes (Gazette)"


def test_list_of_an_empty_library_says_so(db, capsys):
    SQLiteStore.open(db).close()
    assert main(["--db", str(db), "list"]) == 0
    assert "has no articles" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["list"], ["export", "1"], ["backup"]])
def test_a_command_that_reads_creates_nothing_at_a_mistyped_path(tmp_path, capsys, command):
    typo = tmp_path / "typo" / "sub" / "lib.db"
    assert main(["--db", str(typo), *command]) == 1
    assert "there is no library at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no folder, no library, no lock file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_or_a_device_given_as_the_library_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "lib.db"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/null")):
        for command in (["list"], ["import", str(tmp_path / "none.txt")]):
            assert main(["--db", str(path), *command]) == 1
            err = capsys.readouterr().err
            assert "not a factcheck library" in err and ("named pipe" in err or "device" in err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db"]


def test_archived_articles_are_listed_on_request(db, lanes, capsys):
    assert main(["--db", str(db), "import", str(lanes)]) == 0
    library = SQLiteStore.open(db)
    article_id = library.articles()[0].id
    library.set_archived(article_id, True)
    library.close()
    capsys.readouterr()
    assert main(["--db", str(db), "list"]) == 0
    assert "1 archived: `factcheck list --archived` shows them" in capsys.readouterr().out
    assert main(["--db", str(db), "list", "--archived"]) == 0
    assert f"{article_id}\t" in (out := capsys.readouterr().out) and "(archived)" in out


# ------------------------------------------------------------------- export


def test_export_writes_a_valid_bundle_file(db, lanes, tmp_path, capsys):
    main(["--db", str(db), "import", str(lanes)])
    capsys.readouterr()
    out_file = tmp_path / "out" / "lanes.json"
    out_file.parent.mkdir()
    assert main(["--db", str(db), "export", "1", "--format", "json", "-o", str(out_file)]) == 0
    assert capsys.readouterr() == ("", "")
    parsed = bundle.loads(out_file.read_bytes(), str(out_file))
    assert parsed.article.title == "Council approves new cycle lanes"
    assert parsed.article.text == ARTICLE.strip()
    assert parsed.rating_scale.key == "newsroom"
    assert sorted(p.name for p in out_file.parent.iterdir()) == ["lanes.json"]


def test_export_to_standard_output(db, lanes, capsys):
    main(["--db", str(db), "import", str(lanes)])
    capsys.readouterr()
    assert main(["--db", str(db), "export", "1"]) == 0
    out = capsys.readouterr().out
    assert bundle.loads(out).article.text == ARTICLE.strip()


def test_export_of_a_missing_article_exits_1_with_a_clear_message(db, capsys):
    SQLiteStore.open(db).close()
    assert main(["--db", str(db), "export", "99", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("factcheck: there is no article 99")
    assert "factcheck list" in err
    assert "Traceback" not in err


def test_export_to_an_unwritable_place_exits_1(db, lanes, tmp_path, capsys):
    main(["--db", str(db), "import", str(lanes)])
    capsys.readouterr()
    target = tmp_path / "no-such-folder" / "x.json"
    assert main(["--db", str(db), "export", "1", "-o", str(target)]) == 1
    assert capsys.readouterr().err.startswith("factcheck: cannot write")


def test_a_usage_error_exits_2(db, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db), "export", "one"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db), "export", "1", "--format", "xml"])
    assert caught.value.code == 2


# ----------------------------------------------------------------- refusals


def test_a_garbage_db_file_exits_1_and_is_left_unchanged(tmp_path, capsys):
    garbage = tmp_path / "lib.db"
    garbage.write_bytes(bytes(range(256)) * 8)
    before = sha256(garbage)
    assert main(["--db", str(garbage), "list"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("factcheck: ") and "not a factcheck library" in err
    assert "Traceback" not in err
    assert sha256(garbage) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.db"]


def test_a_library_from_a_newer_version_exits_1_unchanged(db, lanes, capsys):
    main(["--db", str(db), "import", str(lanes)])
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('factcheck', 'm999_future', '2099-01-01')")
    conn.commit()
    conn.close()
    capsys.readouterr()
    before = sha256(db)
    assert main(["--db", str(db), "import", str(lanes)]) == 1
    assert "newer version of factcheck" in capsys.readouterr().err
    assert sha256(db) == before


# ------------------------------------------------------- version, env, -m


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"factcheck {__version__}"


def test_the_factcheck_db_variable_chooses_the_library(tmp_path, monkeypatch, lanes, capsys):
    chosen = tmp_path / "from-env" / "chosen.db"
    monkeypatch.setenv("FACTCHECK_DB", str(chosen))
    assert main(["import", str(lanes)]) == 0
    assert capsys.readouterr().out == "1\tCouncil approves new cycle lanes\n"
    assert chosen.is_file()
    assert article_titles(chosen) == ["Council approves new cycle lanes"]
    assert main(["list"]) == 0
    assert "Council approves new cycle lanes" in capsys.readouterr().out


def test_db_option_wins_over_the_variable(tmp_path, monkeypatch, db, lanes, capsys):
    env_db = tmp_path / "env.db"
    monkeypatch.setenv("FACTCHECK_DB", str(env_db))
    assert main(["--db", str(db), "import", str(lanes)]) == 0
    assert db.exists() and not env_db.exists()


def test_python_dash_m_factcheck_version(tmp_path):
    env = {**os.environ, "FACTCHECK_DB": str(tmp_path / "lib.db")}
    result = subprocess.run([sys.executable, "-m", "factcheck", "--version"], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"factcheck {__version__}"
    assert not (tmp_path / "lib.db").exists()


# ------------------------------------------------------------- report exports


@pytest.fixture
def rated(db, lanes, capsys):
    """A library with one article and two claims, one approved with a verdict."""
    from factcheck.core.anchors import make_anchor
    from factcheck.core.claims import Claim

    assert main(["--db", str(db), "import", str(lanes)]) == 0
    capsys.readouterr()
    lib = SQLiteStore.open(db)
    article = lib.articles()[0]
    text = lib.article(article.id).text
    for quote, verdict, status in (("voted 7–2 on Tuesday", "Accurate", "approved"),
                                   ("to approve the lanes", None, "draft")):
        start = text.index(quote)
        lib.add_claim(Claim(anchor=make_anchor(text, start, start + len(quote)), article_id=article.id,
                            claimant="Council clerk", verdict=verdict, status=status))
    lib.close()
    return article.id


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "webannotation"])
def test_export_writes_each_report_format(db, rated, tmp_path, fmt, capsys):
    out = tmp_path / f"report.{fmt}"
    assert main(["--db", str(db), "export", str(rated), "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "voted 7–2 on Tuesday" in text


def test_export_options_leave_out_unapproved_claims_and_the_text(db, rated, tmp_path):
    out = tmp_path / "report.md"
    assert main(["--db", str(db), "export", str(rated), "--format", "md", "--approved-only", "--no-text",
                 "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "voted 7–2 on Tuesday" in text
    assert "to approve the lanes" not in text


def test_claimreview_names_what_is_missing_and_writes_nothing(db, rated, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FACTCHECK_SETTINGS", str(tmp_path / "no-settings.ini"))
    out = tmp_path / "claims.jsonld"
    assert main(["--db", str(db), "export", str(rated), "--format", "claimreview", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "organisation" in err and "--review-url" in err
    assert not out.exists()


def test_claimreview_takes_the_organisation_from_the_window_preferences(db, rated, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    settings_file = tmp_path / "prefs.ini"
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue("preferences/organisation_name", "The Daily Check, Inc.")
    settings.setValue("preferences/organisation_url", "https://check.example")
    settings.sync()
    monkeypatch.setenv("FACTCHECK_SETTINGS", str(settings_file))
    lib = SQLiteStore.open(db)
    lib.update_article(rated, "review_url", "https://check.example/lanes")  # the article's own page
    lib.close()
    out = tmp_path / "claims.jsonld"
    assert main(["--db", str(db), "export", str(rated), "--format", "claimreview", "-o", str(out)]) == 0
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Accurate"]  # unrated claims are left out
    assert reviews[0]["author"]["name"] == "The Daily Check, Inc."
    assert reviews[0]["url"].startswith("https://check.example/lanes#claim-")


@pytest.fixture
def rated_in_review(db, rated):
    """The ``rated`` library with a verdict on its second claim too, still in draft."""
    lib = SQLiteStore.open(db)
    draft = next(c for c in lib.claims(rated) if c.status == "draft")
    lib.update_claim(draft.id, "verdict", "Misleading")
    lib.close()
    return rated


CLAIMREVIEW = ["--format", "claimreview", "--organisation", "Check Desk", "--review-url", "https://check.example/l"]


def test_claimreview_leaves_unapproved_verdicts_out_and_says_how_to_include_them(db, rated_in_review, tmp_path,
                                                                                  capsys):
    out = tmp_path / "claims.jsonld"
    assert main(["--db", str(db), "export", str(rated_in_review), *CLAIMREVIEW, "-o", str(out)]) == 0
    assert [r["reviewRating"]["alternateName"] for r in json.loads(out.read_text("utf-8"))] == ["Accurate"]
    err = capsys.readouterr().err
    assert err == ("factcheck: 1 verdict not yet approved was left out of the ClaimReview; "
                   "add --include-unapproved to include them.\n")


def test_claimreview_include_unapproved_publishes_them_with_a_warning(db, rated_in_review, capsys):
    assert main(["--db", str(db), "export", str(rated_in_review), *CLAIMREVIEW, "--include-unapproved"]) == 0
    out, err = capsys.readouterr()
    assert sorted(r["reviewRating"]["alternateName"] for r in json.loads(out)) == ["Accurate", "Misleading"]
    assert err.startswith("factcheck: warning: the ClaimReview includes 1 verdict not yet approved")
    assert len(err.splitlines()) == 1


def test_claimreview_of_approved_verdicts_only_says_nothing_more(db, rated, capsys):
    assert main(["--db", str(db), "export", str(rated), *CLAIMREVIEW]) == 0
    assert capsys.readouterr().err == ""


def test_include_unapproved_is_refused_where_it_means_nothing(db, rated, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["--db", str(db), "export", str(rated), "--format", "html", "--include-unapproved",
                 "-o", str(out)]) == 2
    assert "--include-unapproved is for --format claimreview" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db), "export", str(rated), *CLAIMREVIEW, "--include-unapproved", "--approved-only"])
    assert caught.value.code == 2


def test_pdf_needs_a_file_and_writes_a_pdf(db, rated, tmp_path, capsys):
    assert main(["--db", str(db), "export", str(rated), "--format", "pdf"]) == 2
    assert "-o FILE.pdf" in capsys.readouterr().err
    out = tmp_path / "report.pdf"
    assert main(["--db", str(db), "export", str(rated), "--format", "pdf", "--page-size", "Letter",
                 "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


# ------------------------------------------------------ folders and web pages


def test_import_takes_a_folder_and_lists_each_article(db, tmp_path, capsys):
    folder = tmp_path / "drafts"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "b.md").write_text(OTHER, encoding="utf-8")
    (folder / "c.txt").write_text("", encoding="utf-8")
    assert main(["--db", str(db), "import", str(folder)]) == 1  # one file was empty
    out, err = capsys.readouterr()
    assert sorted(line.split("\t")[1] for line in out.splitlines()) == [
        "Council approves new cycle lanes", "Mayor says crime fell 40%"]
    assert "c.txt is empty" in err


def test_import_takes_a_web_address(db, capsys):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = ("<html><head><title>Lanes | Town Post</title></head><body><nav>Home News</nav><article>"
            "<h1>Council approves new cycle lanes</h1><p>The council voted seven to two on Tuesday to approve "
            "the new lanes on the high street, after a consultation that drew 1,200 responses.</p><p>Work "
            "starts in May and should take eleven weeks, the council's transport officer said.</p>"
            "</article></body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/lanes"
        assert main(["--db", str(db), "import", url]) == 0
    finally:
        server.shutdown()
        server.server_close()
    assert capsys.readouterr().out == "1\tCouncil approves new cycle lanes\n"
    lib = SQLiteStore.open(db)
    try:
        assert lib.article(1).url == url and lib.original(1).data == page
    finally:
        lib.close()


# ------------------------------------------------------ global options anywhere


def test_db_after_the_command_is_the_same_as_before_it(db, lanes, tmp_path, capsys):
    assert main(["import", str(lanes), "--db", str(db)]) == 0
    assert capsys.readouterr().out == "1\tCouncil approves new cycle lanes\n"
    assert article_titles(db) == ["Council approves new cycle lanes"]
    assert not (tmp_path / "env-default.db").exists()
    assert main(["list", f"--db={db}"]) == 0
    assert "Council approves new cycle lanes" in capsys.readouterr().out
    out = tmp_path / "lanes.json"
    assert main(["export", "1", "--db", str(db), "-o", str(out)]) == 0
    assert bundle.loads(out.read_bytes()).article.title == "Council approves new cycle lanes"


def test_db_between_files_and_the_last_db_wins(db, lanes, crime, tmp_path, capsys):
    other = tmp_path / "other.db"
    assert main(["import", str(lanes), f"--db={other}", str(crime), "--db", str(db)]) == 0
    assert article_titles(db) == ["Council approves new cycle lanes", "Mayor says crime fell 40%"]
    assert not other.exists()


def test_version_after_a_command(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["list", "--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"factcheck {__version__}"


@pytest.fixture
def opened_windows(monkeypatch):
    """What main would open the window on, instead of opening it."""
    from factcheck.ui import app

    calls = []
    monkeypatch.setattr(app, "run_window", lambda db_path, files: calls.append((db_path, files)) or 0)
    return calls


@pytest.mark.parametrize("argv", [["--db", "{db}"], ["--db={db}"]])
def test_db_without_a_command_opens_the_window_on_that_library(argv, db, opened_windows):
    assert main([word.format(db=db) for word in argv]) == 0
    assert opened_windows == [(db, [])]


@pytest.mark.parametrize("argv", [["{file}", "--db", "{db}"], ["--db", "{db}", "{file}"], ["{file}", "--db={db}"]])
def test_a_file_and_db_in_any_order_open_the_window_importing_it(argv, db, lanes, opened_windows):
    assert main([word.format(db=db, file=lanes) for word in argv]) == 0
    assert opened_windows == [(db, [lanes])]


def test_a_library_named_like_a_command_is_still_a_library(tmp_path, lanes, opened_windows, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", "list"]) == 0  # a library file called "list", no command
    assert opened_windows == [(Path("list"), [])]
    assert main(["import", str(lanes), "--db", "list"]) == 0
    assert article_titles(tmp_path / "list") == ["Council approves new cycle lanes"]


def test_words_after_a_double_dash_are_files_even_when_they_look_like_options(db, tmp_path, opened_windows,
                                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "--", "import", "--db", "x"]) == 0
    assert opened_windows == [(db, [Path("import"), Path("--db"), Path("x")])]


def test_an_abbreviated_db_is_refused_rather_than_read_as_a_file(db, capsys, opened_windows):
    with pytest.raises(SystemExit) as caught:
        main(["--d", str(db), "list"])
    assert caught.value.code == 2
    assert opened_windows == []


def test_db_without_a_path_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["list", "--db"])
    assert caught.value.code == 2
    assert "--db" in capsys.readouterr().err


WORDS = st.text(alphabet=st.sampled_from("abcz019._/ é"), min_size=1, max_size=8)
PATHS = st.one_of(WORDS, st.sampled_from(["import", "export", "list", "backup", "restore", "lib.db"]))
COMMAND_LINES = st.one_of(
    st.lists(WORDS, max_size=3).filter(lambda files: not files or files[0] not in COMMANDS),
    st.lists(WORDS, min_size=1, max_size=3).map(lambda files: ["import", *files]),
    st.tuples(st.integers(1, 999), st.sampled_from(["json", "html", "csv", "claimreview"]), WORDS,
              st.booleans()).map(lambda t: ["export", str(t[0]), "--format", t[1], "-o", t[2]]
                                 + (["--no-text"] if t[3] else [])),
    st.just(["list"]),
    st.integers(1, 9).map(lambda n: ["backup", "--keep", str(n)]),
    st.lists(WORDS, max_size=1).map(lambda backup: ["restore", *backup]),
)


@settings(max_examples=300, deadline=None)
@given(COMMAND_LINES, PATHS, st.data(), st.booleans())
def test_db_means_the_same_wherever_it_stands(words, path, data, joined):
    """Parsing with --db anywhere (between an option and its value too) equals --db first."""
    where = data.draw(st.integers(0, len(words)))
    db_words = [f"--db={path}"] if joined else ["--db", path]
    anywhere = parse_arguments(words[:where] + db_words + words[where:])
    first = parse_arguments(["--db", path, *words])
    assert vars(anywhere) == vars(first)
    assert first.db == Path(path)
    assert first.command == (words[0] if words and words[0] in COMMANDS else None)


def test_claimreview_without_a_fact_check_page_says_where_to_set_it(db, rated, capsys):
    assert main(["--db", str(db), "export", str(rated), "--format", "claimreview", "--organisation", "Desk"]) == 1
    err = capsys.readouterr().err
    assert "fact-check page" in err
    assert "pass --review-url URL, or set the article's fact-check page in the window" in err


# ------------------------------------------------------------------- issue 9: hostile paths


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_export_to_a_named_pipe_is_refused_and_a_link_is_written_through(db, lanes, tmp_path, capsys):
    main(["--db", str(db), "import", str(lanes)])
    capsys.readouterr()
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["--db", str(db), "export", "1", "-o", str(fifo)]) == 1
    assert capsys.readouterr().err == (f"factcheck: cannot write {fifo}: it is a named pipe, not a file: "
                                       "nothing was written\n")
    assert fifo.is_fifo()
    target = tmp_path / "published.json"
    target.write_text("{}", encoding="utf-8")
    (tmp_path / "report.json").symlink_to("published.json")
    assert main(["--db", str(db), "export", "1", "-o", str(tmp_path / "report.json")]) == 0
    assert (tmp_path / "report.json").is_symlink()
    assert bundle.loads(target.read_bytes()).article.text == ARTICLE.strip()


def test_import_of_a_folder_says_which_links_it_did_not_follow(db, lanes, tmp_path, capsys):
    secret = tmp_path / "private" / "keys.txt"
    secret.parent.mkdir()
    secret.write_text("Private keys\n\nNot for the newsroom.\n", encoding="utf-8")
    folder = tmp_path / "unpacked"
    folder.mkdir()
    (folder / "lanes.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "notes.txt").symlink_to(secret)
    assert main(["--db", str(db), "import", str(folder), "/dev/null"]) == 1
    out, err = capsys.readouterr()
    assert out == "1\tCouncil approves new cycle lanes\n"
    assert err.splitlines() == [
        f"factcheck: {folder / 'notes.txt'} was skipped: it links to {secret.resolve()}, outside the folder "
        f"being imported ({folder}).",
        "factcheck: /dev/null is a device, not a file: nothing was imported.",
    ]
    assert article_titles(db) == ["Council approves new cycle lanes"]
