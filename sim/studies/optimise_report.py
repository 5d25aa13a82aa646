"""The outputs of `fraudchain optimise`: trials and front as Parquet, the front as an HTML chart, the
JSON object and the terminal table.

Owns turning a finished study and the fresh-seed evaluations of its front into
`{"front": [{"params": {...}, "objectives": {kpi: {"mean", "ci_low", "ci_high"}}, ...}], "trials": N}`.
Each front point also carries `kpis` (the reported KPIs on the fresh seeds), `difference` (each KPI
minus the scenario without the levers, paired on the same fresh seeds), `trial` (its number)
and, for budget levers, `allocation` (per channel: money, money spent and what it buys). `reference`
is the scenario without the levers on the same fresh seeds. `verdict` says in words whether any front
point can be told apart from the scenario without the levers (a paired 95 % interval of an objective
that excludes zero) and, when none can, what scale would tell them apart (`verdict`).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from fraudchain.sim.formats import fmt_number
from fraudchain.sim.safe_text import chart_text, rich_text, safe_figure


def _interval(values: list[float], kpi: str) -> dict[str, Any]:
    from fraudchain.sim.runs.runner import kpi_bounds, summarise

    return summarise(np.asarray(values, dtype=float), bounds=kpi_bounds(kpi)).as_dict(with_values=False)


def _paired(values: list[float], ref: list[float]) -> dict[str, Any]:
    """The point minus the scenario without levers, seed by seed (the same fresh seeds): 95 % t-interval."""
    from fraudchain.sim.runs.runner import summarise

    d = np.asarray(values, dtype=float) - np.asarray(ref, dtype=float)
    return summarise(d).as_dict(with_values=False)


def trials_frame(study: Any) -> pd.DataFrame:
    rows = []
    for t in study.get_trials(deepcopy=False):
        cons = t.user_attrs.get("constraints", [])
        row = {"trial": t.number, "state": t.state.name, "feasible": bool(t.values is not None and
                                                                          all(c <= 0 for c in cons)),
               "error": t.user_attrs.get("error", "")}
        row.update({f"param.{k}": float(v) for k, v in t.params.items()})
        for i, v in enumerate(t.values or []):
            row[f"objective_{i}"] = float(v)
        for i, c in enumerate(cons):
            row[f"constraint_{i}"] = float(c)
        rows.append(row)
    return pd.DataFrame(rows)


def write_outputs(problem: Any, study: Any, front: list[Any], evals: list[dict[str, list[float]]], fresh: list[int],
                  out: Path, ran: int) -> dict[str, Any]:
    from fraudchain.sim.runs.store import atomic_write_table

    points = []
    ref = evals[-1]
    for t, ev in zip(front, evals[:-1], strict=True):
        p: dict[str, Any] = {"params": {k: float(v) for k, v in t.params.items()},
                             "objectives": {k: _interval(ev[k], k) for k in problem.objectives},
                             "kpis": {k: _interval(v, k) for k, v in ev.items()},
                             "difference": {k: _paired(v, ref[k]) for k, v in ev.items()}, "trial": t.number}
        if t.user_attrs.get("buys"):
            p["allocation"] = t.user_attrs["buys"]
        points.append(p)
    first = problem.objectives[0]
    order = sorted(range(len(points)), key=lambda i: points[i]["objectives"][first]["mean"]
                   if points[i]["objectives"][first]["mean"] is not None else 0)
    points = [points[i] for i in order]
    evals_sorted = [evals[:-1][i] for i in order]
    complete = int(sum(1 for t in study.get_trials(deepcopy=False) if t.state.name == "COMPLETE"))
    res = {"front": points, "trials": complete, "trials_run_now": ran,
           "reference": {"objectives": {k: _interval(ref[k], k) for k in problem.objectives},
                         "kpis": {k: _interval(v, k) for k, v in ref.items()}},
           "objectives": problem.objectives, "constraints": [str(c) for c in problem.constraints],
           "budget_eur": problem.budget_eur, "fresh_seeds": fresh, "agents": problem.agents, "years": problem.years,
           "scenario": problem.scenario.name, "out": str(out),
           "verdict": verdict(points, evals_sorted, ref, problem.objectives, len(fresh), problem.agents,
                              problem.years)}
    atomic_write_table(out / "trials.parquet", pa.Table.from_pandas(trials_frame(study), preserve_index=False))
    atomic_write_table(out / "front.parquet", pa.Table.from_pandas(front_frame(points), preserve_index=False))
    html = safe_figure(front_figure(res)).to_html(include_plotlyjs=True, full_html=True)
    tmp = out / ".front.html.tmp"
    tmp.write_text(html)
    tmp.replace(out / "front.html")
    return res


def verdict(points: list[dict[str, Any]], evals: list[dict[str, list[float]]], ref: dict[str, list[float]],
            objectives: list[str], seeds: int, agents: int, years: int) -> dict[str, Any]:
    """Can any front point be told apart from the scenario without the levers, and if not, at what scale?

    A point differs when the paired 95 % interval of one of its objectives excludes zero. When none does,
    the seeds needed are those for an 80 % chance of telling the largest observed difference (relative to
    its paired spread) from zero with a two-sided paired t-test at 5 %, at the same agent count (`seeds_for`);
    an observed difference is itself noisy, so this is a guide to the scale, not a promise."""
    scale = f"{seeds} fresh seeds x {agents:,} agents x {years} years"
    distinct = [(i, k) for i, p in enumerate(points) for k in objectives if _excludes_zero(p["difference"][k])]
    if distinct:
        names = sorted({k for _, k in distinct})
        return {"distinguishable": True, "points": sorted({i + 1 for i, _ in distinct}), "seeds_needed": None,
                "text": f"{len({i for i, _ in distinct})} of {len(points)} front point(s) differ from the scenario "
                        f"without the levers in {', '.join(names)} at this scale ({scale}); the other differences "
                        "cannot be told from noise"}
    best, need = None, None
    for ev in evals:
        for k in objectives:
            d = np.asarray(ev[k], dtype=float) - np.asarray(ref[k], dtype=float)
            if d.size < 2 or not np.isfinite(d).all():
                continue
            sd, mean = float(d.std(ddof=1)), float(d.mean())
            if mean == 0.0:
                continue
            n = seeds_for(abs(mean) / sd) if sd > 0 else seeds
            if need is None or n < need:
                best, need = (k, mean, sd), n
    text = f"No allocation on the front can be told apart from the scenario without the levers at this scale ({scale})"
    if need is not None and need > MAX_SEEDS:
        need_text = f"more than {MAX_SEEDS:,}"
    else:
        need_text = f"about {need:,}" if need is not None else ""
    if best is None:
        text += ": every front point gives the same results on every seed"
    else:
        k, mean, sd = best
        side = "higher, worse" if mean > 0 else "lower, better"     # every objective is minimised
        text += (f". The clearest difference ({k} {fmt_number(mean)}, {side}; paired spread {fmt_number(sd)} per seed) would "
                 f"need {need_text} seeds at {agents:,} agents to be told from zero, if it is real")
    return {"distinguishable": False, "points": [], "seeds_needed": need, "text": text}


MAX_SEEDS = 10_000


def seeds_for(effect: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Seeds for which a paired t-test at `alpha` (two-sided) detects a mean difference of `effect` paired
    standard deviations with probability `power` (t quantiles, so small numbers of seeds are not flattered);
    MAX_SEEDS + 1 when even that many are not enough."""
    from scipy import stats

    for n in range(2, MAX_SEEDS + 1):
        if (stats.t.ppf(1 - alpha / 2, n - 1) + stats.t.ppf(power, n - 1)) / np.sqrt(n) <= effect:
            return n
    return MAX_SEEDS + 1


