"""Operations shared by the window and the command line: seeding, importing, exporting."""

import contextlib
import json
import os
import threading
from pathlib import Path

import pytest

from factcheck.assets import seed_article
from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim
from factcheck.io import BadInput
from factcheck.operations import (
    IMPORTABLE_SUFFIXES,
    ensure_seed_article,
    export_bundle,
    import_file,
    import_many,
    import_text,
)
from factcheck.store import SQLiteStore, Store, open_store

SEED_TITLE = "Donald Trump backtracks on plan to work with Russians to build cyber security unit"
ARTICLE = "Council approves new cycle lanes\n\nThe council voted 7–2 on Tuesday 🚲 to approve the lanes.\n"


@pytest.fixture
def library():
    return SQLiteStore.in_memory(user="alice")


def counts(library: Store) -> tuple[int, int]:
    """How many articles (archived ones too) and claims the library holds."""
    articles = library.articles(archived=True)
    return len(articles), sum(a.claim_count for a in articles)


# ------------------------------------------------------------------- seeding


def test_the_seed_article_ships_with_the_package():
    seed = seed_article()
    assert seed.name.endswith(".txt")
    assert SEED_TITLE in seed.read_text(encoding="utf-8")


def test_the_seed_is_imported_once(library):
    article_id = ensure_seed_article(library)
    assert article_id is not None
    assert [(a.id, a.title) for a in library.articles()] == [(article_id, SEED_TITLE)]
    assert "Vladimir Putin" in library.article(article_id).text
    assert library.get_property("seeded") == "1"

    assert ensure_seed_article(library) is None
    assert len(library.articles()) == 1


def test_a_deleted_seed_does_not_come_back(library):
    article_id = ensure_seed_article(library)
    library.delete_article(article_id)
    assert ensure_seed_article(library) is None
    assert library.articles() == []


def test_a_deleted_seed_does_not_come_back_after_reopening(tmp_path):
    path = tmp_path / "lib.db"
    lib = open_store(path)
    lib.delete_article(ensure_seed_article(lib))
    lib.close()
    lib = open_store(path)
    try:
        assert ensure_seed_article(lib) is None
        assert lib.articles() == []
    finally:
        lib.close()


def test_seeding_a_library_that_already_has_the_seed_text_adds_no_duplicate(library):
    seed_text = seed_article().read_text(encoding="utf-8")
    first = import_text(library, seed_text)
    assert ensure_seed_article(library) == first.article_id
    assert len(library.articles()) == 1


# ----------------------------------------------------------------- importing


@pytest.mark.parametrize(("suffix", "source_type"), [(".txt", "text"), (".md", "markdown"),
                                                    (".markdown", "markdown"), (".TXT", "text")])
def test_import_file_reads_text_and_markdown(library, tmp_path, suffix, source_type):
    path = tmp_path / f"lanes{suffix}"
    path.write_text(ARTICLE, encoding="utf-8")
    result = import_file(library, path)
    assert result.created
    assert result.title == "Council approves new cycle lanes"
    article = library.article(result.article_id)
    assert article.text == ARTICLE.strip()
    assert article.source_type == source_type
    assert article.rating_scale == "newsroom"


def test_importing_the_same_text_twice_adds_no_duplicate(library, tmp_path):
    first_path = tmp_path / "lanes.txt"
    first_path.write_text(ARTICLE, encoding="utf-8")
    first = import_file(library, first_path)

    again = import_file(library, first_path)
    assert (again.article_id, again.title, again.created) == (first.article_id, first.title, False)

    # the same article saved elsewhere with Windows line ends and a BOM
    copy = tmp_path / "copy.md"
    copy.write_bytes("\ufeff".encode() + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    third = import_file(library, copy)
    assert (third.article_id, third.created) == (first.article_id, False)

    assert len(library.articles()) == 1


def test_import_text_marks_the_article_as_pasted(library):
    result = import_text(library, ARTICLE)
    assert library.article(result.article_id).source_type == "paste"
    assert import_text(library, ARTICLE).created is False


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "binary"),
        ("empty.txt", b"", "empty"),
        ("junk.md", bytes(range(128, 256)), "not valid UTF-8"),  # Latin-1 is detected now; this is not text
        ("report.pdf", b"%PDF-1.7", "cannot import .pdf files"),
        ("README", b"Some text", "extension-less"),
        ("bad.json", b"{not json", "not valid JSON"),
    ],
)
def test_import_file_refuses_with_bad_input_and_changes_nothing(library, tmp_path, name, data, reason):
    ensure_seed_article(library)
    before = counts(library)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BadInput, match=reason) as caught:
        import_file(library, path)
    assert name in str(caught.value)
    assert counts(library) == before


