"""The parameters of the public side and the victims' desks: reporting, Een Loket, police, the fraud hub,
awareness campaigns and the public budget (pydantic sections of the scenario schema, each field with its
unit and source).

Owns these sections' fields, defaults and checks. Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

from typing import Literal

from fraudchain.scenarios.behaviour_params import ReportingBehaviour
from fraudchain.scenarios.fields import P, Section
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.limits import (
    unknown_types_message,
)
from fraudchain.scenarios.packs import default_value
from fraudchain.scenarios.strict import deferred
from pydantic import ValidationInfo, field_validator


class ReportingParams(ReportingBehaviour):
    """Today's fragmented desks: bank, police, Fraudehelpdesk, platform, Slachtofferhulp (reporting by type and
    loss, and the step from a police report to a registration: scenarios/behaviour_params.py)."""

    support_share: float = P(default_value("reporting.support_share"), "share of victims who reach Slachtofferhulp", "assumption", ge=0, le=1)
    bank_report_days: float = P(1.0, "mean days from loss to bank report", "assumption", ge=0, le=60)
    police_report_days: float = P(7.0, "mean days from loss to police report", "assumption", ge=0, le=120)
    platform_report_days: float = P(3.0, "mean days from loss to platform report", "assumption", ge=0, le=120)
    realise_days: float = P(2.0, "mean days before a victim realises the fraud", "assumption", ge=0, le=120)
    # ---- claiming at the payment service provider (agents/reporting.py, Desks.claim_probability) ----
    claim_response: float = P(0.7, "share of victims who know a refund is possible and claim when the refund they "
                              "expect is well above their effort of claiming",
                              "[psr_survey_2025] under UK mandatory reimbursement 49 % of APP victims did not try to "
                              "claim and 71 % were unaware of the policy; assumption: awareness grows once refunds "
                              "are routine (range 0.4-0.9)", ge=0, le=1, range=(0.4, 0.9))
    claim_loss_slope: float = P(default_value("reporting.claim_loss_slope"), "change in the log-odds of reporting to the bank per unit of log loss "
                                "(loss against the fraud type's typical loss)",
                                "[cbs_schade_2022] reporting rises with the loss: for purchase fraud the 20 % of "
                                "incidents reported to the police carry 43 % of the damage (bank fraud: 46 % carry "
                                "81 %); a slope of 0.85 reproduces about 20 % / 42 % for purchase-fraud losses in the "
                                "model (assumption: the bank claim follows the police pattern; range 0.5-1.2)",
                                ge=0, le=5, range=(0.5, 1.2))
    claim_effort_eur: float = P(25.0, "expected refund (EUR) at which half of the aware victims claim",
                                "assumption: an hour or two of forms, calls and waiting valued at about EUR 10-15 an "
                                "hour (KiM value of time) makes small refunds not worth claiming (range 10-75)",
                                ge=0.01, le=10_000, range=(10.0, 75.0))
    claim_effort_spread: float = P(1.0, "log-scale spread of that effort across victims",
                                   "assumption: victims differ a lot in what a claim costs them (range 0.5-1.5)",
                                   ge=0.05, le=5)
    site_takedown_hazard: float = P(0.03, "daily chance a fraud site/e-mail domain is taken down (registrar, "
                                    "hosting)", "assumption", ge=0, le=1)
    site_notice_takedown: float = P(0.3, "chance a report leads to taking down a site", "assumption", ge=0, le=1)
    site_takedown_days: float = P(2.0, "mean days from a report to taking down a site (registrar, hosting)",
                                  "assumption (plausible 1-7)", ge=0.01, le=60)
    expectation_smoothing: float = P(0.5, "weight of the latest month in what victims expect to be reimbursed",
                                     "assumption: news of reimbursement travels within a few months "
                                     "(plausible 0.2-0.8)", ge=0.01, le=1)
    fraudehelpdesk_case_cost_eur: float = P(20.0, "EUR per report", "assumption", ge=0)
    support_case_cost_eur: float = P(default_value("reporting.support_case_cost_eur"), "EUR per victim supported (victim care)",
                                     "[shn_cost_2010] Slachtofferhulp received EUR 16 M of state subsidy in 2010 for "
                                     "about 120,000 victims a year, about EUR 133 per victim at 2010 prices; "
                                     "assumption: range 100-250 (many contacts are light, some long)",
                                     ge=0, range=(100.0, 250.0))
    # ---- victim support bought with public money (agents/reporting.py, Desks.support_victims) ----
    support_funding_eur_per_year: float = P(0.0, "extra public money a year for victim support beyond today's "
                                            "(support_share): it supports reporting victims in need first "
                                            "(een_loket.support_need_types, vulnerable and repeat victims), then "
                                            "others, at support_case_cost_eur each",
                                            "policy lever (0 in the status quo)", ge=0)
    support_days: float = P(2.0, "mean days from a victim's first report to the first contact with support",
                            "assumption: referral by the police or a desk within days (range 1-7)", ge=0, le=60,
                            range=(1.0, 7.0))
    support_police_uplift: float = P(default_value("reporting.support_police_uplift"), "chance that a supported victim who had not filed a police report files "
                                     "one with the support's help",
                                     "[nl_fhd_police_pilot_2025] of victims referred warmly from the Fraudehelpdesk "
                                     "to a police employee 40 % would probably not have filed otherwise; assumption: "
                                     "victim support helps a little less (range 0.1-0.5)", ge=0, le=1,
                                     range=(0.1, 0.5))
    support_claim_uplift: float = P(0.1, "chance that a supported victim who would not have claimed at its bank "
                                    "claims with the support's help",
                                    "assumption: support helps victims start a claim or recall; no evaluation found "
                                    "(range 0-0.25)", ge=0, le=1, range=(0.0, 0.25))
    support_harm_relief: float = P(0.1, "share of a supported victim's non-financial harm the support removes",
                                   "assumption: no evaluation of the effect of victim support on fraud victims' "
                                   "wellbeing was found; the range includes none (0-0.25)", ge=0, le=1,
                                   range=(0.0, 0.25))


class EenLoketParams(Section):
    """Eén Loket: one central reporting desk that routes each report to every party that must act."""

    enabled: bool = P(False, "on/off", "[ecp_position_paper_2025] ECP position paper: recommendation 2")
    reporting_uplift: float = P(0.5, "share of non-reporting victims who report when there is one desk",
                                "assumption: lower threshold; no evaluation exists yet", ge=0, le=1)
    routing_hours: float = P(4.0, "hours to route a report to bank, platform/telecom, police, hub",
                             "assumption", ge=0, le=240)
    police_forward_share: float = P(0.8, "share of routed reports the desk forwards to the police (as information; "
                                    "only a triaged part becomes a registration, see police_registration_share)",
                                    "assumption", ge=0, le=1)
    police_registration_share: float = P(
        0.15, "share of forwarded reports, beyond those whose victims asked to file, that police triage registers "
        "as an aangifte (leads: mule IBAN, phone number, repeat group)",
        "assumption: the police registered about 70,000 reports of online fraud in 2023 against roughly 1 M victims "
        "(Politie LEO/LOI, Online fraude in beeld 2023, May 2025); triage keeps registration for cases with leads",
        ge=0, le=1, range=(0.05, 0.3))
    police_registration_capacity_per_year: float = P(
        default_value("een_loket.police_registration_capacity_per_year"), "extra registrations a year the police can make from routed reports (national)",
        "assumption: half of today's ~70,000 online-fraud registrations (Politie, Online fraude in beeld 2023) "
        "on top, by digital intake of routed reports", ge=0, range=(10_000, 70_000))
    support_referral: float = P(0.3, "share of reporting victims in need (vulnerable, repeat victims, types in "
                                "`support_need_types`) referred to support (Slachtofferhulp)",
                                "assumption: victim care by need; no evaluation yet", ge=0, le=1, range=(0.15, 0.6))
    support_referral_other: float = P(0.03, "share of other reporting victims referred to support",
                                      "assumption: about today's reach of Slachtofferhulp (reporting.support_share)",
                                      ge=0, le=1, range=(0.0, 0.06))
    support_need_types: list[str] = P(["bank_helpdesk", "investment", "romance"],
                                      "fraud types whose victims count as in need of support",
                                      "assumption: high losses and emotional harm (relational frauds)")
    cost_per_report_eur: float = P(25.0, "EUR per report: the desk's intake of one structured digital report",
                                   "[uk_action_fraud_2018] Action Fraud took about 506,000 reports a year on a "
                                   "contract of GBP 40-60 M over five years, about EUR 19-28 per report; "
                                   "assumption: a guided online form plus a callback for part of them (range 10-40)",
                                   ge=0, range=(10, 40))
    coverage: float = P(1.0, "share of victims who can reach the desk: the share of the country (regions) where it "
                        "is open; victims elsewhere use today's desks",
                        "policy lever: a phased roll-out region by region (the Fraudehelpdesk-police pilot started in "
                        "two provinces, [nl_fhd_police_pilot_2025]); 1 = national", ge=0, le=1)
    phases: int = P(10, "regions the desk opens in one by one, each covering an equal share of victims; a region's "
                    "share of the build (costs.loket_one_off_eur) is paid when it opens",
                    "assumption: the police's ten regional units", ge=1, le=100)

    @field_validator("support_need_types")
    @classmethod
    def _known_need_types(cls, v: list[str], info: ValidationInfo) -> list[str]:
        bad = [t for t in v if t not in FRAUD_TYPES]
        if bad and not deferred(info):
            raise ValueError(unknown_types_message(bad))
        return v
    report_quality: float = P(1.3, "identification chance of a routed police report relative to today's",
                              "assumption: routed reports carry the bank's transaction data", ge=0.5, le=3)


class PoliceParams(Section):
    """Police and the prosecution service (OM)."""

    capacity_cases_per_year: float = P(default_value("police.capacity_cases_per_year"), "investigated cases per year (national)",
                                       "assumption", ge=0, le=10_000_000)
    identification_prob: float = P(default_value("police.identification_prob"), "probability an investigated case of average solvability identifies a "
                                   "suspect", "[nscr_wodc_2024] assumption tuned so ~10 % of reported cases "
                                              "identify a suspect",
                                   ge=0, le=1)
    backlog_days: float = P(180.0, "days a report waits before it is dropped (sepot)", "assumption", ge=1, le=3650)
    investigation_cost_eur: float = P(1_500.0, "EUR per investigated case", "assumption", ge=0)
    hub_signal_boost: float = P(0.5, "relative increase in identification with hub intelligence", "assumption",
                                ge=0, le=5)
    case_cost_eur: float = P(default_value("police.case_cost_eur"), "EUR to register a police report (aangifte)", "assumption", ge=0)


class HubParams(Section):
    """The public-private fraud hub."""

    enabled: bool = P(True, "on/off", "[ecp_position_paper_2025] ECP position paper: bank-only data-sharing "
                                      "pilots exist today")
    data_sharing_scope: float = P(default_value("hub.data_sharing_scope"), "share of fraud signals members may lawfully share",
                                  "[ecp_position_paper_2025] ECP position paper; assumption: the AVG/GDPR "
                                  "limits sharing today", ge=0, le=1)
    signal_delay_days: float = P(3.0, "days from detection to a shared signal when the hub has no analysis capacity "
                                 "to spare (its queue)", "assumption: days to weeks without dedicated staff "
                                 "([sg_asc_2019]: a freeze took about two weeks before the Anti-Scam Centre)",
                                 ge=0, le=60, range=(2.0, 7.0))
    min_signal_delay_days: float = P(0.5, "days from detection to a shared signal when capacity far exceeds the "
                                     "inflow", "[sg_asc_2019] with a staffed centre and banks on board accounts were "
                                     "frozen within a few days, later within a day; assumption: range 0.1-2",
                                     ge=0, le=60, range=(0.1, 2.0))
    fixed_cost_eur_per_year: float = P(350_000.0, "EUR a year of the hub's money spent before any analyst "
                                       "(governance, legal, IT licences)", "assumption (range 0.2-0.6 M)", ge=0,
                                       range=(200_000.0, 600_000.0))
    analyst_cost_eur: float = P(default_value("hub.analyst_cost_eur"), "EUR per analyst (FTE) a year, overhead included",
                                "[nl_police_fte_2021] EUR 114.5 M a year for 700 police FTE is about EUR 164,000 per "
                                "FTE with overhead; assumption: civilian analysts cost less (range 90,000-165,000)",
                                ge=1_000, range=(90_000.0, 165_000.0))
    signals_per_analyst_year: float = P(4_000.0, "shared signals (mule IBANs, numbers, URLs, accounts) one analyst "
                                        "triages, links and passes on a year",
                                        "[sg_asc_2019] six officers handled about 1,000 reports in two months (about 4 "
                                        "per officer-day with the freezing); assumption: a shared identifier takes "
                                        "less work than a case, 1,000-13,000 a year (5-60 per working day)",
                                        ge=1, range=(1_000.0, 13_000.0))
    member_contribution_share: float = P(0.25, "share of each member's yearly cost (member_cost_eur) paid into the "
                                         "hub's central analysis",
                                         "[tmnl_2024] bank-funded data sharing runs without public money today; "
                                         "assumption: most of a member's cost is its own staff and systems (range "
                                         "0-0.5)", ge=0, le=1, range=(0.0, 0.5))
    report_signal_work: float = P(0.02, "analyst work of one report routed by Een Loket, relative to one shared "
                                  "signal", "assumption: routed reports are matched automatically; an analyst looks "
                                  "at the few that point to an account or instrument not yet known (range 0-0.1)",
                                  ge=0, le=1, range=(0.0, 0.1))
    workload_window_days: float = P(30.0, "days over which the hub measures its inflow of signals",
                                    "assumption: staffing follows the last month's inflow (plausible 7-90)",
                                    ge=1, le=365)
    initial_members: list[Literal["banks", "platforms", "telecoms", "police", "insurers"]] = P(
        default_value("hub.initial_members"), "sectors in the hub at the start", "assumption: bank pilots only")
    endogenous_membership: bool = P(True, "on/off: organisations join/leave by expected benefit vs cost",
                                    "assumption")
    member_cost_eur: float = P(150_000.0, "EUR per member per year", "assumption", ge=0)
    funding_eur_per_year: float = P(default_value("hub.funding_eur_per_year"), "EUR structural public funding a year: after the fixed cost it "
                                    "buys analysts (analyst_cost_eur), whose capacity (signals_per_analyst_year) "
                                    "against the inflow of signals sets the share acted on and the delay",
                                    "[ecp_position_paper_2025] ECP position paper: EUR 800,000 for 2026", ge=0)
    subsidy_share: float = P(0.0, "share of member cost paid by the state", "assumption", ge=0, le=1)
    mandate: bool = P(False, "on/off: membership required by law", "assumption")
    coordination_quality: float = P(0.4, "quality of regie 0-1 (multiplies signal usefulness)", "assumption",
                                    ge=0, le=1)
    fragmentation: float = P(default_value("hub.fragmentation"), "share of signals lost to parallel initiatives",
                             "[ecp_position_paper_2025] ECP position paper: fragmentation of initiatives; the value "
                             "is an assumption", ge=0, le=1)
    participation_barrier_eur: float = P(default_value("hub.participation_barrier_eur"), "EUR per year: perceived cost of joining for platforms, "
                                         "telecoms and insurers", "[ecp_position_paper_2025] ECP position "
                                                                  "paper; assumption: the paper names legal barriers "
                                         "(AVG) and reluctance; a lever for broad participation", ge=0)
    link_share: float = P(0.5, "share of a group's other instruments a shared signal exposes", "assumption",
                          ge=0, le=1)
    linked_accounts: float = P(2.0, "mule accounts of the same group one blocked account links to (shared "
                               "devices, IBAN chains)", "assumption", ge=0, le=50)
    uncoordinated_usefulness: float = P(0.5, "usefulness of a shared signal without coordination (regie), "
                                        "relative to perfect coordination",
                                        "assumption: signal usefulness = scope x (1 - fragmentation) x (u + (1 - u) "
                                        "x coordination_quality) x link_share (plausible 0.3-0.8)", ge=0, le=1)
    benefit_share: float = P(0.5, "share of a member's yearly fraud cost the hub could save at full membership and "
                             "signal strength 1", "assumption (plausible 0.2-0.8)", ge=0, le=1)
    funding_offset_share: float = P(0.5, "share of the structural funding (spread over members) that lowers a "
                                    "member's perceived cost", "assumption (plausible 0-1)", ge=0, le=1)
    coordination_barrier_cut: float = P(0.5, "share of the participation barrier that perfect coordination removes",
                                        "assumption (plausible 0.2-0.8)", ge=0, le=1)
    leave_below: float = P(0.7, "a member leaves when its benefit falls below this share of its cost "
                           "(hysteresis: leaving has a cost too)", "assumption (plausible 0.5-1)", ge=0, le=1)


class AwarenessParams(Section):
    """Public awareness campaigns and public information."""

    campaign_reach: float = P(0.3, "share of the population a campaign reaches per year",
                              "assumption: current national campaigns reach about a third of people a year (plausible 0.1-0.6)", ge=0, le=1)
    effect: float = P(0.02, "relative cut in susceptibility right after exposure",
                      "[awareness_evaluations_2024] a bank's mass campaign had no measurable effect on victimisation; "
                      "[nl_interneppen_2025] the Dutch government campaign changed neither checking nor hanging up; "
                      "[burke_2022] short online education cut susceptibility in an experiment, lasting three months "
                      "only with a reminder; assumption: range 0-0.05, zero included", ge=0, le=1,
                      range=(0.0, 0.05))
    half_life_days: float = P(90.0, "days for the effect to halve", "assumption", ge=1, le=3650)
    target: Literal["all", "older", "young"] = P("all", "group targeted", "assumption")
    sme_reach: float = P(0.0, "share of SMEs that sector bodies warn per year (same effect and decay)",
                         "[ecp_position_paper_2025] ECP position paper: sector bodies as missing players; "
                         "assumption", ge=0, le=1)
    public_info_portal: bool = P(False, "on/off: one recognisable site (Veiliginternetten.nl)",
                                 "[ecp_position_paper_2025] ECP position paper: recommendation 6")
    portal_reporting_uplift: float = P(0.05, "extra share of victims who report thanks to one portal",
                                       "assumption", ge=0, le=1)
    cost_per_person_reached_eur: float = P(0.3, "EUR per person reached (a campaign's media, production and evaluation "
                                           "over the persons it reaches)",
                                           "[dwp_campaign_2003] a UK national TV campaign cost GBP 5.2-8.8 M a year "
                                           "for about 47 M adults, about GBP 0.11-0.19 per adult (2000 prices); "
                                           "assumption: range 0.1-0.6", ge=0, range=(0.1, 0.6))


# Fields of a liability rule that describe how firms apply it (not the rule's text): a rule may give each a range
# that `--uncertainty assumptions` draws (LiabilityRule.ranges, LiabilityParams.rule_values).


MEASURE_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


class PublicBudgetParams(Section):
    """How a public budget is planned over the publicly funded measures (read by `fraudchain optimise --preset
    public_budget` and `fraudchain budget`, sim/studies/public_budget.py; the engine itself does not use these).
    Hub money is hub.funding_eur_per_year; police money buys investigations at police.investigation_cost_eur;
    victim-support money is reporting.support_funding_eur_per_year; campaign money buys reach at
    awareness.cost_per_person_reached_eur per person; Een Loket money opens regions (een_loket.phases) while it
    covers their planned public cost (sim/engine/public_cost.py, planned_loket_cost). The money a plan spends is
    checked against what the state then pays in the model (`public_cost_eur`, paired by seed)."""

    victims_per_year: float = P(default_value("budget.victims_per_year"), "persons 15+ who fall victim to online fraud a year",
                                "[cbs_ovec_2024] online-fraud victim rate 0.094 x 15 M persons 15+; "
                                "range 1.14-1.46 M (rates 0.076-0.097)", ge=0, range=(1_140_000.0, 1_460_000.0))
    loket_reports_per_year: float = P(default_value("budget.loket_reports_per_year"), "reports a year a national Een Loket would handle",
                                      "assumption: the model's een_loket scenario routes about 1.3 M reports a year "
                                      "(85 % of about 1.45 M victims, SMEs included); range 1.0-1.4 M", ge=0,
                                      range=(1_000_000.0, 1_400_000.0))
    loket_referrals_per_year: float = P(default_value("budget.loket_referrals_per_year"), "victims a national Een Loket refers to victim support a year "
                                        "beyond today's", "assumption: the model's een_loket scenario "
                                        "(een_loket.support_referral of reporting victims in need, "
                                        "support_referral_other of the others); range 100,000-300,000", ge=0,
                                        range=(100_000.0, 300_000.0))
    loket_handling_saved_eur_per_year: float = P(default_value("budget.loket_handling_saved_eur_per_year"), "EUR a year of the state's report handling a national Een "
                                                 "Loket replaces: Fraudehelpdesk reports and manual police "
                                                 "registrations that become cheaper routed ones",
                                                 "assumption: the model's een_loket scenario (about EUR 4 M of "
                                                 "Fraudehelpdesk reports and 3.5 M of police registrations); range "
                                                 "5-10 M", ge=0, range=(5e6, 10e6))