def _excludes_zero(s: dict[str, Any]) -> bool:
    lo, hi = s.get("ci_low"), s.get("ci_high")
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def front_frame(points: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for p in points:
        row: dict[str, Any] = {"trial": p["trial"]}
        row.update({f"param.{k}": v for k, v in p["params"].items()})
        for k, s in p["kpis"].items():
            for f in ("mean", "ci_low", "ci_high"):
                row[f"{k}.{f}"] = s[f]
                row[f"{k}.difference.{f}"] = p["difference"][k][f]
        for ch, a in (p.get("allocation") or {}).items():
            row[f"allocation.{ch}.eur"] = a["eur"]
            row[f"allocation.{ch}.spent_eur"] = a["spent_eur"]
            row[f"allocation.{ch}.buys"] = a["buys"]
        rows.append(row)
    return pd.DataFrame(rows)


def front_figure(res: dict[str, Any]) -> Any:
    """The front: first objective across, second up (third as colour), 95 % intervals as error bars;
    the scenario without the levers as a grey cross. Every name in it passes chart_text (a front JSON
    can come from anyone: the dashboard's value page loads one)."""
    import plotly.graph_objects as go

    objs = res["objectives"]
    x, y = objs[0], objs[1] if len(objs) > 1 else objs[0]
    pts = res["front"]

    def col(key: str, f: str, src: list[dict[str, Any]]) -> list[float]:
        return [p["objectives"][key][f] if key in p["objectives"] else p["kpis"][key][f] for p in src]

    def err(key: str, src: list[dict[str, Any]]) -> dict[str, Any]:
        m, lo, hi = col(key, "mean", src), col(key, "ci_low", src), col(key, "ci_high", src)
        return {"type": "data", "symmetric": False, "array": [h - a for a, h in zip(m, hi, strict=True)],
                "arrayminus": [a - low for a, low in zip(m, lo, strict=True)]}

    hover = ["<br>".join([f"trial {chart_text(p.get('trial', ''))}"]
                         + [f"{chart_text(k)} = {v:.4g}" for k, v in p["params"].items()]
                         + [f"{chart_text(ch)}: {chart_text(a.get('buys', '') if isinstance(a, dict) else '')}"
                            for ch, a in (p.get("allocation") or {}).items()]) for p in pts]
    marker: dict[str, Any] = {"size": 11}
    if len(objs) > 2:
        marker.update(color=col(objs[2], "mean", pts), colorscale="Viridis", showscale=True,
                      colorbar={"title": chart_text(objs[2])})
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=col(x, "mean", pts), y=col(y, "mean", pts), mode="markers", name="front",
                             marker=marker, error_x=err(x, pts), error_y=err(y, pts), hovertext=hover,
                             hoverinfo="text+x+y"))
    ref = [res["reference"]]
    fig.add_trace(go.Scatter(x=col(x, "mean", ref), y=col(y, "mean", ref), mode="markers", name="without levers",
                             marker={"symbol": "x", "size": 12, "color": "grey"}, error_x=err(x, ref),
                             error_y=err(y, ref)))
    fig.update_layout(title=f"Pareto front ({chart_text(res['trials'])} trials; re-evaluated on "
                      f"{len(res['fresh_seeds'])} fresh seeds, 95 % intervals)", xaxis_title=chart_text(x),
                      yaxis_title=chart_text(y), template="plotly_white")
    return fig


