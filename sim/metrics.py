"""KPIs, the daily tables and the per-victim table of one finished run (one seed).

Owns the KPI definitions of DESIGN.md: all national (scaled), over the last simulated year.
Must not change the model; reads its counters and event tables only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.costs import cost_kpis
from sim.harm import case_harm, case_hours
from sim.model import SYSTEM_COUNTERS, TYPE_COUNTERS, FraudChainModel

KPI_KEYS = (
    "fraud_attempts", "victims", "gross_loss_eur", "recovered_eur", "net_loss_eur", "reimbursed_eur",
    "reimbursed_share", "loss_borne_victims_eur", "loss_borne_banks_eur", "loss_borne_platforms_eur",
    "loss_borne_telecoms_eur", "loss_borne_insurers_eur", "prevention_spend_banks_eur",
    "prevention_spend_platforms_eur", "prevention_spend_telecoms_eur", "prevention_spend_eur", "social_cost_eur",
    "fraudster_profit_eur", "reporting_rate", "police_report_rate", "mean_desks_contacted",
    "median_days_to_reimbursement", "median_days_to_takedown", "median_mule_account_lifetime_days",
    "suspects_identified_share", "hub_members",
)
# KPIs beyond the fixed contract: each sector's bill and more victim outcomes
EXTRA_KPI_KEYS = (
    "sector_bill_banks_eur", "sector_bill_platforms_eur", "sector_bill_telecoms_eur", "sector_bill_insurers_eur",
    "sector_bill_victims_eur", "case_handling_eur", "public_cost_eur", "support_rate", "repeat_victim_share",
    "mean_caution_shift", "fraudster_groups", "bank_sending_effort", "bank_receiving_effort", "platform_effort",
    "telecom_effort", "penalties_eur", "median_days_to_help", "loket_share", "suspects_identified",
    "median_days_to_takedown_platforms", "median_days_to_takedown_telecoms", "victims_platform_origin",
    "victims_telecom_origin", "mules_recruited", "measure_cost_eur", "friction_cost_eur", "victim_harm_eur",
    "victim_time_eur", "sector_bill_government_eur",
)
TYPE_KPI_KEYS = ("victims", "gross_loss_eur", "reimbursed_share", "police_report_rate", "net_loss_eur",
                 "fraud_attempts", "reimbursed_eur")
# researchers' KPIs: name -> (function(model, start_day, end_day) -> float, description)
KPI_REGISTRY: dict[str, tuple[Callable[[FraudChainModel, int, int], float], str]] = {}


def register_kpi(name: str, fn: Callable[[FraudChainModel, int, int], float], description: str = "") -> None:
    """Add a KPI computed over the same window as the others: fn(model, start_day, end_day) -> float.

    It appears in RunResult.kpis, the JSON output and saved results after the fixed KPIs. A name
    may not replace a fixed KPI.
    """
    if name in KPI_KEYS or name in EXTRA_KPI_KEYS:
        raise ValueError(f"KPI {name!r} is built in; choose another name")
    KPI_REGISTRY[name] = (fn, description)


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


def _median(x: np.ndarray) -> float:
    x = x[np.isfinite(x)]
    return float(np.median(x)) if x.size else float("nan")


def _wmedian(x: np.ndarray, w: np.ndarray) -> float:
    ok = np.isfinite(x)
    x, w = x[ok], w[ok]
    if x.size == 0:
        return float("nan")
    o = np.argsort(x)
    cw = np.cumsum(w[o])
    return float(x[o][np.searchsorted(cw, 0.5 * cw[-1])])


def window_kpis(m: FraudChainModel, start: int, end: int) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """KPIs over days [start, end) of a finished model (national scale)."""
    dy = {k: v[start:end].sum(axis=0) for k, v in m.daily.items()}   # per type
    sy = {k: v[start:end] for k, v in m.system.items()}
    c = m.cases
    n = c.n
    fl = c.first_loss_day[:n]
    vic = (fl >= start) & (fl < end)                      # cases that became victims in the window
    w = np.where(c.pop[:n] == 0, m.scale, m.sme_scale)
    reported = c.desks[:n] > 0
    police = np.isfinite(c.police_day[:n])
    k: dict[str, float] = {}
    k["fraud_attempts"] = float(dy["attempts"].sum())
    # persons/SMEs who lost money (a person with two cases counts once)
    key = c.pop[:n][vic].astype(np.int64) * (1 << 40) + c.victim[:n][vic]
    uniq, first = np.unique(key, return_index=True)
    k["victims"] = float(w[vic][first].sum())
    for name in ("gross_loss_eur", "recovered_eur", "net_loss_eur", "reimbursed_eur"):
        k[name] = float(dy[name].sum())
    k["reimbursed_share"] = k["reimbursed_eur"] / k["net_loss_eur"] if k["net_loss_eur"] > 0 else 0.0
    for sector in ("victims", "banks", "platforms", "telecoms", "insurers"):
        k[f"loss_borne_{sector}_eur"] = float(dy[f"borne_{sector}_eur"].sum())
    # exact conservation: what victims carry is the rest of the net loss
    others = sum(k[f"loss_borne_{s}_eur"] for s in ("banks", "platforms", "telecoms", "insurers"))
    k["loss_borne_victims_eur"] = k["net_loss_eur"] - others
    for sector in ("banks", "platforms", "telecoms"):
        k[f"prevention_spend_{sector}_eur"] = float(sy[f"prevention_spend_{sector}_eur"].sum())
    k["prevention_spend_eur"] = sum(k[f"prevention_spend_{s}_eur"] for s in ("banks", "platforms", "telecoms"))
    k["fraudster_profit_eur"] = float(sy["fraudster_proceeds_eur"].sum() - sy["fraudster_costs_eur"].sum())
    wv = w[vic]
    tot = wv.sum()
    k["reporting_rate"] = float((wv * reported[vic]).sum() / tot) if tot else 0.0
    k["police_report_rate"] = float((wv * police[vic]).sum() / tot) if tot else 0.0
    rep = vic & reported
    k["mean_desks_contacted"] = float(np.average(c.desks[:n][rep], weights=w[rep])) if rep.any() else 0.0
    reimb = vic & np.isfinite(c.reimb_day[:n])
    k["median_days_to_reimbursement"] = _wmedian(c.reimb_day[:n][reimb] - fl[reimb], w[reimb]) if reimb.any() \
        else float("nan")
    ins = m.instruments
    ni = ins.n
    down = (ins.takedown[:ni] >= start) & (ins.takedown[:ni] < end)
    mu = m.mules
    nm = mu.n
    blocked = (mu.blocked_day[:nm] >= start) & (mu.blocked_day[:nm] < end) & np.isfinite(mu.first_credit_day[:nm])
    mule_life = np.maximum(mu.blocked_day[:nm][blocked] - mu.first_credit_day[:nm][blocked], 0.0)
    inst_life = ins.takedown[:ni][down] - ins.first_use[:ni][down]
    # a simulated instrument stands for a group's pool of parallel ones, a simulated mule account for
    # `mule_weight` national accounts: weigh them so the median does not depend on the agent count
    k["median_days_to_takedown"] = _wmedian(
        np.concatenate([inst_life, mule_life]),
        np.concatenate([np.full(inst_life.size, m.s.fraudsters.instruments_per_type),
                        np.full(mule_life.size, m.mule_weight)]))
    k["median_mule_account_lifetime_days"] = _median(mule_life)
    police_in = float(sy["police_reports"].sum())
    k["suspects_identified_share"] = float(min(sy["suspects_identified"].sum() / police_in, 1.0)) if police_in else 0.0
    k["hub_members"] = float(sy["hub_members"][-1]) if end > start else 0.0
    # each sector's bill: losses it carries plus what it spends on prevention
    k["sector_bill_banks_eur"] = k["loss_borne_banks_eur"] + k["prevention_spend_banks_eur"]
    k["sector_bill_platforms_eur"] = k["loss_borne_platforms_eur"] + k["prevention_spend_platforms_eur"]
    k["sector_bill_telecoms_eur"] = k["loss_borne_telecoms_eur"] + k["prevention_spend_telecoms_eur"]
    k["sector_bill_insurers_eur"] = k["loss_borne_insurers_eur"]
    k["sector_bill_victims_eur"] = k["loss_borne_victims_eur"]
    # measures, friction, report handling, public cost, victims' harm and the social cost (sim/costs.py)
    cost_kpis(m, start, end, k)
    k["support_rate"] = float((wv * c.support[:n][vic]).sum() / tot) if tot else 0.0
    k["repeat_victim_share"] = float((wv * c.repeat[:n][vic]).sum() / tot) if tot else 0.0
    for name, col in (("mean_caution_shift", "caution_shift"), ("fraudster_groups", "fraudster_groups"),
                      ("bank_sending_effort", "bank_sending_effort"), ("bank_receiving_effort", "bank_receiving_effort"),
                      ("platform_effort", "platform_effort"), ("telecom_effort", "telecom_effort")):
        k[name] = float(sy[col].mean()) if end > start else 0.0
    k["penalties_eur"] = float(sy["penalties_eur"].sum())
    helped = vic & np.isfinite(c.help_day[:n])
    k["median_days_to_help"] = _wmedian(c.help_day[:n][helped] - fl[helped], w[helped]) if helped.any() \
        else float("nan")
    k["loket_share"] = float((wv * c.loket[:n][vic]).sum() / tot) if tot else 0.0
    k["suspects_identified"] = float(sy["suspects_identified"].sum())
    # persons recruited as money mules in the window (national): account holders of accounts opened then
    new_acc = (m.mules.recruited_day[:nm] >= start) & (m.mules.recruited_day[:nm] < end)
    holders = np.unique(m.mules.holder[:nm][new_acc])
    k["mules_recruited"] = float(holders[holders >= 0].size * m.mule_weight)
    sec = ins.sector[:ni][down]
    k["median_days_to_takedown_platforms"] = _median(inst_life[sec == 1])
    k["median_days_to_takedown_telecoms"] = _median(inst_life[sec == 2])
    origin = m.t_origin[c.ftype[:n]]
    for name, code in (("victims_platform_origin", 1), ("victims_telecom_origin", 2)):
        sel = vic & (origin == code)
        _, f1 = np.unique(c.pop[:n][sel].astype(np.int64) * (1 << 40) + c.victim[:n][sel], return_index=True)
        k[name] = float(w[sel][f1].sum())

    for name, (fn, _) in KPI_REGISTRY.items():
        k[name] = float(fn(m, start, end))

    by_type: dict[str, dict[str, float]] = {}
    ft = c.ftype[:n]
    for ti, tkey in enumerate(m.types):
        sel = vic & (ft == ti)
        key_sel = c.pop[:n][sel].astype(np.int64) * (1 << 40) + c.victim[:n][sel]
        _, f1 = np.unique(key_sel, return_index=True)
        tw = w[sel]
        net = float(dy["net_loss_eur"][ti])
        by_type[tkey] = {
            "victims": float(tw[f1].sum()),
            "gross_loss_eur": float(dy["gross_loss_eur"][ti]),
            "net_loss_eur": net,
            "reimbursed_eur": float(dy["reimbursed_eur"][ti]),
            "reimbursed_share": float(dy["reimbursed_eur"][ti] / net) if net > 0 else 0.0,
            "police_report_rate": float((tw * police[sel]).sum() / tw.sum()) if tw.sum() else 0.0,
            "fraud_attempts": float(dy["attempts"][ti]),
        }
    return k, by_type


def collect(m: FraudChainModel, seconds: float = 0.0) -> SeedResult:
    """Everything a run reports for one seed: KPIs (last year), daily tables, per-victim table."""
    start = max(0, m.days_total - 365)
    kpis, by_type = window_kpis(m, start, m.days_total)
    days = np.arange(m.days_total)
    rows = {"day": np.repeat(days, m.T), "fraud_type": np.tile(np.array(m.types), m.days_total)}
    for k in TYPE_COUNTERS:
        rows[k] = m.daily[k].ravel()
    daily = pd.DataFrame(rows)
    daily.insert(0, "seed", m.seed)
    system = pd.DataFrame({"seed": m.seed, "day": days, **{k: m.system[k] for k in SYSTEM_COUNTERS}})
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
    kinds = np.array(["site", "platform_account", "phone_number"], dtype=object)
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
        "weight": np.concatenate([np.full(int(down.sum()), m.s.fraudsters.instruments_per_type),
                                  np.full(int(blocked.sum()), m.mule_weight)]),
    })


def victim_table(m: FraudChainModel) -> pd.DataFrame:
    """One row per case in which money was lost: who the victim is and what happened to them."""
    c = m.cases
    n = c.n
    sel = np.flatnonzero(c.gross[:n] > 0)
    popk = c.pop[sel]
    cons = popk == 0
    vid = c.victim[sel]
    age = np.full(sel.size, "SME", dtype=object)
    skill = np.full(sel.size, np.nan)
    if cons.any():
        age[cons] = np.array(m.consumers.age_bands, dtype=object)[m.consumers.age_band[vid[cons]]]
        skill[cons] = m.consumers.digital_skill[vid[cons]]
    kind = np.array(["consumer", "micro", "sme"], dtype=object)[c.vkind[sel]]
    fl = c.first_loss_day[sel]
    return pd.DataFrame({
        "seed": m.seed,
        "case": sel,
        "fraud_type": np.array(m.types, dtype=object)[c.ftype[sel]],
        "victim_kind": kind,
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
        "borne_platforms_eur": c.borne_platforms[sel],
        "borne_telecoms_eur": c.borne_telecoms[sel],
        "borne_insurers_eur": c.borne_insurers[sel],
        "reported": c.desks[sel] > 0,
        "police_report": np.isfinite(c.police_day[sel]),
        "desks_contacted": c.desks[sel],
        "fraudehelpdesk": c.fraudehelpdesk[sel],
        "support": c.support[sel],
        "days_to_help": np.where(np.isfinite(c.help_day[sel]), c.help_day[sel] - fl, np.nan),
        "days_to_reimbursement": np.where(np.isfinite(c.reimb_day[sel]), c.reimb_day[sel] - fl, np.nan),
        "suspect_identified": c.identified[sel],
        "harm_eur": case_harm(m, sel),             # non-financial harm (sim/harm.py)
        "hours_reporting": case_hours(m, sel),     # the victim's time contacting desks
        "weight": np.where(cons, m.scale, m.sme_scale),
    })
