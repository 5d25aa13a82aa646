"""Every stated parameter acts (issue 19): generated from the schema (`parameter_table`), each parameter is changed
on its own within its range (tests/liveness.py says how) and the run must report something different.

SLOW (about 1.5 minutes on 2 cores in two processes; about 3 minutes in one process of the test suite): 20,000
agents, seed 0, 2 years (the reference year and the year firms and fraudsters adapt in), compared day by day with
the scenario's reference run so that most parameters are settled within days. A parameter that changes nothing at
its first changed value is tried at a bolder one (tests/liveness.py: a threshold, such as a group leaving when its
profit falls far enough, needs a larger step to be crossed).

A parameter that leaves every output bit-identical fails, unless it is declared below for that scenario with its
reason; a declared parameter names the scenario where it does act (a measure switched on from day 0, a regime, a
variant where a rare path is common) and is tested live there, or says why it cannot act in any run (`None`).
The fraud types' own parameters are tested where every type has enough victims for a 20,000-agent sample
(`common_types`: the rare types' contact rates raised).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.schema import Reform, Scenario
from liveness import Reference, changed_values, parameter_rows

AGENTS, YEARS = 20_000, 2
RARE = {"bank_helpdesk": 10, "phishing": 10, "friend_in_need": 10, "investment": 10, "romance": 30, "invoice": 30,
        "impersonation": 10}
SINGLE_PAYMENT = [t for t in FRAUD_TYPES if t not in ("investment", "romance")]
IMPERSONATES_BANK = [k for k, f in FRAUD_TYPES.items() if f.impersonates_bank]
DESK_RARE = ("selling", "payment_request", "impersonation")
NO_REVENUE = {"marketplace": 0.0, "social_media": 0.0, "messaging": 0.0}


def baseline(**overrides) -> Scenario:
    return load_scenario("nl_baseline").with_overrides(overrides) if overrides else load_scenario("nl_baseline")


def common(s: Scenario) -> Scenario:
    """The rare fraud types' contact rates raised so that each has victims enough at 20,000 agents."""
    return s.with_overrides({f"fraud_types.{t}.contact_rate": s.fraud_types[t].contact_rate * k
                             for t, k in RARE.items()})


def with_reform(s: Scenario, day: int, label: str, change: dict) -> Scenario:
    return s.model_copy(update={"reforms": [*s.reforms, Reform(day=day, label=label, set=change)]})


def hub_funded() -> Scenario:
    """The built-in fraud hub with EUR 10 M a year of structural funding: funding then weighs in joining."""
    s = load_scenario("fraud_hub")
    r = s.reforms[0]
    return s.model_copy(update={"reforms": [r.model_copy(update={"set": {**r.set, "hub.funding_eur_per_year": 1e7}})]})


# the scenarios parameters are tested in: nl_baseline with something switched on from day 0, or a reform after
# year 1, or a built-in
SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "nl_baseline": baseline,
    "common_types": lambda: common(baseline()),
    "measures": lambda: common(baseline(**{
        "een_loket.enabled": True, "banks.risky_payment_delay_hours": 24.0, "platforms.verification": 0.3,
        "banks.daily_limit_eur": 5_000.0, "hub.initial_members": ["banks", "platforms", "telecoms", "insurers", "police"],
        "hub.data_sharing_scope": 0.6, "hub.coordination_quality": 0.8, "hub.fragmentation": 0.1})),
    # the police investigate ten times the registrations (the fitted capacity is about 21 simulated cases a year at
    # 20,000 agents): which reports they pick, by quality, then shows
    "loket_police": lambda: SCENARIOS["measures"]().with_overrides({"police.capacity_cases_per_year": 161_000.0}),
    "loket_partial": lambda: baseline(**{"een_loket.enabled": True, "een_loket.coverage": 0.45}),
    "wide_hub": lambda: baseline(**{"hub.initial_members": ["banks", "platforms", "telecoms", "insurers", "police"]}),
    "portal": lambda: baseline(**{"awareness.public_info_portal": True}),
    "multi_payment": lambda: common(baseline(**{f"fraud_types.{t}.payments_mean": 2.0 for t in SINGLE_PAYMENT})),
    "uk": lambda: baseline(**{"liability.regime": "uk_psr_2024"}),
    "au": lambda: baseline(**{"liability.regime": "au_spf_2025"}),
    "disruption": lambda: baseline(**{"fraudsters.disruption_per_suspect": 0.001}),
    "revenue_ends": lambda: with_reform(baseline(), 365, "revenue from fraud ends",
                                        {"platforms.fraud_revenue_per_contact_eur": NO_REVENUE}),
    "fraud_hub": lambda: load_scenario("fraud_hub"),
    "hub_funded": hub_funded,
    "all_measures_year_2": lambda: load_scenario("ecp_full_package"),
    # the Fraudehelpdesk hears of a few per thousand victims of the small-loss types: there it hears of many
    "desk_common": lambda: common(baseline(**{
        **{f"fraud_types.{t}.contact_rate": baseline().fraud_types[t].contact_rate * 10 for t in DESK_RARE},
        **{f"fraud_types.{t}.fraudehelpdesk_report_prob": 0.1 for t in DESK_RARE}})),
    # SMEs warned by sector bodies meet invoice fraud often enough to show it in a 20,000-agent sample
    "sme_invoice": lambda: common(baseline()).with_overrides({"fraud_types.invoice.contact_rate": 50.0}),
    # payments above the banks' default limits common for the types with small losses (the wait on raising one)
    "large_losses": lambda: common(baseline(**{"fraud_types.phishing.loss_median_eur": 4_000.0,
                                               "fraud_types.selling.loss_median_eur": 4_000.0,
                                               "fraud_types.payment_request.loss_median_eur": 4_000.0})),
    # and more of a defrauded seller's account emptied (unauthorised payments, which meet the limits) than goods
    # shipped: a seller's rare path through the limits common enough to show
    "large_selling": lambda: SCENARIOS["large_losses"]().with_overrides({"fraud_types.selling.cash_share": 0.5}),
}

