"""Fraudsters specialise, and receiving accounts follow detection risk (issue 11, items 2 and 5).

Every claim rests on paired replications (the same seeds, common random numbers) and a one-sided
paired t-test, as in tests/test_effects.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.scenarios.loader import ScenarioError
from fraudchain.scenarios.schema import Reform
from fraudchain.sim import compare, load_scenario
from fraudchain.sim.engine.metrics import collect
from fraudchain.sim.engine.model import FraudChainModel
from scipy import stats

ALPHA = 0.05
# the effect on total victims is small (most of the closed type's victims reappear in its skill nest: friend-in-need,
# phishing): 6 seeds left it at p ~ 0.09 on the merged model, 10 at p 0.02-0.3 after issue 19 (a fall of 2-8 %)
SEEDS = range(20)
# closing the channel of bank-helpdesk fraud (spoofed bank numbers) from day 365
CLOSE_HELPDESK = Reform(day=365, label="no spoofed bank numbers", set={"telecoms.anti_spoofing": 1.0})
# purchase and selling fraud (most victims) and the payment requests by SMS (some 50,000 small-sum victims) are
# switched off in these runs so that the few tens of thousands of victims of the other types are not lost in their
# noise; they form skill nests of their own and, by default, take no displaced resources
NO_PURCHASE = {"fraud_types.marketplace.contact_rate": 0.0, "fraud_types.fake_webshop.contact_rate": 0.0,
               "fraud_types.selling.contact_rate": 0.0, "fraud_types.payment_request.contact_rate": 0.0}


def greater(a, b, what: str) -> None:
    a, b = np.asarray(a, float), np.asarray(b, float)
    d = a - b
    p = 0.0 if np.allclose(d, d[0]) else float(stats.ttest_rel(a, b, alternative="greater").pvalue)
    assert d.mean() > 0 and p < ALPHA, f"{what}: mean paired difference {d.mean():.4g}, one-sided p = {p:.3f}"


def closing(extra: dict, name: str):
    s = load_scenario("nl_baseline").with_overrides({**NO_PURCHASE, **extra})
    return s.model_copy(update={"name": name, "reforms": [CLOSE_HELPDESK]})


@pytest.fixture(scope="module")
def closure():
    base = load_scenario("nl_baseline").with_overrides(NO_PURCHASE).model_copy(update={"name": "open"})
    return compare([base, closing({}, "closed")], seeds=SEEDS, agents=40_000, years=2)


def test_closing_a_channel_lowers_that_type_and_total_victims(closure):
    open_, closed = closure.results["open"], closure.results["closed"]
    greater(open_.by_type["bank_helpdesk"]["victims"].values, closed.by_type["bank_helpdesk"]["victims"].values,
            "bank-helpdesk victims fall")
    greater(open_.kpis["victims"].values, closed.kpis["victims"].values, "total victims fall")
    # some of the closed type's resources move to similar scams, never more than were removed
    share = np.array(closed.kpis["displaced_contacts_share"].values)
    assert np.all((share > 0) & (share < 1)), share


def test_displacement_rises_with_the_elasticity_of_substitution():
    low = closing({"fraudsters.profit_elasticity": 0.25}, "low")
    high = closing({"fraudsters.profit_elasticity": 3.0, "fraudsters.between_nest_elasticity": 0.5}, "high")
    res = compare([low, high], seeds=range(4), agents=20_000, years=2)
    greater(res.results["high"].kpis["displaced_contacts_share"].values,
            res.results["low"].kpis["displaced_contacts_share"].values, "displaced share")


def test_no_substitutable_share_no_displacement():
    s = closing({"fraudsters.substitutable_share": 0.0}, "rigid")
    m = FraudChainModel(s, agents=8_000, seed=0, years=2)
    m.run_model()
    assert collect(m).kpis["displaced_contacts_share"] == 0.0


def _weak_bank_share(receiving: dict, seed: int, bank: str = "volksbank") -> float:
    s = load_scenario("nl_baseline").with_overrides({"banks.receiving_effort_by_bank": receiving,
                                                     "incentives.enabled": False})
    m = FraudChainModel(s, agents=10_000, seed=seed, years=1)
    m.run_model()
    mu = m.mules
    at = mu.bank[:mu.n] == list(m.params.population.bank_shares).index(bank)
    return float(mu.weight[:mu.n][at].sum() / mu.weight[:mu.n].sum())


def test_a_weak_receiving_bank_attracts_accounts():
    weak = [_weak_bank_share({"volksbank": 0.05}, seed) for seed in range(4)]
    same = [_weak_bank_share({}, seed) for seed in range(4)]
    greater(weak, same, "weak bank's share of receiving accounts")


def test_mules_recruited_is_a_national_yearly_figure_of_dutch_magnitude():
    """Dutch banks closed about 5,300 accounts for fraud in 2023 and registered about 2,200 persons a year; the
    model derives recruitment from payments routed to recruited mules and how many each account takes before it
    is blocked, so the figure is in the thousands, not hundreds of thousands."""
    m = FraudChainModel(load_scenario("nl_baseline"), agents=10_000, seed=0, years=2)
    m.run_model()
    k = collect(m).kpis
    assert 2_000 < k["mules_recruited"] < 20_000, k["mules_recruited"]
    assert 1 < k["median_mule_account_lifetime_days"] < 30


def test_tables_of_names_refuse_unknown_names():
    base = load_scenario("nl_baseline")
    with pytest.raises(ScenarioError, match="unknown bank.*triodos.*allowed: abn_amro"):
        base.with_overrides({"banks.receiving_effort_by_bank": {"triodos": 0.1}})
    with pytest.raises(ScenarioError, match="unknown fraud type.*nope"):
        base.with_overrides({"fraudsters.skill_nests": {"nope": "x"}})
