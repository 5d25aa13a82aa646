"""Named random streams (agents/streams.py): each stage draws from its own stream, derived from the seed, so a
lever that changes one stage's draws leaves the other stages' draws alone (common random numbers)."""

from __future__ import annotations

import numpy as np
from fraudchain.agents.streams import RandomStreams
from fraudchain.sim import load_scenario
from fraudchain.sim.engine.metrics import collect
from fraudchain.sim.engine.model import FraudChainModel

AGENTS = 5_000


def kpis(s, seed=4, years=1):
    m = FraudChainModel(s, agents=AGENTS, seed=seed, years=years)
    m.run_model()
    r = collect(m)
    return r, m


def test_a_stream_depends_on_seed_name_and_day_only():
    a, b = RandomStreams(7), RandomStreams(7)
    a.set_day(3)
    b.set_day(3)
    a["payments"].random(1000)                       # another stream's draws do not move this one
    np.testing.assert_array_equal(a["contacts"].random(5), b["contacts"].random(5))
    first = a["contacts"].random(5)                  # within a day a stream goes on
    a.set_day(4)
    a.set_day(3)                                     # back on day 3: the day's substream starts again
    assert not np.array_equal(a["contacts"].random(5), first)
    assert not np.array_equal(RandomStreams(8)["contacts"].random(5), RandomStreams(7)["contacts"].random(5))
    c = RandomStreams(7)
    c.set_day(4)
    assert not np.array_equal(c["contacts"].random(5), b["contacts"].random(5))   # days differ


def test_an_inert_lever_changes_nothing():
    """Een Loket's routing time while Een Loket is off affects nothing by construction: every KPI is equal."""
    base = load_scenario("nl_baseline")
    assert not base.een_loket.enabled
    a, _ = kpis(base)
    b, _ = kpis(base.with_overrides({"een_loket.routing_hours": base.een_loket.routing_hours * 3 + 5}))
    np.testing.assert_equal(a.kpis, b.kpis)
    np.testing.assert_equal(a.by_type, b.by_type)


def test_a_lever_that_only_changes_one_stages_draws_moves_no_other_draw():
    """Campaigns that reach more people but change nothing (no effect, no cost) draw more numbers from the
    awareness streams only: every KPI is equal, although the awareness stage drew a different amount. With one
    shared generator every later draw of the run would shift."""
    quiet = load_scenario("nl_baseline").with_overrides({"awareness.effect": 0.0,
                                                        "awareness.cost_per_person_reached_eur": 0.0})
    a, ma = kpis(quiet.with_overrides({"awareness.campaign_reach": 0.1, "awareness.sme_reach": 0.1}))
    b, mb = kpis(quiet.with_overrides({"awareness.campaign_reach": 0.9, "awareness.sme_reach": 0.6}))
    assert (ma.consumers.awareness_day > 0).sum() < (mb.consumers.awareness_day > 0).sum()
    np.testing.assert_equal(a.kpis, b.kpis)
    np.testing.assert_equal(a.by_type, b.by_type)


def test_campaign_reach_leaves_the_days_contact_draws_alone():
    """A campaign that works changes who falls for a contact, but not the contacts of the day: on every day on
    which the groups make the same effort in both runs, the same contacts reach the same targets (the daily
    attempts counter, per fraud type, is identical)."""
    base = load_scenario("nl_baseline").with_overrides({"awareness.effect": 0.5})
    low = FraudChainModel(base.with_overrides({"awareness.campaign_reach": 0.05}), agents=AGENTS, seed=9, years=1)
    high = FraudChainModel(base.with_overrides({"awareness.campaign_reach": 0.9}), agents=AGENTS, seed=9, years=1)
    same_effort = 0
    for day in range(low.days_total):
        e_low, e_high = low.fraudsters.effort()[1].copy(), high.fraudsters.effort()[1].copy()
        low.step()
        high.step()
        if np.array_equal(e_low, e_high):
            same_effort += 1
            np.testing.assert_array_equal(low.state.daily.attempts[day], high.state.daily.attempts[day])
    assert same_effort >= 30
    victims = [float(m.state.daily.victims.sum()) for m in (low, high)]
    assert victims[1] < victims[0]              # the campaign did change who fell for it