MEASURES = "only when the measure is on (off in the Dutch status quo)"
# key -> (why it leaves the reference run unchanged, the scenario it acts in or None)
DECLARED: dict[str, tuple[str, str | None]] = {
    "run.start_year": ("a label: the calendar year of day 0 (dates in charts); nothing simulated reads it", None),
    "liability.rules": ("None means the regime's own rules; custom rules are tested in tests/test_liability.py",
                        None),
    "extensions": ("no extension in the built-in scenarios (tests/test_extending.py runs them)", None),
    "actors": ("no extension actor in the built-in scenarios (tests/test_extending.py runs them)", None),
    "budget.victims_per_year": ("read by optimise's public-budget levers (sim/studies/policy_levers.py), not by "
                                "a run", None),
    "budget.loket_reports_per_year": ("read by optimise's public-budget levers, not by a run", None),
    "budget.loket_referrals_per_year": ("a planning figure of Een Loket's cost (sim/engine/public_cost.py, "
                                        "planned_loket_cost) for the budget levers, not read by a run", None),
    "budget.loket_handling_saved_eur_per_year": ("a planning figure of Een Loket's cost (planned_loket_cost) for "
                                                 "the budget levers, not read by a run", None),
    "platforms.fraud_revenue_per_contact_eur": (
        "year 1 reveals the platforms' motives with the revenue they earn (agents/firm.py): revenue as in year 1 "
        "leaves their effort where it is; it acts when it changes after year 1", "revenue_ends"),
    "fraudsters.dissolve_below": ("the status quo never takes a group that far down", "disruption"),
    "fraudsters.profit_smoothing": ("groups enter or leave only when profit per group moves from year 1's",
                                    "all_measures_year_2"),
    "fraudsters.entry_adjustment": ("groups enter or leave only when profit per group moves from year 1's",
                                    "all_measures_year_2"),
    "banks.delay_flag_multiplier": (f"the payment delay: {MEASURES}", "measures"),
    "banks.delay_stop_share": (f"the payment delay: {MEASURES}", "measures"),
    "police.hub_signal_boost": ("the police are not in the hub in the status quo; in the fraud hub a boost moves an "
                                "identification only among the few tens of cases the police investigate in a "
                                "20,000-agent sample (inert in some seeds): tested with ten times their capacity",
                                "loket_police"),
    "awareness.portal_reporting_uplift": (f"the public information portal: {MEASURES}", "portal"),
    "reporting.site_notice_takedown": ("no site notices in the status quo (invoice victims tell no host); Een "
                                       "Loket routes them", "measures"),
    "reporting.site_takedown_days": ("no site notices in the status quo; Een Loket routes them", "measures"),
    "liability.gbp_eur": ("converts the UK regime's caps", "uk"),
    "liability.sgd_eur": ("converts a regime's amounts in SGD: the built-in Singapore regime states none (its "
                          "rules are duties and shares)", None),
    "liability.aud_eur": ("converts the Australian regime's amounts", "au"),
    "fraud_types.invoice.age_profile": ("invoice fraud targets SMEs, which have no age", None),
    "fraud_types.invoice.wealth_targeting": ("invoice fraud targets SMEs: aiming by savings is at consumers", None),
    "fraud_types.phishing.wealth_reach": ("a phishing loss (median EUR 180) rarely reaches the victim's balance "
                                          "since savings rise with age: the reach beyond it acts on large losses",
                                          "large_losses"),
    "fraud_types.payment_request.wealth_reach": ("a payment-request loss rarely reaches the victim's balance since "
                                                 "savings rise with age: the reach beyond it acts on large losses",
                                                 "large_losses"),
    "fraud_types.phishing.name_check_mismatch": ("phishing payments are unauthorised: the payee-name check "
                                                 "applies to transfers the victim makes", None),
    "fraud_types.phishing.unauthorised_share": ("phishing payments are unauthorised already: a share moved to "
                                                "unauthorised payments is the same kind of payment", None),
    "fraud_types.selling.name_check_mismatch": ("a defrauded seller pays nothing by transfer (goods shipped, or a "
                                                "fake payment page empties its account): the payee-name check applies "
                                                "to transfers the victim makes", None),
    "fraud_types.selling.unauthorised_share": ("a defrauded seller's own payment kind is unauthorised already (lured "
                                               "to a fake payment page): a share moved to unauthorised payments is "
                                               "the same kind of payment", None),
    "fraud_types.phishing.merchant_account_share": ("phishing payments are unauthorised: a merchant account "
                                                    "collects only transfers the victim makes", None),
    "fraud_types.selling.merchant_account_share": ("a defrauded seller pays nothing by transfer (goods shipped, or a "
                                                   "fake payment page empties its account)", None),
    "fraud_types.phishing.own_bank_share": ("phishing payments are unauthorised: the rules that ask whether the "
                                            "fraudster posed as the victim's own bank cover authorised ones", None),
    "hub.funding_offset_share": ("moves the cost of joining by a share of the structural funding: no organisation "
                                 "is near its threshold at today's EUR 0.8 M", "hub_funded"),
}
THIN = "rare in a 20,000-agent sample of the status quo (SMEs' losses, insured losses above the cap)"
for _k in ("population.sme_balance_median_eur", "population.sme_balance_sigma", "insurers.sme_cover_share",
           "insurers.sme_cap_eur", "insurers.cap_eur", "insurers.prevention_demand", "population.sme_larger_multiplier"):
    DECLARED[_k] = (THIN, "common_types")
