"""The fit: loss, parameter vectors on common seeds, and scipy's least squares.

The loss (stated in docs/validation.md) is a weighted least squares on band-normalised log ratios
plus a weak prior that keeps each fitted parameter near its documented schema default:

    L(theta) = sum_i w_i * ((ln m_i(theta) - ln c_i) / h_i)^2  +  lambda * sum_j (ln(theta_j / theta0_j) / ln 2)^2

with m_i the model value averaged over common seeds (the same seeds for every theta), c_i the
geometric centre of target i's published band [low, high], h_i = max(ln(high/low) / 2, ln 1.1)
its half-width in log space (a model value on the band's edge costs w_i), theta0_j the schema
default. It is minimised by scipy.optimize.least_squares (trust region, in log-parameter space,
within bounds) with a forward-difference Jacobian whose runs go in parallel, under a budget of
parameter vectors; the best vector evaluated is kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from fraudchain.scenarios.loader import ScenarioError
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.liability import resolve_rules
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.procs import as_finished, stop_pool, worker_pool
from fraudchain.sim.runs.runner import Packed, run_packed
from fraudchain.sim.runs.workload import stall_seconds
from fraudchain.sim.studies.calibration.targets import (
    QUANTITIES,
    TARGETS,
    Published,
    Quantity,
    Target,
    published,
    target_values,
)
from scipy import optimize

MIN_HALF_WIDTH = math.log(1.1)    # a band narrower than +-10 % is treated as +-10 % wide


@dataclass(frozen=True)
class FitParam:
    """An uncertain parameter, its search range and the targets that inform it most."""

    key: str
    low: float
    high: float
    informs: tuple[str, ...] = ()
    tied: tuple[str, ...] = ()      # keys that take the same value (one parameter for types the evidence treats alike)

    def values(self, value: float) -> dict[str, float]:
        """The scenario keys this parameter sets to `value` (its own and its tied keys)."""
        return {k: value for k in (self.key, *self.tied)}


def prior_centres(defaults: dict[str, float], start: dict[str, float]) -> dict[str, float]:
    """The centre of each fitted parameter's prior: its default, or where the fit starts when the default is not
    positive (a mechanism the default switches off, such as population.online_buying_shape 0: no prior value)."""
    return {k: float(defaults[k]) if defaults.get(k, 0.0) > 0 else float(v) for k, v in start.items()}


def current_values(scenario: Scenario) -> dict[str, float]:
    """Every numeric key of a scenario with its value, including how each liability rule in force is applied
    (`liability.rule_values.RULE.FIELD`: the value the scenario sets, else the rule's own), so a fit can start
    from a rule's value."""
    flat = scenario.flat()
    for rule in resolve_rules(scenario):
        for name, value in rule.model_dump().items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                flat.setdefault(f"liability.rule_values.{rule.draw_name}.{name}", float(value))
    return flat


def fitted_targets(targets: tuple[Target, ...], params: list[FitParam]) -> list[Target]:
    """The fitted targets a group of parameters is fitted to: those the parameters inform (a group fits its own
    rows: the levels do not bend to the behaviour rows, nor the other way round); every fitted target when a
    parameter names none."""
    informed = set().union(*(p.informs for p in params)) if all(p.informs for p in params) else None
    return [t for t in targets if t.role == "fit" and (informed is None or t.metric in informed)]


def expand(theta: dict[str, float], params: list[FitParam]) -> dict[str, float]:
    """A parameter vector by fitted key -> every scenario key it sets (tied keys included)."""
    out = dict(theta)
    for p in params:
        if p.key in theta:
            out.update(p.values(theta[p.key]))
    return out


# levels: how many victims and how much they lose
LEVEL_PARAMS: tuple[FitParam, ...] = (
    FitParam("fraud_types.marketplace.susceptibility", 0.03, 0.6,
             ("purchase_fraud_victim_rate_15plus", "online_fraud_victim_rate_15plus", "purchase_fraud_incidents")),
    FitParam("fraud_types.fake_webshop.susceptibility", 0.03, 0.6,
             ("purchase_fraud_victim_rate_15plus", "online_fraud_victim_rate_15plus", "purchase_fraud_incidents")),
    FitParam("fraud_types.selling.susceptibility", 0.03, 0.9, ("selling_fraud_victim_rate_15plus",)),
    FitParam("fraud_types.payment_request.susceptibility", 0.005, 0.5, ("phishing_money_lost_rate_15plus",)),
    FitParam("fraud_types.bank_helpdesk.susceptibility", 0.003, 0.15,
             ("bank_helpdesk_victims", "bank_helpdesk_loss_eur")),
    FitParam("fraud_types.bank_helpdesk.loss_median_eur", 500.0, 12_000.0,
             ("bank_helpdesk_loss_eur", "bank_helpdesk_victims")),
    FitParam("fraud_types.phishing.susceptibility", 0.00005, 0.01, ("bank_credential_phishing_loss_eur",)),
    FitParam("police.capacity_cases_per_year", 5_000.0, 400_000.0, ("suspect_identified_share",)),
    FitParam("fraud_types.friend_in_need.loss_median_eur", 500.0, 6_000.0, ("friend_in_need_median_loss_eur",)),
    # how often banks honour an eligible goodwill claim: a firm's practice, not a victim's choice, so it is fitted
    # with the run-based levels (the behaviour fit holds what firms return fixed)
    FitParam("liability.rule_values.goodwill_bank_helpdesk.acceptance", 0.2, 0.95, ("bank_helpdesk_reimbursed_share",)),
    # how unevenly people buy online (who meets the fake offers, so fitted by runs): people who buy a lot meet more
    # fake offers and shops, so some fall more than once a year
    FitParam("population.online_buying_shape", 0.03, 1.0, ("purchase_fraud_repeat_victim_share",)),
)
# behaviour: where victims report, what the police register, who gets money back (issue 19)
BEHAVIOUR_PARAMS: tuple[FitParam, ...] = (
    # the police register purchase and selling fraud (one count) through the same online form: one level each,
    # informed by that count; within a type larger losses are registered somewhat more often
    FitParam("fraud_types.marketplace.registration_prob", 0.02, 0.95, ("police_purchase_fraud_registrations",),
             tied=("fraud_types.fake_webshop.registration_prob", "fraud_types.selling.registration_prob")),
    FitParam("reporting.registration_loss_slope", 0.05, 2.0, ("avg_loss_purchase_fraud_eur",)),
    FitParam("reporting.registration_refund_logit", 0.2, 5.0, ("police_bank_helpdesk_registrations",)),
    FitParam("fraud_types.marketplace.fraudehelpdesk_report_prob", 0.0005, 0.05, ("fraudehelpdesk_purchase_victims",),
             tied=("fraud_types.fake_webshop.fraudehelpdesk_report_prob",)),
    FitParam("fraud_types.investment.fraudehelpdesk_report_prob", 0.005, 0.5, ("fraudehelpdesk_investment_victims",)),
    FitParam("fraud_types.bank_helpdesk.fraudehelpdesk_report_prob", 0.001, 0.2,
             ("fraudehelpdesk_bank_helpdesk_victims",)),
    FitParam("fraud_types.friend_in_need.fraudehelpdesk_report_prob", 0.002, 0.3, ("friend_in_need_reported_victims",)),
    FitParam("fraud_types.marketplace.police_loss_slope", 0.1, 2.5, ("purchase_fraud_reported_damage_share",),
             tied=("fraud_types.fake_webshop.police_loss_slope",)),
)
DEFAULT_PARAMS: tuple[FitParam, ...] = LEVEL_PARAMS + BEHAVIOUR_PARAMS
PARAM_GROUPS = {"levels": LEVEL_PARAMS, "behaviour": BEHAVIOUR_PARAMS, "all": DEFAULT_PARAMS}


def target_set(name: str) -> tuple[tuple[Target, ...], dict[str, tuple[str, Quantity]]]:
    """The targets and quantities of a named set: "main" (today's figures), "backcast" (2022-2024) or
    "country:CODE" (a country pack's targets.csv)."""
    if name.startswith("country:"):
        from fraudchain.sim.studies.calibration.country import country_targets

        _, targets, quantities = country_targets(name.split(":", 1)[1])
        return targets, quantities
    if name == "backcast":
        from fraudchain.sim.studies.calibration.backcast import BACKCAST_QUANTITIES, BACKCAST_TARGETS

        return BACKCAST_TARGETS, BACKCAST_QUANTITIES
    return TARGETS, QUANTITIES


def published_for(name: str) -> dict[str, Published]:
    """The published figures of a named target set (see target_set)."""
    if name.startswith("country:"):
        from fraudchain.sim.studies.calibration.country import country_targets

        return country_targets(name.split(":", 1)[1])[0]
    return published()


def evaluate_seed(packed: Packed, agents: int, seed: int, years: int | None,
                  set_name: str = "main") -> dict[str, float]:
    """One run of a packed scenario -> the target quantities of a target set (the task sent to a worker)."""
    targets, quantities = target_set(set_name)
    scenario, _ = packed.unpack()
    return target_values(run_packed(packed, agents, seed, years), float(scenario.population.consumers),
                         targets, quantities)


# ---------------------------------------------------------------------------------------------
# the loss
def residual(value: float, pub: Published) -> float:
    """(ln value - ln band centre) / band half-width in log space; a value on an edge gives +-1.
    A zero or missing model value counts as 1000 times below the band's centre. A band that reaches zero or below
    (a relative change that may have either sign) is compared on a linear scale: (value - midpoint) / half-width."""
    if pub.low <= 0:
        mid, half = 0.5 * (pub.low + pub.high), max(0.5 * (pub.high - pub.low), 1e-12)
        v = value if value is not None and math.isfinite(value) else mid - 1e3 * half
        return (v - mid) / half
    centre = math.sqrt(pub.low * pub.high)
    half = max(0.5 * math.log(pub.high / pub.low), MIN_HALF_WIDTH)
    v = value if value is not None and math.isfinite(value) and value > 0 else centre * 1e-3
    return (math.log(v) - math.log(centre)) / half


def loss_terms(means: dict[str, float], pubs: dict[str, Published],
               targets: tuple[Target, ...] = TARGETS) -> dict[str, float]:
    """Each fitted target's w_i * r_i^2."""
    return {t.metric: t.weight * residual(means[t.metric], pubs[t.metric]) ** 2 for t in targets if t.role == "fit"}


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
                 progress: Callable[[int], None] | None = None, set_name: str = "main"):
        self.scenario = scenario
        self.agents = agents
        self.years = years
        self.workers = workers
        self.progress = progress
        self.set_name = set_name
        self.targets = target_set(set_name)[0]
        self.runs = 0
        self.pool = worker_pool(workers) if workers > 1 else None
        self.stall = stall_seconds([scenario], agents, years)

    def close(self, now: bool = False) -> None:
        """Shut the pool down; `now` (Ctrl-C) ends running runs instead of waiting for them."""
        if self.pool is not None:
            stop_pool(self.pool) if now else self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def per_seed(self, thetas: list[dict[str, float]], seeds: list[int]) -> list[dict[str, list[float]]]:
        """For each theta: target -> values over `seeds` (scenarios validated here, run in workers)."""
        try:
            scens = [self.scenario.with_overrides(th) for th in thetas]
        except ScenarioError as e:
            raise BadInput("; ".join(e.problems)) from None
        packed = [Packed.of(s) for s in scens]
        jobs = [(p, seed) for p in packed for seed in seeds]
        results: list[dict[str, float]] = [{} for _ in jobs]
        if self.pool is None:
            for i, (p, seed) in enumerate(jobs):
                results[i] = evaluate_seed(p, self.agents, seed, self.years, self.set_name)
                self._tick()
        else:
            futs = {self.pool.submit(evaluate_seed, p, self.agents, seed, self.years, self.set_name): i
                    for i, (p, seed) in enumerate(jobs)}
            for f in as_finished(futs, self.stall):
                results[futs[f]] = f.result()
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


