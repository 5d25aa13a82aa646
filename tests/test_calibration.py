"""Calibration to the Dutch figures: the guard that keeps nl_baseline inside the bands it is fitted to,
the fit table's logic, the loss, the write-back into the scenario file, and the command end to end
(at a toy scale; the real fit is `fraudchain calibrate`, never run by the test suite)."""

from __future__ import annotations

import json
import math
import shutil
import tomllib
from pathlib import Path

import pytest

import sim.cli as cli
from sim import load_scenario
from sim.calibrate import (
    BLOCK_END,
    BLOCK_START,
    DEFAULT_PARAMS,
    NOT_COMPARED,
    QUANTITIES,
    TARGETS,
    Evaluator,
    Published,
    Target,
    fit_table,
    loss_terms,
    published,
    residual,
    scenario_file,
    status,
    write_calibrated,
)
from sim.cli import BadInput

BASELINE = scenario_file("nl_baseline")


def fc(*args: str) -> int:
    return cli.main(list(args))


# ---------------------------------------------------------------------------------------------
# the guard: nl_baseline at a small scale stays inside the published bands it is fitted to
GUARD_AGENTS = 150_000            # a run costs about the same at 30,000 agents (per-day work dominates)
GUARD_SEEDS = [1000, 1001, 1002]
# mean inside the band: the figures the model matches with room to spare
GUARD_INSIDE = ("online_fraud_victim_rate_15plus", "purchase_fraud_victim_rate_15plus", "suspect_identified_share",
                "police_report_rate_online_crime", "police_report_rate_purchase_fraud",
                "avg_loss_purchase_fraud_eur", "bank_credential_phishing_reimbursed_share")
# helpdesk fraud and bank-seen phishing have ~100 and ~30 simulated victims per seed: a narrow band
# (+-10 %) against 3 seeds, so their 95 % interval must reach the band
GUARD_REACH = ("bank_helpdesk_victims", "bank_helpdesk_loss_eur", "bank_credential_phishing_loss_eur")


def test_calibration_guard():
    """nl_baseline, 3 fresh seeds x 150,000 agents x 3 years: every fitted target stays inside its
    published band (GUARD_INSIDE) or, for the noisy bank-helpdesk figures, its 95 % interval reaches
    the band (GUARD_REACH). A change that breaks the fit fails here, with the numbers."""
    ev = Evaluator(load_scenario("nl_baseline"), GUARD_AGENTS, None, workers=1)
    rows = {r.metric: r for r in fit_table(ev.per_seed([{}], GUARD_SEEDS)[0], published())}
    bad = [f"{m}: model {rows[m].mean:.4g} [{rows[m].ci_low:.4g}; {rows[m].ci_high:.4g}] vs published "
           f"{rows[m].band()} ({rows[m].source}): {rows[m].status}"
           for m in GUARD_INSIDE if rows[m].status != "inside"]
    bad += [f"{m}: model {rows[m].mean:.4g} [{rows[m].ci_low:.4g}; {rows[m].ci_high:.4g}] vs published "
            f"{rows[m].band()}: {rows[m].status}" for m in GUARD_REACH if rows[m].status not in ("inside", "near")]
    assert not bad, "nl_baseline left the published bands it is calibrated to:\n" + "\n".join(bad)


def test_guard_covers_every_fitted_target():
    fitted = {t.metric for t in TARGETS if t.role == "fit"}
    assert fitted <= set(GUARD_INSIDE) | set(GUARD_REACH)


# ---------------------------------------------------------------------------------------------
def test_every_figure_of_the_csv_is_compared_or_its_omission_explained():
    pubs = published()
    compared = {t.metric for t in TARGETS}
    assert compared | set(NOT_COMPARED) == set(pubs)
    assert not compared & set(NOT_COMPARED)
    assert compared <= set(QUANTITIES)
    assert all(pubs[m].source for m in pubs)
    fitted = [t for t in TARGETS if t.role == "fit"]
    assert 4 <= len(fitted) and len([t for t in TARGETS if t.role == "check"]) >= 4
    assert all(t.kind == "band" for t in fitted)                    # bounds are only checked
    assert 4 <= len(DEFAULT_PARAMS) <= 8


def test_csv_in_the_package_is_the_shared_one():
    shared = Path(__file__).resolve().parents[2] / "shared" / "data" / "nl_calibration_targets.csv"
    if not shared.exists():
        pytest.skip("the shared folder is not beside this checkout")
    ours = Path(__file__).resolve().parents[1] / "scenarios" / "data" / "nl_calibration_targets.csv"
    assert ours.read_text() == shared.read_text()


def pub(low: float, high: float) -> Published:
    return Published("x", (low + high) / 2, low, high, "2024", "count", "src", "")


