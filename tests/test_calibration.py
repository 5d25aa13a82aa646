"""Calibration to the Dutch figures: the guard that keeps nl_baseline inside the bands it is fitted to,
the fit table's logic, the loss, the write-back into the scenario file, and the command end to end
(at a toy scale; the real fit is `fraudchain calibrate`, never run by the test suite)."""

from __future__ import annotations

import json
import math
import shutil
import tomllib

import fraudchain.sim.cli.main as cli
import numpy as np
import pandas as pd
import pytest
from fraudchain.sim import load_scenario
from fraudchain.sim.cli.calibrate import (
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
from fraudchain.sim.engine.metrics import SeedResult
from fraudchain.sim.errors import BadInput
from fraudchain.sim.studies.calibration import backcast

BASELINE = scenario_file("nl_baseline")


def fc(*args: str) -> int:
    return cli.main(list(args))


# ---------------------------------------------------------------------------------------------
# the guard: nl_baseline (and the backcast) at a small scale stay where they are known to be: inside the
# published bands they are fitted to or checked against, or outside them on the side recorded with the
# mechanism responsible (Target.known_miss). A change that moves a figure fails here, with the numbers:
# a fit that breaks, or a known miss that a mechanism fixed (then move it to GUARD_INSIDE and update
# docs/validation.md).
GUARD_AGENTS = 150_000            # a run costs about the same at 30,000 agents (per-day work dominates)
GUARD_SEEDS = [1000, 1001, 1002]
# mean inside the band: the figures the model matches with room to spare
GUARD_INSIDE = ("online_fraud_victim_rate_15plus", "purchase_fraud_victim_rate_15plus",
                "police_report_rate_online_crime", "selling_fraud_police_report_share", "friend_in_need_victims",
                "marketplace_share_of_purchase_fraud", "payment_fraud_victim_rate_15plus", "nvb_payment_fraud_loss_eur",
                "total_fraud_loss_estimate_eur", "online_crime_total_loss_eur", "online_crime_victim_rate_15plus",
                "fraudehelpdesk_victims_with_loss", "fraudehelpdesk_reported_loss_eur",
                "purchase_fraud_money_back_share",
                # a lower bound (the mules found), which the model's recruits stay above
                "mules_recruited_a_year",
                # inside since people who buy a lot online meet more fake offers (population.online_buying_shape)
                "purchase_fraud_total_loss_eur")
# helpdesk fraud, bank-seen phishing, the desks' counts of rare types and narrow bands have ~10-100 simulated
# victims per seed or sit near an edge: against 3 seeds their 95 % interval must reach the band
GUARD_REACH = ("selling_fraud_victim_rate_15plus", "phishing_money_lost_rate_15plus", "bank_helpdesk_victims",
               "bank_helpdesk_loss_eur", "bank_credential_phishing_loss_eur", "suspect_identified_share",
               "friend_in_need_median_loss_eur", "bank_helpdesk_reimbursed_share",
               "police_purchase_fraud_registrations", "police_bank_helpdesk_registrations",
               "fraudehelpdesk_purchase_victims", "fraudehelpdesk_investment_victims",
               "fraudehelpdesk_bank_helpdesk_victims", "friend_in_need_reported_victims",
               "purchase_fraud_reported_damage_share", "police_report_rate_purchase_fraud",
               "police_report_rate_bank_helpdesk", "investment_fraud_victims", "app_fraud_median_loss_eur",
               "unauthorised_fraud_reimbursed_share", "bank_credential_phishing_reimbursed_share",
               # inside since savings rise with age and investment offers look for money, near an edge
               "investment_fraud_reported_loss_eur", "avg_loss_bank_helpdesk_eur",
               # fitted with how unevenly people buy online; the incidents near the band's upper edge
               "purchase_fraud_repeat_victim_share", "purchase_fraud_incidents",
               # at the band's lower edge (0.149 on 16 seeds) since card, wallet and most fake-shop iDEAL payments
               # reach no account a recall could freeze (2026-12-05; the target's known_miss says why)
               "victims_money_back_share",
               )
# known misses: the side of the band the model's mean is on (the mechanism is in the target's known_miss)
KNOWN_MISSES = {
    "avg_loss_purchase_fraud_eur": "above", "police_registered_online_fraud_loss_eur": "below",
    "police_registered_investment_fraud_loss_eur": "below", "app_fraud_reimbursed_share": "below",
    "spoofing_self_paid_share": "below", "scam_attempt_received_rate": "below",
    # after the scale merge: the means of these noisy rows lie off their bands on every run (4-8 seeds), the
    # interval reaching the band on some
    "police_online_fraud_registrations": "below",
    "fraudehelpdesk_bank_helpdesk_avg_loss_eur": "below", "fraudehelpdesk_romance_loss_eur": "below",
    # national counts of the recall chain (2026-12-05): more accounts blocked and more money recovered than the
    # published comparators; the recall rates are assumptions not yet fitted to them
    "mule_accounts_blocked_a_year": "above", "recovered_share_of_app_loss": "above",
}
BACKCAST_AGENTS = 150_000
# eight seeds, not three: the fitted 2022 helpdesk victims are about 100 simulated victims a seed (+-10 %), and on
# seeds 1000-1002 alone they sat 10 % above the band while 16 fresh seeds put them inside (12,481); the switch came
# after that failure, and seeds 1000-1007 are half of those 16, so they are not fresh for this guard
BACKCAST_GUARD_SEEDS = list(range(1000, 1008))
# the police's count of the 2023 fall in registrations (6.5 %) is met: the model's 10 % [6; 14] (600,000 agents);
# it is met without the measures too, so the row cannot tell the measures from none (docs/validation.md)
BACKCAST_REACH = ("bank_helpdesk_loss_eur_2022", "bank_helpdesk_victims_2022",
                  "police_bank_helpdesk_registrations_fall_2022_2023")
BACKCAST_MISSES = {"bank_helpdesk_loss_eur_2023": "above", "bank_helpdesk_loss_eur_2024": "above",
                   "bank_helpdesk_loss_fall_2022_2023": "below", "bank_helpdesk_loss_fall_2022_2024": "below",
                   "bank_helpdesk_victims_fall_2022_2023": "below", "police_bank_helpdesk_loss_fall_2022_2023": "below"}


def _guard(rows: dict, inside: tuple[str, ...], reach: tuple[str, ...], misses: dict[str, str]) -> list[str]:
    def show(m: str) -> str:
        r = rows[m]
        return f"{m}: model {r.mean:.4g} [{r.ci_low:.4g}; {r.ci_high:.4g}] vs published {r.band()} ({r.source})"

    bad = [f"{show(m)}: {rows[m].status}" for m in inside if rows[m].status != "inside"]
    bad += [f"{show(m)}: {rows[m].status}" for m in reach if rows[m].status not in ("inside", "near")]
    for m, side in misses.items():
        r = rows[m]
        off = r.mean > r.high if side == "above" else r.mean < r.low
        if not off:
            bad.append(f"{show(m)}: recorded as a known miss ({side}) but the mean is no longer {side} the band; "
                       f"if a mechanism fixed it, move it to the guard's inside list and update docs/validation.md")
    return bad


def test_calibration_guard():
    """nl_baseline, 3 fresh seeds x 150,000 agents x 3 years: every compared figure is where it is recorded
    to be: inside its published band (GUARD_INSIDE), its 95 % interval reaching the band for the noisy
    ones (GUARD_REACH), or off the band on the recorded side (KNOWN_MISSES, each with its mechanism)."""
    ev = Evaluator(load_scenario("nl_baseline"), GUARD_AGENTS, None, workers=1)
    rows = {r.metric: r for r in fit_table(ev.per_seed([{}], GUARD_SEEDS)[0], published())}
    bad = _guard(rows, GUARD_INSIDE, GUARD_REACH, KNOWN_MISSES)
    assert not bad, "nl_baseline moved against the published figures:\n" + "\n".join(bad)


def test_backcast_guard():
    """nl_backcast_2022, 8 fresh seeds x 150,000 agents x 4 years: the 2022 fit reaches the NVB's 2022
    figures, and the out-of-sample prediction of 2023-2024 still misses the published fall on the
    recorded side (the limits cap payment size and move some of the groups' effort, not enough; see
    backcast._MISS)."""
    ev = Evaluator(load_scenario(backcast.SCENARIO), BACKCAST_AGENTS, backcast.YEARS, workers=1,
                   set_name="backcast")
    per_seed = ev.per_seed([{}], BACKCAST_GUARD_SEEDS)[0]
    rows = {r.metric: r for r in fit_table(per_seed, published(), backcast.BACKCAST_TARGETS,
                                           backcast.BACKCAST_QUANTITIES, "backcast")}
    bad = _guard(rows, (), BACKCAST_REACH, BACKCAST_MISSES)
    assert not bad, "the backcast moved against the published figures:\n" + "\n".join(bad)


def test_guard_covers_every_compared_target():
    every = {t.metric for t in TARGETS}
    guarded = set(GUARD_INSIDE) | set(GUARD_REACH) | set(KNOWN_MISSES)
    assert guarded == every, f"not guarded: {every - guarded}; guarded but not compared: {guarded - every}"
    assert not set(GUARD_INSIDE) & set(KNOWN_MISSES) and not set(GUARD_REACH) & set(KNOWN_MISSES)
    # a fitted figure is inside or reaches its band, unless it is in tension with another fitted figure: then it is
    # a recorded miss with its mechanism (the police's mean registered purchase loss against CBS's share of the
    # purchase-fraud damage reported)
    fit_misses = {t.metric for t in TARGETS if t.role == "fit"} - set(GUARD_INSIDE) - set(GUARD_REACH)
    assert fit_misses <= {"avg_loss_purchase_fraud_eur"}
    assert {t.metric for t in backcast.BACKCAST_TARGETS} == set(BACKCAST_REACH) | set(BACKCAST_MISSES)
    # every recorded miss names the mechanism responsible
    known = {t.metric: t.known_miss for t in (*TARGETS, *backcast.BACKCAST_TARGETS)}
    assert all(known[m] for m in (*KNOWN_MISSES, *BACKCAST_MISSES))


# ---------------------------------------------------------------------------------------------
def test_every_figure_of_the_csv_is_compared_or_its_omission_explained():
    pubs = published()
    compared = {t.metric for t in (*TARGETS, *backcast.BACKCAST_TARGETS)}
    assert compared | set(NOT_COMPARED) == set(pubs)
    assert not compared & set(NOT_COMPARED)
    assert {t.metric for t in TARGETS} <= set(QUANTITIES)
    assert {t.metric for t in backcast.BACKCAST_TARGETS} <= set(backcast.BACKCAST_QUANTITIES)
    assert all(pubs[m].source and pubs[m].year for m in pubs)
    assert all(pubs[m].measured_as for m in compared)                   # how the source counts
    fitted = [t for t in TARGETS if t.role == "fit"]
    assert 4 <= len(fitted) and len([t for t in TARGETS if t.role == "check"]) >= 4
    assert all(t.kind == "band" for t in fitted)                    # bounds are only checked
    assert 4 <= len(DEFAULT_PARAMS) <= 20
    # issue 19: at least 35 figures compared, the behaviour rows among them
    assert len(TARGETS) >= 35
    # the behaviour figures the issue names are compared, not excused
    for m in ("fraudehelpdesk_victims_with_loss", "police_online_fraud_registrations", "selling_fraud_victim_rate_15plus",
              "victims_money_back_share", "purchase_fraud_money_back_share", "payment_fraud_victim_rate_15plus"):
        assert m in compared


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
    # a relative change whose band reaches zero or below (it may have either sign) is compared on a linear scale
    signed = pub(-0.03, 0.16)
    assert residual(0.065, signed) == pytest.approx(0.0)
    assert residual(0.16, signed) == pytest.approx(1.0) and residual(-0.03, signed) == pytest.approx(-1.0)
    assert residual(-0.125, signed) == pytest.approx(-2.0)
    assert residual(float("nan"), signed) < -100


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
    # again: the block is replaced, not repeated; a key the new fit does not write keeps its earlier line
    write_calibrated(f, {"fraud_types.marketplace.susceptibility": 0.2}, {}, ["second"])
    text2 = f.read_text()
    assert text2.count(BLOCK_START) == 1 and "0.123" not in text2
    assert "police.capacity_cases_per_year = 51000.0   # fitted in a test; loss 2 -> 1" in text2
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
              "--no-backcast", "--format", "json")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    fit = out["fit"]
    assert fit["params"] == ["fraud_types.marketplace.susceptibility"] and 1 < fit["vectors"] <= 6
    assert fit["loss_best"] <= fit["loss_start"]
    assert [r["metric"] for r in out["rows"]] == [t.metric for t in TARGETS]
    if fit["written"]:
        text = f.read_text()
        line = next(ln for ln in text.splitlines() if ln.startswith("fraud_types.marketplace.susceptibility"))
        assert "fitted" in line and "fraudchain calibrate" in line and "loss" in line and "purchase_fraud" in line
        assert load_scenario(f).fraud_types["marketplace"].susceptibility == fit["fitted"][
            "fraud_types.marketplace.susceptibility"]
    else:
        assert fit["loss_best"] == fit["loss_start"]


