"""Agreement statistics: the published worked examples, an independent implementation, properties.

Published values reproduced here:

- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Departmental Papers (ASC)
  43, University of Pennsylvania: section A (binary data, two observers: alpha = 0.095),
  section B (nominal data, two observers: alpha = 0.692) and section C's reliability data
  (4 observers A-D, 12 units, missing values), for which the paper gives alpha = 0.743
  (nominal), 0.815 (ordinal) and 0.849 (interval).
- Altman, D. G. (1991). Practical Statistics for Medical Research. Chapman & Hall, section 14.3:
  Table 14.2, two radiologists' assessments of 85 xeromammograms (Boyd et al., 1982), kappa =
  0.47; Table 14.3, RAST against MAST on 363 sera (Brostoff et al., 1984), kappa = 0.32;
  Table 14.4, two 2x2 tables with the same agreement of 0.8, kappa = 0.38 and 0.60.

The independent implementation (agreement_reference.py) is the ``krippendorff`` package for alpha
and the confusion-matrix formula for kappa; neither shares code with factcheck.core.agreement.
"""

import csv
import io
import random

import pytest
from agreement_reference import reference_alpha, reference_kappa
from hypothesis import assume, given
from hypothesis import strategies as st

from factcheck.core.agreement import (
    CSV_HEADER,
    INTERVAL,
    METRICS,
    NOMINAL,
    ORDINAL,
    cohen_kappa,
    krippendorff_alpha,
    measure_agreement,
)
from factcheck.core.rating_scales import RatingScale, Verdict, builtin_scales


def scale_of(*verdicts: tuple[str, float | None]) -> RatingScale:
    return RatingScale("test", "Test scale", tuple(Verdict(label, "#000000", value=value) for label, value in verdicts))


def columns(matrix):
    """Reliability data as one tuple of values per unit (the form krippendorff_alpha takes)."""
    return list(zip(*matrix, strict=True))


def triples(matrix, reviewers):
    """(claim, reviewer, verdict) triples from a matrix with one row per reviewer."""
    return [(claim, reviewer, value) for reviewer, row in zip(reviewers, matrix, strict=True)
            for claim, value in enumerate(row) if value is not None]


def pairs_from_table(table, categories):
    """One (first coder, second coder) pair per unit from a table of counts (rows: first coder)."""
    return [(categories[i], categories[j]) for i, row in enumerate(table) for j, count in enumerate(row)
            for _ in range(count)]


# --- Krippendorff (2011) -------------------------------------------------------------------------

# Section C's reliability data: observers A, B, C, D (rows) and units 1-12 (columns), None missing.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(("metric", "published"), [(NOMINAL, 0.743), (ORDINAL, 0.815), (INTERVAL, 0.849)])
def test_krippendorff_2011_four_observers_with_missing_values(metric, published):
    alpha = krippendorff_alpha(columns(KRIPPENDORFF_2011), metric)
    assert round(alpha, 3) == published
    assert alpha == pytest.approx(reference_alpha(KRIPPENDORFF_2011, metric), abs=1e-12)


def test_krippendorff_2011_through_the_reviewers_triples():
    # Unit 12 has one value, so 11 units with 3+4+4+4+4+4+4+4+4+3+2 = 40 pairable values.
    scale = scale_of(*((str(v), v) for v in range(1, 6)))
    matrix = [[None if v is None else str(v) for v in row] for row in KRIPPENDORFF_2011]
    result = measure_agreement(triples(matrix, "ABCD"), scale)
    assert (result.reviewers, result.claims, result.verdicts) == (("A", "B", "C", "D"), 11, 40)
    assert round(result.alpha_nominal, 3) == 0.743
    assert round(result.alpha_ordinal, 3) == 0.815
    assert result.kappa is None  # four reviewers
    assert [s.key for s in result.statistics] == ["alpha_nominal", "alpha_ordinal"]


