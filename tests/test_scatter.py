"""Scatter updates are right when an index repeats (property tests, hypothesis).

numpy's `a[ids] = np.minimum(a[ids], x)` and `a[ids] += x` apply the last write for a repeated id, not all of
them. Each place in the model where an id can repeat is checked here against a one-at-a-time reference:
first fraudulent credit of a mule account, blocking an account reported twice on a day, the notices several
victims give about one instrument and its notice and takedown-due times, the settlement of two losses of one
victim cashed out on the same day, and the claim decision of a case settled twice on one day. Where an id cannot
repeat by construction the model checks it (`unique_ids`).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from fraudchain.agents.mules import MuleAccounts, earliest_per_id
from fraudchain.sim import load_scenario
from fraudchain.sim.engine.hosts import by_host
from fraudchain.sim.engine.liability import LiabilityDraws
from fraudchain.sim.engine.model import FraudChainModel
from fraudchain.sim.engine.stages import claims, reports, settlement
from fraudchain.sim.engine.tables import rounds, unique_ids
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

N_ACCOUNTS = 12
events = st.lists(st.tuples(st.integers(0, N_ACCOUNTS - 1), st.floats(0, 100, allow_nan=False)), min_size=1,
                  max_size=40)


def accounts() -> MuleAccounts:
    m = MuleAccounts()
    m.recruit(0, N_ACCOUNTS, 0.0, np.array([1.0]), np.random.default_rng(0))
    return m


@given(events, events)
def test_first_credit_is_the_earliest_credit_with_repeated_accounts(day1, day2):
    m = accounts()
    expected = np.full(N_ACCOUNTS, np.inf)
    for batch in (day1, day2):
        ids = np.array([i for i, _ in batch])
        when = np.array([w for _, w in batch])
        m.credit(ids, when)
        for i, w in batch:
            expected[i] = min(expected[i], w)
    np.testing.assert_array_equal(m.first_credit_day[:N_ACCOUNTS], expected)


@given(events, events)
def test_an_account_reported_twice_is_blocked_once_at_the_earliest_time(day1, day2):
    m = accounts()
    expected = np.full(N_ACCOUNTS, np.inf)
    for batch in (day1, day2):
        ids = np.array([i for i, _ in batch])
        when = np.array([w for _, w in batch])
        before = np.isinf(m.blocked_day[ids])
        new, at = m.block(ids, when)
        # each account blocked now is returned once, in the order it first appears
        first_seen = list(dict.fromkeys(ids[before].tolist()))
        assert new.tolist() == first_seen
        for i, w in batch:
            if i in first_seen:
                expected[i] = min(expected[i], w)
        np.testing.assert_array_equal(at, expected[new])
    np.testing.assert_array_equal(m.blocked_day[:N_ACCOUNTS], expected)


@given(st.lists(st.integers(0, 5), max_size=30))
def test_earliest_per_id_keeps_first_occurrence_order(ids):
    ids = np.array(ids, dtype=np.int64)
    when = np.arange(ids.size, dtype=float)[::-1]
    out, at = earliest_per_id(ids, when)
    assert out.tolist() == list(dict.fromkeys(ids.tolist()))
    for i, w in zip(out, at, strict=True):
        assert w == when[ids == i].min()


@given(st.lists(st.integers(0, 4), min_size=1, max_size=30), st.randoms())
def test_rounds_hold_each_key_once_in_time_order(keys, rnd):
    key = np.array(keys, dtype=np.int64)
    when = np.array([rnd.random() for _ in keys])
    parts = rounds(key, when)
    assert sorted(np.concatenate(parts).tolist()) == list(range(key.size))
    for r, part in enumerate(parts):
        assert np.unique(key[part]).size == part.size
        assert (np.diff(part) > 0).all()             # batch order within a round
        for p in part:                               # the r-th event of its key by time (ties: batch order)
            same = np.flatnonzero(key == key[p])
            assert ((when[same] < when[p]) | ((when[same] == when[p]) & (same < p))).sum() == r


def test_unique_ids_refuses_a_repeat():
    unique_ids(np.array([3, 1, 2]))
    with pytest.raises(AssertionError):
        unique_ids(np.array([3, 1, 3]))


# ---- on a real model --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def running():
    """A small model 200 days into a run under UK-style rules (caps, excesses), with cases and instruments."""
    s = load_scenario("nl_baseline").with_overrides({"liability.regime": "uk_psr_2024"})
    m = FraudChainModel(s, agents=4_000, seed=2, years=1)
    for _ in range(200):
        m.step()
    assert m.state.cases.n > 50 and m.state.instruments.n > 5
    return m


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=25), day=st.integers(200, 364))
def test_notices_count_every_report_of_an_instrument(running, picks, day):
    """Several victims tell the host of one instrument the same day: each notice about a live instrument counts
    toward its fraud type's pooled notice rate (sim/engine/pooled.py), none is lost to a repeated id."""
    m = copy.deepcopy(running)
    m.streams.set_day(day)
    c, ins, fr = m.state.cases, m.state.instruments, m.fraudsters
    with_inst = np.flatnonzero(c.instrument[:c.n] >= 0)
    ids = with_inst[np.array(picks) % min(with_inst.size, 8)]      # few cases: instruments repeat
    before = m.state.notice_rate.today.copy()
    reports.notices(m, day, ids)
    expected = before.copy()
    for i in ids:                                                   # one notice at a time
        inst = c.instrument[i]
        if fr.instrument[ins.group[inst], ins.ftype[inst]] == inst:
            expected[ins.ftype[inst]] += m.weight(c.pop[i:i + 1])[0]
    np.testing.assert_allclose(m.state.notice_rate.today, expected)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.integers(200, 364))
