"""Reading schema.org ClaimReview: published fact-checks, kept as a reference collection.

ClaimReview comes in a JSON-LD file (``.jsonld``, ``.json``: one ClaimReview, a list, an
``@graph``, or any JSON holding them, such as an aggregator's ``DataFeed``), or in a saved
fact-check page, as ``<script type="application/ld+json">`` (most fact-checkers) or as
microdata (``itemscope itemtype=".../ClaimReview"``). See ``../shared/guide/DOMAIN.md``.

Liberal in what it accepts: ``@type`` as text or a list, bare, ``schema:``-prefixed or a
full http(s) schema.org address, and properties likewise; authors as text, objects or
lists; ``{"@id": …}`` references within the document; ``itemReviewed`` as a ``Claim`` or
an older ``CreativeWork``; appearances as addresses or objects; dates with a time or in
words; numbers as text; HTML entities in text; page scripts with trailing commas or a
comment wrapper.

Strict in what it keeps: each :class:`~factcheck.core.published.PublishedCheck` has a web
address (``url``, else an ``@id`` that is one, else — for the one ClaimReview of a page
that lacks one — the page's canonical address) and the claim's words (``claimReviewed``).
Any other ClaimReview is listed in :attr:`ClaimReviewFile.problems` with the file, its
number and its place, and what to fix; so is a value left out (a date that is not one).
A file with no ClaimReview, or none that can be kept, raises
:class:`~factcheck.io.errors.BadInput`: nothing of it is imported. Two ClaimReviews with
the same address are one fact-check (the address is its identity): the later is kept,
and the problems say so when they differ.

:func:`is_claimreview_json` and :func:`html_has_claimreview` tell an importer, cheaply,
which reader a ``.json`` or ``.html`` file is for.
"""

from __future__ import annotations

import codecs
import html
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from factcheck.core.claims import InvalidUrl, check_source_url
from factcheck.core.published import PublishedCheck
from factcheck.io.errors import BadInput
from factcheck.io.json_input import load_json

CLAIMREVIEW = "ClaimReview"
_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
"""How a property's name may be written besides its bare name."""
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""Control characters and lone surrogates: they cannot be stored or shown."""
_DATE_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_WRITTEN_DATES = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")
_TYPED_CLAIMREVIEW = re.compile(r'"(?:@type|type)"\s*:\s*(?:\[[^\]]*?)?"(?:[^"]*[/:])?claimreview"', re.IGNORECASE)
"""A script that types a node ClaimReview (read even when the rest of it is broken JSON)."""
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAX_LISTED = 5
"""Problems named in a refusal's message; the rest are counted."""
_WHAT = "factcheck reads schema.org ClaimReview as JSON-LD (.jsonld, .json) or in a saved fact-check page (.html)"


@dataclass
class ClaimReviewFile:
    """What a file's ClaimReviews gave: the fact-checks kept, and what was not, for the user."""

    checks: list[PublishedCheck] = field(default_factory=list)
    """In the order the file gives them; no two with the same ``url``."""
    problems: list[str] = field(default_factory=list)
    """One sentence each: a ClaimReview left out, or a value left out of one, and where."""
    source: str = field(default="", compare=False)
    """The file's name (or the page's address) as the reader was given it."""


@dataclass(frozen=True)
class _Found:
    node: dict
    where: str
    """Where it is in the file, for messages: "at $[2]", "in JSON-LD script 2, at $", "microdata item 1"."""


def read_claimreviews(data: bytes, name: str, *, page_url: str = "", charset: str | None = None) -> ClaimReviewFile:
    """The fact-checks in a JSON-LD file or a saved page's ClaimReview markup.

    ``name`` (the file's name, or the address asked for) is used in messages. A downloaded
    page gives where it came from (``page_url``, after redirects: its address when it names
    no canonical one) and the ``charset`` its server declared. Raises :class:`BadInput` for
    a file that is not JSON (nor a web page), holds no ClaimReview, or none that can be kept.
    """
    problems: list[str] = []
    base = ""
    if _first_character(data) == "<":
        found, ids, base = _from_page(data, name, problems, charset)
        base = base or _web_url(page_url, {}, "")
    else:
        document = _load_json(data, name)
        found, ids, types = _find(document, "at ")
        if not found:
            seen = f" (it holds {', '.join(types[:5])}{' and more' if len(types) > 5 else ''})" if types else ""
            raise BadInput(f"{name} holds no schema.org ClaimReview: no object in it has "
                           f"\"@type\": \"ClaimReview\"{seen}. {_WHAT}.")
    lacking = sum(1 for f in found if not _has_own_url(f.node, ids)) if base else 0
    checks = _Reader(name, ids, base, base if lacking == 1 else "", problems).read(found)
    if not checks:
        listed = problems[:_MAX_LISTED]
        more = f" (and {len(problems) - _MAX_LISTED} more)" if len(problems) > _MAX_LISTED else ""
        raise BadInput(f"{name}: none of its {len(found)} ClaimReview{'s' * (len(found) != 1)} can be imported, so nothing was: "
                       + " ".join(listed) + more)
    return ClaimReviewFile(checks, problems, name)


