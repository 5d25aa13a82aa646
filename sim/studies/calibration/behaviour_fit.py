"""The behaviour parameters (reporting, registration, money back) fitted by expected values over simulated cases.

Where a victim reports and what the police register change little in the rest of the chain, while each
figure they produce (registrations, the Fraudehelpdesk's counts, the share of purchase-fraud damage reported)
rests on tens to thousands of simulated cases, so a fit that re-runs the model for every parameter vector
chases seed noise. Instead, runs of the scenario as it stands give the cases of the last year: their fraud
type, the loss at stake when the victim decided, the share it expected back, whether its refund required a
police report, and what happened to claims. The expected count of a reported figure is then the sum over the
cases of the probability the desks give each decision (agents/reporting.py: the same functions the model
draws from), a smooth function of the parameters that scipy's least squares fits with the loss of
sim/studies/calibration/fit.py. The fitted values are then checked by full runs on fresh seeds (the usual
comparison table), which is where a feedback the expectation leaves out would show.

What the expectation holds fixed: the cases themselves (who fell for what, and their losses), what victims
expected back, and, for money back, the share of claims and of unclaimed cases that got money back by fraud
type and payment kind (chargebacks, recalls, insurers): only the choice to claim moves with the parameters. The
payment kind is that of the case's first payment that got through; the model decides on the first payment
settled, the same one unless an earlier payment still waits to be cashed out when a later one settles.
It follows today's desks, victim support's reports to the police included; it leaves out what Eén Loket, the
public information portal and funded victim support add (`left_out` names those a scenario has on, and
`fraudchain calibrate` says so; the check runs on fresh seeds include them).
"""

from __future__ import annotations

import math
from concurrent.futures import Executor

import numpy as np
import pandas as pd
from fraudchain.agents.reporting import (
    by_loss,
    claim_probability,
    police_intent_probability,
    registration_probability,
)
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.runs.procs import as_finished, parallel
from fraudchain.sim.runs.runner import Packed, run_packed
from fraudchain.sim.runs.workload import stall_seconds
from fraudchain.sim.studies.calibration.fit import (
    FitParam,
    current_values,
    expand,
    fitted_targets,
    prior_centres,
    residual,
)
from fraudchain.sim.studies.calibration.seed_measures import PURCHASE, PURCHASE_SELLING, cases_in, ratio
from fraudchain.sim.studies.calibration.targets import Published, Target
from scipy import optimize

CASE_COLUMNS = ("fraud_type", "weight", "gross_loss_eur", "stake_eur", "expected_refund_share", "refund_needs_report",
                "first_payment_kind", "claimed", "got_back",
                # what the run decided, to hold the expectation against (tests/test_behaviour_fit.py)
                "police_registered", "police_report", "fraudehelpdesk")


def last_year_cases(packed: Packed, agents: int, seed: int, years: int | None) -> pd.DataFrame:
    """One run of a packed scenario (the task sent to a worker) -> the last year's cases with what their reports
    were decided on."""
    v = cases_in(run_packed(packed, agents, seed, years)).copy()
    back = v["recovered_eur"] + v["reimbursed_eur"]
    for col in ("borne_banks_eur", "borne_platforms_eur", "borne_telecoms_eur", "borne_insurers_eur"):
        back = back + v[col]
    v["got_back"] = back > 0.5
    out = v.loc[:, list(CASE_COLUMNS)].reset_index(drop=True)
    out["seed"] = seed
    return out


def collect_cases(scenario: Scenario, agents: int, seeds: list[int], years: int | None, workers: int,
                  pool: Executor | None = None) -> pd.DataFrame:
    """The last year's cases of every seed (in `pool`, the calibration's own, or in worker processes started
    for it: sim/runs/procs.py)."""
    packed = Packed.of(scenario)
    stall = stall_seconds([scenario], agents, years)
    if pool is not None:
        futs = {pool.submit(last_year_cases, packed, agents, s, years): i for i, s in enumerate(seeds)}
        frames: list[pd.DataFrame | None] = [None] * len(seeds)
        for f in as_finished(futs, stall):
            frames[futs[f]] = f.result()
    else:
        frames = [None] * len(seeds)
        jobs = [(packed, agents, s, years) for s in seeds]
        for i, frame in parallel(last_year_cases, jobs, workers, stall):
            frames[i] = frame
    return pd.concat(frames, ignore_index=True)


