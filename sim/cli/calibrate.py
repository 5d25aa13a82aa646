"""`fraudchain calibrate`: fit a scenario to the published Dutch figures, compare every figure the
model produces, and backcast the banks' 2023 measures.

The parts live in sim/studies/calibration/ (targets, fit, table, backcast, writeback); this module is the
command. Without `--backcast` it fits the default parameters of a scenario (nl_baseline) to today's
figures and prints every comparison row, then the backcast's rows (scenarios/data/nl_backcast_2022.toml
as it stands: fitted on 2022, 2023-2024 predicted). With `--backcast` it fits the backcast's 2022
targets instead and writes them into that file. `--format json` prints {"rows": [...]} with one
object per row (fraudchain.sim.studies.calibration.table.JSON_KEYS), plus "fit" when a fit ran.

Runs the model through fraudchain.sim.runs.runner.run_seed only; must not change the model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.packs import DEFAULT_COUNTRY, country_codes, pack
from fraudchain.scenarios.schema import Scenario
from fraudchain.scenarios.writer import toml_value
from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.cli.main import add_yes, check_workload, progress_bar, warn_few_seeds
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_decimal
from fraudchain.sim.runs.runner import Summary
from fraudchain.sim.runs.workload import Workload, combine, estimate_work
from fraudchain.sim.safe_text import terminal_text
from fraudchain.sim.studies.calibration import backcast, behaviour_fit
from fraudchain.sim.studies.calibration.fit import (
    BEHAVIOUR_PARAMS,
    DEFAULT_PARAMS,
    PARAM_GROUPS,
    CalibrationResult,
    Evaluation,
    Evaluator,
    FitParam,
    calibrate,
    current_values,
    fitted_targets,
    loss_terms,
    mean_of,
    prior_centres,
    published_for,
    residual,
    round_sig,
    target_set,
)
from fraudchain.sim.studies.calibration.not_compared import NOT_COMPARED
from fraudchain.sim.studies.calibration.table import (
    FitRow,
    fit_table,
    known_misses,
    status,
    table_markdown,
    table_text,
)
from fraudchain.sim.studies.calibration.targets import (
    QUANTITIES,
    TARGETS,
    Published,
    Target,
    published,
)
from fraudchain.sim.studies.calibration.writeback import (
    BLOCK_END,
    BLOCK_START,
    scenario_file,
    write_calibrated,
)
from fraudchain.sim.studies.sweep import MAX_WORKERS, atomic_write_bytes, parse_vary

__all__ = ["BLOCK_END", "BLOCK_START", "DEFAULT_PARAMS", "NOT_COMPARED", "QUANTITIES", "TARGETS", "Evaluator",
           "FitParam", "FitRow", "Published", "Target", "add_command", "calibrate", "fit_table", "loss_terms",
           "published", "residual", "round_sig", "scenario_file", "status", "write_calibrated"]

CHECK_SEED_OFFSET = 1000          # the fit table runs on seeds 1000.. (fresh, not the seeds fitted on)


def _params(args: argparse.Namespace, scenario: Scenario, defaults: tuple[FitParam, ...]) -> list[FitParam]:
    if not args.param:
        # the backcast and a country pack fit their own parameters; today's Dutch figures by group
        return list(defaults if args.backcast or args.set_name != "main" else PARAM_GROUPS[args.fit_group])
    # the set being fitted says what a key informs (the backcast fits some of today's keys to its own rows);
    # the ties hold in every set (one value for types the evidence treats alike)
    fitted = {p.key: p for p in (backcast.PARAMS if args.backcast else DEFAULT_PARAMS)}
    ties = {p.key: p.tied for p in (*DEFAULT_PARAMS, *backcast.PARAMS) if p.tied}
    out = []
    for v in parse_vary(args.param, scenario):
        if v.low <= 0:
            raise BadInput(f"--param {v.key}={v.low:g}:{v.high:g}: the fit works on log values; LOW must be > 0")
        # a known parameter keeps what it informs and the keys tied to it (one value for types the evidence
        # treats alike): without the ties a fit would move one type's value and leave the others' stale
        k = fitted.get(v.key)
        out.append(FitParam(v.key, v.low, v.high, k.informs if k else (), ties.get(v.key, ())))
    return out


def _check_args(args: argparse.Namespace) -> None:
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
    if args.backcast and args.years is not None:
        raise BadInput(f"--years {args.years}: the backcast always runs {backcast.YEARS} years (2021-2024); "
                       "leave --years out with --backcast")
    if args.backcast and args.no_backcast:
        raise BadInput("--backcast and --no-backcast exclude each other")
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise BadInput(f"--workers {args.workers}: must be between 1 and {MAX_WORKERS}")
    if not 0 <= args.prior_weight <= 100:
        raise BadInput(f"--prior-weight {args.prior_weight}: must be between 0 and 100")
    if args.markdown and not Path(args.markdown).resolve().parent.is_dir():
        raise BadInput(f"--markdown {args.markdown}: its folder does not exist")


def calibrate_workload(args: argparse.Namespace, scenario: Scenario, params: list[FitParam], years: int | None
                       ) -> Workload:
    """The fit (budget x seeds runs, each fitted parameter at its heavier end), the comparison on the fresh
    seeds, and the backcast's runs (sim/runs/workload.py)."""
    vary = {p.key: (p.low, p.high) for p in params}
    parts = [estimate_work(scenario, args.agents, args.seeds, years, runs=args.budget * args.seeds, vary=vary),
             estimate_work(scenario, args.check_agents or args.agents, args.check_seeds, years, vary=vary)]
    if args.backcast:                          # the same seeds again without the measures
        parts.append(parts[-1])
    elif not args.no_backcast and not args.set_name.startswith("country:"):
        parts.append(estimate_work(load_scenario(backcast.SCENARIO), args.check_agents or args.agents,
                                   args.check_seeds, backcast.YEARS))
    return combine(parts)


