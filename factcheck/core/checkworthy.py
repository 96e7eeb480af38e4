"""Which sentences of an article are worth checking: sentences, their features, the shipped scorer.

The shipped model is a logistic regression over TF-IDF weighted word 1–2-grams and
character 3–5-grams (within words) of the sentence, lower-cased and with every digit read as
0, fitted by ``tools/train_checkworthy.py`` on the ClaimBuster sentences. It lives in
``factcheck/models/checkworthy.json.gz`` and is read on first use only. Scoring here is pure
Python: the same arithmetic as the training pipeline (scikit-learn's sublinear TF, smoothed
IDF, L2 norm, logistic), on a dictionary of the features the model kept.

A library can add a layer of its own, learnt from its reviewers' decisions
(:mod:`factcheck.core.checkworthy_feedback`): :meth:`Scorer.with_layer`.

Offsets are code points into the article text as factcheck stores it (``end`` exclusive).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol


class FeedbackLayer(Protocol):
    """A library's adjustment on top of the model (:class:`factcheck.core.checkworthy_feedback.FeedbackLayer`)."""

    def adjust(self, logit: float, grams: list[str]) -> float: ...

MODEL_FILE = "checkworthy.json.gz"
MODEL_FORMAT = 1

DEFAULT_THRESHOLD = 0.55
"""The score above which a sentence is suggested: the best F1 with precision >= 0.90 over
cross-validated scores of the training data (tools/train_checkworthy.py; the model file records it)."""

WORD = "\x01"
"""What starts a word feature, so "the" the word is not " the" the character 3-gram."""


# ---------------------------------------------------------------------------------------------
# Sentences

@dataclass(frozen=True)
class Sentence:
    """A sentence of the article text: ``text == article_text[start:end]``, trimmed of spaces."""

    start: int
    end: int
    text: str


_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj rev fr st jr sr hon pres supt
    insp det ft mt no nos vol vols fig figs approx dept est inc corp ltd co bros vs v e.g i.e cf al
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u d.c a.m p.m""".split()
)
"""Words whose full stop rarely ends a sentence ("Sen. Graham", "U.S. troops", "8 a.m. Monday")."""
_BEFORE_A_NUMBER = frozenset("no nos vol vols fig figs est approx".split())
"""Abbreviations only before a number ("No. 5", "Fig. 2"): "Voters said no. The measure failed" is two sentences."""
_MAY_END = frozenset(
    """inc corp ltd co bros jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u d.c a.m p.m""".split())
"""Abbreviations that also end sentences: then the next word is one that opens sentences ("…to the U.S. The war")."""
_OPENING_WORDS = frozenset(
    """the a an it he she they we i you this that these those there here his her their its our my but and or so
    yet in on at after before when while if as however meanwhile officials police""".split())

_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"
# A candidate end: terminal punctuation, any closing quotes or brackets, then white space.
_END = re.compile(r"[.!?…]+[\"'”’»)\]}]*(?=\s)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-–—•*·▪‣◦]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]+")
_SPACE = " \t\u00a0\u2009\u200a\u202f\u3000"


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, with code-point offsets.

    A line break always ends a sentence (headlines, list items and paragraphs have no full
    stop to rely on), and a list item's marker ("•", "-", "1.", "a)") is left out of it. Within a
    line a sentence ends at ``.``, ``!``, ``?`` or ``…`` and any closing quotes after it, unless the
    next word starts with a small letter ('"Is it true?" she asked'), and not after an abbreviation
    ("Mr.", "Sen.", "U.S.") or a lone initial ("George W. Bush"). "3.5%" has no space after its
    point, so it is never an end.
    """
    sentences: list[Sentence] = []
    position = 0
    for line in text.split("\n"):
        line_start = position
        position += len(line) + 1
        if not line.strip():
            continue
        marker = _LIST_MARKER.match(line)
        # "1. The economy grew" is a list item; "1. " alone or "A. Lincoln said" is not worth the risk.
        begin = marker.end() if marker and _is_list_marker(line, marker.group()) else 0
        for start, end in _line_sentences(line, begin):
            sentences.append(Sentence(line_start + start, line_start + end, line[start:end]))
    return sentences


def _is_list_marker(line: str, marker: str) -> bool:
    bare = marker.strip()
    if len(bare) == 2 and bare[0].isalpha() and bare[1] == ".":
        return False  # "A. Lincoln": an initial, not an item
    return len(line) > len(marker)


def _line_sentences(line: str, begin: int) -> list[tuple[int, int]]:
    spans = []
    start = begin
    for match in _END.finditer(line, begin):
        end = match.end()
        if not _ends_sentence(line, match.start(), end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(line)))
    trimmed = []
    for start, end in spans:
        while start < end and (line[start].isspace() or line[start] in _SPACE):
            start += 1
        while end > start and (line[end - 1].isspace() or line[end - 1] in _SPACE):
            end -= 1
        if start < end:
            trimmed.append((start, end))
    return trimmed


