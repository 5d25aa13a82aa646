"""Calibration of a scenario to the published Dutch figures: `fraudchain calibrate`.

Owns the mapping from the calibration targets (scenarios/data/nl_calibration_targets.csv, each
with its source) to model quantities, the loss, the fit, the fit table and the write-back of the
fitted values into the scenario file (a delimited block, with provenance, written atomically).

The loss (stated in docs/validation.md) is a weighted least squares on band-normalised log ratios
plus a weak prior that keeps each fitted parameter near its documented schema default:

    L(theta) = sum_i w_i * ((ln m_i(theta) - ln c_i) / h_i)^2  +  lambda * sum_j (ln(theta_j / theta0_j) / ln 2)^2

with m_i the model value averaged over common seeds (the same seeds for every theta), c_i the
geometric centre of target i's published band [low, high], h_i = max(ln(high/low) / 2, ln 1.1)
its half-width in log space (a model value on the band's edge costs w_i), theta0_j the schema
default. It is minimised by scipy.optimize.least_squares (trust region, in log-parameter space,
within bounds) with a forward-difference Jacobian whose runs go in parallel, under a budget of
parameter vectors; the best vector evaluated is kept. The fit table then re-runs the fitted
values on fresh seeds and gives each target's model value with a 95 % t-interval.

Runs the model through sim.runner.run_seed only; must not change the model.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
from scipy import optimize

from scenarios.loader import ScenarioError, _toml_value, builtin_names, load_scenario
from scenarios.schema import Scenario
from sim.cli import BadInput, fmt_number, progress_bar
from sim.metrics import SeedResult
from sim.runner import run_seed, seeds_needed, summarise
from sim.sweep import atomic_write_bytes, parse_vary, process_pool, stop_pool

BLOCK_START = "# --- calibrated (fraudchain calibrate) ---"
BLOCK_END = "# --- end calibrated ---"
CHECK_SEED_OFFSET = 1000          # the fit table runs on seeds 1000.. (fresh, not the seeds fitted on)
MIN_HALF_WIDTH = math.log(1.1)    # a band narrower than +-10 % is treated as +-10 % wide


# ---------------------------------------------------------------------------------------------
# the published figures
@dataclass(frozen=True)
class Published:
    metric: str
    value: float
    low: float
    high: float
    year: str
    unit: str
    source: str
    notes: str


def published() -> dict[str, Published]:
    """Every row of the calibration CSV, by metric."""
    text = resources.files("scenarios").joinpath("data", "nl_calibration_targets.csv").read_text(encoding="utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        out[row["metric"]] = Published(row["metric"], float(row["value"]), float(row["low"]), float(row["high"]),
                                       row["year"], row["unit"], row["source"], row["notes"])
    return out


# ---------------------------------------------------------------------------------------------
# model quantities comparable to the figures (one seed's result; pop = persons 15+ in the scenario)
def _bt(r: SeedResult, types: tuple[str, ...], key: str) -> float:
    return float(sum(r.by_type[t][key] for t in types))


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def _weighted_rate(r: SeedResult, types: tuple[str, ...], key: str) -> float:
    v = [r.by_type[t]["victims"] for t in types]
    return _ratio(sum(w * r.by_type[t][key] for w, t in zip(v, types, strict=True)), sum(v))


def _police_registered_loss(r: SeedResult) -> float:
    """Gross loss of the last year's cases that led to a police report (national scale)."""
    v = r.victims
    if v is None or not len(v):
        return 0.0
    last_day = int(r.daily["day"].max()) + 1 if len(r.daily) else 365
    sel = (v["first_loss_day"] >= last_day - 365) & v["police_report"].astype(bool)
    return float((v.loc[sel, "gross_loss_eur"] * v.loc[sel, "weight"]).sum())


PURCHASE = ("marketplace", "fake_webshop")
IMPERSONATION = ("phishing", "bank_helpdesk", "friend_in_need")

