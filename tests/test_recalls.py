"""Recalls meet a receiving account only as its victims' reports can have arrived (issue 19; docs/evidence.md,
"Recalls, freezes and mule accounts"): the report lag read from the reports (sim/engine/pooled.py, ReportLag),
and its effect in a run, in the direction the evidence gives (paired seeds). And the payments no account at a
bank receives (card, wallet, a payment service provider's merchant account), which no recall can reach."""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.scenarios.codes import PAY_AUTHORISED, PAY_CARD, PAY_WALLET
from fraudchain.sim import compare, load_scenario
from fraudchain.sim.engine.model import FraudChainModel
from fraudchain.sim.engine.pooled import ReportLag
from scipy import stats


def test_exposure_is_the_share_of_reports_arrived_by_an_account_s_age():
    lag = ReportLag(window_days=1.0)          # no smoothing: today's reports are the distribution
    assert np.all(lag.exposure(np.array([0.0, 3.0])) == 1.0)    # no report seen yet: the rule without a lag
    lag.add(np.array([1.5, 1.2, 3.7, 10.0]), np.array([1.0, 1.0, 1.0, 1.0]))
    lag.close_day()
    f = lag.exposure(np.array([0.0, 1.0, 2.0, 3.5, 4.0, 20.0, 500.0]))
    assert f[0] == 0.0 and f[1] == 0.0                  # a fresh account: no report can have arrived yet
    assert f[2] == pytest.approx(0.5)                   # two of four reports arrive within 2 days
    assert f[3] == pytest.approx(0.625)                 # linear within the fourth day (one report in it)
    assert f[4] == pytest.approx(0.75) and f[5] == f[6] == pytest.approx(1.0)
    assert np.all(np.diff(f) >= 0)
    # weights count as national reports: a heavier late report moves the distribution later
    heavy = ReportLag(window_days=1.0)
    heavy.add(np.array([1.5, 10.0]), np.array([1.0, 3.0]))
    heavy.close_day()
    assert heavy.exposure(np.array([2.0]))[0] == pytest.approx(0.25)


def test_later_reports_let_mule_accounts_take_more_payments_before_a_block():
    """Victims who realise later report later: a recall reaches a mule account later, so accounts live longer
    and fewer are needed (fewer mules recruited), paired by seed."""
    base = load_scenario("nl_baseline")
    late = base.with_overrides({"reporting.realise_days": 8.0, "name": "late"})
    res = compare([base, late], seeds=range(8), agents=20_000, years=2)
    for kpi, sign in (("median_mule_account_lifetime_days", 1), ("mules_recruited", -1)):
        a = np.asarray(res.results["late"].kpis[kpi].values, float)
        b = np.asarray(res.results["nl_baseline"].kpis[kpi].values, float)
        d = sign * (a - b)
        p = float(stats.ttest_rel(sign * a, sign * b, alternative="greater").pvalue)
        assert d.mean() > 0 and p < 0.05, (kpi, a, b, p)


def test_card_wallet_and_merchant_collected_payments_reach_no_bank_account():
    """Card and wallet payments go to the acquirer or wallet provider, and a fake shop's iDEAL payment mostly to a
    payment service provider's merchant account (fraud_types.*.merchant_account_share): no account at a bank
    receives them, so no recall, freeze or block can touch them (stages/payments.py)."""
    s = load_scenario("nl_baseline")
    m = FraudChainModel(s, agents=20_000, seed=0, years=1)
    m.run_model()
    c = m.state.cases
    n = c.n
    paid = np.isfinite(c.first_loss_day[:n]) & (c.payments_made[:n] == 1)     # one payment: its kind is known
    kind, mule, t = c.paid_kind[:n], c.last_mule[:n], c.ftype[:n]
    merchant = paid & np.isin(kind, (PAY_CARD, PAY_WALLET))
    assert merchant.sum() > 100 and np.all(mule[merchant] < 0)
    shop = paid & (t == m.types.index("fake_webshop")) & (kind == PAY_AUTHORISED)
    share = s.fraud_types["fake_webshop"].merchant_account_share
    outside = float(np.mean(mule[shop] < 0))
    sd = np.sqrt(share * (1 - share) / shop.sum())
    assert shop.sum() > 200 and abs(outside - share) < 4 * sd, (outside, share, shop.sum())
    transfers = paid & (kind == PAY_AUTHORISED) & (t == m.types.index("marketplace"))
    assert transfers.sum() > 100 and np.all(mule[transfers] >= 0)   # a marketplace seller's transfer: an account


def test_more_fake_shop_money_through_merchant_accounts_less_recovered_and_fewer_blocks():
    """Paired seeds: the more of a fake shop's transfers a payment service provider collects, the less of the
    shops' money the banks' recalls recover and the fewer receiving accounts they block."""
    base = load_scenario("nl_baseline")
    few = base.with_overrides({"fraud_types.fake_webshop.merchant_account_share": 0.2, "name": "few"})
    most = base.with_overrides({"fraud_types.fake_webshop.merchant_account_share": 0.9, "name": "most"})
    res = compare([few, most], seeds=range(4), agents=20_000, years=2)

    def per_seed(name: str) -> tuple[np.ndarray, np.ndarray]:
        recovered, blocks = [], []
        for r in res.results[name].per_seed:
            v = r.victims
            recovered.append(float((v["recovered_eur"] * v["weight"])[v["fraud_type"] == "fake_webshop"].sum()))
            tk = r.takedowns
            blocks.append(float(tk.loc[tk["kind"] == "mule_account", "weight"].sum()))
        return np.array(recovered), np.array(blocks)

    rec_few, blocks_few = per_seed("few")
    rec_most, blocks_most = per_seed("most")
    assert np.all(rec_most < rec_few), (rec_most, rec_few)
    assert np.all(blocks_most < blocks_few), (blocks_most, blocks_few)
