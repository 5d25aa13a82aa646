"""Liability rules as readable cases: a loss goes in, the expected allocation comes out.

Each case is one loss; `case(...)` builds it with defaults a policy expert can read: an authorised
push payment of EUR 1,000 by a consumer who claimed at the bank, not vulnerable, ordinary caution.
"""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.scenarios.regimes import builtin_regime_names, regime_rules_eur
from fraudchain.scenarios.schema import LiabilityRule
from fraudchain.sim.engine.liability import (
    ORIGIN_NONE,
    ORIGIN_PLATFORM,
    ORIGIN_TELECOM,
    PAYMENT_KINDS,
    VICTIM_KINDS,
    LiabilityDraws,
    LossBatch,
    Parties,
    allocate,
    compile_rules,
    duty_floors,
)
from hypothesis import given, settings
from hypothesis import strategies as st

TYPES = ["bank_helpdesk", "phishing", "friend_in_need", "marketplace", "fake_webshop", "investment", "romance",
         "invoice"]
FX = {"EUR": 1.0, "GBP": 1.17, "SGD": 0.69, "AUD": 0.61}
GN = 0.25


def case(**kw) -> dict:
    d = dict(net=1000.0, ftype="marketplace", payment="authorised", victim="consumer", vulnerable=False,
             caution=0.5, own_bank=False, police_report=False, claimed=True, claim_delay=3.0, once_ok=True,
             cum_before=0.0, eff=(0.5, 0.5, 0.5), origin=ORIGIN_PLATFORM, notified=False, name_check_failed=False,
             u=(0.0, 0.0, 0.99, 0.99, 0.99, 0.5))   # acceptance, negligence proof, duties 1-3, decision
    d.update(kw)
    return d


def batch(*cases: dict) -> LossBatch:
    def col(k, f=lambda x: x, dtype=float):
        return np.array([f(c[k]) for c in cases], dtype=dtype)

    return LossBatch(
        net=col("net"), ftype=col("ftype", TYPES.index, int), payment_kind=col("payment", PAYMENT_KINDS.index, int),
        victim_kind=col("victim", VICTIM_KINDS.index, int), vulnerable=col("vulnerable", dtype=bool),
        caution=col("caution"), own_bank=col("own_bank", dtype=bool), police_report=col("police_report", dtype=bool),
        claimed=col("claimed", dtype=bool), claim_delay=col("claim_delay"), once_ok=col("once_ok", dtype=bool),
        cum_before=col("cum_before"),
        effort=Parties(*(np.array([c["eff"][i] for c in cases], dtype=float) for i in range(3))),
        origin_sector=col("origin", dtype=int), origin_notified=col("notified", dtype=bool),
        name_check_failed=col("name_check_failed", dtype=bool),
        draws=LiabilityDraws.from_uniforms(np.array([c["u"] for c in cases], dtype=float)),
        receiving_account=col("account", dtype=bool) if all("account" in c for c in cases) else None)


def regime(name: str):
    return compile_rules([LiabilityRule.model_validate(r) for r in regime_rules_eur(name, FX)], TYPES)


def one(rules, **kw):
    a = allocate(batch(case(**kw)), rules, GN)
    return {"sending_bank": a.sending_bank[0], "receiving_bank": a.receiving_bank[0], "origin": a.origin[0],
            "victim": a.victim[0]}


UK = regime("uk_psr_2024")
NL = regime("nl_status_quo")


def test_uk_50_50_split_between_sending_and_receiving_bank():
    # GBP 100 excess = EUR 117 stays with the victim; the rest is split 50/50
    out = one(UK, net=1000.0)
    assert out["victim"] == pytest.approx(117.0)
    assert out["sending_bank"] == pytest.approx(441.5)
    assert out["receiving_bank"] == pytest.approx(441.5)


