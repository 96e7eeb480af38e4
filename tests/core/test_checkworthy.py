"""Check-worthiness: sentences with code-point offsets, and the pure-Python scorer against its training pipeline."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.checkworthy import DEFAULT_THRESHOLD, Scorer, Sentence, score_text, split_sentences

REFERENCE = json.loads((Path(__file__).parent / "checkworthy_reference.json").read_text(encoding="utf-8"))
"""Probabilities the scikit-learn pipeline gave when tools/train_checkworthy.py fitted the shipped model."""
TEST_SPLIT = Path(__file__).resolve().parents[3] / "shared" / "data" / "claimbuster" / "test.json"


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    return [s.text for s in sentences]


def test_the_scorer_gives_the_training_pipelines_scores_on_sentences_written_for_it():
    probes = REFERENCE["probes"]
    scores = Scorer.shipped().score(list(probes))
    assert max(abs(score - expected) for score, expected in zip(scores, probes.values())) < 1e-5


def test_the_scorer_gives_the_training_pipelines_scores_on_the_test_split():
    if not TEST_SPLIT.exists():
        pytest.skip(f"{TEST_SPLIT} is not here (the sentences written for the test are checked above)")
    items = json.loads(TEST_SPLIT.read_text(encoding="utf-8"))
    assert len(items) == len(REFERENCE["test"]) == 702
    scores = Scorer.shipped().score([item["text"] for item in items])
    differences = [abs(score - REFERENCE["test"][str(item["sentence_id"])]) for score, item in zip(scores, items)]
    assert max(differences) < 1e-5


def test_the_threshold_is_the_one_chosen_in_training():
    assert Scorer.shipped().threshold == DEFAULT_THRESHOLD
    assert 0 < DEFAULT_THRESHOLD < 1


def test_a_figure_scores_above_a_courtesy():
    claim, courtesy = Scorer.shipped().score(["Unemployment fell to 3.5% in September, the lowest since 1969.",
                                              "Thank you all for coming tonight."])
    assert claim > DEFAULT_THRESHOLD > courtesy
    assert 0 <= courtesy <= claim <= 1


def test_nothing_is_suggested_for_an_empty_text():
    assert split_sentences("") == []
    assert score_text("") == []
    assert score_text("\n\n   \n\t") == []


def test_offsets_count_code_points_outside_the_bmp():
    text = "🇺🇸 Jobs rose 😀 by 2%. 𝕏 posts doubled in 2023.\n\n👍🏽 Thanks!"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["🇺🇸 Jobs rose 😀 by 2%.", "𝕏 posts doubled in 2023.",
                                           "👍🏽 Thanks!"]
    # 2 + 11 + 1 + 7 code points (24 UTF-16 units: the flag is two astral characters, the emoji one)
    assert sentences[0] == Sentence(0, 21, "🇺🇸 Jobs rose 😀 by 2%.")
    assert sentences[1] == Sentence(22, 46, "𝕏 posts doubled in 2023.")
    assert sentences[2].start == 48 == text.index("👍")
    for sentence, _score in score_text(text):
        assert text[sentence.start:sentence.end] == sentence.text


NEWS = (
    "Senate passes budget after all-night session\n"
    "\n"
    "WASHINGTON (Reuters) — Sen. Lindsey Graham of South Carolina said: \"Spending rose 3.5% last year, "
    "more than in any year since 2009.\" Mr. Biden disagreed. The U.S. economy grew 2.1 percent in the "
    "third quarter, the Commerce Dept. said on Friday.\n"
    "\"Is that true?\" she asked. \"No,\" he said. George W. Bush signed the law in 2003... Then came 2008!\n"
    "The bill would:\n"
    "• cut taxes for 40 million families;\n"
    "- raise the U.S. debt limit by $1.5 trillion.\n"
    "1. The deficit is $1.7 trillion.\n"
    "2) Crime fell (by 5%). Police say so.\n"
    "“We will not back down,” the governor said. ‘Never.’ Officials in the U.K. agreed."
)


def test_sentences_of_a_news_story():
    assert texts(NEWS) == [
        "Senate passes budget after all-night session",
        "WASHINGTON (Reuters) — Sen. Lindsey Graham of South Carolina said: \"Spending rose 3.5% last year, "
        "more than in any year since 2009.\"",
        "Mr. Biden disagreed.",
        "The U.S. economy grew 2.1 percent in the third quarter, the Commerce Dept. said on Friday.",
        "\"Is that true?\" she asked.",
        "\"No,\" he said.",
        "George W. Bush signed the law in 2003...",
        "Then came 2008!",
        "The bill would:",
        "cut taxes for 40 million families;",
        "raise the U.S. debt limit by $1.5 trillion.",
        "The deficit is $1.7 trillion.",
        "Crime fell (by 5%).",
        "Police say so.",
        "“We will not back down,” the governor said.",
        "‘Never.’",
        "Officials in the U.K. agreed.",
    ]


def test_an_abbreviation_that_also_ends_sentences_ends_one_before_a_sentence_s_opening_word():
    """From review: merged sentences were scored, accepted and dismissed as one."""
    for text, expected in [
        ("Voters said no. The measure failed by 10 points.", ["Voters said no.", "The measure failed by 10 points."]),
        ("The troops returned to the U.S. The war cost $2 trillion.",
         ["The troops returned to the U.S.", "The war cost $2 trillion."]),
        ("It happened at 10 p.m. Police said two died.", ["It happened at 10 p.m.", "Police said two died."]),
        ("It sold Acme Inc. The deal closed in Jan. It was the largest.",
         ["It sold Acme Inc.", "The deal closed in Jan.", "It was the largest."]),
        ("See No. 5 and Fig. 2 at 8 a.m. Monday in the U.S. Senate.",
         ["See No. 5 and Fig. 2 at 8 a.m. Monday in the U.S. Senate."]),
        ("U.S. Officials Say Strike Killed 12 Civilians", ["U.S. Officials Say Strike Killed 12 Civilians"]),
        ("Troops Return to U.S. In Time for Christmas", ["Troops Return to U.S. In Time for Christmas"]),
    ]:
        assert [s.text for s in split_sentences(text)] == expected


def test_spaces_are_left_out_of_sentences():
    assert texts("  First one.   Second one.  \n\n\tThird\u00a0one.\u00a0 ") == [
        "First one.", "Second one.", "Third\u00a0one."]


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n\"“”'A1😀-•.")), max_size=60))
def test_sentences_lie_in_the_text_in_order_without_overlap(text):
    sentences = split_sentences(text)
    end = 0
    for sentence in sentences:
        assert end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text == sentence.text.strip()
        end = sentence.end


def test_the_model_is_read_when_first_used_not_on_import(tmp_path):
    code = ("import factcheck.core.checkworthy as c; print(c._shipped.cache_info().currsize); "
            "c.score_text('One. Two.'); print(c._shipped.cache_info().currsize)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.stdout.split() == ["0", "1"], result.stderr
