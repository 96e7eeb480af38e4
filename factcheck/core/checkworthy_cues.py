"""The check-worthiness model's second stage: a sentence's cues and the boosted trees that read them.

The first stage (:class:`factcheck.core.checkworthy.Scorer`'s logistic regression over n-grams)
sees words and their shapes one at a time, lower-cased. The second stage reads its log-odds
with a few counts over the sentence as written: how long it is, how many figures, years,
percentages and capitalised names it holds, whether it asks a question, how many of its words
are first or second person, modal, opinion, comparative or past-tense verbs. Gradient-boosted
trees (LightGBM, fitted by ``tools/train_checkworthy.py``) turn them into the final log-odds, so
"three figures in a long sentence" and "a figure in a question" can count differently. On
five folds of ClaimBuster's train.json it raised the F1 by about 0.01 over the first stage alone.

Pure Python: :func:`cues` is the same function the training script calls, and :class:`Trees`
walks the trees LightGBM dumped (``value <= threshold`` goes left, as LightGBM decides).
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d[\d,.]*")
_YEAR = re.compile(r"\b(?:1[89]\d\d|20[0-4]\d)s?\b")
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][a-zA-Z.'-]*")
_LETTERS = re.compile(r"[A-Za-z']+")

_WORD_SETS = {
    "comparative": frozenset("""more less than most least fewer higher lower larger smaller bigger increase
        increased decrease decreased doubled tripled cut rose fell grew raised lost""".split()),
    "i": frozenset("i me my mine myself i'm i've i'll".split()),
    "we": frozenset("we us our ours we're we've we'll".split()),
    "you": frozenset("you your yours you're you've".split()),
    "modal": frozenset("will would should could can must might may shall going gonna".split()),
    "opinion": frozenset("think believe feel hope want wish guess know sure agree disagree".split()),
    "money": frozenset("dollars dollar million billion trillion tax taxes budget deficit debt cost spending".split()),
    "percent": frozenset("percent percentage".split()),
    "negation": frozenset("not no never don't can't won't didn't".split()),
    "past": frozenset("was were had did voted said passed signed".split()),
    "thanks": frozenset("thank thanks".split()),
}

CUE_NAMES = ("words", "characters", "numbers", "years", "percent_signs", "dollar_signs", "capitalised",
             "question_marks", "exclamation_marks", "ed_words") + tuple(f"{name}_words" for name in _WORD_SETS)
"""What :func:`cues` counts, in its order (the trees' features 1 onwards; feature 0 is the first stage's log-odds)."""


def cues(sentence: str) -> list[float]:
    """Counts over ``sentence`` as written, in the order of :data:`CUE_NAMES`."""
    words = [word.lower() for word in _LETTERS.findall(sentence)]
    capitalised = len(_CAPITALISED.findall(" " + sentence)) - (1 if sentence[:1].isupper() else 0)
    out = [float(len(words)), float(len(sentence)), float(len(_NUMBER.findall(sentence))),
           float(len(_YEAR.findall(sentence))), float(sentence.count("%")), float(sentence.count("$")),
           float(capitalised), float(sentence.count("?")), float(sentence.count("!")),
           float(sum(1 for word in words if word.endswith("ed")))]
    for members in _WORD_SETS.values():
        out.append(float(sum(1 for word in words if word in members)))
    return out


class Trees:
    """A sum of regression trees, as LightGBM's ``dump_model`` gives them, in plain lists.

    Each tree is ``[features, thresholds, left, right, leaves]``: node ``n`` sends a row to
    ``left[n]`` when ``row[features[n]] <= thresholds[n]``, else to ``right[n]``; a child ``c < 0``
    is the leaf ``~c``. A tree without a split is ``[[], [], [], [], [value]]``.
    """

    def __init__(self, trees: list[list[list]]):
        self.trees = [tuple(tree) for tree in trees]

    def raw(self, row: list[float]) -> float:
        """The sum of the trees' leaves for ``row`` (the second stage's log-odds)."""
        total = 0.0
        for features, thresholds, left, right, leaves in self.trees:
            node = 0
            if features:
                while node >= 0:
                    node = left[node] if row[features[node]] <= thresholds[node] else right[node]
                node = ~node
            total += leaves[node]
        return total

    @classmethod
    def from_lightgbm(cls, dump: dict) -> Trees:
        """The trees of a LightGBM booster's ``dump_model()`` (numerical splits only, no missing values)."""
        trees = []
        for info in dump["tree_info"]:
            features: list[int] = []
            thresholds: list[float] = []
            left: list[int] = []
            right: list[int] = []
            leaves: list[float] = []

            def walk(node: dict) -> int:
                if "leaf_value" in node:
                    leaves.append(float(node["leaf_value"]))
                    return ~(len(leaves) - 1)
                if node["decision_type"] != "<=" or node.get("missing_type") not in (None, "None", "NaN"):
                    raise ValueError(f"a split the walker does not follow: {node['decision_type']}, "
                                     f"missing {node.get('missing_type')}")
                index = len(features)
                features.append(int(node["split_feature"]))
                thresholds.append(float(node["threshold"]))
                left.append(0)
                right.append(0)
                left[index] = walk(node["left_child"])
                right[index] = walk(node["right_child"])
                return index

            walk(info["tree_structure"])
            trees.append([features, thresholds, left, right, leaves])
        return cls(trees)

    def to_json(self) -> list[list[list]]:
        return [list(tree) for tree in self.trees]