def test_without_a_receiving_account_the_sending_bank_carries_the_receiving_share():
    # a fake shop's iDEAL payment collected by a payment service provider's merchant account: no receiving bank to
    # share with (stages/payments.py), so the reimbursing sending bank carries it all
    out = one(UK, net=1000.0, account=False)
    assert out["receiving_bank"] == 0.0
    assert out["sending_bank"] == pytest.approx(883.0) and out["victim"] == pytest.approx(117.0)
    assert one(UK, net=1000.0, account=True)["receiving_bank"] == pytest.approx(441.5)
    # nor does an absent receiving bank breach a duty
    au = regime("au_spf_2025")
    a = allocate(batch(case(eff=(0.0, 0.0, 0.9), u=(0.0, 0.99, 0.5, 0.5, 0.5, 0.5), account=False)), au, GN)
    assert a.receiving_bank[0] == 0.0 and not a.breach.receiving_bank[0] and a.breach.sending_bank[0]


def test_uk_excess_never_for_vulnerable_customers():
    out = one(UK, net=1000.0, vulnerable=True)
    assert out["victim"] == 0.0
    assert out["sending_bank"] == out["receiving_bank"] == pytest.approx(500.0)


def test_uk_cap_of_gbp_85000():
    cap = 85_000 * 1.17
    out = one(UK, net=200_000.0, vulnerable=True)
    assert out["sending_bank"] + out["receiving_bank"] == pytest.approx(cap)
    assert out["victim"] == pytest.approx(200_000.0 - cap)
    # a later payment of the same claim adds nothing beyond the cap
    later = one(UK, net=5_000.0, vulnerable=True, cum_before=200_000.0)
    assert later["victim"] == pytest.approx(5_000.0)


def test_gross_negligence_excludes_but_never_for_vulnerable():
    careless = dict(net=1000.0, caution=0.1, u=(0.0, 0.0, 0.99, 0.99, 0.99, 0.5))   # payer proves it (u1 < proof)
    assert one(UK, **careless)["victim"] == 1000.0
    assert one(UK, **careless, vulnerable=True)["victim"] == 0.0
    # the payer fails to prove negligence -> normal reimbursement
    assert one(UK, **{**careless, "u": (0.0, 0.99, 0.99, 0.99, 0.99, 0.5)})["victim"] == pytest.approx(117.0)


def test_uk_claim_window_13_months():
    assert one(UK, claim_delay=400.0)["victim"] == 1000.0
    assert one(UK, claim_delay=390.0)["victim"] == pytest.approx(117.0)


def test_nl_goodwill_needs_own_bank_police_report_and_once_per_victim():
    base = dict(ftype="bank_helpdesk", net=3000.0, u=(0.0, 0.99, 0.99, 0.99, 0.99, 0.5))
    assert one(NL, **base)["victim"] == 3000.0                                  # no police report
    assert one(NL, **base, police_report=True)["victim"] == 3000.0              # another bank spoofed
    assert one(NL, **base, police_report=True, own_bank=True)["sending_bank"] == 3000.0
    assert one(NL, **base, police_report=True, own_bank=True, once_ok=False)["victim"] == 3000.0
    # voluntary: the bank honours it only with probability `acceptance` (0.8)
    refused = {**base, "u": (0.9, 0.99, 0.99, 0.99, 0.99, 0.5)}
    assert one(NL, **refused, police_report=True, own_bank=True)["victim"] == 3000.0


def test_nl_unauthorised_reimbursed_authorised_not():
    assert one(NL, ftype="phishing", payment="unauthorised", origin=ORIGIN_TELECOM)["sending_bank"] == 1000.0
    assert one(NL, ftype="friend_in_need")["victim"] == 1000.0
    assert one(NL, ftype="phishing", payment="unauthorised", claimed=False)["victim"] == 1000.0


def test_sg_waterfall_bank_then_telco_then_consumer():
    sg = regime("sg_srf_2024")
    ph = dict(ftype="phishing", payment="unauthorised", origin=ORIGIN_TELECOM, u=(0.0, 0.99, 0.5, 0.5, 0.5, 0.5))
    # bank far below its standard (0.6): shortfall 1.0 > u -> bank pays
    assert one(sg, **ph, eff=(0.0, 0.5, 0.0))["sending_bank"] == 1000.0
    # bank meets its duties, telco far below (0.5) -> telco (the origin) pays
    assert one(sg, **ph, eff=(0.9, 0.5, 0.0))["origin"] == 1000.0
    # both meet their duties -> the consumer carries the loss
    assert one(sg, **ph, eff=(0.9, 0.5, 0.9))["victim"] == 1000.0
    # both breach: the bank comes first in the waterfall
    assert one(sg, **ph, eff=(0.0, 0.5, 0.0))["origin"] == 0.0