def test_import_file_of_a_missing_file(library, tmp_path):
    for name in ("gone.txt", "gone.json"):
        with pytest.raises(BadInput, match="gone"):
            import_file(library, tmp_path / name)
    assert counts(library) == (0, 0)


def test_import_and_export_a_bundle_file(library, tmp_path):
    source = SQLiteStore.in_memory()
    article_id = import_text(source, ARTICLE).article_id
    text = source.article(article_id).text
    start = text.index("voted 7–2")
    source.add_claim(Claim(anchor=make_anchor(text, start, start + len("voted 7–2")),
                           article_id=article_id, verdict="Accurate"))
    path = tmp_path / "lanes.json"
    path.write_text(export_bundle(source, article_id), encoding="utf-8")

    result = import_file(library, path)
    assert (result.created, result.claims, result.title) == (True, 1, "Council approves new cycle lanes")
    claims = library.claims(result.article_id)
    assert [(c.quote, c.verdict) for c in claims] == [("voted 7–2", "Accurate")]
    exported = json.loads(export_bundle(library, result.article_id))
    assert exported["article"]["text"] == text


def test_importable_suffixes():
    assert set(IMPORTABLE_SUFFIXES) >= {".txt", ".md", ".json"}


def test_a_page_declaring_a_non_text_charset_fails_alone_in_a_batch(tmp_path):
    from factcheck.operations import import_many

    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(3):
        (folder / f"0{n}.txt").write_text(f"Story {n} about the vote\n\nThe council voted on item {n} today.",
                                          encoding="utf-8")
    (folder / "04.html").write_bytes(b'<html><head><meta charset="base64"></head><body><p>caf\xe9 '
                                     + b"word " * 40 + b"</p></body></html>")
    (folder / "05.txt").write_text("Story five about rents\n\nRents rose again this spring.", encoding="utf-8")
    library = SQLiteStore.in_memory()
    results, failures = import_many(library, [folder])
    # The bogus label is ignored (the page reads as Windows-1252) or the page is refused alone;
    # either way nothing crashes and every other file is kept.
    assert len(results) + len(failures) == 5
    assert len(library.articles()) == len(results) >= 4
    assert [Path(f.source).name for f in failures] in ([], ["04.html"])


def test_an_article_stored_with_its_headline_as_first_paragraph_is_found_again(tmp_path):
    """Older versions kept the headline as the text's first paragraph: re-importing makes no copy."""
    from factcheck.core.articles import Article
    from factcheck.store import SQLiteStore

    library = SQLiteStore.in_memory()
    body = ("The council voted on Tuesday to approve new cycle lanes on three roads, after a year of "
            "consultation with residents, shop owners and the bus company about parking.")
    old = library.add_article(Article(title="Council approves new cycle lanes",
                                      text=f"Council approves new cycle lanes\n\n{body}"))
    path = tmp_path / "lanes.txt"
    path.write_text(f"Council approves new cycle lanes\n\n{body}\n", encoding="utf-8")
    again = import_file(library, path)
    assert library.article(old.id).text.startswith("Council approves")
    assert (again.article_id, again.created) == (old.id, False)
    assert len(library.articles()) == 1


# ------------------------------------------------------------------- folders with links, pipes and devices

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def story(path: Path, words: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"A story about {words}\n\nThe council talked about {words} for an hour on Tuesday.\n",
                    encoding="utf-8")
    return path


@contextlib.contextmanager
def released_if_read(fifo: Path):
    """Let a reader of ``fifo`` through with an empty read, so a regression fails instead of hanging.

    A writer waits on the pipe in the background: if the code under test opens it,
    the writer closes at once and the read ends. If nothing opened it, the writer
    is let go at the end by a reader that does not wait (held open until the writer
    has come and gone, however late its thread got going).
    """
    writer = threading.Thread(target=lambda: open(fifo, "wb").close(), daemon=True)
    writer.start()
    try:
        yield
    finally:
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        writer.join()
        os.close(reader)


