"""Claims: source links the app accepts, links it may hand to the system, text order."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.anchors import make_anchor
from factcheck.core.claims import (
    Claim,
    ClaimStatus,
    InvalidUrl,
    Stance,
    check_source_url,
    is_openable_url,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com", "http://example.com"),
        ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
        ("HTTPS://Example.com/Path", "HTTPS://Example.com/Path"),
        ("  https://example.com/x  \n", "https://example.com/x"),
        ("https://例え.jp/記事", "https://例え.jp/記事"),
        ("http://[::1]:8080/", "http://[::1]:8080/"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_check_source_url_accepts_http_and_https(url, expected):
    assert check_source_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "file:///etc/passwd",
        "file://server/share/doc.txt",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://ftp.example.com/file",
        "mailto:editor@example.com",
        "/relative/path",
        "example.com/article",
        "www.example.com",
        "//example.com/protocol-relative",
        "http:/missing-slash",
        "https://",
        "http://[",  # a malformed IPv6 host
        "https://[::1/x",
        "http://]example.com",
    ],
)
def test_check_source_url_rejects_everything_else(url):
    with pytest.raises(InvalidUrl, match="not a web address"):
        check_source_url(url)


def test_invalid_url_is_a_value_error():
    assert issubclass(InvalidUrl, ValueError)


@pytest.mark.parametrize(
    "url",
    ["http://example.com", "https://example.com/x", "HTTPS://EXAMPLE.COM", "mailto:desk@example.com",
     " https://example.com "],
)
def test_is_openable_url_allows_http_https_mailto(url):
    assert is_openable_url(url)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "ftp://example.com",
     "/relative", "relative.html", "", "vbscript:msgbox", "smb://server/share", "http://["],
)
def test_is_openable_url_refuses_other_schemes(url):
    assert is_openable_url(url) is False


@given(st.text(max_size=60))
def test_url_checks_never_raise_anything_unexpected(url):
    try:
        checked = check_source_url(url)
    except InvalidUrl:
        pass
    else:
        assert checked == "" or checked.lower().startswith(("http:", "https:"))
    assert isinstance(is_openable_url(url), bool)


@given(st.sampled_from(["http://", "https://", "javascript:", "file://", ""]),
       st.text(alphabet="[]:/@%?#.ab1 ", max_size=20))
def test_url_checks_on_url_like_text(scheme, rest):
    url = scheme + rest
    try:
        checked = check_source_url(url)
    except InvalidUrl:
        pass
    else:
        assert checked == "" or checked.startswith(("http://", "https://"))
    assert isinstance(is_openable_url(url), bool)


def test_claims_sort_in_text_order():
    text = "One claim here. Another claim there. A third claim."
    a = Claim(anchor=make_anchor(text, 16, 35), id=1)
    b = Claim(anchor=make_anchor(text, 0, 14), id=2)
    c = Claim(anchor=make_anchor(text, 0, 9), id=3)
    assert sorted([a, b, c], key=Claim.sort_key) == [c, b, a]


def test_status_and_stance_labels():
    assert [s.label for s in ClaimStatus] == ["Draft", "In review", "Approved"]
    assert [s.label for s in Stance] == ["Supports", "Refutes", "Context"]
    assert ClaimStatus("in_review") is ClaimStatus.IN_REVIEW