def test_residual_is_zero_at_the_band_centre_and_one_on_its_edges():
    p = pub(100.0, 400.0)
    assert residual(200.0, p) == pytest.approx(0.0)
    assert residual(400.0, p) == pytest.approx(1.0)
    assert residual(100.0, p) == pytest.approx(-1.0)
    assert residual(800.0, p) == pytest.approx(2.0)                 # log scale: twice the half-width
    narrow = pub(0.48, 0.48)                                         # a point: treated as +-10 %
    assert residual(0.48 * 1.1, narrow) == pytest.approx(1.0)
    assert residual(0.0, p) == residual(float("nan"), p) == pytest.approx(math.log(1e-3) / math.log(2))


def test_status_of_bands_and_bounds():
    assert status(5, 4, 6, 3, 7) == "inside"
    assert status(8, 6.5, 9, 3, 7) == "near"
    assert status(9, 8, 10, 3, 7) == "miss (above)"
    assert status(2, 1, 2.5, 3, 7) == "miss (below)"
    assert status(3, 2, 4, 3, 7) == "inside"                          # on the edge counts
    assert status(50, 40, 60, 3, 7, "lower_bound") == "inside"
    assert status(2, 1, 3.5, 3, 7, "lower_bound") == "near"
    assert status(1, 0, 2, 3, 7, "upper_bound") == "inside"
    assert status(8, 7.5, 9, 3, 7, "upper_bound") == "miss (above)"
    assert status(float("nan"), 0, 0, 3, 7) == "n/a"


def test_fit_table_rows_from_known_values():
    pubs = published()
    targets = (Target("bank_helpdesk_victims", "fit"), Target("police_report_rate_online_crime", "check"),
               Target("investment_fraud_reported_loss_eur", "check", kind="lower_bound"))
    per_seed = {"bank_helpdesk_victims": [8000.0, 8400.0, 8200.0],       # band 6,900-10,000
                "police_report_rate_online_crime": [0.30, 0.31, 0.29],   # band 0.15-0.20
                "investment_fraud_reported_loss_eur": [60e6, 50e6, 70e6]}
    rows = {r.metric: r for r in fit_table(per_seed, pubs, targets)}
    r = rows["bank_helpdesk_victims"]
    assert r.mean == pytest.approx(8200) and r.ci_low < 8200 < r.ci_high and r.status == "inside"
    assert (r.low, r.high, r.role, r.band()) == (6900, 10000, "fit", "6,900 - 10,000")
    assert r.seeds_for_5pct == 1 and "NVB" in r.source
    s = rows["police_report_rate_online_crime"]
    assert s.status == "miss (above)" and 0 <= s.ci_low <= s.ci_high <= 1 and s.residual > 1
    assert rows["investment_fraud_reported_loss_eur"].status == "inside"
    assert rows["investment_fraud_reported_loss_eur"].band().startswith(">=")


def test_loss_is_zero_at_every_band_centre_and_the_weight_on_an_edge():
    pubs = published()
    centres = {t.metric: math.sqrt(pubs[t.metric].low * pubs[t.metric].high) for t in TARGETS}
    assert sum(loss_terms(centres, pubs).values()) == pytest.approx(0.0, abs=1e-12)
    edge = dict(centres, online_fraud_victim_rate_15plus=pubs["online_fraud_victim_rate_15plus"].high)
    terms = loss_terms(edge, pubs)
    assert terms["online_fraud_victim_rate_15plus"] == pytest.approx(2.0)   # weight 2, residual 1
    assert set(terms) == {t.metric for t in TARGETS if t.role == "fit"}


# ---------------------------------------------------------------------------------------------
def test_write_back_replaces_only_its_block_and_keeps_everything_else(tmp_path):
    f = tmp_path / "nl_baseline.toml"
    shutil.copy(BASELINE, f)
    original = f.read_text()
    outside = [ln for ln in original.splitlines() if ln.strip()]
    if BLOCK_START in original:                                       # compare what is outside the block
        s, e = original.index(BLOCK_START), original.index(BLOCK_END) + len(BLOCK_END)
        outside = [ln for ln in (original[:s] + original[e:]).splitlines() if ln.strip()]
    vals = {"fraud_types.marketplace.susceptibility": 0.123, "police.capacity_cases_per_year": 51000.0}
    write_calibrated(f, vals, {k: "fitted in a test; loss 2 -> 1" for k in vals}, ["a test header"])
    s = load_scenario(f)
    assert s.fraud_types["marketplace"].susceptibility == 0.123 and s.police.capacity_cases_per_year == 51000
    assert s.liability.regime == "nl_status_quo" and s.hub.data_sharing_scope == load_scenario(
        "nl_baseline").hub.data_sharing_scope
    text = f.read_text()
    assert text.count(BLOCK_START) == 1 and "# fitted in a test; loss 2 -> 1" in text
    assert [ln for ln in (text[:text.index(BLOCK_START)] + text[text.index(BLOCK_END) + len(BLOCK_END):])
            .splitlines() if ln.strip()] == outside
    # the block comes before the first [table]: its dotted keys are top level
    first_table = min(i for i, ln in enumerate(text.splitlines()) if ln.startswith("["))
    assert text.splitlines().index(BLOCK_END) < first_table
    # again: the block is replaced, not repeated
    write_calibrated(f, {"fraud_types.marketplace.susceptibility": 0.2}, {}, ["second"])
    text2 = f.read_text()
    assert text2.count(BLOCK_START) == 1 and "0.123" not in text2 and "police.capacity" not in text2
    assert load_scenario(f).fraud_types["marketplace"].susceptibility == 0.2