def _write_fit(args: argparse.Namespace, result: CalibrationResult, params: list[FitParam], fitted: dict[str, float],
               target_path: Path, fit_names: list[str], check_loss: float, n_check: int) -> str:
    """Write the fitted values with their provenance when they beat the start; the path or ''."""
    if not (args.budget > 0 and not args.no_write and result.best_eval.loss < result.start_eval.loss):
        return ""
    date = dt.date.today().isoformat()
    scenario_ref = "" if args.scenario == backcast.SCENARIO else args.scenario
    group = [] if args.backcast or args.param or args.fit_group == "all" else [f"--fit-group {args.fit_group}"]
    command = " ".join(["fraudchain calibrate", scenario_ref, *(["--backcast"] if args.backcast else []),
                        *([f"--country {args.country}"] if args.country else []), *group,
                        *sum((["--param", p] for p in args.param or []), []),
                        f"--budget {args.budget} --seeds {args.seeds} --agents {args.agents}",
                        *([f"--years {args.years}"] if args.years else [])]).replace("  ", " ")
    comments = {}
    for p in params:
        informs = ", ".join(p.informs) or "all fitted targets"
        comments[p.key] = (f"was {toml_value(round_sig(result.start[p.key], 4))}; fitted {date} by `{command}` to "
                           f"{informs}; loss {result.start_eval.loss:.3g} -> {result.best_eval.loss:.3g}")
        for k in p.tied:
            comments[k] = f"tied to {p.key} (one parameter for both)"
    how = f"{len(result.history)} parameter vectors x {args.seeds} seeds" if result.history else \
        f"expected values over the cases of {args.seeds} runs, sim/studies/calibration/behaviour_fit.py"
    header = [f"fitted {date} by `{command}` ({how})",
              "loss: weighted least squares on band-normalised log ratios + prior (sim/studies/calibration/fit.py, "
              "docs/validation.md)",
              f"targets fitted: {', '.join(fit_names)}",
              f"loss {result.start_eval.loss:.3g} -> {result.best_eval.loss:.3g} on the fit seeds; "
              f"on {n_check} fresh seeds: {check_loss:.3g} (targets only)"]
    write_calibrated(target_path, fitted, comments, header)
    return str(target_path)


def _country(args: argparse.Namespace) -> tuple[str, str, tuple[FitParam, ...]]:
    """The target set, the country's name and its default fit parameters; the scenario defaults to the pack's
    baseline and --agents to the scale its targets need. Without --country (or with the Dutch pack): the Dutch
    targets, today's or the backcast's."""
    code = args.country
    if code is not None and code not in country_codes():
        raise BadInput(f"--country {code!r}: unknown country; allowed: {', '.join(country_codes())}")
    p = pack(code or DEFAULT_COUNTRY)
    if code is None or not p.targets:
        args.scenario = args.scenario or (backcast.SCENARIO if args.backcast else p.baseline)
        args.agents = args.agents or 50_000
        return ("backcast" if args.backcast else "main"), p.name, \
            (backcast.PARAMS if args.backcast else DEFAULT_PARAMS)
    if args.backcast:
        raise BadInput(f"--backcast is the Dutch backcast of the banks' 2023 measures; leave it out with --country {code}")
    if args.fit_group != "all":
        raise BadInput(f"--fit-group {args.fit_group}: the groups are the Dutch fit's; --country {code} fits the "
                       f"pack's fit_params (scenarios/countries/{code}/pack.toml) or the keys named by --param")
    args.scenario = args.scenario or p.baseline
    args.agents = args.agents or p.agents
    return f"country:{code}", p.name, tuple(FitParam(k, lo, hi) for k, lo, hi in p.fit_params)


