"""The KPIs: each one a small registered function of a finished model over a window of days.

A KPI is `fn(model, start, end) -> float` with a unit and a description; the built-ins are registered here
(`builtin`) and measured in every model; an extension adds its own to the models whose scenario asks for it
(sim/engine/pipeline.py, docs/extending.md); the claim KPIs are in sim/engine/claim_kpis.py. All are national
(scaled) and computed over days [start, end): the run reports the last simulated year.
What several KPIs share (the window's victims, their weights) is computed once per window
(`window`). Reads a finished model; never changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, ORIGIN_TELECOM
from fraudchain.sim.engine.costs import COST_KPIS, cost_kpis

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

KpiFn = Callable[["FraudChainModel", int, int], float]


@dataclass(frozen=True)
class KPI:
    name: str
    fn: KpiFn
    unit: str
    description: str
    builtin: bool = False


KPIS: dict[str, KPI] = {}      # the built-in KPIs, in registration order (extensions' are in their pipeline)


def builtin(name: str, unit: str, description: str) -> Callable[[KpiFn], KpiFn]:
    """Register a built-in KPI (measured in every model)."""
    def deco(fn: KpiFn) -> KpiFn:
        if name in KPIS:
            raise ValueError(f"KPI {name!r} is already built in")
        KPIS[name] = KPI(name, fn, unit, description, builtin=True)
        return fn
    return deco


# ---- what the KPIs of one window share ----------------------------------------------------------
class Window:
    """Counters and case selections of days [start, end) of a finished model, computed once when first used."""

    def __init__(self, m: FraudChainModel, start: int, end: int):
        self.m, self.start, self.end = m, start, end

    @cached_property
    def daily(self) -> dict[str, np.ndarray]:        # per fraud type, summed over the window
        return {k: v[self.start:self.end].sum(axis=0) for k, v in self.m.daily.items()}

    @cached_property
    def system(self) -> dict[str, np.ndarray]:       # per day of the window
        return {k: v[self.start:self.end] for k, v in self.m.system.items()}

    @cached_property
    def n(self) -> int:
        return self.m.cases.n

    @cached_property
    def first_loss(self) -> np.ndarray:
        return self.m.cases.first_loss_day[:self.n]

    @cached_property
    def victim_cases(self) -> np.ndarray:           # cases that became victims in the window
        return (self.first_loss >= self.start) & (self.first_loss < self.end)

    @cached_property
    def weight(self) -> np.ndarray:                 # national persons/SMEs each case stands for
        return self.m.weight(self.m.cases.pop[:self.n])

    @cached_property
    def victim_weight(self) -> np.ndarray:
        return self.weight[self.victim_cases]

    @cached_property
    def victims_total(self) -> float:               # weight of victim cases (a person with two cases twice)
        return self.victim_weight.sum()

    @cached_property
    def reported(self) -> np.ndarray:
        return self.m.cases.desks[:self.n] > 0

    @cached_property
    def police(self) -> np.ndarray:                 # reported to the police (intent, as CBS counts it)
        return self.m.cases.police_intent[:self.n]

    @cached_property
    def registered(self) -> np.ndarray:             # the police registered the report (aangifte)
        return np.isfinite(self.m.cases.police_day[:self.n])

    def share_of_victims(self, flag: np.ndarray) -> float:
        """Weighted share of the window's victim cases for which `flag` (over all cases) holds."""
        tot = self.victims_total
        return float((self.victim_weight * flag[self.victim_cases]).sum() / tot) if tot else 0.0

    def persons(self, sel: np.ndarray) -> float:
        """National persons/SMEs among the cases `sel` (a person with two cases counts once)."""
        c = self.m.cases
        key = c.pop[:self.n][sel].astype(np.int64) * (1 << 40) + c.victim[:self.n][sel]
        _, first = np.unique(key, return_index=True)
        return float(self.weight[sel][first].sum())

    @cached_property
    def instrument_down(self) -> np.ndarray:          # instruments taken down in the window
        ins = self.m.instruments
        return (ins.takedown[:ins.n] >= self.start) & (ins.takedown[:ins.n] < self.end)

    @cached_property
    def instrument_life(self) -> np.ndarray:          # days from first use to takedown, of those
        ins, down = self.m.instruments, self.instrument_down
        return ins.takedown[:ins.n][down] - ins.first_use[:ins.n][down]

    @cached_property
    def mule_blocked(self) -> np.ndarray:             # receiving accounts blocked in the window (after a credit)
        mu = self.m.mules
        nm = mu.n
        return (mu.blocked_day[:nm] >= self.start) & (mu.blocked_day[:nm] < self.end) & \
            np.isfinite(mu.first_credit_day[:nm])

    @cached_property
    def mule_life(self) -> np.ndarray:                # days from first credit to block, of accounts blocked then
        mu, blocked = self.m.mules, self.mule_blocked
        return np.maximum(mu.blocked_day[:mu.n][blocked] - mu.first_credit_day[:mu.n][blocked], 0.0)

    @cached_property
    def mule_life_weight(self) -> np.ndarray:         # national accounts each of those stands for
        return self.m.mules.weight[:self.m.mules.n][self.mule_blocked]

    @cached_property
    def costs(self) -> dict[str, float]:
        """Measures, friction, report handling, public cost, victims' harm, the sectors' bills and the social
        cost (sim/engine/costs.py), from the losses and prevention spend of the window."""
        k = {"net_loss_eur": self.value("net_loss_eur"), "prevention_spend_eur": self.value("prevention_spend_eur")}
        for sector in ("banks", "platforms", "telecoms"):
            k[f"sector_bill_{sector}_eur"] = self.value(f"loss_borne_{sector}_eur") + \
                self.value(f"prevention_spend_{sector}_eur")
        k["sector_bill_insurers_eur"] = self.value("loss_borne_insurers_eur")
        k["sector_bill_victims_eur"] = self.value("loss_borne_victims_eur")
        cost_kpis(self.m, self.start, self.end, k)
        return k

    def value(self, name: str) -> float:
        """Another KPI of the same window."""
        return KPIS[name].fn(self.m, self.start, self.end)


