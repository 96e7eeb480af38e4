"""Rating scales: the shipped JSON files and the checks on scales read from bundles."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.rating_scales import (
    DEFAULT_SCALE_KEY,
    NEUTRAL_COLOR,
    RatingScale,
    RatingScaleError,
    Verdict,
    builtin_scales,
    slug,
)

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


@pytest.fixture(scope="module")
def scales() -> dict[str, RatingScale]:
    return {scale.key: scale for scale in builtin_scales()}


def test_at_least_three_builtin_scales_in_file_name_order():
    keys = [scale.key for scale in builtin_scales()]
    assert len(keys) >= 3
    assert keys[:3] == ["newsroom", "politifact", "washington-post"]
    assert len(set(keys)) == len(keys)


def test_the_default_scale_is_shipped(scales):
    assert DEFAULT_SCALE_KEY in scales


@pytest.mark.parametrize("key", ["newsroom", "politifact", "washington-post"])
def test_every_builtin_verdict_has_a_label_a_colour_and_a_definition(scales, key):
    scale = scales[key]
    assert scale.name.strip()
    assert len(scale.verdicts) >= 3
    for verdict in scale.verdicts:
        assert verdict.label.strip()
        assert HEX_COLOUR.match(verdict.color), verdict
        assert verdict.definition.strip(), verdict
        assert verdict.value is None or isinstance(verdict.value, (int, float))
    labels = [v.label for v in scale.verdicts]
    assert len(set(labels)) == len(labels)


def test_newsroom_scale_has_the_non_ratings(scales):
    labels = [v.label for v in scales["newsroom"].verdicts]
    assert "Unverifiable" in labels
    assert "Opinion — not checkable" in labels
    assert scales["newsroom"].verdict("Unverifiable").value is None


def test_known_builtin_labels(scales):
    assert scales["politifact"].verdict("Pants on Fire") is not None
    assert scales["washington-post"].verdict("Four Pinocchios") is not None


def test_verdict_lookup_and_colours(scales):
    newsroom = scales["newsroom"]
    assert newsroom.verdict("False") == Verdict("False", "#c62828", "The claim is not correct.", 1)
    assert newsroom.verdict(None) is None
    assert newsroom.verdict("Pants on Fire") is None
    assert newsroom.color_of("Accurate") == "#2e7d32"
    assert newsroom.color_of(None) == NEUTRAL_COLOR
    assert newsroom.color_of("no such verdict") == NEUTRAL_COLOR


def test_to_dict_from_dict_round_trip(scales):
    for scale in scales.values():
        data = json.loads(json.dumps(scale.to_dict()))
        assert RatingScale.from_dict(data) == scale


def test_from_dict_fills_defaults_and_lower_cases_colours():
    scale = RatingScale.from_dict(
        {"name": "My Desk Scale!", "verdicts": [{"label": "Yes", "color": "#ABCDEF"}, {"label": "No"}]}
    )
    assert scale.key == "my-desk-scale"
    assert scale.verdicts == (Verdict("Yes", "#abcdef", "", None), Verdict("No", NEUTRAL_COLOR, "", None))


def test_slug():
    assert slug("PolitiFact Truth-O-Meter") == "politifact-truth-o-meter"
    assert slug("!!!") == "scale"


GOOD = {"key": "desk", "name": "Desk", "verdicts": [{"label": "True", "color": "#00ff00", "value": 1}]}


def with_(**changes):
    data = json.loads(json.dumps(GOOD))
    data.update(changes)
    return data


def with_verdict(**changes):
    data = json.loads(json.dumps(GOOD))
    data["verdicts"][0].update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "must be a JSON object"),
        (None, "must be a JSON object"),
        ("scale", "must be a JSON object"),
        (with_(name=None), "non-empty 'name'"),
        (with_(name="   "), "non-empty 'name'"),
        (with_(name=7), "non-empty 'name'"),
        (with_(key="Bad Key"), "must be lower-case"),
        (with_(key=12), "must be lower-case"),
        (with_(key="-x"), "must be lower-case"),
        (with_(verdicts=None), "needs a 'verdicts' list"),
        (with_(verdicts={"label": "True"}), "needs a 'verdicts' list"),
        (with_(verdicts=["True"]), "verdict 1 of 'Desk' must be an object"),
        (with_verdict(label=""), "verdict 1 of 'Desk' needs a 'label'"),
        (with_verdict(label=None), "needs a 'label'"),
        (with_verdict(color="red"), "colour must look like #rrggbb"),
        (with_verdict(color="#12345"), "colour must look like #rrggbb"),
        (with_verdict(color="#1234567"), "colour must look like #rrggbb"),
        (with_verdict(color=None), "colour must look like #rrggbb"),
        (with_verdict(definition=3), "'definition' must be text"),
        (with_verdict(value="high"), "'value' must be a number or null"),
        (with_verdict(value=True), "'value' must be a number or null"),
        (with_verdict(value=float("nan")), "'value' must be a finite number"),
        (with_verdict(value=float("inf")), "'value' must be a finite number"),
        (with_verdict(value=-float("inf")), "'value' must be a finite number"),
        (with_verdict(value=10**30), "'value' must be a finite number"),
        (with_(verdicts=[{"label": "A"}, {"label": "A"}]), "repeats a verdict label"),
    ],
)
def test_from_dict_rejects_bad_input_with_a_clear_message(data, message):
    with pytest.raises(RatingScaleError, match=re.escape(message)):
        RatingScale.from_dict(data)


def test_rating_scale_error_is_a_value_error():
    assert issubclass(RatingScaleError, ValueError)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)

verdict_like = st.fixed_dictionaries(
    {},
    optional={
        "label": json_values | st.sampled_from(["True", "False", " "]),
        "color": json_values | st.sampled_from(["#00ff00", "#GGGGGG", "#abc"]),
        "definition": json_values,
        "value": json_values,
    },
)

scale_like = st.fixed_dictionaries(
    {},
    optional={
        "key": json_values | st.sampled_from(["desk", "Desk", "a b", ""]),
        "name": json_values | st.sampled_from(["Desk", ""]),
        "verdicts": st.lists(verdict_like | json_values, max_size=4) | json_values,
    },
)


@given(scale_like | json_values)
def test_from_dict_on_random_json_only_ever_raises_rating_scale_error(data):
    try:
        scale = RatingScale.from_dict(data)
    except RatingScaleError as error:
        assert str(error)
        return
    assert isinstance(scale, RatingScale)
    assert scale.name.strip()
    assert all(HEX_COLOUR.match(v.color) for v in scale.verdicts)
    assert all(v.value is None or abs(v.value) <= 2**53 for v in scale.verdicts)


def test_a_scale_with_thousands_of_verdicts_is_refused():
    from factcheck.core.rating_scales import MAX_VERDICTS, RatingScale, RatingScaleError

    verdicts = [{"label": f"Verdict {n}", "color": "#336699"} for n in range(MAX_VERDICTS + 1)]
    with pytest.raises(RatingScaleError, match="at most 100"):
        RatingScale.from_dict({"name": "Huge", "verdicts": verdicts})
    assert len(RatingScale.from_dict({"name": "Big", "verdicts": verdicts[:MAX_VERDICTS]}).verdicts) == MAX_VERDICTS