def test_a_folder_import_does_not_follow_links_out_of_the_folder(library, tmp_path):
    secret = story(tmp_path / "home" / ".ssh" / "id_notes.txt", "the private key")
    folder = tmp_path / "unpacked"
    story(folder / "council.txt", "the budget")
    (folder / "notes.txt").symlink_to(secret)  # as an archive from someone else could hold it
    (folder / "sub").mkdir()
    (folder / "sub" / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    results, failures = import_many(library, [folder])
    assert [a.title for a in library.articles()] == ["A story about the budget"]
    assert [r.title for r in results] == ["A story about the budget"]
    outside = f"outside the folder being imported ({folder})."
    assert sorted(f.message for f in failures) == [
        f"{folder / 'elsewhere'} was skipped: it links to the folder {secret.parent.resolve()}, {outside}",
        f"{folder / 'notes.txt'} was skipped: it links to {secret.resolve()}, {outside}",
        f"{folder / 'sub' / 'passwd.txt'} was skipped: it links to {Path('/etc/passwd').resolve()}, {outside}",
    ]
    assert sorted(f.source for f in failures) == [str(folder / "elsewhere"), str(folder / "notes.txt"),
                                                  str(folder / "sub" / "passwd.txt")]


def test_a_link_inside_the_folder_to_a_file_inside_it_is_imported(library, tmp_path):
    folder = tmp_path / "desk"
    story(folder / "raw" / "ferries.body", "ferry fares")  # not importable by its own name
    (folder / "ferries.txt").symlink_to(Path("raw") / "ferries.body")
    (folder / "raw" / "up").symlink_to("..", target_is_directory=True)  # a loop inside: not walked twice
    (folder / "raw" / "again.txt").symlink_to(Path("..") / "ferries.txt")
    results, failures = import_many(library, [folder])
    assert failures == []
    # ferries.txt, then raw/again.txt: the same text, so the second finds the first
    assert [(r.title, r.created) for r in results] == [("A story about ferry fares", True),
                                                       ("A story about ferry fares", False)]
    assert len(library.articles()) == 1


@needs_fifo
def test_a_named_pipe_in_a_folder_or_a_link_to_one_or_to_a_device_is_skipped_not_read(library, tmp_path):
    folder = tmp_path / "desk"
    story(folder / "rents.txt", "rents")
    os.mkfifo(folder / "pending.txt")
    (folder / "latest.md").symlink_to("pending.txt")
    (folder / "zeros.txt").symlink_to("/dev/null")
    with released_if_read(folder / "pending.txt"):
        results, failures = import_many(library, [folder])
    assert [r.title for r in results] == ["A story about rents"]
    assert sorted(f.message for f in failures) == [
        f"{folder / 'latest.md'} was skipped: it links to {folder / 'pending.txt'}, which is a named pipe, not a file.",
        f"{folder / 'pending.txt'} was skipped: it is a named pipe, not a file.",
        f"{folder / 'zeros.txt'} was skipped: it links to /dev/null, outside the folder being imported ({folder}).",
    ]


@needs_fifo
def test_a_named_pipe_or_a_device_given_by_name_is_refused_at_once(library, tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    given = story(tmp_path / "given.txt", "bins")
    with released_if_read(fifo):
        results, failures = import_many(library, [fifo, Path("/dev/null"), given])
    assert [r.title for r in results] == ["A story about bins"]
    assert [(f.source, f.message) for f in failures] == [
        (str(fifo), f"{fifo} is a named pipe, not a file: nothing was imported."),
        ("/dev/null", "/dev/null is a device, not a file: nothing was imported."),
    ]


def test_a_link_given_by_name_is_followed(library, tmp_path):
    elsewhere = story(tmp_path / "archive" / "tram.txt", "trams")
    (tmp_path / "inbox").mkdir()
    link = tmp_path / "inbox" / "tram.txt"
    link.symlink_to(elsewhere)
    results, failures = import_many(library, [link])
    assert failures == []
    assert [r.title for r in results] == ["A story about trams"]