def test_krippendorff_2011_section_a_binary_two_observers():
    # o_01 = o_10 = 4, n_0 = 14, n_1 = 6, n = 20: alpha = 1 - 19 * 4 / (14 * 6), printed as 0.095.
    alpha = krippendorff_alpha(zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True))
    assert alpha == pytest.approx(1 - 19 * 4 / 84, abs=1e-15)
    assert round(alpha, 3) == 0.095


def test_krippendorff_2011_section_b_nominal_two_observers():
    ben = ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"]
    gerry = ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"]
    assert round(krippendorff_alpha(zip(ben, gerry, strict=True)), 3) == 0.692


# --- Cohen's kappa: Altman (1991), section 14.3 ---------------------------------------------------

XEROMAMMOGRAMS = ["Normal", "Benign", "Suspected cancer", "Cancer"]
ALTMAN_TABLE_14_2 = [[21, 12, 0, 0], [4, 17, 1, 0], [3, 9, 15, 2], [0, 0, 0, 1]]  # rows: radiologist A
ALTMAN_TABLE_14_3 = [[86, 3, 14, 0, 2], [26, 0, 10, 4, 0], [20, 2, 22, 4, 1], [11, 1, 37, 16, 14],
                     [3, 0, 15, 24, 48]]  # rows: MAST, columns: RAST


def test_altman_table_14_2_radiologists_kappa_047():
    # p_o = 54/85, p_e = (33*28 + 22*38 + 29*16 + 1*3) / 85**2 = 2227/7225.
    kappa = cohen_kappa(pairs_from_table(ALTMAN_TABLE_14_2, XEROMAMMOGRAMS))
    assert kappa == pytest.approx((54 / 85 - 2227 / 7225) / (1 - 2227 / 7225), abs=1e-15)
    assert round(kappa, 2) == 0.47


def test_altman_table_14_3_mast_rast_kappa_032():
    assert round(cohen_kappa(pairs_from_table(ALTMAN_TABLE_14_3, "12345")), 2) == 0.32


@pytest.mark.parametrize(("table", "published"), [([[70, 10], [10, 10]], 0.38), ([[40, 10], [10, 40]], 0.60)])
def test_altman_table_14_4_same_agreement_different_kappa(table, published):
    assert round(cohen_kappa(pairs_from_table(table, "+-")), 2) == published


def test_altman_table_14_2_through_the_reviewers_triples():
    scale = scale_of(*zip(XEROMAMMOGRAMS, (1, 2, 3, 4), strict=True))
    ratings = []
    for claim, (a, b) in enumerate(pairs_from_table(ALTMAN_TABLE_14_2, XEROMAMMOGRAMS)):
        ratings += [(claim, "Radiologist A", a), (claim, "Radiologist B", b)]
    result = measure_agreement(ratings, scale)
    assert (result.reviewers, result.claims, result.verdicts) == (("Radiologist A", "Radiologist B"), 85, 170)
    assert round(result.kappa, 2) == 0.47
    assert [s.key for s in result.statistics] == ["alpha_nominal", "alpha_ordinal", "kappa"]


# --- against the independent implementation -------------------------------------------------------

def reliability_data(values, max_coders=5, max_units=15):
    """A matrix of one row per coder and one column per unit, about a third of it missing."""
    cell = st.one_of(st.none(), values, values)
    return st.tuples(st.integers(2, max_coders), st.integers(1, max_units)).flatmap(
        lambda shape: st.lists(st.lists(cell, min_size=shape[1], max_size=shape[1]),
                               min_size=shape[0], max_size=shape[0]))


def pairable(matrix):
    """The units with two or more values, and the distinct values in them (computed apart)."""
    units = [[v for v in unit if v is not None] for unit in columns(matrix)]
    units = [unit for unit in units if len(unit) >= 2]
    return units, {v for unit in units for v in unit}


