"""New revisions of an article from a file or an address: read the changed page, then plan and store.

The window (File ▸ Check for Updates, an import that is a new version of an article) and
the command line (``factcheck revise``) do the same three steps, the first two of them
slow and so, in the window, off its thread:

1. :func:`fetch_article_text` reads the file or address and extracts its text, as an import does;
2. :func:`plan_revision` places every claim on the new text: a :class:`RevisionPlan` to show;
3. :func:`apply_revision` stores it, refused if the article or its claims changed since.

The planning and storing live in :mod:`factcheck.revision_plans` (which the public API uses too).
"""

from __future__ import annotations

from pathlib import Path

from factcheck.core.articles import Article, ImportedArticle
from factcheck.io import BadInput
from factcheck.revision_plans import (SHARED_PARAGRAPHS, RevisionPlan, apply_revision, plan_revision,  # noqa: F401
                                      revision_target)
from factcheck.store import Store


def fetch_article_text(source: str | Path, cancelled=None) -> ImportedArticle:
    """Read a file or address and extract its article as an import does (BadInput if it holds none)."""
    from factcheck.operations import read_source

    read = read_source(source, cancelled=cancelled)
    if not isinstance(read, ImportedArticle):
        raise BadInput(f"{source} holds no article (it is a bundle or published fact-checks).")
    return read


def revise_from(library: Store, article_id: int, source: str | Path) -> tuple[RevisionPlan, Article | None]:
    """Read ``source`` and make it the article's newest revision; the plan and the article (None if unchanged)."""
    imported = fetch_article_text(source)
    plan = plan_revision(library, article_id, imported.article.text, origin=str(source))
    return plan, (None if plan.unchanged else apply_revision(library, plan))
