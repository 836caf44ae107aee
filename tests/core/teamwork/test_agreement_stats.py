"""Agreement coefficients against published worked examples and the `krippendorff` package."""

from __future__ import annotations

from collections import Counter

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.teamwork.agreement_stats import (
    Pattern,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)


def patterns(matrix: list[list[int | None]]) -> Counter[Pattern]:
    """Observers × units (as printed in the papers) → unit patterns."""
    return Counter(tuple(column) for column in zip(*matrix, strict=True))


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal data,
# four observers, twelve units, missing values; alpha = 0.743.
K2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
# Same paper, section A: two observers, binary data, ten units; alpha = 0.095.
K2011_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]


def test_krippendorff_nominal_example_with_missing_data() -> None:
    alpha = krippendorff_alpha(patterns(K2011_C)).value
    assert alpha is not None and round(alpha, 3) == 0.743


def test_krippendorff_binary_example() -> None:
    alpha = krippendorff_alpha(patterns(K2011_A)).value
    assert alpha is not None and round(alpha, 3) == 0.095


def test_cohen_kappa_by_hand() -> None:
    # Agreement on 6 of 10 units; observer A says 1 twice, B four times:
    # p_o = 0.6, p_e = 0.2*0.4 + 0.8*0.6 = 0.56, kappa = 0.04 / 0.44.
    counts = patterns(K2011_A)
    assert cohen_kappa(counts).value == pytest.approx(0.04 / 0.44)
    assert percent_agreement(counts).value == pytest.approx(60.0)


def test_weights_count_like_repeated_units() -> None:
    repeated = patterns([row * 3 for row in K2011_A])
    weighted = Counter({p: 3 * w for p, w in patterns(K2011_A).items()})
    assert krippendorff_alpha(weighted).value == pytest.approx(krippendorff_alpha(repeated).value)
    assert cohen_kappa(weighted).value == pytest.approx(cohen_kappa(repeated).value)


def test_undefined_values_have_reasons() -> None:
    nobody = Counter({(False, False): 100})
    kappa = cohen_kappa(nobody)
    assert kappa.value is None and "neither used this code" in kappa.reason
    alpha = krippendorff_alpha(nobody)
    assert alpha.value is None and "chance agreement is 1" in alpha.reason
    assert percent_agreement(nobody).value == 100.0
    lonely = Counter({(True, None): 3})
    assert percent_agreement(lonely).value is None
    assert cohen_kappa(lonely).value is None and "both coders" in cohen_kappa(lonely).reason
    assert krippendorff_alpha(lonely).value is None


matrices = st.integers(2, 5).flatmap(
    lambda coders: st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=coders, max_size=coders),
        min_size=2,
        max_size=40,
    )
)


@settings(max_examples=200, deadline=None)
@given(units=matrices)
def test_alpha_matches_the_krippendorff_package(units: list[list[int | None]]) -> None:
    counts = Counter(tuple(u) for u in units)
    ours = krippendorff_alpha(counts)
    data = np.array([[np.nan if v is None else v for v in u] for u in units], dtype=float).T
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    values = {v for u in pairable for v in u if v is not None}
    if len(values) < 2:
        assert ours.value is None and ours.reason
        return
    theirs = krippendorff.alpha(
        reliability_data=data,
        level_of_measurement="nominal",
        value_domain=sorted({v for u in units for v in u if v is not None}),
    )
    assert ours.value == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(units=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=50))
def test_kappa_matches_the_textbook_formula(units: list[tuple[int, int]]) -> None:
    n = len(units)
    p_o = sum(a == b for a, b in units) / n
    p_e = sum(
        (sum(a == c for a, _ in units) / n) * (sum(b == c for _, b in units) / n) for c in range(3)
    )
    ours = cohen_kappa(Counter(units))
    if p_e == 1:
        assert ours.value is None
    else:
        assert ours.value == pytest.approx((p_o - p_e) / (1 - p_e))
