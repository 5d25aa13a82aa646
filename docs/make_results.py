"""Regenerate the README's results tables: python docs/make_results.py liability|measures [--seeds 8] [--agents N]
[--uncertainty seeds|assumptions].

Runs the scenarios on the same seeds (common random numbers) and prints markdown: each KPI's mean
with its 95 % interval, and the paired difference against nl_baseline with its interval and p-value.
"""

from __future__ import annotations

import argparse

from fraudchain.sim import compare

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
                  "victim_harm_eur", "social_cost_eur",
                  "claimed_returned_share", "claims_refused_share", "median_days_to_reimbursement", "median_days_to_takedown", "fraudster_profit_eur"],
    "measures": ["victims", "net_loss_eur", "loss_borne_victims_eur", "loss_borne_banks_eur", "prevention_spend_eur",
                 "measure_cost_eur", "friction_cost_eur", "case_handling_eur", "public_cost_eur", "victim_harm_eur",
                 "social_cost_eur", "reporting_rate", "mean_desks_contacted", "police_report_rate",
                 "median_days_to_takedown", "median_mule_account_lifetime_days", "suspects_identified",
                 "hub_members", "mules_recruited", "displaced_contacts_share", "fraudster_profit_eur"],
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=list(SETS))
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--agents", type=int, default=150_000)
    ap.add_argument("--uncertainty", choices=("seeds", "assumptions"), default="assumptions",
                    help="assumptions (default): every replication also draws the uncertain parameters")
    a = ap.parse_args()
    names = SETS[a.set]
    res = compare(names, seeds=a.seeds, agents=a.agents, uncertainty=a.uncertainty)
    what = ("seed and assumption draws (Latin hypercube over every stated range, the same draws for every "
            "scenario)" if a.uncertainty == "assumptions" else "seeds only")
    print(f"{a.seeds} replications ({what}) x {a.agents:,} agents x 3 years; KPIs of year 3, national scale; "
          "mean [95 % CI]; below it the paired difference vs nl_baseline [95 % CI] and p (paired t-test).\n")
    print("| KPI | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for k in KPIS[a.set]:
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


if __name__ == "__main__":
    main()
