"""Bounds on the size of a scenario's lists and tables, and the checks several schema sections share.

Owns the limits (assumption: generous for any real scenario; they keep validation and the model's setup
bounded for hostile input) and the messages for unknown fraud types and shares that do not sum to one.
Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

import math

from fraudchain.scenarios.fraud_types import FRAUD_TYPES

MAX_BANDS = 20
MAX_ENTRIES = 100
MAX_REFORMS = 100
MAX_SET_KEYS = 500          # keys one reform may set (a built-in package sets 25)
MAX_NAME = 200


def unknown_types_message(names: list[str]) -> str:
    import difflib

    parts = []
    for n in names:
        close = difflib.get_close_matches(n, list(FRAUD_TYPES), n=1, cutoff=0.6)
        parts.append(f"'{n}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return f"unknown fraud type {', '.join(parts)}; allowed: {', '.join(sorted(FRAUD_TYPES))}"


def check_shares(shares: dict[str, float], what: str) -> dict[str, float]:
    total = sum(shares.values())
    if any(v < 0 for v in shares.values()):
        raise ValueError(f"{what}: shares must be >= 0")
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"{what}: shares must sum to 1 (they sum to {total:.4f})")
    return shares
