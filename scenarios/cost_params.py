"""What measures cost and what fraud harms beyond the money: the cost and harm sections of the scenario
schema (pydantic, each field with its unit and source). sim/engine/costs.py and sim/engine/harm.py price a
finished run with these numbers.

Owns these sections' fields, defaults and checks. Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

from fraudchain.scenarios.fields import P, Section
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.limits import (
    unknown_types_message,
)
from fraudchain.scenarios.packs import default_value
from fraudchain.scenarios.strict import deferred
from pydantic import ValidationInfo, field_validator


class CostParams(Section):
    """What measures and report handling cost, and who pays: implementation (one-off, annualised over a
    stated life at the discount rate, plus yearly), friction for legitimate users, handling per report
    by channel, fixed desk costs and victims' time. Read by sim/engine/costs.py; the model's behaviour does not
    depend on them."""

    discount_rate: float = P(default_value("costs.discount_rate"), "per year (real)", "[werkgroep_discontovoet_2020] Dutch standard "
                                                        "discount rate for cost-benefit analysis "
                             "(Rapport Werkgroep discontovoet 2020: 2.25 %)", ge=0, le=0.2, range=(0.016, 0.04))
    value_of_time_eur_per_hour: float = P(default_value("costs.value_of_time_eur_per_hour"), "EUR per hour of a person's time",
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
    is set so that the survey's average victim (its mix of losses, a quarter with none, 43 % of incidents refunded) gets
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
    survey_loss_refunded_share: float = P(0.69, "share of the survey's incidents with a loss that were refunded in "
                                          "full",
                                          "[ons_csew_fraud_2016] full reimbursement in 43 % of all fraud incidents, "
                                          "typically by the card or account provider, when 62 % of incidents involved "
                                          "a loss: 0.43 / 0.62 = 0.69 of those with a loss (bank and credit account "
                                          "frauds with a loss: 84 %)", ge=0, le=1)
    survey_repeat_share: float = P(0.16, "share of the survey's fraud victims with two incidents in the year (the "
                                   "rest one); the scale values a victim on the year's summed loss and refunds",
                                   "[ons_csew_fraud_2016] 84 % of fraud victims were victims once in the 12 months "
                                   "(table E9, 2015-16); with about 3.2 M victims a year ([victims_commissioner_2021]) "
                                   "against 3.7 M ([which_wellbeing_2021]) to 3.8 M ([ons_nature_fraud_2019]) "
                                   "incidents the repeat victims average about two incidents", ge=0, le=1)

    @field_validator("type_multiplier")
    @classmethod
    def _known(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        bad = [t for t in v if t not in FRAUD_TYPES]
        if bad and not deferred(info):
            raise ValueError(unknown_types_message(bad))
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
    "fraud_types.fake_webshop.merchant_account_share": (0.4, 0.8),
    "fraud_types.marketplace.wallet_share": (0.02, 0.1),
    "fraud_types.payment_request.unauthorised_share": (0.3, 0.7),
    "fraud_types.selling.cash_share": (0.8, 0.95),
    "fraud_types.investment.wealth_reach": (1.0, 8.0),
    "fraud_types.investment.wealth_targeting": (0.5, 1.5),
    "awareness.effect": (0.0, 0.05),
    "een_loket.reporting_uplift": (0.2, 0.7),
    "een_loket.report_quality": (1.0, 1.6),
    "hub.link_share": (0.3, 0.7),
    "hub.linked_accounts": (1.0, 4.0),
    "fraudsters.profit_elasticity": (0.5, 2.0),
    "fraudsters.entry_elasticity": (0.0, 0.6),
    # the only route from police capacity to victims; no source: none to five times the stated value
    "fraudsters.disruption_per_suspect": (0.0, 0.0025),
}