def test_write_back_that_would_break_the_file_writes_nothing(tmp_path):
    f = tmp_path / "nl_baseline.toml"
    shutil.copy(BASELINE, f)
    before = f.read_bytes()
    # hub.data_sharing_scope is set in the file's [hub] table: a second definition is invalid TOML
    with pytest.raises(BadInput, match="nothing was written"):
        write_calibrated(f, {"hub.data_sharing_scope": 0.5}, {}, [])
    with pytest.raises(BadInput, match="would not validate"):
        write_calibrated(f, {"police.identification_prob": 7.0}, {}, [])
    assert f.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["nl_baseline.toml"]


def test_write_back_into_a_file_without_tables(tmp_path):
    f = tmp_path / "reform.toml"
    f.write_text('extends = "nl_baseline"\ndescription = """two\n[lines]"""\n')
    write_calibrated(f, {"police.capacity_cases_per_year": 60000.0}, {}, ["h"])
    raw = tomllib.loads(f.read_text())
    assert raw["police"]["capacity_cases_per_year"] == 60000.0 and raw["description"] == "two\n[lines]"


# ---------------------------------------------------------------------------------------------
def test_calibrate_command_fits_writes_with_provenance_and_prints_the_table(tmp_path, capsys):
    f = tmp_path / "nl_baseline.toml"
    shutil.copy(BASELINE, f)
    code = fc("calibrate", str(f), "--param", "fraud_types.marketplace.susceptibility=0.02:0.6", "--budget", "6",
              "--seeds", "1", "--agents", "2000", "--years", "1", "--check-seeds", "2", "--workers", "1",
              "--format", "json")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["params"] == ["fraud_types.marketplace.susceptibility"] and 1 < out["vectors"] <= 6
    assert out["loss_best"] <= out["loss_start"]
    rows = {r["metric"]: r for r in out["table"]}
    assert set(rows) == {t.metric for t in TARGETS}
    assert {"published", "low", "high", "mean", "ci_low", "ci_high", "status", "seeds_for_5pct"} <= set(
        rows["bank_helpdesk_victims"])
    if out["written"]:
        text = f.read_text()
        line = next(ln for ln in text.splitlines() if ln.startswith("fraud_types.marketplace.susceptibility"))
        assert "fitted" in line and "fraudchain calibrate" in line and "loss" in line and "purchase_fraud" in line
        assert load_scenario(f).fraud_types["marketplace"].susceptibility == out["fitted"][
            "fraud_types.marketplace.susceptibility"]
    else:
        assert out["loss_best"] == out["loss_start"]


def test_calibrate_budget_zero_prints_the_fit_table_and_writes_nothing(tmp_path, capsys):
    f = tmp_path / "nl_baseline.toml"
    shutil.copy(BASELINE, f)
    before = f.read_bytes()
    md = tmp_path / "fit.md"
    assert fc("calibrate", str(f), "--budget", "0", "--agents", "2000", "--years", "1", "--check-seeds", "2",
              "--workers", "1", "--markdown", str(md)) == 0
    out = capsys.readouterr().out
    assert "published band" in out and "online_fraud_victim_rate_15plus" in out and "seeds ±5 %" in out
    assert f.read_bytes() == before
    assert md.read_text().startswith("| target | role |")


@pytest.mark.parametrize("args, words", [
    (["--param", "fraud_types.marketplace.susceptibilty=0.1:0.5"], "did you mean"),
    (["--param", "awareness.campaign_reach=0:1"], "LOW must be > 0"),
    (["--budget", "-1"], "--budget -1"),
    (["--seeds", "0"], "--seeds 0"),
])
def test_calibrate_bad_input_exits_2(capsys, args, words):
    assert fc("calibrate", "--no-write", *args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_fitted_values_are_written_to_three_significant_digits():
    from sim.calibrate import round_sig

    assert (round_sig(50015.0), round_sig(2790.4), round_sig(0.0012134)) == (50000.0, 2790.0, 0.00121)
