"""Agreement between reviewers who rated the same claims: Krippendorff's alpha and Cohen's kappa.

Plain Python with exact (``Fraction``) arithmetic, so equal data give equal results whatever the
order of claims and reviewers. Sources:

- Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*. Departmental Papers
  (ASC) 43, Annenberg School for Communication, University of Pennsylvania; and Krippendorff,
  K. (2004). *Content Analysis*, 2nd ed., ch. 11. Coincidence matrix, metrics and alpha below.
- Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
  Psychological Measurement* 20(1), 37-46.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from factcheck.core.rating_scales import RatingScale

NOMINAL = "nominal"
ORDINAL = "ordinal"
INTERVAL = "interval"
METRICS = (NOMINAL, ORDINAL, INTERVAL)


def krippendorff_alpha(units: Iterable[Iterable[Hashable | None]], metric: str = NOMINAL,
                       order: Sequence[Hashable] | None = None) -> float | None:
    """Krippendorff's alpha for reliability data, one iterable of values per unit.

    A unit holds the values its coders gave it, in any order; ``None`` is a missing value. Which
    coder gave which value does not enter alpha. Only *pairable* values count: those of units
    with at least two values (``m_u >= 2``). From them (Krippendorff 2011):

    - coincidences ``o_ck = sum_u n_uck / (m_u - 1)``, where ``n_uck`` counts the ordered pairs
      of values (c, k) from different coders within unit u;
    - marginals ``n_c = sum_k o_ck`` (the number of pairable values c) and ``n = sum_c n_c``;
    - ``alpha = 1 - D_o / D_e = 1 - (n - 1) * sum o_ck d_ck / sum n_c n_k d_ck``, with the
      squared difference ``d_ck`` of the metric:
      nominal ``d_ck = 0 if c == k else 1``;
      ordinal ``d_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2) ** 2``, g running over the ranks
      from c to k in ``order`` (default: the values sorted), so the distance between two ranks
      grows with how many values the coders put between them;
      interval ``d_ck = (c - k) ** 2`` (values must be numbers).

    Returns None where alpha is undefined: fewer than two units hold pairable values, or every
    pairable value is the same (``D_e = 0``: no variation to agree about). Raises ValueError for
    an unknown metric, or an ordinal value missing from ``order``.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}: use one of {', '.join(METRICS)}")
    pairable = [counts for counts in (Counter(v for v in unit if v is not None) for unit in units)
                if counts.total() >= 2]
    totals: Counter = Counter()
    for counts in pairable:
        totals.update(counts)
    if len(pairable) < 2 or len(totals) < 2:
        return None
    difference = _squared_difference(metric, totals, order)
    observed = sum(Fraction(count_c * (count_k - (c == k)), counts.total() - 1) * difference(c, k)
                   for counts in pairable for c, count_c in counts.items() for k, count_k in counts.items())
    expected = sum(totals[c] * totals[k] * difference(c, k) for c in totals for k in totals)
    return float(1 - (totals.total() - 1) * observed / expected)


def _squared_difference(metric: str, totals: Counter, order: Sequence[Hashable] | None):
    """The metric's ``d_ck`` as a function of two values, given the marginals ``n_g``."""
    if metric == NOMINAL:
        return lambda c, k: 0 if c == k else 1
    if metric == INTERVAL:
        return lambda c, k: (Fraction(c) - Fraction(k)) ** 2
    ranks = {value: rank for rank, value in enumerate(order if order is not None else sorted(totals))}
    unranked = [value for value in totals if value not in ranks]
    if unranked:
        raise ValueError(f"ordinal values {unranked!r} are not in the order given")
    ranked = sorted(totals, key=ranks.__getitem__)
    below = {}  # the number of pairable values ranked below each value
    running = 0
    for value in ranked:
        below[value] = running
        running += totals[value]

    def ordinal(c: Hashable, k: Hashable) -> Fraction:
        low, high = sorted((c, k), key=ranks.__getitem__)
        between = below[high] + totals[high] - below[low]  # sum of n_g for g from low to high
        return (between - Fraction(totals[low] + totals[high], 2)) ** 2

    return ordinal


def cohen_kappa(pairs: Iterable[tuple[Hashable | None, Hashable | None]]) -> float | None:
    """Cohen's (1960) kappa for two coders, from one (first coder's, second coder's) pair per unit.

    Pairs with a missing (``None``) value are left out: kappa rests on the units both rated.
    With n such units, ``p_o`` the share on which they agree and ``p_e = sum_c r_c c_c / n**2``
    the agreement expected from the coders' own marginals (``r_c``, ``c_c``: how often each
    coder used value c), ``kappa = (p_o - p_e) / (1 - p_e)``.

    Returns None where kappa is undefined: fewer than two units, or both coders used one and
    the same value throughout (``p_e = 1``).
    """
    both = [(a, b) for a, b in pairs if a is not None and b is not None]
    n = len(both)
    first, second = Counter(a for a, _ in both), Counter(b for _, b in both)
    chance = sum(first[value] * second[value] for value in first)  # n**2 * p_e
    if n < 2 or chance == n * n:
        return None
    agreed = sum(a == b for a, b in both)
    return float(Fraction(n * agreed - chance, n * n - chance))