def test_au_breaching_firms_share_and_are_fined():
    au = regime("au_spf_2025")
    a = allocate(batch(case(eff=(0.0, 0.0, 0.9), u=(0.0, 0.99, 0.5, 0.5, 0.5, 0.5))), au, GN)
    assert a.sending_bank[0] == pytest.approx(500.0) and a.receiving_bank[0] == pytest.approx(500.0)
    assert [a.breach.sending_bank[0], a.breach.receiving_bank[0], a.breach.origin[0]] == [True, True, False]
    assert a.penalty[0] == pytest.approx(1500 * 0.61)


def test_eu_name_check_not_offered_and_notified_platform():
    eu = regime("eu_psr_2025")
    assert one(eu, ftype="invoice", victim="sme", origin=ORIGIN_NONE, name_check_failed=True)["sending_bank"] == 1000.0
    assert one(eu, ftype="invoice", victim="sme", origin=ORIGIN_NONE)["victim"] == 1000.0
    helpdesk = dict(ftype="bank_helpdesk", origin=ORIGIN_TELECOM, police_report=True, own_bank=True)
    assert one(eu, **helpdesk)["sending_bank"] == 1000.0
    assert one(eu, **helpdesk, notified=True)["origin"] == 1000.0


def test_chain_liability_split_and_origin_fallback():
    ch = regime("chain_liability")
    out = one(ch, net=1000.0)
    assert (out["origin"], out["sending_bank"], out["receiving_bank"], out["victim"]) == \
        pytest.approx((300.0, 250.0, 250.0, 200.0))
    # invoice fraud starts by e-mail: no platform/telecom to pay, its share stays with the victim
    out = one(ch, ftype="invoice", victim="sme", origin=ORIGIN_NONE)
    assert out["origin"] == 0.0 and out["victim"] == pytest.approx(500.0)


def test_consumer_bears_all_and_bank_strict():
    assert one(regime("consumer_bears_all"), ftype="phishing", payment="unauthorised")["victim"] == 1000.0
    assert one(regime("bank_strict"), caution=0.0)["sending_bank"] == 1000.0


def test_duties_set_effort_floors():
    origin = np.array([ORIGIN_TELECOM, ORIGIN_TELECOM, ORIGIN_PLATFORM, ORIGIN_PLATFORM, ORIGIN_PLATFORM,
                       ORIGIN_PLATFORM, ORIGIN_PLATFORM, ORIGIN_NONE])   # TYPES in order
    sg = duty_floors(regime("sg_srf_2024"), origin)
    # Singapore's telco duty binds telecoms only: its rule covers phishing, which starts by SMS
    assert (sg["sending_bank"], sg["origin_telecom"], sg["origin_platform"]) == (0.6, 0.5, 0.0)
    au = duty_floors(regime("au_spf_2025"), origin)
    assert au["origin_platform"] == au["origin_telecom"] == 0.5 and au["receiving_bank"] == 0.6
    assert set(duty_floors(NL, origin).values()) == {0.0}


