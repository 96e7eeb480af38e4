"""Saved web pages: the article's text without the page's furniture, and its metadata."""

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.io import BadInput
from factcheck.io.html_article import article_from_html, article_from_markup, decode_html

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_a_news_page_gives_its_body_in_paragraphs_and_nothing_else():
    imported = article_from_html(fixture("news_article.html"), "news_article.html")
    text = imported.article.text
    assert imported.article.title == "Council claims recycling rate doubled in two years"
    assert paragraphs(text) == [  # the headline is the title, not repeated as the first paragraph
        "Riverside council says the borough now recycles “twice as much” household waste as it did in 2021, "
        "a claim repeated by the council leader at Tuesday’s budget meeting.",
        "The council’s own figures show the recycling rate rose from 21.4% in 2021–22 to 34.9% in 2023–24. "
        "That is an increase of about 63%, not a doubling, although the tonnage collected did rise faster "
        "than the rate.",
        "Councillor Maureen Achebe, who leads on environment, told the meeting: “We have doubled what we "
        "recycle since we introduced food-waste caddies.” Asked which measure she meant, her office pointed "
        "to the total weight of material sent for recycling.",
        "What the national statistics say",
        "Government statistics for local authority waste put the borough 212th out of 333 councils in England "
        "for its household recycling rate last year, up from 298th two years earlier.",
        "Dr Ellen Marsh, a waste-policy researcher at the University of Leeds, said comparing tonnages across "
        "years could mislead because the borough’s population had grown by roughly 4% over the period.",
        "The council said it stood by the statement and would publish a breakdown of the figures next month.",
    ]
    for furniture in ("Subscribe today", "What's On", "cookies", "Advertisement", "Related articles",
                      "Bin collections move", "Landfill tax", "Most read", "Man arrested", "All rights reserved",
                      "Registered in England", "Share on Facebook", "dataLayer", "Local news"):
        assert furniture not in text
    assert text.count("Bins at the Millbrook recycling centre") <= 1


def test_a_news_page_gives_its_metadata_from_json_ld_and_the_canonical_link():
    article = article_from_html(fixture("news_article.html"), "news_article.html").article
    assert article.title == "Council claims recycling rate doubled in two years"
    assert article.author == "Priya Natarajan, Tomás Ó Briain"
    assert article.published == "2024-03-14"
    assert article.outlet == "The Riverside Courier"
    assert article.url == "https://www.riversidecourier.example/news/local/council-recycling-rate-doubled-claim-a1234.html"
    assert article.source_type == "html"


def test_the_canonical_link_wins_over_the_address_the_page_came_from():
    article = article_from_html(fixture("news_article.html"), "page", url="https://amp.example/x?utm=1").article
    assert article.url.startswith("https://www.riversidecourier.example/news/local/")


def test_a_windows_1252_page_declared_as_latin_1_keeps_its_curly_quotes_and_euro_signs():
    data = fixture("cp1252_article.html")
    assert b'charset=iso-8859-1' in data and b"\x93" in data and b"\x80" in data  # the fixture is what it says
    article = article_from_html(data, "cp1252_article.html").article
    assert article.title == "Mayor’s €40m stadium “will pay for itself”, he says"
    assert "the city’s €40m stadium would “pay for itself within ten years”" in article.text
    assert "Mayor Anton Krüger" in article.text and "Sinéad Walsh" in article.text
    assert article.author == "Renée Dupont"
    assert article.outlet == "The Evening Ledger"
    assert article.published == "2023-11-02"
    assert article.url == "https://eveningledger.example/politics/2023/11/02/stadium-will-pay-for-itself"
    for furniture in ("Advertisement", "cookies", "Sign in", "More from Politics", "budget gap", "Terms"):
        assert furniture not in article.text
    assert article.text.count("at the site of the proposed stadium") == 1
    assert "\ufffd" not in article.text


