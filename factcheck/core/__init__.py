"""The domain: articles, claims, anchors, verdicts and rating scales.

Nothing here imports Qt or SQL; the store and the window build on these types.
"""