def mean_of(vals: list[float]) -> float:
    """Mean of the finite values (nan when there are none)."""
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
    """Minimise the loss (module doc) over `params` with at most `budget` parameter vectors, on the
    fitted targets of the evaluator's target set."""
    pubs = published_for(evaluator.set_name)
    flat = current_values(evaluator.scenario)
    # the prior's centre: the schema default (the Dutch values); for a country pack, the pack's own starting values
    defaults = flat if evaluator.set_name.startswith("country:") else current_values(Scenario())
    keys = [p.key for p in params]
    start = {p.key: float(min(max(flat[p.key], p.low), p.high)) for p in params}
    prior = prior_centres(defaults, start)
    z_lo = np.array([math.log(p.low / start[p.key]) for p in params])
    z_hi = np.array([math.log(p.high / start[p.key]) for p in params])
    sq_w = {t.metric: math.sqrt(t.weight) for t in fitted_targets(evaluator.targets, params)}
    fit_metrics = list(sq_w)
    history: list[Evaluation] = []
    cache: dict[tuple[float, ...], np.ndarray] = {}

    def theta_of(z: np.ndarray) -> dict[str, float]:
        return expand({k: float(start[k] * math.exp(zi)) for k, zi in zip(keys, z, strict=True)}, params)

    def prior_res(theta: dict[str, float]) -> list[float]:
        return [math.sqrt(prior_weight) * math.log(theta[k] / prior[k]) / math.log(2) for k in keys]

    def evaluate(zs: list[np.ndarray]) -> list[np.ndarray]:
        todo = [z for z in zs if tuple(np.round(z, 12)) not in cache]
        if todo:
            if len(history) + len(todo) > budget:
                raise BudgetExhausted
            thetas = [theta_of(z) for z in todo]
            for z, th, ps in zip(todo, thetas, evaluator.per_seed(thetas, seeds), strict=True):
                means = {k: mean_of(v) for k, v in ps.items()}
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