def test_notice_hazards_keep_the_earliest_times_per_instrument(running, day):
    """The day's pooled notice hazard marks instruments notified and due for takedown: an instrument notified or
    due earlier keeps its earlier time (one at a time, with the same draws)."""
    m = copy.deepcopy(running)
    m.streams.set_day(day)
    ins, fr, p = m.state.instruments, m.fraudsters, m.params
    notified, due = ins.notified.copy(), ins.due.copy()
    rate_before = copy.deepcopy(m.state.notice_rate)
    replay = np.random.Generator(np.random.PCG64())
    replay.bit_generator.state = m.streams["notices"].bit_generator.state
    reports.notice_hazards(m, day)
    g, t = np.nonzero(fr.instrument >= 0)
    effort = np.zeros(fr.instrument.shape)
    pos, eff = fr.effort()
    effort[pos] = eff
    e = effort[g, t]
    rate = rate_before.update(np.bincount(t, e, m.n_types))
    inst = fr.instrument[g, t]
    per = rate[t] * e / p.fraudsters.instruments_per_type
    sector, org = ins.sector[inst], ins.org[inst]
    acted = by_host(sector, org, m.platforms.notice_acted, m.telecoms.notice_acted, p.reporting.site_notice_takedown)
    u = replay.random(inst.size)
    told = u < 1.0 - np.exp(-per)
    told_at = day + replay.random(int(told.sum()))
    act = u < 1.0 - np.exp(-acted * per)
    delay = by_host(sector[act], org[act], m.platforms.notice_delay, m.telecoms.notice_delay,
                    p.reporting.site_takedown_days)
    when = day + replay.exponential(delay)
    for i, at in zip(inst[told], told_at, strict=True):
        notified[i] = min(notified[i], at)
    for i, at in zip(inst[act], when, strict=True):
        due[i] = min(due[i], at)
    np.testing.assert_array_equal(ins.notified, notified)
    np.testing.assert_array_equal(ins.due, due)