def is_claimreview_json(data: bytes) -> bool:
    """Whether a ``.json`` file's bytes are schema.org JSON-LD with a ClaimReview (not a factcheck bundle).

    Cheap: False at once when the bytes never say "ClaimReview"; else the JSON is parsed and
    searched. Never raises: unreadable bytes are simply not ClaimReview.
    """
    if b"claimreview" not in _ascii_view(data).lower():
        return False
    try:
        document = _load_json(data, "")
    except BadInput:
        return False
    if isinstance(document, dict) and document.get("format") == "factcheck-bundle":
        return False
    return bool(_find(document, "", first_only=True)[0])


def html_has_claimreview(data: bytes) -> bool:
    """Whether a saved page carries ClaimReview markup (JSON-LD or microdata): a published fact-check.

    An ordinary article page (one that only mentions ClaimReview in its text, say) answers
    False and stays an article. A page whose ClaimReview JSON-LD is broken answers True, so
    that reading it says what is wrong. Never raises.
    """
    if b"claimreview" not in _ascii_view(data).lower():
        return False
    try:
        document = _parse_page(_decode_loosely(data))
    except (BadInput, ValueError):
        return False
    return any(_TYPED_CLAIMREVIEW.search(text) for text in _json_ld_scripts(document)) \
        or bool(_microdata_claimreviews(document))


# --- finding the ClaimReviews ---------------------------------------------------------------


def _find(document: object, where: str, first_only: bool = False) -> tuple[list[_Found], dict, list[str]]:
    """Every ClaimReview in a JSON document, in document order; its nodes by ``@id``; other types seen.

    Walks the whole document without recursion (any depth), but not into a ClaimReview.
    """
    found: list[_Found] = []
    ids: dict[str, dict] = {}
    types: list[str] = []
    stack: list[tuple[object, tuple]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, list):
            stack.extend((value[i], (*path, i)) for i in range(len(value) - 1, -1, -1))
            continue
        if not isinstance(value, dict):
            continue
        identifier = value.get("@id")
        if isinstance(identifier, str) and len(value) > 2 - ("@type" not in value):
            ids.setdefault(identifier, value)
        kinds = [k for k in _items(value.get("@type", value.get("type"))) if isinstance(k, str)]
        if any(_is_claimreview(k) for k in kinds):
            if len(value) > 2 - ("@id" not in value) - ("@type" not in value):  # not a bare reference
                found.append(_Found(value, where + _path(path)))
                if first_only:
                    break
            continue
        if len(types) < 8:
            types.extend(k for k in kinds if k not in types)
        stack.extend((value[key], (*path, key)) for key in reversed(list(value)))
    return found, ids, types


def _is_claimreview(kind: str) -> bool:
    return kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower() == "claimreview"


def _has_own_url(node: dict, ids: dict) -> bool:
    return bool(_web_url(_get(node, "url"), ids, "") or _web_url(node.get("@id"), ids, ""))


def _path(path: tuple) -> str:
    """A JSON path, as JSON tools write it: ``$``, ``$[2]``, ``$["@graph"][1]``, ``$.dataFeedElement[0]``."""
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif step.isidentifier():
            parts.append(f".{step}")
        else:
            parts.append(f"[{json.dumps(step, ensure_ascii=False)}]")
    return "".join(parts)


# --- reading one ClaimReview ---------------------------------------------------------------------


