"""A library's own adjustment of the check-worthiness scores, learnt from its reviewers.

Each decision is a sentence and what the desk did with it: 1 when a reviewer marked a claim
on it, 0 when a suggestion was dismissed. The layer is a logistic regression on the shipped
model's log-odds and the sentence's words (word 1- and 2-grams present, L2-normed), fitted in
pure Python with a strong L2 pull towards "change nothing" (scale 1, bias 0, word weights 0):
a few decisions move the scores a little, many decisions about the same words move them
more. The two classes weigh the same, so a desk that marks more than it dismisses does not
push every score up.

Kept in the library as JSON (``store.set_property("checkworthy.layer", layer.to_json())``).
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter

from factcheck.core.checkworthy import WORD, Scorer, features

LAYER_FORMAT = 1
MIN_EXAMPLES = 20
"""Decisions below which a layer is not worth fitting (the callers' rule; :meth:`FeedbackLayer.fit` fits any)."""

WORD_PENALTY = 4.0
"""L2 strength on the word weights, in decisions: a word's weight moves about as far as the
decisions about it outnumber this."""
SCALE_PENALTY = 200.0
"""L2 strength pulling the model's log-odds scale to 1 and the bias to 0."""
EPOCHS = 12
RATE = 0.3
MAX_WORDS = 20_000


def _word_grams(grams: list[str]) -> list[str]:
    return sorted({gram for gram in grams if gram[0] == WORD})


class FeedbackLayer:
    """``logit' = scale · logit + bias + Σ weight[w] / √(number of word grams)``."""

    def __init__(self, scale: float, bias: float, weights: dict[str, float], examples: int):
        self.scale = scale
        self.bias = bias
        self.weights = weights
        self.examples = examples
        """How many decisions it learnt from."""

    def adjust(self, logit: float, grams: list[str]) -> float:
        """The adjusted log-odds of a sentence of these :func:`~factcheck.core.checkworthy.features`."""
        words = _word_grams(grams)
        z = self.scale * logit + self.bias
        if words:
            weights = self.weights
            z += sum(weights.get(w, 0.0) for w in words) / math.sqrt(len(words))
        return z

    @classmethod
    def fit(cls, examples: list[tuple[str, int]], base: Scorer) -> FeedbackLayer:
        """The layer for these decisions (sentence, 1 marked / 0 dismissed) over ``base``'s scores.

        ``base`` is used without any layer it may carry.
        """
        base = base.with_layer(None)
        rows = []
        for sentence, label in examples:
            grams = features(sentence)
            words = _word_grams(grams)
            rows.append((base.base_logit(grams), words, 1.0 / math.sqrt(len(words)) if words else 0.0, int(label)))
        total = len(rows)
        if not total:
            return cls(1.0, 0.0, {}, 0)
        positives = sum(row[3] for row in rows)
        class_weight = {1: total / (2.0 * max(1, positives)), 0: total / (2.0 * max(1, total - positives))}
        frequency = Counter(w for row in rows for w in row[1])

        # Stochastic gradient descent with AdaGrad steps, in a fixed order: the penalty of each
        # weight is shared among the decisions holding its word, so one pass follows the gradient
        # of the whole objective (the sum of the weighted log losses plus the penalties).
        scale, bias = 1.0, 0.0
        weights: dict[str, float] = {}
        squares: dict[str, float] = {}
        scale_sq = bias_sq = 1e-8
        order = list(range(total))
        shuffle = random.Random(15).shuffle
        for _ in range(EPOCHS):
            shuffle(order)
            for index in order:
                logit, words, norm, label = rows[index]
                z = scale * logit + bias + sum(weights.get(w, 0.0) for w in words) * norm
                p = 1.0 / (1.0 + math.exp(-z)) if z >= -30 else 0.0
                g = (p - label) * class_weight[label]
                step = g * logit + SCALE_PENALTY * (scale - 1.0) / total
                scale_sq += step * step
                scale -= RATE * step / math.sqrt(scale_sq)
                step = g + SCALE_PENALTY * bias / total
                bias_sq += step * step
                bias -= RATE * step / math.sqrt(bias_sq)
                gn = g * norm
                for w in words:
                    old = weights.get(w, 0.0)
                    step = gn + WORD_PENALTY * old / frequency[w]
                    sq = squares.get(w, 1e-8) + step * step
                    squares[w] = sq
                    weights[w] = old - RATE * step / math.sqrt(sq)
        kept = sorted(((w, v) for w, v in weights.items() if abs(v) >= 1e-4), key=lambda item: -abs(item[1]))
        return cls(scale, bias, dict(kept[:MAX_WORDS]), total)

    def to_json(self) -> str:
        return json.dumps({"format": LAYER_FORMAT, "examples": self.examples, "scale": self.scale,
                           "bias": self.bias, "weights": {w[1:]: v for w, v in self.weights.items()}},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> FeedbackLayer:
        data = json.loads(text)
        if data.get("format") != LAYER_FORMAT:
            raise ValueError(f"check-worthiness layer of format {data.get('format')!r}, expected {LAYER_FORMAT}")
        return cls(float(data["scale"]), float(data["bias"]),
                   {WORD + w: float(v) for w, v in data["weights"].items()}, int(data["examples"]))

    def __repr__(self) -> str:
        return f"FeedbackLayer(examples={self.examples}, scale={self.scale:.3f}, bias={self.bias:.3f}, " \
               f"words={len(self.weights)})"
