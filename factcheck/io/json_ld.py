"""What a page's JSON-LD says about its article: the body the publisher declares, and its authors.

Read from the tree already parsed; a script that is not valid JSON is passed over.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger(__name__)

_MAX_DEPTH = 8


def json_ld(root: _Element) -> list[object]:
    """Every JSON-LD block of the page, parsed."""
    found: list[object] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            found.append(json.loads(script.text, strict=False))  # pages put raw line breaks inside strings
        except ValueError:
            log.debug("unreadable JSON-LD passed over")
    return found


def article_body(blocks: list[object]) -> str:
    """The longest ``articleBody`` declared ("" if none): the text the publisher calls the article.

    Often shortened (the first 500 characters) or without paragraph breaks, so it tells
    which of the page's paragraphs are the article's rather than replacing them.
    """
    return max((item["articleBody"] for item in _objects(blocks) if isinstance(item.get("articleBody"), str)),
               key=len, default="")


def person_authors(blocks: list[object]) -> list[str]:
    """The names of the people the page's article objects (those with a headline or a body) name as authors.

    Only people: an author of type Organization is the publisher, not a byline.
    """
    names: list[str] = []
    for item in _objects(blocks):
        if "headline" not in item and "articleBody" not in item:
            continue
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if (isinstance(author, dict) and author.get("@type") == "Person" and isinstance(author.get("name"), str)
                    and author["name"].strip() and author["name"].strip() not in names):
                names.append(author["name"].strip())
    return names


def _objects(data: object, depth: int = 0) -> Iterator[dict]:
    """Every JSON object in ``data``, nested ones too (an ``@graph``, a list of blocks)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _objects(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _objects(value, depth + 1)
