"""What a finished run reports for one seed: KPIs, KPIs per fraud type, the daily tables, the per-victim
and takedown tables.

The KPIs themselves are registered functions (sim/engine/kpis.py); this module fixes which of them form
the contract (`KPI_KEYS`, then `EXTRA_KPI_KEYS`, then those of the extensions the model's scenario asks for:
its pipeline, sim/engine/pipeline.py) and computes them over a window. All national (scaled), over the last simulated year. Reads a finished model; never
changes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from fraudchain.scenarios.codes import (
    ORIGIN_NONE,
    ORIGIN_PLATFORM,
    ORIGIN_TELECOM,
    PAYMENT_KINDS,
    POP_CONSUMER,
    REFUSAL_REASONS,
    VICTIM_KINDS,
)
from fraudchain.sim.engine import money_kpis  # noqa: F401 - registers the money KPIs
from fraudchain.sim.engine.claim_kpis import claim_rate_of, claimed_returned_share_of, claims_refused_share_of
from fraudchain.sim.engine.harm import case_harm, case_hours
from fraudchain.sim.engine.kpi_keys import EXTRA_KPI_KEYS, KPI_KEYS, TYPE_KPI_KEYS
from fraudchain.sim.engine.kpis import KPIS, window_scope
from fraudchain.sim.engine.model import FraudChainModel

__all__ = ["KPI_KEYS", "EXTRA_KPI_KEYS", "TYPE_KPI_KEYS", "SeedResult", "window_kpis", "collect", "takedown_table",
           "victim_table"]

assert set(KPIS) == set(KPI_KEYS) | set(EXTRA_KPI_KEYS), "built-in KPIs out of step"


@dataclass
class SeedResult:
    seed: int
    kpis: dict[str, float]
    by_type: dict[str, dict[str, float]]
    daily: pd.DataFrame
    system: pd.DataFrame
    victims: pd.DataFrame
    reforms: list[tuple[int, str]]
    seconds: float = 0.0
    by_year: dict[int, dict[str, float]] | None = None   # KPIs of each simulated year (1-based)
    takedowns: pd.DataFrame | None = None                 # one row per instrument / mule account taken down


def window_kpis(m: FraudChainModel, start: int, end: int) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """KPIs over days [start, end) of a finished model (national scale): the built-in ones in contract order, then
    those of the extensions its scenario asks for; and the KPIs per fraud type."""
    with window_scope(m, start, end) as win:
        k = {name: float(KPIS[name].fn(m, start, end)) for name in (*KPI_KEYS, *EXTRA_KPI_KEYS)}
        for kpi in m.pipeline.kpis:
            k[kpi.name] = float(kpi.fn(m, start, end))
        by_type: dict[str, dict[str, float]] = {}
        c, n, vic, w, dy = m.cases, win.n, win.victim_cases, win.weight, win.daily
        ft = c.ftype[:n]
        for ti, tkey in enumerate(m.types):
            sel = vic & (ft == ti)
            tw = w[sel]
            net = float(dy["net_loss_eur"][ti])
            by_type[tkey] = {
                "victims": win.persons(sel),
                "gross_loss_eur": float(dy["gross_loss_eur"][ti]),
                "net_loss_eur": net,
                "reimbursed_eur": float(dy["reimbursed_eur"][ti]),
                "reimbursed_share": float(dy["reimbursed_eur"][ti] / net) if net > 0 else 0.0,
                "police_report_rate": float((tw * win.police[sel]).sum() / tw.sum()) if tw.sum() else 0.0,
                "police_registration_rate": float((tw * win.registered[sel]).sum() / tw.sum()) if tw.sum() else 0.0,
                "fraud_attempts": float(dy["attempts"][ti]),
                "claim_rate": claim_rate_of(m, start, end, ti),
                "claimed_returned_share": claimed_returned_share_of(m, start, end, ti),
                "claims_refused_share": claims_refused_share_of(m, start, end, ti),
            }
    return k, by_type


def collect(m: FraudChainModel, seconds: float = 0.0) -> SeedResult:
    """Everything a run reports for one seed: KPIs (last year), daily tables, per-victim table."""
    start = max(0, m.days_total - 365)
    kpis, by_type = window_kpis(m, start, m.days_total)
    days = np.arange(m.days_total)
    rows = {"day": np.repeat(days, m.n_types), "fraud_type": np.tile(np.array(m.types), m.days_total)}
    for k, v in m.daily.items():
        rows[k] = v.ravel()
    daily = pd.DataFrame(rows)
    daily.insert(0, "seed", m.seed)
    system = pd.DataFrame({"seed": m.seed, "day": days, **dict(m.system.items())})
    by_year = {y + 1: window_kpis(m, y * 365, (y + 1) * 365)[0] for y in range(m.days_total // 365)}
    return SeedResult(m.seed, kpis, by_type, daily, system, victim_table(m), list(m.reforms_applied), seconds,
                      by_year, takedown_table(m))


def takedown_table(m: FraudChainModel) -> pd.DataFrame:
    """Every fraud instrument and mule account that was taken down: from first use to takedown.

    kind: phone_number, platform_account (ads, seller/social accounts), site, mule_account. `weight` is how
    many national ones a simulated one stands for (use it for shares and quantiles).
    """
    ins, mu = m.instruments, m.mules
    ni, nm = ins.n, mu.n
    down = np.isfinite(ins.takedown[:ni])
    blocked = np.isfinite(mu.blocked_day[:nm]) & np.isfinite(mu.first_credit_day[:nm])
    kinds = np.empty(3, dtype=object)          # instrument kind by the ORIGIN_* code of its host
    kinds[[ORIGIN_NONE, ORIGIN_PLATFORM, ORIGIN_TELECOM]] = ["site", "platform_account", "phone_number"]
    first = np.concatenate([ins.first_use[:ni][down], mu.first_credit_day[:nm][blocked]])
    taken = np.concatenate([ins.takedown[:ni][down], mu.blocked_day[:nm][blocked]])
    return pd.DataFrame({
        "seed": m.seed,
        "kind": np.concatenate([kinds[ins.sector[:ni][down]], np.full(int(blocked.sum()), "mule_account", object)]),
        "fraud_type": np.concatenate([np.array(m.types, dtype=object)[ins.ftype[:ni][down]],
                                      np.full(int(blocked.sum()), "", object)]),
        "first_use_day": first,
        "takedown_day": taken,
        "days": np.maximum(taken - first, 0.0),
        "weight": np.concatenate([np.full(int(down.sum()), m.params.fraudsters.instruments_per_type),
                                  mu.weight[:nm][blocked]]),
    })


def victim_table(m: FraudChainModel) -> pd.DataFrame:
    """One row per case in which money was lost: who the victim is and what happened to them."""
    c = m.cases
    n = c.n
    sel = np.flatnonzero(c.gross[:n] > 0)
    cons = c.pop[sel] == POP_CONSUMER
    vid = c.victim[sel]
    age = np.full(sel.size, "SME", dtype=object)
    skill = np.full(sel.size, np.nan)
    if cons.any():
        age[cons] = np.array(m.consumers.age_bands, dtype=object)[m.consumers.age_band[vid[cons]]]
        skill[cons] = m.consumers.digital_skill[vid[cons]]
    kind = np.array(VICTIM_KINDS, dtype=object)[c.vkind[sel]]
    fl = c.first_loss_day[sel]
    last_mule = c.last_mule[sel]
    into_recruited = np.zeros(sel.size, dtype=bool)
    into_recruited[last_mule >= 0] = m.mules.recruited[last_mule[last_mule >= 0]]
    rule_names = np.array(["", *m.state.rule_names], dtype=object)   # "": no rule matched
    return pd.DataFrame({
        "seed": m.seed,
        "case": sel,
        "fraud_type": np.array(m.types, dtype=object)[c.ftype[sel]],
        "victim_kind": kind,
        "victim_id": vid,       # the victim's index in its population (victim_kind): the same person in every case
        "age_band": age,
        "digital_skill": skill,
        "vulnerable": c.vulnerable[sel],
        "repeat_victim": c.repeat[sel],
        "first_loss_day": fl,
        "payments": c.payments_made[sel],
        "gross_loss_eur": c.gross[sel],
        "recovered_eur": c.recovered[sel],
        "reimbursed_eur": c.reimbursed[sel],
        "borne_banks_eur": c.borne_banks[sel],
        "borne_receiving_bank_eur": c.borne_receiving[sel],   # the receiving bank's part of borne_banks_eur
        "borne_platforms_eur": c.borne_platforms[sel],
        "borne_telecoms_eur": c.borne_telecoms[sel],
        "borne_insurers_eur": c.borne_insurers[sel],
        "reported": c.desks[sel] > 0,
        "police_report": c.police_intent[sel],              # reported to the police (as the CBS survey counts it)
        "police_registered": np.isfinite(c.police_day[sel]),  # the police registered it (as the police count it)
        "days_to_registration": np.where(np.isfinite(c.police_day[sel]), c.police_day[sel] - fl, np.nan),
        "into_recruited_mule": into_recruited,   # the last payment went into a recruited money mule's account
        "desks_contacted": c.desks[sel],
        "fraudehelpdesk": c.fraudehelpdesk[sel],
        # what the reports were decided on, once the first payment was settled (sim/engine/stages/victim_reports.py)
        "stake_eur": c.stake[sel],
        "expected_refund_share": c.expected_back[sel],
        "refund_needs_report": c.refund_needs[sel],
        "support": c.support[sel],
        "days_to_help": np.where(np.isfinite(c.help_day[sel]), c.help_day[sel] - fl, np.nan),
        "days_to_reimbursement": np.where(np.isfinite(c.reimb_day[sel]), c.reimb_day[sel] - fl, np.nan),
        # the claim at the payment service provider and what the regime did with it
        "claimed": c.claimed[sel],
        "refused": c.refusal[sel] > 0,
        "refusal_reason": np.array(REFUSAL_REASONS, dtype=object)[c.refusal[sel]],
        "rule": rule_names[c.rule[sel] + 1],
        "payment_kind": np.array(("", *PAYMENT_KINDS), dtype=object)[c.kind[sel] + 1],
        # how the first payment that got through was made (also for a case none of whose money settled)
        "first_payment_kind": np.array(("", *PAYMENT_KINDS), dtype=object)[c.paid_kind[sel] + 1],
        "days_to_decision": np.where(np.isfinite(c.decision_day[sel]), c.decision_day[sel] - fl, np.nan),
        "suspect_identified": c.identified[sel],
        # non-financial harm (sim/engine/harm.py): the case's share, by loss, of its victim-year's harm
        "harm_eur": case_harm(m, sel),
        "hours_reporting": case_hours(m, sel),     # the victim's time contacting desks
        "weight": np.where(cons, m.scale, m.sme_scale),
    })
