"""Claims that overlap deeply: the article view colours each stretch by its innermost claims only."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextFormat

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.report import SHOWN_DEPTH
from factcheck.store import SQLiteStore
from factcheck.ui.article_view import TINT, blend

TEXT = "Claims on claims on claims. " * 10
VERDICTS = ["Accurate", "Misleading", "False", None]


def nested_article(path, depth: int) -> tuple[int, list[Claim]]:
    """An article with ``depth`` claims, each nested in the one before (verdicts in turn)."""
    library = SQLiteStore.open(path, user="tester")
    article = library.add_article(Article(title="Nested claims", text=TEXT, rating_scale="newsroom"))
    with library.transaction():
        for n in range(depth):
            library.add_claim(Claim(anchor=make_anchor(TEXT, n, len(TEXT) - n), article_id=article.id,
                                    verdict=VERDICTS[n % len(VERDICTS)]))
    claims = library.claims(article.id)
    library.close()
    return article.id, claims


def background_at(view, code_point: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._map.to_utf16(code_point) + 1)  # charFormat() is that of the char before
    return cursor.charFormat().background().color()


def test_deeply_nested_claims_blend_their_innermost_colours(open_app, library_path):
    article_id, claims = nested_article(library_path, 40)
    window = open_app()
    window.open_article(article_id)
    view, model = window.article_panel.view, window.claims_model
    colours = [model.color_of(c) for c in sorted(claims, key=lambda c: c.start)]
    # Three claims deep: the blend of all three, as before.
    assert background_at(view, 2) == blend(colours[:3], TINT)
    # Forty deep in the middle: the blend of the innermost eight, outermost first.
    assert background_at(view, len(TEXT) // 2) == blend(colours[-SHOWN_DEPTH:], TINT)
    # One character format per mix of colours shown, not one per depth.
    char_formats = [f for f in view.document().allFormats() if f.type() == QTextFormat.FormatType.CharFormat]
    assert len(char_formats) <= 2 * SHOWN_DEPTH + len(VERDICTS) + 2
