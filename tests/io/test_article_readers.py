"""One entry point for files of every supported kind, and for pastes."""

import codecs
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.io import BadInput
from factcheck.io.article_readers import IMPORTABLE_SUFFIXES, read_article_file, read_pasted
from factcheck.io.docx_article import DOCX_MEDIA_TYPE, article_from_docx
from factcheck.io.text_files import MAX_BYTES

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = "Mayor claims crime fell\n\n“Crime fell 40% last year,” said the mayor – a €2m claim."


def test_importable_suffixes():
    assert IMPORTABLE_SUFFIXES == (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx")


@pytest.mark.parametrize("suffix", [".txt", ".TEXT"])
def test_a_text_file_in_a_legacy_encoding(tmp_path, suffix):
    path = tmp_path / f"speech{suffix}"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("cp1252"))
    imported = read_article_file(path)
    assert imported.article.text == TEXT
    assert imported.article.title == "Mayor claims crime fell"
    assert imported.article.source_type == "text"
    assert imported.original.data == path.read_bytes()
    assert imported.original.media_type == "text/plain"
    assert imported.original.name == path.name


@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_a_markdown_file_takes_its_title_from_its_heading(tmp_path, suffix):
    path = tmp_path / f"draft{suffix}"
    path.write_bytes(codecs.BOM_UTF16_LE + "Notes\n\n# Ferry fares checked\n\nBody *text*.".encode("utf-16-le"))
    imported = read_article_file(path)
    assert imported.article.text == "Notes\n\n# Ferry fares checked\n\nBody *text*."  # Markdown kept as written
    assert imported.article.title == "Ferry fares checked"
    assert imported.article.source_type == "markdown"
    assert imported.original.media_type == "text/markdown"


@pytest.mark.parametrize("suffix", [".html", ".HTM"])
def test_a_saved_web_page(tmp_path, suffix):
    path = tmp_path / f"page{suffix}"
    path.write_bytes((FIXTURES / "news_article.html").read_bytes())
    imported = read_article_file(path)
    assert imported.article.title == "Council claims recycling rate doubled in two years"
    assert imported.article.source_type == "html"
    assert imported.original.media_type == "text/html"
    assert imported.original.name == path.name
    assert "Advertisement" not in imported.article.text


def test_a_word_draft(tmp_path):
    document = docx.Document()
    document.core_properties.author = "Lee Park"
    document.add_heading("Ferry fares “lowest on the coast”, operator claims", level=1)
    document.add_paragraph("Islander Ferries says its fares are the lowest on the coast.")
    path = tmp_path / "draft.docx"
    document.save(path)
    imported = read_article_file(path)
    assert imported.article.title == "Ferry fares “lowest on the coast”, operator claims"
    assert imported.article.author == "Lee Park"
    assert imported.article.source_type == "docx"
    assert imported.original.media_type == DOCX_MEDIA_TYPE


@pytest.mark.parametrize("name", ["scan.pdf", "photo.jpeg", "notes.odt", "README", "bundle.json"])
def test_an_unsupported_file_type_is_refused_before_reading(tmp_path, name):
    path = tmp_path / name  # it does not even exist: the suffix decides first
    with pytest.raises(BadInput) as caught:
        read_article_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: factcheck cannot import ")
    assert "it imports .txt, .md, .html and .docx" in message


def test_a_file_over_the_limit_is_refused_naming_its_size_and_the_limit(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"<html>" + b" " * 5000)
    with pytest.raises(BadInput) as caught:
        read_article_file(path, max_bytes=1000)
    assert str(caught.value) == (f"{path} is 5 kB; factcheck imports articles up to 1 kB "
                                 "(the limit is set in Preferences ▸ Largest import).")
    big = tmp_path / "big.docx"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no real 20 MB written
    with pytest.raises(BadInput, match="big.docx is 20 MB; factcheck imports articles up to 20 MB"):
        read_article_file(big)


def test_a_missing_or_unreadable_file_is_refused_by_name(tmp_path):
    with pytest.raises(BadInput, match="Cannot read .*missing.txt"):
        read_article_file(tmp_path / "missing.txt")
    folder = tmp_path / "folder.html"
    folder.mkdir()
    with pytest.raises(BadInput, match="Cannot read .*folder.html"):
        read_article_file(folder)
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked.txt"
        locked.write_text(TEXT)
        locked.chmod(0)
        with pytest.raises(BadInput, match="Cannot read .*locked.txt: Permission denied"):
            read_article_file(locked)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"", "empty"),
    ("empty.html", b"", "empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "binary"),
    ("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(100), "not a web page"),
    ("renamed.docx", b"Just text, really.", "not a Word document"),
    ("home.html", (FIXTURES / "no_article_text.html").read_bytes(), "has no article text"),
])
def test_bad_content_is_refused_by_name(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BadInput) as caught:
        read_article_file(path)
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)


# ------------------------------------------------------------------- pastes