def test_a_caption_repeated_on_the_next_line_and_advertisement_labels_are_dropped():
    imported = article_from_html(fixture("harbour_gazette.html"), "harbour_gazette.html",
                                 url="https://harbourgazette.example/2025/06/ferry-fares")
    article = imported.article
    assert article.title == "Ferry fares “lowest on the coast”, operator claims"
    assert paragraphs(article.text)[:2] == [
        "Ferries waiting at the north quay on Monday: Harbour Gazette/Lee Park",
        "Islander Ferries says its fares to the outer islands are now “the lowest anywhere on the coast”, "
        "in a campaign that began on buses and billboards last week.",
    ]
    assert article.text.count("Ferries waiting at the north quay") == 1
    assert "Advertisement" not in article.text
    assert "The Advertising Standards Authority said" in article.text  # a sentence is not an ad label
    for furniture in ("partners", "Sign up", "Related", "Skerry pier", "Share this", "Popular this week",
                      "Lifeboat", "Proudly independent"):
        assert furniture not in article.text
    # no canonical link: the page's own address; metadata from meta tags and <time>
    assert article.url == "https://harbourgazette.example/2025/06/ferry-fares"
    assert (article.author, article.outlet, article.published) == ("Lee Park", "Harbour Gazette", "2025-06-03")


def test_a_page_without_an_address_or_canonical_link_has_no_url():
    assert article_from_html(fixture("harbour_gazette.html"), "saved.html").article.url == ""


def test_the_original_keeps_the_page_bytes_as_they_were():
    data = fixture("cp1252_article.html")
    imported = article_from_html(data, "cp1252_article.html", url="https://eveningledger.example/a")
    assert imported.original.data == data
    assert imported.original.media_type == "text/html"
    assert imported.original.name == "cp1252_article.html"
    assert imported.original.url == "https://eveningledger.example/a"


def test_a_download_is_recorded_as_a_url_import():
    article = article_from_html(fixture("news_article.html"), "https://x.example/a", source_type="url").article
    assert article.source_type == "url"


def test_a_page_with_no_article_text_is_refused_by_name():
    with pytest.raises(BadInput) as caught:
        article_from_html(fixture("no_article_text.html"), "no_article_text.html")
    assert str(caught.value).startswith("no_article_text.html has no article text that factcheck could find")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a PNG image, not a web page"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document, not a web page"),
        (b"<html><body><p>Too short.</p></body></html>", "no article text"),
        (b"<html><body><script>document.write('A long enough text written by a script, which never runs "
         b"here, so it is not article text that anyone could read.')</script></body></html>", "no article text"),
    ],
)
def test_pages_that_are_not_articles_are_refused_with_the_name(data, reason):
    with pytest.raises(BadInput) as caught:
        article_from_html(data, "saved.html")
    assert "saved.html" in str(caught.value)
    assert reason in str(caught.value)


PAGE = ("<!DOCTYPE html><html><head>{meta}<title>Port fees rise</title></head><body><article>"
        "<h1>Port fees rise</h1><p>The harbour board said on Friday that mooring fees would rise by 4% "
        "in April, the first increase since 2019, and blamed “rising costs” for the change.</p>"
        "<p>Boat owners’ groups said the rise was the third in five years and called it “unjustified”.</p>"
        "</article></body></html>")
QUOTED = "blamed “rising costs” for the change"


@pytest.mark.parametrize(
    ("meta", "encoding", "charset"),
    [
        ('<meta charset="utf-8">', "utf-8", None),
        ("", "utf-8", None),
        ('<meta charset="windows-1252">', "cp1252", None),
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252", None),
        ("", "cp1252", None),  # no declaration: detected
        ('<meta charset="utf-8">', "cp1252", "windows-1252"),  # the server's header wins over the page
        ('<meta charset="koi8-r">', "utf-8", "utf-8"),
    ],
)
def test_the_page_encoding_comes_from_the_bom_header_meta_or_detection(meta, encoding, charset):
    data = PAGE.format(meta=meta).encode(encoding)
    article = article_from_html(data, "page.html", charset=charset).article
    assert QUOTED in article.text
    assert "Boat owners’ groups" in article.text


