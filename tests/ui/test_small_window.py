"""At its smallest the window still gives the article a readable column."""

from __future__ import annotations


def test_at_the_minimum_size_the_article_is_the_widest_panel_and_the_hints_fit(window, qapp):
    window.resize(window.minimumSizeHint())
    qapp.processEvents()
    library, article, right = window.splitter.sizes()
    assert article > max(library, right)
    assert article >= 0.4 * sum(window.splitter.sizes())
    hint = window.claims_panel.empty
    assert hint.height() >= hint.sizeHint().height()  # "No claims yet" and its hint are not cut off