def _ends_sentence(line: str, stop: int, end: int) -> bool:
    """Whether the punctuation at ``line[stop:end]`` ends a sentence."""
    following = end
    while following < len(line) and line[following].isspace():
        following += 1
    if following >= len(line):
        return True
    next_char = line[following]
    if next_char in _OPENERS and following + 1 < len(line):
        next_char = line[following + 1]
    if next_char.islower() or next_char in ",;:)]}":
        return False  # '"Is it true?" she asked', "in the U.S. and abroad"
    if line[stop] != "." or line[stop:end].startswith(".."):
        return True
    # The word before the full stop: an abbreviation or an initial keeps the sentence going.
    word_start = stop
    while word_start > 0 and not line[word_start - 1].isspace() and line[word_start - 1] not in _OPENERS:
        word_start -= 1
    word = line[word_start:stop].lower()
    if word in _BEFORE_A_NUMBER:
        return not next_char.isdigit()
    if word in _MAY_END or (len(word) >= 3 and "." in word and all(len(part) == 1 for part in word.split("."))):
        return _opening_word(line, following)  # "U.S.A. officials", "N.A.T.O."; "…in the U.S. The war…"
    if word in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha():
        return False  # "George W. Bush", "J. K. Rowling"
    return True


def _opening_word(line: str, at: int) -> bool:
    """Whether the word at ``line[at:]`` (after any opening quote) is one that usually opens a sentence, and
    the word after it is not capitalised too (a headline in title case: "U.S. Officials Say …")."""
    while at < len(line) and line[at] in _OPENERS:
        at += 1
    end = at
    while end < len(line) and line[end].isalpha():
        end += 1
    if line[at:end].lower() not in _OPENING_WORDS:
        return False
    following = end
    while following < len(line) and line[following] in _SPACE:
        following += 1
    return following >= len(line) or not line[following].isupper()


# ---------------------------------------------------------------------------------------------
# Features (shared with the training script, which hands this function to scikit-learn)

_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"\w\w+")


def features(sentence: str) -> list[str]:
    """The n-grams the model reads in ``sentence``, one entry per occurrence.

    Word 1- and 2-grams (words of two or more word characters, each prefixed with
    :data:`WORD`) and character 3- to 5-grams of each white-space separated token padded with
    a space on either side, all lower-cased with every digit read as ``0`` ("$1.5 billion"
    and "$2.7 billion" share their shape).
    """
    text = _DIGIT.sub("0", sentence.lower())
    words = [WORD + word for word in _WORDS.findall(text)]
    grams = words + [a + " " + b[1:] for a, b in zip(words, words[1:])]
    for token in text.split():
        padded = " " + token + " "
        size = len(padded)
        grams += [padded[i:i + 3] for i in range(size - 2)]
        grams += [padded[i:i + 4] for i in range(size - 3)]
        grams += [padded[i:i + 5] for i in range(size - 4)]
    return grams


# ---------------------------------------------------------------------------------------------
# The scorer

class Scorer:
    """Check-worthiness of sentences, as probabilities in [0, 1]."""

    def __init__(self, model: dict, layer: FeedbackLayer | None = None):
        if model.get("format") != MODEL_FORMAT:
            raise ValueError(f"check-worthiness model of format {model.get('format')!r}, expected {MODEL_FORMAT}")
        self._model = model
        self._weights: dict[str, tuple[float, float]] = model["weights"]
        self._bias: float = model["bias"]
        self.threshold: float = model.get("threshold", DEFAULT_THRESHOLD)
        self.layer = layer

    @classmethod
    def from_json(cls, text: str | bytes) -> Scorer:
        model = json.loads(text)
        model["weights"] = {gram: (idf, coef) for gram, (idf, coef) in model["weights"].items()}
        return cls(model)

    @classmethod
    def shipped(cls) -> Scorer:
        """The model inside the package, read the first time it is asked for."""
        return _shipped()

    def with_layer(self, layer: FeedbackLayer | None) -> Scorer:
        """This model with ``layer`` on top (None: the model alone)."""
        return Scorer(self._model, layer)

    def base_logit(self, grams: list[str]) -> float:
        """The shipped model's log-odds for a sentence of these :func:`features`."""
        weights = self._weights
        dot = 0.0
        norm = 0.0
        for gram, count in Counter(grams).items():
            entry = weights.get(gram)
            if entry is None:
                continue
            idf, coef = entry
            value = (1.0 + math.log(count)) * idf if count > 1 else idf
            norm += value * value
            dot += value * coef
        return self._bias + (dot / math.sqrt(norm) if norm else 0.0)

    def logits(self, sentences: list[str]) -> list[float]:
        layer = self.layer
        out = []
        for sentence in sentences:
            grams = features(sentence)
            logit = self.base_logit(grams)
            out.append(layer.adjust(logit, grams) if layer is not None else logit)
        return out

    def score(self, sentences: list[str]) -> list[float]:
        """The probability that each sentence holds a check-worthy factual claim."""
        return [sigmoid(z) for z in self.logits(sentences)]


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@cache
def _shipped() -> Scorer:
    data = resources.files("factcheck").joinpath("models", MODEL_FILE).read_bytes()
    return Scorer.from_json(gzip.decompress(data))


def score_text(text: str, scorer: Scorer | None = None) -> list[tuple[Sentence, float]]:
    """Every sentence of ``text`` with its score, in the order of the text."""
    sentences = split_sentences(text)
    if not sentences:
        return []
    scorer = scorer or Scorer.shipped()
    return list(zip(sentences, scorer.score([s.text for s in sentences])))