Quantity = Callable[[SeedResult, float], float]
QUANTITIES: dict[str, tuple[str, Quantity]] = {
    "online_fraud_victim_rate_15plus": (
        "victims (persons and SMEs who lost money) / persons 15+", lambda r, p: r.kpis["victims"] / p),
    "purchase_fraud_victim_rate_15plus": (
        "(marketplace + fake_webshop victims) / persons 15+", lambda r, p: _bt(r, PURCHASE, "victims") / p),
    "phishing_money_lost_rate_15plus": (
        "(phishing + bank_helpdesk + friend_in_need victims) / persons 15+",
        lambda r, p: _bt(r, IMPERSONATION, "victims") / p),
    "online_crime_victim_rate_15plus": ("victims / persons 15+ (fraud only)", lambda r, p: r.kpis["victims"] / p),
    "scam_attempt_received_rate": (
        "1 - exp(-fraud_attempts / persons 15+): attempts spread over persons as Poisson",
        lambda r, p: 1.0 - math.exp(-r.kpis["fraud_attempts"] / p)),
    "police_report_rate_online_crime": ("police_report_rate", lambda r, p: r.kpis["police_report_rate"]),
    "police_report_rate_bank_helpdesk": (
        "by_type.bank_helpdesk.police_report_rate", lambda r, p: r.by_type["bank_helpdesk"]["police_report_rate"]),
    "police_report_rate_purchase_fraud": (
        "victim-weighted police_report_rate of marketplace + fake_webshop",
        lambda r, p: _weighted_rate(r, PURCHASE, "police_report_rate")),
    "police_online_fraud_registrations": (
        "victims x police_report_rate (persons who filed a police report)",
        lambda r, p: r.kpis["victims"] * r.kpis["police_report_rate"]),
    "police_registered_online_fraud_loss_eur": (
        "gross loss of cases with a police report", lambda r, p: _police_registered_loss(r)),
    "avg_loss_purchase_fraud_eur": (
        "gross loss / victims of marketplace + fake_webshop",
        lambda r, p: _ratio(_bt(r, PURCHASE, "gross_loss_eur"), _bt(r, PURCHASE, "victims"))),
    "avg_loss_bank_helpdesk_eur": (
        "by_type.bank_helpdesk gross_loss_eur / victims",
        lambda r, p: _ratio(r.by_type["bank_helpdesk"]["gross_loss_eur"], r.by_type["bank_helpdesk"]["victims"])),
    "bank_helpdesk_loss_eur": ("by_type.bank_helpdesk.gross_loss_eur",
                               lambda r, p: r.by_type["bank_helpdesk"]["gross_loss_eur"]),
    "bank_helpdesk_victims": ("by_type.bank_helpdesk.victims", lambda r, p: r.by_type["bank_helpdesk"]["victims"]),
    "bank_helpdesk_reimbursed_share": ("by_type.bank_helpdesk.reimbursed_share",
                                       lambda r, p: r.by_type["bank_helpdesk"]["reimbursed_share"]),
    "bank_credential_phishing_loss_eur": ("by_type.phishing.gross_loss_eur",
                                          lambda r, p: r.by_type["phishing"]["gross_loss_eur"]),
    "bank_credential_phishing_reimbursed_share": ("by_type.phishing.reimbursed_share",
                                                  lambda r, p: r.by_type["phishing"]["reimbursed_share"]),
    "nvb_payment_fraud_loss_eur": ("gross loss of bank_helpdesk + phishing",
                                   lambda r, p: _bt(r, ("bank_helpdesk", "phishing"), "gross_loss_eur")),
    "investment_fraud_reported_loss_eur": ("by_type.investment.gross_loss_eur (all, not only reported)",
                                           lambda r, p: r.by_type["investment"]["gross_loss_eur"]),
    "friend_in_need_reported_victims": ("by_type.friend_in_need.victims (all, not only reported)",
                                        lambda r, p: r.by_type["friend_in_need"]["victims"]),
    "total_fraud_loss_estimate_eur": ("gross_loss_eur (online fraud only)", lambda r, p: r.kpis["gross_loss_eur"]),
    "suspect_identified_share": ("suspects_identified_share", lambda r, p: r.kpis["suspects_identified_share"]),
}


@dataclass(frozen=True)
class Target:
    """A published figure the model is compared to. `fit` targets enter the loss; `check` targets are
    left out of it to check the fit against. `kind`: the figure is a band for the model, or only a
    lower bound (it counts reported cases only) or an upper bound (it covers more than the model)."""

    metric: str
    role: Literal["fit", "check"]
    kind: Literal["band", "lower_bound", "upper_bound"] = "band"
    weight: float = 1.0
    note: str = ""


