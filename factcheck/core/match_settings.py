"""The claim matcher's parameters (:mod:`factcheck.core.matching`, :mod:`factcheck.core.matching_closeness`).

Apart from both so that neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchSettings:
    """The matcher's parameters, as chosen on the claim-retrieval dev split (the fused score's weights: on train)."""

    k1: float = 1.2
    b: float = 0.6
    claim_weight: int = 1
    """How many times a word of the claim counts; giving the claim more than the title did not help."""
    title_weight: int = 1
    common_fraction: float = 0.05
    """A term in more than this fraction of the documents only adds to documents already found."""
    depth: int = 20
    """How many of the best by BM25 are ranked again by the fused score (50 and 200 did as well, 10 less)."""
    # The fused score's weights (:mod:`factcheck.core.matching_closeness`), fitted on the train split by
    # tools/fit_match_weights.py. Words 1 and the others 0: BM25's order and score alone.
    words_weight: float = 0.75
    """BM25's score over the text's own: the closeness of the stems."""
    grams_weight: float = 0.20
    """The cosine of the character 4-grams."""
    rarest_weight: float = 0.05
    """Whether the candidate holds the text's rarest word."""
