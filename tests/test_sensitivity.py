"""`fraudchain sensitivity`: Sobol' indices and screening on functions with a known answer, then on a
small real sweep, the tornado chart and bad input."""

from __future__ import annotations

import json

import fraudchain.sim.cli.main as cli
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from fraudchain.sim import load_scenario
from fraudchain.sim.studies.sensitivity import analyse, noise_share, tornado_figure
from fraudchain.sim.studies.sweep import Vary, make_design, parse_vary, sweep


def fc(*args: str) -> int:
    return cli.main(list(args))


def known_sweep(kind: str, n: int, seeds: int = 2, noise: float = 0.01):
    """A sweep folder's content for y = 2a + b (+ 0 c) on [0, 1]^3: Var = 4/12 + 1/12, so the Sobol'
    indices are S_a = 0.8, S_b = 0.2, S_c = 0 (first-order = total: no interactions)."""
    vary = [Vary("a", 0, 1), Vary("b", 0, 1), Vary("c", 0, 1)]
    d = make_design(vary, kind, n)
    rng = np.random.default_rng(5)
    rows = []
    for i in range(d.n_points):
        a, b, c = d.points[i]
        for s in range(seeds):
            rows.append({"design_hash": "h", "sample": i, "seed": s, "block": d.block[i], "base": d.base[i],
                         "a": a, "b": b, "c": c, "status": "ok", "finished_at": 0.0,
                         "y": 2 * a + b + rng.normal(0, noise)})
    manifest = {"parameters": ["a", "b", "c"], "design": kind, "samples": n,
                "vary": [{"key": v.key, "low": v.low, "high": v.high} for v in vary]}
    return manifest, pd.DataFrame(rows)


def test_sobol_indices_recover_a_known_function():
    manifest, df = known_sweep("sobol", 256)
    table, facts = analyse(manifest, df, ["y"], resamples=299)
    t = table.set_index("parameter")
    for p, truth in (("a", 0.8), ("b", 0.2), ("c", 0.0)):
        assert t.loc[p, "total_order"] == pytest.approx(truth, abs=0.05)
        assert t.loc[p, "first_order"] == pytest.approx(truth, abs=0.1)
        assert t.loc[p, "total_low"] - 0.02 <= truth <= t.loc[p, "total_high"] + 0.02
    assert list(table["parameter"]) == ["a", "b", "c"] and list(table["rank"]) == [1, 2, 3]
    assert facts["y"]["method"] == "sobol" and facts["y"]["sobol_base_samples"] == 256
    assert facts["y"]["noise_share"] < 0.01


def test_screening_on_a_latin_hypercube_recovers_the_regression_coefficients():
    manifest, df = known_sweep("lhs", 128)
    table, facts = analyse(manifest, df, ["y"], resamples=299)
    t = table.set_index("parameter")
    assert t.loc["a", "src"] == pytest.approx(np.sqrt(0.8), abs=0.03)   # SRC^2 = variance share
    assert t.loc["b", "src"] == pytest.approx(np.sqrt(0.2), abs=0.03)
    assert t.loc["c", "ci_low"] <= 0 <= t.loc["c", "ci_high"]
    assert t.loc["a", "kpi_at_high"] - t.loc["a", "kpi_at_low"] == pytest.approx(2.0, abs=0.05)
    assert facts["y"]["r2"] > 0.99 and facts["y"]["method"] == "src"


def test_missing_points_shrink_the_sobol_base_to_a_power_of_two():
    manifest, df = known_sweep("sobol", 64, seeds=1)
    df.loc[df["base"].isin([3, 40]), "status"] = "error"               # two base samples lose a point
    table, facts = analyse(manifest, df, ["y"], resamples=99)
    assert facts["y"]["sobol_base_samples"] == 32 and "32 of 64" in facts["y"]["note"]


def test_noise_share_separates_seed_noise_from_parameter_effects():
    _, df = known_sweep("lhs", 64, seeds=4, noise=0.0)
    assert noise_share(df, "y") == pytest.approx(0.0, abs=1e-9)
    _, noisy = known_sweep("lhs", 64, seeds=4, noise=10.0)             # noise sd 10 >> effect range
    assert noise_share(noisy, "y") > 0.9


def test_tornado_figure_is_a_pure_function_of_the_table():
    manifest, df = known_sweep("lhs", 64)
    table, _ = analyse(manifest, df, ["y"], resamples=99)
    fig = tornado_figure(table, "y", param_labels={"a": "parameter a"})
    assert isinstance(fig, go.Figure)
    bar = fig.data[0]
    assert len(bar.y) == 3 and bar.y[-1].startswith("parameter a")      # widest bar on top
    assert bar.x[-1] == pytest.approx(2.0, abs=0.1) and bar.orientation == "h"
    assert tornado_figure(table.iloc[0:0], "y").data[0].y is None or len(tornado_figure(table, "zzz").data[0].y) == 0


# ---------------------------------------------------------------------------------------------
def test_sensitivity_on_a_real_sweep_ranks_the_driver_of_victims_first(tmp_path, capsys):
    """A small Sobol' sweep of the real model: marketplace susceptibility against campaign reach."""
    s = load_scenario("nl_baseline")
    v = parse_vary(["fraud_types.marketplace.susceptibility=0.05:0.4", "awareness.campaign_reach=0:1"], s)
    sweep(s, v, tmp_path, samples=4, design="sobol", agents=30_000, years=1, workers=1)
    assert fc("sensitivity", str(tmp_path), "--format", "json", "--kpi", "victims", "--kpi", "net_loss_eur",
              "--resamples", "199") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["design"] == "sobol"
    params = out["kpis"]["victims"]["parameters"]
    first = next(p for p in params if p["rank"] == 1)
    assert first["parameter"] == "fraud_types.marketplace.susceptibility"
    assert first["measure"] == "total_order" and first["kpi_at_high"] > first["kpi_at_low"]
    assert first["ci_low"] <= first["estimate"] <= first["ci_high"]
    # net loss is heavy-tailed: at this toy scale the 16-point Sobol' estimate is noise-dominated, the
    # regression screening over the same points is not
    by_name = {p["parameter"]: p for p in out["kpis"]["net_loss_eur"]["parameters"]}
    market, campaign = by_name["fraud_types.marketplace.susceptibility"], by_name["awareness.campaign_reach"]
    assert market["src"] > abs(campaign["src"]) and market["kpi_at_high"] > market["kpi_at_low"]
    for kpi in ("victims", "net_loss_eur"):
        assert (tmp_path / f"tornado_{kpi}.html").exists()
    assert (tmp_path / "plotly.min.js").exists()
    assert "plotly" in (tmp_path / "tornado_victims.html").read_text()

    assert fc("sensitivity", str(tmp_path), "--kpi", "victims", "--resamples", "99", "--no-html") == 0
    out = capsys.readouterr().out
    assert "total S_T" in out and "fraud_types.marketplace.susceptibility" in out and "seed noise" in out

    assert fc("sensitivity", str(tmp_path), "--kpi", "victim") == 2
    err = capsys.readouterr().err
    assert "did you mean 'victims'" in err and "Traceback" not in err


def test_sensitivity_without_a_sweep_exits_2(tmp_path, capsys):
    assert fc("sensitivity", str(tmp_path)) == 2
    assert "sweep.json" in capsys.readouterr().err
    assert fc("sensitivity", str(tmp_path / "nope")) == 2
    assert "no such folder" in capsys.readouterr().err