for _k in ("een_loket.reporting_uplift", "een_loket.routing_hours", "een_loket.police_forward_share",
           "een_loket.police_registration_share", "een_loket.police_registration_capacity_per_year",
           "een_loket.support_referral", "een_loket.support_referral_other", "een_loket.support_need_types",
           "een_loket.cost_per_report_eur", "costs.loket_one_off_eur",
           "costs.loket_life_years", "costs.loket_fixed_eur_per_year", "costs.routed_bank_case_cost_eur",
           "costs.police_routed_registration_cost_eur", "costs.police_triage_cost_eur", "costs.hours_loket",
           "een_loket.coverage"):
    DECLARED[_k] = (f"Een Loket: {MEASURES}", "measures")
FLOOR = "no mandated effort floor in the Dutch status quo (a regime's duty standard or a measure's floor)"
for _k in ("banks.floor_compliance", "platforms.floor_compliance", "telecoms.floor_compliance"):
    DECLARED[_k] = (FLOOR, "au")
DECLARED["een_loket.report_quality"] = ("the quality of Een Loket's reports decides which registrations the police "
                                         "investigate: about 21 simulated investigations a year at 20,000 agents "
                                         "(fitted capacity 16,100 nationally)", "loket_police")
DECLARED["een_loket.phases"] = ("the regions opened at full coverage are all of them, whatever their number: acts "
                                 "when the desk covers part of the country", "loket_partial")
DECLARED["hub.report_signal_work"] = (f"the hub's work on reports Een Loket routes to it: {MEASURES}", "measures")
DECLARED["reporting.registration_refund_logit"] = (
    "acts on the reports a refund needs (helpdesk victims under the goodwill scheme): a few tens of cases in a "
    "20,000-agent sample of the status quo, nearly all registered at either value", "common_types")
DECLARED["platforms.verification_factor"] = (f"seller and advertiser verification: {MEASURES}", "measures")
DECLARED["awareness.sme_reach"] = ("sector bodies warn no SME in the status quo, and a warning changes something only "
                                   "where a warned SME meets invoice fraud: rare in a 20,000-agent sample even with the rare types' "
                                   "contact rates raised (its own random stream, so more warnings move no other "
                                   "draw): tested with invoice fraud at the schema's highest contact rate",
                                   "sme_invoice")
DECLARED["hub.link_share"] = ("in the status quo only the banks are in the hub: platforms' and telecoms' "
                              "instruments are signalled only when they are in", "measures")
for _k in ("hub.benefit_share", "hub.leave_below"):
    DECLARED[_k] = ("in the status quo only the banks are in the hub and nobody's benefit is near its cost; with "
                    "everyone invited some weigh leaving", "wide_hub")
