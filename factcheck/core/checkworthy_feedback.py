"""A library's own adjustment of the check-worthiness scores, learnt from its reviewers.

Each decision is a sentence and what the desk did with it: 1 when a reviewer marked a claim
on it, 0 when a suggestion was dismissed. The layer adds to the shipped model's log-odds a
logistic regression on the sentence's words (word 1- and 2-grams present, L2-normed) and its
shape (a figure, a percentage, money, a question), fitted in pure Python with an
L2 pull towards "change nothing": a few decisions move the scores a little, many decisions
about the same words move them more. The two classes weigh the same, so a desk that marks
more than it dismisses does not push every score up.

It learns from the decisions on sentences the model suggests (scored above
:data:`~factcheck.core.checkworthy.DEFAULT_THRESHOLD`), where both marks and dismissals are
seen: it re-ranks suggestions by the desk's taste. bench/checkworthy_feedback.py measures it.

Kept in the library as JSON (``store.set_property("checkworthy.layer", layer.to_json())``).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from operator import mul

from factcheck.core.checkworthy import DEFAULT_THRESHOLD, WORD, Scorer, sigmoid, features

LAYER_FORMAT = 1
MIN_EXAMPLES = 20
"""Decisions below which a layer is not worth fitting (the callers' rule; :meth:`FeedbackLayer.fit` fits any)."""

WORD_PENALTY = 1.0
"""L2 strength on each word and shape weight, against the sum of the decisions' losses. A word
counts 1/√n in a sentence of n word grams (about 0.2), so a word's weight moves once several
decisions agree on it. Looked at with bench/checkworthy_feedback.py: 1 raised the top 20 both on
the debates and for a desk of its own taste; 4 and 16 moved nothing or lowered it; binary
words (1 each) learnt a desk's taste best and spoilt the debates."""
BIAS_PENALTY = 200.0
"""L2 strength pulling the bias to 0."""
EPOCHS = 8
RATE = 0.3
MAX_WORDS = 20_000
CANCEL_EVERY = 200
"""Decisions scored between two questions to :meth:`FeedbackLayer.fit`'s ``cancelled``."""


def _word_grams(grams: list[str]) -> list[str]:
    return sorted({gram for gram in grams if gram[0] == WORD})


_CURRENCIES = frozenset("$£€¥")


def _layer_features(grams: list[str]) -> list[tuple[str, float]]:
    """What the layer reads in a sentence: its words (L2-normed) and its shape (1 each)."""
    words = _word_grams(grams)
    if not words:
        return []
    norm = 1.0 / math.sqrt(len(words))
    out = [(w, norm) for w in words]
    trigrams = [gram for gram in grams if len(gram) == 3]
    if any("0" in gram for gram in trigrams):  # every digit is read as 0
        out.append(("#figure", 1.0))
    # A token's first and last characters, from its 3-grams (" $1", "0% ", "s? ").
    firsts = {gram[1] for gram in trigrams if gram[0] == " "}
    lasts = {gram[1] for gram in trigrams if gram[2] == " "}
    if "%" in lasts:
        out.append(("#percent", 1.0))
    if "?" in lasts:
        out.append(("#question", 1.0))
    if firsts & _CURRENCIES:
        out.append(("#money", 1.0))
    return out


class FeedbackLayer:
    """``logit' = logit + bias + Σ weight[f] · value[f]`` over the sentence's words and shape.

    Words are the word 1- and 2-grams of :func:`~factcheck.core.checkworthy.features`, each
    ``1/√n`` for ``n`` of them; the shape is whether the sentence holds a figure, a percentage,
    a sum of money or a question mark. The shipped model's log-odds are
    taken as they are (an offset): the dismissed sentences are the ones it scored highest, so
    a scale fitted on them would learn to distrust the model as a whole.
    """

    def __init__(self, bias: float, weights: dict[str, float], examples: int):
        self.bias = bias
        self.weights = weights
        self.examples = examples
        """How many decisions it was fitted on (those on sentences the model does not suggest
        are read and left out: see the module's doc)."""

    def adjust(self, logit: float, grams: list[str]) -> float:
        """The adjusted log-odds of a sentence of these :func:`~factcheck.core.checkworthy.features`."""
        weights = self.weights
        return logit + self.bias + sum(weights.get(f, 0.0) * v for f, v in _layer_features(grams))

    @classmethod
    def fit(cls, examples: list[tuple[str, int]], base: Scorer,
            cancelled: Callable[[], bool] | None = None) -> FeedbackLayer | None:
        """The layer for these decisions (sentence, 1 marked / 0 dismissed) over ``base``'s scores.

        ``base`` is used without any layer it may carry. ``cancelled`` is asked every
        :data:`CANCEL_EVERY` decisions and between passes: True stops the fit, which returns None.
        """
        base = base.with_layer(None)
        stop = cancelled or (lambda: False)
        rows = []
        for n, (sentence, label) in enumerate(examples):
            if n % CANCEL_EVERY == 0 and stop():
                return None
            grams = features(sentence)
            rows.append((base.base_logit(grams), _layer_features(grams), int(label)))
        # Only what the model suggests: dismissals come from there alone, so a claim marked on a
        # sentence it scored low, set against them, would teach that what it scores high is unwanted
        # (on the debates, bench/checkworthy_feedback.py, that halved the precision of the top 20).
        floor = math.log(DEFAULT_THRESHOLD / (1.0 - DEFAULT_THRESHOLD))
        rows = [row for row in rows if row[0] > floor]
        total = len(rows)
        if not total:
            return cls(0.0, {}, len(examples))
        positives = sum(row[2] for row in rows)
        class_weight = (total / (2.0 * max(1, total - positives)), total / (2.0 * max(1, positives)))
        # Features by number, so the loop below indexes lists rather than looks strings up.
        numbers: dict[str, int] = {}
        table = [(logit, [numbers.setdefault(f, len(numbers)) for f, _v in pairs], [v for _f, v in pairs], label)
                 for logit, pairs, label in rows]
        frequency = [0] * len(numbers)
        for _logit, indices, _values, _label in table:
            for i in indices:
                frequency[i] += 1
        penalty = [WORD_PENALTY / count for count in frequency]

        # Stochastic gradient descent with AdaGrad steps, in a fixed order: the penalty of each
        # weight is shared among the decisions holding its feature, so one pass follows the
        # gradient of the whole objective (the sum of the weighted log losses plus the penalties).
        bias = 0.0
        bias_sq = 1e-8
        weights = [0.0] * len(numbers)
        squares = [1e-8] * len(numbers)
        bias_penalty = BIAS_PENALTY / total
        order = list(range(total))
        shuffle = random.Random(15).shuffle
        for _ in range(EPOCHS):
            if stop():
                return None
            shuffle(order)
            for row in order:
                logit, indices, values, label = table[row]
                z = logit + bias + sum(map(mul, map(weights.__getitem__, indices), values))
                g = (sigmoid(z) - label) * class_weight[label]
                step = g + bias_penalty * bias
                bias_sq += step * step
                bias -= RATE * step / math.sqrt(bias_sq)
                for i, v in zip(indices, values):
                    old = weights[i]
                    step = g * v + penalty[i] * old
                    sq = squares[i] + step * step
                    squares[i] = sq
                    weights[i] = old - RATE * step / math.sqrt(sq)
        kept = sorted(((f, weights[i]) for f, i in numbers.items() if abs(weights[i]) >= 1e-4),
                      key=lambda item: -abs(item[1]))
        return cls(bias, dict(kept[:MAX_WORDS]), len(examples))

    def to_json(self) -> str:
        weights = {f.removeprefix(WORD): v for f, v in self.weights.items()}
        return json.dumps({"format": LAYER_FORMAT, "examples": self.examples, "bias": self.bias, "weights": weights},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> FeedbackLayer:
        data = json.loads(text)
        if data.get("format") != LAYER_FORMAT:
            raise ValueError(f"check-worthiness layer of format {data.get('format')!r}, expected {LAYER_FORMAT}")
        weights = {f if f.startswith("#") else WORD + f: float(v) for f, v in data["weights"].items()}
        return cls(float(data["bias"]), weights, int(data["examples"]))

    def __repr__(self) -> str:
        return f"FeedbackLayer(examples={self.examples}, bias={self.bias:.3f}, " \
               f"words={len(self.weights)})"
