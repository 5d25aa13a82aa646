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

from dataclasses import dataclass, fields

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


# the golden ratio's fractional part: consecutive ids spread evenly over [0, 1) (`Desks.covered`)
_GOLDEN = 0.6180339887498949


@dataclass
class Support:
    """Victim support for cases whose first loss is known (`Desks.support_victims`)."""

    supported: np.ndarray    # supported (today's share, Een Loket's referrals, funded)
    desks: np.ndarray        # desks added (the support, a police report filed with its help)
    files: np.ndarray        # files a police report with the support's help (at `contact`)
    contact: np.ndarray      # day of the first contact with support


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
        # money for funded victim support not yet spent (national EUR; see support_victims)
        self.support_money = 0.0
        self._support_day = 0

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
                                 refund_needs_report: np.ndarray | None = None,
                                 covered: np.ndarray | None = None) -> np.ndarray:
        """Chance the police register a report (through Eén Loket's guided intake where it is open: `covered`,
        default everywhere)."""
        via = self.loket.enabled & (np.ones(np.shape(loss), dtype=bool) if covered is None else covered)
        return registration_probability(self.reporting, loss, typical_loss, base_p, via, refund_needs_report)

    def fraudehelpdesk_probability(self, loss: np.ndarray, typical_loss: np.ndarray, base_p: np.ndarray,
                                   slope: np.ndarray) -> np.ndarray:
        return by_loss(base_p, slope, loss, typical_loss)

    def route(self, rng: np.random.Generator, day: int, police_p: np.ndarray, platform_p: np.ndarray,
              has_origin: np.ndarray, need: np.ndarray | None = None, covered: np.ndarray | None = None, *,
              fhd_p: np.ndarray, registration_p: np.ndarray) -> Reports:
        """Decide each victim's reports other than the claim at its bank (vectorised over the cases whose loss
        became known on `day`), and when it would claim (the claim itself: `claim_probability`).

        police_p: chance the victim reports to the police (`police_intent_probability`); registration_p: chance
        the police register that report (`registration_probability`). fhd_p: chance it reports to the
        Fraudehelpdesk (`fraudehelpdesk_probability`). need: victims in need of support (Eén Loket refers them
        with `support_referral`, others with `support_referral_other`). covered: victims who live where Eén
        Loket is open (`covered`; default all); the others report to today's desks.
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
        today = self._todays_desks(rng, realise, claim_day, police, police & accepted, platform, fhd, support, any_)
        if not loket.enabled:
            return today
        inf = np.full(n, np.inf)
        covered = np.ones(n, dtype=bool) if covered is None else covered
        reporters = covered & (any_ | (u[:, 5] < loket.reporting_uplift))
        routed = realise + loket.routing_hours / 24.0 + rng.exponential(1.0, n)
        forwarded = reporters & (police | (rng.random(n) < loket.police_forward_share))
        registered = self._triage(rng, forwarded, police & accepted, day)
        need = np.zeros(n, dtype=bool) if need is None else need
        referral = np.where(need, loket.support_referral, loket.support_referral_other)
        support_all = reporters & (support | (rng.random(n) < referral))
        routed_reports = Reports(
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
        return _choose(covered, routed_reports, today)

    def _todays_desks(self, rng: np.random.Generator, realise: np.ndarray, claim_day: np.ndarray,
                      police: np.ndarray, registered: np.ndarray, platform: np.ndarray, fhd: np.ndarray,
                      support: np.ndarray, any_: np.ndarray) -> Reports:
        """Reports to today's fragmented desks: each desk the victim chose, each after its own delay; the police
        register the reports in `registered` (a subset of `police`)."""
        rep = self.reporting
        n = realise.size
        inf = np.full(n, np.inf)
        desks = police.astype(np.int8) + platform + fhd + (support & any_)
        bank_day = inf.copy()   # the claim (and with it the bank report) is decided next
        report_day = realise + rng.exponential(rep.police_report_days, n)
        police_day = np.where(registered, report_day, inf)
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

    def covered(self, pop: np.ndarray, victim: np.ndarray) -> np.ndarray:
        """Whether each victim lives where Eén Loket is open. A person's (or SME's) place in the roll-out is a
        fixed position in [0, 1) from its id (a low-discrepancy sequence, no draw), and the desk covers the
        positions below `een_loket.coverage`: the same people stay covered as the roll-out widens."""
        pos = np.modf((victim.astype(np.float64) + 0.5 * pop.astype(np.float64)) * _GOLDEN)[0]
        return pos < self.loket.coverage

    def support_victims(self, rng: np.random.Generator, day: int, help_day: np.ndarray, supported: np.ndarray,
                        loket: np.ndarray, police_day: np.ndarray, need: np.ndarray, weight: np.ndarray
                        ) -> Support:
        """Victim support when a victim's first loss is known (day `day`), and what support does.

        1. Funded support (`support_funding_eur_per_year`): the money accrues day by day (national EUR; money
           not spent carries over, at most a year's worth); today's victims who reported somewhere (`help_day`
           finite) and have no support yet are taken in need first, then the others, in random order within
           each, while money is left (support_case_cost_eur x the national persons each case stands for,
           `weight`; the last case may overdraw, and the next days' money pays it back, so the spending
           matches the money at any agent count).
        2. Every supported victim (today's `support_share`, Eén Loket's referrals, the funded) is contacted
           `support_days` after its first report or today, whichever is later, on average; one without a
           police report files one then with chance `support_police_uplift`, and one who would contact its bank
           later does so by then (whether it claims at all: `claim_with_support`). Less harm for the supported:
           `support_harm_factor`.
        Three draws per victim whatever the money, so the money does not shift later draws.
        """
        p = self.reporting
        u = rng.random((supported.size, 3))
        sup = supported.copy()
        per_day = p.support_funding_eur_per_year / 365.0
        self.support_money = min(self.support_money + per_day * max(day - self._support_day, 0), 365.0 * per_day)
        self._support_day = day
        funded = np.zeros(sup.size, dtype=bool)
        if per_day > 0 and self.support_money > 0:
            eligible = np.flatnonzero(np.isfinite(help_day) & ~sup)
            order = eligible[np.lexsort((u[eligible, 0], ~need[eligible]))]     # in need first, then random
            cost = p.support_case_cost_eur * weight[order]
            k = int(np.searchsorted(np.cumsum(cost) - cost, self.support_money, side="left"))  # money left before
            self.support_money -= float(cost[:k].sum())
            funded[order[:k]] = True
            sup |= funded
        contact = np.maximum(help_day, day + 1.0) - p.support_days * np.log1p(-u[:, 1])
        files = sup & ~np.isfinite(police_day) & (u[:, 2] < p.support_police_uplift)
        # through Een Loket support and its police report are part of the one contact
        return Support(supported=sup, desks=((funded | files) & ~loket).astype(np.int8) + (funded & files & ~loket),
                       files=files, contact=contact)

    def claim_with_support(self, p: np.ndarray, supported: np.ndarray) -> np.ndarray:
        """Claim probability with support: a supported victim who would not claim does so with chance
        `support_claim_uplift`."""
        return p + (1.0 - p) * self.reporting.support_claim_uplift * supported

    def _triage(self, rng: np.random.Generator, forwarded: np.ndarray, asked: np.ndarray, day: int) -> np.ndarray:
        """Which forwarded reports the police register (aangifte): every victim who asked to file, plus a
        triaged share of the others (cases with leads) within the extra registration capacity a year."""
        loket = self.loket
        per_day = loket.police_registration_capacity_per_year / 365.0 / self.scale
        # capacity not used carries over (at most a year's): at any agent count the registrations match it
        self.registration_budget = min(self.registration_budget + per_day * max(day - self._budget_day, 0),
                                       365 * per_day)
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
                             via_loket: bool | np.ndarray, refund_needs_report: np.ndarray | None = None
                             ) -> np.ndarray:
    """Probability that the police register a victim's report as an aangifte, per case: triage at intake
    (withdrawn, not a criminal offence, referred elsewhere) passes the fraud type's `registration_prob` at its
    typical loss, larger losses somewhat more often (`registration_loss_slope` on the log-odds per unit of log
    loss), and reports a refund depends on more often (`registration_refund_logit`); without Eén Loket a share
    `registration_abandon_share` of victims does not complete the report (mostly the online form), which the
    desk's guided intake removes; a victim whose refund depends on the report completes it."""
    needs = np.zeros_like(loss) if refund_needs_report is None else np.asarray(refund_needs_report, dtype=float)
    p0 = np.minimum(np.maximum(base_p, 1e-6), 1 - 1e-6)
    ratio = np.maximum(loss, 1e-9) / np.maximum(typical_loss, 1e-9)
    accept = _logistic(np.log(p0 / (1.0 - p0)) + rep.registration_refund_logit * needs +
                       rep.registration_loss_slope * np.log(ratio))
    return np.where(via_loket, accept, (1.0 - rep.registration_abandon_share * (1.0 - needs)) * accept)


def by_loss(base_p: np.ndarray, slope: np.ndarray | float, loss: np.ndarray, typical_loss: np.ndarray) -> np.ndarray:
    """A probability `base_p` at the typical loss whose log-odds rise by `slope` per unit of log(loss / typical)."""
    p0 = np.minimum(np.maximum(base_p, 1e-6), 1 - 1e-6)
    ratio = np.maximum(loss, 1e-9) / np.maximum(typical_loss, 1e-9)
    return _logistic(np.log(p0 / (1 - p0)) + slope * np.log(ratio))


def support_harm_factor(p: ReportingParams, supported: np.ndarray) -> np.ndarray:
    """What is left of a victim's non-financial harm: 1 - support_harm_relief for the supported, else 1 (read by
    sim/engine/harm.py)."""
    return np.where(supported, 1.0 - p.support_harm_relief, 1.0)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(x, -50.0), 50.0)))   # x clipped to +-50 (as np.clip)


def _choose(mask: np.ndarray, a: Reports, b: Reports) -> Reports:
    """Per victim, the reports of `a` where `mask` holds, else those of `b`."""
    return Reports(**{f.name: np.where(mask, getattr(a, f.name), getattr(b, f.name)) for f in fields(Reports)})