class _Reader:
    def __init__(self, name: str, ids: dict, base: str, base_for_missing: str, problems: list[str]) -> None:
        self.name, self.ids, self.base, self.base_for_missing = name, ids, base, base_for_missing
        self.problems = problems

    def read(self, found: list[_Found]) -> list[PublishedCheck]:
        by_url: dict[str, tuple[int, PublishedCheck]] = {}
        for number, item in enumerate(found, 1):
            check = self.check(item.node, f"{self.name}: ClaimReview {number} ({item.where})")
            if check is None:
                continue
            earlier = by_url.pop(check.url, None)
            if earlier is not None and earlier[1] != check:
                self.problems.append(f"{self.name}: ClaimReviews {earlier[0]} and {number} have the same address "
                                     f"{check.url}, which is a fact-check's identity: ClaimReview {number}, "
                                     f"the later, was kept.")
            by_url[check.url] = (number, check)
        return [check for _, check in by_url.values()]

    def check(self, node: dict, place: str) -> PublishedCheck | None:
        url = (_web_url(_get(node, "url"), self.ids, self.base) or _web_url(node.get("@id"), self.ids, "")
               or self.base_for_missing)
        claim = _text(_get(node, "claimReviewed"))
        if not url or not claim:
            missing = []
            given = _text(_get(node, "url"))
            if given and not url:
                missing.append(f"its \"url\" “{given}” is not a web address (it must start with http:// or https://)")
            elif not url:
                missing.append("it has no \"url\" (the address of the fact-check page)")
            if not claim:
                missing.append("it has no \"claimReviewed\" (the words of the claim)")
            self.problems.append(f"{place} was not imported: {' and '.join(missing)}.")
            return None
        item = self.node(_get(node, "itemReviewed"))
        verdict = self.verdict(_get(node, "reviewRating"))
        if not verdict:
            self.problems.append(f"{place} has no verdict (\"reviewRating\" with an \"alternateName\" or a "
                                 "\"ratingValue\"): it was imported without one.")
        return PublishedCheck(
            url=url,
            claim_reviewed=claim,
            verdict=verdict,
            title=_text(_get(node, "headline")) or _text(_get(node, "name")),
            author=self.names(_get(node, "author")) or self.names(_get(node, "publisher")),
            published=self.date(_get(node, "datePublished"), place, "datePublished"),
            claimant=self.names(_get(item, "author")) if item else "",
            claim_date=self.date(_get(item, "datePublished"), place, "itemReviewed's datePublished")
            if item else None,
            claim_url=self.appearance(item),
            language=self.language(_get(node, "inLanguage")),
        )

    def node(self, value: object) -> dict | None:
        """The first object among ``value``'s items, with an ``{"@id": …}`` reference followed."""
        for item in _items(value):
            if isinstance(item, dict):
                return self.ids.get(item.get("@id"), item) if _is_reference(item) else item
        return None

    def verdict(self, value: object) -> str:
        rating = self.node(value)
        if rating is None:
            return _text(value)
        words = _text(_get(rating, "alternateName")) or _text(_get(rating, "name"))
        if words:
            return words
        score = _number(_get(rating, "ratingValue"))
        if score is None:
            return ""
        best = _number(_get(rating, "bestRating"))
        return f"{score}/{5 if best is None else best}"  # schema.org: bestRating is 5 when not given

    def names(self, value: object) -> str:
        """The names of an author, a publisher or a claimant: text, objects or a list of either."""
        names: list[str] = []
        for item in _items(value):
            if isinstance(item, dict):
                item = self.ids.get(item.get("@id"), item) if _is_reference(item) else item
                one = _text(_get(item, "name")) or _host(_web_url(_get(item, "url"), self.ids, ""))
            else:
                one = _text(item)
            if one and one not in names:
                names.append(one)
        return ", ".join(names)

    def appearance(self, item: dict | None) -> str:
        if item is None:
            return ""
        for key in ("firstAppearance", "appearance", "url"):
            url = _web_url(_get(item, key), self.ids, self.base)
            if url:
                return url
        return ""

    def language(self, value: object) -> str:
        language = self.node(value)
        if language is None:
            return _text(value)
        return _text(_get(language, "alternateName")) or _text(_get(language, "name"))

    def date(self, value: object, place: str, what: str) -> str | None:
        written = _text(value)
        if not written:
            return None
        day = _iso_day(written)
        if day is None:
            self.problems.append(f"{place}: its {what} “{written}” is not a date factcheck can read "
                                 "(such as 2024-05-06): it was left out.")
        return day