def table(res: dict[str, Any], problem: Any) -> str:
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=170, force_terminal=False, emoji=False)
    t = Table(title=f"fraudchain optimise: {rich_text(res['scenario'])}, Pareto front of {len(res['front'])} point(s) from "
              f"{res['trials']} trials ({res['trials_run_now']} run now); objectives on {len(res['fresh_seeds'])} "
              f"fresh seeds x {res['agents']:,} agents x {res['years']} years, mean [95 % interval]")
    t.add_column("levers")
    for k in res["objectives"]:
        t.add_column(k, justify="right")

    def cell(s: dict[str, Any]) -> str:
        return f"{fmt_number(s['mean'])} [{fmt_number(s['ci_low'])}; {fmt_number(s['ci_high'])}]"

    for p in res["front"]:
        lev = ", ".join(f"{rich_text(k)}={v:.3g}" for k, v in p["params"].items())
        if p.get("allocation"):      # the split in euros says more than the weights (those are in the files)
            lev = "\n".join(f"{rich_text(ch)}: EUR {a['eur']:,.0f} -> {rich_text(a['buys'])}"
                             for ch, a in p["allocation"].items())
        t.add_row(lev, *(cell(p["objectives"][k]) + "\nvs without: " + cell(p["difference"][k])
                         for k in res["objectives"]))
    t.add_row("(without levers: the scenario as it is)", *(cell(res["reference"]["objectives"][k]) for k in res["objectives"]))
    con.print(t)
    if res.get("verdict"):
        con.print(res["verdict"]["text"])
    if res["constraints"]:
        con.print("constraints: " + ", ".join(res["constraints"]))
    con.print(f"written: {rich_text(res['out'])}/front.parquet, trials.parquet, front.html")
    return buf.getvalue()