TARGETS: tuple[Target, ...] = (
    Target("online_fraud_victim_rate_15plus", "fit", weight=2.0,
           note="the headline figure (CBS survey, large sample); SME victims add ~0.1 % to the model's count"),
    Target("purchase_fraud_victim_rate_15plus", "fit",
           note="band spans OVeC 2024 and Veiligheidsmonitor 2025; the model has no separate selling fraud"),
    Target("bank_helpdesk_victims", "fit", note="NVB/MOB 2024 (6,900) to 2023 (~10,000)"),
    Target("bank_helpdesk_loss_eur", "fit", note="NVB/MOB 2024 (22.7 M) to 2023 (28.2 M)"),
    Target("bank_credential_phishing_loss_eur", "fit", weight=0.5,
           note="bank-seen unauthorised phishing loss, 2022-2023; a wide band, so a lower weight"),
    Target("suspect_identified_share", "fit", note="pakkans proxy (NSCR/WODC)"),
    Target("police_report_rate_online_crime", "check", note="an input in effect (police_report_prob per type)"),
    Target("police_report_rate_bank_helpdesk", "check"),
    Target("police_report_rate_purchase_fraud", "check"),
    Target("avg_loss_purchase_fraud_eur", "check", note="police registrations; reported cases are larger"),
    Target("avg_loss_bank_helpdesk_eur", "check"),
    Target("bank_helpdesk_reimbursed_share", "check",
           note="set by the goodwill rule's acceptance in scenarios/regimes/nl_status_quo.toml, not fitted"),
    Target("bank_credential_phishing_reimbursed_share", "check", note="PSD2: unauthorised payments reimbursed"),
    Target("scam_attempt_received_rate", "check",
           note="derived: assumes attempts fall on persons at random (Poisson); SMEs' attempts included"),
    Target("phishing_money_lost_rate_15plus", "check",
           note="CBS impersonation (~105,000 victims) cannot be reconciled with the NVB's bank-seen phishing "
                "loss (< EUR 1 M in 2023) that is fitted: one of the two sources must count differently"),
    Target("police_online_fraud_registrations", "check",
           note="CBS: 18 % of victims say they reported to the police; police register only ~70,000 online-fraud "
                "reports. The survey's 'reported' includes contacts that did not become a registration"),
    Target("police_registered_online_fraud_loss_eur", "check",
           note="follows the registrations above: the model's police-reported cases are about three times as "
                "many as the registrations but carry less money; in reality mostly the larger losses get registered"),
    Target("nvb_payment_fraud_loss_eur", "check", kind="upper_bound",
           note="the NVB total also holds card and other payment fraud the model leaves out"),
    Target("investment_fraud_reported_loss_eur", "check", kind="lower_bound",
           note="Fraudehelpdesk counts reported losses only; real totals are higher"),
    Target("friend_in_need_reported_victims", "check", kind="lower_bound",
           note="Fraudehelpdesk counts reported victims only"),
    Target("total_fraud_loss_estimate_eur", "check", kind="upper_bound",
           note="survey estimate of all fraud including offline; the model's online fraud must stay below it"),
    Target("online_crime_victim_rate_15plus", "check", kind="upper_bound",
           note="all online crime incl. hacking; online fraud must stay below it"),
)

# Every other row of the CSV, and why it is not compared to a model output.
NOT_COMPARED: dict[str, str] = {
    "selling_fraud_victim_rate_15plus": "the model has no separate selling-fraud type (marketplace models buyers)",
    "fraudehelpdesk_reported_loss_eur": "the model does not count Fraudehelpdesk reports per case; the figure "
                                        "mixes online and offline fraud",
    "fraudehelpdesk_reach_share": "an input to victims' reporting (reporting.* parameters), not an output",
    "online_start_share": "every modelled fraud type starts online by construction",
    "population_15plus": "an input (population.consumers)",
    "population_total": "context only (the model's population is 15+)",
    "name_check_invoice_fraud_reduction": "an input to the name check; checking it needs a with/without "
                                          "comparison (fraudchain compare with banks.name_check=false)",
    "name_check_warning_ignored_share": "an input (banks.name_check_heeded = 1 - 0.33)",
    "awareness_campaign_effect": "an input (awareness.effect)",
}


# ---------------------------------------------------------------------------------------------
# the parameters fitted
@dataclass(frozen=True)
class FitParam:
    """An uncertain parameter, its search range and the targets that inform it most."""

    key: str
    low: float
    high: float
    informs: tuple[str, ...] = ()


DEFAULT_PARAMS: tuple[FitParam, ...] = (
    FitParam("fraud_types.marketplace.susceptibility", 0.03, 0.6,
             ("purchase_fraud_victim_rate_15plus", "online_fraud_victim_rate_15plus")),
    FitParam("fraud_types.fake_webshop.susceptibility", 0.03, 0.6,
             ("purchase_fraud_victim_rate_15plus", "online_fraud_victim_rate_15plus")),
    FitParam("fraud_types.bank_helpdesk.susceptibility", 0.003, 0.15,
             ("bank_helpdesk_victims", "bank_helpdesk_loss_eur")),
    FitParam("fraud_types.bank_helpdesk.loss_median_eur", 500.0, 12_000.0,
             ("bank_helpdesk_loss_eur", "bank_helpdesk_victims")),
    FitParam("fraud_types.phishing.susceptibility", 0.00005, 0.01, ("bank_credential_phishing_loss_eur",)),
    FitParam("police.capacity_cases_per_year", 5_000.0, 400_000.0, ("suspect_identified_share",)),
)


def target_values(r: SeedResult, population: float) -> dict[str, float]:
    """Every target's model quantity for one seed."""
    out = {}
    for t in TARGETS:
        try:
            out[t.metric] = float(QUANTITIES[t.metric][1](r, population))
        except (KeyError, ZeroDivisionError):
            out[t.metric] = float("nan")
    return out