def _get(node: dict | None, key: str) -> object:
    """A property, written bare (``url``) or with its vocabulary (``schema:url``, ``http://schema.org/url``)."""
    if not isinstance(node, dict):
        return None
    value = node.get(key)
    if value is None:
        for prefix in _PREFIXES:
            value = node.get(prefix + key)
            if value is not None:
                break
    return value


def _items(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return [item for part in value for item in (part if isinstance(part, list) else [part])]
    return [value]


def _is_reference(item: dict) -> bool:
    return isinstance(item.get("@id"), str) and all(key in ("@id", "@type") for key in item)


def _text(value: object) -> str:
    """The first text among ``value``'s items (a JSON-LD ``{"@value": …}`` counts), on one clean line."""
    for item in _items(value):
        if isinstance(item, dict):
            item = item.get("@value")
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, (int, float)):
            number = _number(item)
            item = "" if number is None else str(number)
        if isinstance(item, str):
            if "&" in item:
                item = html.unescape(item)
            item = " ".join(_UNUSABLE.sub("\ufffd", item).split())
            if item:
                return item
    return ""


def _number(value: object) -> int | float | None:
    """A rating's number, given as a number or as text; None when there is none (or it is not finite)."""
    for item in _items(value):
        if isinstance(item, dict):
            item = item.get("@value")
        if isinstance(item, bool):
            continue
        if isinstance(item, str):
            try:
                item = float(item.strip().replace(",", "."))
            except ValueError:
                continue
        if isinstance(item, int):
            return item if abs(item) < 10**15 else None
        if isinstance(item, float) and math.isfinite(item):
            return int(item) if item.is_integer() and abs(item) < 10**15 else item
    return None


def _web_url(value: object, ids: dict, base: str) -> str:
    """The first web address among ``value``'s items: text, or an object's ``url`` or ``@id``."""
    for item in _items(value):
        if isinstance(item, dict):
            item = ids.get(item.get("@id"), item) if _is_reference(item) else item
            candidates = [_text(_get(item, "url")), _text(item.get("@id"))]
        else:
            candidates = [_text(item)]
        for candidate in candidates:
            if candidate and base and "://" not in candidate:
                candidate = urljoin(base, candidate)
            try:
                url = check_source_url(candidate) if candidate else ""
            except (InvalidUrl, ValueError):
                url = ""
            if url:
                return url
    return ""


def _host(url: str) -> str:
    return urlsplit(url).hostname or "" if url else ""


def _iso_day(written: str) -> str | None:
    """The ISO day of a date or date-time in ISO 8601 (with any time and zone), or in words."""
    try:
        return datetime.fromisoformat(written).date().isoformat()
    except ValueError:
        pass
    match = _DATE_PREFIX.match(written)
    if match:
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    for form in _WRITTEN_DATES:
        try:
            return datetime.strptime(written, form).date().isoformat()
        except ValueError:
            continue
    return None


# --- JSON and pages ----------------------------------------------------------------------------


def _load_json(data: bytes, name: str) -> object:
    return load_json(data, name, _WHAT, strict=False)  # line breaks inside strings, as pages have


def _from_page(data: bytes, name: str, problems: list[str], charset: str | None = None
               ) -> tuple[list[_Found], dict, str]:
    """The ClaimReviews of a page's JSON-LD scripts and microdata; the page's own address."""
    from factcheck.io.html_article import decode_html

    document = _parse_page(decode_html(data, name, charset), name)
    found: list[_Found] = []
    ids: dict[str, dict] = {}
    broken: list[str] = []
    for number, text in enumerate(_json_ld_scripts(document), 1):
        parsed, error = _script_json(text)
        if error is not None:
            if _TYPED_CLAIMREVIEW.search(text):
                broken.append(f"JSON-LD script {number} is not valid JSON ({error})")
            continue
        more, more_ids, _ = _find(parsed, f"in JSON-LD script {number}, at ")
        found.extend(more)
        for key, node in more_ids.items():
            ids.setdefault(key, node)
    for number, item in enumerate(_microdata_claimreviews(document), 1):
        found.append(_Found(item, f"microdata item {number}"))
    if not found:
        if broken:
            raise BadInput(f"{name}: its ClaimReview markup cannot be read: {'; '.join(broken)}. "
                           "Nothing was imported.")
        raise BadInput(f"{name} carries no ClaimReview markup (JSON-LD or microdata), so it is not a "
                       "published fact-check page; import it as an article to check its claims.")
    problems.extend(f"{name}: {what}: the ClaimReviews in it were not imported." for what in broken)
    return found, ids, _page_address(document)