def cmd_calibrate(args: argparse.Namespace) -> int:
    set_name, country_name, default_params = _country(args)
    args.set_name = set_name
    _check_args(args)
    scenario = load_scenario(args.scenario, country=args.country)
    years = backcast.YEARS if args.backcast else args.years
    if args.backcast and scenario.run.years != backcast.YEARS:
        raise BadInput(f"{args.scenario}: the backcast needs run.years = {backcast.YEARS} (2021-2024), not "
                       f"{scenario.run.years}; start from scenarios/data/nl_backcast_2022.toml")
    params = _params(args, scenario, default_params)
    target_path = Path(args.write_to) if args.write_to else scenario_file(args.scenario)
    if args.budget > 0 and not args.no_write and not target_path.is_file():
        raise BadInput(f"{target_path}: no scenario file to write the fitted values to (use --write-to FILE "
                       "or --no-write)")
    warn_few_seeds(args.check_seeds, "fresh seeds (--check-seeds)")       # before any work, as every command
    check_workload(calibrate_workload(args, scenario, params, years), args.yes)
    workers = max(1, args.workers or os.cpu_count() or 1)
    fit_seeds = list(range(args.seeds))
    check_seeds = list(range(CHECK_SEED_OFFSET, CHECK_SEED_OFFSET + args.check_seeds))
    check_agents = args.check_agents or args.agents
    with_backcast_rows = set_name == "main" and not args.no_backcast
    say = (lambda s: None) if args.format == "json" else (lambda s: print(terminal_text(s), file=sys.stderr))
    goal = "the 2022 backcast targets" if args.backcast else f"the {country_name} figures"
    say(f"calibrating {scenario.name} to {goal}: "
        f"{len(params)} parameters, budget {args.budget} parameter vectors x {len(fit_seeds)} seeds at "
        f"{fmt_decimal(args.agents)} agents (common random numbers), then every comparison on {len(check_seeds)} fresh seeds "
        f"at {fmt_decimal(check_agents)} agents" + (", and the backcast (nl_backcast_2022)" if with_backcast_rows else ""))
    update, stop = progress_bar("calibrating")
    total_runs = args.budget * len(fit_seeds) + len(check_seeds) * (2 if with_backcast_rows or args.backcast else 1)
    ev = Evaluator(scenario, args.agents, years, workers,
                   progress=(lambda n: update(n, total_runs)) if update else None, set_name=set_name)
    bc_check: dict[str, list[float]] | None = None
    effect: dict[str, Summary] = {}
    try:
        result = _fit(args, ev, params, fit_seeds, say) if args.budget else None
        flat = current_values(scenario)
        fitted = {k: round_sig(v, 3) for k, v in result.best.items()} if result else \
            {p.key: flat[p.key] for p in params}
        ev.agents = check_agents
        check = ev.per_seed([fitted], check_seeds)[0]
        if with_backcast_rows:
            ev.scenario, ev.years, ev.set_name = load_scenario(backcast.SCENARIO), backcast.YEARS, "backcast"
            bc_check = ev.per_seed([{}], check_seeds)[0]
        if args.backcast:                     # the same seeds without the measures: their modelled effect
            ev.scenario = backcast.without_measures(scenario)
            effect = backcast.measure_effect(check, ev.per_seed([fitted], check_seeds)[0])
    except BaseException:
        ev.close(now=True)
        raise
    finally:
        ev.close()
        stop()
    pubs = published_for(set_name)
    targets, quantities = target_set(set_name)
    rows = fit_table(check, pubs, targets, quantities, "backcast" if args.backcast else "fit")
    if bc_check is not None:
        pubs = published()
        rows += fit_table(bc_check, pubs, backcast.BACKCAST_TARGETS, backcast.BACKCAST_QUANTITIES, "backcast")
    # the rows this fit's parameters inform (a group fits its own rows), all fitted rows for a comparison alone
    fitted_rows = tuple(fitted_targets(targets, params)) if result is not None else targets
    check_loss = sum(loss_terms({k: mean_of(v) for k, v in check.items()}, pubs, fitted_rows).values())
    fit_names = [t.metric for t in fitted_rows if t.role == "fit"]
    written = _write_fit(args, result, params, fitted, target_path, fit_names, check_loss, len(check_seeds)) \
        if result is not None else ""
    if args.markdown:
        try:
            atomic_write_bytes(Path(args.markdown), table_markdown(rows).encode())
        except OSError as e:
            raise BadInput(f"--markdown {args.markdown}: cannot write it ({e.strerror or e})") from None
    if args.format == "json":
        out: dict[str, Any] = {"rows": [r.json_row() for r in rows]}
        if result is not None:
            out["fit"] = {
                "scenario": scenario.name, "params": [p.key for p in params], "fitted": fitted,
                "start": result.start, "prior": result.prior, "loss_start": result.start_eval.loss,
                "loss_best": result.best_eval.loss,
                "loss_check_targets": check_loss if math.isfinite(check_loss) else None,
                "vectors": len(result.history), "message": result.message, "written": written or None,
                "check_seeds": check_seeds, "check_agents": check_agents}
        if effect:
            out["measure_effect"] = {k: {"mean": _finite(v.mean), "ci_low": _finite(v.ci_low),
                                         "ci_high": _finite(v.ci_high)} for k, v in effect.items()}
        print(json.dumps(out, allow_nan=False))
        return 0
    _print_text(args, scenario, result, params, fitted, rows, check_loss, fit_seeds, check_seeds, check_agents,
                written, ev.runs, country_name)
    if effect:
        e = {k: f"{v.mean:+.0%} [{v.ci_low:+.0%}; {v.ci_high:+.0%}]" for k, v in effect.items()}
        print(f"modelled effect of the measures on the helpdesk loss (the same seeds without them): 2023 "
              f"{e['effect_2023']}, 2024 {e['effect_2024']}; without them the loss drifts from 2022 by "
              f"{e['drift_2023']} (2023) and {e['drift_2024']} (2024)")
    return 0