def evaluate_seed(scenario: Scenario, agents: int, seed: int, years: int | None) -> dict[str, float]:
    """One run -> the target quantities (the task sent to a worker process)."""
    return target_values(run_seed(scenario, agents, seed, years), float(scenario.population.consumers))


# ---------------------------------------------------------------------------------------------
# the loss and the fit table
def residual(value: float, pub: Published) -> float:
    """(ln value - ln band centre) / band half-width in log space; a value on an edge gives +-1.
    A zero or missing model value counts as 1000 times below the band's centre."""
    centre = math.sqrt(pub.low * pub.high)
    half = max(0.5 * math.log(pub.high / pub.low), MIN_HALF_WIDTH)
    v = value if value is not None and math.isfinite(value) and value > 0 else centre * 1e-3
    return (math.log(v) - math.log(centre)) / half


def loss_terms(means: dict[str, float], pubs: dict[str, Published],
               targets: tuple[Target, ...] = TARGETS) -> dict[str, float]:
    """Each fitted target's w_i * r_i^2."""
    return {t.metric: t.weight * residual(means[t.metric], pubs[t.metric]) ** 2 for t in targets if t.role == "fit"}


def status(mean: float, ci_low: float, ci_high: float, low: float, high: float,
           kind: str = "band") -> str:
    """'inside' when the model's mean is inside the published band (or on the right side of a bound),
    'near' when only its 95 % interval reaches the band, else 'miss (above)' / 'miss (below)'."""
    if mean is None or not math.isfinite(mean):
        return "n/a"
    lo_ok = kind == "upper_bound" or mean >= low
    hi_ok = kind == "lower_bound" or mean <= high
    if lo_ok and hi_ok:
        return "inside"
    reach_lo = kind == "upper_bound" or ci_high >= low
    reach_hi = kind == "lower_bound" or ci_low <= high
    if reach_lo and reach_hi:
        return "near"
    return "miss (below)" if not lo_ok else "miss (above)"


@dataclass
class FitRow:
    metric: str
    role: str
    kind: str
    weight: float
    published: float
    low: float
    high: float
    mean: float
    ci_low: float
    ci_high: float
    status: str
    residual: float
    seeds_for_5pct: int | None
    model_quantity: str
    source: str
    note: str

    def band(self) -> str:
        if self.kind == "lower_bound":
            return f">= {fmt_number(self.low)}"
        if self.kind == "upper_bound":
            return f"<= {fmt_number(self.high)}"
        return f"{fmt_number(self.low)} - {fmt_number(self.high)}"


def fit_table(per_seed: dict[str, list[float]], pubs: dict[str, Published],
              targets: tuple[Target, ...] = TARGETS) -> list[FitRow]:
    """One row per target: published band, model mean with a 95 % t-interval over seeds
    (sim.runner.summarise), inside or not, and the seeds needed for a +-5 % interval."""
    rows = []
    for t in targets:
        p = pubs[t.metric]
        vals = per_seed[t.metric]
        share = p.unit.startswith("share")
        s = summarise(vals, bounds=(0.0, 1.0) if share else (0.0, math.inf))
        rows.append(FitRow(t.metric, t.role, t.kind, t.weight, p.value, p.low, p.high, s.mean, s.ci_low, s.ci_high,
                           status(s.mean, s.ci_low, s.ci_high, p.low, p.high, t.kind), residual(s.mean, p),
                           seeds_needed(vals, 0.05), QUANTITIES[t.metric][0], f"{p.source} ({p.year})", t.note))
    return rows


def table_text(rows: list[FitRow], title: str) -> str:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    for c, j in (("target", "left"), ("role", "left"), ("published band", "right"), ("model [95 % CI]", "right"),
                 ("status", "left"), ("seeds ±5 %", "right")):
        t.add_column(c, justify=j)
    for r in rows:
        t.add_row(r.metric, "fitted" if r.role == "fit" else "check", r.band(),
                  f"{fmt_number(r.mean)} [{fmt_number(r.ci_low)}; {fmt_number(r.ci_high)}]", r.status,
                  "n/a" if r.seeds_for_5pct is None else str(r.seeds_for_5pct))
    buf = io.StringIO()
    Console(file=buf, width=140, force_terminal=False).print(t)
    return buf.getvalue()