@pytest.mark.parametrize("metric", METRICS)
@given(matrix=reliability_data(st.integers(1, 5)))
def test_alpha_matches_the_krippendorff_package(metric, matrix):
    units, values = pairable(matrix)
    alpha = krippendorff_alpha(columns(matrix), metric)
    if len(units) < 2 or len(values) < 2:
        assert alpha is None
    else:
        assert alpha == pytest.approx(reference_alpha(matrix, metric), abs=1e-9)


@given(matrix=reliability_data(st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: round(x, 2))))
def test_interval_alpha_on_fractional_values_matches_the_krippendorff_package(matrix):
    units, values = pairable(matrix)
    assume(len(units) >= 2 and len(values) >= 2)
    assert krippendorff_alpha(columns(matrix), INTERVAL) == pytest.approx(reference_alpha(matrix, INTERVAL),
                                                                          abs=1e-9)


NEWSROOM = next(scale for scale in builtin_scales() if scale.key == "newsroom")  # two verdicts without a value
NEWSROOM_LABELS = [verdict.label for verdict in NEWSROOM.verdicts]


@given(matrix=reliability_data(st.sampled_from(NEWSROOM_LABELS), max_coders=4, max_units=12))
def test_measure_agreement_matches_the_independent_implementations(matrix):
    reviewers = ["Ana", "Ben", "Chloé", "Dev"][: len(matrix)]
    result = measure_agreement(triples(matrix, reviewers), NEWSROOM)
    units, _ = pairable(matrix)
    assert (result.claims, result.verdicts) == (len(units), sum(map(len, units)))

    index = [[None if v is None else NEWSROOM_LABELS.index(v) for v in row] for row in matrix]
    if result.alpha_nominal is not None:
        assert result.alpha_nominal == pytest.approx(reference_alpha(index, NOMINAL), abs=1e-9)
    value = {v.label: v.value for v in NEWSROOM.verdicts}
    if result.alpha_ordinal is not None:
        ranked = [[None if v is None else value[v] for v in row] for row in matrix]
        assert result.alpha_ordinal == pytest.approx(reference_alpha(ranked, ORDINAL), abs=1e-9)
    if len(result.reviewers) == 2:
        first, second = (matrix[reviewers.index(name)] for name in result.reviewers)
        both = [(a, b) for a, b in zip(first, second, strict=True) if a is not None and b is not None]
        if result.kappa is not None:
            assert result.kappa == pytest.approx(reference_kappa(*zip(*both, strict=True)), abs=1e-12)
        else:
            assert len(both) < 2 or len({v for pair in both for v in pair}) == 1
    else:
        assert result.kappa is None


@given(pairs=st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), max_size=30))
def test_kappa_matches_the_confusion_matrix_formula(pairs):
    kappa = cohen_kappa(pairs)
    if len(pairs) < 2 or len({v for pair in pairs for v in pair}) == 1:
        assert kappa is None
    else:
        assert kappa == pytest.approx(reference_kappa(*zip(*pairs, strict=True)), abs=1e-12)


# --- properties -----------------------------------------------------------------------------------

@pytest.mark.parametrize("metric", METRICS)
@given(units=st.lists(st.tuples(st.integers(1, 5), st.integers(2, 5)), min_size=2, max_size=12))
def test_perfect_agreement_gives_one(metric, units):
    assume(len({value for value, _ in units}) >= 2)
    assert krippendorff_alpha([[value] * coders for value, coders in units], metric) == 1.0
    assert cohen_kappa([(value, value) for value, _ in units]) == 1.0


@given(matrix=reliability_data(st.sampled_from("abcde")), names=st.permutations(["x", "y", "z", "v", "w"]))
def test_nominal_alpha_does_not_depend_on_the_labels(matrix, names):
    rename = dict(zip("abcde", names, strict=True))
    renamed = [[None if v is None else rename[v] for v in row] for row in matrix]
    assert krippendorff_alpha(columns(renamed)) == krippendorff_alpha(columns(matrix))


