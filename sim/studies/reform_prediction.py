"""A reform predicted out of sample: a country pack fitted before a reform, run through it.

Three runs on the same seeds (common random numbers):
- before: the pack's baseline as fitted (its last year, e.g. 2023 for the UK);
- without: the same baseline one year longer, no reform (the counterfactual first year);
- with: the reform scenario (the baseline plus the reform at the start of that year).
Each measure is taken as the source after the reform counts it (a quantity of the pack's vocabulary,
fraudchain.sim.studies.calibration.country), over the last simulated year, and reported as the mean over seeds
with a 95 % interval, plus the paired difference with against without. Nothing here is fitted: the runs use
the scenarios as they are. Runs the model through fraudchain.sim.runs.runner only; never changes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.packs import pack
from fraudchain.sim.runs.runner import Summary, run_many, summarise
from fraudchain.sim.studies.calibration.country import quantity

# what the UK's regulator and trade body publish after the reform, as quantities of the pack's vocabulary
UK_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("psr_inscope_returned_share", "bank_inscope_returned_share:app:*",
     "money lost in in-scope APP claims that was returned (PSR's measure)"),
    ("ukf_app_returned_share", "bank_returned_share:app:*", "returned over gross over all APP cases known to banks "
     "(UK Finance's measure)"),
    ("app_claims", "bank_cases:app:*", "APP cases known to the banks (claims), modelled types"),
    ("app_loss_gbp", "bank_loss:app:*", "their gross loss, GBP"),
    ("refused_outside_scope_share", "bank_refused_share:app:*:outside_scope", "claims refused as outside scope"),
    ("refused_caution_share", "bank_refused_share:app:*:gross_negligence",
     "claims refused for lack of care (consumer standard of caution)"),
    ("refused_other_share", "bank_refused_share:app:*:declined+out_of_time",
     "claims refused otherwise (declined, out of time)"),
    ("receiving_share_of_reimbursed", "bank_receiving_share:app:*", "receiving PSPs' part of what PSPs reimbursed"),
    ("app_cases_over_cap_share", "bank_share_over:app:*:85000", "APP cases above GBP 85,000 (the cap)"),
    ("purchase_cases", "bank_cases:app:marketplace+fake_webshop", "purchase scams, cases"),
    ("purchase_loss_gbp", "bank_loss:app:marketplace+fake_webshop", "purchase scams, GBP"),
    ("investment_cases", "bank_cases:app:investment", "investment scams, cases"),
    ("investment_loss_gbp", "bank_loss:app:investment", "investment scams, GBP"),
    ("romance_cases", "bank_cases:app:romance", "romance scams, cases"),
    ("romance_loss_gbp", "bank_loss:app:romance", "romance scams, GBP"),
    ("imp_police_bank_cases", "bank_cases:app:bank_helpdesk", "police/bank-staff impersonation, cases"),
    ("imp_police_bank_loss_gbp", "bank_loss:app:bank_helpdesk", "police/bank-staff impersonation, GBP"),
    ("imp_other_cases", "bank_cases:app:friend_in_need", "other impersonation, cases"),
    ("imp_other_loss_gbp", "bank_loss:app:friend_in_need", "other impersonation, GBP"),
    ("invoice_cases", "bank_cases:app:invoice", "invoice and mandate, cases"),
    ("invoice_loss_gbp", "bank_loss:app:invoice", "invoice and mandate, GBP"),
    ("median_days_to_decision_app", "kpi:median_days_to_decision_authorised",
     "days from the first loss to the first reimbursement decision, APP cases"),
)


@dataclass
class Prediction:
    metric: str
    description: str
    before: Summary          # the fitted baseline's last year
    without: Summary         # the first year after, no reform
    with_reform: Summary     # the first year after, under the reform
    effect: Summary          # paired: with - without (same seeds)


def predict(country: str, baseline: str, reform: str, seeds: int, agents: int,
            measures: tuple[tuple[str, str, str], ...] = UK_MEASURES, workers: int | None = None) -> list[Prediction]:
    """Run before / without / with on seeds 0..seeds-1 and measure each quantity (module doc)."""
    p = pack(country)
    base = load_scenario(baseline, country=country)
    ref = load_scenario(reform, country=country)
    years_after = ref.run.years
    base_longer = base.with_overrides({"run.years": years_after})
    jobs = [(s, k) for s in (base, base_longer, ref) for k in range(seeds)]
    results = run_many(jobs, agents, None, workers=workers)
    runs = [results[i * seeds:(i + 1) * seeds] for i in range(3)]
    pop = float(base.population.consumers)
    out = []
    for name, spec, text in measures:
        fn = quantity(spec, p)
        vals = [np.array([fn(r, pop) for r in rs], float) for rs in runs]
        out.append(Prediction(name, text, summarise(vals[0]), summarise(vals[1]), summarise(vals[2]),
                              summarise(vals[2] - vals[1], bounds=(-np.inf, np.inf))))
    return out
