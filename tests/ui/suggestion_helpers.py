"""What the suggestions' window tests share: waiting for the scoring, the listed suggestions, the stored claims."""

from __future__ import annotations

from factcheck.store import SQLiteStore

CARTER = "Former Defence Secretary Ash Carter said it was"


def settle(qtbot, window) -> None:
    """Wait until the open article's suggestions are scored and shown, and every edit is saved."""
    qtbot.waitUntil(lambda: window.suggestions is not None and window.suggestions.idle(), timeout=15_000)
    window.runner.wait_idle()
    qtbot.waitUntil(lambda: window.suggestions.idle() and not window.controller.busy(), timeout=15_000)


def open_new_article(qtbot, window, title: str, text: str):
    """Add an article to the window's library, open it, and wait for its suggestions; returns it as stored."""
    from factcheck.core.articles import Article

    article = window.library.add_article(Article(title=title, text=text))
    window.reload_library()
    window.open_article(article.id)
    settle(qtbot, window)
    return article


def listed(window) -> list:
    return list(window.suggestions.panel.model.suggestions())


def find(window, words: str):
    return next(s for s in listed(window) if s.sentence.startswith(words))


def stored_claims(library_path, article_id=None) -> list:
    """The claims of ``article_id`` (the first article listed when None), as the library file holds them."""
    store = SQLiteStore.open(library_path, user="reader")
    try:
        return store.claims(article_id if article_id is not None else store.articles()[0].id)
    finally:
        store.close()


def score_here(monkeypatch, calls: list | None = None) -> None:
    """Score in this process instead of the scoring process, so that a test's patches of the scoring
    (``operations_suggestions.MAX_SHARE``, say) apply; each scoring appends to ``calls``."""
    from factcheck import operations_suggestions
    from factcheck.ui import suggestion_worker

    def suggest_here(text, layer, claimants):
        if calls is not None:
            calls.append(1)
        return operations_suggestions.suggest_with_layer(text, layer, claimants)

    monkeypatch.setattr(suggestion_worker, "suggest_elsewhere", suggest_here)
