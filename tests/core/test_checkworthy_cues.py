"""The check-worthiness model's second stage: the cues it counts and the walk of its trees."""

import pytest

from factcheck.core.checkworthy import Scorer, features, sigmoid
from factcheck.core.checkworthy_cues import CUE_NAMES, Trees, cues


def named_cues(sentence: str) -> dict[str, float]:
    values = cues(sentence)
    assert len(values) == len(CUE_NAMES)
    return dict(zip(CUE_NAMES, values))


def test_the_cues_count_figures_years_names_and_questions_as_written():
    found = named_cues("Did Senator Smith say unemployment rose 3.5% to $1,200 in 2019 and in the 1990s?")
    assert found["numbers"] == 4  # 3.5, 1,200, 2019, 1990
    assert found["years"] == 2
    assert (found["percent_signs"], found["dollar_signs"], found["question_marks"]) == (1, 1, 1)
    assert found["capitalised"] == 2  # Senator Smith; the first word does not count
    assert found["comparative_words"] == 1  # rose
    assert found["words"] == 12  # runs of letters: "1990s" leaves "s"


def test_the_cues_count_who_speaks_and_how():
    found = named_cues("I think we will win, and you know it! Thank you.")
    assert (found["i_words"], found["we_words"], found["you_words"]) == (1, 1, 2)
    assert found["opinion_words"] == 2  # think, know
    assert found["modal_words"] == 1
    assert (found["exclamation_marks"], found["thanks_words"]) == (1, 1)
    assert found["numbers"] == found["years"] == 0
    assert found["capitalised"] == 1  # "Thank": any capital after the first word counts, a name or not


def test_an_empty_sentence_has_no_cues():
    assert cues("") == [0.0] * len(CUE_NAMES)


# What LightGBM's dump_model() gives, cut down to what the walker reads.
DUMP = {"tree_info": [
    {"tree_structure": {
        "split_feature": 0, "threshold": 0.5, "decision_type": "<=", "missing_type": "None",
        "left_child": {"leaf_value": -1.0},
        "right_child": {"split_feature": 2, "threshold": 1.0000000000000002, "decision_type": "<=",
                        "missing_type": "None", "left_child": {"leaf_value": 0.5},
                        "right_child": {"leaf_value": 2.0}}}},
    {"tree_structure": {"leaf_value": 0.25}},  # a tree without a split
]}


def test_the_trees_send_a_value_equal_to_the_threshold_left_as_lightgbm_does():
    trees = Trees.from_lightgbm(DUMP)
    assert trees.raw([0.5, 9.0, 9.0]) == -1.0 + 0.25
    assert trees.raw([0.6, 0.0, 1.0]) == 0.5 + 0.25
    assert trees.raw([0.6, 0.0, 2.0]) == 2.0 + 0.25


def test_the_trees_survive_the_model_file():
    trees = Trees.from_lightgbm(DUMP)
    again = Trees(trees.to_json())
    for row in ([0.0, 0.0, 0.0], [1.0, 0.0, 1.0], [1.0, 0.0, 3.0]):
        assert again.raw(row) == trees.raw(row)


def test_a_split_the_walker_cannot_follow_is_refused():
    categorical = {"tree_info": [{"tree_structure": {
        "split_feature": 1, "threshold": "1||2", "decision_type": "==", "missing_type": "None",
        "left_child": {"leaf_value": 1.0}, "right_child": {"leaf_value": 0.0}}}]}
    with pytest.raises(ValueError, match="=="):
        Trees.from_lightgbm(categorical)


def test_the_log_odds_from_the_grams_are_the_scores_log_odds():
    # The feedback layer asks for the model's log-odds with the grams alone: they must be the
    # two stages' log-odds, those the scores come from.
    scorer = Scorer.shipped()
    sentences = ["Unemployment fell to 3.5% in September, the lowest rate since 1969.", "Thank you all."]
    for sentence, score in zip(sentences, scorer.score(sentences)):
        assert sigmoid(scorer.base_logit(features(sentence))) == pytest.approx(score, abs=1e-12)
    with pytest.raises(TypeError, match="features"):
        scorer.base_logit(list(features(sentences[0])))


def test_the_second_stage_moves_the_first_stages_log_odds():
    scorer = Scorer.shipped()
    grams = features("The U.S. spent $1.2 trillion on health care last year, more than any other country.")
    assert scorer.base_logit(grams) != pytest.approx(scorer.linear_logit(grams), abs=1e-3)
