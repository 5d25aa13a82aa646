"""The scenario schema: every model parameter, its default, unit and source, in one place.

Owns the typed parameters (pydantic models, `extra="forbid"` so unknown keys are errors) and
their documentation. Each field's `json_schema_extra` carries `unit` and `source`; the source is
either evidence, starting with a key of docs/sources.md in square brackets (e.g. "[cbs_ovec_2024] ..."),
or "assumption: ..." saying why the value was chosen, how weak the evidence is and a plausible range. Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from fraudchain.scenarios.behaviour_params import BankBehaviour, ReportingBehaviour, TypeBehaviour
from fraudchain.scenarios.codes import BANK_KINDS
from fraudchain.scenarios.fields import MAX_EUR, Multiplier, P, Section, Share
from fraudchain.scenarios.fraud_type_defaults import DEFAULT_FRAUD_TYPES
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.packs import DEFAULT_COUNTRY, country_codes, default_value, pack
from fraudchain.scenarios.strict import deferred, tables_as_keys
from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

__all__ = ["MAX_EUR", "Multiplier", "P", "Section", "Share"]     # defined in scenarios/fields.py, used from here

# Bounds on the size of lists and tables in a scenario (assumption: generous for any real scenario; they
# keep validation and the model's setup bounded for hostile input).
MAX_BANDS = 20
MAX_ENTRIES = 100
MAX_REFORMS = 100
MAX_SET_KEYS = 500          # keys one reform may set (a built-in package sets 25)
MAX_NAME = 200


def _unknown_types(names: list[str]) -> str:
    import difflib

    parts = []
    for n in names:
        close = difflib.get_close_matches(n, list(FRAUD_TYPES), n=1, cutoff=0.6)
        parts.append(f"'{n}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return f"unknown fraud type {', '.join(parts)}; allowed: {', '.join(sorted(FRAUD_TYPES))}"


def _check_shares(shares: dict[str, float], what: str) -> dict[str, float]:
    total = sum(shares.values())
    if any(v < 0 for v in shares.values()):
        raise ValueError(f"{what}: shares must be >= 0")
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"{what}: shares must sum to 1 (they sum to {total:.4f})")
    return shares


# --------------------------------------------------------------------------------------------
class RunParams(Section):
    """How long to simulate."""

    years: int = P(3, "years", "assumption: KPIs over the last year; earlier years let actors adapt (plausible 2-5)", ge=1, le=20)
    start_year: int = P(2024, "calendar year", "label only: the first simulated year", ge=2000, le=2100)


# The default country's population facts are data in its pack (scenarios/countries/nl/pack.toml), stated once.
_NL_POP = pack(DEFAULT_COUNTRY).params["population"]


class PopulationParams(Section):
    """The population 15+ and the SMEs, as distributions the model samples from (defaults: the Dutch pack's)."""

    consumers: int = P(_NL_POP["consumers"], "persons 15+", "[cbs_population_2024] implied 15+ population, 2024", ge=1,
                       le=100_000_000)
    smes: int = P(_NL_POP["smes"], "enterprises", "[kvk_register] assumption: ~2.2 M enterprises incl. one-person "
                  "firms; 1.2 M firms that pay invoices by bank transfer", ge=0, le=50_000_000)
    micro_share_of_smes: float = P(default_value("population.micro_share_of_smes"), "share", "assumption from CBS bedrijfsleven: <10 employees", ge=0, le=1)
    age_band_shares: dict[str, Share] = P(
        dict(_NL_POP["age_band_shares"]), "share of persons 15+",
        "[cbs_population_2024] population by age 2024, rounded", max_length=MAX_BANDS)
    digital_skill_by_age: dict[str, Share] = P(
        default_value("population.digital_skill_by_age"), "mean skill score 0-1",
        "assumption ordered as CBS ICT-vaardigheden by age; scale is relative", max_length=MAX_BANDS)
    vulnerable_share: float = P(0.12, "share", "[fca_vulnerability_2021] assumption on its definition; older "
                                "and low-skill persons more often vulnerable", ge=0, le=1)
    savings_median_eur: float = P(default_value("population.savings_median_eur"), "EUR", "assumption near CBS median household savings", ge=0)
    savings_sigma: float = P(1.3, "log-sd", "assumption: lognormal spread of savings", ge=0.1, le=4)
    sme_balance_median_eur: float = P(40_000.0, "EUR", "assumption: SME operating balance", ge=0)
    caution_mean: float = P(0.55, "score 0-1", "assumption: relative scale; gross-negligence standard is set on it",
                            ge=0.05, le=0.95)
    uses_marketplace: float = P(default_value("population.uses_marketplace"), "share of persons", "assumption: Marktplaats reach ~ 2/3 of adults", ge=0, le=1)
    uses_social: float = P(default_value("population.uses_social"), "share of persons", "[cbs_ict_2024] social media use 15+", ge=0, le=1)
    uses_messaging: float = P(default_value("population.uses_messaging"), "share of persons", "[cbs_ict_2024] messaging (WhatsApp) use", ge=0, le=1)
    uses_dating: float = P(0.08, "share of persons", "assumption: active online-dating users", ge=0, le=1)
    repeat_victim_multiplier: float = P(1.5, "x susceptibility", "assumption: repeat victimisation literature "
                                        "(earlier victims are more likely to fall again)", ge=1, le=5)
    skill_concentration: float = P(6.0, "beta concentration of digital skill around its age-band mean",
                                   "assumption: gives a realistic spread within an age band (plausible 3-12)",
                                   ge=0.5, le=100)
    skill_effect: float = P(1.2, "log-change of susceptibility per unit of skill below the mean",
                            "assumption: less digitally skilled people fall for fraud more often (plausible 0.5-2)",
                            ge=0, le=5)
    caution_concentration: float = P(5.0, "beta concentration of caution around caution_mean",
                                     "assumption (plausible 3-12)", ge=0.5, le=100)
    caution_skill_weight: float = P(0.3, "weight of digital skill in a person's caution (the rest: disposition)",
                                    "assumption (plausible 0.1-0.5)", ge=0, le=1)
    vulnerable_multiplier: float = P(1.8, "x susceptibility of vulnerable persons",
                                     "assumption: the FCA's vulnerability characteristics raise the risk of harm "
                                     "(plausible 1.3-3)", ge=1, le=10)
    vulnerability_age_weight: float = P(1.5, "extra relative chance of vulnerability in the oldest age band",
                                        "assumption (plausible 0.5-3)", ge=0, le=10)
    vulnerability_skill_offset: float = P(1.5, "relative chance of vulnerability is (offset - digital skill)",
                                          "assumption: low skill, more often vulnerable (plausible 1.1-3)",
                                          ge=1, le=10)
    sme_balance_sigma: float = P(1.2, "log-sd of SMEs' operating balances", "assumption", ge=0.1, le=4)
    sme_caution_concentration: float = P(6.0, "beta concentration of SMEs' caution around 0.5",
                                         "assumption: same scale as consumers", ge=0.5, le=100)
    sme_micro_multiplier: float = P(1.15, "x susceptibility of micro-enterprises to invoice fraud",
                                    "assumption: no second pair of eyes on payments (plausible 1-2)", ge=0, le=10)
    sme_larger_multiplier: float = P(0.6, "x susceptibility of larger SMEs to invoice fraud",
                                     "assumption: dual control on payments (plausible 0.3-1)", ge=0, le=10)
    bank_shares: dict[str, Share] = P(
        dict(_NL_POP["bank_shares"]),
        "share of payment accounts", "[dnb_acm_banks] assumption: rounded, ING, Rabobank, ABN AMRO dominate",
        max_length=MAX_ENTRIES)
    telecom_shares: dict[str, Share] = P(
        dict(_NL_POP["telecom_shares"]), "share of mobile subscriptions",
        "[acm_telecommonitor] assumption: rounded market shares", max_length=MAX_ENTRIES)

    @field_validator("age_band_shares", "bank_shares", "telecom_shares")
    @classmethod
    def _sum_to_one(cls, v: dict[str, float], info: Any) -> dict[str, float]:
        return _check_shares(v, info.field_name)

    @model_validator(mode="after")
    def _fewer_firms_than_people(self) -> PopulationParams:
        # the model simulates agents x smes / consumers SMEs: more firms than people would multiply the work
        if self.smes > self.consumers:
            raise ValueError(f"smes ({self.smes:,}) must not exceed consumers ({self.consumers:,}): the model "
                             "simulates SMEs in proportion to consumer agents")
        return self

    @model_validator(mode="after")
    def _skill_bands(self) -> PopulationParams:
        if set(self.digital_skill_by_age) != set(self.age_band_shares):
            raise ValueError("digital_skill_by_age must name the same age bands as age_band_shares "
                             f"({sorted(self.age_band_shares)})")
        return self


class FraudTypeParams(TypeBehaviour):
    """The numbers of one fraud type (its qualitative definition is in scenarios/fraud_types.py); payment methods
    and reporting by loss are in scenarios/behaviour_params.py (`TypeBehaviour`)."""

    contact_rate: float = P(0.1, "contacts reaching a reachable target per target per year, before filters",
                            "[cbs_vm_2023] calibrated so ~65 % of people meet an attempt a year",
                            ge=0, le=50)
    susceptibility: float = P(0.01, "probability an average reached target pays",
                              "[cbs_ovec_2024] calibrated to the survey's victim rates", ge=0, le=1)
    loss_median_eur: float = P(300.0, "EUR per payment", "see scenario file", ge=1)
    loss_sigma: float = P(1.0, "log-sd of payment size (heavy tail)", "assumption", ge=0.05, le=4)
    payments_mean: float = P(1.0, "payments per victim", "assumption: >1 for romance/investment (repeated)",
                             ge=1, le=50)
    days_between_payments: float = P(14.0, "days", "assumption", ge=1, le=365)
    card_share: float = P(0.0, "share of payments by card (chargeback possible)",
                          "[thuiswinkel_payments_2016] credit card ~12 % of Dutch online purchases (iDEAL ~56 %); "
                          "per-type values are assumptions (range 0-0.3)", ge=0, le=1)
    name_check_mismatch: float = P(0.5, "share of payments where the payee name differs from what the victim "
                                   "expects", "assumption: mule accounts rarely carry the expected name",
                                   ge=0, le=1)
    bank_report_prob: float = P(0.3, "probability a victim reports (and so claims) at its bank at the type's typical "
                                "loss when it expects no refund (reporting.claim_* add the loss and the refund)",
                                "assumption", ge=0, le=1)
    police_report_prob: float = P(0.18, "probability a victim reports to the police (online form included, as "
                                  "CBS counts it) at the type's typical loss, without a refund that needs the report; "
                                  "whether the police register it is reporting.registration_*",
                                  "[cbs_ovec_2024] about 18 % of victims of online crime say they reported to the police",
                                  ge=0, le=1)
    platform_report_prob: float = P(0.2, "probability a victim reports to the platform/telecom where it started",
                                    "assumption", ge=0, le=1)
    delay_sensitivity: float = P(0.5, "how much a payment delay helps: multiplies banks.delay_stop_share",
                                 "assumption: pressure scams (helpdesk, friend-in-need) unravel when the victim gets "
                                 "time; purchase fraud hardly", ge=0, le=1)
    age_profile: dict[str, Multiplier] = P({}, "susceptibility multiplier per age band (missing bands: 1)",
                                           "assumption from Fraudehelpdesk/police victim age patterns; "
                                           "plausible range 0-10", max_length=MAX_BANDS)
    own_bank_share: float = P(0.8, "share of bank-impersonation cases where the fraudster poses as the victim's "
                              "own bank", "assumption (matters for the goodwill scheme and the EU refund)", ge=0, le=1)
    scam_days: float = P(0.0, "days of grooming before the first payment", "assumption", ge=0, le=365)
    # ---- receiving accounts (issue 11) ----
    recruited_mule_share: float = P(0.5, "share of payments into a recruited money mule's account (the rest go into "
                                    "accounts the group owns or rents long-term: false identities, straw men, "
                                    "foreign accounts)",
                                    "[lmio_2021] about two thirds of purchase-fraud reports link to others through "
                                    "the same account or number; impersonation scams use recruited mules "
                                    "([nvb_mules_2024]); per-type values are assumptions (plausible 0-1); purchase "
                                    "fraud's (marketplace 0.1, web shops 0.05; plausible 0.05-0.4) keep the "
                                    "recruited mules the model needs of the order of the Dutch registrations: at "
                                    "0.4 it would need about 60,000 a year",
                                    ge=0, le=1)
    # --- firms' beliefs (issue 11): how much a victim of this type weighs on the victim's bank -------------
    bank_relevance: float = P(0.5, "weight 0-1 of one victim of this type in a bank's reputation and supervision "
                              "cost, relative to a victim of bank impersonation or unauthorised payment fraud",
                              "assumption: supervisors and the public hold a bank to account for impersonation of "
                              "banks and payment fraud on its customers (weight 1), less for push-payment scams "
                              "its warnings could have interrupted (0.5, plausible 0.3-0.8) and little for a "
                              "purchase that was never delivered (0.1, plausible 0-0.3); docs/validation.md",
                              ge=0, le=1)


class BankParams(BankBehaviour):
    """Banks: sending side (monitoring, warnings, name check, limits, delays) and receiving side (mules)."""

    sending_effort: float = P(0.5, "effort 0-1 (share of the maximum feasible programme)",
                              "assumption: Dutch banks run real-time monitoring already", ge=0, le=1)
    receiving_effort: float = P(0.45, "effort 0-1", "assumption", ge=0, le=1)
    effort_heterogeneity: float = P(0.25, "sd of a bank's effort multiplier (lognormal)",
                                    "assumption: banks differ; lets fraudsters displace to weak banks", ge=0, le=1)
    max_flag_sending: float = P(0.55, "share of fraudulent payments flagged at full effort",
                                "[nvb_measures_2023] assumption; bank measures in 2023 coincided with -45 % "
                                "helpdesk-fraud loss",
                                ge=0, le=1)
    effort_returns: float = P(3.0, "curvature k of detection = (1-exp(-k e))/(1-exp(-k))",
                              "assumption: diminishing returns to effort", ge=0.1, le=20)
    warning_heeded: float = P(0.45, "share of flagged authorised payments the victim cancels",
                              "assumption: scammers coach victims past warnings", ge=0, le=1)
    name_check: bool = P(True, "on/off", "[eu_ipr_2024] IBAN-Naam-Check in NL since 2017; EU verification of "
                                         "payee from Oct 2025")
    name_check_heeded: float = P(default_value("banks.name_check_heeded"), "share of no-match warnings after which the payer stops",
                                 "[surepay_2019] about a third of no-match warnings are ignored", ge=0, le=1)
    daily_limit_eur: float = P(default_value("banks.daily_limit_eur"), "EUR: default daily limit of a payment account (banks not named in "
                               "daily_limit_by_bank); a customer can raise it, after limit_raise_wait_hours",
                               "[ing_limit_2023] assumption: default limits lowered in 2023 (ING EUR 2,000, Rabobank "
                               "and ABN AMRO's app EUR 5,000)", ge=0)
    risky_payment_delay_hours: float = P(0.0, "hours a risky first payment is held",
                                         "system measure; 0 in the status quo (assumption)", ge=0, le=72)
    delay_flag_multiplier: float = P(1.5, "x the flag rate: how much looser the threshold for holding a risky "
                                     "payment is than the threshold for a warning",
                                     "assumption: a time lock may hold more payments than a warning interrupts; "
                                     "plausible 1-3", ge=1, le=5)
    delay_stop_share: float = P(0.3, "share of held payments the victim cancels after reflection",
                                "assumption", ge=0, le=1)
    mule_hazard_max: float = P(0.08, "daily probability an active mule account is caught at full effort",
                               "assumption: median mule lifetime of days to weeks", ge=0, le=1)
    freeze_on_report: float = P(0.85, "probability a reported mule account is frozen on the report",
                                "assumption: no published share of reported mule accounts frozen (docs/evidence.md)",
                                ge=0, le=1)
    freeze_miss_factor: float = P(1.0, "x the share of reported mule accounts not frozen (1 - freeze_on_report) that "
                                  "is realised: 1 = as stated", "assumption: docs/evidence.md (banks.freeze_on_report); "
                                  "a stated 0.95 becomes 0.85-0.975", ge=0, le=20, range=(0.5, 3.0))
    floor_compliance: float = P(1.0, "x a mandated effort floor (sending_effort_floor, receiving_effort_floor, "
                                "regime duty standards) that banks reach", "assumption: no compliance figures for "
                                "mandated fraud-prevention levels (docs/evidence.md, effort floors)", ge=0, le=1,
                                range=(0.5, 1.0))
    cashout_hours_mean: float = P(3.0, "hours from credit to cash-out of the fast share (exponential mean)",
                                  "assumption: instant payments let mules pass money on within hours", ge=0.1, le=720)
    slow_cashout_share: float = P(0.35, "share of the money paid into mule accounts that is moved out slowly "
                                  "(layered through further accounts, daily limits, cash withdrawals) instead of "
                                  "within hours",
                                  "[sg_asc_2019] freezing mule accounts within a few days recovered about 35 % of "
                                  "reported losses in Singapore, against 4-8 % when a freeze took about two weeks: a "
                                  "single cash-out within hours would leave almost nothing either way (share 0.5 with "
                                  "a 6-day mean fits both figures); assumption for the Netherlands (no published "
                                  "figure): lower, range 0.2-0.5", ge=0, le=1, range=(0.2, 0.5))
    slow_cashout_days: float = P(5.0, "days from credit to cash-out of the slow share (exponential mean)",
                                 "[sg_asc_2019] see slow_cashout_share; assumption: range 2-10 days", ge=0.1, le=30,
                                 range=(2.0, 10.0))
    spend_full_effort_eur: float = P(600e6, "EUR per year for the sector at effort 1",
                                     "assumption: Dutch banks' fraud prevention budget order of magnitude", ge=0)
    case_cost_eur: float = P(60.0, "EUR per report handled", "assumption", ge=0)
    sending_effort_floor: float = P(0.0, "mandated minimum sending-side effort 0-1",
                                    "policy lever (system measures); regime duties add their own floor", ge=0, le=1)
    receiving_effort_floor: float = P(0.0, "mandated minimum receiving-side effort 0-1", "policy lever", ge=0, le=1)
    receiving_effort_by_bank: dict[str, Share] = P({}, "effort 0-1 of named banks (population.bank_shares), "
                                                   "replacing receiving_effort for them",
                                                   "policy lever: a weak or strong receiving bank (what-if)",
                                                   max_length=MAX_ENTRIES)


class PlatformParams(Section):
    """Online platforms: marketplace, social media/ads, messaging."""

    effort: float = P(0.3, "effort 0-1 (seller/advertiser verification, ad screening)",
                      "[ecp_position_paper_2025] ECP position paper; assumption: platforms are mostly "
                      "outside the Dutch approach", ge=0, le=1)
    max_block: float = P(0.5, "share of fraudulent contacts blocked at full effort", "assumption", ge=0, le=1)
    effort_returns: float = P(3.0, "curvature k of blocking = (1-exp(-k e))/(1-exp(-k))",
                              "assumption: diminishing returns to effort, as for banks (plausible 1-6)", ge=0.1, le=20)
    takedown_hours_median: float = P(72.0, "hours from notice to takedown", "[dsa_2022] assumption: "
                                                                            "notice-and-action sets no deadline",
                                     ge=0.5, le=2000)
    notice_acted_share: float = P(0.6, "share of notices that lead to a takedown", "assumption", ge=0, le=1)
    proactive_takedown_max: float = P(0.08, "daily probability an active fraud account/ad is found at effort 1",
                                      "assumption", ge=0, le=1)
    spend_full_effort_eur: float = P(150e6, "EUR per year for the sector at effort 1", "assumption", ge=0)
    case_cost_eur: float = P(10.0, "EUR per report handled", "assumption", ge=0)
    effort_floor: float = P(0.0, "mandated minimum effort 0-1", "policy lever (system measures)", ge=0, le=1)
    # --- revenue from fraud (issue 11): what scam adverts and fraudulent sellers pay the platform -----------
    fraud_revenue_per_contact_eur: dict[Literal["marketplace", "social_media", "messaging"], Annotated[
        float, Field(ge=0, le=1_000)]] = P(
        {"marketplace": 0.05, "social_media": 6.0, "messaging": 0.0},
        "by platform kind: EUR the platform earns per fraudulent contact that gets past its defences",
        "[reuters_meta_scam_ads_2025] Meta's internal estimate: ~10 % of 2024 revenue from scam and banned-goods "
        "adverts, ~4.4 % from 'higher-risk' scam adverts alone (upper anchor); [meta_arpu_2023] Meta's revenue "
        "per European user ~USD 75 a year; assumption: 4 % of an ad platform's Dutch revenue (~11 M users x "
        "~EUR 70 = ~EUR 0.75 bn) = ~EUR 30 M a year, over the model's ~5 M social-media fraud contacts a year "
        "that pass the filters = ~EUR 6 per contact (plausible 3-15: the 2-10 % band); marketplaces: mostly "
        "free C2C listings, EUR 0-2 per fraudulent listing spread over ~10-40 buyers contacted = EUR 0.05 "
        "(plausible 0-0.2); messaging carries no adverts (0). docs/validation.md")
    verification: float = P(0.0, "share of fraudulent sellers'/advertisers' contacts stopped by mandatory identity "
                            "verification (fraud types whose contact comes from a seller or advertiser account only)",
                            "[reuters_meta_verification_2025] [sg_tsr_2024] system measure; 0 in the status quo "
                            "(DSA art. 30 covers traders, not the private sellers most purchase fraud uses); the "
                            "measure's value and range: docs/evidence.md",
                            ge=0, le=1)
    verification_factor: float = P(1.0, "x the stated verification effect that is realised (1 = as stated)",
                                   "[reuters_meta_verification_2025] [sg_tsr_2024] docs/evidence.md: a stated 0.25 "
                                   "becomes 0.05-0.5", ge=0, le=20, range=(0.2, 2.0))
    floor_compliance: float = P(1.0, "x a mandated effort floor (effort_floor, regime duty standards) that platforms "
                                "reach", "assumption: no compliance figures (docs/evidence.md, effort floors)", ge=0,
                                le=1, range=(0.5, 1.0))


class TelecomParams(Section):
    """Telecom operators: anti-spoofing, SMS sender-ID filtering, blocking numbers."""

    effort: float = P(0.4, "effort 0-1", "assumption", ge=0, le=1)
    anti_spoofing: float = P(0.3, "share of bank-impersonation calls that no longer reach a victim who believes "
                             "them (net of fraudsters switching to unspoofed numbers)",
                             "[nos_spoofing_2024] partial blocking of listed bank numbers in the status quo; the "
                             "measure's value and range: docs/evidence.md", ge=0, le=1)
    sms_filter: float = P(0.2, "share of phishing SMS contacts stopped by sender-ID filtering (net of substitution "
                          "within the channel)", "[sg_ssir_2023] status quo: operators' own filters; the measure's "
                          "value and range: docs/evidence.md", ge=0, le=1)
    anti_spoofing_factor: float = P(1.0, "x the stated anti_spoofing effect that is realised (1 = as stated)",
                                    "[traficom_spoofing_2023] [nasc_targeting_scams_2023] docs/evidence.md: a stated "
                                    "0.6 becomes 0.4-0.85", ge=0, le=20, range=(0.67, 1.42))
    sms_filter_factor: float = P(1.0, "x the stated sms_filter effect that is realised (1 = as stated)",
                                 "[sg_ssir_2023] [nasc_targeting_scams_2023] docs/evidence.md: a stated 0.45 becomes "
                                 "0.2-0.7", ge=0, le=20, range=(0.44, 1.56))
    floor_compliance: float = P(1.0, "x a mandated effort floor (effort_floor, regime duty standards) that operators "
                                "reach", "assumption: no compliance figures (docs/evidence.md, effort floors)", ge=0,
                                le=1, range=(0.5, 1.0))
    max_block: float = P(0.3, "extra share of fraud contacts blocked at effort 1 (scam filters)", "assumption",
                         ge=0, le=1)
    effort_returns: float = P(3.0, "curvature k of blocking = (1-exp(-k e))/(1-exp(-k))",
                              "assumption: diminishing returns to effort, as for banks (plausible 1-6)", ge=0.1, le=20)
    notice_acted_share: float = P(0.8, "share of notices about a number that lead to blocking it",
                                  "assumption: operators block reported numbers more readily than platforms remove "
                                  "accounts (plausible 0.5-0.95)", ge=0, le=1)
    number_block_hours: float = P(48.0, "hours from report to blocking a number", "assumption", ge=0.5, le=2000)
    proactive_takedown_max: float = P(0.06, "daily probability a fraud number is found at effort 1",
                                      "assumption", ge=0, le=1)
    spend_full_effort_eur: float = P(40e6, "EUR per year for the sector at effort 1", "assumption", ge=0)
    case_cost_eur: float = P(8.0, "EUR per report handled", "assumption", ge=0)
    effort_floor: float = P(0.0, "mandated minimum effort 0-1", "policy lever (system measures)", ge=0, le=1)


class InsurerParams(Section):
    """Insurers covering part of fraud losses (households: online purchase fraud; SMEs: cyber/fraud cover)."""

    consumer_cover_share: float = P(0.12, "share of consumers with online-fraud cover",
                                    "assumption: cover in some home-contents policies", ge=0, le=1)
    sme_cover_share: float = P(0.2, "share of SMEs with fraud cover", "assumption", ge=0, le=1)
    cap_eur: float = P(2_500.0, "EUR per claim (consumers)", "assumption: typical policy limit", ge=0)
    sme_cap_eur: float = P(25_000.0, "EUR per claim (SMEs)", "assumption", ge=0)
    excess_eur: float = P(100.0, "EUR per claim", "assumption", ge=0)
    claim_share: float = P(0.5, "share of covered victims who claim", "assumption", ge=0, le=1)
    requires_police_report: bool = P(True, "on/off", "assumption: a common policy condition")
    prevention_demand: float = P(0.0, "relative cut in susceptibility of insured SMEs by required measures",
                                 "[ecp_position_paper_2025] ECP position paper; assumption: insurers may "
                                 "demand prevention", ge=0, le=1)
    loading: float = P(0.35, "premium loading on expected claims", "assumption", ge=0, le=3)
    settlement_days: float = P(30.0, "days from the later of police report and claim to the insurer's payment",
                               "assumption: insurers settle within about a month (plausible 14-60)", ge=0, le=365)


class FraudsterParams(Section):
    """Fraudster groups: effort, adaptation (displacement), entry/exit, costs."""

    groups: int = P(40, "groups at the start", "assumption: order of magnitude of organised groups", ge=1, le=2000)
    adaptation_rate: float = P(0.25, "share of the gap to the preferred mix closed per month",
                               "assumption: bounded rationality", ge=0, le=1)
    profit_elasticity: float = P(1.0, "elasticity of substitution: the substitutable resources' share on a type "
                                 "is proportional to its reference share x (relative profit per contact)^this",
                                 "assumption: CES/logit allocation; no published estimate for fraud types; with "
                                 "substitutable_share it bounds displacement (plausible 0.5-3)", ge=0, le=5,
                                 range=(0.5, 3.0))
    # ---- specialisation (issue 11): capacity per type is mostly specific ----------------------------------
    substitutable_share: float = P(0.25, "share of a group's resources that can move between fraud types",
                                   "[guerette_bowers_2009] offence-type displacement was seen in 26 % of "
                                   "examinations and, where seen, was smaller than the prevention effect; chip and "
                                   "PIN gives at most about 0.5 ([apacs_chip_pin_2006]); the Dutch skimming fall "
                                   "about 0 ([nvb_skimming_2014]); plausible 0-0.5", ge=0, le=1, range=(0.0, 0.5))
    between_nest_elasticity: float = P(0.0, "elasticity of substitution of substitutable resources between skill "
                                       "nests (within a nest: profit_elasticity)",
                                       "[guerette_bowers_2009] displacement, where seen, goes mostly to similar "
                                       "offences and is smaller than the prevention effect; assumption: none across "
                                       "skills by default, as a sensitivity up to 0.5 (a euro of a helpdesk caller's "
                                       "resources moved into purchase fraud makes about ten times the victims)",
                                       ge=0, le=5, range=(0.0, 0.5))
    skill_nests: dict[str, str] = P({"bank_helpdesk": "impersonation", "phishing": "impersonation",
                                     "friend_in_need": "impersonation", "marketplace": "purchase",
                                     "fake_webshop": "purchase", "investment": "long_con", "romance": "long_con",
                                     "invoice": "business", "selling": "purchase", "payment_request": "sms_links",
                                     "impersonation": "impersonation"},
                                    "fraud type -> skill nest (types not listed form a nest of their own)",
                                    "assumption: groups specialise by skill and tooling (call centres and spoofing; "
                                    "shops and adverts; grooming; business e-mail; mass SMS with payment links)",
                                    max_length=MAX_ENTRIES)
    type_exit_elasticity: float = P(0.5, "elasticity of a group's specific capacity on a type to the type's relative "
                                    "profit per contact (entry and exit per type)",
                                    "assumption: specialists leave a type that stops paying, partly (plausible 0-1)",
                                    ge=0, le=3, range=(0.0, 1.0))
    entry_elasticity: float = P(0.3, "elasticity of the number of groups to relative profit per group",
                                "assumption: weak evidence; groups also move to other crimes or countries", ge=0,
                                le=5)
    bank_displacement: float = P(2.0, "exponent: preference for receiving banks that catch fewer mules",
                                 "assumption", ge=0, le=10)
    cost_per_contact_eur: float = P(0.04, "EUR per contact attempt", "assumption", ge=0)
    instrument_cost_eur: float = P(60.0, "EUR per new number, ad/account or site", "assumption", ge=0)
    instruments_per_type: float = P(20.0, "parallel instruments (numbers, accounts, sites) a group runs per "
                                    "fraud type nationally", "assumption", ge=1, le=10_000)
    disruption_per_suspect: float = P(0.0005, "share of a group's capacity lost per identified suspect",
                                      "assumption: most identified suspects are mules or low-level members", ge=0,
                                      le=1)
    recovery_per_month: float = P(0.1, "share of lost capacity a group rebuilds per month", "assumption", ge=0,
                                  le=1)
    capacity_spread: float = P(0.3, "log-sd of groups' contact capacity at the start",
                               "assumption: groups differ in size (plausible 0-1)", ge=0, le=2)
    speed_spread: float = P(0.3, "log-sd of groups' adaptation speed around adaptation_rate",
                            "assumption: groups differ in how fast they adapt (plausible 0-1)", ge=0, le=2)
    dissolve_below: float = P(0.2, "share of its starting capacity below which a disrupted group dissolves",
                              "assumption (plausible 0.05-0.5)", ge=0, le=1)
    entry_adjustment: float = P(0.5, "share of the gap to the supported number of groups closed per quarter",
                                "assumption: partial adjustment (plausible 0.2-1)", ge=0, le=1)
    profit_smoothing: float = P(0.2, "weight of the latest month in the groups' smoothed profit (EMA)",
                                "assumption: half-life of about 3 months (plausible 0.1-0.5)", ge=0.01, le=1)
    frozen_share_prior: float = P(0.1, "share of fraud money frozen before cash-out that groups expect at the start",
                                  "assumption; replaced by what they see within weeks", ge=0, le=1)
    frozen_share_smoothing: float = P(0.02, "weight of each day's cash-outs in the groups' view of the frozen share",
                                      "assumption: a view over about 50 days of cash-outs (plausible 0.01-0.1)",
                                      ge=0.001, le=1)


class MuleParams(Section):
    """Money-mule accounts (geldezels / katvangers)."""

    credits_per_account_day: float = P(0.5, "fraudulent credits a group routes through one mule account per day",
                                       "assumption: groups spread payments over accounts to stay below "
                                       "monitoring thresholds; sets how many accounts a group runs", ge=0.01, le=50)
    own_credits_per_account_day: float = P(3.0, "fraudulent credits a group routes through one account it owns or "
                                           "rents per day", "[lmio_2021] the police inform the bank at the third "
                                           "report on an account and 20-47 % of payers report, so such an account "
                                           "takes about 6-15 victims' payments; assumption: a few a day (plausible "
                                           "1-10)", ge=0.01, le=100, range=(1.0, 10.0))
    accounts_per_mule: float = P(1.33, "receiving accounts per recruited money mule",
                                 "[europol_emma_2022] Portuguese EMMA results: 349 accounts of 262 mules "
                                 "(plausible 1-2)", ge=1, le=10)
    recruit_delay_days: float = P(3.0, "days to replace a blocked account", "assumption", ge=0, le=60)
    max_use_days: int = P(30, "days a group uses an account before dropping it", "assumption", ge=1, le=365)
    fee_share: float = P(0.15, "share of cash-out paid to the mule", "assumption", ge=0, le=1)
    young_share: float = P(0.6, "share of mule account holders aged 15-24",
                           "assumption: police and banks report mostly young mules recruited on social media",
                           ge=0, le=1)
    recruitment_cost_eur: float = P(40.0, "EUR per recruited account (upfront; mules are mostly paid a fee share)",
                                    "assumption: recruitment via social media costs little", ge=0)
    urgent_recruitment_multiplier: float = P(2.0, "x recruitment cost when a group has no usable account left "
                                             "and must recruit at once", "assumption (plausible 1-4)", ge=1, le=10)


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
    claim_loss_slope: float = P(0.85, "change in the log-odds of reporting to the bank per unit of log loss "
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
    support_police_uplift: float = P(0.3, "chance that a supported victim who had not filed a police report files "
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
            raise ValueError(_unknown_types(bad))
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
    data_sharing_scope: float = P(0.2, "share of fraud signals members may lawfully share",
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
    analyst_cost_eur: float = P(120_000.0, "EUR per analyst (FTE) a year, overhead included",
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
        ["banks"], "sectors in the hub at the start", "assumption: bank pilots only")
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
    fragmentation: float = P(0.3, "share of signals lost to parallel initiatives",
                             "[ecp_position_paper_2025] ECP position paper: fragmentation of initiatives; the value "
                             "is an assumption", ge=0, le=1)
    participation_barrier_eur: float = P(3_000_000.0, "EUR per year: perceived cost of joining for platforms, "
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
RULE_DRAWN_FIELDS = ("excess_applied_share", "out_of_scope_share", "acceptance", "gross_negligence_proof")


class LiabilityRule(Section):
    """One rule of a liability regime: which losses it covers and who pays which share."""

    name: str = Field(description="short name")
    cites: str = Field(description="the regulation or scheme this rule encodes")
    fraud_types: list[str] = Field(default_factory=lambda: ["*"])
    payment_kinds: list[Literal["authorised", "unauthorised", "card", "wallet", "crypto", "cash"]] = Field(
        default_factory=lambda: list(BANK_KINDS))
    victim_kinds: list[Literal["consumer", "micro", "sme"]] = Field(
        default_factory=lambda: ["consumer", "micro", "sme"])
    payers: dict[str, Share] = Field(
        default_factory=lambda: {"sending_bank": 1.0},
        description="shares of the covered loss, must sum to 1: sending_bank, receiving_bank, origin (the platform "
        "or telecom where the contact started), victim, or a registered actor (it pays only for losses that went "
        "through it; otherwise its share stays with the victim)")
    cap_eur: float | None = Field(None, ge=0, le=MAX_EUR, description="maximum reimbursed per claim (EUR)")
    excess_eur: float = Field(0.0, ge=0, le=MAX_EUR, description="victim keeps this first part of each claim (EUR)")
    excess_exempt_vulnerable: bool = True
    gross_negligence: bool = Field(False, description="no reimbursement if caution below the standard "
                                   "(never applied to vulnerable victims)")
    gross_negligence_proof: float = Field(0.5, ge=0, le=1, description="probability the payer proves negligence")
    requires_police_report: bool = False
    requires_claim: bool = Field(True, description="the victim must report to the bank")
    requires_own_bank_impersonation: bool = False
    once_per_victim: bool = False
    claim_window_days: float | None = Field(None, ge=0, le=3650)
    decision_days: float = Field(15.0, ge=0, le=400, description="median days from claim to decision")
    acceptance: float = Field(1.0, ge=0, le=1, description="probability the payer honours an eligible claim "
                              "(below 1 for voluntary schemes)")
    waterfall: list[Duty] = Field(default_factory=list, description="duty-breach payers in order; if set, "
                                  "`payers` is ignored")
    waterfall_mode: Literal["first", "shared"] = "first"
    waterfall_default: Literal["victim", "sending_bank", "receiving_bank"] = Field(
        "victim", description="who pays when no party in the waterfall breached its duty")
    origin_fallback: Literal["victim", "sending_bank"] = Field(
        "victim", description="who takes the origin's share when the contact started outside a platform or "
        "telecom network (e.g. e-mail)")
    penalty_eur_per_breach: float = Field(0.0, ge=0, le=MAX_EUR)
    # ---- the rule as firms apply it (issue 11: claims) ----
    excess_applied_share: float = Field(
        1.0, ge=0, le=1, description="share of claims on which the paying firm deducts the excess (an optional "
        "excess is charged by only some firms); 1: the excess as written is charged on every claim it may be")
    out_of_scope_share: float = Field(
        0.0, ge=0, le=1, description="share of claims under this rule the firm refuses as outside its scope (civil "
        "disputes, first-party fraud, payments the rule does not cover), drawn once per case")
    applied_cites: str = Field("", max_length=2000, description="the source (publication, year, figure) or stated "
                               "assumption with a range for excess_applied_share and out_of_scope_share; required "
                               "when either differs from its default")
    ranges: dict[Literal[RULE_DRAWN_FIELDS], Annotated[list[Share], Field(min_length=2, max_length=2)]] = Field(
        default_factory=dict, description="the plausible range (low, high) of how firms apply this rule, per field "
        "(excess_applied_share, out_of_scope_share, acceptance, gross_negligence_proof): `--uncertainty assumptions` "
        "draws the field from it (docs/evidence.md); the stated value must lie inside")
    draw_as: str = Field("", max_length=MAX_NAME, description="the name under which this rule's ranged fields are "
                         "drawn (default: its own name): rules that are the same practice under another regime's law "
                         "share one draw, so comparisons between regimes stay paired")

    @property
    def draw_name(self) -> str:
        return self.draw_as or self.name

    @model_validator(mode="after")
    def _ranges_hold_the_value(self) -> LiabilityRule:
        bad = [f"{k} {getattr(self, k)} outside [{lo}, {hi}]" for k, (lo, hi) in self.ranges.items()
               if not lo <= getattr(self, k) <= hi]
        if bad:
            raise ValueError("ranges: the stated value must lie inside its range: " + "; ".join(bad))
        return self

    @model_validator(mode="after")
    def _applied_cited(self) -> LiabilityRule:
        if (self.excess_applied_share < 1.0 or self.out_of_scope_share > 0.0) and not self.applied_cites.strip():
            raise ValueError("rule sets excess_applied_share or out_of_scope_share: give applied_cites (a source, "
                             "or 'assumption: ...' with a range)")
        return self

    @field_validator("payers")
    @classmethod
    def _payers_sum(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        from fraudchain.scenarios.registry import ACTORS

        allowed = ["sending_bank", "receiving_bank", "origin", "victim", *ACTORS]
        bad = [k for k in v if k not in allowed]
        if bad and not deferred(info):
            raise ValueError(f"unknown payer(s) {bad}; allowed: {', '.join(allowed)}")
        return _check_shares(v, "payers")

    @field_validator("fraud_types")
    @classmethod
    def _known_types(cls, v: list[str], info: ValidationInfo) -> list[str]:
        bad = [t for t in v if t != "*" and t not in FRAUD_TYPES]
        if bad and not deferred(info):
            raise ValueError(_unknown_types(bad) + " or '*'")
        return v


class Duty(Section):
    """A duty a party must meet; breached -> it pays (waterfall)."""

    party: Literal["sending_bank", "receiving_bank", "origin"]
    kind: Literal["effort", "notified", "name_check"] = Field(
        "effort", description="'effort': its prevention effort is below `standard` (breach probability grows "
        "with the shortfall); 'notified': it was told about the fraud instrument and had not removed it; "
        "'name_check': the sending bank offered no payee-name check and the name did not match")
    standard: float = Field(0.6, ge=0, le=1)


LiabilityRule.model_rebuild()


class LiabilityParams(Section):
    """Who carries which loss: a regime (built-in name or custom rules) and consumer responses."""

    regime: str = P("nl_status_quo", "regime name",
                     "scenarios/regimes/*.toml: each rule cites the regulation it encodes (docs/sources.md)")
    rules: list[LiabilityRule] | None = P(None, "rules", "scenarios/regimes/*.toml format: a custom regime that "
                                          "replaces the named regime's rules", max_length=MAX_ENTRIES)
    moral_hazard: float = P(0.0, "relative fall in caution at full expected reimbursement",
                            "[psr_dashboard_2025] the PSR found 'no indication of people being significantly less "
                            "cautious' in the first year of mandatory reimbursement and refusals for lack of care "
                            "stayed near 3 % of claims; [tsb_guarantee_2020] TSB refused under 1 % of claims under its "
                            "full refund guarantee. Before-after comparisons cannot exclude a small effect, so the "
                            "concern is kept as a sensitivity range 0-0.05 (at 0.05 caution falls by 5 % at full "
                            "expected reimbursement)", ge=0, le=1, range=(0.0, 0.05))
    rule_values: dict[str, dict[Literal[RULE_DRAWN_FIELDS], Share]] = P(
        {}, "rule name -> field -> value: replaces that field of the rule drawn under that name in whichever regime "
        "is in force", "scenarios/regimes/*.toml: each rule's `ranges`, drawn by `--uncertainty assumptions` (one value "
        "per rule name in every regime); docs/evidence.md", max_length=MAX_ENTRIES)
    gross_negligence_standard: float = P(0.25, "caution score below which a victim is grossly negligent",
                                         "assumption on the caution scale", ge=0, le=1)
    gbp_eur: float = P(1.17, "EUR per GBP", "assumption: 2024-2025 average rate", ge=0, le=100)
    sgd_eur: float = P(0.69, "EUR per SGD", "assumption: 2024-2025 average rate", ge=0, le=100)
    aud_eur: float = P(0.61, "EUR per AUD", "assumption: 2024-2025 average rate", ge=0, le=100)


class IncentiveParams(Section):
    """How firms choose prevention effort (bounded rationality)."""

    enabled: bool = P(True, "on/off", "assumption")
    review_days: int = P(91, "days between effort reviews (quarterly)", "assumption", ge=7, le=730)
    adjustment: float = P(0.35, "share of the gap to the cost-minimising effort closed per review",
                          "assumption: partial adjustment, budgets are sticky", ge=0, le=1)
    max_step: float = P(0.1, "largest effort change per review", "assumption", ge=0, le=1)


# --------------------------------------------------------------------------------------------
class CostParams(Section):
    """What measures and report handling cost, and who pays: implementation (one-off, annualised over a
    stated life at the discount rate, plus yearly), friction for legitimate users, handling per report
    by channel, fixed desk costs and victims' time. Read by sim/engine/costs.py; the model's behaviour does not
    depend on them."""

    discount_rate: float = P(default_value("costs.discount_rate"), "per year (real)", "[werkgroep_discontovoet_2020] Dutch standard "
                                                        "discount rate for cost-benefit analysis "
                             "(Rapport Werkgroep discontovoet 2020: 2.25 %)", ge=0, le=0.2, range=(0.016, 0.04))
    value_of_time_eur_per_hour: float = P(15.0, "EUR per hour of a person's time",
                                          "assumption: order of the Dutch statutory minimum wage (EUR 13.27 gross an "
                                          "hour in 2024) and of the leisure-time values used in Dutch MKBA",
                                          ge=0, range=(10, 25))
    online_payments_per_year: float = P(default_value("costs.online_payments_per_year"), "legitimate online payments by Dutch consumers and SMEs a year "
                                        "(iDEAL + online-banking transfers)",
                                        "[currence_ideal_2021] 1.143 bn iDEAL payments in 2021 (reported "
                                        "January 2022), growing; "
                                        "assumption: ~1.5 bn iDEAL plus ~1.3 bn other online transfers in 2024",
                                        ge=0, range=(2.0e9, 3.6e9))
    lost_trade_surplus_eur: float = P(15.0, "EUR of buyer + seller surplus lost when a legitimate payment or "
                                      "sale is abandoned", "assumption: small online purchases and second-hand trades",
                                      ge=0, range=(5, 40))
    # --- platform seller/advertiser verification (platforms.verification) -------------------------
    verification_full_level: float = P(0.25, "platforms.verification at which every seller/advertiser is verified "
                                       "(the cost follows the stated value, not the drawn effect)",
                                       "[reuters_meta_verification_2025] universal verification's net effect: "
                                       "docs/evidence.md (verified identities still leave rented and stolen ones)",
                                       ge=0.01, le=1)
    verification_one_off_eur: float = P(12e6, "EUR one-off for the platforms at full coverage",
                                        "assumption: identity-verification integration (DSA art. 30 goes part way)",
                                        ge=0, range=(5e6, 30e6))
    verification_life_years: float = P(5.0, "years over which the one-off is annualised", "assumption", ge=1, le=30)
    verification_yearly_eur: float = P(6e6, "EUR a year at full coverage (checks, reviews)",
                                       "assumption: ~EUR 2 per verified account", ge=0, range=(2e6, 15e6))
    verified_accounts_per_year: float = P(3e6, "legitimate sellers/advertisers verified a year at full coverage",
                                          "assumption: active private and business sellers on Dutch marketplaces and "
                                          "advertisers on social media", ge=0, range=(1e6, 6e6))
    verification_minutes: float = P(10.0, "minutes of a legitimate seller's time per verification", "assumption",
                                    ge=0, range=(5, 30))
    verification_abandon_share: float = P(0.03, "share of verified legitimate sellers who give up a sale",
                                          "assumption", ge=0, le=1, range=(0.01, 0.1))
    # --- anti-spoofing (telecoms.anti_spoofing) -----------------------------------------------------
    anti_spoofing_full_level: float = P(0.6, "telecoms.anti_spoofing a full network-level mandate achieves (full "
                                        "cost; the status quo's 0.3 is half-built)",
                                        "[traficom_spoofing_2023] docs/evidence.md (telecoms.anti_spoofing)",
                                        ge=0.01, le=1)
    anti_spoofing_one_off_eur: float = P(10e6, "EUR one-off for the operators at full blocking",
                                         "assumption: network changes; Dutch operators started in 2023",
                                         ge=0, range=(5e6, 25e6))
    anti_spoofing_life_years: float = P(7.0, "years", "assumption", ge=1, le=30)
    anti_spoofing_yearly_eur: float = P(3e6, "EUR a year at full blocking", "assumption", ge=0, range=(1e6, 8e6))
    anti_spoofing_blocked_legit_calls: float = P(2e6, "legitimate calls blocked a year at full blocking",
                                                 "assumption: firms that show a number they do not own",
                                                 ge=0, range=(2e5, 5e6))
    blocked_contact_minutes: float = P(3.0, "minutes lost per blocked legitimate call or SMS", "assumption",
                                       ge=0, range=(1, 10))
    # --- SMS sender-ID filter and registry (telecoms.sms_filter) ----------------------------------
    sms_filter_full_level: float = P(0.45, "telecoms.sms_filter a mandatory sender-ID registry with network "
                                     "filters achieves (full cost)", "[sg_ssir_2023] docs/evidence.md "
                                     "(telecoms.sms_filter)", ge=0.01, le=1)
    sms_filter_one_off_eur: float = P(5e6, "EUR one-off at full filtering (sender-ID registry, filters)",
                                      "assumption: cf. Singapore's SMS sender-ID registry", ge=0, range=(2e6, 12e6))
    sms_filter_life_years: float = P(5.0, "years", "assumption", ge=1, le=30)
    sms_filter_yearly_eur: float = P(4e6, "EUR a year at full filtering", "assumption", ge=0, range=(1e6, 8e6))
    sms_filter_government_share: float = P(0.25, "share paid by the state (the registry)",
                                           "assumption: a public registry, operators filter", ge=0, le=1)
    sms_blocked_legit: float = P(5e6, "legitimate SMS blocked a year at full filtering (unregistered senders)",
                                 "assumption", ge=0, range=(1e6, 2e7))
    # --- delays on risky first payments (banks.risky_payment_delay_hours) ---------------------------
    delay_one_off_eur: float = P(15e6, "EUR one-off for the banks (holding and release flows)", "assumption",
                                 ge=0, range=(5e6, 40e6))
    delay_life_years: float = P(7.0, "years", "assumption", ge=1, le=30)
    delay_cost_per_held_eur: float = P(1.0, "bank cost per held legitimate payment (release, some calls)",
                                       "assumption", ge=0, range=(0.3, 3))
    delay_legit_held_share: float = P(0.004, "share of legitimate online payments held (risky first payments to "
                                      "new payees)", "assumption: monitoring flags well under 1 % of payments",
                                      ge=0, le=1, range=(0.001, 0.01))
    delay_confirm_minutes: float = P(5.0, "minutes of the payer's time per held payment", "assumption",
                                     ge=0, range=(2, 15))
    delay_abandon_share: float = P(0.05, "share of held legitimate payments abandoned at a 24-hour hold",
                                   "assumption: scales with the hold (hours / 24, at most 1)", ge=0, le=1,
                                   range=(0.01, 0.15))
    # --- payment limits (banks.daily_limit_eur) -----------------------------------------------------
    limit_share_above_10k: float = P(0.002, "share of legitimate online payments above EUR 10,000",
                                     "assumption", ge=0, le=1, range=(0.0005, 0.005))
    limit_tail_index: float = P(1.0, "Pareto index of legitimate payment sizes above the limit: the share above "
                                "L is share_above_10k x (10,000 / L)^index", "assumption", ge=0.1, le=5,
                                range=(0.6, 1.5))
    limit_raise_minutes: float = P(5.0, "minutes of the payer's time to raise a limit", "assumption", ge=0,
                                   range=(2, 15))
    limit_raise_cost_eur: float = P(1.0, "bank cost per limit raise", "assumption", ge=0, range=(0.2, 3))
    # --- name check (banks.name_check) ---------------------------------------------------------------
    name_check_yearly_eur: float = P(12e6, "EUR a year for the sector (service fees, operations; built in 2017, "
                                     "no one-off left)", "assumption", ge=0, range=(5e6, 25e6))
    name_check_warning_share: float = P(0.02, "share of legitimate payments with a no-match or close-match warning",
                                        "assumption", ge=0, le=1, range=(0.005, 0.05))
    name_check_minutes: float = P(0.5, "minutes of the payer's time per warning", "assumption", ge=0,
                                  range=(0.25, 2))
    name_check_abandon_share: float = P(0.02, "share of warned legitimate payments abandoned", "assumption",
                                        ge=0, le=1, range=(0.0, 0.05))
    # --- fraud hub and Een Loket (their yearly running costs are hub.* and een_loket.*) -------------
    hub_one_off_eur: float = P(5e6, "EUR one-off to set up the hub (governance, data infrastructure)",
                               "assumption", ge=0, range=(2e6, 15e6))
    hub_life_years: float = P(5.0, "years", "assumption", ge=1, le=30)
    hub_one_off_government_share: float = P(0.5, "share of the hub's set-up paid by the state", "assumption",
                                            ge=0, le=1)
    loket_one_off_eur: float = P(10e6, "EUR one-off to build Een Loket (intake, routing to every party)",
                                 "assumption", ge=0, range=(5e6, 25e6))
    loket_life_years: float = P(5.0, "years", "assumption", ge=1, le=30)
    loket_fixed_eur_per_year: float = P(6e6, "EUR a year fixed cost of the desk (staff base, systems), paid by the "
                                        "state", "assumption", ge=0, range=(3e6, 12e6))
    fraudehelpdesk_fixed_eur_per_year: float = P(default_value("costs.fraudehelpdesk_fixed_eur_per_year"), "EUR a year fixed cost of the Fraudehelpdesk paid by the "
                                                 "state; Een Loket absorbs it where it is open",
                                                 "[nl_fhd_eval_2024] the ministry of Justice and Security is its only "
                                                 "national subsidiser, EUR 1 M in 2023; assumption: range 0.5-2 M",
                                                 ge=0, range=(0.5e6, 2e6))
    # --- report handling by channel (manual intake costs are banks/police/reporting.*_case_cost_eur) ----
    routed_bank_case_cost_eur: float = P(35.0, "EUR per routed report a bank handles (recall, claim; no intake call)",
                                         "assumption: below banks.case_cost_eur because the desk did the intake",
                                         ge=0, range=(20, 60))
    police_routed_registration_cost_eur: float = P(20.0, "EUR per registration made from a routed report",
                                                   "assumption: digital registration, below police.case_cost_eur",
                                                   ge=0, range=(10, 40))
    police_triage_cost_eur: float = P(3.0, "EUR per forwarded report the police screen but do not register",
                                      "assumption", ge=0, range=(1, 8))
    # --- victims' time per desk contacted (valued at value_of_time_eur_per_hour) ----------------------
    hours_bank: float = P(1.0, "hours of a victim's time to report to the bank", "assumption", ge=0, range=(0.5, 2))
    hours_police: float = P(2.0, "hours to file an aangifte (online or at a station)", "assumption", ge=0,
                            range=(1, 4))
    hours_fraudehelpdesk: float = P(0.5, "hours to report to the Fraudehelpdesk", "assumption", ge=0,
                                    range=(0.25, 1))
    hours_platform: float = P(0.5, "hours to report to a platform or telecom", "assumption", ge=0, range=(0.25, 1))
    hours_loket: float = P(1.0, "hours to report once to Een Loket", "assumption", ge=0, range=(0.5, 2))


class HarmParams(Section):
    """Victims' non-financial harm (wellbeing) per victim, by fraud type and loss. Read by sim/engine/harm.py.

    harm = scale x type multiplier x g(loss) (x sme_factor for SMEs), less relief when money comes back, with
    g(L) = base_share + (1 - base_share) x min((L / loss_reference_eur) ^ loss_elasticity, size_cap); the scale
    is set so that the survey's average victim (its mix of losses, a quarter with none, and 43 % refunded) gets
    the published per-victim value. docs/evidence.md (harm) gives the reasoning."""

    wellbeing_per_victim_gbp: float = P(
        2509.0, "GBP per victim (one year's wellbeing loss)",
        "[which_wellbeing_2021] Which? with Simetrica-Jacobs, Scams and subjective wellbeing (November "
        "2021): CSEW 2017-2020, life "
        "satisfaction valued with HM Treasury's wellbeing guidance; GBP 2,509 per fraud victim (GBP 3,684 for online "
        "fraud). Low end of the range: assumption (lower WELLBY value, selection of unhappier people into "
        "victimisation)", ge=0, range=(800, 3684))
    gbp_eur: float = P(1.16, "EUR per GBP in the source's year", "assumption: 2021 average rate (ECB ~0.86 GBP/EUR)",
                       ge=0)
    price_index: float = P(default_value("harm.price_index"), "Dutch prices 2024 relative to 2021",
                           "[cbs_prices_2024] CBS consumer prices: +10.0 % (2022), +3.8 % (2023), +3.3 % "
                           "(2024)", ge=0.5, le=3)
    type_multiplier: dict[str, float] = P(
        {"bank_helpdesk": 1.3, "phishing": 0.9, "friend_in_need": 1.2, "marketplace": 1.0, "fake_webshop": 1.0,
         "investment": 1.2, "romance": 1.8, "invoice": 1.0, "selling": 1.0, "payment_request": 0.9,
         "impersonation": 1.2},
        "x the harm of a victim with the same loss, by fraud type (missing types: 1); relative to the survey's mix, "
        "which they average to about 1",
        "[ons_csew_fraud_2016] the survey's average is two thirds bank and card account fraud (mostly refunded), a "
        "quarter consumer and retail fraud; assumption: no by-type valuation found; impersonation and relational "
        "frauds above the average, the loss term carries the size (ranges in docs/evidence.md)")
    sme_factor: float = P(0.3, "x the per-victim harm when the victim is an SME (harm to owner and staff)",
                          "assumption", ge=0, le=2, range=(0.1, 0.6))
    loss_reference_eur: float = P(820.0, "EUR: the loss scale of the size term (the survey's mean loss)",
                                  "[which_wellbeing_2021] average financial loss about GBP 600 (x 1.16 EUR/GBP x 1.18 "
                                  "prices)", ge=1)
    loss_elasticity: float = P(0.5, "elasticity of the loss-dependent part of harm to the gross loss",
                               "[victims_commissioner_2021] severe harm is concentrated among victims with large "
                               "losses; assumption: far less than proportional (square root), range 0.25-0.8",
                               ge=0, le=1, range=(0.25, 0.8))
    base_share: float = P(0.4, "share of an average victim's harm that does not depend on the loss",
                          "[which_wellbeing_2021] harm also for victims who lose small sums or get their money back; "
                          "assumption: range 0.2-0.6", ge=0, le=1, range=(0.2, 0.6))
    size_cap: float = P(5.0, "largest value of (loss / loss_reference_eur) ^ loss_elasticity",
                        "assumption: at elasticity 0.5 the cap binds above 25 x the reference loss (about EUR "
                        "20,000); the most harmed victim (multiplier 1) then loses about 5 x the average victim's "
                        "wellbeing, about 0.8 point of life satisfaction for a year at the source's valuation "
                        "(range 3-8)", ge=1, le=100, range=(3.0, 8.0))
    reimbursement_relief: float = P(0.3, "share of the harm removed when the whole loss comes back (pro rata), "
                                    "at most EUR 1 of harm per EUR returned",
                                    "assumption: reimbursed victims still report lower wellbeing (Which? 2021)",
                                    ge=0, le=1, range=(0.0, 0.6))
    survey_no_loss_share: float = P(0.24, "share of the survey's fraud victims with no financial loss",
                                    "[ons_nature_fraud_2019] 76 % of CSEW fraud incidents had a loss", ge=0, le=1)
    survey_loss_below_250_share: float = P(0.58, "share of the survey's victims with a loss who lost under GBP 250",
                                           "[ons_nature_fraud_2019] 58 %", ge=0.01, le=0.99)
    survey_loss_sigma: float = P(1.7, "log-sd of the survey's losses (lognormal)",
                                 "assumption: with the 58 % below GBP 250 it gives a mean loss of about GBP 570 over all "
                                 "incidents, near Which?'s ~GBP 600 ([which_wellbeing_2021])", ge=0.1, le=4)
    survey_returned_share: float = P(0.43, "share of the survey's fraud victims refunded in full",
                                     "[ons_csew_fraud_2016] full reimbursement in 43 % of fraud incidents, typically by "
                                     "the card or account provider", ge=0, le=1)

    @field_validator("type_multiplier")
    @classmethod
    def _known(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        bad = [t for t in v if t not in FRAUD_TYPES]
        if bad and not deferred(info):
            raise ValueError(_unknown_types(bad))
        if any(x < 0 for x in v.values()):
            raise ValueError("type_multiplier: multipliers must be >= 0")
        return v


# Plausible ranges of existing behavioural assumptions (their values and sources are on the fields above);
# `--uncertainty assumptions` draws them per replication with the `range` of every documented parameter.
# docs/evidence.md gives each one's evidence or reasoning.
ASSUMPTION_RANGES: dict[str, tuple[float, float]] = {
    "banks.warning_heeded": (0.2, 0.7),
    "banks.delay_stop_share": (0.05, 0.5),
    "banks.delay_flag_multiplier": (1.0, 3.0),
    "banks.max_flag_sending": (0.4, 0.8),
    "banks.effort_returns": (1.5, 5.0),
    "platforms.max_block": (0.3, 0.8),
    "platforms.effort_returns": (1.0, 6.0),
    "platforms.notice_acted_share": (0.4, 0.8),
    "telecoms.max_block": (0.15, 0.45),
    "telecoms.effort_returns": (1.0, 6.0),
    "harm.type_multiplier.bank_helpdesk": (1.0, 1.8),
    "harm.type_multiplier.phishing": (0.6, 1.1),
    "harm.type_multiplier.friend_in_need": (0.9, 1.6),
    "harm.type_multiplier.marketplace": (0.5, 1.5),
    "harm.type_multiplier.fake_webshop": (0.5, 1.5),
    "harm.type_multiplier.investment": (0.9, 1.8),
    "harm.type_multiplier.romance": (1.2, 2.5),
    "harm.type_multiplier.selling": (0.5, 1.5),
    "harm.type_multiplier.payment_request": (0.6, 1.1),
    "harm.type_multiplier.impersonation": (0.9, 1.6),
    # victims' behaviour (scenarios/behaviour_params.py; docs/evidence.md, "Victims' behaviour")
    "fraud_types.fake_webshop.card_share": (0.12, 0.3),
    "fraud_types.marketplace.wallet_share": (0.02, 0.1),
    "fraud_types.payment_request.unauthorised_share": (0.3, 0.7),
    "fraud_types.selling.cash_share": (0.8, 0.95),
    "fraud_types.investment.wealth_reach": (1.0, 8.0),
    "awareness.effect": (0.0, 0.05),
    "een_loket.reporting_uplift": (0.2, 0.7),
    "een_loket.report_quality": (1.0, 1.6),
    "hub.link_share": (0.3, 0.7),
    "hub.linked_accounts": (1.0, 4.0),
    "fraudsters.profit_elasticity": (0.5, 2.0),
    "fraudsters.entry_elasticity": (0.0, 0.6),
}

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


# Keys a reform may not set: they shape what is built once, when the run starts (an exact key, where "*" matches
# any one part, or a prefix ending in "."). Everything else takes effect from the reform's day exactly as if the scenario
# had started with the new value.
FIXED_AT_START: dict[str, str] = {
    "run.": "the run's length and calendar are fixed when it starts",
    "population.": "the population (its size and composition) is drawn once when the run starts",
    "fraudsters.groups": "the number of groups is set when the run starts; afterwards it moves by entry and exit",
    "fraudsters.capacity_spread": "the groups' sizes are drawn when the run starts",
    "fraud_types.*.contact_rate": "contact rates set the fraudster groups' capacity when the run starts; "
                                  "afterwards their effort moves by adaptation",
    "mules.credits_per_account_day": "it sets how many mule accounts each group runs, fixed when the run starts",
    "mules.own_credits_per_account_day": "it sets how many owned or rented accounts each group runs, fixed when the "
                                         "run starts",
    "fraud_types.*.recruited_mule_share": "it sets how many accounts of each kind the groups run, fixed when the run "
                                          "starts",
    "mules.accounts_per_mule": "it converts accounts into persons for the whole run",
    "fraudsters.frozen_share_prior": "it is what groups expect when the run starts; afterwards they learn the "
                                     "frozen share from their cash-outs",
    "extensions": "extensions are imported before the scenario is validated",
    "country": "a country's population and firms are built when the run starts",
    "reforms": "a reform cannot schedule reforms",
    "actors": "actors join when the run starts; a reform sets actors.NAME.KEY of an actor the scenario has",
    "name": "labels are not parameters", "description": "labels are not parameters", "extends": "labels are not "
    "parameters",
}
# ...except these, which the model reads every day (behaviour, not composition)
REFORMABLE_EXCEPTIONS = ("population.repeat_victim_multiplier",)


def reform_refusal(key: str) -> str | None:
    """Why `key` cannot be set by a reform, or None if it can."""
    if key in REFORMABLE_EXCEPTIONS:
        return None
    parts = key.split(".")
    for fixed, why in FIXED_AT_START.items():
        if fixed.endswith("."):
            if key.startswith(fixed):
                return why
            continue
        pattern = fixed.split(".")
        if len(parts) == len(pattern) and all(p in ("*", q) for p, q in zip(pattern, parts, strict=True)):
            return why
    return None


class Reform(Section):
    """A change that takes effect on a day (e.g. a new regime at the start of year 3).

    A package of measures names its parts so `fraudchain contributions` can credit each one: `measure`
    names the whole entry, or `measures` groups the keys of `set` under names (a key not grouped
    belongs to `measure`). Names are lower-case identifiers, e.g. "hub" or "een_loket".
    """

    day: int = Field(ge=0, le=20 * 365, description="simulation day (0 = first day) from which the change applies "
                     "(before the end of the run: run.years x 365)")
    label: str = Field("", max_length=MAX_NAME)
    set: dict[str, Any] = Field(description="dotted keys and their new values (a table of the schema, e.g. "
                                "`run = { years = 1 }`, counts as its dotted keys)", max_length=MAX_SET_KEYS)
    measure: str | None = Field(None, pattern=MEASURE_PATTERN,
                                description="the measure this entry (or its ungrouped keys) belongs to")
    measures: dict[str, list[str]] = Field(default_factory=dict,
                                           description="measure name -> keys of `set` it consists of")

    @model_validator(mode="before")
    @classmethod
    def _tables_as_keys(cls, data: Any) -> Any:
        return tables_as_keys(data)      # set = { hub = { enabled = true } } is set = { "hub.enabled" = true }

    @model_validator(mode="after")
    def _measure_groups(self) -> Reform:
        import re

        problems = []
        seen: dict[str, str] = {}
        for name, keys in self.measures.items():
            if not re.match(MEASURE_PATTERN, name):
                problems.append(f"measure name '{name}': use a lower-case identifier (a-z, 0-9, _), "
                                "e.g. 'een_loket'")
            if not keys:
                problems.append(f"measures.{name}: names no keys")
            for k in keys:
                if k not in self.set:
                    problems.append(f"measures.{name}: '{k}' is not a key of this reform's `set` "
                                    f"(keys: {', '.join(self.set)})")
                elif k in seen:
                    problems.append(f"measures.{name}: '{k}' already belongs to measure '{seen[k]}'")
                else:
                    seen[k] = name
        loose = [k for k in self.set if k not in seen]
        if self.measures and loose and self.measure is None:
            problems.append(f"keys {', '.join(loose)} belong to no measure: add them to `measures` or give the "
                            "entry a `measure`")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def measure_of(self) -> dict[str, str | None]:
        """Each key of `set` -> the measure it belongs to (None: the entry names no measure)."""
        out: dict[str, str | None] = {k: self.measure for k in self.set}
        for name, keys in self.measures.items():
            for k in keys:
                out[k] = name
        return out

    @field_validator("set")
    @classmethod
    def _reformable(cls, v: dict[str, Any]) -> dict[str, Any]:
        problems = [f"'{k}' cannot change mid-run: {why}" for k in v if (why := reform_refusal(k))]
        if problems:
            raise ValueError("; ".join(problems) + " (set it in the scenario itself)")
        return v


class Scenario(Section):
    """A complete, validated scenario."""

    name: str = Field("unnamed", min_length=1, max_length=MAX_NAME)
    description: str = Field("", max_length=20_000)
    extends: str | None = Field(None, max_length=4096)
    country: str = Field(DEFAULT_COUNTRY, max_length=MAX_NAME, description="the country pack whose data lie under "
                         "this scenario (scenarios/countries/<code>/pack.toml); default the Netherlands")
    run: RunParams = Field(default_factory=RunParams)
    population: PopulationParams = Field(default_factory=PopulationParams)
    fraud_types: dict[str, FraudTypeParams] = Field(
        default_factory=lambda: {k: FraudTypeParams(**v) for k, v in DEFAULT_FRAUD_TYPES.items()})
    banks: BankParams = Field(default_factory=BankParams)
    platforms: PlatformParams = Field(default_factory=PlatformParams)
    telecoms: TelecomParams = Field(default_factory=TelecomParams)
    insurers: InsurerParams = Field(default_factory=InsurerParams)
    fraudsters: FraudsterParams = Field(default_factory=FraudsterParams)
    mules: MuleParams = Field(default_factory=MuleParams)
    reporting: ReportingParams = Field(default_factory=ReportingParams)
    een_loket: EenLoketParams = Field(default_factory=EenLoketParams)
    police: PoliceParams = Field(default_factory=PoliceParams)
    hub: HubParams = Field(default_factory=HubParams)
    awareness: AwarenessParams = Field(default_factory=AwarenessParams)
    liability: LiabilityParams = Field(default_factory=LiabilityParams)
    incentives: IncentiveParams = Field(default_factory=IncentiveParams)
    costs: CostParams = Field(default_factory=CostParams)
    harm: HarmParams = Field(default_factory=HarmParams)
    budget: PublicBudgetParams = Field(default_factory=PublicBudgetParams)
    reforms: list[Reform] = Field(default_factory=list, max_length=MAX_REFORMS)
    extensions: list[str] = P([], "python modules", "modules imported before validation to register extensions "
                              "(fraud types, regimes, actors, KPIs); see docs/extending.md", max_length=MAX_ENTRIES)
    actors: dict[str, dict[str, Any]] = P({}, "actor name -> its parameters",
                                          "extension actors registered with fraudchain.scenarios.registry.register_actor",
                                          max_length=MAX_ENTRIES)

    @model_validator(mode="before")
    @classmethod
    def _fraud_type_defaults(cls, data: Any) -> Any:
        """A file names only what it changes: each type's numbers merge over the built-in defaults."""
        if isinstance(data, dict) and isinstance(data.get("fraud_types"), dict):
            merged: dict[str, Any] = {}
            for k, v in data["fraud_types"].items():
                base = dict(DEFAULT_FRAUD_TYPES.get(k, {}))
                if isinstance(v, FraudTypeParams):
                    v = v.model_dump()
                merged[k] = {**base, **v} if isinstance(v, dict) else v
            for k, base in DEFAULT_FRAUD_TYPES.items():
                merged.setdefault(k, dict(base))
            data = {**data, "fraud_types": merged}
        return data

    @model_validator(mode="after")
    def _age_profile_bands(self) -> Scenario:
        bands = set(self.population.age_band_shares)
        for name, ft in self.fraud_types.items():
            bad = sorted(set(ft.age_profile) - bands)
            if bad:
                raise ValueError(f"fraud_types.{name}.age_profile: unknown age band(s) {', '.join(bad)}; "
                                 f"allowed: {', '.join(sorted(bands))} (population.age_band_shares)")
        return self

    @model_validator(mode="after")
    def _names_exist(self) -> Scenario:
        """Tables keyed by fraud type or bank name only name ones the scenario has."""
        problems = []
        bad_types = sorted(set(self.fraudsters.skill_nests) - set(self.fraud_types))
        if bad_types:
            problems.append(f"fraudsters.skill_nests: unknown fraud type(s) {', '.join(bad_types)}; "
                            f"allowed: {', '.join(sorted(self.fraud_types))}")
        banks = set(self.population.bank_shares)
        for key in ("receiving_effort_by_bank", "daily_limit_by_bank", "limit_raise_wait_by_bank"):
            bad = sorted(set(getattr(self.banks, key)) - banks)
            if bad:
                problems.append(f"banks.{key}: unknown bank(s) {', '.join(bad)}; "
                                f"allowed: {', '.join(sorted(banks))} (population.bank_shares)")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _reforms_change_what_exists(self) -> Scenario:
        """A reform changes parameters of actors and fraud types the run starts with; it cannot add new ones."""
        problems = []
        for r in self.reforms:
            for key in r.set:
                head, _, rest = key.partition(".")
                name = rest.split(".", 1)[0]
                if head == "actors" and name not in self.actors:
                    problems.append(f"'{key}': actor '{name}' is not in the scenario; actors join when the run "
                                    "starts (add an [actors.NAME] table)")
                elif head in ("actors", "fraud_types") and not rest:
                    problems.append(f"'{key}': set the keys of one {head[:-1].replace('_', ' ')} instead")
                elif head == "fraud_types" and name not in self.fraud_types:
                    problems.append(f"'{key}': fraud type '{name}' is not in the scenario; fraud types are fixed "
                                    "when the run starts")
        if problems:
            raise ValueError("reforms: " + "; ".join(problems))
        return self

    @field_validator("country")
    @classmethod
    def _known_country(cls, v: str) -> str:
        if v not in country_codes():
            raise ValueError(f"unknown country {v!r}; allowed: {', '.join(country_codes())} (scenarios/countries/)")
        return v

    @field_validator("fraud_types")
    @classmethod
    def _fraud_type_keys(cls, v: dict[str, FraudTypeParams], info: ValidationInfo) -> dict[str, FraudTypeParams]:
        unknown = [k for k in v if k not in FRAUD_TYPES]
        if unknown and not deferred(info):
            raise ValueError(_unknown_types(unknown))
        return v

    def with_overrides(self, overrides: dict[str, Any]) -> Scenario:
        """A new scenario with dotted-key overrides applied and validated."""
        from fraudchain.scenarios.loader import apply_overrides

        return apply_overrides(self, overrides)

    def with_extensions(self, *extensions: Any) -> Scenario:
        """A new scenario that asks for these extensions (fraudchain.sim.Extension objects or their names): their
        stages run and their KPIs are measured in its models, in no other scenario's."""
        names = [e if isinstance(e, str) else e.name for e in extensions]
        return self.model_copy(update={"extensions": [*self.extensions, *(n for n in names if n not in self.extensions)]})

    def flat(self) -> dict[str, Any]:
        """The scenario as {dotted.key: value} (for diffs and sweeps)."""
        out: dict[str, Any] = {}

        def walk(prefix: str, obj: Any) -> None:
            if isinstance(obj, dict) and obj and all(isinstance(k, str) for k in obj) and \
                    not prefix.endswith(("_shares", "_by_age", ".set")):
                for k, v in obj.items():
                    walk(f"{prefix}.{k}" if prefix else k, v)
            else:
                out[prefix] = obj

        walk("", self.model_dump(exclude={"name", "description", "extends"}))
        return out


def parameter_table() -> list[dict[str, Any]]:
    """Every parameter with default, unit and source (for docs and the dashboard)."""
    rows: list[dict[str, Any]] = []

    def walk(prefix: str, model: type[BaseModel]) -> None:
        for name, f in model.model_fields.items():
            ann = f.annotation
            if isinstance(ann, type) and issubclass(ann, Section):
                walk(f"{prefix}{name}.", ann)
                continue
            extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
            if "unit" not in extra:
                continue
            key = f"{prefix}{name}"
            rows.append({"key": key, "default": f.default, "unit": extra["unit"],
                         "source": extra["source"], "description": f.description or "",
                         "range": extra.get("range", ASSUMPTION_RANGES.get(key))})

    walk("", Scenario)
    # entries of a table with their own range (e.g. harm.type_multiplier.romance): a row each, with the table's source
    keys = {r["key"]: r for r in rows}
    defaults = Scenario().flat()
    for key, rng in ASSUMPTION_RANGES.items():
        table = key.rsplit(".", 1)[0]
        if key not in keys and table in keys:
            rows.append({**keys[table], "key": key, "default": defaults[key], "range": rng})
    for t, vals in DEFAULT_FRAUD_TYPES.items():
        for name, f in FraudTypeParams.model_fields.items():
            extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
            key = f"fraud_types.{t}.{name}"
            rows.append({"key": key, "default": vals.get(name, f.default),
                         "unit": extra.get("unit", ""), "source": extra.get("source", ""), "description": "",
                         "range": ASSUMPTION_RANGES.get(key)})
    return rows
