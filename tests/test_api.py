"""The public Python API (factcheck.api), and docs/api.md's example run exactly as documented."""

import csv
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck import api
from factcheck.core.anchors import AnchorError, make_anchor, trim_span
from factcheck.core.articles import Article
from factcheck.core.claims import ClaimStatus, Stance
from factcheck.store import Changes, LibraryError, StaleValue, open_store
from factcheck.store.library_lock import LibraryLock

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"

TEXT = ("Crime fell 40% last year 🚔, the mayor said. Unemployment is at a record low, the mayor said.\n\n"
        "The council spent £2m on the lanes.")


@pytest.fixture
def db(tmp_path):
    """A library holding one article (id in ``db.article_id``), closed: the API opens it."""
    path = tmp_path / "newsroom.db"
    store = open_store(path, user="seeder")
    try:
        article = store.add_article(Article("Mayor says crime fell", TEXT, outlet="The Gazette"))
    finally:
        store.close()
    return path, article.id


@pytest.fixture
def library(db):
    path, _ = db
    with api.open_library(path, reviewer="Ana Ruiz") as opened:
        yield opened


@pytest.fixture
def article_id(db):
    return db[1]


def documented_example() -> str:
    """The Python block under "## Example: verdicts from a spreadsheet" in docs/api.md, as written."""
    section = DOCS.read_text(encoding="utf-8").split("## Example: verdicts from a spreadsheet", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


# ------------------------------------------------------------ the documented example


def write_sheet(folder: Path, article_id: int) -> None:
    """verdicts.csv in ``folder``: two rows that mark and rate, four that are skipped, each for its reason."""
    rows = [
        (article_id, "Crime fell 40% last year", "Misleading", "Police figures show a fall of 12%."),
        (article_id, "  Unemployment is at a record low  ", "false", "The rate was lower in 2019."),
        (article_id, "the mayor said", "Accurate", "Ambiguous: said twice."),
        (article_id, "Crime rose", "False", "Not in the text."),
        (article_id, "The council spent £2m", "Pants on Fire", "Not on the newsroom scale."),
        (999, "Crime", "False", "No such article."),
    ]
    with (folder / "verdicts.csv").open("w", newline="", encoding="utf-8") as sheet:
        writer = csv.writer(sheet)
        writer.writerow(["article", "quote", "verdict", "rationale"])
        writer.writerows(rows)


def check_example_ran(out: list[str], library, article_id: int, reviewer: str) -> None:
    assert [line.split(":")[0] for line in out] == ["row 4", "row 5", "row 6", "row 7"]
    assert "occurs 2 times" in out[0] and "“Crime rose” is not in" in out[1]
    assert "“Pants on Fire” is not a verdict" in out[2] and "There is no article 999" in out[3]
    claims = library.claims(article_id)
    assert [(c.quote, c.verdict, c.rationale, c.reviewer) for c in claims] == [
        ("Crime fell 40% last year", "Misleading", "Police figures show a fall of 12%.", reviewer),
        ("Unemployment is at a record low", "False", "The rate was lower in 2019.", reviewer),
    ]  # the £2m row left no claim without its verdict behind
    assert all(TEXT[c.start:c.end] == c.quote for c in claims)


def test_the_documented_spreadsheet_example_marks_rates_and_reports_skipped_rows(db, tmp_path, monkeypatch,
                                                                                 capsys):
    path, article_id = db
    write_sheet(tmp_path, article_id)
    monkeypatch.chdir(tmp_path)

    exec(compile(documented_example(), str(DOCS), "exec"), {"__name__": "__main__"})

    with api.open_library(path, reviewer="check") as library:
        check_example_ran(capsys.readouterr().out.splitlines(), library, article_id, "Ana Ruiz")


def test_the_documented_example_runs_on_a_shared_library_too(shared_desk, tmp_path, monkeypatch, capsys):
    """The same script with the shared library's address for the file name; the password as libpq finds it."""
    shared_desk.new_library("api_example")
    seeder = open_store(shared_desk.url("api_example", "bob"))
    try:
        article_id = seeder.add_article(Article("Mayor says crime fell", TEXT, outlet="The Gazette")).id
    finally:
        seeder.close()
    write_sheet(tmp_path, article_id)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PGPASSWORD", "alice-pw")
    url = shared_desk.server.url("alice", None, "api_example")  # postgresql://alice@127.0.0.1:PORT/api_example
    example = documented_example()
    assert example.count('"newsroom.db"') == 1

    exec(compile(example.replace('"newsroom.db"', repr(url)), str(DOCS), "exec"), {"__name__": "__main__"})

    with api.open_library(url) as library:
        check_example_ran(capsys.readouterr().out.splitlines(), library, article_id, "alice")  # the login
        assert {row["changed_by"] for row in library.store.history(article_id)[1:]} == {"alice"}


def test_open_library_on_a_shared_library_takes_no_lock_and_names_the_login(shared_desk, tmp_path, monkeypatch):
    shared_desk.new_library("api_open")
    url = shared_desk.url("api_open", "rita")
    monkeypatch.chdir(tmp_path)
    with api.open_library(url, reviewer="Rita R.") as first, api.open_library(url, create=False) as second:
        assert first.reviewer == second.reviewer == "rita"  # a shared library's reviewer is its login
        assert first.location == f"postgresql://rita@127.0.0.1:{shared_desk.server.port}/api_open"  # no password
        article = first.store.add_article(Article("Mayor says crime fell", TEXT))
        claim = first.mark_claim(article.id, quote="Crime fell 40%")
        assert second.claim(claim.id).quote == "Crime fell 40%"  # both open at once
        with pytest.raises(api.NotAllowed, match="Only an editor can approve"):
            second.approve(claim.id, "Fine by me.", verdict="False")
    with api.open_library(url, read_only=True) as reader:
        with pytest.raises(LibraryError, match="read-only"):
            reader.mark_claim(article.id, quote="the mayor said", occurrence=1)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ opening


def test_open_library_is_a_context_manager_that_closes_and_lets_go(db):
    path, article_id = db
    with api.open_library(path, reviewer="  Ana Ruiz ") as library:
        assert library.reviewer == "Ana Ruiz"
        assert library.location == str(path)
        assert [a.title for a in library.articles()] == ["Mayor says crime fell"]
    with pytest.raises(Exception):
        library.articles()  # closed
    library.close()  # closing twice does nothing
    with api.open_library(path) as again:  # the lock was released
        assert again.article(article_id).outlet == "The Gazette"


def test_a_missing_library_is_refused_unless_created(tmp_path):
    missing = tmp_path / "typo.db"
    with pytest.raises(LibraryError, match="There is no library at .*typo.db.*create=True"):
        api.open_library(missing)
    assert not missing.exists()
    with api.open_library(missing, create=True) as library:
        assert library.articles() == []


def test_one_program_at_a_time_a_second_open_is_refused_with_a_message(db, monkeypatch):
    path, _ = db
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    with api.open_library(path):
        with pytest.raises(LibraryError, match="busy: a factcheck command \\(script\\)"):
            api.open_library(path)
    window = LibraryLock.acquire(path)  # as a window that is not answering holds it
    try:
        with pytest.raises(LibraryError, match="open in a factcheck window"):
            api.open_library(path)
    finally:
        window.release()


def test_read_only_refuses_every_write_and_saves_nothing(db, article_id):
    path, _ = db
    with api.open_library(path, read_only=True) as library:
        with pytest.raises(LibraryError, match="opened read-only: nothing was saved"):
            library.mark_claim(article_id, quote="Crime fell")
        assert library.claims(article_id) == []


def test_a_file_that_is_not_a_library_is_refused_unchanged(tmp_path):
    document = tmp_path / "notes.db"
    document.write_text("my notes", encoding="utf-8")
    with pytest.raises(api.NotALibrary):
        api.open_library(document)
    assert document.read_text(encoding="utf-8") == "my notes"


def test_the_api_imports_without_qt(tmp_path):
    script = ("import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"
              "import factcheck.api\n"
              "assert not any(name.startswith('factcheck.ui') for name in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------------ reading


def test_articles_lists_summaries_and_archived_ones_only_when_asked(library, article_id):
    library.store.set_archived(article_id, True)
    assert library.articles() == []
    [summary] = library.articles(archived=True)
    assert (summary.id, summary.title, summary.claim_count) == (article_id, "Mayor says crime fell", 0)
    assert summary.archived_at


def test_reading_an_article_its_claims_and_sources(library, article_id):
    claim = library.mark_claim(article_id, quote="Crime fell 40% last year")
    source = library.add_source(claim.id, url="https://police.example/figures", title="Recorded crime")
    assert library.article(article_id).text == TEXT
    [read] = library.claims(article_id)
    assert read.sources == (source,) and library.claim(claim.id) == read
    assert library.source(source.id).claim_id == claim.id
    assert library.rating_scale(article_id).key == "newsroom"


@pytest.mark.parametrize("read, what", [("article", "article"), ("claims", "article"), ("claim", "claim"),
                                        ("source", "source"), ("rating_scale", "article")])
def test_an_unknown_id_is_a_readable_key_error(library, read, what):
    with pytest.raises(KeyError) as raised:
        getattr(library, read)(404)
    assert isinstance(raised.value, api.NotInLibrary)
    assert str(raised.value) == f"There is no {what} 404 in the library {library.location}."


# ------------------------------------------------------------------ marking claims


def test_mark_by_offsets_trims_white_space_and_counts_code_points(library, article_id):
    words = "Unemployment is at a record low,"
    start = TEXT.index(words)  # after the emoji: one code point (two UTF-16 units)
    assert len(TEXT[:start].encode("utf-16-le")) // 2 == start + 1
    claim = library.mark_claim(article_id, start=start - 1, end=start + len(words) + 1)
    assert claim.quote == words  # the spaces at its ends were left out
    assert (claim.start, claim.end) == (start, start + len(words))
    assert claim.anchor == make_anchor(TEXT, start, start + len(words))
    assert (claim.reviewer, claim.status, claim.verdict, claim.article_id) == ("Ana Ruiz", ClaimStatus.DRAFT, None,
                                                                             article_id)
    assert library.claims(article_id) == [claim]


@pytest.mark.parametrize("start, end, error, message", [
    (0, 10_000, api.OutsideText, "are not a span of article 1 .*whose text has 129 characters"),
    (-1, 5, api.OutsideText, "0 ≤ start ≤ end ≤ 129"),
    (8, 3, api.OutsideText, "not a span"),
    (5, 5, api.WhiteSpaceOnly, "Only white space is selected"),
    (TEXT.index("\n\n"), TEXT.index("\n\n") + 2, api.WhiteSpaceOnly, "select the words of the claim"),
])
def test_bad_offsets_are_refused_and_nothing_is_written(library, article_id, start, end, error, message):
    with pytest.raises(error, match=message):
        library.mark_claim(article_id, start=start, end=end)
    assert library.claims(article_id) == []


def test_mark_by_quote_finds_it_and_refuses_what_is_missing_or_repeated(library, article_id):
    claim = library.mark_claim(article_id, quote=" The council spent £2m ")
    assert (claim.start, claim.quote) == (TEXT.index("The council"), "The council spent £2m")

    with pytest.raises(api.QuoteNotFound, match="“Crime rose” is not in article 1 .*exactly"):
        library.mark_claim(article_id, quote="Crime rose")
    with pytest.raises(api.QuoteNotFound):  # case matters
        library.mark_claim(article_id, quote="crime fell")
    with pytest.raises(api.AmbiguousQuote, match="occurs 2 times in article 1 .*occurrence=1 to 2") as raised:
        library.mark_claim(article_id, quote="the mayor said")
    assert raised.value.starts == tuple(m.start() for m in re.finditer("the mayor said", TEXT))
    with pytest.raises(api.QuoteNotFound, match="occurs 2 times .*no occurrence 3"):
        library.mark_claim(article_id, quote="the mayor said", occurrence=3)
    with pytest.raises(api.WhiteSpaceOnly):
        library.mark_claim(article_id, quote=" \n ")
    assert library.claims(article_id) == [claim]

    second = library.mark_claim(article_id, quote="the mayor said", occurrence=2)
    assert second.start == raised.value.starts[1]


def test_mark_claim_takes_offsets_or_a_quote(library, article_id):
    for kwargs in ({}, {"start": 0, "end": 5, "quote": "Crime"}, {"start": 0}, {"start": 0, "end": 5, "occurrence": 1}):
        with pytest.raises(TypeError):
            library.mark_claim(article_id, **kwargs)


# -------------------------------------------------------------- setting claim fields


@pytest.fixture
def claim(library, article_id):
    return library.mark_claim(article_id, quote="Crime fell 40% last year")


@pytest.mark.parametrize("field, value, stored", [
    ("verdict", "Misleading", "Misleading"),
    ("verdict", "  mostly ACCURATE ", "Mostly accurate"),
    ("verdict", "", None),
    ("rationale", "Police figures show 12%.\n", "Police figures show 12%.\n"),
    ("claimant", "  Mayor Jane Doe ", "Mayor Jane Doe"),
    ("claim_date", "10 July 2017", "2017-07-10"),
    ("claim_date", None, None),
    ("status", "in_review", ClaimStatus.IN_REVIEW),
    ("status", "In review", ClaimStatus.IN_REVIEW),
    ("reviewer", "Ben Ode", "Ben Ode"),
])
def test_set_claim_field_stores_each_field(library, claim, field, value, stored):
    assert getattr(library.set_claim_field(claim.id, field, value), field) == stored
    assert getattr(library.claim(claim.id), field) == stored


def test_a_verdict_not_on_the_scale_is_refused_listing_the_labels(library, claim):
    with pytest.raises(api.VerdictNotOnScale) as raised:
        library.set_claim_field(claim.id, "verdict", "Pants on Fire")
    message = str(raised.value)
    assert message.startswith("“Pants on Fire” is not a verdict on the rating scale “Newsroom scale”")
    assert "“Accurate”, “Mostly accurate”, “Mixed”" in message and raised.value.scale.key == "newsroom"
    assert library.claim(claim.id).verdict is None


@pytest.mark.parametrize("field, value, message", [
    ("verdict_text", "x", "'verdict_text' is not a claim field: the fields are claimant, claim_date"),
    ("status", "done", "“done” is not a claim status: choose one of “draft”, “in_review”, “approved”"),
    ("claim_date", "31 June 2017", "The claim date “31 June 2017” is not a date: June 2017 has 30 days"),
    ("claim_date", "10/07/2017", "10/07/2017"),
    ("claimant", 42, "The claimant is text, not int 42"),
])
def test_a_value_the_field_cannot_hold_is_refused(library, claim, field, value, message):
    with pytest.raises(api.InvalidValue, match=re.escape(message)):
        library.set_claim_field(claim.id, field, value)
    assert library.claim(claim.id) == claim


def test_a_stale_expected_value_refuses_and_writes_nothing(library, claim, article_id):
    library.set_claim_field(claim.id, "verdict", "Misleading")
    history = library.store.history(article_id)
    changes = []
    library.subscribe(changes.append)
    with pytest.raises(StaleValue, match="The verdict of claim 1 is now “Misleading” \\(Ana Ruiz changed it at "
                                         ".*\\), not “Accurate” as expected: nothing was changed") as raised:
        library.set_claim_field(claim.id, "verdict", "False", expected="Accurate")
    assert raised.value.stored == "Misleading"  # and who changed it: the message names them
    assert library.claim(claim.id).verdict == "Misleading"
    assert library.store.history(article_id) == history and changes == []

    assert library.set_claim_field(claim.id, "verdict", "False", expected="Misleading").verdict == "False"
    assert library.set_claim_field(claim.id, "status", "in review", expected="Draft").status == ClaimStatus.IN_REVIEW
    with pytest.raises(StaleValue):
        library.set_claim_field(claim.id, "claim_date", "2024-01-02", expected="2017-07-10")


def test_remove_claim(library, claim, article_id):
    library.add_source(claim.id, title="Recorded crime")
    removed = library.remove_claim(claim.id)
    assert removed.id == claim.id and len(removed.sources) == 1
    assert library.claims(article_id) == []
    with pytest.raises(api.NotInLibrary):
        library.remove_claim(claim.id)


# ------------------------------------------------------------------------- sources


def test_add_edit_and_remove_sources(library, claim):
    first = library.add_source(claim.id, url=" https://police.example/figures ", title="Recorded crime",
                               publisher="Police", date="2 January 2024", excerpt="Down 12%.", stance="Refutes")
    assert (first.url, first.date, first.stance, first.claim_id) == ("https://police.example/figures", "2024-01-02",
                                                                     Stance.REFUTES, claim.id)
    second = library.add_source(claim.id, title="Mayor's speech")
    assert [s.id for s in library.claim(claim.id).sources] == [first.id, second.id]

    edited = library.edit_source(first.id, title="Recorded crime 2023", stance=Stance.CONTEXT,
                                 expected={"title": "Recorded crime"})
    assert (edited.title, edited.stance, edited.publisher) == ("Recorded crime 2023", Stance.CONTEXT, "Police")
    with pytest.raises(StaleValue, match="The title of source .* is now “Recorded crime 2023” \\(Ana Ruiz changed it "
                                         "at .*\\), not “Recorded crime” as expected: nothing was changed"):
        library.edit_source(first.id, title="Other", expected={"title": "Recorded crime"})
    assert library.source(first.id) == edited

    assert library.remove_source(first.id) == edited
    assert [s.id for s in library.claim(claim.id).sources] == [second.id]


@pytest.mark.parametrize("kwargs, message", [
    ({"url": "file:///etc/passwd"}, "is not a web address: a source link must start with http:// or https://"),
    ({"publisher": "Police"}, "Give the source a link or a title."),
    ({"title": "x", "stance": "agrees"}, "“agrees” is not a stance: choose one of “supports”, “refutes”, "
                                         "“context”"),
    ({"title": "x", "date": "soon"}, "The source date “soon” is not a date"),
])
def test_a_source_the_library_cannot_hold_is_refused(library, claim, kwargs, message):
    with pytest.raises(api.InvalidValue, match=re.escape(message)):
        library.add_source(claim.id, **kwargs)
    assert library.claim(claim.id).sources == ()


def test_editing_a_source_keeps_a_link_or_title_and_knows_its_fields(library, claim):
    source = library.add_source(claim.id, title="Recorded crime")
    with pytest.raises(api.InvalidValue, match="Give the source a link or a title"):
        library.edit_source(source.id, title=" ")
    with pytest.raises(api.InvalidValue, match="'colour' is not a source field"):
        library.edit_source(source.id, colour="red")
    with pytest.raises(api.NotInLibrary, match="There is no source 404"):
        library.edit_source(404, title="x")
    assert library.source(source.id) == source


# ------------------------------------------------------------------------- changes


def test_subscribers_receive_changes_until_they_unsubscribe(library, article_id):
    heard: list[Changes] = []
    unsubscribe = library.subscribe(heard.append)
    claim = library.mark_claim(article_id, quote="Crime fell 40% last year")
    assert heard == [Changes(articles=frozenset({article_id}), claims=frozenset({claim.id}))]

    heard.clear()
    with library.transaction():
        library.set_claim_field(claim.id, "verdict", "Misleading")
        source = library.add_source(claim.id, title="Recorded crime")
    assert len(heard) == 1 and heard[0].claims == {claim.id} and heard[0].sources == {source.id}

    heard.clear()
    with pytest.raises(api.VerdictNotOnScale):
        library.set_claim_field(claim.id, "verdict", "Pants on Fire")
    assert heard == []

    unsubscribe()
    library.set_claim_field(claim.id, "rationale", "Police figures.")
    assert heard == []


def test_a_transaction_that_fails_saves_none_of_its_writes(library, article_id):
    with pytest.raises(api.VerdictNotOnScale):
        with library.transaction():
            claim = library.mark_claim(article_id, quote="Crime fell 40% last year")
            library.set_claim_field(claim.id, "verdict", "Pants on Fire")
    assert library.claims(article_id) == []


def test_another_thread_uses_its_own_handle(library, article_id):
    marked = []

    def worker():
        other = library.open_another()
        try:
            marked.append(other.mark_claim(article_id, quote="The council spent £2m"))
        finally:
            other.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(30)
    assert library.claims(article_id) == marked
    assert marked[0].reviewer == "Ana Ruiz"


# ------------------------------------------------------------- the pure functions

texts = st.text(alphabet="ab c\n\t😀é.", min_size=1, max_size=40)


@given(texts, st.data())
def test_a_quote_found_maps_back_to_the_same_text(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    trimmed = trim_span(text, start, end)
    if not quote.strip():
        with pytest.raises(api.WhiteSpaceOnly):
            api.quote_span(text, quote)
        return
    starts = [i for i in range(len(text)) if text.startswith(quote.strip(), i)]
    occurrence = starts.index(trimmed[0]) + 1
    assert api.quote_span(text, quote, occurrence) == trimmed
    found_start, found_end = api.quote_span(text, quote, occurrence)
    assert text[found_start:found_end] == quote.strip()
    if len(starts) == 1:
        assert api.quote_span(text, quote) == trimmed
    else:
        with pytest.raises(api.AmbiguousQuote) as raised:
            api.quote_span(text, quote)
        assert list(raised.value.starts) == starts


@given(texts, st.data())
def test_the_claim_for_a_selection_holds_the_selected_words(text, data):
    article = Article("Test", text, id=7)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    try:
        claim = api.claim_for_selection(article, start, end, "Ana")
    except api.WhiteSpaceOnly:
        assert not text[start:end].strip()
        return
    assert (claim.start, claim.end) == trim_span(text, start, end)
    assert claim.quote == text[start:end].strip() == text[claim.start:claim.end]
    assert claim.anchor == make_anchor(text, claim.start, claim.end)
    assert (claim.article_id, claim.reviewer, claim.id) == (7, "Ana", None)
    occurrence = [i for i in range(len(text)) if text.startswith(claim.quote, i)].index(claim.start) + 1
    same = api.claim_for_quote(article, claim.quote, occurrence, "Ana")
    assert same == claim


@given(texts, st.integers(-5, 50), st.integers(-5, 50))
def test_offsets_outside_the_text_are_refused_as_a_span_error(text, start, end):
    if 0 <= start <= end <= len(text):
        return
    with pytest.raises(api.OutsideText) as raised:
        api.claim_for_selection(Article("T", text, id=1), start, end)
    assert isinstance(raised.value, AnchorError)  # the window's handler for anchors catches it too


def test_check_verdict_takes_the_scales_labels_only(library, article_id):
    scale = library.rating_scale(article_id)
    assert api.check_verdict(scale, "Mixed") == "Mixed"
    assert api.check_verdict(scale, "opinion —  NOT checkable") == "Opinion — not checkable"
    assert api.check_verdict(scale, None) is None and api.check_verdict(scale, "  ") is None
    with pytest.raises(api.VerdictNotOnScale, match="“Half True” is not a verdict"):
        api.check_verdict(scale, "Half True")
    with pytest.raises(TypeError):
        api.claim_value("verdict", "Mixed")  # a verdict is checked against its article's scale
    assert api.claim_value("verdict", "mixed", scale) == "Mixed"
    assert api.source_values({"stance": "supports", "title": " T "}) == {"stance": Stance.SUPPORTS, "title": "T"}


# ------------------------------------------------------- values read back as expected


@pytest.fixture
def seeded_path(tmp_path):
    path = tmp_path / "expected.db"
    store = open_store(path, user="seed")
    store.add_article(Article("Mayor", "Crime fell 40% last year, the mayor said."))
    store.close()
    return path


def test_an_expected_verdict_is_read_as_a_verdict_is(seeded_path):
    with api.open_library(seeded_path, reviewer="Ana") as library:
        claim = library.mark_claim(1, quote="Crime fell 40% last year")
        library.set_claim_field(claim.id, "verdict", "misleading")  # stored as the scale spells it
        assert library.claim(claim.id).verdict == "Misleading"
        library.set_claim_field(claim.id, "verdict", "false", expected="misleading")  # the value the script wrote
        assert library.claim(claim.id).verdict == "False"
        with pytest.raises(StaleValue):
            library.set_claim_field(claim.id, "verdict", "accurate", expected="misleading")


def test_an_expected_source_link_is_compared_as_stored_even_if_no_longer_accepted(seeded_path):
    import sqlite3

    with api.open_library(seeded_path, reviewer="Ana") as library:
        claim = library.mark_claim(1, quote="Crime fell 40% last year")
        source = library.add_source(claim.id, title="Police")
    conn = sqlite3.connect(seeded_path)
    conn.execute("UPDATE sources SET url = 'www.police.example' WHERE id = ?", [source.id])  # an older library's
    conn.commit()
    conn.close()
    with api.open_library(seeded_path, reviewer="Ana") as library:
        edited = library.edit_source(source.id, title="Police 2024", expected={"url": "www.police.example"})
        assert edited.title == "Police 2024"


def test_a_store_opened_read_only_makes_a_read_only_library_that_says_so(seeded_path):
    store = open_store(seeded_path, user="x", read_only=True)
    try:
        library = api.Library(store)  # as the window wraps its read-only fallback
        assert library.read_only
        with pytest.raises(LibraryError, match="read-only"):
            library.mark_claim(1, quote="Crime fell 40% last year")
        with pytest.raises(LibraryError, match="opened read-only"):
            store.add_article(Article("Another", "Some other text."))
    finally:
        store.close()


def test_an_approved_claim_changes_only_through_a_decision(library, claim):
    with pytest.raises(api.WorkflowError, match="Approving claim 1 is an editor's decision"):
        library.set_claim_field(claim.id, "status", "approved")
    library.set_claim_field(claim.id, "verdict", "False")
    library.approve(claim.id, "Checked the police table.")
    for attempt in (lambda: library.set_claim_field(claim.id, "verdict", "Accurate"),
                    lambda: library.set_claim_field(claim.id, "claimant", "Someone else"),
                    lambda: library.set_claim_field(claim.id, "status", "draft"),
                    lambda: library.add_source(claim.id, title="Another source"),
                    lambda: library.remove_claim(claim.id)):
        with pytest.raises(api.WorkflowError, match="approved|decision"):
            attempt()
    stored = library.claim(claim.id)
    assert (stored.verdict, stored.status, stored.claimant, stored.sources) == ("False", ClaimStatus.APPROVED, "", ())
    library.reopen(claim.id, "A new police table came out.")
    assert library.set_claim_field(claim.id, "verdict", "Misleading").verdict == "Misleading"


def test_a_script_revises_an_article_and_reads_its_earlier_text(tmp_path):
    old = "Crime fell 40% last year.\n\nPolice figures show a fall of 12%."
    new = "A note was added.\n\nCrime fell 40% last year.\n\nPolice figures show a fall of 14%."
    with api.open_library(tmp_path / "revise.db", reviewer="Ana", create=True) as library:
        article = library.store.add_article(Article(title="Crime", text=old))
        library.mark_claim(article.id, quote="Crime fell 40%")
        library.mark_claim(article.id, quote="a fall of 12%")
        assert library.revise(article.id, new, dry_run=True).counts()["changed"] == 1
        assert library.article(article.id).revision == 1  # a dry run stores nothing
        plan = library.revise(article.id, new, origin="https://news.example/crime")
        assert plan.summary() == "2 claims: 0 in place, 1 moved, 1 with changed wording, none no longer found."
        assert [(c.placement, c.quote, c.old_quote) for c in library.claims(article.id)] == [
            ("moved", "Crime fell 40%", ""), ("changed", "a fall of 14%", "a fall of 12%")]
        assert [r.number for r in library.revisions(article.id)] == [1, 2]
        assert library.revision_text(article.id, 1) == old
        with pytest.raises(api.NotInLibrary):
            library.revision_text(article.id, 5)
        assert library.revise(article.id, new).unchanged


def test_a_revision_with_carriage_returns_is_refused_before_anything_is_stored(library, article_id):
    """Qt shows a carriage return as a line break of its own: every highlight after it would be shifted."""
    from factcheck.core.articles import normalise_text

    text = library.article(article_id).text
    windows_text = text.replace("\n", "\r\n") + "\r\nA line added."
    with pytest.raises(api.InvalidValue, match="carriage returns"):
        library.revise(article_id, windows_text)
    assert library.article(article_id).revision == 1
    assert library.revise(article_id, normalise_text(windows_text)).counts()["orphan"] == 0
    assert library.article(article_id).revision == 2
