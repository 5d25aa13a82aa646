"""The parameters of the actors in the chain: the run's length, the population, the fraud types, banks,
platforms, telecom operators, insurers, fraudster groups and money mules (pydantic sections of the scenario
schema, each field with its unit and source; see scenarios/schema.py for the whole scenario).

Owns these sections' fields, defaults and checks. Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fraudchain.scenarios.behaviour_params import BankBehaviour, TypeBehaviour
from fraudchain.scenarios.fields import Multiplier, P, Section, Share
from fraudchain.scenarios.limits import (
    MAX_BANDS,
    MAX_ENTRIES,
    check_shares,
)
from fraudchain.scenarios.packs import DEFAULT_COUNTRY, default_value, pack
from fraudchain.scenarios.victim_history import RepeatWindow
from pydantic import Field, field_validator, model_validator


class RunParams(Section):
    """How long to simulate."""

    years: int = P(3, "years", "assumption: KPIs over the last year; earlier years let actors adapt (plausible 2-5)", ge=1, le=20)
    start_year: int = P(2024, "calendar year", "label only: the first simulated year", ge=2000, le=2100)


# The default country's population facts are data in its pack (scenarios/countries/nl/pack.toml), stated once.
_NL_POP = pack(DEFAULT_COUNTRY).params["population"]


class PopulationParams(Section, RepeatWindow):
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
    savings_sigma: float = P(1.2, "log-sd within an age band",
                             "[cbs_savings_2022] households' bank and savings balances: a mean 2.5 times the median; "
                             "1.2 within each band of savings_by_age gives the model's population a mean 2.4 times "
                             "its median; range 1.0-1.4", ge=0.1, le=4)
    savings_by_age: dict[str, float] = P(
        default_value("population.savings_by_age"), "x the median savings (relative; normalised so that the "
        "share-weighted geometric mean of the bands' medians stays savings_median_eur; the population's median "
        "comes out about 5 % higher)",
        "[cbs_savings_2022] median bank and savings balances by the main earner's age, 2022: under 25 EUR 3,500, "
        "25-45 EUR 11,800, 45-65 EUR 25,400, 65+ EUR 30,900 (all households EUR 20,100); assumption: a household's "
        "gradient applies to its persons (couples share a balance, older households are smaller)", max_length=MAX_BANDS)
    sme_balance_median_eur: float = P(40_000.0, "EUR", "assumption: SME operating balance", ge=0)
    caution_mean: float = P(0.55, "score 0-1", "assumption: relative scale; gross-negligence standard is set on it",
                            ge=0.05, le=0.95)
    uses_marketplace: float = P(default_value("population.uses_marketplace"), "share of persons", "assumption: Marktplaats reach ~ 2/3 of adults", ge=0, le=1)
    uses_social: float = P(default_value("population.uses_social"), "share of persons", "[cbs_ict_2024] social media use 15+", ge=0, le=1)
    uses_messaging: float = P(default_value("population.uses_messaging"), "share of persons", "[cbs_ict_2024] messaging (WhatsApp) use", ge=0, le=1)
    uses_dating: float = P(0.08, "share of persons", "assumption: active online-dating users", ge=0, le=1)
    online_buying_shape: float = P(
        0.0, "gamma shape of persons' online buying intensity (mean 1; lower: more uneven; 0: everyone alike)",
        "[cbs_vm_2025_repeat] fitted (nl_baseline) to the share of purchase-fraud victims who fell more than once "
        "in the year (a third) and CBS's 1.3 M incidents; docs/evidence.md 'population.online_buying_shape'. 0 (the "
        "default, and the UK pack's) aims offers met while buying at random persons. Plausible 0.1-0.3 (the shapes "
        "that keep the model's repeat share within the band 0.25-0.40); not drawn: a fitted value is kept as stated, "
        "and a drawn range would switch the mechanism on where it is off", ge=0, le=100)
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
        return check_shares(v, info.field_name)

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
        if set(self.savings_by_age) != set(self.age_band_shares):
            raise ValueError("savings_by_age must name the same age bands as age_band_shares "
                             f"({sorted(self.age_band_shares)})")
        if any(not 0.01 <= v <= 100 for v in self.savings_by_age.values()):
            raise ValueError("savings_by_age: each band's relative savings must lie between 0.01 and 100")
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
                                    "[lmio_2021] purchase-fraud reports link through the same account and the police "
                                    "tell the bank at the third report: accounts reused over weeks, the groups' own or "
                                    "rented (marketplace, web shops 0; plausible 0-0.4: at 0.1/0.05 about 42,000 mules "
                                    "a year, at 0 17,000; 5,300 exits in 2023); impersonation scams use recruited mules "
                                    "([nvb_mules_2024]); the other per-type values are assumptions (plausible 0-1)",
                                    ge=0, le=1)
    merchant_account_share: float = P(0.0, "share of the type's transfers (iDEAL, bank transfer) collected through a "
                                      "payment service provider's merchant account instead of an account at a "
                                      "Dutch bank, as card and wallet payments always are: no Dutch bank monitors, "
                                      "freezes or blocks it, and a recall reaches nothing",
                                      "[consumentenbond_fake_shops_2023] iDEAL could be used at 35 of 61 fake shops "
                                      "the police listed, almost all through one payment service provider; "
                                      "[nos_webshop_2018] money paid to a fake shop by iDEAL or transfer is "
                                      "probably not returned; assumption: fake web shops 0.6 (the share of shops "
                                      "that took iDEAL read as the share of transfers; the others asked for a "
                                      "transfer to an account), range 0.4-0.8; other types 0 (their payees are "
                                      "persons' accounts). A provider that holds a payout or closes a merchant "
                                      "account on reports is not simulated", ge=0, le=1)
    recall_share: float = P(1.0, "share of victims' reports to their bank that the bank turns into a recall (a "
                            "request to the receiving bank to freeze the account the money went to); the rest reach "
                            "the receiving bank only through the police, who tell it at the third registered report "
                            "on an account (stages/reports.py)",
                            "[lmio_2021] Dutch banks treat a purchase that never arrived as a dispute with the seller "
                            "and refer the victim to the police, who inform the receiving bank at the third report on "
                            "an account (marketplace, web shops 0.1 in the Dutch pack, plausible 0-0.3, assumption); "
                            "impersonation and payment fraud are recalled (1); nationally a recall returns about 8 % "
                            "of the value asked back [pix_med_2024] (docs/evidence.md, 'Recalls, freezes and mule "
                            "accounts')", ge=0, le=1)
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
    max_flag_sending: float = P(default_value("banks.max_flag_sending"), "share of fraudulent payments flagged at full effort",
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

    effort: float = P(default_value("platforms.effort"), "effort 0-1 (seller/advertiser verification, ad screening)",
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

    effort: float = P(default_value("telecoms.effort"), "effort 0-1", "assumption", ge=0, le=1)
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

    credits_per_account_day: float = P(1.0, "fraudulent credits a group routes through one recruited mule's account "
                                       "per day",
                                       "assumption, set so a recruited account takes about 3 victims' payments "
                                       "before it is blocked (the model gives about 2 at 0.5 and 3.7 at 1.2 a "
                                       "day); groups spread payments over accounts to stay below monitoring "
                                       "thresholds (plausible 0.5-2). docs/evidence.md, victims per mule account: "
                                       "about 3.5 (2-7), from the police's counts per identified mule and "
                                       "Singapore's 1.4-2.5 reported cases per frozen account, read like for like",
                                       ge=0.01, le=50, range=(0.5, 2.0))
    own_credits_per_account_day: float = P(default_value("mules.own_credits_per_account_day"), "fraudulent credits a group routes through one account it owns or "
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