@given(matrix=reliability_data(st.integers(1, 5)))
def test_ordinal_alpha_depends_only_on_the_order_and_not_its_direction(matrix):
    words = ["one", "two", "three", "four", "five"]
    as_words = [[None if v is None else words[v - 1] for v in row] for row in matrix]
    alpha = krippendorff_alpha(columns(matrix), ORDINAL)
    assert krippendorff_alpha(columns(as_words), ORDINAL, order=words) == alpha
    assert krippendorff_alpha(columns(as_words), ORDINAL, order=words[::-1]) == alpha


@pytest.mark.parametrize("metric", METRICS)
@given(matrix=reliability_data(st.integers(1, 5)), seed=st.integers(0, 2**32))
def test_alpha_does_not_depend_on_the_order_of_units_or_coders(metric, matrix, seed):
    shuffle = random.Random(seed).shuffle
    units = [list(unit) for unit in columns(matrix)]
    for unit in units:
        shuffle(unit)
    shuffle(units)
    assert krippendorff_alpha(units, metric) == krippendorff_alpha(columns(matrix), metric)


@given(matrix=reliability_data(st.sampled_from(NEWSROOM_LABELS)), seed=st.integers(0, 2**32))
def test_measure_agreement_does_not_depend_on_the_order_of_the_triples(matrix, seed):
    ratings = triples(matrix, ["Ana", "Ben", "Chloé", "Dev", "Eve"][: len(matrix)])
    shuffled = list(ratings)
    random.Random(seed).shuffle(shuffled)
    assert measure_agreement(shuffled, NEWSROOM) == measure_agreement(ratings, NEWSROOM)


# --- degenerate cases, the scale's order, CSV -----------------------------------------------------

FIVE = scale_of(("True", 3), ("Mixed", 2), ("False", 1), ("Unverifiable", None))


def test_no_shared_claims_leaves_every_statistic_undefined():
    result = measure_agreement([(1, "Ana", "True"), (2, "Ben", "False"), (3, "Ana", None)], FIVE)
    assert (result.reviewers, result.claims, result.verdicts) == ((), 0, 0)
    assert result.alpha_nominal is None and result.alpha_ordinal is None and result.kappa is None
    assert {s.undefined_because for s in result.statistics} == {"fewer than 2 claims rated by two or more reviewers"}


def test_one_shared_claim_is_too_few():
    result = measure_agreement([(1, "Ana", "True"), (1, "Ben", "False"), (2, "Ana", "Mixed")], FIVE)
    assert (result.claims, result.verdicts) == (1, 2)
    assert all(s.value is None for s in result.statistics)
    assert krippendorff_alpha([["a", "b"]]) is None
    assert cohen_kappa([("a", "b")]) is None


def test_no_variation_is_undefined_and_says_so():
    ratings = [(claim, reviewer, "Mixed") for claim in range(4) for reviewer in ("Ana", "Ben")]
    result = measure_agreement(ratings, FIVE)
    assert [(s.key, s.value) for s in result.statistics] == [("alpha_nominal", None), ("alpha_ordinal", None),
                                                             ("kappa", None)]
    assert {s.undefined_because for s in result.statistics} == {"no variation: every verdict is the same"}


def test_systematic_disagreement_is_below_zero_not_undefined():
    ratings = [(claim, "Ana", "True") for claim in range(4)] + [(claim, "Ben", "False") for claim in range(4)]
    result = measure_agreement(ratings, FIVE)
    assert result.kappa == 0.0  # p_o = p_e = 0
    assert result.alpha_nominal < 0 and result.alpha_ordinal < 0


def test_verdicts_without_a_value_count_for_nominal_alpha_only():
    ratings = [(1, "Ana", "True"), (1, "Ben", "True"), (2, "Ana", "False"), (2, "Ben", "False"),
               (3, "Ana", "Unverifiable"), (3, "Ben", "Mixed"), (4, "Ana", "Unverifiable"), (4, "Ben", "Unverifiable")]
    result = measure_agreement(ratings, FIVE)
    ordinal = next(s for s in result.statistics if s.key == "alpha_ordinal")
    assert (result.claims, result.verdicts) == (4, 8)
    assert (ordinal.claims, ordinal.verdicts) == (2, 4)
    assert ordinal.value == 1.0
    assert result.alpha_nominal < 1.0


