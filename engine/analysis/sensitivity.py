"""Variance-based sensitivity indices of one output from a Saltelli sample.

The design (Saltelli et al. 2010, "Variance based sensitivity analysis of model output",
Computer Physics Communications 181): two independent samples A and B of N points over the
k factors, and for each factor i the sample A_B⁽ⁱ⁾, A with column i taken from B. With
f the output and V its variance over A and B together:

    first order  Sᵢ  = mean( f(B)·(f(A_B⁽ⁱ⁾) − f(A)) ) / V          (Saltelli 2010)
    total        Sᵀᵢ = mean( (f(A) − f(A_B⁽ⁱ⁾))² ) / 2 / V          (Jansen 1999)

Each is a mean of N terms: its 95 % error is 1,96 times the terms' standard deviation over
√N, divided by V. Sᵢ is the share of the output's variance that factor i explains alone;
Sᵀᵢ the share it has a hand in, interactions included (Sᵀᵢ ≥ Sᵢ up to sampling error).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.96


@dataclass(frozen=True)
class Indices:
    first_order: float | None  # None when the output does not vary at all
    total: float | None
    first_error: float | None  # the 95 % half-width of each estimate
    total_error: float | None


def variance(values: Sequence[float]) -> float:
    """The population variance (the estimators' V)."""
    if not values:
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values) / len(values)


def indices(a: Sequence[float], b: Sequence[float], ab: Sequence[float], v: float) -> Indices:
    """Sᵢ and Sᵀᵢ of one factor from f(A), f(B), f(A_B⁽ⁱ⁾) and V (see the module's text)."""
    if v <= 0 or not ab:
        return Indices(None, None, None, None)
    n = len(ab)
    first = [b[j] * (ab[j] - a[j]) for j in range(n)]
    total = [(a[j] - ab[j]) ** 2 / 2 for j in range(n)]
    return Indices(
        _mean(first) / v,
        _mean(total) / v,
        Z95 * math.sqrt(variance(first) / n) / v,
        Z95 * math.sqrt(variance(total) / n) / v,
    )


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)