def table_markdown(rows: list[FitRow]) -> str:
    lines = ["| target | role | published band | model mean [95 % CI] | status | seeds for ±5 % | model quantity | "
             "source |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        role = f"fitted (w {r.weight:g})" if r.role == "fit" else "check"
        lines.append(f"| `{r.metric}` | {role} | {r.band()} | "
                     f"{fmt_number(r.mean)} [{fmt_number(r.ci_low)}; {fmt_number(r.ci_high)}] | **{r.status}** | "
                     f"{'n/a' if r.seeds_for_5pct is None else r.seeds_for_5pct} | {r.model_quantity} | {r.source} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# evaluating parameter vectors with common random numbers
class BudgetExhausted(Exception):
    """The fit used its budget of parameter vectors."""


@dataclass
class Evaluation:
    theta: dict[str, float]
    means: dict[str, float]
    loss: float
    target_loss: float


class Evaluator:
    """Runs parameter vectors on the same seeds (common random numbers), in parallel processes."""

    def __init__(self, scenario: Scenario, agents: int, years: int | None, workers: int,
                 progress: Callable[[int], None] | None = None):
        self.scenario = scenario
        self.agents = agents
        self.years = years
        self.workers = workers
        self.progress = progress
        self.runs = 0
        self.pool = process_pool(workers) if workers > 1 else None

    def close(self, now: bool = False) -> None:
        """Shut the pool down; `now` (Ctrl-C) ends running runs instead of waiting for them."""
        if self.pool is not None:
            stop_pool(self.pool) if now else self.pool.shutdown(wait=True, cancel_futures=True)

    def per_seed(self, thetas: list[dict[str, float]], seeds: list[int]) -> list[dict[str, list[float]]]:
        """For each theta: target -> values over `seeds` (scenarios validated here, run in workers)."""
        try:
            scens = [self.scenario.with_overrides(th) for th in thetas]
        except ScenarioError as e:
            raise BadInput("; ".join(e.problems)) from None
        jobs = [(s, seed) for s in scens for seed in seeds]
        if self.pool is None:
            results = []
            for s, seed in jobs:
                results.append(evaluate_seed(s, self.agents, seed, self.years))
                self._tick()
        else:
            futs = [self.pool.submit(evaluate_seed, s, self.agents, seed, self.years) for s, seed in jobs]
            results = []
            for f in futs:
                results.append(f.result())
                self._tick()
        out = []
        for i in range(len(thetas)):
            chunk = results[i * len(seeds):(i + 1) * len(seeds)]
            out.append({k: [c[k] for c in chunk] for k in chunk[0]})
        return out

    def _tick(self) -> None:
        self.runs += 1
        if self.progress:
            self.progress(self.runs)


def _mean(vals: list[float]) -> float:
    v = np.array(vals, dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if v.size else float("nan")


@dataclass
class CalibrationResult:
    params: list[FitParam]
    start: dict[str, float]
    prior: dict[str, float]
    best: dict[str, float]
    start_eval: Evaluation
    best_eval: Evaluation
    history: list[Evaluation] = field(default_factory=list)
    message: str = ""


def calibrate(evaluator: Evaluator, params: list[FitParam], seeds: list[int], budget: int,
              prior_weight: float = 0.1, step: float = 0.15,
              log: Callable[[str], None] = lambda s: None) -> CalibrationResult:
    """Minimise the loss (module doc) over `params` with at most `budget` parameter vectors."""
    pubs = published()
    flat = evaluator.scenario.flat()
    defaults = Scenario().flat()
    keys = [p.key for p in params]
    start = {p.key: float(min(max(flat[p.key], p.low), p.high)) for p in params}
    prior = {p.key: float(defaults.get(p.key, start[p.key])) for p in params}
    z_lo = np.array([math.log(p.low / start[p.key]) for p in params])
    z_hi = np.array([math.log(p.high / start[p.key]) for p in params])
    sq_w = {t.metric: math.sqrt(t.weight) for t in TARGETS if t.role == "fit"}
    fit_metrics = list(sq_w)
    history: list[Evaluation] = []
    cache: dict[tuple[float, ...], np.ndarray] = {}

    def theta_of(z: np.ndarray) -> dict[str, float]:
        return {k: float(start[k] * math.exp(zi)) for k, zi in zip(keys, z, strict=True)}

    def prior_res(theta: dict[str, float]) -> list[float]:
        return [math.sqrt(prior_weight) * math.log(theta[k] / prior[k]) / math.log(2) for k in keys]

    def evaluate(zs: list[np.ndarray]) -> list[np.ndarray]:
        todo = [z for z in zs if tuple(np.round(z, 12)) not in cache]
        if todo:
            if len(history) + len(todo) > budget:
                raise BudgetExhausted
            thetas = [theta_of(z) for z in todo]
            for z, th, ps in zip(todo, thetas, evaluator.per_seed(thetas, seeds), strict=True):
                means = {k: _mean(v) for k, v in ps.items()}
                target_res = [sq_w[m] * residual(means[m], pubs[m]) for m in fit_metrics]
                res = np.array(target_res + prior_res(th))
                cache[tuple(np.round(z, 12))] = res
                history.append(Evaluation(th, means, float(res @ res), float(np.dot(target_res, target_res))))
                log(f"  vector {len(history)}/{budget}: loss {history[-1].loss:.3f} "
                    f"(targets {history[-1].target_loss:.3f})")
        return [cache[tuple(np.round(z, 12))] for z in zs]

    def fun(z: np.ndarray) -> np.ndarray:
        return evaluate([z])[0]

    def jac(z: np.ndarray) -> np.ndarray:
        # forward differences (backward at the upper bound), all columns' runs in one parallel batch
        h = np.where(z + step <= z_hi, step, -step)
        pts = [z + h[j] * np.eye(len(z))[j] for j in range(len(z))]
        base, *cols = evaluate([z, *pts])
        return np.column_stack([(c - base) / h[j] for j, c in enumerate(cols)])

    z0 = np.zeros(len(keys))
    evaluate([z0])
    message = "budget allows no step: the fit table shows the scenario as it is"
    if budget >= len(keys) + 2:
        try:
            res = optimize.least_squares(fun, z0, jac=jac, bounds=(z_lo - 1e-9, z_hi + 1e-9), method="trf",
                                         x_scale=0.5, ftol=1e-3, xtol=1e-3, max_nfev=budget)
            message = f"least_squares stopped: {res.message}"
        except BudgetExhausted:
            message = f"stopped: the next step would exceed the budget of {budget} parameter vectors"
    best = min(history, key=lambda e: e.loss)
    return CalibrationResult(list(params), start, prior, best.theta, history[0], best, history, message)


def round_sig(x: float, digits: int = 3) -> float:
    """x to `digits` significant digits (the fit's noise makes more digits meaningless)."""
    return float(f"{x:.{digits}g}") if math.isfinite(x) else x


# ---------------------------------------------------------------------------------------------
# writing the fitted values back into the scenario file
def scenario_file(ref: str) -> Path:
    """The TOML file behind a scenario reference (a built-in name or a path)."""
    if ref in builtin_names() and not Path(ref).suffix:
        return Path(str(resources.files("scenarios").joinpath("builtin", f"{ref}.toml")))
    return Path(ref)


def render_block(values: dict[str, float], comments: dict[str, str], header: list[str]) -> str:
    lines = [BLOCK_START, *(f"# {h}" for h in header)]
    for k, v in values.items():
        lines.append(f"{k} = {_toml_value(v)}" + (f"   # {comments[k]}" if comments.get(k) else ""))
    lines.append(BLOCK_END)
    return "\n".join(lines) + "\n"


def _split_block(text: str) -> tuple[str, str, bool]:
    """(text before the block, text after it, whether a block was there)."""
    start, end = text.find(BLOCK_START), text.find(BLOCK_END)
    if start >= 0 and end > start:
        after = text[end + len(BLOCK_END):]
        return text[:start], after[1:] if after.startswith("\n") else after, True
    if start >= 0 or end >= 0:
        raise BadInput(f"the calibrated block's markers ({BLOCK_START!r} ... {BLOCK_END!r}) are incomplete; "
                       "fix the file by hand")
    # before the first table header that is not inside a multi-line string: dotted keys there are top level
    for m in re.finditer(r"(?m)^[ \t]*\[", text):
        try:
            tomllib.loads(text[:m.start()])
        except tomllib.TOMLDecodeError:
            continue
        return text[:m.start()], text[m.start():], False
    return text if text.endswith("\n") or not text else text + "\n", "", False


def write_calibrated(path: Path, values: dict[str, float], comments: dict[str, str], header: list[str]) -> str:
    """Replace (or insert) the calibrated block of a scenario file, leaving everything else as it is.
    The new file must parse, hold exactly the written values and load as a valid scenario before it
    replaces the old one (temp file + os.replace); otherwise the old file stays and BadInput says why."""
    text = path.read_text(encoding="utf-8")
    before, after, had = _split_block(text)
    sep = "" if not before or before.endswith("\n\n") or had else "\n"
    new = before + sep + render_block(values, comments, header) + ("\n" if after and not had else "") + after
    try:
        raw = tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise BadInput(f"{path}: writing the calibrated values would break the file ({e}); a fitted key is "
                       "probably also set elsewhere in it (remove it there); nothing was written") from None
    for k, v in values.items():
        node: Any = raw
        for part in k.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node != v:
            raise BadInput(f"{path}: {k} would read back as {node!r}, not {v!r}; nothing was written")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(new, encoding="utf-8")
    try:
        load_scenario(tmp)
    except ScenarioError as e:
        tmp.unlink(missing_ok=True)
        raise BadInput(f"{path}: the calibrated file would not validate ({'; '.join(e.problems)}); "
                       "nothing was written") from None
    os.replace(tmp, path)
    return new


# ---------------------------------------------------------------------------------------------
def _params(args: argparse.Namespace, scenario: Scenario) -> list[FitParam]:
    if not args.param:
        return list(DEFAULT_PARAMS)
    known = {p.key: p for p in DEFAULT_PARAMS}
    out = []
    for v in parse_vary(args.param, scenario):
        if v.low <= 0:
            raise BadInput(f"--param {v.key}={v.low:g}:{v.high:g}: the fit works on log values; LOW must be > 0")
        informs = known[v.key].informs if v.key in known else ()
        out.append(FitParam(v.key, v.low, v.high, informs))
    return out


def cmd_calibrate(args: argparse.Namespace) -> int:
    for name, lo, hi in (("--seeds", 1, 64), ("--check-seeds", 2, 200), ("--budget", 0, 10_000)):
        val = getattr(args, name[2:].replace("-", "_"))
        if not lo <= val <= hi:
            raise BadInput(f"{name} {val}: must be between {lo} and {hi}")
    for name in ("agents", "check_agents"):
        val = getattr(args, name)
        if val is not None and not 1000 <= val <= 50_000_000:
            raise BadInput(f"--{name.replace('_', '-')} {val}: must be between 1,000 and 50,000,000")
    if args.years is not None and not 1 <= args.years <= 20:
        raise BadInput(f"--years {args.years}: must be between 1 and 20")
    if not 0 <= args.prior_weight <= 100:
        raise BadInput(f"--prior-weight {args.prior_weight}: must be between 0 and 100")
    scenario = load_scenario(args.scenario)
    params = _params(args, scenario)
    target_path = Path(args.write_to) if args.write_to else scenario_file(args.scenario)
    write = args.budget > 0 and not args.no_write
    if write and not target_path.is_file():
        raise BadInput(f"{target_path}: no scenario file to write the fitted values to (use --write-to FILE "
                       "or --no-write)")
    if args.markdown and not Path(args.markdown).resolve().parent.is_dir():
        raise BadInput(f"--markdown {args.markdown}: its folder does not exist")
    workers = max(1, args.workers or os.cpu_count() or 1)
    fit_seeds = list(range(args.seeds))
    check_seeds = list(range(CHECK_SEED_OFFSET, CHECK_SEED_OFFSET + args.check_seeds))
    check_agents = args.check_agents or args.agents
    say = (lambda s: None) if args.format == "json" else (lambda s: print(s, file=sys.stderr))
    say(f"calibrating {scenario.name}: {len(params)} parameters, budget {args.budget} parameter vectors x "
        f"{len(fit_seeds)} seeds at {args.agents:,} agents (common random numbers), then the fit table on "
        f"{len(check_seeds)} fresh seeds at {check_agents:,} agents")
    update, stop = progress_bar("calibrating")
    total_runs = args.budget * len(fit_seeds) + len(check_seeds)
    ev = Evaluator(scenario, args.agents, args.years, workers,
                   progress=(lambda n: update(n, total_runs)) if update else None)
    try:
        result = calibrate(ev, params, fit_seeds, args.budget, args.prior_weight, log=say) if args.budget else None
        flat = scenario.flat()
        fitted = {k: round_sig(v, 3) for k, v in result.best.items()} if result else \
            {p.key: flat[p.key] for p in params}
        ev.agents = check_agents
        check = ev.per_seed([fitted], check_seeds)[0]
    except BaseException:
        ev.close(now=True)
        raise
    finally:
        ev.close()
        stop()
    pubs = published()
    rows = fit_table(check, pubs)
    check_means = {k: _mean(v) for k, v in check.items()}
    check_loss = sum(loss_terms(check_means, pubs).values())
    date = dt.date.today().isoformat()
    command = " ".join(["fraudchain calibrate", args.scenario, *sum((["--param", p] for p in args.param or []), []),
                        f"--budget {args.budget} --seeds {args.seeds} --agents {args.agents}",
                        *([f"--years {args.years}"] if args.years else [])])
    fit_names = [t.metric for t in TARGETS if t.role == "fit"]
    written = ""
    improved = result is not None and result.best_eval.loss < result.start_eval.loss
    if write and result is not None and improved:
        comments = {}
        for p in params:
            informs = ", ".join(p.informs) or "all fitted targets"
            comments[p.key] = (f"was {_toml_value(round_sig(result.start[p.key], 4))}; fitted {date} by "
                               f"`{command}` to {informs}; loss {result.start_eval.loss:.3g} -> "
                               f"{result.best_eval.loss:.3g}")
        header = [f"fitted {date} by `{command}` ({len(result.history)} parameter vectors x {args.seeds} seeds)",
                  "loss: weighted least squares on band-normalised log ratios + prior (sim/calibrate.py, "
                  "docs/validation.md)",
                  f"targets fitted: {', '.join(fit_names)}",
                  f"loss {result.start_eval.loss:.3g} -> {result.best_eval.loss:.3g} on the fit seeds; "
                  f"on {len(check_seeds)} fresh seeds: {check_loss:.3g} (targets only)"]
        write_calibrated(target_path, fitted, comments, header)
        written = str(target_path)
    if args.markdown:
        try:
            atomic_write_bytes(Path(args.markdown), table_markdown(rows).encode())
        except OSError as e:
            raise BadInput(f"--markdown {args.markdown}: cannot write it ({e.strerror or e})") from None
    if args.format == "json":
        print(json.dumps({
            "scenario": scenario.name, "params": [p.key for p in params], "fitted": fitted,
            "start": result.start if result else fitted, "prior": result.prior if result else None,
            "loss_start": result.start_eval.loss if result else None,
            "loss_best": result.best_eval.loss if result else None, "loss_check_targets": check_loss,
            "vectors": len(result.history) if result else 0, "message": result.message if result else "no fit",
            "written": written or None, "check_seeds": check_seeds, "check_agents": check_agents,
            "table": [{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                       for k, v in r.__dict__.items()} for r in rows]}, allow_nan=False))
        return 0
    if result is not None:
        print(f"{scenario.name}: {result.message}; {len(result.history)} parameter vectors, {ev.runs} runs")
        print(f"loss (fit seeds {fit_seeds[0]}-{fit_seeds[-1]}): {result.start_eval.loss:.3f} at the start -> "
              f"{result.best_eval.loss:.3f} fitted")
        for p in params:
            print(f"  {p.key}: {result.start[p.key]:.4g} -> {fitted[p.key]:.4g}  (schema default "
                  f"{result.prior[p.key]:.4g}, range {p.low:.4g}-{p.high:.4g})")
    print(f"loss of the fitted targets on {len(check_seeds)} fresh seeds (no prior term): {check_loss:.3f}")
    print(table_text(rows, f"Fit to the Dutch figures: {len(check_seeds)} seeds x {check_agents:,} agents, "
                           f"mean [95 % CI]; 'seeds ±5 %' = seeds for a 95 % CI of +-5 %"), end="")
    n_in = sum(r.status == "inside" for r in rows if r.role == "fit")
    print(f"fitted targets inside their band: {n_in} of {len(fit_names)}; checks inside: "
          f"{sum(r.status == 'inside' for r in rows if r.role == 'check')} of {len(rows) - len(fit_names)}")
    if written:
        print(f"wrote the fitted values to {written} (block '{BLOCK_START}')")
    elif result is not None and not improved:
        print("no parameter vector beat the start; nothing written")
    elif result is not None:
        print("--no-write: nothing written")
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "calibrate", help="fit uncertain parameters to the published Dutch figures and print the fit table",
        description="Fits a named set of uncertain parameters of a scenario (default nl_baseline) to the "
        "calibration targets (weighted least squares on band-normalised log ratios, common random numbers, "
        "scipy.optimize.least_squares), writes the fitted values back into the scenario file with provenance "
        "and prints the fit table: target, published band, model value with interval, inside or not.")
    p.add_argument("scenario", nargs="?", default="nl_baseline", help="built-in name or TOML file (default "
                   "nl_baseline)")
    p.add_argument("--param", action="append", metavar="KEY=LOW:HIGH",
                   help="a parameter to fit and its range, repeatable (default: "
                   + ", ".join(x.key for x in DEFAULT_PARAMS) + ")")
    p.add_argument("--budget", type=int, default=30, help="parameter vectors to evaluate (default 30; 0 = only "
                   "the fit table of the scenario as it is, nothing written)")
    p.add_argument("--seeds", type=int, default=4, help="common seeds per parameter vector (default 4)")
    p.add_argument("--agents", type=int, default=50_000, help="consumer agents per fit run (default 50,000)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--check-seeds", type=int, default=8, help="fresh seeds for the fit table (default 8)")
    p.add_argument("--check-agents", type=int, default=None, help="agents for the fit table (default: --agents)")
    p.add_argument("--prior-weight", type=float, default=0.1, help="lambda of the prior term (default 0.1)")
    p.add_argument("--workers", type=int, default=None, help="processes (default: CPU count)")
    p.add_argument("--no-write", action="store_true", help="do not write the fitted values back")
    p.add_argument("--write-to", metavar="FILE", help="write into this TOML file instead of the scenario's own")
    p.add_argument("--markdown", metavar="FILE", help="also write the fit table as Markdown")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_calibrate)


def main(argv: list[str] | None = None) -> int:
    """`python -m sim.calibrate ...` = `fraudchain calibrate ...`."""
    import sim.cli as cli

    return cli.main(["calibrate", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
