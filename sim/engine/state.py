"""The chain's shared state: what the day's stages read and write besides the actors' own books.

Owns storage with named, documented fields; no behaviour beyond small bookkeeping helpers.
Money on events is real EUR per victim (model scale); counters are national (scaled) when
recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_NONE, ORIGIN_SECTORS, PAYMENT_KINDS
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.tables import Calendar, Table

# the consumer attribute that makes a person reachable through a channel (column 0: everyone)
USE_COLUMNS = ("everyone", "uses_marketplace", "uses_social", "uses_messaging", "uses_dating")
# counters recorded per day and fraud type (national scale)
TYPE_COUNTERS = ("attempts", "cases", "victims", "gross_loss_eur", "recovered_eur", "net_loss_eur",
                 "reimbursed_eur", "borne_victims_eur", "borne_banks_eur", "borne_platforms_eur",
                 "borne_telecoms_eur", "borne_insurers_eur", "stopped_payments", "fraudster_proceeds_eur")
# counters recorded per day for the whole system (national scale)
SYSTEM_COUNTERS = ("prevention_spend_banks_eur", "prevention_spend_platforms_eur", "prevention_spend_telecoms_eur",
                   "case_handling_eur", "public_cost_eur", "fraudster_costs_eur", "fraudster_proceeds_eur",
                   "police_reports", "suspects_identified", "hub_members", "fraudster_groups",
                   "bank_sending_effort", "bank_receiving_effort", "platform_effort", "telecom_effort",
                   "caution_shift", "mule_accounts_active", "penalties_eur", "police_investigations",
                   "campaign_cost_eur",
                   # the hub's analysis capacity (agents/hub.py): signals in, signals acted on, delay, analysts
                   "hub_signals", "hub_signals_acted", "hub_signal_delay_days", "hub_analysts")
# per-type numbers copied from the scenario into arrays (index = fraud type)
NUMERIC_TYPE_PARAMS = ("contact_rate", "susceptibility", "loss_median_eur", "loss_sigma", "payments_mean",
                       "days_between_payments", "card_share", "name_check_mismatch", "bank_report_prob",
                       "police_report_prob", "platform_report_prob", "scam_days", "own_bank_share",
                       "delay_sensitivity", "recruited_mule_share",
                       "bank_relevance")     # firms' beliefs (issue 11): a victim's weight on the victim's bank


@dataclass
class TypeArrays:
    """Per-fraud-type facts and parameters as arrays over the model's fraud types (index t).

    Rebuilt from the scenario at build and after every reform (`type_arrays`)."""

    keys: list[str]                # fraud-type keys, in model order
    target: np.ndarray             # population aimed at: POP_CONSUMER / POP_SME
    use: np.ndarray                # column of USE_COLUMNS that makes a person reachable
    origin: np.ndarray             # ORIGIN_NONE / ORIGIN_PLATFORM / ORIGIN_TELECOM
    platform: np.ndarray           # index of the platform where the contact starts (-1: none)
    payment: np.ndarray            # index into PAYMENT_KINDS
    impersonates_bank: np.ndarray  # bool
    age: np.ndarray                # [t, age band] susceptibility multiplier
    params: dict[str, np.ndarray]  # NUMERIC_TYPE_PARAMS -> float array
    gross_negligence: np.ndarray   # bool: the rule covering consumers' losses of this type has the test
    support_need: np.ndarray       # bool: victims of this type need support (Een Loket refers them)

    def __getattr__(self, name: str) -> np.ndarray:   # ft.susceptibility etc.
        params = self.__dict__.get("params")
        if params is not None and name in params:
            return params[name]
        raise AttributeError(name)


def type_arrays(scenario: Scenario, keys: list[str], platform_index: dict[str, int], age_bands: list[str]
                ) -> TypeArrays:
    """The per-type arrays for `keys` under `scenario` (gross_negligence is filled in by the rules)."""
    facts = [FRAUD_TYPES[k] for k in keys]
    numbers = [scenario.fraud_types[k] for k in keys]
    return TypeArrays(
        keys=list(keys),
        target=np.array([0 if f.target == "consumer" else 1 for f in facts]),
        use=np.array([USE_COLUMNS.index(f.platform_use) if f.platform_use else 0 for f in facts]),
        origin=np.array([ORIGIN_SECTORS.get(f.origin_sector, ORIGIN_NONE) for f in facts]),
        platform=np.array([platform_index[f.platform_kind] if f.platform_kind else -1 for f in facts]),
        payment=np.array([PAYMENT_KINDS.index(f.payment) for f in facts]),
        impersonates_bank=np.array([f.impersonates_bank for f in facts]),
        age=np.array([[p.age_profile.get(b, 1.0) for b in age_bands] for p in numbers]),
        params={name: np.array([getattr(p, name) for p in numbers], dtype=float) for name in NUMERIC_TYPE_PARAMS},
        gross_negligence=np.zeros(len(keys), dtype=bool),
        support_need=np.array([k in scenario.een_loket.support_need_types for k in keys], dtype=bool),
    )


def new_cases() -> Table:
    """The cases table: one row per target who fell for a contact (victim once money is lost)."""
    f8, i8, b1, inf = np.float64, np.int64, np.bool_, np.inf
    return Table({
        "pop": (np.int8, 0),              # POP_CONSUMER / POP_SME
        "victim": (i8, -1),               # person or SME id in its population
        "ftype": (np.int16, -1), "group": (i8, -1), "instrument": (i8, -1),
        "bank": (np.int16, -1),           # the victim's (sending) bank
        "telecom": (np.int16, -1),        # the victim's operator (-1: SME)
        "vkind": (np.int8, 0),            # index into VICTIM_KINDS
        "vulnerable": (b1, False), "own_bank": (b1, False),
        "mismatch": (b1, False),          # the payee name differs from what the victim expects
        "first_loss_day": (f8, inf),
        "payments_left": (np.int16, 0), "payments_made": (np.int16, 0),
        "stopped": (b1, False),           # a bank stopped a payment: the scam is over
        "gross": (f8, 0.0), "recovered": (f8, 0.0), "settled": (f8, 0.0), "reimbursed": (f8, 0.0),
        "borne_banks": (f8, 0.0), "borne_platforms": (f8, 0.0), "borne_telecoms": (f8, 0.0),
        "borne_insurers": (f8, 0.0), "ins_paid": (f8, 0.0),
        "reimb_day": (f8, inf),           # first reimbursement (any payer)
        "bank_day": (f8, inf), "police_day": (f8, inf), "platform_day": (f8, inf),   # reports (inf: never)
        "fraudehelpdesk": (b1, False), "support": (b1, False),
        "desks": (np.int8, 0),            # desks the victim contacted
        "police_quality": (f8, 1.0), "help_day": (f8, inf), "loket": (b1, False),
        "loket_area": (b1, False),        # the victim lives where Een Loket is open (een_loket.coverage)
        "police_routed": (b1, False),     # Een Loket forwarded the report to the police
        "last_mule": (i8, -1),            # the account the last payment went to (a recall targets it)
        "repeat": (b1, False),            # the victim had been a victim before
        "identified": (b1, False),        # the police identified a suspect on this case
        # ---- the claim at the payment service provider (sim/engine/stages/claims.py) ----
        "claim_due": (f8, inf),           # when the victim would claim at its bank
        "claim_decided": (b1, False),     # the claim was decided (at the case's first settled payment)
        "claimed": (b1, False),           # the victim claimed at its payment service provider
        "refusal": (np.int8, 0),          # REFUSAL_REASONS code of a refused claim (0: not refused)
        "excess_u": (f8, 0.0), "scope_u": (f8, 1.0),   # per-case draws: excess applied, outside scope
        "rule": (np.int16, -1),           # the liability rule that decided the case's first settled loss
        "kind": (np.int8, -1),            # payment kind of that loss (index into PAYMENT_KINDS)
        "regime_paid": (f8, 0.0),         # reimbursed by the regime's payers (firms, not insurers)
        "decision_day": (f8, inf),        # first reimbursement decided by the regime's payers
    })


def new_instruments() -> Table:
    """The instruments table: one row per number, ad/account or site a group used (a pool, nationally)."""
    f8, i8, inf = np.float64, np.int64, np.inf
    return Table({
        "group": (i8, -1), "ftype": (np.int16, -1),
        "sector": (np.int8, 0),           # ORIGIN_* code of the organisation that hosts it
        "org": (np.int16, -1),            # index of that platform / operator (-1: a site)
        "first_use": (f8, inf), "takedown": (f8, inf),
        "notified": (f8, inf),            # first notice to the host
        "due": (f8, inf),                 # the host will take it down at this time (after a notice or signal)
    })


class PendingCashouts:
    """Payments credited to mule accounts and not yet cashed out (one row per payment)."""

    FIELDS = (("case", np.int64), ("mule", np.int64), ("amount", np.float64), ("cashout", np.float64),
              ("kind", np.int64))

    def __init__(self) -> None:
        for name, dtype in self.FIELDS:
            setattr(self, name, np.empty(0, dtype))

    def add(self, **values: np.ndarray) -> None:
        for name, _ in self.FIELDS:
            setattr(self, name, np.concatenate([getattr(self, name), values[name]]))

    def pop_due(self, day: int) -> dict[str, np.ndarray] | None:
        """The payments whose cash-out time falls today (removed from the pending set), or None."""
        due = self.cashout < day + 1
        if not due.any():
            return None
        out = {name: getattr(self, name)[due] for name, _ in self.FIELDS}
        for name, _ in self.FIELDS:
            setattr(self, name, getattr(self, name)[~due])
        return out


# columns of a firm's book (REVENUE: what fraud on its service earned it, issue 11)
CARRIED, BREACH, VICTIMS, REVENUE = 0, 1, 2, 3
BOOK_COLUMNS = 4


class FirmBooks:
    """What each firm carried since its last review, before it is handed to the firm's ledger.

    book[(sector, effort dimension)][firm, CARRIED / BREACH / VICTIMS / REVENUE]: national EUR (victims: persons,
    weighted by the fraud type's relevance to the sector)."""

    def __init__(self, n_banks: int, n_platforms: int, n_telecoms: int) -> None:
        c = BOOK_COLUMNS
        self.book = {("banks", "sending"): np.zeros((n_banks, c)), ("banks", "receiving"): np.zeros((n_banks, c)),
                     ("platforms", "prevention"): np.zeros((n_platforms, c)),
                     ("telecoms", "prevention"): np.zeros((n_telecoms, c))}
        self.since = 0

    def __getitem__(self, key: tuple[str, str]) -> np.ndarray:
        return self.book[key]

    def flush(self, day: int, firms: dict[str, list]) -> None:
        """Hand each firm what it carried since the last flush (its ledger); firms never see the model."""
        days = day + 1 - self.since
        for (sector, dim), book in self.book.items():
            for f, (car, br, vic, rev) in zip(firms[sector], book, strict=True):
                f.book(dim, carried=float(car), breach_cost=float(br), victims=float(vic), days=days, revenue=float(rev))
            book[:] = 0.0
        self.since = day + 1


class ChainState:
    """Everything the stages share that no single actor owns.

    cases, instruments      event tables (sim/engine/tables.Table)
    pay_calendar            case ids whose next payment falls on a day
    due_today               case ids opened today whose first payment is today
    bank_reports, police_reports, platform_reports   calendars of case ids reported on a day
    hub_mule_signals, hub_instrument_signals         calendars of group ids signalled through the hub
    pending                 payments in mule accounts waiting to be cashed out
    daily[k][day, t]        TYPE_COUNTERS;  system[k][day]: SYSTEM_COUNTERS (national)
    books                   what firms carried since their last review
    once_used_case[pop][i]  the case that used victim i's once-per-victim reimbursement (-1: none yet)
    expected_reimbursement[t]  the share of such losses victims expect back (moral hazard, claims)
    claims_net[t], claims_reimbursed[t]  this month's claimed losses and what was reimbursed (model scale)
    contacts_window[t], proceeds_window[t]  fraudsters' contacts and proceeds since the last monthly review
    frozen_share[t]         share of fraud money frozen before cash-out, per type, as fraudsters see it (smoothed)
    smoothed_profit         fraudsters' smoothed monthly profit (EMA), for entry and exit
    ref_profit_per_contact[t], ref_profit_per_group  year 1's reference (None before the end of year 1)
    reforms_applied         (day, label) of each reform that took effect
    effort_by_type[day, t]  contacts per day the groups aim at each type (displaced_contacts_share)
    capacity_total[day]     the active groups' capacity, whatever the types (displaced_contacts_share)
    substitutable_by_type[day, t]  the part of effort_by_type made with resources that can move between types
    rule_names              the liability rules' names, indexed by the cases' `rule` column (stable across reforms)
    """

    def __init__(self, days: int, n_types: int, n_consumers: int, n_smes: int, n_firms: tuple[int, int, int],
                 frozen_share_prior: float) -> None:
        self.cases = new_cases()
        self.instruments = new_instruments()
        self.pay_calendar = Calendar()
        self.due_today: list[np.ndarray] = []
        self.bank_reports, self.police_reports, self.platform_reports = Calendar(), Calendar(), Calendar()
        self.hub_mule_signals, self.hub_instrument_signals = Calendar(), Calendar()
        self.pending = PendingCashouts()
        self.daily = {k: np.zeros((days, n_types)) for k in TYPE_COUNTERS}
        self.system = {k: np.zeros(days) for k in SYSTEM_COUNTERS}
        self.books = FirmBooks(*n_firms)
        self.once_used_case = {0: np.full(n_consumers, -1, np.int64), 1: np.full(n_smes, -1, np.int64)}
        self.expected_reimbursement = np.zeros(n_types)
        self.claims_net = np.zeros(n_types)
        self.claims_reimbursed = np.zeros(n_types)
        self.contacts_window = np.zeros(n_types)
        self.proceeds_window = np.zeros(n_types)
        self.frozen_share = np.full(n_types, frozen_share_prior)
        self.smoothed_profit = 0.0
        self.ref_profit_per_contact: np.ndarray | None = None
        self.ref_profit_per_group: float | None = None
        self.reforms_applied: list[tuple[int, str]] = []
        # ---- fraudsters' specialisation (issue 11) ----
        # effort_by_type[day, t]: contacts per day the active groups aim at type t (model scale)
        self.effort_by_type = np.zeros((days, n_types))
        self.capacity_total = np.zeros(days)     # the active groups' capacity (size) on each day
        self.substitutable_by_type = np.zeros((days, n_types))   # effort_by_type made with substitutable resources
        self.rule_names: list[str] = []      # names of the liability rules cases were decided by (cases.rule)