_OPEN: dict[tuple[int, int, int], Window] = {}


def window(m: FraudChainModel, start: int, end: int) -> Window:
    """The shared computations of a window (kept while `window_scope` computes its KPIs)."""
    return _OPEN.get((id(m), start, end)) or Window(m, start, end)


class window_scope:   # noqa: N801  (a context manager used like a function)
    """Keep one Window per (model, start, end) while a window's KPIs are computed."""

    def __init__(self, m: FraudChainModel, start: int, end: int):
        self.key = (id(m), start, end)
        self.win = Window(m, start, end)

    def __enter__(self) -> Window:
        _OPEN[self.key] = self.win
        return self.win

    def __exit__(self, *exc: object) -> None:
        _OPEN.pop(self.key, None)


def median(x: np.ndarray) -> float:
    x = x[np.isfinite(x)]
    return float(np.median(x)) if x.size else float("nan")


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    ok = np.isfinite(x)
    x, w = x[ok], w[ok]
    if x.size == 0:
        return float("nan")
    o = np.argsort(x)
    cw = np.cumsum(w[o])
    return float(x[o][np.searchsorted(cw, 0.5 * cw[-1])])


def _counter(name: str, key: str, unit: str, description: str) -> None:
    builtin(name, unit, description)(lambda m, start, end: float(window(m, start, end).daily[key].sum()))


def _system_sum(name: str, key: str, unit: str, description: str) -> None:
    builtin(name, unit, description)(lambda m, start, end: float(window(m, start, end).system[key].sum()))


def _system_mean(name: str, key: str, unit: str, description: str) -> None:
    builtin(name, unit, description)(
        lambda m, start, end: float(window(m, start, end).system[key].mean()) if end > start else 0.0)


# ---- the fixed contract (KPI_KEYS) ---------------------------------------------------------------
_counter("fraud_attempts", "attempts", "contacts", "fraud contacts that passed the filters and reached a target")