def test_calibrate_budget_zero_json_prints_every_row_with_exactly_the_contract_keys(capsys):
    """`fraudchain calibrate --budget 0 --format json` prints {"rows": [...]}: every compared figure and the
    backcast's, each with exactly metric, target, low, high, model, ci_low, ci_high, inside."""
    assert fc("calibrate", "--budget", "0", "--agents", "2000", "--check-seeds", "2", "--workers", "1",
              "--format", "json") == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["rows"]
    rows = out["rows"]
    assert [r["metric"] for r in rows] == [t.metric for t in (*TARGETS, *backcast.BACKCAST_TARGETS)]
    pubs = published()
    for r in rows:
        assert list(r) == ["metric", "target", "low", "high", "model", "ci_low", "ci_high", "inside"]
        assert r["target"] == pubs[r["metric"]].value and isinstance(r["inside"], bool)
        assert r["low"] is None or r["high"] is None or r["low"] <= r["high"]
        if r["model"] is not None and r["ci_low"] is not None:
            assert r["ci_low"] <= r["model"] <= r["ci_high"]
    by = {r["metric"]: r for r in rows}
    assert by["payment_fraud_victim_rate_15plus"]["low"] is None            # an upper bound
    assert by["selling_fraud_victim_rate_15plus"]["model"] > 0.0            # selling fraud is a type of its own


