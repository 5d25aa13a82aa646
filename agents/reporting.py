"""Victims' desks: today's fragmented desks (bank, police, Fraudehelpdesk, platform/telecom,
Slachtofferhulp) and the proposed Eén Loket, one entry that routes a report to every party.

Owns who reports where and when, how many desks a victim had to contact, whether a report to the police
becomes a registration, and whether a victim claims at its payment service provider. A victim decides once,
when its case's first payment is settled and the loss at stake is known (sim/engine/stages/victim_reports.py
and claims.py call `route` and `claim_probability`); the reports stage (sim/engine/stages/reports.py) turns
the reports into recalls, notices and police work.

Reporting depends on the fraud type and the loss: to the police (`police_intent_probability`: what CBS counts
as a report, online forms included, plus victims whose refund requires a report), the step from that intent to
a registration (`registration_probability`: forms abandoned, triage at intake; larger losses are registered
more often), and to the Fraudehelpdesk (`fraudehelpdesk_probability`: the desk hears mostly of large losses).
Reporting to the bank is the claim: without Een Loket a victim contacts its bank when it claims, at
`claim_day` after the last planned payment.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from fraudchain.scenarios.schema import AwarenessParams, EenLoketParams, ReportingParams


@dataclass
class Reports:
    """One row per case, decided once its loss is known. *_day: days after the case's last planned payment
    (inf: never)."""

    bank_day: np.ndarray
    police_day: np.ndarray     # the police registered the report (aangifte) then (inf: not registered)
    police_intent: np.ndarray  # the victim reported to the police (online form included, as CBS counts it)
    platform_day: np.ndarray
    fraudehelpdesk: np.ndarray
    support: np.ndarray
    desks: np.ndarray
    police_quality: np.ndarray
    first_day: np.ndarray      # first contact with any desk (days after the last payment; inf: never)
    loket: np.ndarray          # reported through Eén Loket (routed to every party, hub included)
    police_routed: np.ndarray  # Eén Loket forwarded the report to the police (registered or only screened)
    claim_day: np.ndarray      # when the victim would claim at its bank (days after the last payment)


class Desks(mesa.Agent):
    sector = "desks"

    def __init__(self, model: mesa.Model, reporting: ReportingParams, loket: EenLoketParams,
                 awareness: AwarenessParams, scale: float = 1.0):
        super().__init__(model)
        self.configure(reporting, loket, awareness)
        self.scale = scale                   # persons one simulated one stands for
        self.hub_member = False
        # police registrations from routed reports the police can still make (model scale; see _triage)
        self.registration_budget = 0.0
        self._budget_day = 0

    def configure(self, reporting: ReportingParams, loket: EenLoketParams, awareness: AwarenessParams) -> None:
        """Take the parameters in force (at build and after every reform)."""
        self.reporting, self.loket, self.awareness = reporting, loket, awareness

    # ---- who reports where, by fraud type and loss (decided once the loss is known) --------------------------
    # (the probabilities are the module's functions of the parameters in force; the calibration's expected-value
    # fit of the behaviour parameters, sim/studies/calibration/behaviour_fit.py, calls the same functions)
    def refund_worth(self, loss: np.ndarray, expected_share: np.ndarray) -> np.ndarray:
        return refund_worth(self.reporting, loss, expected_share)

    def claim_probability(self, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                          expected_share: np.ndarray) -> np.ndarray:
        return claim_probability(self.reporting, loss, typical_loss, base_p, expected_share)

    def police_intent_probability(self, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                                  slope: np.ndarray, expected_share: np.ndarray,
                                  refund_needs_report: np.ndarray) -> np.ndarray:
        return police_intent_probability(self.reporting, loss, typical_loss, base_p, slope, expected_share,
                                         refund_needs_report)

    def registration_probability(self, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                                 refund_needs_report: np.ndarray | None = None) -> np.ndarray:
        """Chance the police register a report (through Eén Loket's guided intake when it is on)."""
        return registration_probability(self.reporting, loss, typical_loss, base_p, self.loket.enabled,
                                        refund_needs_report)

    def fraudehelpdesk_probability(self, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                                   slope: np.ndarray) -> np.ndarray:
        return by_loss(base_p, slope, loss, typical_loss)

    def route(self, rng: np.random.Generator, day: int, police_p: np.ndarray, platform_p: np.ndarray,
              has_origin: np.ndarray, need: np.ndarray | None = None, *, fhd_p: np.ndarray,
              registration_p: np.ndarray) -> Reports:
        """Decide each victim's reports other than the claim at its bank (vectorised over the cases whose loss
        became known on `day`), and when it would claim (the claim itself: `claim_probability`).

        police_p: chance the victim reports to the police (`police_intent_probability`); registration_p: chance
        the police register that report (`registration_probability`). fhd_p: chance it
        reports to the Fraudehelpdesk (`fraudehelpdesk_probability`). need: victims in need of
        support (Eén Loket refers them with `support_referral`, others with `support_referral_other`).
        """
        rep, loket = self.reporting, self.loket
        n = police_p.size
        u = rng.random((n, 7))
        realise = rng.exponential(rep.realise_days, n)
        claim_day = realise + rng.exponential(rep.bank_report_days, n)
        police = u[:, 1] < police_p
        accepted = u[:, 6] < registration_p
        platform = has_origin & (u[:, 2] < platform_p)
        fhd = u[:, 3] < fhd_p
        support = u[:, 4] < rep.support_share
        any_ = police | platform | fhd
        if self.awareness.public_info_portal:  # one recognisable site lowers the threshold a little
            extra = ~any_ & (u[:, 5] < self.awareness.portal_reporting_uplift)
            fhd |= extra
            any_ |= extra
        inf = np.full(n, np.inf)
        if loket.enabled:
            reporters = any_ | (u[:, 5] < loket.reporting_uplift)
            routed = realise + loket.routing_hours / 24.0 + rng.exponential(1.0, n)
            forwarded = reporters & (police | (rng.random(n) < loket.police_forward_share))
            registered = self._triage(rng, forwarded, police & accepted, day)
            need = np.zeros(n, dtype=bool) if need is None else need
            referral = np.where(need, loket.support_referral, loket.support_referral_other)
            support_all = reporters & (support | (rng.random(n) < referral))
            return Reports(
                bank_day=np.where(reporters, routed, inf),
                police_day=np.where(registered, routed, inf),
                police_intent=reporters & police,
                platform_day=np.where(reporters & has_origin, routed, inf),
                fraudehelpdesk=np.zeros(n, dtype=bool),
                support=support_all,
                desks=reporters.astype(np.int8),
                police_quality=np.full(n, loket.report_quality),
                first_day=np.where(reporters, routed, inf),
                loket=reporters,
                police_routed=forwarded,
                claim_day=np.where(reporters, routed, claim_day),
            )
        desks = police.astype(np.int8) + platform + fhd + (support & any_)
        bank_day = inf.copy()   # the claim (and with it the bank report) is decided next
        report_day = realise + rng.exponential(rep.police_report_days, n)
        police_day = np.where(police & accepted, report_day, inf)
        platform_day = np.where(platform, realise + rng.exponential(rep.platform_report_days, n), inf)
        fhd_day = np.where(fhd, realise + rng.exponential(rep.bank_report_days, n), inf)
        return Reports(
            bank_day=bank_day, police_day=police_day, police_intent=police, platform_day=platform_day,
            fraudehelpdesk=fhd,
            support=support & any_,
            desks=desks.astype(np.int8),
            police_quality=np.ones(n),
            first_day=np.minimum(np.minimum(np.where(police, report_day, inf), platform_day), fhd_day),
            loket=np.zeros(n, dtype=bool),
            police_routed=np.zeros(n, dtype=bool),
            claim_day=claim_day,
        )

    def _triage(self, rng: np.random.Generator, forwarded: np.ndarray, asked: np.ndarray, day: int) -> np.ndarray:
        """Which forwarded reports the police register (aangifte): every victim who asked to file, plus a
        triaged share of the others (cases with leads) within the extra registration capacity a year."""
        loket = self.loket
        per_day = loket.police_registration_capacity_per_year / 365.0 / self.scale
        self.registration_budget = min(self.registration_budget + per_day * max(day - self._budget_day, 0),
                                       30 * per_day)
        self._budget_day = day
        registered = forwarded & asked
        extra = np.flatnonzero(forwarded & ~asked & (rng.random(forwarded.size) < loket.police_registration_share))
        k = min(extra.size, int(self.registration_budget))
        self.registration_budget -= k
        registered[extra[:k]] = True
        return registered


def refund_worth(rep: ReportingParams, loss: np.ndarray, expected_share: np.ndarray) -> np.ndarray:
    """Share of victims for whom the refund they expect (expected_share x loss) is worth the effort of asking
    for it: half at `claim_effort_eur`, spread `claim_effort_spread` on the log scale."""
    refund = np.clip(expected_share, 0.0, 1.0) * loss
    return _logistic(np.log(np.maximum(refund, 1e-9) / rep.claim_effort_eur) / rep.claim_effort_spread)


def claim_probability(rep: ReportingParams, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                      expected_share: np.ndarray) -> np.ndarray:
    """Probability that a victim claims at its payment service provider, per case.

    Two reasons to go to the bank, either suffices:
    - to report it (block, recall, 'the bank should know'): the fraud type's base probability at its
      typical loss, rising with the loss (`claim_loss_slope` on the log-odds per unit of log loss);
    - to get money back: a share `claim_response` of victims knows a refund is possible and claims when
      the refund it expects is worth the effort (`refund_worth`).
    """
    report = by_loss(base_p, rep.claim_loss_slope, loss, typical_loss)
    return 1.0 - (1.0 - report) * (1.0 - rep.claim_response * refund_worth(rep, loss, expected_share))


def police_intent_probability(rep: ReportingParams, loss: np.ndarray, typical_loss: np.ndarray,
                              base_p: np.ndarray, slope: np.ndarray, expected_share: np.ndarray,
                              refund_needs_report: np.ndarray) -> np.ndarray:
    """Probability that a victim reports to the police (intent: it says it filed, online form included), per
    case: the type's base probability at its typical loss, rising with the loss (`slope`, per type); and,
    where the refund the victim can get requires a police report (a liability rule), the victims who know
    it and expect a refund worth the effort (`claim_response` x `refund_worth`)."""
    report = by_loss(base_p, slope, loss, typical_loss)
    motive = rep.claim_response * refund_worth(rep, loss, expected_share) * refund_needs_report
    return 1.0 - (1.0 - report) * (1.0 - motive)


def registration_probability(rep: ReportingParams, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                             via_loket: bool, refund_needs_report: np.ndarray | None = None) -> np.ndarray:
    """Probability that the police register a victim's report as an aangifte, per case: triage at intake
    (withdrawn, not a criminal offence, referred elsewhere) passes the fraud type's `registration_prob` at its
    typical loss, larger losses somewhat more often (`registration_loss_slope` on the log-odds per unit of log
    loss), and reports a refund depends on more often (`registration_refund_logit`); without Eén Loket a share
    `registration_abandon_share` of victims does not complete the report (mostly the online form), which the
    desk's guided intake removes; a victim whose refund depends on the report completes it."""
    needs = np.zeros_like(loss) if refund_needs_report is None else np.asarray(refund_needs_report, dtype=float)
    p0 = np.clip(base_p, 1e-6, 1 - 1e-6)
    ratio = np.maximum(loss, 1e-9) / np.maximum(typical_loss, 1e-9)
    accept = _logistic(np.log(p0 / (1.0 - p0)) + rep.registration_refund_logit * needs +
                       rep.registration_loss_slope * np.log(ratio))
    return accept if via_loket else (1.0 - rep.registration_abandon_share * (1.0 - needs)) * accept


def by_loss(base_p: np.ndarray, slope: np.ndarray | float, loss: np.ndarray, typical_loss: np.ndarray) -> np.ndarray:
    """A probability `base_p` at the typical loss whose log-odds rise by `slope` per unit of log(loss / typical)."""
    p0 = np.clip(base_p, 1e-6, 1 - 1e-6)
    ratio = np.maximum(loss, 1e-9) / np.maximum(typical_loss, 1e-9)
    return _logistic(np.log(p0 / (1 - p0)) + slope * np.log(ratio))


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0)))
