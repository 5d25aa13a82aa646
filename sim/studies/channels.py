"""A measure's effect on its own channel and on all fraud, apart: what studies of real measures report.

Owns `channel_effects(compare_result, option, base)`: per fraud type (each type arrives through one channel:
bank-helpdesk calls, phishing SMS, marketplace adverts, ...) the paired relative change in the contacts that
got past the filters (`fraud_attempts`) and in victims, the type's share of all victims before and after, and
the same for the total. The channel effect comes from the evidence the measure's value rests on; the total
comes out of the model's substitution between types (fraudsters.substitutable_share, profit_elasticity,
between_nest_elasticity), so the two can be compared with studies that report both (Singapore's SMS sender-ID
registry: SMS's share of scams 10 % -> 8 % while all scams rose; Australia's call-blocking code: phone-scam
reports halved while text and social-media scams rose). docs/evidence.md tabulates both. Reads results only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from fraudchain.sim.runs.runner import summarise

TOTAL = "total"


@dataclass
class ChannelEffect:
    fraud_type: str                 # a fraud type, or "total"
    contacts_change: tuple[float, float, float]   # paired relative change: mean, 95 % interval
    victims_change: tuple[float, float, float]
    victim_share_before: float      # the type's share of all victims in the base (mean over replications)
    victim_share_after: float       # ... in the option

    def as_dict(self) -> dict[str, Any]:
        def three(t: tuple[float, float, float]) -> dict[str, float | None]:
            return {k: (None if not np.isfinite(v) else float(v)) for k, v in zip(("mean", "ci_low", "ci_high"), t,
                                                                                   strict=True)}
        return {"fraud_type": self.fraud_type, "contacts_change": three(self.contacts_change),
                "victims_change": three(self.victims_change), "victim_share_before": self.victim_share_before,
                "victim_share_after": self.victim_share_after}


def _values(run: Any, fraud_type: str, kpi: str) -> np.ndarray:
    if fraud_type == TOTAL:
        key = "fraud_attempts" if kpi == "fraud_attempts" else "victims"
        return np.array(run.kpis[key].values, dtype=float)
    return np.array(run.by_type[fraud_type][kpi].values, dtype=float)


def _relative(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """The paired relative change a/b - 1 over replications: the mean difference over the mean base, with the
    95 % interval of the paired difference scaled the same way."""
    ok = np.isfinite(a) & np.isfinite(b)
    base = float(b[ok].mean()) if ok.any() else float("nan")
    if not ok.any() or base == 0:
        return float("nan"), float("nan"), float("nan")
    s = summarise(a[ok] - b[ok])
    return s.mean / base, s.ci_low / base, s.ci_high / base


def channel_effects(cmp: Any, option: str, base: str | None = None) -> list[ChannelEffect]:
    """Per fraud type and for the total: the paired relative change in contacts that got through and in victims,
    and the type's share of all victims in the base and in the option (last simulated year, national)."""
    base = base or cmp.scenarios[0]
    a, b = cmp.results[option], cmp.results[base]
    # shares of the sum over types (a person who fell for two types counts in both)
    total_a = sum(_values(a, t, "victims") for t in a.by_type)
    total_b = sum(_values(b, t, "victims") for t in b.by_type)
    rows = []
    for t in [*b.by_type, TOTAL]:
        va, vb = _values(a, t, "victims"), _values(b, t, "victims")
        share_b = float(np.nanmean(vb / total_b)) if t != TOTAL else 1.0
        share_a = float(np.nanmean(va / total_a)) if t != TOTAL else 1.0
        rows.append(ChannelEffect(t, _relative(_values(a, t, "fraud_attempts"), _values(b, t, "fraud_attempts")),
                                  _relative(va, vb), share_b, share_a))
    return rows
