"""Independent computations that tests/core/test_agreement.py checks factcheck.core.agreement against.

Nothing here imports factcheck: alpha comes from the ``krippendorff`` package (numpy, a test-only
dependency), kappa from the textbook formula on a confusion matrix (Altman 1991, section 14.3.4).
"""

from __future__ import annotations

import krippendorff
import numpy as np


def reference_alpha(matrix: list[list[float | None]], metric: str) -> float:
    """The ``krippendorff`` package's alpha: one row per coder, one column per unit, None missing."""
    data = np.array([[np.nan if value is None else value for value in row] for row in matrix], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=metric))


def reference_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa from the k-by-k table of the two coders' values on the same units.

    p_o = sum of the diagonal / n, p_e = sum_i row_i * column_i / n**2, kappa = (p_o - p_e) / (1 - p_e).
    """
    categories = sorted(set(first) | set(second))
    index = {category: i for i, category in enumerate(categories)}
    k = len(categories)
    table = [[0] * k for _ in range(k)]
    for a, b in zip(first, second, strict=True):
        table[index[a]][index[b]] += 1
    n = len(first)
    rows = [sum(table[i]) for i in range(k)]
    columns = [sum(table[i][j] for i in range(k)) for j in range(k)]
    p_o = sum(table[i][i] for i in range(k)) / n
    p_e = sum(rows[i] * columns[i] for i in range(k)) / n**2
    return (p_o - p_e) / (1 - p_e)
