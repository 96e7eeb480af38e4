"""Text and Markdown articles: decoding bytes, refusing what is not an article."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.io import BadInput
from factcheck.io.files import write_atomically
from factcheck.io.text_files import MAX_BYTES, article_from_text, decode_text, read_text_article

NAME = "mayor-speech.txt"
ARTICLE = "Mayor claims crime fell\n\nCrime fell 40% last year, said Zoë 🏛️ at City Hall."


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
        ARTICLE.encode("utf-16"),  # the platform's BOM and byte order
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16"],
)
def test_decode_text_reads_utf8_and_utf16_with_bom(data):
    text = decode_text(data, NAME)
    assert text == ARTICLE
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t \r\n", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (codecs.BOM_UTF8 + b"  \n ", "empty"),
        (codecs.BOM_UTF16_LE + " \n\t ".encode("utf-16-le"), "empty"),
        (codecs.BOM_UTF16_BE, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary"),
        (b"%PDF-1.7\n" + bytes(range(256)), "binary"),
        (b"SQLite format 3\x00" + bytes(100), "binary"),  # NULs, but not laid out like UTF-16
        (b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml", "binary"),  # a .docx renamed .txt
        (bytes(range(128, 256)), "not valid UTF-8"),  # no encoding reads this as text
        (codecs.BOM_UTF8 + b"caf\xe9", "not valid UTF-8"),
        (codecs.BOM_UTF16_LE + b"a\x00b", "not valid UTF-16"),  # odd length
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16"),  # lone surrogate
    ],
)
def test_decode_text_refuses_with_the_file_name(data, reason):
    with pytest.raises(BadInput) as caught:
        decode_text(data, NAME)
    message = str(caught.value)
    assert NAME in message
    assert reason in message


@given(st.binary(max_size=300))
def test_decode_text_on_random_bytes_returns_text_or_raises_bad_input(data):
    try:
        text = decode_text(data, NAME)
    except BadInput as error:
        assert NAME in str(error)
    else:
        assert isinstance(text, str) and text.strip()


@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip() and "\x00" not in t))
def test_decode_text_round_trips_any_utf8_text(text):
    assert decode_text(text.encode("utf-8"), NAME) == text


def test_article_from_text_normalises_and_guesses_the_title():
    article = article_from_text("\r\n# Mayor claims crime fell  \r\n\r\nBody text.   \r\n", NAME, "markdown")
    assert article.text == "# Mayor claims crime fell\n\nBody text."
    assert article.title == "Mayor claims crime fell"
    assert article.source_type == "markdown"


@pytest.mark.parametrize(
    ("text", "reason"),
    [(" \n\n \u00a0 ", "only white space"), ("Title line\x07with a bell", "control characters")],
)
def test_article_from_text_refuses(text, reason):
    with pytest.raises(BadInput, match=reason) as caught:
        article_from_text(text, NAME)
    assert NAME in str(caught.value)


def test_read_text_article_txt_and_md(tmp_path):
    txt = tmp_path / "speech.txt"
    txt.write_bytes(codecs.BOM_UTF8 + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    article = read_text_article(txt)
    assert article.text == ARTICLE
    assert article.title == "Mayor claims crime fell"
    assert article.source_type == "text"

    md = tmp_path / "speech.MD"
    md.write_text("# Council says budget balanced\n\nText.", encoding="utf-8")
    article = read_text_article(md)
    assert article.source_type == "markdown"
    assert article.title == "Council says budget balanced"


def test_read_text_article_names_a_missing_or_too_big_file(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(BadInput, match="missing.txt"):
        read_text_article(missing)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no real 20 MB written
    with pytest.raises(BadInput, match="big.txt.*MB"):
        read_text_article(big)


def test_write_atomically_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    write_atomically(target, "new 🏛️\n")
    assert target.read_text(encoding="utf-8") == "new 🏛️\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


# ------------------------------------------------------------ encodings, detected

WESTERN = "“Crime fell 40%,” said the mayor – a €2m claim. Café owners disagree: «non», naïve."


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_text_reads_utf16_without_a_bom_by_its_nul_bytes(encoding):
    assert decode_text(ARTICLE.encode(encoding), NAME) == ARTICLE
    assert decode_text("no BOM here".encode(encoding), NAME) == "no BOM here"
    cyrillic = "Мэр заявил, что преступность снизилась на 40% в прошлом году."
    assert decode_text(cyrillic.encode(encoding), NAME) == cyrillic


def test_decode_text_reads_windows_1252_curly_quotes_and_euro_signs():
    data = WESTERN.encode("cp1252")
    assert b"\x93" in data and b"\x94" in data and b"\x80" in data
    assert decode_text(data, NAME) == WESTERN


@pytest.mark.parametrize(
    "text",
    [
        "café au lait",
        "Grüße aus Köln, sagte der Bürgermeister. Die Straße ist schön.",
        "L'économie française a progressé de 0,7 % au premier trimestre, selon l'Insee.",
        "El alcalde afirmó que la criminalidad bajó un 40 % el año pasado en la región.",
    ],
)
def test_decode_text_reads_latin_1(text):
    assert decode_text(text.encode("latin-1"), NAME) == text


def test_decode_text_reads_other_single_byte_encodings_by_detection():
    russian = "Мэр заявил, что преступность снизилась на 40 процентов в прошлом году."
    assert decode_text(russian.encode("cp1251"), NAME) == russian


def test_decode_text_refuses_utf16_shaped_binary():
    # NULs on every other byte, but the words would be control characters
    data = b"\x01\x00\x02\x00\x03\x00" * 40
    with pytest.raises(BadInput, match="binary"):
        decode_text(data, NAME)


def test_decode_text_refuses_a_nul_inside_decoded_text():
    with pytest.raises(BadInput, match="binary"):
        decode_text(codecs.BOM_UTF8 + b"text with a \x00 in it", NAME)


def test_a_markdown_article_takes_its_title_from_its_first_heading(tmp_path):
    md = tmp_path / "draft.md"
    md.write_text("Draft v2 -- for the desk\n\n# Ferry fares are not the lowest on the coast\n\nBody.",
                  encoding="cp1252")
    article = read_text_article(md)
    assert article.title == "Ferry fares are not the lowest on the coast"
    assert article.text.startswith("Draft v2 -- for the desk\n\n# Ferry fares")


# ------------------------------------------------------------ headline apart

BODY = ("Crime fell 40% last year, the mayor told the council on Monday, citing police figures "
        "that her own officials later said were incomplete.")


@pytest.mark.parametrize("headline", ["Mayor claims crime fell 40%", "# Mayor claims crime fell 40%",
                                      "MAYOR CLAIMS CRIME FELL 40% —", "Did crime really fall 40%?"])
def test_a_headline_opening_the_text_is_the_title_and_not_repeated(headline):
    article = article_from_text(f"{headline}\n\n{BODY}\n\nShe did not say which figures.", NAME,
                                "markdown" if headline.startswith("#") else "text")
    assert article.title == headline.lstrip("# ")
    assert article.text == f"{BODY}\n\nShe did not say which figures."


@pytest.mark.parametrize("text", [
    f"Crime fell 40% last year, the mayor said.\n\n{BODY}",  # a sentence, taken for the title: kept
    f"“Crime fell 40%,” she said: “the lowest since 1990.”\n\n{BODY}",
    "Mayor claims crime fell 40%\n\nShe cited police figures.",  # no article follows it
    f"Mayor claims crime fell 40%\nBy Lee Park\n\n{BODY}",  # a first paragraph of two lines
    f"Draft v2 for the desk\n\n# Mayor claims crime fell 40%\n\n{BODY}",  # the heading is not first
])
def test_a_first_paragraph_that_may_not_be_a_headline_stays_in_the_text(text):
    assert article_from_text(text, NAME, "markdown").text == text


def test_the_seed_article_no_longer_opens_with_its_headline():
    from factcheck.assets import seed_article

    article = article_from_text(decode_text(seed_article().read_bytes(), "seed"), "seed")
    assert article.title == "Donald Trump backtracks on plan to work with Russians to build cyber security unit"
    assert not article.text.startswith(article.title)
    assert article.text.count(article.title) == 0
