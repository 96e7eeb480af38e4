"""Suggestions of what to check: the sentences likely to hold a check-worthy claim, and who said them.

The window's suggestions, ``factcheck suggest`` and scripts ask the same functions. Every
sentence of the text is scored by the shipped model (:mod:`factcheck.core.checkworthy`),
with the library's own layer on top when its reviewers have taught it
(:mod:`factcheck.core.checkworthy_feedback`: the claims they mark and the suggestions they
dismiss); the speaker of each suggested sentence is proposed from the attribution around
it (:mod:`factcheck.core.attribution`), matched to the library's claimants. Scoring an
article is pure computation: the window runs it on a worker.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass

from factcheck.store import Store

log = logging.getLogger(__name__)

LAYER_KEY = "checkworthy.layer"
"""The library property holding its feedback layer (JSON)."""

MIN_FEEDBACK = 20
"""Decisions (claims marked, suggestions dismissed) a library needs before its own layer is fitted."""

MIN_EACH = 10
"""… of which at least this many of each kind: a layer fitted on marks against a dismissal or two
learns only to raise every score (an upgraded library holds many claims and no dismissals)."""

MAX_SHARE = 0.25
"""At most this share of an article's sentences is suggested (the best), at least :data:`MIN_SHOWN`:
the model's threshold suits a set of sentences half of which hold claims, and a news story's
suggestions should point out its likely claims, not stripe most of its margin."""

MIN_SHOWN = 3


@dataclass(frozen=True)
class Suggestion:
    """A sentence worth checking: code-point offsets into the text, its score (0–1), and its likely speaker."""

    start: int
    end: int
    sentence: str
    score: float
    claimant: str = ""

    def as_json(self) -> dict:
        return {**asdict(self), "score": round(self.score, 4)}


def suggest_text(text: str, *, all: bool = False, scorer=None, known_claimants=(),  # noqa: A002 (the CLI's --all)
                 threshold: float | None = None) -> list[Suggestion]:
    """The text's sentences above the threshold, best first, each with its speaker; with ``all`` every sentence.

    Without ``all`` at most :data:`MAX_SHARE` of the sentences (the best) are suggested.
    """
    from factcheck.core.attribution import attribute
    from factcheck.core.checkworthy import DEFAULT_THRESHOLD, score_text

    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    known = tuple(known_claimants)
    scored = score_text(text, scorer)
    chosen = sorted(((sentence, score) for sentence, score in scored if all or score >= limit),
                    key=lambda pair: (-pair[1], pair[0].start))
    if not all:
        chosen = chosen[:max(MIN_SHOWN, round(MAX_SHARE * len(scored)))]
    return [Suggestion(sentence.start, sentence.end, sentence.text, score,
                       attribute(text, sentence.start, sentence.end, known)) for sentence, score in chosen]


def suggest_with_layer(text: str, layer: str | None, known_claimants=()) -> list[Suggestion]:
    """:func:`suggest_text` by the shipped model with a library's saved layer (its JSON, or None) on top.

    What the window's scoring process is asked (:mod:`factcheck.ui.scoring_process`): plain values in,
    plain values out, no library.
    """
    return suggest_text(text, scorer=scorer_with_layer(layer), known_claimants=known_claimants)


def library_scorer(store: Store):
    """The shipped model with the library's layer on top, if its reviewers have taught it one."""
    return scorer_with_layer(store.get_property(LAYER_KEY))


def scorer_with_layer(saved: str | None):
    """The shipped model with the layer saved as ``saved`` (JSON) on top; the model alone without one."""
    from factcheck.core.checkworthy import Scorer

    scorer = Scorer.shipped()
    if saved:
        from factcheck.core.checkworthy_feedback import FeedbackLayer

        try:
            return scorer.with_layer(FeedbackLayer.from_json(saved))
        except (ValueError, KeyError, TypeError, json.JSONDecodeError):  # a layer written by another version
            log.warning("the library's suggestion layer could not be read; the shipped model alone is used")
    return scorer


def suggest_article(store: Store, article_id: int, *, all: bool = False,  # noqa: A002
                    threshold: float | None = None) -> list[Suggestion]:
    """The article's suggestions, best first: sentences already holding a claim, and those dismissed, left out.

    With ``all`` every sentence is scored and listed (claimed and dismissed ones too).
    """
    article = store.article(article_id)
    suggestions = suggest_text(article.text, all=all, scorer=library_scorer(store),
                               known_claimants=store.claimants(), threshold=threshold)
    if all:
        return suggestions
    claimed = [(c.start, c.end) for c in store.claims(article_id) if not c.orphan]
    dismissed = Dismissed(store.dismissed_suggestions(article_id))
    return [s for s in suggestions
            if s not in dismissed and not any(start < s.end and s.start < end for start, end in claimed)]


class Dismissed:
    """The sentences the desk dismissed in an article (place → wording), asked whether a suggestion is one.

    By its wording (white space aside): a sentence a revision rewrote at the same place is suggested
    again, and the same words moved elsewhere stay dismissed. A dismissal stored without its wording
    is matched by its place.
    """

    def __init__(self, dismissed: dict[tuple[int, int], str]) -> None:
        self._places = {span for span, sentence in dismissed.items() if not sentence.strip()}
        self._words = {_words(sentence) for sentence in dismissed.values() if sentence.strip()}

    def __contains__(self, suggestion) -> bool:
        return (suggestion.start, suggestion.end) in self._places or _words(suggestion.sentence) in self._words


def _words(sentence: str) -> str:
    return " ".join(sentence.split())


def retrain_layer(store: Store, *, minimum: int = MIN_FEEDBACK, cancelled=None):
    """Fit the library's layer again on its reviewers' decisions and keep it; None if there are too few.

    ``cancelled()`` True (the window is closing) stops the fit: None, nothing kept.
    """
    from factcheck.core.checkworthy import Scorer
    from factcheck.core.checkworthy_feedback import FeedbackLayer

    examples = store.suggestion_feedback()
    marked = sum(label for _, label in examples)
    if len(examples) < minimum or min(marked, len(examples) - marked) < MIN_EACH:
        return None
    layer = FeedbackLayer.fit(examples, Scorer.shipped(), cancelled)
    if layer is None:
        return None
    store.set_property(LAYER_KEY, layer.to_json())
    return layer