@dataclass(frozen=True)
class Statistic:
    """One agreement statistic, with the claims and verdicts it rests on."""

    key: str
    """``alpha_nominal``, ``alpha_ordinal`` or ``kappa``."""
    name: str
    value: float | None
    """None where undefined: see ``undefined_because``."""
    claims: int
    verdicts: int

    @property
    def undefined_because(self) -> str:
        """Why ``value`` is None, in words for the window and the CSV; "" when it is defined."""
        if self.value is not None:
            return ""
        if self.claims < 2:
            return "fewer than 2 claims rated by two or more reviewers"
        return "no variation: every verdict is the same"


CSV_HEADER = ("statistic", "value", "claims", "verdicts", "note")
SCALES_CSV_HEADER = ("scale", *CSV_HEADER)


@dataclass(frozen=True)
class Agreement:
    """The agreement among the reviewers of a set of claims (see ``measure_agreement``)."""

    reviewers: tuple[str, ...]
    """Reviewers with a verdict on a claim that another reviewer also rated, sorted."""
    claims: int
    """Claims rated by at least two reviewers: the units alpha rests on."""
    verdicts: int
    """The verdicts on those claims: alpha's pairable values."""
    statistics: tuple[Statistic, ...]
    """Nominal alpha; ordinal alpha if the scale is ordered; kappa if exactly two reviewers."""

    def value_of(self, key: str) -> float | None:
        """The statistic's value; None if undefined or not computed for these data."""
        return next((s.value for s in self.statistics if s.key == key), None)

    @property
    def alpha_nominal(self) -> float | None:
        return self.value_of("alpha_nominal")

    @property
    def alpha_ordinal(self) -> float | None:
        return self.value_of("alpha_ordinal")

    @property
    def kappa(self) -> float | None:
        return self.value_of("kappa")

    def to_csv_rows(self) -> list[tuple[str, ...]]:
        """``CSV_HEADER`` and one row per statistic, for ``csv.writer``; an undefined value is
        empty, with the reason in the note. Values have four decimals."""
        rows = [CSV_HEADER]
        for s in self.statistics:
            value = "" if s.value is None else f"{s.value:.4f}"
            rows.append((s.name, value, str(s.claims), str(s.verdicts), s.undefined_because))
        return rows


def measure_agreement(ratings: Iterable[tuple[Hashable, str, str | None]], scale: RatingScale) -> Agreement:
    """Agreement from (claim id, reviewer, verdict label) triples rated on ``scale``.

    A triple with no verdict (None) is left out. Each claim rated by two or more reviewers is
    one unit; a claim only one reviewer rated does not count. Statistics:

    - Krippendorff's alpha, nominal: always; verdict labels as categories (a label the scale
      does not list is still a category of its own).
    - Krippendorff's alpha, ordinal: when at least two of the scale's verdicts have different
      numeric ``value``s; each verdict is ranked by its value (equal values share a rank), and
      verdicts with no value ("Unverifiable", "Opinion") are left out of this statistic only, so
      it may rest on fewer claims.
    - Cohen's kappa: when exactly two reviewers rated claims in common, on the claims both rated.

    A statistic whose value is None is undefined (``Statistic.undefined_because`` says why):
    fewer than two claims to rest on, or no variation (every verdict the same). Raises
    ValueError if a reviewer gave one claim two different verdicts.
    """
    by_claim: dict[Hashable, dict[str, str]] = {}
    for claim, reviewer, label in ratings:
        if label is None:
            continue
        given = by_claim.setdefault(claim, {})
        if given.setdefault(reviewer, label) != label:
            raise ValueError(f"reviewer {reviewer!r} gave claim {claim!r} two verdicts: "
                             f"{given[reviewer]!r} and {label!r}")
    shared = [given for given in by_claim.values() if len(given) >= 2]
    reviewers = tuple(sorted({reviewer for given in shared for reviewer in given}))
    verdicts = sum(len(given) for given in shared)
    statistics = [Statistic("alpha_nominal", "Krippendorff's alpha (nominal)",
                            krippendorff_alpha(given.values() for given in shared), len(shared), verdicts)]
    ranks = {v.label: v.value for v in scale.verdicts if v.value is not None}
    if len(set(ranks.values())) >= 2:
        ranked = [[ranks[label] for label in given.values() if label in ranks] for given in shared]
        ranked = [unit for unit in ranked if len(unit) >= 2]
        statistics.append(Statistic("alpha_ordinal", "Krippendorff's alpha (ordinal)",
                                    krippendorff_alpha(ranked, ORDINAL), len(ranked), sum(map(len, ranked))))
    if len(reviewers) == 2:
        first, second = reviewers
        statistics.append(Statistic("kappa", "Cohen's kappa", cohen_kappa((g[first], g[second]) for g in shared),
                                    len(shared), verdicts))
    return Agreement(reviewers, len(shared), verdicts, tuple(statistics))


def agreement_csv(results: Iterable[tuple[RatingScale, Agreement]]) -> str:
    """Agreement on one or more rating scales as CSV text, as ``factcheck review agreement --csv`` writes it and
    the window exports it: ``SCALES_CSV_HEADER``, then each scale's ``Agreement.to_csv_rows`` after its name."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(SCALES_CSV_HEADER)
    for scale, result in results:
        writer.writerows((scale.name, *row) for row in result.to_csv_rows()[1:])
    return text.getvalue()