def _parse_page(text: str, name: str = "the page"):
    import lxml.html

    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as error:  # lxml's ParserError for a page with no element at all
        raise BadInput(f"{name} cannot be read as a web page: {error}.") from error


def _json_ld_scripts(document) -> list[str]:
    texts = []
    for script in document.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json":
            texts.append(script.text or "")
    return texts


def _script_json(text: str) -> tuple[object, str | None]:
    """A script's JSON, forgiving a comment or CDATA wrapper and trailing commas; else (None, the error)."""
    text = text.strip()
    for wrapper in ("<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["):
        text = text.removeprefix(wrapper)
    for wrapper in ("-->", "//]]>", "/*]]>*/", "]]>"):
        text = text.removesuffix(wrapper)
    try:
        return json.loads(text, strict=False), None
    except json.JSONDecodeError as error:
        first = f"{error.msg}, line {error.lineno}, column {error.colno}"
    except (ValueError, RecursionError) as error:
        return None, str(error)
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False), None
    except (ValueError, RecursionError):
        return None, first


def _page_address(document) -> str:
    """The page's canonical address (``<link rel=canonical>``, else ``og:url``), if it is a web address."""
    for link in document.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            url = _web_url(link.get("href"), {}, "")
            if url:
                return url
    for meta in document.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url":
            url = _web_url(meta.get("content"), {}, "")
            if url:
                return url
    return ""


# --- microdata ---------------------------------------------------------------------------------

_URL_ATTRIBUTES = {"a": "href", "area": "href", "link": "href", "img": "src", "audio": "src", "embed": "src",
                   "iframe": "src", "source": "src", "track": "src", "video": "src", "object": "data"}


def _microdata_claimreviews(document) -> list[dict]:
    """Each microdata item typed ClaimReview, as a JSON-LD-like object."""
    return [_microdata_item(element) for element in document.xpath("//*[@itemscope][@itemtype]")
            if any(_is_claimreview(kind) for kind in element.get("itemtype").split())]


def _microdata_item(element, depth: int = 0) -> dict:
    item: dict[str, object] = {"@type": element.get("itemtype", "").split()}
    if element.get("itemid"):
        item["@id"] = element.get("itemid").strip()
    stack = list(reversed(list(element.iterchildren("*"))))
    while stack:
        child = stack.pop()
        names = (child.get("itemprop") or "").split()
        nested = child.get("itemscope") is not None
        if names:
            value = _microdata_item(child, depth + 1) if nested and depth < 20 else _microdata_value(child)
            for prop in names:
                earlier = item.get(prop)
                item[prop] = value if earlier is None else [*_items(earlier), value]
        if not nested:
            stack.extend(reversed(list(child.iterchildren("*"))))
    return item


def _microdata_value(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "meta":
        return element.get("content") or ""
    if tag in _URL_ATTRIBUTES:
        return element.get(_URL_ATTRIBUTES[tag]) or ""
    if tag in ("data", "meter"):
        return element.get("value") or ""
    if tag == "time" and element.get("datetime"):
        return element.get("datetime")
    return element.get("content") or element.text_content()


# --- bytes ---------------------------------------------------------------------------------------


def _first_character(data: bytes) -> str:
    """The first character that is not white space, whatever the encoding its byte-order mark names."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            head = data[:400].decode(encoding, "ignore")
            break
    else:
        head = data[:400].decode("latin-1")
    head = head.lstrip()
    return head[:1]


def _ascii_view(data: bytes) -> bytes:
    """The bytes with UTF-16 and UTF-32 made readable as ASCII, for a quick search for a word."""
    for mark, encoding in _BOMS:
        if data.startswith(mark) and encoding != "utf-8-sig":
            return data.decode(encoding, "ignore").encode("utf-8", "ignore")
    return data


def _decode_loosely(data: bytes) -> str:
    encoding = next((encoding for mark, encoding in _BOMS if data.startswith(mark)), "utf-8")
    return data.decode(encoding, "replace")
