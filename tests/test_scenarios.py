"""Scenario loading and validation: every problem reported, with file and key path."""

from __future__ import annotations

import pytest
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario, load_text, to_toml
from fraudchain.scenarios.schema import Scenario, parameter_table

FIXED_NAMES = {"nl_baseline", "uk_psr_2024", "sg_srf_2024", "au_spf_2025", "eu_psr_2025", "chain_liability",
               "consumer_bears_all", "bank_strict"}


def test_builtins_are_valid_and_named_by_file():
    names = builtin_names()
    assert FIXED_NAMES <= set(names)
    for n in names:
        s = load_scenario(n)
        assert s.name == n


def test_extends_inherits_and_overrides(tmp_path):
    f = tmp_path / "reform.toml"
    f.write_text('extends = "nl_baseline"\n[banks]\nsending_effort = 0.8\n[fraud_types.romance]\nsusceptibility = 0.05\n')
    s = load_scenario(f)
    base = load_scenario("nl_baseline")
    assert s.name == "reform"
    assert s.banks.sending_effort == 0.8
    assert s.fraud_types["romance"].susceptibility == 0.05
    # untouched values of the same type keep the defaults
    assert s.fraud_types["romance"].payments_mean == base.fraud_types["romance"].payments_mean
    assert s.liability.regime == base.liability.regime


def test_dotted_overrides_from_api_and_strings():
    s = load_scenario("nl_baseline").with_overrides({"liability.regime": "uk_psr_2024", "awareness.campaign_reach": "0.7"})
    assert s.liability.regime == "uk_psr_2024"
    assert s.awareness.campaign_reach == 0.7
    s2 = load_scenario("nl_baseline", {"hub.data_sharing_scope": 0.9})
    assert s2.hub.data_sharing_scope == 0.9


def test_all_problems_at_once_with_key_paths(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(
        'extends = "nl_baseline"\n'
        '[liability]\nregime = "uk_psr"\nmoral_hazrd = 0.2\n'
        '[banks]\nsending_effort = 1.5\nname_check = "maybe"\n'
        '[population.bank_shares]\ning = 0.5\nrabobank = 0.2\n'
        '[fraud_types.romanse]\ncontact_rate = 1\n')
    with pytest.raises(ScenarioError) as e:
        load_scenario(f)
    text = "\n".join(e.value.problems)
    assert len(e.value.problems) == 6
    assert all(p.startswith(str(f)) for p in e.value.problems)
    assert "liability.moral_hazrd: unknown key (did you mean 'moral_hazard'?)" in text
    assert "liability.regime: unknown regime 'uk_psr' (did you mean 'uk_psr_2024'?)" in text
    assert "banks.sending_effort" in text and "less than or equal to 1" in text
    assert "banks.name_check" in text and "boolean" in text
    assert "population.bank_shares" in text and "sum to 1" in text
    assert "romanse" in text and "did you mean 'romance'" in text


def test_unknown_scenario_and_bad_toml(tmp_path):
    with pytest.raises(ScenarioError, match="did you mean 'nl_baseline'"):
        load_scenario("nl_baselin")
    f = tmp_path / "broken.toml"
    f.write_text("[banks\nsending_effort = 1")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(f)


def test_reform_keys_are_validated(tmp_path):
    f = tmp_path / "r.toml"
    f.write_text('extends = "nl_baseline"\n[[reforms]]\nday = 365\nset = { "liability.regim" = "uk_psr_2024" }\n')
    with pytest.raises(ScenarioError) as e:
        load_scenario(f)
    assert "reforms[0].set: liability.regim: unknown key (did you mean 'regime'?)" in e.value.problems[0]


def test_extends_cycle_is_reported(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="loops back"):
        load_scenario(tmp_path / "a.toml")


def test_custom_rules_replace_regime(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('extends = "nl_baseline"\n[liability]\nregime = "my_fund"\n'
                 '[[liability.rules]]\nname = "fund"\ncites = "a national refund fund (example)"\n'
                 'payers = { sending_bank = 0.6, victim = 0.4 }\n')
    s = load_scenario(f)
    assert s.liability.rules[0].payers == {"sending_bank": 0.6, "victim": 0.4}


def test_upload_text_round_trip():
    s = load_scenario("nl_baseline").with_overrides({"banks.sending_effort": 0.7, "een_loket.enabled": True})
    text = to_toml(s)
    back = load_text(text, "roundtrip.toml")
    assert back.banks.sending_effort == 0.7 and back.een_loket.enabled is True
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_text("import os\nos.system('x')", "evil.toml")


def test_every_parameter_has_unit_and_source():
    rows = parameter_table()
    assert len(rows) > 100
    missing = [r["key"] for r in rows if not r["unit"] or not r["source"]]
    assert not missing, missing
    assert {"liability.regime", "awareness.campaign_reach", "hub.data_sharing_scope"} <= {r["key"] for r in rows}


def test_defaults_equal_schema():
    assert Scenario().banks.sending_effort == load_scenario("nl_baseline").banks.sending_effort
