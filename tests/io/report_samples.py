"""Reports to export in tests, built the way the app builds them: a library, then build_report."""

from __future__ import annotations

from datetime import UTC, datetime

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
from factcheck.core.rating_scales import RatingScale
from factcheck.core.report import Organisation, Report, ReportOptions, build_report
from factcheck.store import SQLiteStore, Store

TEXT = (
    "Mayor 🏛️ says crime fell 40% — again\n\n"
    "Crime fell 40% last year, the mayor 👩‍👩‍👧 said on Monday. Families agree that crime fell 40%.\n\n"
    "Police figures 📊 show a fall of 12%. The council 𝔡𝔦𝔰𝔞𝔤𝔯𝔢𝔢𝔰: crime fell 40% only on paper.\n\n"
    "The budget is balanced, she added. Straße works cost £2m."
)
"""Emoji (one a ZWJ sequence) and astral letters before claims; "crime fell 40%" three times (four ignoring case)."""

ARTICLE_URL = "https://gazette.example/mayor"
ORGANISATION = Organisation("Check Desk", "https://checkdesk.example")
NOW = datetime(2024, 5, 8, 9, 30, tzinfo=UTC)


def span(phrase: str, occurrence: int = 0, text: str = TEXT) -> tuple[int, int]:
    """Code-point offsets of the n-th occurrence of ``phrase``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def claim(phrase: str, occurrence: int = 0, text: str = TEXT, **fields) -> Claim:
    return Claim(anchor=make_anchor(text, *span(phrase, occurrence, text)), **fields)


def standard_claims() -> list[Claim]:
    """Rated, unrated, unverifiable (a verdict without a value), with and without sources."""
    return [
        claim("The budget is balanced", claimant="Mayor Zoë Núñez", verdict="Mostly False",
              status=ClaimStatus.APPROVED, reviewer="Dana", claim_date="2024-05-06",
              rationale="Balanced only after a one-off 💰 transfer.\n\nSee the council's accounts.",
              sources=(Source(url="https://council.example/budget", title="Budget 2024", publisher="Council",
                              date="2024-02-01", excerpt="…a transfer of £2m…", stance=Stance.REFUTES),
                       Source(title="Interview with the treasurer", stance=Stance.CONTEXT))),
        claim("crime fell 40%", occurrence=2, claimant="Families", verdict="False",
              status=ClaimStatus.IN_REVIEW,
              sources=(Source(url="https://police.example/2023", title="Police figures 📊",
                              stance=Stance.REFUTES),)),
        claim("Police figures 📊 show a fall of 12%."),
    ]


def make_library(text: str = TEXT, url: str = ARTICLE_URL, scale: str = "politifact",
                 claims: list[Claim] | None = None, custom_scale: RatingScale | None = None
                 ) -> tuple[Store, int]:
    library = SQLiteStore.in_memory(user="alice")
    if custom_scale is not None:
        scale = library.add_scale(custom_scale)
    article = library.add_article(Article(
        title="Mayor says crime fell 40%", text=text, outlet="Gazette 📰", author="Zoë",
        url=url, published="2024-05-06", rating_scale=scale))
    # Marked in text order, so each claim's number (given when it is marked) is its place in the text.
    for c in sorted(standard_claims() if claims is None else claims, key=Claim.sort_key):
        library.add_claim(c.with_(article_id=article.id))
    return library, article.id


def make_report(library: Store, article_id: int, options: ReportOptions | None = None,
                organisation: Organisation = ORGANISATION) -> Report:
    article = library.article(article_id)
    return build_report(article, library.scale(article.rating_scale), library.claims(article_id),
                        options or ReportOptions(), organisation, now=NOW, claimants=library.claimant_details())


def sample_report(**library_args) -> Report:
    return make_report(*make_library(**library_args))


def empty_values(data, path: str = "$") -> list[str]:
    """Paths of every "" or null (or empty object or list) in parsed JSON."""
    found = []
    if data is None or data == "" or data == {} or data == []:
        found.append(path)
    if isinstance(data, dict):
        for key, value in data.items():
            found += empty_values(value, f"{path}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            found += empty_values(value, f"{path}[{n}]")
    return found
