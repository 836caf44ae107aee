"""Agreement coefficients over weighted unit patterns.

A *pattern* is the tuple of the values the coders gave one unit (``None``: that coder gave no
value, i.e. missing data); ``counts`` maps each pattern to how many units (or characters) had
it. Percent agreement, Cohen's kappa and Krippendorff's alpha (nominal) are computed from these
counts, so a whole transcript of characters costs as much as its distinct stretches.

References: Cohen (1960); Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

Pattern = tuple[Hashable | None, ...]
_EPS = 1e-12


@dataclass(frozen=True)
class Stat:
    """A coefficient, or ``value=None`` with the ``reason`` it is undefined."""

    value: float | None
    reason: str = ""


def percent_agreement(counts: Mapping[Pattern, float]) -> Stat:
    """Share (0–100) of units with two or more values on which all those values agree."""
    total = agreed = 0.0
    for pattern, weight in counts.items():
        values = [v for v in pattern if v is not None]
        if len(values) < 2:
            continue
        total += weight
        if all(v == values[0] for v in values):
            agreed += weight
    if total <= 0:
        return Stat(None, "no unit was coded by two or more of the coders")
    return Stat(100.0 * agreed / total)


def cohen_kappa(counts: Mapping[Pattern, float], a: int = 0, b: int = 1) -> Stat:
    """Cohen's kappa of coders ``a`` and ``b`` over the units both gave a value."""
    n = 0.0
    observed = 0.0
    margin_a: dict[Hashable, float] = defaultdict(float)
    margin_b: dict[Hashable, float] = defaultdict(float)
    for pattern, weight in counts.items():
        va, vb = pattern[a], pattern[b]
        if va is None or vb is None:
            continue
        n += weight
        margin_a[va] += weight
        margin_b[vb] += weight
        if va == vb:
            observed += weight
    if n <= 0:
        return Stat(None, "no unit was coded by both coders")
    p_o = observed / n
    p_e = sum(margin_a[c] * margin_b.get(c, 0.0) for c in margin_a) / (n * n)
    if 1.0 - p_e <= _EPS:
        (value,) = set(margin_a) | set(margin_b)
        return Stat(None, _single_value_reason(value, "both coders"))
    return Stat((p_o - p_e) / (1.0 - p_e))


def krippendorff_alpha(counts: Mapping[Pattern, float]) -> Stat:
    """Krippendorff's alpha for nominal data, any number of coders, missing values allowed."""
    coincidence: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for pattern, weight in counts.items():
        values = Counter(v for v in pattern if v is not None)
        m = sum(values.values())
        if m < 2:
            continue
        for c, n_c in values.items():
            for k, n_k in values.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    coincidence[(c, k)] += weight * pairs / (m - 1)
    margins: dict[Hashable, float] = defaultdict(float)
    for (c, _k), o in coincidence.items():
        margins[c] += o
    n = sum(margins.values())
    if n < 2:
        return Stat(None, "fewer than two pairable values (a unit needs two or more coders)")
    disagree = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = sum(margins[c] * margins[k] for c in margins for k in margins if c != k)
    if expected <= _EPS:
        (value,) = set(margins)
        return Stat(None, _single_value_reason(value, "all coders"))
    return Stat(1.0 - (n - 1) * disagree / expected)


def _single_value_reason(value: Hashable, who: str) -> str:
    if value is False:
        return f"{who} left every unit uncoded (neither used this code), so chance agreement is 1"
    if value is True:
        return f"{who} coded every unit with this code, so chance agreement is 1"
    return f"{who} gave every unit the same value ({value!r}), so chance agreement is 1"
