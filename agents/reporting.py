"""Victims' desks: today's fragmented desks (bank, police, Fraudehelpdesk, platform/telecom,
Slachtofferhulp) and the proposed Eén Loket, one entry that routes a report to every party.

Owns who reports where and when, how many desks a victim had to contact, and whether a victim
claims at its payment service provider (`claim_probability`). The reports stage (sim/engine/stages/reports.py)
turns the reports into recalls, notices and police work; settlement decides the claim once the
victim's loss is known (sim/engine/stages/claims.py) and reads it.

Reporting to the bank is the claim: without Een Loket a victim contacts its bank when it claims, at
`claim_day` after the last planned payment; police, platform and Fraudehelpdesk reports are decided
here, separately, when the case opens.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from fraudchain.scenarios.schema import AwarenessParams, EenLoketParams, ReportingParams


@dataclass
class Reports:
    """One row per new case. *_day: days after the case's last planned payment (inf: never)."""

    bank_day: np.ndarray
    police_day: np.ndarray
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

    def claim_probability(self, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                          expected_share: np.ndarray) -> np.ndarray:
        """Probability that a victim claims at its payment service provider, per case.

        Two reasons to go to the bank, either suffices:
        - to report it (block, recall, 'the bank should know'): the fraud type's base probability at its
          typical loss, rising with the loss (`claim_loss_slope` on the log-odds per unit of log loss);
        - to get money back: a share `claim_response` of victims knows a refund is possible and claims when
          the refund it expects (expected_share x loss) is worth the effort (`claim_effort_eur`, spread
          `claim_effort_spread` on the log scale).
        """
        rep = self.reporting
        p0 = np.clip(base_p, 1e-6, 1 - 1e-6)
        ratio = np.maximum(loss, 1e-9) / np.maximum(typical_loss, 1e-9)
        report = _logistic(np.log(p0 / (1 - p0)) + rep.claim_loss_slope * np.log(ratio))
        refund = np.clip(expected_share, 0.0, 1.0) * loss
        worth = _logistic(np.log(np.maximum(refund, 1e-9) / rep.claim_effort_eur) / rep.claim_effort_spread)
        return 1.0 - (1.0 - report) * (1.0 - rep.claim_response * worth)

    def route(self, rng: np.random.Generator, day: int, police_p: np.ndarray, platform_p: np.ndarray,
              has_origin: np.ndarray, need: np.ndarray | None = None) -> Reports:
        """Decide each victim's reports other than the claim at its bank (vectorised over the cases opened on
        `day`), and when it would claim (the claim itself is decided once the loss is known:
        `claim_probability`).

        need: victims in need of support (Eén Loket refers them with `support_referral`, others with
        `support_referral_other`).
        """
        rep, loket = self.reporting, self.loket
        n = police_p.size
        u = rng.random((n, 6))
        realise = rng.exponential(rep.realise_days, n)
        claim_day = realise + rng.exponential(rep.bank_report_days, n)
        bank = np.zeros(n, dtype=bool)
        police = u[:, 1] < police_p
        platform = has_origin & (u[:, 2] < platform_p)
        fhd = u[:, 3] < rep.fraudehelpdesk_reach
        support = u[:, 4] < rep.support_share
        any_ = bank | police | platform | fhd
        if self.awareness.public_info_portal:  # one recognisable site lowers the threshold a little
            extra = ~any_ & (u[:, 5] < self.awareness.portal_reporting_uplift)
            fhd |= extra
            any_ |= extra
        inf = np.full(n, np.inf)
        if loket.enabled:
            reporters = any_ | (u[:, 5] < loket.reporting_uplift)
            routed = realise + loket.routing_hours / 24.0 + rng.exponential(1.0, n)
            forwarded = reporters & (police | (rng.random(n) < loket.police_forward_share))
            registered = self._triage(rng, forwarded, police, day)
            need = np.zeros(n, dtype=bool) if need is None else need
            referral = np.where(need, loket.support_referral, loket.support_referral_other)
            support_all = reporters & (support | (rng.random(n) < referral))
            return Reports(
                bank_day=np.where(reporters, routed, inf),
                police_day=np.where(registered, routed, inf),
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
        desks = bank.astype(np.int8) + police + platform + fhd + (support & any_)
        bank_day = inf.copy()   # the claim (and with it the bank report) is decided later
        police_day = np.where(police, realise + rng.exponential(rep.police_report_days, n), inf)
        platform_day = np.where(platform, realise + rng.exponential(rep.platform_report_days, n), inf)
        fhd_day = np.where(fhd, realise + rng.exponential(rep.bank_report_days, n), inf)
        return Reports(
            bank_day=bank_day, police_day=police_day, platform_day=platform_day,
            fraudehelpdesk=fhd,
            support=support & any_,
            desks=desks.astype(np.int8),
            police_quality=np.ones(n),
            first_day=np.minimum(np.minimum(bank_day, police_day), np.minimum(platform_day, fhd_day)),
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


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0)))