@pytest.mark.parametrize("bom_and_encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                              (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_a_byte_order_mark_wins_over_everything(bom_and_encoding):
    bom, encoding = bom_and_encoding
    data = bom + PAGE.format(meta='<meta charset="windows-1252">').encode(encoding)
    assert QUOTED in article_from_html(data, "page.html", charset="iso-8859-1").article.text


def test_a_declared_charset_that_the_bytes_contradict_gives_way():
    # declared UTF-8, but the bytes are cp1252: detected
    assert QUOTED in decode_html(PAGE.format(meta='<meta charset="utf-8">').encode("cp1252"), "page.html")
    # declared Latin-1 by a careless server, but the bytes are valid UTF-8: read as UTF-8, no "â€œ"
    data = PAGE.format(meta='<meta charset="utf-8">').encode("utf-8")
    assert QUOTED in decode_html(data, "page.html", charset="iso-8859-1")


def test_utf7_declarations_are_ignored():
    data = PAGE.format(meta='<meta charset="utf-7">').encode("utf-8")
    assert QUOTED in decode_html(data, "page.html")


def test_markup_from_a_paste_is_extracted_the_same_way():
    article = article_from_markup(PAGE.format(meta=""), "the pasted text", source_type="paste")
    assert article.title == "Port fees rise"
    assert article.source_type == "paste"
    assert paragraphs(article.text)[0].startswith("The harbour board said on Friday")


def test_lists_and_line_breaks_inside_a_paragraph_are_kept():
    html = ("<html><body><article><h1>Three claims checked</h1>"
            "<p>The minister made three claims in her speech on Tuesday, and we checked each of them "
            "against the official figures published by the statistics office.</p>"
            "<ul><li>Unemployment is at a record low.</li><li>Wages rose faster than prices.</li>"
            "<li>Exports doubled since 2015.</li></ul>"
            "<p>Harbour Board<br>12 Quay Street<br>Port Ellen</p>"
            "<p>Each claim is rated below, with the sources we used and the reasons for our verdicts.</p>"
            "</article></body></html>")
    text = article_from_markup(html, "page.html")
    assert text.text.count("\n\n") >= 3
    assert ("- Unemployment is at a record low.\n- Wages rose faster than prices.\n- Exports doubled since 2015."
            in text.text)


def test_nothing_the_page_refers_to_is_fetched(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("article_from_html tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    html = (fixture("news_article.html").decode("utf-8")
            .replace("<body", '<body background="http://198.51.100.7/bg.png"')
            .replace("</main>", '<iframe src="http://198.51.100.7/frame"></iframe>'
                                '<img src="file:///etc/passwd"></main>'))
    article = article_from_html(html.encode("utf-8"), "page.html").article
    assert "Riverside council says" in article.text


def test_the_same_page_imported_many_times_gives_the_same_article_every_time():
    # trafilatura's deduplicate=True alone shares a cache across calls and drops a page seen 3 times
    data = fixture("harbour_gazette.html")
    texts = {article_from_html(data, "again.html").article.text for _ in range(6)}
    assert len(texts) == 1


@given(st.binary(max_size=2000))
def test_random_bytes_give_an_article_or_bad_input(data):
    try:
        imported = article_from_html(data, "fuzz.html")
    except BadInput as error:
        assert "fuzz.html" in str(error)
    else:
        assert imported.article.text.strip()


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdhlmptry!-\n\x00é“”€")), max_size=400))
def test_random_markup_gives_an_article_or_bad_input(text):
    try:
        article_from_html(("<html><body><article>" + text).encode("utf-8"), "fuzz.html")
    except BadInput as error:
        assert "fuzz.html" in str(error)


# ------------------------------------------------------------ headline and byline

FEES = ("<p>The harbour board said on Friday that mooring fees would rise by 4% in April, the first increase "
        "since 2019, and blamed “rising costs” for the change.</p>"
        "<p>Boat owners’ groups said the rise was the third in five years and called it “unjustified”.</p>")


def page(title: str, body: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body><article>{body}{FEES}</article></body></html>").encode()


@pytest.mark.parametrize("title", ["Port fees rise", "Port fees rise | Harbour Gazette",
                                   "Port fees rise - Harbour Gazette"])
def test_the_headline_is_the_title_and_not_the_first_paragraph(title):
    article = article_from_html(page(title, "<h1>Port fees rise</h1>"), "fees.html").article
    assert article.title == "Port fees rise"  # as the page prints it, without the site's name
    assert paragraphs(article.text)[0].startswith("The harbour board said on Friday")
    assert "Port fees rise" not in article.text


def test_a_headline_the_extraction_left_out_is_not_added_to_the_text():
    article = article_from_html(page("Port fees rise", "<p class='kicker'>Harbour</p>"), "fees.html").article
    assert article.title == "Port fees rise"
    assert "Port fees rise" not in article.text


@pytest.mark.parametrize(("head", "byline", "author"), [
    ('<meta name="author" content="SPIEGEL ONLINE, Hamburg, Germany">', "", ""),
    ("", "<p class='byline'>By SPIEGEL ONLINE, Hamburg, Germany</p>", ""),
    ("", "<p class='byline'>By Letters</p>", ""),
    ('<meta name="author" content="Reuters">', "", ""),
    ('<meta name="author" content="By Jane Doe and John Smith">', "", "Jane Doe, John Smith"),
    ("", "<span class='byline'>By Jane Doe and John Smith</span>", "Jane Doe, John Smith"),
    ('<meta name="author" content="Jane Doe, Staff Writer">', "", "Jane Doe"),
    ('<meta name="author" content="Ursula von der Leyen">', "", "Ursula von der Leyen"),
])
def test_the_byline_keeps_the_people_only(head, byline, author):
    data = page("Port fees rise", f"<h1>Port fees rise</h1>{byline}", head)
    article = article_from_html(data, "fees.html", url="https://www.spiegel.de/international/a-1.html").article
    assert article.author == author


# Issue 9, point 10: a character set no web page can be in is ignored, as a missing one is.

@pytest.mark.parametrize("label", ["undefined", "x-user-defined", "replacement", "utf-7", "rot13", "base64",
                                   "unicode_escape", "raw_unicode_escape", "idna", "punycode", "charmap", "palmos",
                                   "hz", "iso-2022-kr", "", "   ", "'undefined'"])
@pytest.mark.parametrize("where", ["meta", "header"])
def test_a_label_that_is_no_web_character_set_is_ignored_and_the_encoding_detected(label, where):
    meta = f'<meta charset="{label}">' if where == "meta" else ""
    data = PAGE.format(meta=meta).encode("cp1252")  # curly quotes as 0x93, 0x94: not UTF-8
    text = decode_html(data, "page.html", charset=label if where == "header" else None)
    assert QUOTED in text


def test_an_undecodable_page_with_a_strange_label_is_refused_in_one_line():
    data = ('<html><head><meta charset="undefined"></head><body><p>'.encode()
            + bytes(range(0x80, 0x100)) * 20 + b"</p></body></html>")
    for charset in (None, "undefined"):
        with pytest.raises(BadInput) as caught:
            article_from_html(data, "page.html", charset=charset)
        assert str(caught.value).startswith("page.html is not valid UTF-8 text") and "\n" not in str(caught.value)


@pytest.mark.parametrize(("label", "encoding"), [("windows-874", "cp874"), ("x-sjis", "cp932"),
                                                 ("shift_jis", "cp932"), ("x-mac-cyrillic", "mac-cyrillic")])
def test_labels_browsers_know_are_read_as_browsers_read_them(label, encoding):
    text = {"cp874": "ราคาค่าจอดเรือ “เพิ่มขึ้น” ในเดือนเมษายน", "cp932": "係留料①は「値上げ」された",
            "mac-cyrillic": "Плата за стоянку «выросла» в апреле"}[encoding]
    data = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'.encode(encoding)
    assert text in decode_html(data, "page.html")


# Issue 9, point 6: a page too large for any article is refused before trafilatura sees it;
# Cancel is heard before and after the extraction.

def page_with(body: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Budget</title></head><body><article>"
            f"<h1>Council budget</h1>{body}</article></body></html>")


@pytest.fixture
def extraction(monkeypatch):
    """Each call trafilatura gets; it still runs."""
    from factcheck.io import html_article

    calls = []
    original = html_article.trafilatura.bare_extraction
    monkeypatch.setattr(html_article.trafilatura, "bare_extraction",
                        lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs))
    return calls


@pytest.mark.parametrize(("body", "reason"), [
    ("<div><span></span></div>" * 15_001, "it has more than 30,000 HTML elements"),
    ("<div>The council met again on Monday.</div>" * 10_001, "its text is in more than 10,000 pieces between tags"),
    ("<p>" + "<b>bold</b> word " * 5_001 + "</p>", "its text is in more than 10,000 pieces between tags"),
], ids=["elements", "pieces-of-text", "pieces-in-one-paragraph"])
def test_a_page_larger_than_any_article_is_refused_before_extraction(extraction, body, reason):
    with pytest.raises(BadInput) as caught:
        article_from_html(page_with(body).encode(), "huge.html")
    assert str(caught.value).startswith(f"huge.html is too large a page to be an article: {reason}")
    assert extraction == []


def test_a_page_just_inside_the_bounds_is_extracted(extraction):
    body = "<p>" + "<b>bold</b> word " * 4_900 + "</p>" + "<p>The council met again on Monday evening.</p>" * 10
    article = article_from_html(page_with(body).encode(), "long.html").article
    assert article.text.count("bold word") == 4_900 and len(extraction) == 1


def test_cancel_before_extraction_extracts_nothing(extraction):
    from factcheck.io.article_readers import ImportCancelled

    with pytest.raises(ImportCancelled):
        article_from_html(PAGE.format(meta="").encode(), "page.html", cancelled=lambda: True)
    assert extraction == []


def test_cancel_during_extraction_gives_no_article(extraction):
    from factcheck.io.article_readers import ImportCancelled

    with pytest.raises(ImportCancelled):  # set while trafilatura works (after its one call)
        article_from_html(PAGE.format(meta="").encode(), "page.html", cancelled=lambda: bool(extraction))
    assert len(extraction) == 1


def test_scripts_styles_drawings_and_comments_do_not_count_against_the_bounds():
    """A saved page full of scripts and icons is still a normal article."""
    from factcheck.io.html_article import MAX_PAGE_ELEMENTS, MAX_TEXT_PIECES, _too_large
    from lxml import html as lxml_html

    icons = "".join(f"<svg><path d='M{n}'/><path d='L{n}'/></svg>" for n in range(MAX_PAGE_ELEMENTS // 2))
    scripts = "".join(f"<script>var x{n} = {n};</script><!-- c{n} -->" for n in range(MAX_TEXT_PIECES + 10))
    page = (f"<html><head><title>Council</title>{scripts}</head><body><h1>Council</h1>{icons}"
            + "<p>The council voted on Tuesday.</p>" * 50 + "</body></html>")
    assert _too_large(lxml_html.fromstring(page)) is None
    crowded = "<html><body>" + "<p>x</p>" * (MAX_TEXT_PIECES + 1) + "</body></html>"
    assert _too_large(lxml_html.fromstring(crowded)) is not None  # real text pieces still count


def test_blank_text_between_tags_does_not_count_against_the_bounds_but_elements_do():
    """An indented page has a blank piece of text between every two tags: only the others are pieces."""
    from factcheck.io.html_article import MAX_PAGE_ELEMENTS, MAX_TEXT_PIECES, _too_large
    from lxml import html as lxml_html

    indented = "<html><body>" + "\n  <p>\n    <b>x</b>\n  </p>" * (MAX_TEXT_PIECES // 2) + "</body></html>"
    assert _too_large(lxml_html.fromstring(indented)) is None
    nested = "<html><body>" + "<div><span></span></div>" * (MAX_PAGE_ELEMENTS // 2 + 1) + "</body></html>"
    assert "elements" in _too_large(lxml_html.fromstring(nested))


def test_a_body_in_two_chunks_keeps_its_table_its_repeated_question_and_the_people_who_wrote_it():
    # The shape of a magazine page: the body in two containers around an advert, a table of
    # figures, the same question put twice, a <meta name="author"> naming the publishing group.
    article = article_from_html(fixture("chunked_body_article.html"), "chunked_body_article.html").article
    assert article.title == "Is the county really top of the recycling table?"
    assert article.author == "Molly Ward"  # the JSON-LD's people, not the group's name in <meta name="author">
    assert article.published == "2019-11-14"
    assert article.outlet == "The Weekly Ledger"
    blocks = paragraphs(article.text)
    assert "County | Recycled | Rank\nEastshire | 48.2% | 1\nWestshire | 47.9% | 2\nNorthshire | 41.0% | 3" in blocks
    assert blocks.count("What does the figure measure?") == 2  # a paragraph the page repeats is not a duplicate
    assert blocks[-1] == "The council said it would add the figures for the previous three years to the next edition " \
                         "of the leaflet."
    for furniture in ("Advertisement", "More from the Ledger", "Landfill tax", "All rights reserved", "Ideas"):
        assert furniture not in article.text