def test_singapores_telco_tier_binds_no_platform_with_every_built_in_type():
    """The SRF covers selling and payment-request scams too (a fake payment page captures the credentials); a
    selling scam starts on a marketplace, but the SRF's second tier is the telecom operator: no effort floor on
    platforms, and a platform-started loss with a lax platform goes to the victim, not the platform."""
    from fraudchain.scenarios.codes import ORIGIN_SECTORS
    from fraudchain.scenarios.fraud_types import FRAUD_TYPES

    types = list(FRAUD_TYPES)
    origin = np.array([ORIGIN_SECTORS.get(FRAUD_TYPES[t].origin_sector, ORIGIN_NONE) for t in types])
    sg = compile_rules([LiabilityRule.model_validate(r) for r in regime_rules_eur("sg_srf_2024", FX)], types)
    assert origin[types.index("selling")] == ORIGIN_PLATFORM           # a selling scam starts on the marketplace
    floors = duty_floors(sg, origin)
    assert (floors["sending_bank"], floors["origin_telecom"], floors["origin_platform"]) == (0.6, 0.5, 0.0)
    au = duty_floors(compile_rules([LiabilityRule.model_validate(r) for r in regime_rules_eur("au_spf_2025", FX)],
                                   types), origin)
    assert au["origin_platform"] == 0.5                   # Australia's framework does bind platforms
    c = batch(case(ftype="phishing", payment="unauthorised", origin=ORIGIN_PLATFORM, eff=(0.9, 0.5, 0.0),
                   u=(0.0, 0.99, 0.5, 0.5, 0.5, 0.5)))
    c.ftype[:] = types.index("selling")
    a = allocate(c, sg, GN)
    assert a.origin[0] == 0.0 and a.victim[0] == pytest.approx(1000.0) and not a.breach.origin[0]
    c.origin_sector[:] = ORIGIN_TELECOM                      # the same loss started by SMS: the operator pays
    assert allocate(c, sg, GN).origin[0] == pytest.approx(1000.0)


def test_a_sector_belongs_to_an_origin_duty_only():
    from fraudchain.scenarios.liability_params import Duty
    from pydantic import ValidationError

    assert Duty(party="origin", sector="telecom").sector == "telecom"
    with pytest.raises(ValidationError, match="sector"):
        Duty(party="sending_bank", sector="telecom")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(builtin_regime_names()), st.lists(st.tuples(
    st.floats(0.0, 1e6), st.sampled_from(TYPES), st.sampled_from(PAYMENT_KINDS), st.sampled_from(VICTIM_KINDS),
    st.booleans(), st.floats(0, 1), st.booleans(), st.booleans(), st.floats(0, 1e6),
    st.lists(st.floats(0, 1), min_size=6, max_size=6), st.sampled_from([ORIGIN_NONE, ORIGIN_PLATFORM, ORIGIN_TELECOM])),
    min_size=1, max_size=20))
def test_every_regime_conserves_money_and_never_pays_more_than_the_loss(name, rows):
    cases = [case(net=r[0], ftype=r[1], payment=r[2], victim=r[3], vulnerable=r[4], caution=r[5], own_bank=r[6],
                  police_report=r[7], cum_before=r[8], u=tuple(r[9]), origin=r[10], eff=tuple(r[9][:3]))
             for r in rows]
    a = allocate(batch(*cases), regime(name), GN)
    net = np.array([c["net"] for c in cases])
    total = a.sending_bank + a.receiving_bank + a.origin + a.victim
    assert np.allclose(total, net, rtol=1e-12, atol=1e-6)
    for part in (a.sending_bank, a.receiving_bank, a.origin, a.victim):
        assert (part >= -1e-9).all() and (part <= net + 1e-6).all()


def test_each_duty_of_a_long_waterfall_has_its_own_draw():
    """A rule with four effort duties draws four breach uniforms (none is reused for another duty)."""
    rule = LiabilityRule(name="four", cites="test", waterfall=[
        {"party": "sending_bank", "standard": 0.9}, {"party": "receiving_bank", "standard": 0.9},
        {"party": "origin", "standard": 0.9}, {"party": "receiving_bank", "standard": 0.9}])
    rules = compile_rules([rule], TYPES)
    assert LiabilityDraws.columns(rules) == 7
    # efforts just short of the standard: duties 1-3 not breached (draws 0.99), duty 4 breached (draw 0.0)
    a = allocate(batch(case(eff=(0.85, 0.85, 0.85), u=(0.0, 0.99, 0.99, 0.99, 0.99, 0.0, 0.5))), rules, GN)
    assert a.receiving_bank[0] == pytest.approx(1000.0) and a.sending_bank[0] == 0.0
    a = allocate(batch(case(eff=(0.85, 0.85, 0.85), u=(0.0, 0.99, 0.99, 0.99, 0.99, 0.99, 0.5))), rules, GN)
    assert a.victim[0] == pytest.approx(1000.0)
