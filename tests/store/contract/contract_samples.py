"""Articles, claims and sources for the Store contract tests, made through the protocol."""

from __future__ import annotations

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.store import Store

TEXT = (
    "Crime fell 40% last year, the mayor 🏛️ said.\n\n"
    "Police figures 📊 show a fall of 12%. 𝔗𝔥𝔢 council disagrees.\n\n"
    "The budget, she said, is balanced 💰. Taxes rose."
)
"""Non-BMP characters before the claims: offsets are code points in every engine."""

PHRASES = ("Crime fell 40%", "the mayor 🏛️ said", "Police figures 📊", "a fall of 12%", "𝔗𝔥𝔢 council",
           "The budget", "is balanced 💰", "Taxes rose")
"""In text order."""

HISTORY_KEYS = {"changed_at", "changed_by", "article_id", "claim_id", "source_id", "entity", "action", "field",
                "old_value", "new_value"}
"""What every history row tells: when, who, about what, which field, and the value before and after."""


def add_article(store: Store, title: str = "Mayor on crime", text: str = TEXT, **fields) -> Article:
    return store.add_article(Article(title=title, text=text, **fields))


def new_claim(article: Article, phrase: str, **fields) -> Claim:
    start = article.text.index(phrase)
    return Claim(anchor=make_anchor(article.text, start, start + len(phrase)), article_id=article.id, **fields)


def mark(store: Store, article: Article, phrase: str, **fields) -> Claim:
    """Mark ``phrase`` of the article as a claim, as the window does."""
    return store.add_claim(new_claim(article, phrase, **fields))


def without_ids(rows: list[dict]) -> list[dict]:
    """History rows as a reader sees them: the row's own id aside."""
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def everything(store: Store) -> dict:
    """What a user can see of the whole library, to compare before and after an edit."""
    articles = store.articles(archived=True)
    return {
        "articles": articles,
        "details": [store.article(a.id) for a in articles],
        "claims": [store.claims(a.id) for a in articles],
        "history": [without_ids(store.history(a.id)) for a in articles],
        "claimants": store.claimants(),
        "claimant_details": store.claimant_details(),
        "scales": store.scales(),
    }
