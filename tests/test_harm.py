"""Victims' harm by fraud type and loss (sim/engine/harm.py): the survey's average victim gets the published
value, harm grows with the loss far less than proportionally, and money back relieves at most a euro per euro."""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.harm import harm_eur, harm_per_victim_eur, harm_scale_eur, size_factor
from scipy import stats


def _incidents(s: Scenario, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The survey's incidents as the harm function's normalisation describes them: a share with no loss, lognormal
    losses with the published share below GBP 250, a share refunded in full (losses and refunds in EUR)."""
    h = s.harm
    to_eur = h.gbp_eur * h.price_index
    median = 250 * to_eur * np.exp(-stats.norm.ppf(h.survey_loss_below_250_share) * h.survey_loss_sigma)
    lost = rng.random(n) >= h.survey_no_loss_share
    loss = np.where(lost, median * np.exp(h.survey_loss_sigma * rng.standard_normal(n)), 0.0)
    refunded = lost & (rng.random(n) < h.survey_loss_refunded_share)
    return loss, np.where(refunded, loss, 0.0)


def _survey(s: Scenario, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The survey's victims over a year: a share `survey_repeat_share` with two incidents, the rest one; each
    victim's losses and refunds summed over the year (the unit the published value is per)."""
    rng = np.random.default_rng(seed)
    incidents = 1 + (rng.random(n) < s.harm.survey_repeat_share)
    loss, back = _incidents(s, int(incidents.sum()), rng)
    victim = np.repeat(np.arange(n), incidents)
    return np.bincount(victim, loss, n), np.bincount(victim, back, n)


@pytest.mark.parametrize("over", [{}, {"harm.loss_elasticity": 0.8, "harm.base_share": 0.2},
                                  {"harm.reimbursement_relief": 0.6, "harm.wellbeing_per_victim_gbp": 800.0},
                                  {"harm.size_cap": 3.0, "harm.loss_elasticity": 0.25},
                                  {"harm.survey_repeat_share": 0.0}, {"harm.survey_repeat_share": 0.5}])
def test_the_surveys_average_victim_gets_the_published_value(over):
    # a Monte Carlo of the survey's victims (a million, two incidents for the repeat share) against the scale the
    # model solves by quadrature
    s = Scenario().with_overrides(over)
    loss, back = _survey(s, 1_000_000)
    mean = harm_eur(s, loss, np.ones(loss.size), back).mean()
    assert mean == pytest.approx(harm_per_victim_eur(s), rel=0.003)


def test_repeat_victims_in_the_survey_lower_the_scale():
    # a repeat victim's summed loss is larger and a full refund of the year rarer, so the same published average
    # needs a smaller scale; with the ONS share (16 % twice) about 4 % smaller
    scales = [harm_scale_eur(Scenario().with_overrides({"harm.survey_repeat_share": r})) for r in (0.0, 0.16, 0.3)]
    assert scales[0] > scales[1] > scales[2]
    assert 0.02 < 1 - scales[1] / scales[0] < 0.07


def test_mean_survey_loss_is_near_the_published_600_gbp():
    s = Scenario()
    loss, _ = _incidents(s, 1_000_000, np.random.default_rng(0))
    h = s.harm
    assert (loss[loss > 0] < 250 * h.gbp_eur * h.price_index).mean() == pytest.approx(h.survey_loss_below_250_share,
                                                                                   abs=0.003)
    assert 500 < loss.mean() / (h.gbp_eur * h.price_index) < 650


def test_harm_grows_with_the_loss_far_less_than_proportionally():
    s = Scenario()
    h = s.harm
    losses = np.array([0.0, 10.0, 100.0, 820.0, 8_200.0, 82_000.0, 1e7])
    harm = harm_eur(s, losses, np.ones(losses.size), np.zeros(losses.size))
    assert np.all(np.diff(harm) >= 0)
    assert harm[0] == pytest.approx(harm_scale_eur(s) * h.base_share)              # no loss: the base part only
    assert harm[3] == pytest.approx(harm_scale_eur(s))                              # the reference loss: g = 1
    assert harm[4] / harm[3] < 8_200 / 820 / 2                                      # 10x the loss: far below 10x harm
    assert harm[-1] == pytest.approx(harm_scale_eur(s) * (h.base_share + (1 - h.base_share) * h.size_cap))
    assert size_factor(np.array([820.0]), h)[0] == pytest.approx(1.0)


def test_type_sme_and_relief():
    s = Scenario()
    h = s.harm
    one = harm_eur(s, np.array([500.0]), np.array([1.0]), np.array([0.0]))[0]
    assert harm_eur(s, np.array([500.0]), np.array([1.8]), np.array([0.0]))[0] == pytest.approx(1.8 * one)
    assert harm_eur(s, np.array([500.0]), np.array([1.0]), np.array([0.0]), np.array([True]))[0] == \
        pytest.approx(h.sme_factor * one)
    # a full refund relieves reimbursement_relief of the harm, but never more than the euros returned
    big = harm_eur(s, np.array([50_000.0]), np.array([1.0]), np.array([0.0]))[0]
    back = harm_eur(s, np.array([50_000.0]), np.array([1.0]), np.array([50_000.0]))[0]
    assert back == pytest.approx((1 - h.reimbursement_relief) * big)
    small = harm_eur(s, np.array([20.0]), np.array([1.0]), np.array([0.0]))[0]
    small_back = harm_eur(s, np.array([20.0]), np.array([1.0]), np.array([20.0]))[0]
    assert small - small_back == pytest.approx(20.0)


def test_type_multipliers_average_about_one_over_the_surveys_mix():
    # the survey: about two thirds bank and card account fraud (phishing here), a quarter consumer and retail fraud
    # (marketplace, web shops), the rest advance-fee and other frauds (the relational and impersonation types)
    m = Scenario().harm.type_multiplier
    other = np.mean([m["bank_helpdesk"], m["friend_in_need"], m["investment"], m["romance"]])
    mix = 0.66 * m["phishing"] + 0.27 * (m["marketplace"] + m["fake_webshop"]) / 2 + 0.07 * other
    assert mix == pytest.approx(1.0, abs=0.1)