def case_probabilities(scenario: Scenario, cases: pd.DataFrame,
                       rates: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Per case, the chance of each decision the behaviour figures count, under `scenario`'s parameters:
    "registered" (the police registered it), "police_report" (the victim says it reported to the police),
    "fraudehelpdesk" (it reported to the desk), "claimed" (it claimed at its bank) and "money_back" (it got money
    back). rates: `back_rates(cases)`,
    when already computed."""
    rep, ft = scenario.reporting, scenario.fraud_types
    codes, names = pd.factorize(cases["fraud_type"].to_numpy())

    def per_type(name: str) -> np.ndarray:
        return np.array([getattr(ft[k], name) for k in names], dtype=float)[codes]

    typical = per_type("loss_median_eur") * per_type("payments_mean")
    loss = cases["stake_eur"].to_numpy(float)
    expected = cases["expected_refund_share"].to_numpy(float)
    needs = cases["refund_needs_report"].to_numpy(bool)
    asked = np.where(loss > 0, police_intent_probability(rep, loss, typical, per_type("police_report_prob"),
                                                         per_type("police_loss_slope"), expected, needs), 0.0)
    accepted = asked * registration_probability(rep, loss, typical, per_type("registration_prob"), False, needs)
    fhd = np.where(loss > 0, by_loss(per_type("fraudehelpdesk_report_prob"), per_type("fraudehelpdesk_loss_slope"),
                                     loss, typical), 0.0)
    # victim support (agents/reporting.py, Desks.route and support_victims; sim/engine/stages/claims.py): a share
    # `support_share` of the victims who reported to a desk (police, platform or Fraudehelpdesk: independent draws)
    # is supported, and a supported victim who did not go to the police files a report with chance
    # `support_police_uplift`, registered as filed; and it claims at its bank more often (below)
    any_desk = np.where(loss > 0, 1.0 - (1.0 - asked) * (1.0 - per_type("platform_report_prob")) * (1.0 - fhd), 0.0)
    files = rep.support_share * rep.support_police_uplift * (any_desk - asked)
    banked = cases["first_payment_kind"].to_numpy() != "cash"
    claim = np.where((loss > 0) & banked, claim_probability(rep, loss, typical, per_type("bank_report_prob"),
                                                            expected), 0.0)
    # a supported victim who would not claim does so with chance `support_claim_uplift` (Desks.claim_with_support)
    claim = claim + (1.0 - claim) * rep.support_claim_uplift * rep.support_share * any_desk * banked
    rate_claimed, rate_unclaimed = back_rates(cases) if rates is None else rates
    return {"registered": accepted + files, "police_report": asked + files, "fraudehelpdesk": fhd, "claimed": claim,
            "money_back": claim * rate_claimed + (1.0 - claim) * rate_unclaimed}


def expected_values(scenario: Scenario, cases: pd.DataFrame,
                    rates: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, float]:
    """The behaviour figures the cases would produce in expectation under `scenario`'s parameters (national,
    per year: the mean over seeds), from `case_probabilities`."""
    p = case_probabilities(scenario, cases, rates)
    t = cases["fraud_type"].to_numpy()
    w = cases["weight"].to_numpy(float) / cases["seed"].nunique()
    registered, fhd = p["registered"], p["fraudehelpdesk"]

    def total(x: np.ndarray, types: tuple[str, ...] | None = None) -> float:
        sel = np.ones(t.size, bool) if types is None else np.isin(t, types)
        return float((w * x)[sel].sum())

    purchase = np.isin(t, PURCHASE)
    gross = cases["gross_loss_eur"].to_numpy(float)
    return {
        "police_online_fraud_registrations": total(registered),
        "police_purchase_fraud_registrations": total(registered, PURCHASE_SELLING),
        "police_bank_helpdesk_registrations": total(registered, ("bank_helpdesk",)),
        "fraudehelpdesk_purchase_victims": total(fhd, PURCHASE),
        "fraudehelpdesk_investment_victims": total(fhd, ("investment",)),
        "fraudehelpdesk_bank_helpdesk_victims": total(fhd, ("bank_helpdesk",)),
        "friend_in_need_reported_victims": total(fhd, ("friend_in_need",)),
        "avg_loss_purchase_fraud_eur": ratio(total(registered * gross, PURCHASE_SELLING),
                                              total(registered, PURCHASE_SELLING)),
        "purchase_fraud_reported_damage_share": ratio((w * gross * p["police_report"])[purchase].sum(),
                                                       (w * gross)[purchase].sum()),
        "purchase_fraud_money_back_share": ratio((w * p["money_back"])[purchase].sum(), w[purchase].sum()),
    }


def left_out(scenario: Scenario) -> list[str]:
    """What a scenario has on, from the start or by a reform, that the expected values do not follow (they follow
    today's desks)."""
    on = {"een_loket.enabled": scenario.een_loket.enabled,
          "awareness.public_info_portal": scenario.awareness.public_info_portal,
          "reporting.support_funding_eur_per_year": scenario.reporting.support_funding_eur_per_year > 0}
    for reform in scenario.reforms:
        for key in on:
            if key in reform.set:
                on[key] |= bool(reform.set[key])
    what = {"een_loket.enabled": "Eén Loket's routing and triage",
            "awareness.public_info_portal": "the public information portal's extra reports",
            "reporting.support_funding_eur_per_year": "funded victim support"}
    return [f"{what[k]} ({k})" for k, v in on.items() if v]


def back_rates(cases: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per case, the money-back share of claimed and of unclaimed cases of its type and payment kind."""
    return _back_rate(cases, True), _back_rate(cases, False)


def _back_rate(cases: pd.DataFrame, claimed: bool) -> np.ndarray:
    """Per case: the share of cases of its fraud type and payment kind that got money back, among the claimed
    (claimed=True) or the unclaimed ones, as the runs had it (0 where there were none)."""
    sub = cases[cases["claimed"].astype(bool) == claimed]
    w = sub["weight"].to_numpy(float)
    key = sub["fraud_type"].astype(str) + "|" + sub["first_payment_kind"].astype(str)
    num = pd.Series(w * sub["got_back"].to_numpy(float)).groupby(key.to_numpy()).sum()
    den = pd.Series(w).groupby(key.to_numpy()).sum()
    rate = (num / den).to_dict()
    keys = cases["fraud_type"].astype(str) + "|" + cases["first_payment_kind"].astype(str)
    return keys.map(rate).fillna(0.0).to_numpy(float)


def fit_behaviour(scenario: Scenario, cases: pd.DataFrame, params: list[FitParam], targets: tuple[Target, ...],
                  pubs: dict[str, Published], prior_weight: float = 0.1
                  ) -> tuple[dict[str, float], dict[str, float], float, float, str]:
    """Least squares of the fitted behaviour targets' band-normalised log ratios (the loss of fit.py, with its
    prior toward the schema defaults) over `params`, on the expected values of `cases`. Returns (start, best,
    loss at the start, loss at the best, scipy's message)."""
    flat, defaults = current_values(scenario), current_values(Scenario())
    keys = [p.key for p in params]
    start = {k: float(min(max(flat[k], p.low), p.high)) for k, p in zip(keys, params, strict=True)}
    prior = prior_centres(defaults, start)
    fitted = fitted_targets(targets, params)
    rates = back_rates(cases)

    def theta_of(z: np.ndarray) -> dict[str, float]:
        return expand({k: float(start[k] * math.exp(zi)) for k, zi in zip(keys, z, strict=True)}, params)

    def residuals(z: np.ndarray) -> np.ndarray:
        th = theta_of(z)
        means = expected_values(scenario.with_overrides(th), cases, rates)
        res = [math.sqrt(tg.weight) * residual(means[tg.metric], pubs[tg.metric]) for tg in fitted
               if tg.metric in means]
        res += [math.sqrt(prior_weight) * math.log(th[k] / prior[k]) / math.log(2) for k in keys]
        return np.array(res)

    lo = np.array([math.log(p.low / start[p.key]) for p in params]) - 1e-9
    hi = np.array([math.log(p.high / start[p.key]) for p in params]) + 1e-9
    z0 = np.zeros(len(keys))
    r0 = residuals(z0)
    sol = optimize.least_squares(residuals, z0, bounds=(lo, hi), method="trf", x_scale=0.5, diff_step=1e-3,
                                 max_nfev=400)
    return start, theta_of(sol.x), float(r0 @ r0), float(sol.fun @ sol.fun), f"least_squares: {sol.message}"
