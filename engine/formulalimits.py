"""What a formula may compute, and the error it raises: the bounds that both ways of computing
a formula enforce alike — engine.formula over Fractions (the audited path, with its branches)
and engine.formulacode over integer ratios (the value only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAGNITUDE = 10**18
# Exact values keep their denominators; a formula of 100 nodes over bounded inputs stays far
# below this, so reaching it means the formula itself grows without need (a/b/b/b/...).
MAX_DENOMINATOR = 10**100
FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "abs": abs}  # the only calls


class FormulaError(Exception):
    """A formula is not allowed or cannot be evaluated.

    `code` names the message, `offset` is the 0-based character where the trouble starts,
    `args` fill the message.
    """

    def __init__(self, code: str, offset: int = 0, **args: Any) -> None:
        super().__init__(code, offset, args)
        self.code = code
        self.offset = offset
        self.args_ = args
