"""Which parameters drive which KPI: `fraudchain sensitivity DIR` over a finished (or partial) sweep.

Owns the analysis of a sweep folder written by fraudchain.sim.studies.sweep and the tornado chart:
- a Sobol'/Saltelli design (`--design sobol`) gets first-order and total Sobol' indices from
  scipy.stats.sobol_indices, fed the precomputed outputs f(A), f(B), f(AB_i), with bootstrap
  intervals (resampling the base samples, seeded);
- any design (the Latin hypercube too) gets the cheaper screening: standardized regression
  coefficients (SRC, with the regression's R^2) and Spearman rank correlations, each with a seeded
  bootstrap interval;
- every KPI is averaged over the sweep's seeds per design point first (the seeds are common random
  numbers), and the share of KPI variance that is seed noise is reported beside the indices.
`tornado_figure(...)` is a pure function (table in, plotly figure out) for the dashboard to import.
Reads results only; must not run the model.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_number
from fraudchain.sim.safe_text import chart_text, safe_figure
from fraudchain.sim.studies.sweep import MANIFEST, RESULTS, SweepStore
from scipy import stats

DEFAULT_KPIS = ("net_loss_eur", "victims", "loss_borne_victims_eur", "social_cost_eur", "median_days_to_takedown")
BOOT_METHOD = "percentile"

# more bootstrap resamples than this change no reported digit and only cost time and memory
MAX_RESAMPLES = 100_000


# ---------------------------------------------------------------------------------------------
def load_sweep(folder: str | Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """The manifest and every stored row (results.parquet plus parts not yet compacted)."""
    store = SweepStore(folder)
    if not store.dir.is_dir():
        raise BadInput(f"{folder}: no such folder (give the --out DIR of a sweep)")
    manifest = store.read_manifest()
    if manifest is None:
        raise BadInput(f"{folder}: no {MANIFEST} here; is it the --out DIR of `fraudchain sweep`?")
    df = store.read_all()
    if len(df):
        df = df[df["design_hash"] == manifest["design_hash"]]
    if not len(df) or not (df["status"] == "ok").any():
        raise BadInput(f"{folder}: no finished runs in {RESULTS} yet; run or resume the sweep first")
    return manifest, df


def point_means(manifest: dict[str, Any], df: pd.DataFrame, kpis: list[str]) -> pd.DataFrame:
    """One row per design point: block, base, parameter values and each KPI's mean over ok seeds."""
    ok = df[df["status"] == "ok"]
    params = list(manifest["parameters"])
    g = ok.groupby("sample")
    out = g[["block", "base", *params]].first()
    out = out.join(g[kpis].mean())
    out["n_seeds"] = g.size()
    return out.reset_index()


def noise_share(df: pd.DataFrame, kpi: str) -> float:
    """Share of a single run's KPI variance that is seed noise: sigma_w^2 / (sigma_w^2 + sigma_b^2),
    with the within-point (seed) and between-point components from a one-way ANOVA (seeds as
    replicates; the between component is clipped at 0)."""
    ok = df[(df["status"] == "ok") & np.isfinite(df[kpi].astype(float))]
    g = ok.groupby("sample")[kpi]
    k = g.size()
    if (k >= 2).sum() < 2:
        return float("nan")
    msw = float(g.var(ddof=1)[k >= 2].mean())                 # within points: seed noise
    between = float(g.mean().var(ddof=1)) - msw / float(k.mean())
    total = msw + max(between, 0.0)
    return msw / total if total > 0 else float("nan")