CLIPBOARD_HTML = (
    "<html><body>\n<!--StartFragment--><h1>Minister says waiting lists fell</h1>"
    "<p>The health minister said on Sunday that hospital waiting lists had fallen for six months in a row.</p>"
    "<p>NHS figures show the list grew in two of those six months, by 12,000 in October.</p>"
    "<!--EndFragment-->\n</body>\n</html>"
)
CLIPBOARD_TEXT = ("Minister says waiting lists fell\nThe health minister said on Sunday that hospital waiting "
                  "lists had fallen for six months in a row.\nNHS figures show the list grew in two of those six "
                  "months, by 12,000 in October.")


def test_a_paste_prefers_its_html_for_the_paragraphs():
    imported = read_pasted(CLIPBOARD_TEXT, CLIPBOARD_HTML)
    headline, body = CLIPBOARD_TEXT.split("\n", 1)
    assert imported.article.text == body.replace("\n", "\n\n")  # the headline is the title, not repeated
    assert imported.article.title == headline == "Minister says waiting lists fell"
    assert imported.article.source_type == "paste"
    assert imported.original.media_type == "text/html"
    assert imported.original.data == CLIPBOARD_HTML.encode("utf-8")


def test_a_paste_falls_back_to_plain_text_when_the_html_has_no_article():
    imported = read_pasted("“Crime fell 40%,” the mayor said.", "<p>“Crime fell 40%,” the mayor said.</p>")
    assert imported.article.text == "“Crime fell 40%,” the mayor said."
    assert imported.article.source_type == "paste"
    assert imported.original.media_type == "text/plain"


def test_a_plain_text_paste():
    imported = read_pasted(TEXT.replace("\n", "\r\n"), None)
    assert imported.article.text == TEXT
    assert imported.article.source_type == "paste"
    assert imported.original.data == TEXT.replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize(("text", "html", "reason"), [
    (None, None, "empty"),
    ("  \n ", "", "empty"),
    (None, "<p>Short.</p>", "has no article text"),
    ("bell\x07", None, "control characters"),
])
def test_an_empty_or_unusable_paste_is_refused(text, html, reason):
    with pytest.raises(BadInput) as caught:
        read_pasted(text, html)
    assert "pasted text" in str(caught.value).lower()
    assert reason in str(caught.value)


# ------------------------------------------------------------------- fuzzing


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("suffix", IMPORTABLE_SUFFIXES)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1500))
def test_random_bytes_in_any_importable_file_give_an_article_or_bad_input(fuzz_dir, suffix, data):
    path = fuzz_dir / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        imported = read_article_file(path)
    except BadInput as error:
        assert str(path) in str(error)
    else:
        assert imported.article.text.strip()
        assert imported.original.data == data


@given(data=st.binary(max_size=3000))
def test_random_bytes_in_a_zip_shaped_docx_give_bad_input(data):
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        archive.writestr("[Content_Types].xml", data)
        archive.writestr("word/document.xml", data[::-1])
    with pytest.raises(BadInput):
        article_from_docx(payload.getvalue(), "fuzz.docx")


def test_a_pasted_selection_keeps_its_list_items():
    html = ("<p>Crime figures for the year:</p><ul><li>Burglary down 5%</li><li>Assault up 3%</li></ul>"
            "<p>Share this article</p>")
    text = "Crime figures for the year:\nBurglary down 5%\nAssault up 3%\nShare this article"
    article = read_pasted(text, html).article
    assert "Burglary down 5%" in article.text and "Assault up 3%" in article.text


# ------------------------------------------------------ Word drafts: headline and byline

DRAFT_BODY = ("Islander Ferries says its fares to the outer islands are now the lowest anywhere on the coast, "
              "in a campaign that began on buses and billboards last week.")


@pytest.mark.parametrize(("author", "byline"), [
    ("Lee Park", "Lee Park"),
    ("Microsoft Office User", ""),
    ("lpark", ""),  # an account's login name, not a byline
    ("Newsroom", ""),
])
def test_a_word_draft_keeps_its_heading_apart_and_a_person_as_its_author(tmp_path, author, byline):
    document = docx.Document()
    document.core_properties.author = author
    document.add_heading("Ferry fares “lowest on the coast”, operator claims", level=0)
    document.add_paragraph(DRAFT_BODY)
    path = tmp_path / "draft.docx"
    document.save(path)
    article = read_article_file(path).article
    assert article.title == "Ferry fares “lowest on the coast”, operator claims"
    assert article.text == DRAFT_BODY  # the Title paragraph is the title, not repeated in the text
    assert article.author == byline


def test_a_paste_with_a_long_headline_still_prefers_its_html():
    headline = "Minister says hospital waiting lists in England fell for six months in a row"
    body = ["The health minister said so on Sunday in a television interview.",
            "NHS figures show the list grew in two of those months."]
    html = f"<html><body><h1>{headline}</h1>" + "".join(f"<p>{p}</p>" for p in body) + "</body></html>"
    imported = read_pasted("\n".join([headline, *body]), html)
    assert imported.original.media_type == "text/html"  # the headline counts as what the HTML gave
    assert imported.article.title == headline
    assert imported.article.text == "\n\n".join(body)