def _fit(args: argparse.Namespace, ev: Evaluator, params: list[FitParam], seeds: list[int],
         say: Any) -> CalibrationResult:
    """The fit: the levels by runs of the model on common seeds (fit.calibrate); the behaviour parameters
    (reporting, registration) by expected values over the cases of runs of the scenario as it stands
    (behaviour_fit.py); with --fit-group all, the levels first, then the behaviour on the fitted levels."""
    # behaviour rows are the Dutch figures' (TARGETS): only today's Dutch set fits behaviour by expected values
    behaviour = {p.key for p in BEHAVIOUR_PARAMS} if ev.set_name == "main" else set()
    by_runs = [p for p in params if p.key not in behaviour]
    by_cases = [p for p in params if p.key in behaviour]
    result = calibrate(ev, by_runs, seeds, args.budget, args.prior_weight, log=say) if by_runs else None
    if not by_cases:
        assert result is not None
        return result
    scenario = ev.scenario.with_overrides({k: round_sig(v, 3) for k, v in result.best.items()}) if result else \
        ev.scenario
    say(f"behaviour: the cases of {len(seeds)} runs at {ev.agents:,} agents, then expected values "
        f"(sim/studies/calibration/behaviour_fit.py)")
    for what in behaviour_fit.left_out(scenario):
        say(f"  note: the expected values leave out {what}; the check runs on fresh seeds include it")
    cases = behaviour_fit.collect_cases(scenario, ev.agents, seeds, ev.years, ev.workers, ev.pool)
    start, best, l0, l1, message = behaviour_fit.fit_behaviour(scenario, cases, by_cases, TARGETS, published(),
                                                               args.prior_weight)
    say(f"  expected-value loss {l0:.3f} -> {l1:.3f} ({message})")
    if result is None:
        return CalibrationResult(by_cases, start, prior_centres(current_values(Scenario()), start), best,
                                 Evaluation(start, {}, l0, l0), Evaluation(best, {}, l1, l1), [], message)
    prior = {**result.prior, **prior_centres(current_values(Scenario()), start)}
    return CalibrationResult(params, {**result.start, **start}, prior, {**result.best, **best},
                             Evaluation({**result.start, **start}, {}, result.start_eval.loss + l0,
                                        result.start_eval.target_loss + l0),
                             Evaluation({**result.best, **best}, {}, result.best_eval.loss + l1,
                                        result.best_eval.target_loss + l1),
                             result.history, f"{result.message}; behaviour {message}")


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _print_text(args: argparse.Namespace, scenario: Scenario, result: CalibrationResult | None,
                params: list[FitParam], fitted: dict[str, float], rows: list[FitRow], check_loss: float,
                fit_seeds: list[int], check_seeds: list[int], check_agents: int, written: str, runs: int,
                country_name: str = "Netherlands") -> None:
    if result is not None:
        print(terminal_text(f"{scenario.name}: {result.message}; {len(result.history)} parameter vectors, {runs} runs"))
        print(f"loss (fit seeds {fit_seeds[0]}-{fit_seeds[-1]}): {result.start_eval.loss:.3f} at the start -> "
              f"{result.best_eval.loss:.3f} fitted")
        for p in params:
            print(f"  {p.key}: {result.start[p.key]:.4g} -> {fitted[p.key]:.4g}  (schema default "
                  f"{result.prior[p.key]:.4g}, range {p.low:.4g}-{p.high:.4g})")
    print(f"loss of the fitted targets on {len(check_seeds)} fresh seeds (no prior term): {check_loss:.3f}")
    print(table_text(rows, f"Comparison with the figures of the {country_name}: {len(check_seeds)} seeds x {fmt_decimal(check_agents)} agents, "
                           f"mean [95 % CI]; 'seeds ±5 %' = seeds for a 95 % CI of +-5 %"), end="")
    fit_rows = [r for r in rows if r.role == "fit"]
    checks = [r for r in rows if r.role != "fit"]
    print(f"fitted targets inside their band: {sum(r.status == 'inside' for r in fit_rows)} of {len(fit_rows)}; "
          f"checks and predictions inside: {sum(r.status == 'inside' for r in checks)} of {len(checks)}")
    for line in known_misses(rows):
        print(f"  miss: {line}")
    if written:
        print(f"wrote the fitted values to {written} (block '{BLOCK_START}')")
    elif result is not None and not result.best_eval.loss < result.start_eval.loss:
        print("no parameter vector beat the start; nothing written")
    elif result is not None:
        print("--no-write: nothing written")


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "calibrate", help=COMMANDS["calibrate"][1],
        description="Fits a named set of uncertain parameters of a scenario (default nl_baseline) to the "
        "calibration targets (weighted least squares on band-normalised log ratios, common random numbers, "
        "scipy.optimize.least_squares), writes the fitted values back into the scenario file with provenance "
        "and prints every comparison: target, published band, model value with interval, inside or not, plus the "
        "backcast of the banks' 2023 measures (fitted on 2022, 2023-2024 predicted out of sample).")
    p.add_argument("scenario", nargs="?", default=None, help="built-in name or TOML file (default nl_baseline; "
                   "with --backcast scenarios/data/nl_backcast_2022.toml)")
    p.add_argument("--param", action="append", metavar="KEY=LOW:HIGH",
                   help="a parameter to fit and its range, repeatable (default: "
                   + ", ".join(x.key for x in DEFAULT_PARAMS) + "; with --backcast: "
                   + ", ".join(x.key for x in backcast.PARAMS) + ")")
    p.add_argument("--fit-group", choices=tuple(PARAM_GROUPS), default="all",
                   help="without --param: fit the levels (victims and losses), the behaviour (registrations, desks, "
                   "money back) or all (default); fitting them in turn is cheaper")
    p.add_argument("--budget", type=int, default=30, help="parameter vectors to evaluate (default 30; 0 = only "
                   "the comparison of the scenario as it is, nothing written)")
    p.add_argument("--seeds", type=int, default=4, help="common seeds per parameter vector (default 4)")
    p.add_argument("--agents", type=int, default=None, help="consumer agents per fit run (default 50,000; with "
                   "--country the scale the pack's targets need, e.g. 400,000 for the UK)")
    p.add_argument("--country", default=None, metavar="CODE", help="fit and compare a country pack's targets "
                   "(scenarios/countries/CODE/targets.csv; default scenario: the pack's baseline), e.g. uk")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--check-seeds", type=int, default=8, help="fresh seeds for the comparison (default 8)")
    p.add_argument("--check-agents", type=int, default=None, help="agents for the comparison (default: --agents)")
    p.add_argument("--prior-weight", type=float, default=0.1, help="lambda of the prior term (default 0.1)")
    p.add_argument("--backcast", action="store_true",
                   help="fit the 2022 targets of the backcast (scenarios/data/nl_backcast_2022.toml) instead of today's "
                   "figures")
    p.add_argument("--no-backcast", action="store_true", help="leave the backcast rows out (faster)")
    p.add_argument("--workers", type=int, default=None, help="processes (default: CPU count)")
    p.add_argument("--no-write", action="store_true", help="do not write the fitted values back")
    p.add_argument("--write-to", metavar="FILE", help="write into this TOML file instead of the scenario's own")
    p.add_argument("--markdown", metavar="FILE", help="also write the comparison as Markdown")
    p.add_argument("--format", choices=("table", "json"), default="table")
    add_yes(p)
    p.set_defaults(func=cmd_calibrate)
