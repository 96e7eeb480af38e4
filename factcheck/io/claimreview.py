"""schema.org ClaimReview JSON-LD: the structured data search engines and aggregators read.

One ``ClaimReview`` per **approved** claim of the report that has a verdict, as a
JSON array (a page may carry several; Google reads an array of top-level objects)::

    [{"@context": "https://schema.org", "@type": "ClaimReview",
      "url": "https://example.org/fact-check#claim-1",
      "claimReviewed": "Crime fell 40% last year",
      "reviewRating": {"@type": "Rating", "alternateName": "False",
                       "ratingValue": 2, "bestRating": 6, "worstRating": 1},
      "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Mayor"},
                       "datePublished": "2024-05-06",
                       "appearance": {"@type": "CreativeWork", "url": "https://…", …}},
      "author": {"@type": "Organization", "name": "…", "url": "…"},
      "datePublished": "2024-05-07"}]

Following Google's structured-data guide for fact checks (``../shared/guide/DOMAIN.md``):

- Only approved verdicts are published by default: a verdict still in draft or in
  review must not reach search engines by accident. ``include_unapproved`` adds
  them (``factcheck export --include-unapproved``, or the export dialog's check
  box); :func:`unapproved_verdicts` counts them, so that the caller can say how many
  were left out or let in.
- Required data that is missing raises :class:`MissingData`, naming what to fill
  in: the organisation's name, the URL of the page that will carry the fact
  check (the article's own fact-check page, unless the caller gives one), an
  approved verdict on at least one claim. Its ``keys`` let the command line and the
  export dialog say where each is filled in. Nothing is ever emitted as ``""`` or
  ``null``: an optional value that is unknown is left out with its key.
- ``url`` is the fact-check page plus ``#claim-N`` (N the claim's number in the
  report), so each ClaimReview is addressable; the HTML report gives each claim
  card that id.
- ``ratingValue``, ``bestRating`` and ``worstRating`` are given only where the
  verdict has a value on its scale and the scale's values meet Google's rules
  (worst ≥ 1, best > worst); otherwise the rating is the text verdict alone.
  The scale's definitions, published with the report, are the mapping from
  number to text that numeric ratings need.
- A claim a revision of the article orphaned (its words no longer in the text at the
  article's address) is still published, its verdict being no less true, with the article
  as its ``firstAppearance`` rather than its ``appearance``: it was made there, and no
  longer appears there.
- ``datePublished`` is the day the claim's review last changed (its
  ``updated_at``), else the day the report was made.
- The claimant is typed as the library records them: ``Organization`` for an outlet,
  a ministry or a company, else ``Person``; with their ``sameAs`` page when one is
  recorded.
- ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e``, ``\\u0026`` (still
  the same JSON), so the output can be pasted into a
  ``<script type="application/ld+json">`` element safely, whatever the claims say.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import urldefrag

from collections.abc import Mapping

from factcheck.core.claims import Claimant, ClaimantKind, ClaimStatus, InvalidUrl, check_source_url
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.core.report import NumberedClaim, Report
from factcheck.io.errors import BadInput

CONTEXT = "https://schema.org"


class MissingData(BadInput):
    """Data ClaimReview requires that the report lacks; ``str()`` says what to fill in.

    ``missing`` lists each item, so a dialog may show them one per line.
    """

    def __init__(self, missing: list[str], keys: list[str] | None = None) -> None:
        self.missing = list(missing)
        self.keys = list(keys or [])
        """What is missing, by name: ``organisation``, ``review_url``, ``verdict``, ``quote``."""
        super().__init__("ClaimReview needs " + "; and ".join(self.missing) + ".")


def render_claimreview(report: Report, review_url: str = "", include_unapproved: bool = False) -> str:
    """ClaimReview JSON-LD for every approved rated claim of ``report``.

    The reviews are published at ``review_url`` when given, else at the article's own
    fact-check page (``report.article.review_url``).

    ``include_unapproved`` publishes the rated claims still in draft or in review too.
    Raises :class:`MissingData` when required data is missing and
    :class:`~factcheck.io.errors.BadInput` when a URL is not a web address.
    """
    return _dumps(claimreviews(report, review_url, include_unapproved))


def claimreviews(report: Report, review_url: str = "", include_unapproved: bool = False) -> list[dict]:
    """The ClaimReview objects, as plain dicts (for embedding in another document)."""
    rated = [c for c in _rated(report) if include_unapproved or c.claim.status == ClaimStatus.APPROVED]
    review_url = review_url.strip() or report.article.review_url.strip()
    missing, keys = [], []
    if not report.organisation.name.strip():
        missing.append("the fact-checking organisation's name")
        keys.append("organisation")
    if not review_url:
        missing.append("the address of the page where the fact check of this article will be published "
                       "(the article's fact-check page)")
        keys.append("review_url")
    if not rated:
        keys.append("verdict")
        waiting = unapproved_verdicts(report)
        if include_unapproved:
            missing.append("at least one claim with a verdict: no claim in this report is rated yet")
        elif waiting:
            missing.append(f"at least one approved claim with a verdict: {_verdicts(waiting)} not yet approved; "
                           "approve one, or include verdicts not yet approved (the export's check box, "
                           "or --include-unapproved)")
        else:
            missing.append("at least one approved claim with a verdict: no approved claim in this report "
                           "is rated yet")
    if missing:
        raise MissingData(missing, keys)
    page = _web_address(review_url, "The fact-check page URL")
    organisation_url = _web_address(report.organisation.url, "The organisation's URL")
    author = _compact({"@type": "Organization", "name": report.organisation.name.strip(),
                       "url": organisation_url})
    appearance = _appearance(report)
    numbers = _numeric_range(report.scale)
    fallback_date = _day(report.generated_at)
    claimants = {" ".join(name.split()): c for name, c in report.claimants.items()}
    return [_claimreview(c, page, author, appearance, numbers, fallback_date, claimants) for c in rated]


def unapproved_verdicts(report: Report) -> int:
    """How many claims of the report have a verdict but are not approved (draft or in review)."""
    return sum(1 for c in _rated(report) if c.claim.status != ClaimStatus.APPROVED)


def _rated(report: Report) -> list[NumberedClaim]:
    return [c for c in report.claims if (c.claim.verdict or "").strip()]


def _verdicts(n: int) -> str:
    return "1 claim has a verdict" if n == 1 else f"{n} claims have verdicts"


def _claimreview(numbered: NumberedClaim, page: str, author: dict, appearance: dict | None,
                 numbers: tuple[float, float] | None, fallback_date: str | None,
                 claimants: Mapping[str, Claimant]) -> dict:
    claim = numbered.claim
    claim_reviewed = " ".join(claim.quote.split())
    if not claim_reviewed:
        raise MissingData([f"the words of claim {numbered.number}: its quote is blank"], ["quote"])
    claimant = " ".join(claim.claimant.split())
    return _compact({
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": f"{urldefrag(page).url}#claim-{numbered.number}",
        "claimReviewed": claim_reviewed,
        "reviewRating": _rating(claim.verdict, numbered.verdict, numbers),
        "itemReviewed": _compact({
            "@type": "Claim",
            "author": _claimant(claimant, claimants) if claimant else None,
            "datePublished": _day(claim.claim_date),
            "appearance": None if claim.orphan else appearance,
            "firstAppearance": appearance if claim.orphan else None,
        }),
        "author": author,
        "datePublished": _day(claim.updated_at) or fallback_date,
    })


def _claimant(name: str, claimants: Mapping[str, Claimant]) -> dict:
    """The claimant as a schema.org Person or Organization, with its sameAs page when recorded."""
    known = claimants.get(name) or Claimant(name)
    kind = "Organization" if known.kind == ClaimantKind.ORGANIZATION else "Person"
    try:
        same_as = check_source_url(known.same_as)
    except InvalidUrl:
        same_as = ""
    return _compact({"@type": kind, "name": name, "sameAs": same_as})


def _rating(label: str, verdict: Verdict | None, numbers: tuple[float, float] | None) -> dict:
    rating = {"@type": "Rating", "alternateName": label.strip()}
    if verdict is not None and verdict.value is not None and numbers is not None:
        worst, best = numbers
        rating.update(ratingValue=_number(verdict.value), bestRating=_number(best),
                      worstRating=_number(worst))
    return rating


def _numeric_range(scale: RatingScale) -> tuple[float, float] | None:
    """(worst, best) of the scale's values, or None when they break Google's rules."""
    values = [v.value for v in scale.verdicts if v.value is not None]
    if not values:
        return None
    worst, best = min(values), max(values)
    if worst < 1 or not best > worst:
        return None
    return worst, best


def _appearance(report: Report) -> dict | None:
    """Where the claims were made: the article, by URL when it has a web address."""
    article = report.article
    try:
        url = check_source_url(article.url)
    except InvalidUrl:
        url = ""
    return _compact({
        "@type": "CreativeWork",
        "url": url,
        "headline": " ".join(article.title.split()),
        "author": {"@type": "Person", "name": article.author.strip()} if article.author.strip() else None,
        "publisher": {"@type": "Organization", "name": article.outlet.strip()} if article.outlet.strip() else None,
        "datePublished": _day(article.published),
    }) if url or article.title.strip() else None


def _web_address(url: str, what: str) -> str:
    try:
        return check_source_url(url)
    except InvalidUrl as error:
        raise BadInput(f"{what} “{url.strip()}” is not a web address: it must start with "
                       "http:// or https://.") from error


def _day(stamp: str | None) -> str | None:
    """The ISO date of a date or date-time stamp; None for a blank or unreadable one."""
    if not stamp:
        return None
    try:
        if len(stamp) == 10:
            return date.fromisoformat(stamp).isoformat()
        return datetime.fromisoformat(stamp).date().isoformat()
    except ValueError:
        return None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _compact(data: dict) -> dict:
    """Drop keys whose value is unknown: ClaimReview never carries "" or null."""
    return {k: v for k, v in data.items() if v not in (None, "", {}, [])}


def _dumps(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Only string contents can hold these characters; the escapes are the same JSON.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n"