def test_a_scale_without_values_gives_no_ordinal_alpha_and_three_reviewers_no_kappa():
    unordered = scale_of(("Yes", None), ("No", None))
    ratings = [(claim, reviewer, "Yes" if (claim + len(reviewer)) % 3 else "No")
               for claim in range(5) for reviewer in ("Ana", "Ben", "Chloé")]
    result = measure_agreement(ratings, unordered)
    assert [s.key for s in result.statistics] == ["alpha_nominal"]
    assert result.alpha_ordinal is None and result.kappa is None
    assert result.reviewers == ("Ana", "Ben", "Chloé")


def test_verdicts_of_equal_value_share_a_rank():
    tied = scale_of(("True", 2), ("Correct", 2), ("False", 1))
    ratings = [(1, "Ana", "True"), (1, "Ben", "Correct"), (2, "Ana", "False"), (2, "Ben", "False")]
    result = measure_agreement(ratings, tied)
    assert result.alpha_ordinal == 1.0
    assert result.alpha_nominal < 1.0


def test_a_label_the_scale_does_not_list_is_still_a_nominal_category():
    ratings = [(1, "Ana", "Retired label"), (1, "Ben", "Retired label"), (2, "Ana", "True"), (2, "Ben", "True")]
    result = measure_agreement(ratings, FIVE)
    assert result.alpha_nominal == 1.0
    assert next(s for s in result.statistics if s.key == "alpha_ordinal").claims == 1


def test_a_reviewer_giving_one_claim_two_verdicts_is_refused():
    same_twice = [(1, "Ana", "True"), (1, "Ana", "True"), (1, "Ben", "True")]
    assert measure_agreement(same_twice, FIVE).verdicts == 2
    with pytest.raises(ValueError, match="'Ana' gave claim 1 two verdicts: 'True' and 'False'"):
        measure_agreement([(1, "Ana", "True"), (1, "Ana", "False")], FIVE)


def test_wrong_metric_or_order_is_refused():
    with pytest.raises(ValueError, match="unknown metric 'ratio'"):
        krippendorff_alpha([[1, 2], [2, 2]], "ratio")
    with pytest.raises(ValueError, match=r"ordinal values \['c'\] are not in the order given"):
        krippendorff_alpha([["a", "b"], ["b", "c"]], ORDINAL, order=["a", "b"])


def test_csv_rows_name_each_statistic_with_its_counts():
    ratings = [(1, "Ana", "True"), (1, "Ben", "True"), (2, "Ana", "False"), (2, "Ben", "Mixed"),
               (3, "Ana", "Unverifiable"), (3, "Ben", "False")]
    result = measure_agreement(ratings, FIVE)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(result.to_csv_rows())
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0] == list(CSV_HEADER) == ["statistic", "value", "claims", "verdicts", "note"]
    assert [row[0] for row in rows[1:]] == ["Krippendorff's alpha (nominal)", "Krippendorff's alpha (ordinal)",
                                            "Cohen's kappa"]
    assert [row[2:4] for row in rows[1:]] == [["3", "6"], ["2", "4"], ["3", "6"]]
    assert rows[1][1] == f"{result.alpha_nominal:.4f}" and rows[3][1] == f"{result.kappa:.4f}"
    undefined = measure_agreement([], FIVE).to_csv_rows()
    assert undefined[1] == ("Krippendorff's alpha (nominal)", "", "0", "0",
                            "fewer than 2 claims rated by two or more reviewers")


def test_the_result_is_frozen():
    result = measure_agreement([], FIVE)
    with pytest.raises(AttributeError):
        result.claims = 3
