"""Reforms honour every parameter: a reform on day 0 gives exactly the run of a scenario that starts
with the value (same seed), for every key a reform may set. The keys come from the schema, not a
hand list: a new parameter is covered (or must be declared fixed at the start) the day it is added.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from fraudchain.scenarios.behaviour_params import METHOD_SHARES
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.schema import (
    FraudTypeParams,
    LiabilityRule,
    Reform,
    Scenario,
    Section,
    reform_refusal,
)
from fraudchain.sim.cli.main import main as cli_main
from fraudchain.sim.engine.liability import resolve_rules
from fraudchain.sim.engine.metrics import collect
from fraudchain.sim.engine.model import FraudChainModel
from pydantic import BaseModel

AGENTS, YEARS, SEED = 1_000, 1, 3
BASE = load_scenario("nl_baseline").model_copy(update={"reforms": []})
# the value a reform sets for keys that are not numbers (numbers: moved within their bounds)
CHOICES: dict[str, Any] = {
    "hub.initial_members": ["banks", "platforms", "police"],
    "awareness.target": "older",
    "liability.regime": "uk_psr_2024",
    "banks.receiving_effort_by_bank": {"bunq": 0.1},
    "banks.limit_raise_wait_by_bank": {"abn_amro": 0.0},
    "liability.rule_values": {"goodwill_bank_helpdesk": {"acceptance": 0.6}},
    "liability.rules": [r.model_dump() for r in resolve_rules(BASE.with_overrides({"liability.regime": "sg_srf_2024"}))],
}


def _bounds(key: str) -> tuple[float | None, float | None]:
    """The ge/le bounds the schema gives a numeric key (None: unbounded)."""
    parts = key.split(".")
    model: type[BaseModel] = Scenario
    if parts[0] == "fraud_types":
        model, parts = FraudTypeParams, parts[2:]
    elif parts[:2] == ["liability", "rule_values"]:      # how a rule is applied: the rule's own field bounds
        model, parts = LiabilityRule, parts[3:]
    for i, name in enumerate(parts):
        field = model.model_fields.get(name)
        if field is None:
            return None, None
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, Section) and i < len(parts) - 1:
            model = ann
            continue
        ge = next((m.ge for m in field.metadata if getattr(m, "ge", None) is not None), None)
        le = next((m.le for m in field.metadata if getattr(m, "le", None) is not None), None)
        return ge, le
    return None, None


def changed_value(key: str, value: Any) -> Any:
    """A different valid value for `key`: booleans flip, numbers move 30 % toward a bound."""
    if key in CHOICES:
        return CHOICES[key]
    if isinstance(value, bool):
        return not value
    if isinstance(value, list) and value:   # a list of names: drop the last one
        return value[:-1]
    if key.startswith("fraudsters.skill_nests."):   # the type moves to a skill nest of its own
        return f"{value}_alone"
    if key.endswith(".age_profile"):      # a type with no age pattern (an empty table) gets one
        return {"65+": 1.4, "15-24": 0.7}
    if key.rsplit(".", 1)[-1] in METHOD_SHARES:   # a type's payment shares move together: keep their sum <= 1
        return value + 0.3 * (0.22 - value)
    lo, hi = _bounds(key)
    if isinstance(value, int):
        return value + 1 if hi is None or value + 1 <= hi else value - 1
    if isinstance(value, float):
        if hi is not None and value < hi:
            return value + 0.3 * (hi - value)
        if hi is None:
            return value * 1.3 + 0.1
        return value - 0.3 * (value - (lo or 0.0))
    raise AssertionError(f"no rule to change {key} = {value!r}: add it to CHOICES")


def reformable_keys() -> list[str]:
    return [k for k in BASE.flat() if reform_refusal(k) is None]


def batches() -> list[tuple[str, dict[str, Any]]]:
    """Numbers of one section change together (fast); every non-number changes alone (it may switch a
    mechanism on or off)."""
    flat = BASE.flat()
    out: dict[str, dict[str, Any]] = {}
    for key in reformable_keys():
        value = flat[key]
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        section = ".".join(key.split(".")[:2 if key.startswith("fraud_types.") else 1])
        out.setdefault(section if numeric else key, {})[key] = changed_value(key, value)
    return sorted(out.items())


def _run(s: Scenario) -> FraudChainModel:
    m = FraudChainModel(s, agents=AGENTS, seed=SEED, years=YEARS)
    m.run_model()
    return m


def test_every_reformable_key_is_covered():
    covered = {k for _, change in batches() for k in change}
    assert covered == set(reformable_keys())
    assert len(covered) > 200          # every fraud type's numbers and every section's


@pytest.mark.parametrize("name,change", batches(), ids=[b[0] for b in batches()])
def test_reform_on_day_0_equals_starting_with_the_value(name: str, change: dict[str, Any]):
    started = BASE.with_overrides(change)
    reformed = BASE.model_copy(update={"reforms": [Reform(day=0, label="test", set=change)]})
    a, b = _run(started), _run(reformed)
    for (key, x), (_, y) in zip(a.daily.items(), b.daily.items(), strict=True):
        assert np.array_equal(x, y), f"{name}: daily {key} differs"
    for (key, x), (_, y) in zip(a.system.items(), b.system.items(), strict=True):
        assert np.array_equal(x, y), f"{name}: system {key} differs"
    ka, kb = collect(a).kpis, collect(b).kpis
    for k in ka:
        assert ka[k] == kb[k] or (math.isnan(ka[k]) and math.isnan(kb[k])), f"{name}: KPI {k} differs"


def test_a_later_reform_reconfigures_the_actors():
    """The keys the old hand list missed take effect mid-run too (max_block, spend, SMS filter, verification)."""
    change = {"platforms.max_block": 0.8, "banks.spend_full_effort_eur": 900e6, "telecoms.sms_filter": 0.7,
              "platforms.verification": 0.3, "insurers.consumer_cover_share": 0.5}
    m = FraudChainModel(BASE.model_copy(update={"reforms": [Reform(day=5, set=change)]}), agents=AGENTS, seed=SEED,
                        years=YEARS)
    before = (m.platforms[0].block_probability(), m.banks.spend_per_day, m.block.copy(), m.consumers.insured.mean())
    for _ in range(6):
        m.step()
    after = (m.platforms[0].block_probability(), m.banks.spend_per_day, m.block, m.consumers.insured.mean())
    assert after[0] > before[0] and after[1] == pytest.approx(before[1] * 1.5)
    assert (after[2] >= before[2]).all() and (after[2] > before[2]).any()
    assert after[3] > before[3] + 0.2
    assert m.reforms_applied == [(5, ", ".join(change))]


@pytest.mark.parametrize("key,value,why", [
    ("population.vulnerable_share", 0.2, "population"),
    ("run.years", 2, "length"),
    ("fraudsters.groups", 10, "number of groups"),
    ("fraud_types.romance.contact_rate", 0.3, "capacity"),
    ("actors.crypto_exchange.freeze_prob", 0.5, "not in the scenario"),
])
def test_keys_fixed_at_the_start_are_refused(tmp_path, capsys, key, value, why):
    f = tmp_path / "bad.toml"
    f.write_text(f'extends = "nl_baseline"\n[[reforms]]\nday = 100\nset = {{ "{key}" = {value} }}\n')
    assert cli_main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert key in err and why in err and "bad.toml" in err and "Traceback" not in err
