"""The page's tree factcheck parses once must be the tree trafilatura would have parsed itself."""

import pytest
from lxml import etree
from trafilatura.utils import load_html

from factcheck.io.html_tree import parse_html

BODY = "<body><p>Caf\u00e9 owners say rents rose \u201c40%\u201d in 2023 \u2014 \u4e2d\u6587 \U0001F600.</p></body>"
PAGES = {
    "plain": f"<!DOCTYPE html>\n<html><head><title>Rents</title></head>{BODY}</html>",
    "no doctype": f"<html lang='en'><head><title>Rents</title></head>{BODY}</html>",
    "control characters": f"<!DOCTYPE html>\n<html><head><title>Rents\x01\x0b</title></head>{BODY}\x1f</html>",
    "noncharacters": f"<!DOCTYPE html>\n<html><head><title>Rents\ufffe</title></head>{BODY}\uffff</html>",
    "XHTML doctype, rewritten": ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                                 '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
                                 f"<html><head><title>Rents</title></head>{BODY}</html>"),
    "one line with a doctype": f"<!DOCTYPE html><html><head><title>Rents</title></head>{BODY}</html>",
    "one line, unclosed": "<!DOCTYPE html><html><head><title>Rents</title></head><body><p>Rents rose",
    "self-closing html": f"<!DOCTYPE html>\n<html lang='en' />\n<head><title>Rents</title></head>{BODY}",
    "meta charset that is not the page's": (f"<!DOCTYPE html>\n<html><head><meta charset='iso-8859-1'>"
                                            f"<title>Rents</title></head>{BODY}</html>"),
    "XML declaration": f'<?xml version="1.0" encoding="utf-8"?>\n<html><head><title>R</title></head>{BODY}</html>',
    "a fragment": "<p>Rents rose.</p>",
    "two fragments": "<div><p>Rents rose.</p><p>Again.</p></div>",
    "no markup": "Rents rose.",
}


def _markup(tree) -> bytes | None:
    return None if tree is None else etree.tostring(tree.getroottree())


@pytest.mark.parametrize("name", PAGES)
def test_the_tree_is_trafilaturas_whether_parsed_from_the_text_or_the_utf8_bytes(name):
    html = PAGES[name]
    expected = _markup(load_html(html))
    assert _markup(parse_html(html)) == expected
    assert _markup(parse_html(html, html.encode("utf-8"))) == expected


def test_elements_are_plain_html_elements_that_trafilatura_takes_as_a_tree():
    tree = parse_html("<html><body><form><label>Name</label><input name='q'></form><p>Text.</p></body></html>")
    assert {type(element).__name__ for element in tree.iter()} == {"HtmlElement"}
    assert load_html(tree) is tree  # trafilatura uses it as it is (and copies it before changing it)
