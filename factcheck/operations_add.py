"""Adding one imported article to a library, and the seed article a new library starts with.

Apart from :mod:`factcheck.operations` (which names all of it) so that a window's first
launch can seed its library without loading the readers, exporters and bundles: a start
pays for every module it loads before the first paint (bench/cold_start.py, issue 10).
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.assets import seed_article
from factcheck.core.articles import ImportedArticle, Original
from factcheck.io.text_files import article_from_text, decode_text
from factcheck.store import Store


@dataclass(frozen=True)
class ImportResult:
    """What importing one article (a file, a page, pasted text, a bundle) did."""

    article_id: int
    title: str
    created: bool
    """False when the library already held an article with the same text."""
    claims: int = 0
    workflow_left_out: int = 0
    """Proposals, second-opinion requests, decisions and comments a bundle carried that were not
    stored: on a shared library only its owner may bring in records made by others (see
    :func:`factcheck.operations.store_bundle`); 0 on a local library."""
    workflow_note: str = ""
    """Why they were left out, for the user (empty when none was)."""


def add_imported(library: Store, imported: ImportedArticle, rating_scale: str | None = None) -> ImportResult:
    """Store an imported article and its original bytes, unless the library has the same text."""
    article = imported.article
    # Articles imported before headlines were kept out of the text began with the headline (one query for both).
    with_headline = (f"{article.title}\n\n{article.text}",) if article.title else ()
    existing = library.find_article_by_text(article.text, *with_headline)
    if existing is not None:
        return ImportResult(existing, library.article(existing).title, created=False)
    stored = library.add_article(article.with_(rating_scale=rating_scale) if rating_scale else article,
                                 imported.original)
    return ImportResult(stored.id, stored.title, created=True)


def ensure_seed_article(library: Store) -> int | None:
    """On a library's first run, import the bundled seed article; return its id.

    Only once per library: a desk that deleted the seed does not see it again.
    """
    if library.get_property("seeded"):
        return None
    seed = seed_article()
    data = seed.read_bytes()
    imported = ImportedArticle(article_from_text(decode_text(data, seed.name), seed.name),
                               Original(data, "text/plain", seed.name))
    with library.transaction():
        article_id = add_imported(library, imported).article_id
        library.set_property("seeded", "1")
    return article_id