def _src(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Standardized regression coefficients and R^2 of the linear fit y ~ x."""
    xs = (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1.0)
    ys = (y - y.mean()) / (y.std() if y.std() > 0 else 1.0)
    coef, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(ys)), xs]), ys, rcond=None)
    fit = np.column_stack([np.ones(len(ys)), xs]) @ coef
    ss = float(((ys - ys.mean()) ** 2).sum())
    r2 = 1.0 - float(((ys - fit) ** 2).sum()) / ss if ss > 0 else float("nan")
    return coef[1:], r2


def _spearman(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ry = stats.rankdata(y)
    out = []
    for j in range(x.shape[1]):
        rx = stats.rankdata(x[:, j])
        out.append(np.corrcoef(rx, ry)[0, 1] if rx.std() > 0 and ry.std() > 0 else np.nan)
    return np.array(out)


def _boot(n: int, statistic: Any, resamples: int, seed: int, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap over design points (seeded), for a vector-valued statistic of the indices."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = stats.bootstrap((np.arange(n),), statistic, vectorized=False, n_resamples=resamples,
                              confidence_level=confidence, method=BOOT_METHOD, rng=np.random.default_rng(seed))
    return np.asarray(res.confidence_interval.low), np.asarray(res.confidence_interval.high)


def _sobol(pm: pd.DataFrame, kpi: str, params: list[str], resamples: int, seed: int, confidence: float
           ) -> dict[str, Any]:
    """First-order and total Sobol' indices from the precomputed outputs of the Saltelli blocks."""
    def block(name: str) -> pd.Series:
        return pm[pm["block"] == name].set_index("base")[kpi].astype(float)

    fa, fb = block("A"), block("B")
    fab = [block(f"AB:{p}") for p in params]
    common = set(fa.index) & set(fb.index)
    for s in fab:
        common &= set(s.index)
    valid = sorted(i for i in common if np.isfinite([fa[i], fb[i], *(s[i] for s in fab)]).all())
    m = 1 << int(math.floor(math.log2(len(valid)))) if len(valid) >= 2 else 0
    if m < 2:
        return {"n_base": len(valid), "n_used": 0}
    use = valid[:m]
    f_a, f_b = fa[use].to_numpy(), fb[use].to_numpy()
    f_ab = np.stack([s[use].to_numpy() for s in fab])
    d = len(params)

    def indices(idx: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            r = stats.sobol_indices(func={"f_A": f_a[None, idx], "f_B": f_b[None, idx], "f_AB": f_ab[:, None, idx]},
                                    n=m)
        return np.concatenate([np.atleast_1d(r.first_order).ravel(), np.atleast_1d(r.total_order).ravel()])

    est = indices(np.arange(m))
    lo, hi = _boot(m, indices, resamples, seed, confidence)
    return {"n_base": len(valid), "n_used": m, "first": est[:d], "first_lo": lo[:d], "first_hi": hi[:d],
            "total": est[d:], "total_lo": lo[d:], "total_hi": hi[d:]}


def analyse(manifest: dict[str, Any], df: pd.DataFrame, kpis: list[str], resamples: int = 999, seed: int = 0,
            confidence: float = 0.95) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """Per KPI and parameter: the ranking measure with its interval (Sobol' total index for a Sobol'
    design, else the SRC), the other indices, and the KPI at the parameter's LOW and HIGH end
    (linear fit, others at their mean). Returns (table, per-KPI facts: points, R^2, noise share)."""
    params = list(manifest["parameters"])
    ranges = {v["key"]: (v["low"], v["high"]) for v in manifest["vary"]}
    pm = point_means(manifest, df, kpis)
    rows: list[dict[str, Any]] = []
    facts: dict[str, dict[str, Any]] = {}
    sobol = manifest["design"] == "sobol"
    for kpi in kpis:
        sub = pm[np.isfinite(pm[kpi].astype(float))]
        x = sub[params].to_numpy(float)
        y = sub[kpi].to_numpy(float)
        fact: dict[str, Any] = {"points": int(len(sub)), "mean": float(y.mean()) if len(y) else float("nan"),
                                "noise_share": noise_share(df, kpi), "method": "sobol" if sobol else "src",
                                "note": ""}
        facts[kpi] = fact
        if len(y) < max(4, len(params) + 2) or y.std() == 0:
            fact["note"] = "no variation" if len(y) and y.std() == 0 else "too few finished points"
            for p in params:
                rows.append({"kpi": kpi, "parameter": p, "rank": np.nan})
            continue
        src, r2 = _src(x, y)
        rho = _spearman(x, y)
        d = len(params)

        def screening(idx: np.ndarray, x: np.ndarray = x, y: np.ndarray = y) -> np.ndarray:
            s, _ = _src(x[idx], y[idx])
            return np.concatenate([s, _spearman(x[idx], y[idx])])

        lo, hi = _boot(len(y), screening, resamples, seed, confidence)
        fact["r2"] = r2
        # KPI at each end of a parameter's range, the others at their mean (linear fit in KPI units)
        slope = src * y.std() / np.where(x.std(0) > 0, x.std(0), np.inf)
        sob = _sobol(sub, kpi, params, resamples, seed, confidence) if sobol else {}
        if sobol:
            fact["sobol_base_samples"] = sob["n_used"]
            if not sob["n_used"]:
                fact["note"] = "too few complete Saltelli blocks for Sobol' indices; screening only"
            elif sob["n_used"] < manifest["samples"]:
                fact["note"] = f"Sobol' indices from {sob['n_used']} of {manifest['samples']} base samples"
        for j, p in enumerate(params):
            low, high = ranges[p]
            row = {"kpi": kpi, "parameter": p, "low": low, "high": high,
                   "src": src[j], "src_low": lo[j], "src_high": hi[j],
                   "rank_corr": rho[j], "rank_corr_low": lo[d + j], "rank_corr_high": hi[d + j],
                   "kpi_at_low": float(y.mean() + slope[j] * (low - x[:, j].mean())),
                   "kpi_at_high": float(y.mean() + slope[j] * (high - x[:, j].mean()))}
            if sob.get("n_used"):
                row.update({"first_order": sob["first"][j], "first_low": sob["first_lo"][j],
                            "first_high": sob["first_hi"][j], "total_order": sob["total"][j],
                            "total_low": sob["total_lo"][j], "total_high": sob["total_hi"][j],
                            "measure": "total_order", "estimate": sob["total"][j], "ci_low": sob["total_lo"][j],
                            "ci_high": sob["total_hi"][j]})
            else:
                row.update({"measure": "src", "estimate": src[j], "ci_low": lo[j], "ci_high": hi[j]})
            rows.append(row)
    table = pd.DataFrame(rows)
    if len(table) and "estimate" in table:
        table["rank"] = table.groupby("kpi")["estimate"].transform(
            lambda s: s.abs().rank(ascending=False, method="min"))
        table = table.sort_values(["kpi", "rank"], key=lambda c: c.map(kpis.index) if c.name == "kpi" else c)
    return table.reset_index(drop=True), facts


# ---------------------------------------------------------------------------------------------
def tornado_figure(table: pd.DataFrame | list[dict[str, Any]], kpi: str, title: str | None = None,
                   kpi_label: str | None = None, param_labels: dict[str, str] | None = None) -> Any:
    """A tornado chart for one KPI from `analyse`'s table: one bar per parameter from the KPI at the
    parameter's LOW end to its HIGH end (others at their mean), widest on top, coloured by direction;
    the hover and the label give the ranking index with its interval. Pure: no files, no model."""
    import plotly.graph_objects as go

    t = pd.DataFrame(table)
    t = t[(t["kpi"] == kpi) & t["kpi_at_low"].notna()].copy() if len(t) and "kpi_at_low" in t else t.iloc[0:0]
    t["swing"] = (t["kpi_at_high"] - t["kpi_at_low"]).abs()
    t = t.sort_values("swing")                     # plotly draws the first bar at the bottom
    labels = param_labels or {}
    names, hover = [], []
    for _, r in t.iterrows():
        measure = "S_T" if r.get("measure") == "total_order" else "SRC"
        names.append(f"{chart_text(labels.get(r['parameter'], r['parameter']))}  ({measure} {r['estimate']:.2f})")
        hover.append(f"{chart_text(r['parameter'])} {fmt_number(r['low'])} -> {fmt_number(r['high'])}<br>"
                     f"{chart_text(kpi)}: {fmt_number(r['kpi_at_low'])} -> {fmt_number(r['kpi_at_high'])}<br>"
                     f"{measure} {r['estimate']:.3f} [{r['ci_low']:.3f}; {r['ci_high']:.3f}]<br>"
                     f"rank correlation {r['rank_corr']:.2f} [{r['rank_corr_low']:.2f}; {r['rank_corr_high']:.2f}]")
    left = np.minimum(t["kpi_at_low"], t["kpi_at_high"]).to_numpy()
    rises = (t["kpi_at_high"] >= t["kpi_at_low"]).to_numpy()
    fig = go.Figure(go.Bar(
        y=names, x=t["swing"].to_numpy(), base=left, orientation="h",
        marker_color=["#c0392b" if up else "#2471a3" for up in rises],
        hovertext=hover, hoverinfo="text"))
    centre = float(((t["kpi_at_low"] + t["kpi_at_high"]) / 2).mean()) if len(t) else 0.0
    fig.add_vline(x=centre, line_dash="dot", line_color="grey")
    fig.update_layout(
        title=chart_text(title) if title else f"What drives {chart_text(kpi_label or kpi)}: from each parameter's "
                       "low to high end (red: rises, blue: falls)",
        xaxis_title=chart_text(kpi_label or kpi), yaxis_title=None, template="plotly_white",
        height=200 + 40 * max(len(t), 1), margin={"l": 20, "r": 20, "t": 60, "b": 40}, showlegend=False)
    return fig


def write_tornado(fig: Any, path: Path) -> None:
    """Write a chart as HTML next to a shared plotly.min.js (works offline), atomically."""
    import os

    tmp = path.with_name(f".{path.stem}.tmp-{os.getpid()}.html")
    safe_figure(fig).write_html(tmp, include_plotlyjs="directory", full_html=True)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
