"""`fraudchain sensitivity`: the command line of sim/studies/sensitivity.py (arguments, printing, exit codes)."""

from __future__ import annotations

import argparse
import difflib
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_decimal, fmt_number
from fraudchain.sim.safe_text import rich_text, terminal_text
from fraudchain.sim.studies.sensitivity import (
    DEFAULT_KPIS,
    MAX_RESAMPLES,
    analyse,
    load_sweep,
    tornado_figure,
    write_tornado,
)
from fraudchain.sim.studies.sweep import KEY_COLUMNS, kpi_columns


def _check_kpis(requested: list[str] | None, available: list[str]) -> list[str]:
    if not requested:
        return [k for k in DEFAULT_KPIS if k in available]
    if requested == ["all"]:
        return list(available)
    bad = [k for k in requested if k not in available]
    if bad:
        hints = [f"'{k}'" + (f" (did you mean '{c[0]}'?)" if (c := difflib.get_close_matches(k, available, 1)) else "")
                 for k in bad]
        raise BadInput(f"--kpi {', '.join(hints)}: not a KPI of the sweep; allowed: 'all' or one of "
                       f"{', '.join(available[:30])}, ... (by_type.<type>.<kpi> too)")
    return list(dict.fromkeys(requested))


def _num(x: Any) -> float | int | None:
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    return None if x is None or not math.isfinite(x) else float(x)


def to_json(manifest: dict[str, Any], table: pd.DataFrame, facts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"design": manifest["design"], "design_hash": manifest["design_hash"],
                           "parameters": manifest["parameters"], "kpis": {}}
    for kpi, fact in facts.items():
        rows = table[table["kpi"] == kpi].drop(columns=["kpi"]).to_dict("records")
        out["kpis"][kpi] = {**{k: (_num(v) if isinstance(v, (int, float, np.number)) else v)
                               for k, v in fact.items()},
                            "parameters": [{k: (_num(v) if isinstance(v, (int, float, np.number)) else v)
                                            for k, v in r.items()} for r in rows]}
    return out


def to_text(manifest: dict[str, Any], table: pd.DataFrame, facts: dict[str, dict[str, Any]]) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=260, force_terminal=False, emoji=False)
    sobol = manifest["design"] == "sobol"
    for kpi, fact in facts.items():
        head = (f"{kpi}: mean {fmt_number(fact['mean'])} over {fact['points']} design points; "
                f"seed noise: {_pct(fact['noise_share'])}")
        if "r2" in fact:
            head += f"; linear fit R^2 {fact['r2']:.2f}"
        if fact["note"]:
            head += f"; {fact['note']}"
        t = Table(title=rich_text(head), title_justify="left")
        t.add_column("rank", justify="right")
        t.add_column("parameter", no_wrap=True, min_width=max(len(p) for p in manifest["parameters"]))
        if sobol:
            t.add_column("total S_T [95 % CI]", justify="right")
            t.add_column("first S_1 [95 % CI]", justify="right")
        t.add_column("SRC [95 % CI]", justify="right")
        t.add_column("rank corr [95 % CI]", justify="right")
        t.add_column("KPI at low -> high end", justify="right")
        for _, r in table[table["kpi"] == kpi].iterrows():
            if not np.isfinite(r.get("rank", np.nan)):
                continue
            cells = [f"{int(r['rank'])}", rich_text(r["parameter"])]
            if sobol:
                cells += [_ci(r.get("total_order"), r.get("total_low"), r.get("total_high")),
                          _ci(r.get("first_order"), r.get("first_low"), r.get("first_high"))]
            cells += [_ci(r["src"], r["src_low"], r["src_high"]),
                      _ci(r["rank_corr"], r["rank_corr_low"], r["rank_corr_high"]),
                      f"{fmt_number(r['kpi_at_low'])} -> {fmt_number(r['kpi_at_high'])}"]
            t.add_row(*cells)
        con.print(t)
    return buf.getvalue()


def _pct(x: float) -> str:
    return "n/a (one seed)" if x is None or not np.isfinite(x) else f"{100 * x:.0f} % of a run's variance"


def _ci(v: Any, lo: Any, hi: Any) -> str:
    """'+0.12 [+0.05; +0.20]' in the locale's format; without an interval where there is none (never 'nan')."""
    if v is None or not np.isfinite(v):
        return "n/a"
    text = fmt_decimal(float(v), 2, sign=True)
    if lo is None or hi is None or not (np.isfinite(lo) and np.isfinite(hi)):
        return text + " (no interval)"
    return f"{text} [{fmt_decimal(float(lo), 2, sign=True)}; {fmt_decimal(float(hi), 2, sign=True)}]"


def cmd_sensitivity(args: argparse.Namespace) -> int:
    if not 99 <= args.resamples <= MAX_RESAMPLES:
        raise BadInput(f"--resamples {args.resamples}: use between 99 and {MAX_RESAMPLES:,} bootstrap resamples")
    if not 0 <= args.seed <= 2**32 - 1:
        raise BadInput(f"--seed {args.seed}: must be between 0 and {2**32 - 1:,}")
    manifest, df = load_sweep(args.dir)
    # the KPI columns: the built-in ones and any an extension added (everything that is not a key, a parameter
    # or a run's bookkeeping)
    not_kpis = {*KEY_COLUMNS, "block", "base", "status", "error", "seconds", "host", "finished_at",
                *manifest.get("parameters", [])}
    known = kpi_columns()
    available = [c for c in known if c in df.columns] + [c for c in df.columns if c not in known and c not in not_kpis]
    kpis = _check_kpis(args.kpi, available)
    table, facts = analyse(manifest, df, kpis, resamples=args.resamples, seed=args.seed)
    if not args.no_html:
        for kpi in kpis:
            if facts[kpi].get("note") in ("no variation", "too few finished points"):
                continue
            path = Path(args.dir) / f"tornado_{kpi}.html"
            write_tornado(tornado_figure(table, kpi), path)
            print(f"wrote {path}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(to_json(manifest, table, facts), allow_nan=False))
    else:
        method = "Sobol' indices (Saltelli design) and screening" if manifest["design"] == "sobol" else \
            "screening (Latin hypercube): standardized regression coefficients and rank correlations"
        print(terminal_text(f"sensitivity of {manifest['scenario']} sweep {manifest['design_hash']}: {method}; "
                            f"bootstrap {args.resamples} resamples over design points"))
        print(to_text(manifest, table, facts), end="")
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "sensitivity", help=COMMANDS["sensitivity"][1],
        description="First-order and total Sobol' indices for a Sobol' sweep, standardized regression "
        "coefficients and rank correlations for any sweep, each with a bootstrap interval; writes "
        "DIR/tornado_<kpi>.html.")
    p.add_argument("dir", help="the --out DIR of `fraudchain sweep`")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--kpi", action="append", metavar="KPI",
                   help=f"KPI to analyse, repeatable, or 'all' (default: {', '.join(DEFAULT_KPIS)})")
    p.add_argument("--resamples", type=int, default=999, help="bootstrap resamples (default 999)")
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    p.add_argument("--no-html", action="store_true", help="do not write the tornado charts")
    p.set_defaults(func=cmd_sensitivity)
