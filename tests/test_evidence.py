"""docs/evidence.md covers every value a built-in measure or regime sets, every drawn effect size and the
decisive assumptions of the README's headline comparisons; the ranges it states are the ones the code draws;
every source it cites is defined in docs/sources.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fraudchain.scenarios.loader import builtin_names, load_scenario
from fraudchain.scenarios.schema import ASSUMPTION_RANGES
from fraudchain.sim.runs.uncertainty import rule_ranges, uncertain_parameters

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "docs" / "evidence.md"
# the parameters among the top 5 drivers (share of the variance of the paired difference) of the README's
# headline comparisons in `fraudchain robustness` / `python docs/make_results.py all` (README, "Robustness")
TOP_DRIVERS = {
    "platforms.verification_factor", "platforms.effort_returns", "banks.warning_heeded", "platforms.floor_compliance",
    "harm.wellbeing_per_victim_gbp", "platforms.max_block", "fraudsters.type_exit_elasticity",
    "liability.moral_hazard", "hub.member_contribution_share", "banks.frozen_return_unasked_share",
    "banks.slow_cashout_share", "banks.floor_compliance", "costs.police_triage_cost_eur",
    "fraudsters.disruption_per_suspect", "reporting.registration_abandon_share",
}
PAIR = re.compile(r"(\d[\d,]*(?:\.\d+)?)-(\d[\d,]*(?:\.\d+)?)")
STATED = re.compile(r"^([\d.,]+)-([\d.,]+) at the stated ([\d.]+) \(drawn: `([\w.]+)` ([\d.]+)-([\d.]+)\)")


def _num(x: str) -> float:
    return float(x.replace(",", ""))


def entries() -> dict[str, dict[str, str]]:
    """Each key in an entry's heading -> {"heading", "body", "range"} (the Range text, one line)."""
    out: dict[str, dict[str, str]] = {}
    text = EVIDENCE.read_text(encoding="utf-8")
    for block in re.split(r"\n(?=### )", text)[1:]:
        heading, _, body = block.partition("\n")
        body = body.split("\n## ")[0]
        m = re.search(r"\*\*Range:\*\* (.*?)(?=\n- \*\*|\n\n|\Z)", body, re.S)
        rng = " ".join(m.group(1).split()) if m else ""
        for key in re.findall(r"`([a-z_][\w.]*)`", heading):
            out[key] = {"heading": heading, "body": body, "range": rng}
    return out


def reform_keys() -> set[str]:
    keys = set()
    for name in builtin_names():
        for r in load_scenario(name).reforms:
            keys |= set(r.set)
    return keys


def required() -> set[str]:
    drawn = set(uncertain_parameters())
    effect = {k for k in drawn if k.endswith(("_factor", "floor_compliance")) or k.startswith("harm.")}
    return reform_keys() | set(rule_ranges()) | effect | set(ASSUMPTION_RANGES) | TOP_DRIVERS


def test_every_parameter_a_measure_or_regime_sets_and_every_drawn_effect_has_an_entry():
    have = entries()
    missing = sorted(required() - set(have))
    assert not missing, f"docs/evidence.md has no entry for: {missing}"
    assert {"platforms.verification", "telecoms.anti_spoofing", "telecoms.sms_filter", "banks.daily_limit_eur",
            "liability.rule_values.app_mandatory_reimbursement.excess_applied_share"} <= set(have)
    for key in required():
        assert have[key]["range"], f"{key}: the entry gives no **Range:**"


def test_ranges_in_the_document_are_the_ones_the_code_draws():
    have = entries()
    drawn = uncertain_parameters()
    for key, e in have.items():
        if key not in drawn:
            continue
        lo, hi = drawn[key]
        pairs = [(_num(a), _num(b)) for a, b in PAIR.findall(e["range"])]
        assert any(abs(a - lo) < 1e-9 and abs(b - hi) < 1e-9 for a, b in pairs), \
            f"{key}: the code draws {lo}-{hi}, docs/evidence.md says {e['range']!r}"


def test_a_stated_value_s_range_follows_its_factor():
    checked = 0
    for key, e in entries().items():
        m = STATED.match(e["range"])
        if not m:
            continue
        lo, hi, stated, factor = _num(m.group(1)), _num(m.group(2)), float(m.group(3)), m.group(4)
        flo, fhi = uncertain_parameters()[factor]
        assert lo == pytest.approx(stated * flo, abs=0.011) and hi == pytest.approx(min(1.0, stated * fhi), abs=0.011), \
            (key, e["range"])
        checked += 1
    assert checked >= 3            # verification, anti-spoofing, SMS filter


def test_a_built_in_measure_states_the_value_its_entry_names():
    sm = next(r for r in load_scenario("system_measures").reforms).set
    have = entries()
    for key in ("platforms.verification", "telecoms.anti_spoofing", "telecoms.sms_filter"):
        m = STATED.match(have[key]["range"])
        assert m and float(m.group(3)) == sm[key], key


def test_decisive_and_drawn_parameters_name_their_evidence_or_its_absence():
    have = entries()
    for key in TOP_DRIVERS | set(uncertain_parameters()) & set(have):
        body = have[key]["body"]
        assert "**Evidence:**" in body or "**No evidence found" in body, f"{key}: no evidence or 'no evidence found'"


def test_every_source_cited_exists():
    defined = set(re.findall(r"\*\*\[([a-z0-9_]+)\]\*\*", (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")))
    cited = set(re.findall(r"\[([a-z0-9_]+)\]", EVIDENCE.read_text(encoding="utf-8")))
    assert len(cited) >= 20
    assert not cited - defined, f"cited in docs/evidence.md but not defined in docs/sources.md: {cited - defined}"