for _k in ("hub.endogenous_membership", "hub.participation_barrier_eur", "hub.coordination_barrier_cut"):
    DECLARED[_k] = ("in the status quo nobody's benefit from the hub is near its cost; the fraud hub's "
                    "coordination brings platforms and telecoms to the threshold", "fraud_hub")
for _k in ("costs.verification_full_level", "costs.verification_one_off_eur", "costs.verification_life_years",
           "costs.verification_yearly_eur", "costs.verified_accounts_per_year", "costs.verification_minutes",
           "costs.verification_abandon_share"):
    DECLARED[_k] = (f"seller and advertiser verification: {MEASURES}", "measures")
for _k in ("costs.delay_one_off_eur", "costs.delay_life_years", "costs.delay_cost_per_held_eur",
           "costs.delay_legit_held_share", "costs.delay_confirm_minutes", "costs.delay_abandon_share"):
    DECLARED[_k] = (f"the payment delay: {MEASURES}", "measures")
DECLARED["costs.limit_tail_index"] = ("a daily limit below EUR 10,000: " + MEASURES, "measures")
for _t in FRAUD_TYPES:
    DECLARED[f"fraud_types.{_t}.delay_sensitivity"] = (f"the payment delay: {MEASURES}", "measures")
    if _t in SINGLE_PAYMENT:
        DECLARED[f"fraud_types.{_t}.days_between_payments"] = ("one payment per victim: no second payment to "
                                                               "time", "multi_payment")
    if _t not in IMPERSONATES_BANK:
        DECLARED[f"fraud_types.{_t}.own_bank_share"] = ("the fraudster does not pose as a bank", None)
for _t in DESK_RARE:
    for _k in ("fraudehelpdesk_report_prob", "fraudehelpdesk_loss_slope"):
        DECLARED[f"fraud_types.{_t}.{_k}"] = ("the Fraudehelpdesk hears of a few per thousand of the type's victims: "
                                              "none or one in a 20,000-agent sample", "desk_common")
for _t in ("phishing", "selling"):
    DECLARED[f"fraud_types.{_t}.delay_sensitivity"] = (
        "the type's payments are unauthorised or outside any account (a seller's goods), which the payment delay "
        "does not hold; the wait on a raised limit meets only payments above the default limit, rare at the type's "
        "small losses", "large_losses" if _t == "phishing" else "large_selling")


def where(key: str) -> str:
    """The scenario a parameter is tested in."""
    if key in DECLARED:
        return DECLARED[key][1] or ""
    return "common_types" if key.startswith("fraud_types.") else "nl_baseline"


def check_all(tasks: list[tuple[str, str]]) -> list[tuple[str, str, bool, str]]:
    """(key, scenario, acts, where it first showed) for each (key, scenario): one worker process, one reference
    run per scenario."""
    rows = {r["key"]: r for r in parameter_rows()}
    refs: dict[str, Reference] = {}
    out = []
    for key, name in tasks:
        if name not in refs:
            refs[name] = Reference(SCENARIOS[name]().model_copy(update={"name": name}), AGENTS, YEARS)
        acts, first = False, ""
        for value in changed_values(refs[name].scenario, rows[key]):
            acts, first = refs[name].acts(key, value)
            if acts:
                break
        out.append((key, name, acts, first))
    return out


def two_halves(tasks: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Split the tasks between two processes, keeping each scenario's tasks together (one reference run each)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for t in tasks:
        groups.setdefault(t[1], []).append(t)
    halves: list[list[tuple[str, str]]] = [[], []]
    for g in sorted(groups.values(), key=len, reverse=True):
        min(halves, key=len).extend(g)
    return halves


@pytest.fixture(scope="module")
def results() -> list[tuple[str, str, bool, str]]:
    tasks = [(r["key"], where(r["key"])) for r in parameter_rows() if where(r["key"])]
    if os.environ.get("PYTEST_XDIST_WORKER"):     # the suite already runs in two processes
        return check_all(tasks)
    with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
        return [x for half in pool.map(check_all, two_halves(tasks)) for x in half]


def test_the_declared_list_names_only_stated_parameters():
    keys = {r["key"] for r in parameter_rows()}
    assert set(DECLARED) <= keys, sorted(set(DECLARED) - keys)
    assert all(reason for reason, _ in DECLARED.values())
    assert {s for _, s in DECLARED.values() if s} <= set(SCENARIOS)


def test_every_stated_parameter_acts(results):
    inert = [f"{key} (in {name})" for key, name, acts, _ in results if not acts]
    assert not inert, ("these parameters change nothing: make them act, remove them, or declare them in "
                       "DECLARED with the reason and the scenario where they act:\n" + "\n".join(inert))