@builtin("victims", "persons/SMEs", "persons and SMEs who lost money (a person with two cases counts once)")
def victims(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.persons(win.victim_cases)


_counter("gross_loss_eur", "gross_loss_eur", "EUR", "money paid to fraudsters' accounts")
_counter("recovered_eur", "recovered_eur", "EUR", "money frozen before cash-out and returned to the victim (its bank "
         "recalled it)")
_counter("net_loss_eur", "net_loss_eur", "EUR", "gross minus recovered: money cashed out by fraudsters, and money "
         "frozen that no bank returned to the victim")
_counter("reimbursed_eur", "reimbursed_eur", "EUR", "net loss paid back to victims (liable parties and insurers)")


@builtin("reimbursed_share", "share", "reimbursed / net loss")
def reimbursed_share(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    net = win.value("net_loss_eur")
    return win.value("reimbursed_eur") / net if net > 0 else 0.0


@builtin("loss_borne_victims_eur", "EUR", "net loss victims carry (the rest of the net loss: money is conserved)")
def loss_borne_victims_eur(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    others = sum(win.value(f"loss_borne_{s}_eur") for s in ("banks", "platforms", "telecoms", "insurers"))
    return win.value("net_loss_eur") - others


for _sector in ("banks", "platforms", "telecoms", "insurers"):
    _counter(f"loss_borne_{_sector}_eur", f"borne_{_sector}_eur", "EUR", f"net loss the {_sector} carry")
for _sector in ("banks", "platforms", "telecoms"):
    _system_sum(f"prevention_spend_{_sector}_eur", f"prevention_spend_{_sector}_eur", "EUR",
                f"what the {_sector} spend on fraud prevention")


@builtin("prevention_spend_eur", "EUR", "prevention spend of banks, platforms and telecoms")
def prevention_spend_eur(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return sum(win.value(f"prevention_spend_{s}_eur") for s in ("banks", "platforms", "telecoms"))


builtin("social_cost_eur", "EUR", "net loss + prevention + measures + friction + case handling + public cost + "
        "victims' harm (sim/engine/costs.py): disjoint parts, each euro once")(
    lambda m, start, end: window(m, start, end).costs["social_cost_eur"])


@builtin("fraudster_profit_eur", "EUR", "fraudsters' proceeds (after the mules' fee) minus their costs")
def fraudster_profit_eur(m: FraudChainModel, start: int, end: int) -> float:
    sy = window(m, start, end).system
    return float(sy["fraudster_proceeds_eur"].sum() - sy["fraudster_costs_eur"].sum())


@builtin("reporting_rate", "share", "victims who reported to any desk")
def reporting_rate(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.share_of_victims(win.reported)


@builtin("police_report_rate", "share", "victims who filed a police report: reported to the police, online forms "
         "included, as the CBS survey counts it (whether the police registered it: police_registration_rate)")
def police_report_rate(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.share_of_victims(win.police)


@builtin("police_registration_rate", "share", "victims whose report the police registered (aangifte), as the "
         "police count registrations")
def police_registration_rate(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.share_of_victims(win.registered)


@builtin("mean_desks_contacted", "desks", "desks a reporting victim contacted, on average")
def mean_desks_contacted(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    rep = win.victim_cases & win.reported
    return float(np.average(m.cases.desks[:win.n][rep], weights=win.weight[rep])) if rep.any() else 0.0


@builtin("median_days_to_reimbursement", "days", "from the first loss to the first reimbursement by any payer (banks' "
         "decisions, card chargebacks and insurers mixed; median_days_to_decision_* separate the regime's payers by "
         "payment kind), reimbursed victims")
def median_days_to_reimbursement(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    reimb = win.victim_cases & np.isfinite(m.cases.reimb_day[:win.n])
    if not reimb.any():
        return float("nan")
    return weighted_median(m.cases.reimb_day[:win.n][reimb] - win.first_loss[reimb], win.weight[reimb])


@builtin("median_days_to_takedown", "days", "from first use to takedown of instruments and mule accounts")
def median_days_to_takedown(m: FraudChainModel, start: int, end: int) -> float:
    # a simulated instrument stands for a group's pool of parallel ones, a simulated receiving account for
    # `mules.weight` national accounts: weigh them so the median does not depend on the agent count
    win = window(m, start, end)
    inst, mule = win.instrument_life, win.mule_life
    return weighted_median(np.concatenate([inst, mule]),
                           np.concatenate([np.full(inst.size, m.params.fraudsters.instruments_per_type),
                                           win.mule_life_weight]))


@builtin("median_mule_account_lifetime_days", "days", "from first fraudulent credit to block (receiving accounts: "
         "recruited mules' and those fraudsters own or rent, weighted by the national accounts each stands for)")
def median_mule_account_lifetime_days(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return weighted_median(win.mule_life, win.mule_life_weight) if win.mule_life.size else float("nan")


@builtin("suspects_identified_share", "share", "suspects identified per police report")
def suspects_identified_share(m: FraudChainModel, start: int, end: int) -> float:
    sy = window(m, start, end).system
    police_in = float(sy["police_reports"].sum())
    return float(min(sy["suspects_identified"].sum() / police_in, 1.0)) if police_in else 0.0


@builtin("hub_members", "organisations", "members of the fraud hub at the end of the window")
def hub_members(m: FraudChainModel, start: int, end: int) -> float:
    return float(window(m, start, end).system["hub_members"][-1]) if end > start else 0.0


# ---- further KPIs: each sector's bill, more victim outcomes, the system (EXTRA_KPI_KEYS) ----------
for _sector in ("banks", "platforms", "telecoms", "insurers", "victims"):
    builtin(f"sector_bill_{_sector}_eur", "EUR", f"what the {_sector} pay: losses carried"
            + ("" if _sector == "victims" else ", prevention spend, their share of measures and report handling"))(
        lambda m, start, end, _s=_sector: window(m, start, end).costs[f"sector_bill_{_s}_eur"])
for _name, (_unit, _description) in COST_KPIS.items():
    builtin(_name, _unit, _description)(lambda m, start, end, _n=_name: window(m, start, end).costs[_n])


@builtin("support_rate", "share", "victims who reached victim support (Slachtofferhulp)")
def support_rate(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.share_of_victims(m.cases.support[:win.n])


@builtin("repeat_victim_share", "share", "victims who had been victims before")
def repeat_victim_share(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.share_of_victims(m.cases.repeat[:win.n])


_system_mean("mean_caution_shift", "caution_shift", "share", "relative fall in caution from expected "
             "reimbursement (moral hazard), daily mean")
_system_mean("fraudster_groups", "fraudster_groups", "groups", "active fraudster groups, daily mean")
_system_mean("bank_sending_effort", "bank_sending_effort", "effort 0-1", "banks' sending-side effort (market-share "
             "weighted), daily mean")
_system_mean("bank_receiving_effort", "bank_receiving_effort", "effort 0-1", "banks' receiving-side effort, daily "
             "mean")
_system_mean("platform_effort", "platform_effort", "effort 0-1", "platforms' prevention effort, daily mean")
_system_mean("telecom_effort", "telecom_effort", "effort 0-1", "telecom operators' prevention effort, daily mean")
_system_sum("penalties_eur", "penalties_eur", "EUR", "penalties for duty breaches")


@builtin("median_days_to_help", "days", "from the first loss to the first contact with any desk")
def median_days_to_help(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    helped = win.victim_cases & np.isfinite(m.cases.help_day[:win.n])
    if not helped.any():
        return float("nan")
    return weighted_median(m.cases.help_day[:win.n][helped] - win.first_loss[helped], win.weight[helped])


@builtin("loket_share", "share", "victims who reported through Een Loket")
def loket_share(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.share_of_victims(m.cases.loket[:win.n])


_system_sum("suspects_identified", "suspects_identified", "suspects", "suspects the police identified")


@builtin("median_days_to_takedown_platforms", "days", "from first use to takedown of platform accounts and ads")
def median_days_to_takedown_platforms(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    ins = m.instruments
    return median(win.instrument_life[ins.sector[:ins.n][win.instrument_down] == ORIGIN_PLATFORM])


@builtin("median_days_to_takedown_telecoms", "days", "from first use to blocking of phone numbers")
def median_days_to_takedown_telecoms(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    ins = m.instruments
    return median(win.instrument_life[ins.sector[:ins.n][win.instrument_down] == ORIGIN_TELECOM])


for _name, _code, _where in (("victims_platform_origin", ORIGIN_PLATFORM, "on a platform"),
                             ("victims_telecom_origin", ORIGIN_TELECOM, "by phone or SMS")):
    builtin(_name, "persons/SMEs", f"victims whose fraud started {_where}")(
        lambda m, start, end, _c=_code: window(m, start, end).persons(
            window(m, start, end).victim_cases & (m.ft.origin[m.cases.ftype[:window(m, start, end).n]] == _c)))


@builtin("mules_recruited", "persons", "persons recruited as money mules in the window, nationally: recruited "
         "mules' accounts opened in the window (not accounts fraudsters own or rent) / mules.accounts_per_mule")
def mules_recruited(m: FraudChainModel, start: int, end: int) -> float:
    mu = m.mules
    new = (mu.recruited_day[:mu.n] >= start) & (mu.recruited_day[:mu.n] < end) & mu.recruited[:mu.n]
    return float(mu.weight[:mu.n][new].sum() / m.params.mules.accounts_per_mule)



# ---- fraudsters' specialisation (issue 11) -------------------------------------------------------------------
CLOSED_FALL = 0.05    # a type whose contacts fell by at least this share counts as (partly) closed by the measure


def pre_measure_day(m: FraudChainModel) -> int | None:
    """The day whose effort is the groups' pre-measure mix: the day before the first reform after day 0 (None:
    no such reform)."""
    days = [d for d, _ in m.reforms_applied if d > 0]
    return min(days) - 1 if days else None


@builtin("displaced_contacts_share", "share",
         "contacts moved into other fraud types, as a share of contacts removed from the closed types: against "
         "the groups' pre-measure mix (their contacts per type on the day before the first reform after day 0, "
         "scaled to the groups' capacity in the window, so whole groups entering, leaving or being disrupted move "
         "nothing), the closed types are those whose mean daily contacts in the window fell by at least 5 %; "
         "removed = their fall; moved = the rise in contacts made with substitutable resources in the other types "
         "(not a type's own specialists entering it). Each contact is weighted by the resources it takes (its type's "
         "year-1 profit per contact), so a stopped SMS blast is not counted as a marketplace conversation. 0 "
         "without a reform after day 0 (or if it falls in the window: no pre-measure mix) and when no type lost "
         "contacts. A ratio of two changes, not a part of a whole: above 1 where a measure removes few contacts "
         "and the groups' other shifts move more (its interval is not clipped at 1, sim/runs/runner.py)")
def displaced_contacts_share(m: FraudChainModel, start: int, end: int) -> float:
    ref_day = pre_measure_day(m)
    if end <= start or ref_day is None or ref_day >= start:
        return 0.0
    st = m.state
    fr = m.fraudsters
    weight = fr.reference.resource_per_contact if fr.has_reference else np.ones(st.effort_by_type.shape[1])
    cap = st.capacity_total
    scale = float(cap[start:end].mean() / cap[ref_day]) if cap[ref_day] > 0 else 0.0
    before = st.effort_by_type[ref_day] * scale * weight
    change = st.effort_by_type[start:end].mean(axis=0) * weight - before
    moved = (st.substitutable_by_type[start:end].mean(axis=0) - st.substitutable_by_type[ref_day] * scale) * weight
    closed = change < -CLOSED_FALL * before
    removed = float(-change[closed].sum())
    return float(moved[~closed & (moved > 0)].sum() / removed) if removed > 0 else 0.0
