"""The public API's errors, and its checks that need no library: finding a quote, a claim for a selection,
a verdict on a scale, a field's value.

The window's controllers call the same checks; :mod:`factcheck.api` re-exports them all.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from factcheck.core.anchors import AnchorError, make_anchor, trim_span
from factcheck.core.articles import Article
from factcheck.core.claims import (CLAIM_FIELDS, FIELD_LABELS, SOURCE_FIELDS, Claim, ClaimStatus, InvalidUrl, Stance,
                                   check_source_url)
from factcheck.core.dates import InvalidDate, parse_date
from factcheck.core.rating_scales import RatingScale

# ------------------------------------------------------------------ errors


class SpanError(AnchorError):
    """A span or a quote that cannot be marked as a claim; nothing was written."""


class OutsideText(SpanError):
    """Offsets that are not a span of the article's text (negative, reversed, past its end)."""


class WhiteSpaceOnly(SpanError):
    """A span or quote with no words in it: empty, or only white space."""


class QuoteNotFound(SpanError):
    """A quote that is not in the article's text (or not as many times as the occurrence asked for)."""


class AmbiguousQuote(SpanError):
    """A quote found more than once, and no ``occurrence`` to say which; ``starts`` are where it was found."""

    def __init__(self, message: str, starts: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.starts = starts


class InvalidValue(ValueError):
    """A field, or a value for it, that a claim or a source cannot hold; nothing was written."""


class VerdictNotOnScale(InvalidValue):
    """A verdict that is not on the article's rating scale; ``scale`` is that scale."""

    def __init__(self, message: str, scale: RatingScale | None = None) -> None:
        super().__init__(message)
        self.scale = scale


class NotInLibrary(KeyError):
    """An article, claim or source id the library does not hold."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else "not in the library"


# ------------------------------------------------------- pure checks and builders


def describe(article: Article) -> str:
    """How messages name an article: ``article 3 (“Crime fell”)``."""
    title = quoted(article.title, 50)
    return f"article {article.id} ({title})" if article.id is not None else title


def quote_span(text: str, quote: str, occurrence: int | None = None, *, where: str = "the text") -> tuple[int, int]:
    """The code-point span ``(start, end)`` of ``quote`` in ``text``, white space at the quote's ends left out.

    ``occurrence`` (1 for the first, in text order; occurrences may overlap) says which
    one when the quote is found more than once. Raises :class:`WhiteSpaceOnly`,
    :class:`QuoteNotFound` or :class:`AmbiguousQuote`; ``where`` names the text in their
    messages. The quote must match the text exactly: letters, case, punctuation, line breaks.
    """
    wanted = quote.strip()
    if not wanted:
        raise WhiteSpaceOnly("The quote is empty or only white space: give the words of the claim.")
    starts = [m.start() for m in re.finditer(f"(?={re.escape(wanted)})", text)]  # overlapping ones too
    shown = quoted(wanted)
    if not starts:
        raise QuoteNotFound(f"{shown} is not in {where}: a quote must match the text exactly, letter for letter "
                            "(case, quotation marks, dashes and line breaks included).")
    if occurrence is None:
        if len(starts) > 1:
            raise AmbiguousQuote(f"{shown} occurs {len(starts)} times in {where}: say which one with occurrence=1 "
                                 f"to {len(starts)} (in text order), or give its start and end.", tuple(starts))
        occurrence = 1
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
        times = "once" if len(starts) == 1 else f"{len(starts)} times"
        raise QuoteNotFound(f"{shown} occurs {times} in {where}: there is no occurrence {occurrence!r} "
                            f"(give 1{'' if len(starts) == 1 else f' to {len(starts)}'}).")
    start = starts[occurrence - 1]
    return start, start + len(wanted)


def claim_for_selection(article: Article, start: int, end: int, reviewer: str = "") -> Claim:
    """The claim to add for the selection ``article.text[start:end]`` (code points, ``end`` exclusive).

    White space at the selection's ends is left out, as the window does. Raises
    :class:`OutsideText` for offsets that are not a span of the text and
    :class:`WhiteSpaceOnly` for a selection with no words. The claim is not stored.
    """
    text = article.text
    if (any(isinstance(n, bool) or not isinstance(n, int) for n in (start, end))
            or not 0 <= start <= end <= len(text)):
        raise OutsideText(f"Characters {start!r}–{end!r} are not a span of {describe(article)}, whose text has "
                          f"{len(text)} characters: give whole numbers with 0 ≤ start ≤ end ≤ {len(text)} "
                          "(counted in code points, end exclusive).")
    start, end = trim_span(text, start, end)
    if start == end:
        raise WhiteSpaceOnly("Only white space is selected: select the words of the claim.")
    return Claim(anchor=make_anchor(text, start, end), article_id=article.id, reviewer=reviewer,
                 placed_on=article.revision)  # its anchor is on the article's current text


def claim_for_quote(article: Article, quote: str, occurrence: int | None = None, reviewer: str = "") -> Claim:
    """The claim to add for ``quote`` in ``article`` (see :func:`quote_span`); it is not stored."""
    start, end = quote_span(article.text, quote, occurrence, where=describe(article))
    return claim_for_selection(article, start, end, reviewer)


def check_verdict(scale: RatingScale, verdict: str | None) -> str | None:
    """The verdict as the scale spells it, or None for no verdict (None or blank).

    A label differing only in case or spacing ("mostly accurate") is taken as the
    scale's own; anything else raises :class:`VerdictNotOnScale`, listing the labels.
    """
    if verdict is None or (isinstance(verdict, str) and not verdict.strip()):
        return None
    if not isinstance(verdict, str):
        raise VerdictNotOnScale(f"A verdict is text, not {verdict!r}: choose one of {_labels(scale)}.", scale)
    if scale.verdict(verdict) is not None:
        return verdict
    key = _folded(verdict)
    for candidate in scale.verdicts:
        if _folded(candidate.label) == key:
            return candidate.label
    raise VerdictNotOnScale(f"{quoted(verdict)} is not a verdict on the rating scale “{scale.name}”: choose one of "
                            f"{_labels(scale)}, or None for no verdict.", scale)


def claim_value(field: str, value: Any, scale: RatingScale | None = None):
    """``value`` as claim ``field`` stores it, checked; raises :class:`InvalidValue` (nothing is written).

    ``field`` is one of :data:`~factcheck.core.claims.CLAIM_FIELDS`. A verdict is
    checked against ``scale`` (the article's), which a verdict requires; a status is a
    :class:`ClaimStatus` or its value or label ("in_review", "In review"); a claim date
    is ISO text, a :class:`datetime.date`, or a date in words ("10 July 2017"); None or
    blank clears a verdict or a date. A claimant or reviewer name is trimmed; a rationale
    is kept as written.
    """
    if field not in CLAIM_FIELDS:
        raise InvalidValue(f"{field!r} is not a claim field: the fields are {', '.join(CLAIM_FIELDS)}.")
    if field == "verdict":
        if scale is None:
            raise TypeError("claim_value needs the article's rating scale to check a verdict")
        return check_verdict(scale, value)
    return stored_claim_field(field, value)


def source_values(values: dict, *, check_links: bool = True) -> dict:
    """Source fields as a source stores them, checked; raises :class:`InvalidValue` (nothing is written).

    Keys are :data:`~factcheck.core.claims.SOURCE_FIELDS`. The link must be http(s)
    (unless ``check_links`` is False: for values read back, which are compared, not
    written); the stance a :class:`Stance` or its value or label; the date as for a
    claim date. Text is trimmed.
    """
    unknown = sorted(set(values) - set(SOURCE_FIELDS))
    if unknown:
        verb = "is not a source field" if len(unknown) == 1 else "are not source fields"
        raise InvalidValue(f"{', '.join(map(repr, unknown))} {verb}: the fields are {', '.join(SOURCE_FIELDS)}.")
    checked = {}
    for field, value in values.items():
        if field == "stance":
            checked[field] = _choice(Stance, value, "stance")
        elif field == "date":
            checked[field] = date_value(value, "source date")
        else:
            text = text_value(value, f"source {field}").strip()
            if field == "url" and check_links:
                try:
                    text = check_source_url(text)
                except InvalidUrl as error:
                    raise InvalidValue(str(error)) from error
            checked[field] = text
    return checked


# ------------------------------------------------------------------ private


def stored_claim_field(field: str, value):
    """A claim field's value in its stored form (a verdict is not checked against a scale here)."""
    if field == "verdict":
        return None if value is None or (isinstance(value, str) and not value.strip()) else value
    if field == "status":
        return _choice(ClaimStatus, value, "claim status").value
    if field == "claim_date":
        return date_value(value, FIELD_LABELS[field])
    text = text_value(value, FIELD_LABELS[field])
    return text if field == "rationale" else text.strip()


def _choice(kind, value, what: str):
    """A member of the StrEnum ``kind`` from itself, its value or its label (any case)."""
    if isinstance(value, str):
        for member in kind:
            if _folded(value) in (member.value, _folded(member.label)):
                return member
    choices = ", ".join(f"“{member.value}”" for member in kind)
    raise InvalidValue(f"{quoted(str(value))} is not a {what}: choose one of {choices}.")


def date_value(value, what: str) -> str | None:
    if value is None or isinstance(value, datetime.date):  # a datetime is a date too: its day
        return None if value is None else datetime.date(value.year, value.month, value.day).isoformat()
    try:
        return parse_date(text_value(value, what))
    except InvalidDate as error:
        raise InvalidValue(f"The {what} {error}") from error


def text_value(value, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValue(f"The {what} is text, not {type(value).__name__} {value!r}.")
    return value


def needs_link_or_title(values: dict) -> None:
    if not values.get("url") and not values.get("title"):
        raise InvalidValue("Give the source a link or a title.")


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _labels(scale: RatingScale) -> str:
    return ", ".join(f"“{v.label}”" for v in scale.verdicts) or "(none: the scale has no verdicts)"


def quoted(text: str, limit: int = 60) -> str:
    """A quote or title for a message: on one line, shortened if long."""
    one_line = " ".join(text.split())
    return f"“{one_line if len(one_line) <= limit else one_line[: limit - 1] + '…'}”"
