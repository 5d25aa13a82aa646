"""Victims' non-financial harm and the time they spend reporting, per case and over a KPI window.

Owns the harm function (`harm_eur`: EUR of wellbeing lost by a victim, from the gross loss, the fraud type,
whether the victim is an SME and how much came back), the scale that makes the survey's average victim
get the published per-victim value (`harm_scale_eur`), `case_harm` (that function on the model's
cases, once per victim a year: `victim_years`) and `case_hours` (hours spent contacting desks: each desk the victim
reported to, or once at Eén Loket).

The form (docs/evidence.md, "Victims' harm"): harm = scale x type multiplier x g(loss) (x sme_factor),
g(L) = base_share + (1 - base_share) x min((L / loss_reference_eur) ^ loss_elasticity, size_cap),
(x 1 - support_harm_relief for a victim who had support), less relief when money comes back
(reimbursement_relief x share returned x harm, at most a euro of harm per euro returned). The published
value (Which?/Simetrica-Jacobs: GBP 2,509 per victim, CSEW 2017-2020) is an average over the survey's
victims: in a quarter of incidents nothing was lost, most losses were under GBP 250, and about two thirds of
the losses were refunded in full (43 % of all incidents); 16 % of victims fell twice in the year. The scale
is solved so that this population, run through the same function, averages exactly the published value; a
victim with a larger loss than the survey's typical one gets more, a smaller loss less, never below
base_share of the average. Parameters: `harm.*`, `reporting.support_harm_relief`, `costs.hours_*`,
`costs.value_of_time_eur_per_hour` in scenarios/cost_params.py. Reads the cases table of a finished model only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from fraudchain.agents.reporting import support_harm_factor
from scipy import optimize, stats

_NODES = 200          # Gauss-Hermite nodes for the survey's lognormal losses (within about 0.2 % of adaptive quadrature)


def harm_per_victim_eur(s: Any) -> float:
    """The source's per-victim wellbeing loss in EUR at today's prices (the survey's average victim)."""
    h = s.harm
    return h.wellbeing_per_victim_gbp * h.gbp_eur * h.price_index


def size_factor(loss_eur: np.ndarray, h: Any) -> np.ndarray:
    """g(L): the part of harm that grows with the loss, on top of a part that does not."""
    rel = np.maximum(np.asarray(loss_eur, dtype=float), 0.0) / h.loss_reference_eur
    return h.base_share + (1.0 - h.base_share) * np.minimum(rel ** h.loss_elasticity, h.size_cap)


def _relief(harm: np.ndarray, back_share: np.ndarray, returned_eur: np.ndarray, relief: float) -> np.ndarray:
    """Harm removed when money comes back: pro rata, at most a euro of harm per euro returned."""
    return np.minimum(relief * back_share * harm, returned_eur)


@lru_cache(maxsize=256)
def _scale(w_eur: float, to_eur: float, no_loss: float, below_250: float, sigma: float, refunded: float,
           relief: float, ref: float, elasticity: float, base: float, cap: float, repeat: float) -> float:
    """Solve the scale of `harm_scale_eur` for one set of parameters (cached: the same set is asked per KPI).

    The survey's losses and full refunds are per incident; its value is per victim over a year. A share `repeat`
    of its victims had two incidents in the year, the rest one: a victim's harm is taken on the year's summed loss
    and money back, as the model's `case_harm` takes its own victims'. Each of a survey victim's incidents is taken
    to be a loss or not, and refunded in full or not, independently of the other (an assumption about the
    survey)."""
    from types import SimpleNamespace

    h = SimpleNamespace(loss_reference_eur=ref, loss_elasticity=elasticity, base_share=base, size_cap=cap)
    median = 250.0 * to_eur * np.exp(-stats.norm.ppf(below_250) * sigma)      # EUR at today's prices
    z, wz = np.polynomial.hermite_e.hermegauss(_NODES)
    losses = median * np.exp(sigma * z)
    weights = wz / wz.sum()
    g_loss = size_factor(losses, h)
    g_none = float(size_factor(np.zeros(1), h)[0])
    mean_g = no_loss * g_none + (1.0 - no_loss) * float(weights @ g_loss)
    # a victim of two incidents that both lost money: every pair of nodes, with the pair's summed loss
    pair_w = np.outer(weights, weights).ravel()
    first = np.repeat(losses, losses.size)
    pair = first + np.tile(losses, losses.size)
    g_pair = size_factor(pair, h)

    def full_refund_relief(scale: float) -> float:
        """Mean relief of one incident with a loss that is refunded in full (`refunded` is the share of incidents
        with a loss refunded in full, independent of the loss's size)."""
        return float(weights @ _relief(scale * g_loss, np.ones_like(losses), losses, relief))

    def one_incident(scale: float) -> float:
        return scale * mean_g - (1.0 - no_loss) * refunded * full_refund_relief(scale)

    def two_incidents(scale: float) -> float:
        loss_one = scale * float(weights @ g_loss) - refunded * full_refund_relief(scale)
        harm_pair = scale * g_pair
        # both refunded: all money back; one refunded (either, by symmetry): its share of the year's loss back
        both = float(pair_w @ _relief(harm_pair, np.ones_like(pair), pair, relief))
        one = float(pair_w @ _relief(harm_pair, first / pair, first, relief))
        loss_two = float(pair_w @ harm_pair) - refunded ** 2 * both - 2.0 * refunded * (1.0 - refunded) * one
        return (no_loss ** 2 * scale * g_none + 2.0 * no_loss * (1.0 - no_loss) * loss_one
                + (1.0 - no_loss) ** 2 * loss_two)

    def average(scale: float) -> float:
        single = one_incident(scale)
        if repeat > 0:
            single = (1.0 - repeat) * single + repeat * two_incidents(scale)
        return single - w_eur

    if w_eur <= 0 or mean_g <= 0:
        return 0.0
    # average(s) rises with s (relief grows at most as fast as the harm): bracket and solve
    return float(optimize.brentq(average, w_eur / mean_g * 0.5, w_eur / mean_g * 2.0 + 1.0, xtol=1e-6))


def harm_scale_eur(s: Any) -> float:
    """EUR per unit of type multiplier x g(loss): the scale at which the survey's victims (incidents a share with no
    loss, lognormal losses with the published share below GBP 250, a share of those with a loss refunded in full; a
    share of victims with two incidents in the year, valued on their summed loss) average the published per-victim
    value after relief."""
    h = s.harm
    return _scale(harm_per_victim_eur(s), h.gbp_eur * h.price_index, h.survey_no_loss_share,
                  h.survey_loss_below_250_share, h.survey_loss_sigma, h.survey_loss_refunded_share,
                  h.reimbursement_relief, h.loss_reference_eur, h.loss_elasticity, h.base_share, h.size_cap,
                  h.survey_repeat_share)


def harm_eur(s: Any, gross_eur: np.ndarray, multiplier: np.ndarray, returned_eur: np.ndarray,
             sme: np.ndarray | None = None) -> np.ndarray:
    """Non-financial harm (EUR) of victims with these gross losses, type multipliers and money returned
    (recovered + reimbursed); `sme` marks victims that are SMEs (x sme_factor)."""
    h = s.harm
    gross = np.asarray(gross_eur, dtype=float)
    returned = np.asarray(returned_eur, dtype=float)
    factor = np.asarray(multiplier, dtype=float)
    if sme is not None:
        factor = factor * np.where(sme, h.sme_factor, 1.0)
    harm = harm_scale_eur(s) * factor * size_factor(gross, h)
    back = np.clip(returned / np.maximum(gross, 1e-9), 0.0, 1.0)
    return harm - _relief(harm, back, returned, h.reimbursement_relief)


def victim_years(m: Any, idx: np.ndarray) -> np.ndarray:
    """For each case in `idx`, the index of its victim-year among them: the same person (or SME) whose first loss
    falls in the same simulated year (days 0-364, 365-729, ...), the unit the published harm is valued in."""
    c = m.cases
    first = c.first_loss_day[idx]
    if not np.isfinite(first).all():
        raise ValueError("victim_years: every case needs a first loss day (cases with a loss only)")
    year = (first // 365).astype(np.int64)
    key = (c.pop[idx].astype(np.int64) * 1024 + year) * (1 << 40) + c.victim[idx].astype(np.int64)
    return np.unique(key, return_inverse=True)[1].ravel()


def case_harm(m: Any, idx: np.ndarray) -> np.ndarray:
    """Non-financial harm (EUR) of each case in `idx` (cases with a loss), counted per victim a year.

    The published value is a victim's wellbeing loss over a year, whatever the number of frauds (the survey asks
    whether one was a victim in the past year), so a person defrauded twice in a simulated year is one victim: the
    harm function is applied once to their losses and money back summed over the year, with the type multiplier
    the loss-weighted mean of their cases' (victim support taken per case), and that harm is shared among the
    cases in proportion to their loss (so the cases of a victim-year sum to it). A victim-year of one case gets
    exactly the per-case value."""
    c, h = m.cases, m.params.harm
    mult = np.array([h.type_multiplier.get(t, 1.0) for t in m.types])[c.ftype[idx]]
    # victim support removes part of a supported victim's harm (agents/reporting.py), before any relief
    mult = mult * support_harm_factor(m.params.reporting, c.support[idx])
    gross = np.asarray(c.gross[idx], dtype=float)
    returned = np.asarray(c.recovered[idx] + c.reimbursed[idx], dtype=float)
    vy = victim_years(m, idx)
    k = int(vy.max()) + 1 if vy.size else 0
    cases_of = np.bincount(vy, minlength=k).astype(float)
    gross_of = np.bincount(vy, weights=gross, minlength=k)
    has_loss = gross_of > 0
    # loss-weighted multiplier (a plain mean where the year's cases carry no loss)
    safe_gross = np.where(has_loss, gross_of, 1.0)
    mult_of = np.where(has_loss, np.bincount(vy, weights=mult * gross, minlength=k) / safe_gross,
                       np.bincount(vy, weights=mult, minlength=k) / np.maximum(cases_of, 1.0))
    harm_of = harm_eur(m.params, gross_of, mult_of, np.bincount(vy, weights=returned, minlength=k),
                       np.bincount(vy, weights=(c.pop[idx] == 1).astype(float), minlength=k) > 0)
    share = np.where(has_loss[vy], gross / safe_gross[vy], 1.0 / cases_of[vy])
    return harm_of[vy] * share


def case_hours(m: Any, idx: np.ndarray) -> np.ndarray:
    """Hours each victim in `idx` spent contacting desks (Eén Loket: one contact, whatever it routes)."""
    c, k = m.cases, m.params.costs
    own = (np.isfinite(c.bank_day[idx]) * k.hours_bank + c.police_intent[idx] * k.hours_police
           + np.isfinite(c.platform_day[idx]) * k.hours_platform + c.fraudehelpdesk[idx] * k.hours_fraudehelpdesk)
    return np.where(c.loket[idx], k.hours_loket, own)


def harm_totals(m: Any, start: int, end: int) -> tuple[float, float]:
    """(wellbeing harm, victims' time in EUR) of the cases whose first loss falls in days [start, end).

    A victim-year is valued on all its cases, also those outside a window that does not start and end on a year
    boundary (every KPI window does), so a case's harm is the same in every window and in the victims table."""
    c = m.cases
    n = c.n
    fl = c.first_loss_day[:n]
    idx = np.flatnonzero((fl >= start) & (fl < end))
    if idx.size == 0:
        return 0.0, 0.0
    years = np.flatnonzero((fl >= start // 365 * 365) & (fl < -(-end // 365) * 365))
    in_window = np.isin(years, idx)
    w = np.where(c.pop[idx] == 0, m.scale, m.sme_scale)
    harm = float((w * case_harm(m, years)[in_window]).sum())
    time_eur = float((w * case_hours(m, idx)).sum()) * m.params.costs.value_of_time_eur_per_hour
    return harm, time_eur
