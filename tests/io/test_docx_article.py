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


# Issue 9, point 6: a small .docx can hold a huge document. Reading is linear, bounded, cancellable.

_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(body_xml: str) -> bytes:
    """A .docx made by python-docx, its body replaced by ``body_xml`` (fast for many paragraphs)."""
    template = io.BytesIO()
    docx.Document().save(template)
    result = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f"<w:document {_W_NS}><w:body>{body_xml}<w:sectPr/></w:body></w:document>").encode()
            target.writestr(item.filename, content)
    return result.getvalue()


def numbered_paragraphs(count: int) -> str:
    return "".join(f"<w:p><w:r><w:t>Paragraph {n} of the council's budget report.</w:t></w:r></w:p>"
                   for n in range(count))


def test_styles_are_looked_up_once_per_document_not_once_per_paragraph(monkeypatch):
    from docx.oxml.styles import CT_Styles

    lookups = []
    for method in ("default_for", "get_by_id"):
        original = getattr(CT_Styles, method)
        monkeypatch.setattr(CT_Styles, method,
                            lambda self, *args, _original=original: lookups.append(args) or _original(self, *args))
    heading = '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Budget row deepens</w:t></w:r></w:p>'
    for count in (10, 2_000):
        lookups.clear()
        article = article_from_docx(docx_with_body(heading + numbered_paragraphs(count)), NAME).article
        assert article.title == "Budget row deepens"  # the heading's style was still read
        assert article.text.count("Paragraph") == count
        assert len(lookups) <= 2  # python-docx's Paragraph.style made two scans of every style per paragraph


def test_a_style_id_that_names_no_paragraph_style_reads_as_the_default_style():
    body = ('<w:p><w:pPr><w:pStyle w:val="NoSuchStyle"/></w:pPr><w:r><w:t>Not a heading at all</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:pStyle w:val="DefaultParagraphFont"/></w:pPr><w:r><w:t>Nor this</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Council budget: the claims</w:t></w:r></w:p>'
            + numbered_paragraphs(3))
    assert article_from_docx(docx_with_body(body), NAME).article.title == "Council budget: the claims"


def test_millions_of_empty_paragraphs_are_refused_before_python_docx_parses_them(monkeypatch):
    data = docx_with_body("<w:p/>" * 1_100_000)
    assert len(data) < 100_000  # 6.6 MB of XML, compressed
    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("python-docx was given the document"))
    with pytest.raises(BadInput, match=f"{NAME} is too large a Word document to be an article: its XML holds "
                                       "more than 1,000,000 elements"):
        article_from_docx(data, NAME)


def test_more_paragraphs_than_an_article_has_are_refused(monkeypatch):
    from factcheck.io import docx_article

    monkeypatch.setattr(docx_article, "MAX_PARAGRAPHS", 300)
    assert article_from_docx(docx_with_body(numbered_paragraphs(300)), NAME).article.text.count("Paragraph") == 300
    with pytest.raises(BadInput, match=f"{NAME} has more than 300 paragraphs: more than an article could have"):
        article_from_docx(docx_with_body(numbered_paragraphs(301)), NAME)


def test_more_text_than_the_import_limit_is_refused():
    data = docx_with_body(numbered_paragraphs(100))  # about 4,500 characters, in 4 kB of file
    assert len(article_from_docx(data, NAME, max_bytes=5_000).article.text) > 4_000
    with pytest.raises(BadInput, match=f"{NAME} holds more than 4 kB of text; factcheck imports articles up to 4 kB"):
        article_from_docx(data, NAME, max_bytes=4_000)


def test_cancel_stops_a_long_document_mid_way(monkeypatch):
    from factcheck.io import docx_article
    from factcheck.io.article_readers import ImportCancelled

    read = []
    original = docx_article._paragraph_text
    monkeypatch.setattr(docx_article, "_paragraph_text", lambda p: read.append(1) or original(p))
    data = docx_with_body(numbered_paragraphs(20_000))
    with pytest.raises(ImportCancelled):
        article_from_docx(data, NAME, cancelled=lambda: len(read) >= 2_500)  # set after 2,500 paragraphs
    assert 2_500 <= len(read) <= 2_500 + docx_article.CANCEL_EVERY  # asked every CANCEL_EVERY paragraphs


def test_cancel_before_reading_reads_nothing(monkeypatch):
    from factcheck.io.article_readers import ImportCancelled

    data = docx_with_body(numbered_paragraphs(10))
    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("python-docx was given the document"))
    with pytest.raises(ImportCancelled):
        article_from_docx(data, NAME, cancelled=lambda: True)
