"""What the command line prints cannot drive the terminal (issue 9, point 9)."""

from hypothesis import given
from hypothesis import strategies as st

from factcheck.terminal_text import printable


def test_escape_sequences_are_shown_not_run():
    assert printable("Title\x1b[2J\x1b]0;pwned\x07") == "Title\\x1b[2J\\x1b]0;pwned\\x07"
    assert printable("a\u202eb") == "a\\u202eb"  # a right-to-left override cannot reorder a line


def test_a_listing_field_stays_on_its_line_and_in_its_column():
    assert printable("Two\nlines\tand a tab", one_line=True) == "Two lines and a tab"
    assert printable("Message on\ntwo lines") == "Message on\ntwo lines"  # a message may span lines


@given(st.text())
def test_nothing_printable_is_left_that_a_terminal_acts_on(text):
    shown = printable(text)
    assert not any(ord(c) < 0x20 and c not in "\t\n" or 0x7f <= ord(c) <= 0x9f for c in shown)
    assert "\n" not in printable(text, one_line=True) and "\t" not in printable(text, one_line=True)


def test_the_command_line_prints_hostile_titles_and_names_inertly(tmp_path, capsys):
    import json

    from factcheck.cli import main
    from factcheck.io import bundle
    from factcheck.core.articles import Article
    from factcheck.core.rating_scales import builtin_scales

    db = tmp_path / "lib.db"
    hostile = "Budget\x1b]0;owned\x07\nFAKE\t9/9\tInjected row"
    data = bundle.dumps(Article(title=hostile, text="The council voted on Tuesday.", outlet="Out\x1b[2Jlet"),
                        builtin_scales()[0], [])
    path = tmp_path / "hostile.json"
    path.write_text(data, encoding="utf-8")
    assert json.loads(data)["article"]["title"] == hostile  # the data itself keeps what it holds
    assert main(["--db", str(db), "import", str(path)]) == 0
    imported = capsys.readouterr().out
    assert "\x1b" not in imported and "\x07" not in imported and imported.count("\n") == 1
    assert main(["--db", str(db), "list"]) == 0
    listed = capsys.readouterr().out
    assert "\x1b" not in listed and "\\x1b]0;owned\\x07" in listed
    rows = listed.strip().split("\n")
    assert len(rows) == 2 and rows[1].count("\t") == 2  # the header and one row of three columns

    weird = tmp_path / "notes\x1b[31m.txt"
    weird.write_text("", encoding="utf-8")
    assert main(["--db", str(db), "import", str(weird)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31m" in err


def test_an_export_to_a_terminal_shows_control_characters_and_to_a_pipe_keeps_them(tmp_path, capsys, monkeypatch):
    import sys

    from factcheck.cli import main
    from factcheck.core.articles import Article
    from factcheck.io import bundle
    from factcheck.core.rating_scales import builtin_scales

    db = tmp_path / "lib.db"
    path = tmp_path / "hostile.json"
    path.write_text(bundle.dumps(Article(title="Evil\x1b[2J", text="Text."), builtin_scales()[0], []),
                    encoding="utf-8")
    assert main(["--db", str(db), "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "export", "1", "--format", "md"]) == 0
    assert "Evil\x1b" in capsys.readouterr().out  # a pipe gets the data as it is
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["--db", str(db), "export", "1", "--format", "md"]) == 0
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "Evil\\x1b" in shown