def test_calibrate_budget_zero_prints_the_fit_table_and_writes_nothing(tmp_path, capsys):
    f = tmp_path / "nl_baseline.toml"
    shutil.copy(BASELINE, f)
    before = f.read_bytes()
    md = tmp_path / "fit.md"
    assert fc("calibrate", str(f), "--budget", "0", "--agents", "2000", "--years", "1", "--check-seeds", "2",
              "--workers", "1", "--markdown", str(md)) == 0
    out = capsys.readouterr().out
    assert "published" in out and "seeds ±5 %" in out
    for t in (*TARGETS, *backcast.BACKCAST_TARGETS):                     # the same rows as the JSON
        assert t.metric[:30] in out and f"`{t.metric}`" in md.read_text()
    assert "known:" in out and "backcast held out" in out
    assert f.read_bytes() == before
    assert md.read_text().startswith("| target | role |")


@pytest.mark.parametrize("args, words", [
    (["--param", "fraud_types.marketplace.susceptibilty=0.1:0.5"], "did you mean"),
    (["--param", "awareness.campaign_reach=0:1"], "LOW must be > 0"),
    (["--budget", "-1"], "--budget -1"),
    (["--seeds", "0"], "--seeds 0"),
    (["--backcast", "--years", "2"], "always runs 4 years"),
    (["--backcast", "--no-backcast"], "exclude each other"),
])
def test_calibrate_bad_input_exits_2(capsys, args, words):
    assert fc("calibrate", "--no-write", *args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_fitted_values_are_written_to_three_significant_digits():
    from fraudchain.sim.cli.calibrate import round_sig

    assert (round_sig(50015.0), round_sig(2790.4), round_sig(0.0012134)) == (50000.0, 2790.0, 0.00121)


# ---------------------------------------------------------------------------------------------
# the quantities measured as the sources measure them, on a hand-made result with known answers
def _result() -> SeedResult:
    # 3 simulated years; each case stands for 100 real ones; cases 0-3 in the last year, case 4 in year 1
    victims = pd.DataFrame({
        "fraud_type": ["marketplace", "fake_webshop", "bank_helpdesk", "investment", "bank_helpdesk"],
        "first_loss_day": [800.0, 900.0, 1000.0, 1090.0, 100.0],
        "gross_loss_eur": [200.0, 100.0, 5000.0, 20000.0, 4000.0],
        "recovered_eur": [0.0, 0.0, 1000.0, 0.0, 0.0],
        "reimbursed_eur": [0.0, 100.0, 0.0, 0.0, 0.0],
        "borne_banks_eur": [0.0, 100.0, 0.0, 0.0, 0.0], "borne_platforms_eur": 0.0, "borne_telecoms_eur": 0.0,
        "borne_insurers_eur": 0.0,
        "police_report": [True, True, True, False, True],          # reported to the police (survey's intent)
        "police_registered": [True, False, True, False, True],     # the police registered it
        "fraudehelpdesk": [False, True, False, True, True],
        "payment_kind": ["authorised", "card", "authorised", "crypto", "authorised"],
        "victim_kind": "consumer",
        "weight": 100.0,
    })
    days = np.arange(1095)
    daily = pd.DataFrame({"day": np.repeat(days, 2), "fraud_type": np.tile(["bank_helpdesk", "marketplace"], 1095),
                          "gross_loss_eur": np.tile([10.0, 1.0], 1095)})
    return SeedResult(1, {}, {}, daily, pd.DataFrame(), victims, [])


def test_quantities_count_as_the_sources_do():
    r = _result()
    q = {k: f for k, (_, f) in QUANTITIES.items()}
    assert q["police_online_fraud_registrations"](r, 1e6) == 200.0         # cases of the last year registered
    assert q["police_purchase_fraud_registrations"](r, 1e6) == 100.0       # not the unregistered report
    assert q["police_registered_online_fraud_loss_eur"](r, 1e6) == 100 * (200.0 + 5000.0)
    assert q["avg_loss_purchase_fraud_eur"](r, 1e6) == 200.0                # a mean over registered cases
    assert q["purchase_fraud_reported_damage_share"](r, 1e6) == pytest.approx(1.0)   # both purchase cases reported
    assert q["fraudehelpdesk_bank_helpdesk_avg_loss_eur"](r, 1e6) != q["fraudehelpdesk_bank_helpdesk_avg_loss_eur"](
        r, 1e6)                                                             # no helpdesk reporter to the desk: nan
    assert q["spoofing_self_paid_share"](r, 1e6) == pytest.approx(1.0)    # helpdesk (authorised), investment (crypto)
    assert q["app_fraud_reimbursed_share"](r, 1e6) == pytest.approx(0.5)  # the recalled helpdesk case
    assert q["purchase_fraud_incidents"](r, 1e6) == 200.0
    assert q["fraudehelpdesk_victims_with_loss"](r, 1e6) == 200.0          # the desk's reports with a loss
    assert q["fraudehelpdesk_reported_loss_eur"](r, 1e6) == 100 * (100.0 + 20000.0)
    assert q["investment_fraud_reported_loss_eur"](r, 1e6) == 100 * 20000.0
    assert q["victims_money_back_share"](r, 1e6) == pytest.approx(0.5)     # webshop refund, helpdesk recall
    assert q["purchase_fraud_money_back_share"](r, 1e6) == pytest.approx(0.5)


def test_backcast_quantities_take_calendar_years():
    r = _result()
    bq = {k: f for k, (_, f) in backcast.BACKCAST_QUANTITIES.items()}
    assert backcast.year_window(2022) == (365, 730) and backcast.year_window(2024) == (1095, 1460)
    assert bq["bank_helpdesk_loss_eur_2022"](r, 1e6) == pytest.approx(3650.0)
    assert bq["bank_helpdesk_victims_2022"](r, 1e6) == 0.0 and bq["bank_helpdesk_loss_eur_2024"](r, 1e6) == 0.0
    assert bq["bank_helpdesk_loss_fall_2022_2024"](r, 1e6) == pytest.approx(1.0)
    assert bq["bank_helpdesk_loss_fall_2022_2023"](r, 1e6) == pytest.approx(0.0)


def test_backcast_scenario_states_the_measures_as_a_reform_not_a_fit():
    s = load_scenario(backcast.SCENARIO)
    assert s.run.years == backcast.YEARS and s.banks.limit_raise_wait_hours == 0.0   # raised at once before 2023
    assert s.banks.daily_limit_by_bank["ing"] == 5_000.0
    (reform,) = s.reforms
    assert reform.day == 730 and reform.set["banks.daily_limit_by_bank"]["ing"] == 2_000.0
    assert reform.set["banks.limit_raise_wait_hours"] == 4.0
    fitted = {p.key for p in backcast.PARAMS}
    assert not fitted & set(reform.set)                                    # the fall is not fitted


def test_measure_effect_is_paired_by_seed():
    with_m = {"bank_helpdesk_loss_eur_2022": [100.0, 200.0], "bank_helpdesk_loss_eur_2023": [80.0, 160.0],
              "bank_helpdesk_loss_eur_2024": [90.0, 180.0]}
    without = {"bank_helpdesk_loss_eur_2022": [100.0, 200.0], "bank_helpdesk_loss_eur_2023": [100.0, 200.0],
               "bank_helpdesk_loss_eur_2024": [110.0, 220.0]}
    e = backcast.measure_effect(with_m, without)
    assert e["effect_2023"].mean == pytest.approx(-0.2) and e["effect_2023"].ci_low == pytest.approx(-0.2)
    assert e["effect_2024"].mean == pytest.approx(90 / 110 - 1)
    assert e["drift_2023"].mean == pytest.approx(0.0) and e["drift_2024"].mean == pytest.approx(0.1)
    assert backcast.without_measures(load_scenario(backcast.SCENARIO)).reforms == []


def test_persons_reached_by_a_scam_call_or_message_count_once_a_year_as_the_survey_asks():
    """`scam_attempt_received_rate` counts persons who received at least one scam call or message in the year
    (CBS asks persons), not attempts, and not offers, ads or profiles met on a platform: a person counts once a
    year, again the next year; the row reads the last simulated year. Aimed at a channel's users, calls and
    messages reach no more persons than the same number spread at random over everyone would (Jensen:
    1 - mean(exp(-l_i)) <= 1 - exp(-mean l_i))."""
    from types import SimpleNamespace

    from fraudchain.scenarios.fraud_types import FRAUD_TYPES, MESSAGE_CHANNELS
    from fraudchain.sim.engine.metrics import collect
    from fraudchain.sim.engine.model import FraudChainModel
    from fraudchain.sim.studies.calibration.seed_measures import persons_attempted

    m = FraudChainModel(load_scenario("nl_baseline"), agents=20_000, seed=0, years=1)
    people = m.consumers
    assert people.note_attempts(np.array([5, 5, 7]), 10) == 2          # a repeat the same day counts once
    assert people.note_attempts(np.array([7, 9]), 364) == 1           # 7 already this year
    assert people.note_attempts(np.array([5, 7, 9]), 365) == 3        # a new year: each again
    people.attempt_year[:] = -1
    m.run_model()
    r = collect(m)
    persons = float(m.params.population.consumers)
    reached = persons_attempted(r) / persons
    messages = sum(r.by_type[k]["fraud_attempts"] for k, f in FRAUD_TYPES.items()
                   if k in r.by_type and f.channel in MESSAGE_CHANNELS and f.target == "consumer")
    assert messages < r.kpis["fraud_attempts"]                        # offers and ads are not counted
    poisson = 1.0 - math.exp(-messages / persons)
    assert 0.5 * poisson < reached <= poisson + 0.005
    assert QUANTITIES["scam_attempt_received_rate"][1](r, persons) == pytest.approx(reached)
    # a three-year run: the row reads the last year's persons only
    days = np.arange(3 * 365)
    system = pd.DataFrame({"day": days, "persons_attempted": np.where(days >= 730, 2.0, 100.0)})
    three = SimpleNamespace(daily=pd.DataFrame({"day": days}), system=system)
    assert persons_attempted(three) == pytest.approx(2.0 * 365)


def test_a_fitted_parameter_named_on_the_command_line_keeps_its_ties():
    """`--param fraud_types.marketplace.registration_prob=...` fits one value for the purchase and selling types, as
    the default set does: the tied keys move with it (once, a fit moved only the marketplace's value)."""
    import argparse

    from fraudchain.sim.cli.calibrate import _params

    args = argparse.Namespace(param=["fraud_types.marketplace.registration_prob=0.1:0.3"], backcast=False,
                              set_name="main", fit_group="all")
    (p,) = _params(args, load_scenario("nl_baseline"), DEFAULT_PARAMS)
    assert set(p.tied) == {"fraud_types.fake_webshop.registration_prob", "fraud_types.selling.registration_prob"}
    assert set(p.values(0.2)) == {p.key, *p.tied} and p.informs
    # a key both sets fit informs the set being fitted: today's rows, or the backcast's 2022 rows with --backcast
    from fraudchain.sim.studies.calibration import backcast

    key = "fraud_types.bank_helpdesk.susceptibility"
    for is_backcast, params in ((False, DEFAULT_PARAMS), (True, backcast.PARAMS)):
        args = argparse.Namespace(param=[f"{key}=0.01:0.1"], backcast=is_backcast, set_name="main", fit_group="all")
        (p,) = _params(args, load_scenario("nl_baseline"), params)
        assert p.informs == next(q.informs for q in params if q.key == key)
    assert next(q.informs for q in DEFAULT_PARAMS if q.key == key) != backcast.PARAMS[0].informs
    # and a tied key keeps its ties in the backcast too
    args = argparse.Namespace(param=["fraud_types.marketplace.registration_prob=0.1:0.3"], backcast=True,
                              set_name="main", fit_group="all")
    (p,) = _params(args, load_scenario("nl_baseline"), backcast.PARAMS)
    assert set(p.tied) == {"fraud_types.fake_webshop.registration_prob", "fraud_types.selling.registration_prob"}
