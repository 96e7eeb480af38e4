"""Word drafts: paragraphs as text, title and author from the document."""

import io
import re
import zipfile

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.io import BadInput
from factcheck.io.docx_article import DOCX_MEDIA_TYPE, MAX_UNPACKED_BYTES, article_from_docx

NAME = "draft.docx"


def make_docx(*, title="", author="", heading=None, paragraphs=(), heading_style="Title") -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    if heading:
        document.add_heading(heading, level=0 if heading_style == "Title" else 1)
    for text in paragraphs:
        if text.startswith("## "):
            document.add_heading(text[3:], level=2)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BODY = (
    "The minister said on Sunday that hospital waiting lists had fallen for six months in a row.",
    "",
    "   ",
    "## What the figures show",
    "NHS figures show the list grew in two of those six months — by 12,000 in October.",
    "“We stand by the statement,” her department said.",
)


def test_a_draft_gives_its_paragraphs_title_and_author():
    data = make_docx(title="Waiting lists: the minister’s claim checked", author="Aoife Ní Bhriain",
                     heading="Minister says waiting lists fell", paragraphs=BODY)
    imported = article_from_docx(data, NAME)
    article = imported.article
    assert article.text == (
        "Minister says waiting lists fell\n\n"
        "The minister said on Sunday that hospital waiting lists had fallen for six months in a row.\n\n"
        "What the figures show\n\n"
        "NHS figures show the list grew in two of those six months — by 12,000 in October.\n\n"
        "“We stand by the statement,” her department said."
    )
    assert article.title == "Waiting lists: the minister’s claim checked"  # the document's own title first
    assert article.author == "Aoife Ní Bhriain"
    assert article.source_type == "docx"
    assert imported.original.data == data
    assert imported.original.media_type == DOCX_MEDIA_TYPE == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert imported.original.name == NAME


@pytest.mark.parametrize("style", ["Title", "Heading"])
def test_without_a_document_title_the_first_title_or_heading_paragraph_is_the_title(style):
    data = make_docx(paragraphs=("Draft 3, not for publication",), heading=None)
    document = docx.Document(io.BytesIO(data))
    document.add_heading("Minister says waiting lists fell", level=0 if style == "Title" else 1)
    document.add_paragraph("The minister said on Sunday that waiting lists had fallen.")
    buffer = io.BytesIO()
    document.save(buffer)
    article = article_from_docx(buffer.getvalue(), NAME).article
    assert article.title == "Minister says waiting lists fell"
    assert article.text.startswith("Draft 3, not for publication\n\n")
    assert article.author == ""


def test_without_a_title_or_heading_the_title_is_guessed_from_the_text():
    data = make_docx(paragraphs=("DRAFT", "Minister says waiting lists fell", "Body text follows here."))
    assert article_from_docx(data, NAME).article.title == "Minister says waiting lists fell"


def test_a_document_without_properties_gets_no_invented_title_or_author():
    data = make_docx(title="x", author="y", paragraphs=("Minister says waiting lists fell", "Body."))
    stripped = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if item.filename == "docProps/core.xml":
                continue
            content = source.read(item.filename)
            if item.filename == "_rels/.rels":
                content = re.sub(rb'<Relationship [^>]*core-properties[^>]*/>', b"", content)
            target.writestr(item, content)
    article = article_from_docx(stripped.getvalue(), NAME).article
    assert article.title == "Minister says waiting lists fell"  # not python-docx's "Word Document"
    assert article.author == ""


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"This is plain text saved with a .docx name",
        b"PK\x03\x04" + bytes(100),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),  # an old binary .doc
    ],
    ids=["empty", "text", "broken-zip", "old-doc"],
)
def test_a_corrupt_or_foreign_file_is_refused_by_name(data):
    with pytest.raises(BadInput) as caught:
        article_from_docx(data, NAME)
    assert NAME in str(caught.value)
    assert "not a Word document" in str(caught.value)


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(BadInput, match=f"{NAME} is not a Word document"):
        article_from_docx(buffer.getvalue(), NAME)


def test_a_truncated_docx_is_refused():
    data = make_docx(paragraphs=("Some text.",))
    with pytest.raises(BadInput, match=NAME):
        article_from_docx(data[: len(data) // 2], NAME)


def test_a_docx_with_broken_xml_is_refused():
    data = make_docx(paragraphs=("Some text.",))
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, content[:-40] if item.filename == "word/document.xml" else content)
    with pytest.raises(BadInput, match=f"{NAME} is not a Word document"):
        article_from_docx(broken.getvalue(), NAME)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < 1_000_000
    with pytest.raises(BadInput, match="unpack to"):
        article_from_docx(buffer.getvalue(), NAME)


def test_an_empty_document_is_refused():
    with pytest.raises(BadInput, match=f"{NAME} is empty"):
        article_from_docx(make_docx(paragraphs=("", "  ")), NAME)


@given(st.binary(max_size=500))
def test_random_bytes_are_refused_with_bad_input(data):
    with pytest.raises(BadInput):
        article_from_docx(data, NAME)


def test_tables_and_tracked_insertions_are_kept_and_deletions_left_out(tmp_path):
    import io

    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    document.add_heading("Budget row over council figures", level=1)
    paragraph = document.add_paragraph("The council said ")
    inserted = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "the budget is balanced"
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    inserted.append(run)
    paragraph._p.append(inserted)
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = " and always was"
    run.append(gone)
    deleted.append(run)
    paragraph._p.append(deleted)
    paragraph.add_run(" on Monday.")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "Year", (0, 1): "Deficit", (1, 0): "2024", (1, 1): "£4.1m"}.items():
        table.cell(r, c).text = value
    document.add_paragraph("Officials disputed the figure in the table above.")
    buffer = io.BytesIO()
    document.save(buffer)

    article = article_from_docx(buffer.getvalue(), "draft.docx").article
    assert "The council said the budget is balanced on Monday." in article.text
    assert "always was" not in article.text
    assert "Year | Deficit" in article.text and "2024 | £4.1m" in article.text
    assert article.text.index("£4.1m") < article.text.index("Officials disputed")
