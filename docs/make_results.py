"""Regenerate the README's results: python docs/make_results.py liability|measures|all|channels [--seeds 8]
[--agents N] [--uncertainty seeds|assumptions] [--save FILE | --load FILE].

Runs the scenarios on the same seeds (common random numbers) and prints markdown: each KPI's mean
with its 95 % interval, and the paired difference against nl_baseline with its interval and p-value;
with `--uncertainty assumptions` (the default) also the robustness of each answer over the plausible
worlds (fraudchain.sim.studies.robustness: the probability that each option beats the baseline and the
assumptions that decide it). `all` runs both sets in one comparison (the same worlds) and prints both.
`channels` runs single telecom and platform measures and prints their effect on their own channel and on
all fraud (fraudchain.sim.studies.channels), for docs/evidence.md. `--save` keeps the finished comparison
(a pickle) so `--load` can print again without running.
"""

from __future__ import annotations

import argparse
import pickle

from fraudchain.scenarios.loader import load_scenario
from fraudchain.sim import compare
from fraudchain.sim.studies.channels import channel_effects
from fraudchain.sim.studies.robustness import analyse

SETS = {
    "liability": ["nl_baseline", "uk_psr_2024", "sg_srf_2024", "au_spf_2025", "eu_psr_2025", "chain_liability",
                  "consumer_bears_all", "bank_strict"],
    "measures": ["nl_baseline", "fraud_hub", "een_loket", "awareness_campaign", "system_measures",
                 "broad_participation", "ecp_full_package"],
}
KPIS = {
    "liability": ["victims", "net_loss_eur", "reimbursed_share", "loss_borne_victims_eur", "loss_borne_banks_eur",
                  "loss_borne_platforms_eur", "loss_borne_telecoms_eur", "prevention_spend_eur",
                  "sector_bill_banks_eur", "sector_bill_platforms_eur", "sector_bill_telecoms_eur", "measure_cost_eur",
                  "victim_harm_eur", "social_cost_eur", "claimed_returned_share", "app_claimed_returned_share",
                  "claims_refused_share", "median_days_to_reimbursement", "median_days_to_takedown",
                  "fraudster_profit_eur"],
    "measures": ["victims", "net_loss_eur", "loss_borne_victims_eur", "loss_borne_banks_eur", "prevention_spend_eur",
                 "measure_cost_eur", "friction_cost_eur", "case_handling_eur", "public_cost_eur", "victim_harm_eur",
                 "social_cost_eur", "reporting_rate", "mean_desks_contacted", "police_report_rate",
                 "median_days_to_takedown", "median_mule_account_lifetime_days", "suspects_identified",
                 "hub_members", "mules_recruited", "displaced_contacts_share", "fraudster_profit_eur"],
}
ROBUST_KPIS = ["victims", "net_loss_eur", "social_cost_eur", "social_cost_excl_harm_eur"]
# single measures on their own channel (docs/evidence.md, "Channel and total effects")
CHANNEL_MEASURES = {
    "sms_registry": {"telecoms.sms_filter": 0.45},
    "anti_spoofing": {"telecoms.anti_spoofing": 0.6},
    "seller_verification": {"platforms.verification": 0.25},
}


def fmt(x: float, kpi: str) -> str:
    if x != x:
        return "n/a"
    if kpi.endswith(("_share", "_rate")):
        return f"{x:.1%}"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.1f} M"
    if abs(x) >= 1e3:
        return f"{x / 1e3:,.1f} k"
    return f"{x:,.2f}"


