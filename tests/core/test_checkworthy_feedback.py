"""A library's layer over the check-worthiness model: fitted on the desk's decisions, kept as JSON."""

import pytest

from factcheck.core.checkworthy import DEFAULT_THRESHOLD, Scorer, score_text
from factcheck.core.checkworthy_feedback import FeedbackLayer

# Among the sentences suggested, the desk checks what is said about hospital waiting lists and
# dismisses talk of polls.
MARKED = [
    "Hospital waiting lists in {place} have grown every month this year.",
    "Patients in {place} are waiting longer for hip operations than ever.",
    "Waiting times for operations in {place} have doubled since 2019.",
]
DISMISSED = [
    "The latest poll shows support for the mayor of {place} at 40 percent.",
    "A survey of {place} voters shows 52 percent back the mayor.",
    "The governor leads by 6 points in the latest poll of {place} voters.",
]
PLACES = ["Leeds", "Bristol", "Cardiff", "York", "Derby", "Hull", "Leicester", "Bath", "Exeter", "Norwich",
          "Ohio", "Texas", "Kent", "Essex", "Fife", "Perth", "Dundee", "Oxford", "Luton", "Wigan"]
NEW_WAITING = "Waiting lists at the children's hospital have grown for the third year running."
NEW_POLL = "A poll released on Tuesday puts the governor 12 points ahead."


def decisions(rounds: int = 10) -> list[tuple[str, int]]:
    examples = []
    for place in PLACES[:rounds]:
        examples += [(template.format(place=place), 1) for template in MARKED]
        examples += [(template.format(place=place), 0) for template in DISMISSED]
    return examples


@pytest.fixture(scope="module")
def layer():
    return FeedbackLayer.fit(decisions(), Scorer.shipped())


def test_the_layer_moves_scores_the_way_the_desk_decided(layer):
    base = Scorer.shipped()
    taught = base.with_layer(layer)
    (waiting_before, poll_before), (waiting_after, poll_after) = (
        scorer.score([NEW_WAITING, NEW_POLL]) for scorer in (base, taught))
    assert waiting_before < poll_before  # the model alone ranks them the other way round
    assert waiting_after > poll_after
    assert poll_after < poll_before - 0.2
    assert poll_after < DEFAULT_THRESHOLD  # no longer suggested
    assert all(score > DEFAULT_THRESHOLD for score in base.score([s for s, _label in decisions()]))
    assert layer.examples == 60


def test_more_decisions_move_scores_further():
    base = Scorer.shipped()
    few = base.with_layer(FeedbackLayer.fit(decisions(2), base)).score([NEW_POLL])[0]
    many = base.with_layer(FeedbackLayer.fit(decisions(20), base)).score([NEW_POLL])[0]
    assert many < few < base.score([NEW_POLL])[0]


def test_the_layer_round_trips_through_json(layer):
    again = FeedbackLayer.from_json(layer.to_json())
    assert again.examples == layer.examples
    sentences = [NEW_WAITING, NEW_POLL, "Thank you.", ""]
    assert Scorer.shipped().with_layer(again).score(sentences) == Scorer.shipped().with_layer(layer).score(sentences)
    assert "\x01" not in layer.to_json()


def test_decisions_on_sentences_the_model_does_not_suggest_are_not_learnt_from():
    # Dismissals come only from among the suggestions: set against them, a claim marked on a
    # sentence scored low would teach the layer that what the model scores high is unwanted.
    base = Scorer.shipped()
    low = [("Thank you all for coming tonight.", 1), ("Let me be clear.", 1)]
    assert FeedbackLayer.fit(low, base).weights == {}
    with_low, without = FeedbackLayer.fit(low + decisions(2), base), FeedbackLayer.fit(decisions(2), base)
    assert (with_low.bias, with_low.weights) == (without.bias, without.weights)
    assert with_low.examples == 14


def test_no_decisions_change_nothing():
    base = Scorer.shipped()
    empty = FeedbackLayer.fit([], base)
    assert empty.examples == 0
    assert base.with_layer(empty).score([NEW_POLL]) == base.score([NEW_POLL])
    assert score_text("", base.with_layer(empty)) == []


def test_a_layer_fits_over_the_model_alone_whatever_layer_its_base_carries(layer):
    base = Scorer.shipped()
    assert FeedbackLayer.fit(decisions(3), base.with_layer(layer)).to_json() == \
        FeedbackLayer.fit(decisions(3), base).to_json()
    assert base.with_layer(None).score([NEW_POLL]) == base.score([NEW_POLL])


def test_a_layer_of_another_format_is_refused():
    with pytest.raises(ValueError, match="format"):
        FeedbackLayer.from_json('{"format": 99}')


def test_the_layer_learns_the_shape_of_what_the_desk_dismisses():
    # A desk that dismisses every suggested question and marks the statements.
    base = Scorer.shipped()
    examples = []
    for place in PLACES:
        examples += [(f"Did crime in {place} rise by 20 percent last year?", 0),
                     (f"Is it true that {place} spent $3 million on new roads?", 0),
                     (f"Crime in {place} rose by 20 percent last year.", 1),
                     (f"{place} spent $3 million on new roads.", 1)]
    taught = base.with_layer(FeedbackLayer.fit(examples, base))
    question, statement = "Has the deficit doubled since 2010?", "The deficit has doubled since 2010."
    (question_before, statement_before), (question_after, statement_after) = (
        scorer.score([question, statement]) for scorer in (base, taught))
    assert question_after < question_before
    assert statement_after - question_after > statement_before - question_before + 0.2
    assert taught.layer.weights["#question"] < 0


def test_a_fit_asked_to_stop_stops_between_passes_and_while_it_scores_the_decisions():
    examples = decisions(20) * 4  # 480 decisions
    asked = []

    def cancelled_at(call: int):
        return lambda: asked.append(1) or len(asked) >= call

    assert FeedbackLayer.fit(examples, Scorer.shipped(), cancelled_at(2)) is None  # while scoring the decisions
    asked.clear()
    assert FeedbackLayer.fit(examples, Scorer.shipped(), cancelled_at(5)) is None  # during the passes
    asked.clear()
    layer = FeedbackLayer.fit(examples, Scorer.shipped(), lambda: asked.append(1) or False)
    assert layer is not None and layer.examples == 480 and len(asked) >= 3 + 8