LOSS_COLUMNS = ("settled", "ins_paid", "reimbursed", "borne_banks", "borne_platforms", "borne_telecoms",
                "borne_insurers", "regime_paid", "reimb_day", "decision_day", "rule", "kind", "refusal")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(losses=st.lists(st.tuples(st.integers(0, 10_000), st.floats(1.0, 50_000.0), st.floats(0.0, 0.999)),
                       min_size=1, max_size=12), seed=st.integers(0, 2**32 - 1))
def test_two_losses_of_a_victim_on_one_day_settle_as_one_after_the_other(running, losses, seed):
    """Caps, excesses, the once-per-victim rule and the insurer's cap see the victim's earlier losses."""
    c, day = running.state.cases, running.day
    lost = np.flatnonzero(c.gross[:c.n] > 0)
    ids = lost[np.array([i for i, _, _ in losses]) % min(lost.size, 4)]    # few cases: ids repeat
    net = np.array([x for _, x, _ in losses])
    when = day + np.array([u for _, _, u in losses])
    t = c.ftype[ids].astype(np.int64)
    w = running.weight(c.pop[ids])
    kind = running.ft.payment[t]
    involved = np.zeros((ids.size, 0), dtype=bool)
    rng = np.random.default_rng(seed)
    liability_u = rng.random((ids.size, LiabilityDraws.columns(running.rules)))
    insurer_u = rng.random(ids.size)
    losses = settlement.Losses(ids, t, net, when, w, involved, kind, c.last_mule[ids])
    batch, one_by_one = copy.deepcopy(running), copy.deepcopy(running)
    settlement.settle_in_rounds(batch, day, losses, liability_u, insurer_u)
    for k in np.argsort(when, kind="stable"):
        s = slice(k, k + 1)
        settlement.settle_losses(one_by_one, day, losses.part(s), liability_u[s], insurer_u[s])
    together, apart = dict(batch.state.cases.items()), dict(one_by_one.state.cases.items())
    for col in LOSS_COLUMNS:
        np.testing.assert_allclose(together[col], apart[col], rtol=1e-12, err_msg=col)
    np.testing.assert_array_equal(batch.state.once_used.consumers, one_by_one.state.once_used.consumers)
    np.testing.assert_array_equal(batch.state.once_used.smes, one_by_one.state.once_used.smes)
    for (k, v), (_, w) in zip(batch.state.daily.items(), one_by_one.state.daily.items(), strict=True):
        np.testing.assert_allclose(v, w, rtol=1e-12, err_msg=k)


CLAIM_COLUMNS = ("claim_decided", "claimed", "bank_day", "claim_due", "desks", "loket", "help_day", "support",
                 "police_day", "police_intent")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=20))
def test_a_case_settled_twice_on_one_day_decides_and_counts_its_desks_once(running, picks):
    """claims.decide gets one id per settled payment: a case with two payments settled today must count one
    claim, one desk contact and one help day, as if it came once (with the first payment's kind)."""
    c = running.state.cases
    open_cases = np.flatnonzero(~c.claim_decided[:c.n] & (c.gross[:c.n] > 0))
    if open_cases.size == 0:
        open_cases = np.flatnonzero(c.gross[:c.n] > 0)
        running = copy.deepcopy(running)
        running.state.cases.claim_decided[open_cases] = False
    ids = open_cases[np.array(picks) % min(open_cases.size, 5)]            # few cases: ids repeat
    kind = running.ft.payment[running.state.cases.ftype[ids].astype(np.int64)]
    once, first = np.unique(ids, return_index=True)
    repeated, single = copy.deepcopy(running), copy.deepcopy(running)
    day = running.day
    claims.decide(repeated, day, ids, kind)
    claims.decide(single, day, once, kind[first])
    together, apart = dict(repeated.state.cases.items()), dict(single.state.cases.items())
    for col in CLAIM_COLUMNS:
        np.testing.assert_array_equal(together[col], apart[col], err_msg=col)