def table(res, names: list[str], kpis: list[str], seeds: int, agents: int, mode: str) -> None:
    what = ("seed and assumption draws (Latin hypercube over every stated range, the same draws for every "
            "scenario)" if mode == "assumptions" else "seeds only")
    print(f"{seeds} replications ({what}) x {agents:,} agents x 3 years; KPIs of year 3, national scale; "
          "mean [95 % CI]; below it the paired difference vs nl_baseline [95 % CI] and p (paired t-test).\n")
    print("| KPI | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for k in kpis:
        cells = []
        for n in names:
            s = res.results[n].kpis[k]
            cell = f"{fmt(s.mean, k)} [{fmt(s.ci_low, k)}; {fmt(s.ci_high, k)}]"
            if n != "nl_baseline":
                d = res.difference(k, n, "nl_baseline")
                p = "n/a" if d.p_value != d.p_value else f"{d.p_value:.3f}"
                cell += f"<br>Δ {fmt(d.mean, k)} [{fmt(d.ci_low, k)}; {fmt(d.ci_high, k)}] p={p}"
            cells.append(cell)
        print(f"| `{k}` | " + " | ".join(cells) + " |")


def robustness_table(res, names: list[str]) -> None:
    """Per option: in what share of the plausible worlds it beats the baseline, and the top drivers."""
    sub = type(res)({n: res.results[n] for n in names})
    r = analyse(sub, ROBUST_KPIS, "nl_baseline")
    print(f"\nRobustness over {len(r.seeds)} plausible worlds: the share of worlds in which the option beats "
          "nl_baseline [Wilson 95 %], and the assumptions that decide the difference: those a regression on the "
          "draws selects beyond chance, with the share of the variance each explains (none: no drawn assumption "
          "can be told from seed noise and chance).\n")
    print("| option | " + " | ".join(f"P(better) `{k}`" for k in ROBUST_KPIS) + " | decisive assumptions (victims; "
          "social cost) |")
    print("|---|" + "---|" * (len(ROBUST_KPIS) + 1))
    for i, o in enumerate(r.options):
        cells = []
        for k in ROBUST_KPIS:
            x = r.kpis[k].options[i]
            cells.append(f"{x.better:.0%} [{x.better_low:.0%}; {x.better_high:.0%}]")

        def top(kpi: str, i: int = i) -> str:
            ds = [d for d in r.kpis[kpi].options[i].drivers if d.selected][:3]
            return ", ".join(f"`{d.parameter}` {d.variance_share:.2f}" for d in ds) or "none"
        print(f"| {o} | " + " | ".join(cells) + f" | {top('victims')}; {top('social_cost_eur')} |")
    for k in ("victims", "social_cost_eur"):
        print(f"\nRankings by `{k}` (best first): " + "; ".join(
            f"{' > '.join(rk)} {p:.0%}" for rk, p in r.kpis[k].rankings[:3]))


def channels(res) -> None:
    print("| measure | fraud type | contacts through | victims | share of victims before -> after |")
    print("|---|---|---|---|---|")
    for m in CHANNEL_MEASURES:
        for row in channel_effects(res, m, "nl_baseline"):
            c, v = row.contacts_change, row.victims_change
            print(f"| {m} | {row.fraud_type} | {c[0]:+.1%} [{c[1]:+.1%}; {c[2]:+.1%}] | {v[0]:+.1%} [{v[1]:+.1%}; "
                  f"{v[2]:+.1%}] | {row.victim_share_before:.1%} -> {row.victim_share_after:.1%} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=[*SETS, "all", "channels"])
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--agents", type=int, default=150_000)
    ap.add_argument("--uncertainty", choices=("seeds", "assumptions"), default="assumptions",
                    help="assumptions (default): every replication also draws the uncertain parameters")
    ap.add_argument("--save", help="keep the finished comparison in this file (pickle)")
    ap.add_argument("--load", help="print from a comparison kept with --save instead of running")
    a = ap.parse_args()
    if a.set == "channels":
        base = load_scenario("nl_baseline")
        names = [base, *(base.with_overrides({"name": m, "reforms": [{"day": 365, "label": m, "set": s}]})
                         for m, s in CHANNEL_MEASURES.items())]
    else:
        names = SETS[a.set] if a.set in SETS else list(dict.fromkeys(SETS["liability"] + SETS["measures"]))
    if a.load:
        with open(a.load, "rb") as f:
            res = pickle.load(f)
    else:
        res = compare(names, seeds=a.seeds, agents=a.agents, uncertainty=a.uncertainty)
        if a.save:
            with open(a.save, "wb") as f:
                pickle.dump(res, f)
    seeds, agents = len(res.results["nl_baseline"].seeds), res.results["nl_baseline"].agents
    mode = "assumptions" if res.results["nl_baseline"].draws is not None else "seeds"
    if a.set == "channels":
        channels(res)
        return
    for s in (SETS if a.set == "all" else [a.set]):
        table(res, SETS[s], KPIS[s], seeds, agents, mode)
        if mode == "assumptions":
            robustness_table(res, SETS[s])
        print()


if __name__ == "__main__":
    main()
