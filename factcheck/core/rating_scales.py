"""Rating scales: named lists of verdicts, shipped as editable JSON data files.

A scale file looks like::

    {"key": "politifact", "name": "PolitiFact Truth-O-Meter",
     "verdicts": [{"label": "True", "color": "#2e7d32",
                   "definition": "The statement is accurate ...", "value": 6}, ...]}

``value`` is optional: where present it becomes ClaimReview's ``ratingValue``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from factcheck.assets import resource

NEUTRAL_COLOR = "#9e9e9e"
"""The colour of a claim that has no verdict yet."""

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

MAX_VALUE = 2**53
"""Largest ``value`` a verdict may have: stored as SQLite REAL, exported as plain JSON."""


MAX_VERDICTS = 100
"""More than any desk's scale (Snopes has 14): a bigger one is not a rating scale, and would
slow every later import and export."""


class RatingScaleError(ValueError):
    """A scale description that is not usable; the message names what is wrong."""


@dataclass(frozen=True)
class Verdict:
    """One verdict of a scale: its label, colour and definition, and its optional ClaimReview ``ratingValue``."""

    label: str
    color: str
    definition: str = ""
    value: float | None = None


@dataclass(frozen=True)
class RatingScale:
    """A named list of verdicts, in the order its file gives them (the window offers them as Alt+1, Alt+2, …)."""

    key: str
    name: str
    verdicts: tuple[Verdict, ...] = field(default_factory=tuple)

    def verdict(self, label: str | None) -> Verdict | None:
        """The verdict with this label, or None for no verdict or an unknown label."""
        for verdict in self.verdicts:
            if verdict.label == label:
                return verdict
        return None

    def color_of(self, label: str | None) -> str:
        verdict = self.verdict(label)
        return verdict.color if verdict else NEUTRAL_COLOR

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "verdicts": [
                {"label": v.label, "color": v.color, "definition": v.definition, "value": v.value}
                for v in self.verdicts
            ],
        }

    @classmethod
    def from_dict(cls, data: object) -> RatingScale:
        """Build a scale from parsed JSON, checking every field."""
        if not isinstance(data, dict):
            raise RatingScaleError("a rating scale must be a JSON object")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise RatingScaleError("a rating scale needs a non-empty 'name'")
        key = data.get("key") or slug(name)
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", key):
            raise RatingScaleError(f"rating scale key {key!r} must be lower-case letters, digits, - or _")
        raw_verdicts = data.get("verdicts")
        if not isinstance(raw_verdicts, list):
            raise RatingScaleError(f"rating scale {name!r} needs a 'verdicts' list")
        if len(raw_verdicts) > MAX_VERDICTS:
            raise RatingScaleError(f"rating scale {name!r} has {len(raw_verdicts):,} verdicts; a scale may have "
                                   f"at most {MAX_VERDICTS}")
        verdicts = []
        for n, item in enumerate(raw_verdicts, start=1):
            if not isinstance(item, dict):
                raise RatingScaleError(f"verdict {n} of {name!r} must be an object")
            label = item.get("label")
            color = item.get("color", NEUTRAL_COLOR)
            definition = item.get("definition") or ""
            value = item.get("value")
            if not isinstance(label, str) or not label.strip():
                raise RatingScaleError(f"verdict {n} of {name!r} needs a 'label'")
            if not isinstance(color, str) or not _COLOR.match(color):
                raise RatingScaleError(f"verdict {label!r} of {name!r}: colour must look like #rrggbb")
            if not isinstance(definition, str):
                raise RatingScaleError(f"verdict {label!r} of {name!r}: 'definition' must be text")
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise RatingScaleError(f"verdict {label!r} of {name!r}: 'value' must be a number or null")
            if value is not None and not -MAX_VALUE <= value <= MAX_VALUE:  # also refuses NaN
                raise RatingScaleError(f"verdict {label!r} of {name!r}: 'value' must be a finite number "
                                       "between -2**53 and 2**53")
            verdicts.append(Verdict(label, color.lower(), definition, value))
        labels = [v.label for v in verdicts]
        if len(set(labels)) != len(labels):
            raise RatingScaleError(f"rating scale {name!r} repeats a verdict label")
        return cls(key=key, name=name, verdicts=tuple(verdicts))


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text or "scale"


def builtin_scales() -> list[RatingScale]:
    """The scales shipped under ``resources/rating_scales``, in file-name order."""
    folder = resource("rating_scales")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return [RatingScale.from_dict(json.loads(f.read_text(encoding="utf-8"))) for f in files]


DEFAULT_SCALE_KEY = "newsroom"
