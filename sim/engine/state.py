"""The chain's shared state: what the day's stages read and write besides the actors' own books.

Owns storage with named, typed fields (agents/columns.py): the cases and instruments tables, the payments
waiting in mule accounts, the calendars of scheduled events, the daily counters, the firms' books and a few
per-type arrays. Each stage declares the fields it reads and writes by these names (its READS and WRITES,
checked by tests/test_contracts.py). No behaviour beyond small bookkeeping helpers. Money on events is real
EUR per victim (model scale); counters are national (scaled) when recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from fraudchain.agents.columns import Column, Grid, Table
from fraudchain.sim.engine.pooled import DayMass, PooledRate, ReportLag
from fraudchain.sim.engine.tables import Calendar

f8, i8, b1, inf = np.float64, np.int64, np.bool_, np.inf


class Cases(Table):
    """One row per target who fell for a contact (a victim once money is lost)."""

    pop = Column(np.int8, 0, "POP_CONSUMER / POP_SME")
    victim = Column(i8, -1, "person or SME id in its population")
    ftype = Column(np.int16, -1, "fraud type (index into the model's types)")
    group = Column(i8, -1, "the fraudster group")
    instrument = Column(i8, -1, "the instrument (number, ad/account, site) the contact came through")
    bank = Column(np.int16, -1, "the victim's (sending) bank")
    telecom = Column(np.int16, -1, "the victim's operator (-1: SME)")
    vkind = Column(np.int8, 0, "index into VICTIM_KINDS")
    vulnerable = Column(b1, False)
    own_bank = Column(b1, False, "the fraudster impersonated the victim's own bank")
    mismatch = Column(b1, False, "the payee name differs from what the victim expects")
    first_loss_day = Column(f8, inf)
    payments_left = Column(np.int16, 0)
    payments_made = Column(np.int16, 0)
    report_base = Column(f8, inf, "the case's last planned payment: report days count from it")
    stopped = Column(b1, False, "a bank stopped a payment: the scam is over")
    gross = Column(f8, 0.0, "EUR paid into fraudsters' accounts")
    recovered = Column(f8, 0.0, "EUR frozen before cash-out and returned")
    settled = Column(f8, 0.0, "EUR cashed out so far (the net loss settled by the rules)")
    reimbursed = Column(f8, 0.0, "EUR paid back by liable parties and insurers")
    borne_banks = Column(f8, 0.0)
    borne_receiving = Column(f8, 0.0, "EUR of borne_banks the receiving bank carried (e.g. the UK rules' 50 %)")
    borne_platforms = Column(f8, 0.0)
    borne_telecoms = Column(f8, 0.0)
    borne_insurers = Column(f8, 0.0)
    ins_paid = Column(f8, 0.0, "EUR the insurer paid on the case (its cap is per case)")
    reimb_day = Column(f8, inf, "first reimbursement (any payer)")
    bank_day = Column(f8, inf, "report to the bank (inf: never)")
    police_day = Column(f8, inf, "the police registered the report (aangifte) then (inf: never)")
    police_intent = Column(b1, False, "the victim reported to the police (online form included, as CBS counts)")
    # what the victim's reports were decided on (sim/engine/stages/victim_reports.py)
    stake = Column(f8, 0.0, "the loss at stake (EUR) when the reports were decided")
    expected_back = Column(f8, 0.0, "the share of such losses the victim expected back")
    refund_needs = Column(b1, False, "the victim's refund required a police report")
    platform_day = Column(f8, inf, "notice to the host of the instrument (inf: never)")
    fraudehelpdesk = Column(b1, False)
    support = Column(b1, False, "reached victim support")
    desks = Column(np.int8, 0, "desks the victim contacted")
    police_quality = Column(f8, 1.0, "quality of the police report (solvability factor)")
    help_day = Column(f8, inf, "first contact with any desk")
    loket = Column(b1, False, "reported through Een Loket")
    loket_area = Column(b1, False, "the victim lives where Een Loket is open (een_loket.coverage)")
    police_routed = Column(b1, False, "Een Loket forwarded the report to the police")
    last_mule = Column(i8, -1, "the account the last payment went to (a recall targets it)")
    repeat = Column(b1, False, "the victim had been a victim before")
    identified = Column(b1, False, "the police identified a suspect on this case")
    # the claim at the payment service provider (sim/engine/stages/claims.py)
    claim_due = Column(f8, inf, "when the victim would claim at its bank")
    claim_decided = Column(b1, False, "the claim was decided (at the case's first settled payment)")
    claimed = Column(b1, False, "the victim claimed at its payment service provider")
    refusal = Column(np.int8, 0, "REFUSAL_REASONS code of a refused claim (0: not refused)")
    excess_u = Column(f8, 0.0, "per-case draw: the excess is applied below rule.excess_applied_share")
    scope_u = Column(f8, 1.0, "per-case draw: outside scope below rule.out_of_scope_share")
    rule = Column(np.int16, -1, "the liability rule that decided the case's first settled loss (rule_names)")
    kind = Column(np.int8, -1, "payment kind of that loss (index into PAYMENT_KINDS)")
    paid_kind = Column(np.int8, -1, "payment kind of the case's first payment that got through (index into "
                       "PAYMENT_KINDS; -1: none did), known also when no money of it ever settled")
    regime_paid = Column(f8, 0.0, "reimbursed by the regime's payers (firms, not insurers)")
    decision_day = Column(f8, inf, "first reimbursement decided by the regime's payers")


class Instruments(Table):
    """One row per number, ad/account or site a group used (each stands for a pool, nationally)."""

    group = Column(i8, -1)
    ftype = Column(np.int16, -1)
    sector = Column(np.int8, 0, "ORIGIN_* code of the organisation that hosts it")
    org = Column(np.int16, -1, "index of that platform / operator (-1: a site)")
    first_use = Column(f8, inf)
    takedown = Column(f8, inf)
    notified = Column(f8, inf, "first notice to the host")
    due = Column(f8, inf, "the host will take it down at this time (after a notice or signal)")


@dataclass(frozen=True)
class Cashouts:
    """Payments whose cash-out falls today (one row per payment)."""

    case: np.ndarray
    mule: np.ndarray
    amount: np.ndarray
    cashout: np.ndarray
    kind: np.ndarray


class PendingCashouts(Table):
    """Payments credited to mule accounts and not yet cashed out (one row per payment)."""

    case = Column(i8, -1)
    mule = Column(i8, -1)
    amount = Column(f8, 0.0)
    cashout = Column(f8, inf, "cash-out time (fractional day)")
    kind = Column(i8, -1, "payment kind (index into PAYMENT_KINDS)")

    def pop_due(self, day: int) -> Cashouts | None:
        """The payments whose cash-out time falls today (removed from the pending set), or None."""
        n = self.n
        due = self.cashout[:n] < day + 1
        if not due.any():
            return None
        out = Cashouts(self.case[:n][due], self.mule[:n][due], self.amount[:n][due], self.cashout[:n][due],
                       self.kind[:n][due])
        self.keep(~due)
        return out


class TypeCounters(Grid):
    """Counters per day and fraud type, national: counter[day, t]."""

    attempts = Column(doc="fraud contacts that passed the filters and reached a target")
    cases = Column(doc="targets who fell for a contact")
    victims = Column(doc="cases with a first loss that day")
    gross_loss_eur = Column(doc="money cashed out or frozen that day")
    recovered_eur = Column()
    net_loss_eur = Column()
    reimbursed_eur = Column()
    borne_victims_eur = Column()
    borne_banks_eur = Column()
    borne_platforms_eur = Column()
    borne_telecoms_eur = Column()
    borne_insurers_eur = Column()
    stopped_payments = Column(doc="payments the banks' (and extension actors') checks stopped")
    fraudster_proceeds_eur = Column(doc="cashed out, minus the mules' fee")


class SystemCounters(Grid):
    """Counters per day for the whole system, national: counter[day]."""

    prevention_spend_banks_eur = Column()
    prevention_spend_platforms_eur = Column()
    prevention_spend_telecoms_eur = Column()
    case_handling_eur = Column()
    public_cost_eur = Column()
    fraudster_costs_eur = Column()
    fraudster_proceeds_eur = Column()
    police_reports = Column()
    persons_attempted = Column(doc="persons (15+) reached that day by their first scam call or message of the "
                               "simulated year (a year is 365 days from day 0)")
    suspects_identified = Column()
    hub_members = Column()
    fraudster_groups = Column()
    bank_sending_effort = Column()
    bank_receiving_effort = Column()
    platform_effort = Column()
    telecom_effort = Column()
    caution_shift = Column()
    mule_accounts_active = Column()
    penalties_eur = Column()
    police_investigations = Column()
    campaign_cost_eur = Column()
    # the hub's analysis capacity (agents/hub.py): signals in, signals acted on, delay, analysts
    hub_signals = Column(doc="shared signals reaching the hub that day")
    hub_signals_acted = Column(doc="of which the hub's analysts acted on")
    hub_signal_delay_days = Column(doc="days from detection to a shared signal that day")
    hub_analysts = Column(doc="analysts (FTE) the hub's money pays")


TYPE_COUNTERS = TypeCounters.names()
SYSTEM_COUNTERS = SystemCounters.names()


class Book(Grid):
    """What each firm of a sector carried since its last review, by firm (national EUR; victims: persons,
    weighted by the fraud type's relevance to the sector)."""

    carried = Column(doc="losses the liability regime made the firm carry")
    breach = Column(doc="duty-breach payouts and penalties")
    victims = Column(doc="victims among its customers / on its service")
    revenue = Column(doc="what fraud on its service earned it")

    def hand_over(self, firms: list, dimension: str, days: int) -> None:
        """Hand each firm what it carried (its ledger for the effort `dimension`) and start afresh."""
        rows = zip(firms, self.carried, self.breach, self.victims, self.revenue, strict=True)
        for f, carried, breach, victims, revenue in rows:
            f.book(dimension, carried=float(carried), breach_cost=float(breach), victims=float(victims), days=days,
                   revenue=float(revenue))
        for _, arr in self.items():
            arr[:] = 0.0


@dataclass
class FirmBooks:
    """The firms' books between reviews: one per effort dimension a sector reviews."""

    bank_sending: Book
    bank_receiving: Book
    platforms: Book
    telecoms: Book
    since: int = 0               # the first day the books cover

    @classmethod
    def new(cls, n_banks: int, n_platforms: int, n_telecoms: int) -> FirmBooks:
        return cls(Book(n_banks), Book(n_banks), Book(n_platforms), Book(n_telecoms))

    def flush(self, day: int, banks: list, platforms: list, telecoms: list) -> None:
        """Hand each firm what it carried since the last flush (its ledger); firms never see the model."""
        days = day + 1 - self.since
        self.bank_sending.hand_over(banks, "sending", days)
        self.bank_receiving.hand_over(banks, "receiving", days)
        self.platforms.hand_over(platforms, "prevention", days)
        self.telecoms.hand_over(telecoms, "prevention", days)
        self.since = day + 1


@dataclass
class OnceUsed:
    """The case that used each victim's once-per-victim reimbursement (-1: none yet)."""

    consumers: np.ndarray
    smes: np.ndarray


@dataclass
class ChainState:
    """Everything the stages share that no single actor owns (field names are the stages' READS/WRITES)."""

    cases: Cases
    instruments: Instruments
    pending: PendingCashouts                 # payments in mule accounts waiting to be cashed out
    pay_calendar: Calendar                   # case ids whose next payment falls on a day
    bank_reports: Calendar                   # case ids reported to their bank on a day
    police_reports: Calendar
    platform_reports: Calendar
    hub_instrument_signals: Calendar         # group ids signalled through the hub on a day (a removed instrument)
    hub_mule_mass: DayMass                   # national hub signals about receiving accounts by day (blocks at
    #                                          member banks, reports routed by Een Loket)
    # pooled event rates (sim/engine/pooled.py): bank reports on live accounts by kind (0 recruited, 1 own or
    # rented) per live account; hub signals per live account; notices on live instruments by fraud type per unit
    # of contact effort
    recall_rate: PooledRate
    recall_lag: ReportLag                    # days from a payment to the report that reaches its account
    hub_rate: PooledRate
    notice_rate: PooledRate
    daily: TypeCounters
    system: SystemCounters
    books: FirmBooks                         # what firms carried since their last review
    once_used: OnceUsed
    expected_reimbursement: np.ndarray       # [t] the share of claimed losses victims expect back
    claims_net: np.ndarray                   # [t] this month's claimed losses (model scale)
    claims_reimbursed: np.ndarray            # [t] and what was reimbursed of them
    effort_by_type: np.ndarray               # [day, t] contacts per day the groups aim at each type
    capacity_total: np.ndarray               # [day] the active groups' capacity, whatever the types
    substitutable_by_type: np.ndarray        # [day, t] the part of effort_by_type made with substitutable resources
    due_today: list[np.ndarray] = field(default_factory=list)   # case ids opened today, first payment today
    reforms_applied: list[tuple[int, str]] = field(default_factory=list)   # (day, label) of each reform
    rule_names: list[str] = field(default_factory=list)   # liability rules by the cases' `rule` code

    @classmethod
    def new(cls, days: int, n_types: int, n_consumers: int, n_smes: int,
            n_firms: tuple[int, int, int]) -> ChainState:
        return cls(
            cases=Cases(), instruments=Instruments(), pending=PendingCashouts(),
            pay_calendar=Calendar(), bank_reports=Calendar(), police_reports=Calendar(),
            platform_reports=Calendar(), hub_instrument_signals=Calendar(), hub_mule_mass=DayMass(),
            recall_rate=PooledRate(2), recall_lag=ReportLag(), hub_rate=PooledRate(1),
            notice_rate=PooledRate(n_types),
            daily=TypeCounters(days, n_types), system=SystemCounters(days), books=FirmBooks.new(*n_firms),
            once_used=OnceUsed(np.full(n_consumers, -1, np.int64), np.full(n_smes, -1, np.int64)),
            expected_reimbursement=np.zeros(n_types), claims_net=np.zeros(n_types),
            claims_reimbursed=np.zeros(n_types), effort_by_type=np.zeros((days, n_types)),
            capacity_total=np.zeros(days), substitutable_by_type=np.zeros((days, n_types)))
