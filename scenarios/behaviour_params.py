"""Victims' behaviour in the scenario schema: how they pay, where they report, how a report becomes a
police registration, and the banks' payment limits a coached victim runs into.

These fields join the schema's sections by inheritance (`TypeBehaviour` into `FraudTypeParams`,
`ReportingBehaviour` into `ReportingParams`, `BankBehaviour` into `BankParams`), so a scenario file
sets them where the rest of a section lives (`fraud_types.marketplace.wallet_share`,
`reporting.registration_loss_slope`, `banks.limit_raise_wait_hours`). Each carries a unit and a source:
a key of docs/sources.md in square brackets, or "assumption: ..." with a plausible range.

The mechanisms reading them: agents/payment_methods.py (payment method of each payment),
agents/payment_limits.py (default limits and the wait on raising one), agents/reporting.py
(`Desks.police_intent_probability`, `Desks.registration_probability`,
`Desks.fraudehelpdesk_probability`) and sim/engine/stages/victim_reports.py (the decisions, once a
victim's loss is known). Imports scenarios/fields.py and, for the Dutch values, scenarios/packs.py.
"""

from __future__ import annotations

from typing import Annotated

from fraudchain.scenarios.fields import MAX_EUR, P, Section
from fraudchain.scenarios.packs import default_value
from pydantic import Field, model_validator

# the payment methods a fraud type's payments are split over besides a transfer of the type's own kind
METHOD_SHARES = ("card_share", "wallet_share", "crypto_share", "cash_share", "unauthorised_share")
MAX_BANKS = 100


class TypeBehaviour(Section):
    """Per fraud type: payment methods, reporting to the police and the Fraudehelpdesk by loss."""

    # ---- payment methods (agents/payment_methods.py); card_share is in FraudTypeParams ----
    wallet_share: float = P(0.0, "share of payments through a wallet with buyer protection (PayPal, Klarna, "
                            "a marketplace's escrow)",
                            "[thuiswinkel_payments_2016] PayPal ~5 % and pay-later ~3 % of Dutch online purchases; "
                            "per-type values are assumptions (range 0-0.15)", ge=0, le=1)
    crypto_share: float = P(0.0, "share of payments that buy crypto-assets or go to a crypto exchange (cashed out at "
                            "once, no recall)",
                            "[fraudehelpdesk_2022] at least 30 % of investment-fraud reports in 2021 involved "
                            "crypto; per-type values are assumptions (range 0-0.6)", ge=0, le=1)
    cash_share: float = P(0.0, "share of losses outside any payment account (cash or goods handed over, gift cards): "
                          "no bank screening, no recall, no claim at a payment service provider",
                          "[junger_2022] [police_payment_request_2023] most defrauded sellers shipped and were never "
                          "paid (14 of 29 who reported shipped before payment, others after a fake payment); "
                          "per-type values are assumptions", ge=0, le=1)
    unauthorised_share: float = P(0.0, "share of payments the fraudster makes from the victim's account with "
                                  "credentials or card details captured on a fake payment page (an unauthorised "
                                  "payment, under PSD2's refund rule); 0 for a type whose own payments are "
                                  "unauthorised already",
                                  "[cbs_payment_fraud_2024] of 184,000 incidents of payment fraud in 2023, 110,000 "
                                  "were payments from an accessed account (half below EUR 300) and 74,000 payments "
                                  "the victim made (half below EUR 400); [cbs_schade_2024] 31 % of spoofing victims "
                                  "had their account accessed; payment requests 0.45, derived from that 31 % less "
                                  "the credential-phishing victims (range 0.3-0.7); other types 0", ge=0, le=1)
    wealth_reach: float = P(1.0, "x the victim's payment-account balance it can pay in this scam (savings and "
                            "investments held elsewhere, loans); 1: the balance only",
                            "[fraudehelpdesk_2023] investment-fraud victims who reported to the desk lost EUR 22,000 on "
                            "average (900 victims, EUR 20 M; police Oost-Nederland about EUR 15,000) and dating-fraud "
                            "victims about EUR 30,000, far above the model's payment-account balances "
                            "(population.savings_median_eur); assumption: months-long scams reach the victim's other "
                            "savings and investments (investment 4, romance 2; range 1-8)", ge=1, le=20)
    wealth_targeting: float = P(0.0, "exponent: a contact of the type reaches a person with a chance in proportion "
                                "to its savings to this power (0: anyone the channel reaches; 1: in proportion to "
                                "savings, as an offer that looks for money to invest); consumers only",
                                "[cbs_savings_2022] household bank and savings balances: mean EUR 49,500 against a "
                                "median of EUR 20,100 (a log-sd of about 1.3); [cbs_wealth_2014] "
                                "18 % of households held shares; [afm_investment_fraud_2025] victims often have "
                                "investment experience; [fraudehelpdesk_2023] the desk's investment victims lost "
                                "EUR 22,000 on average; assumption: investment offers are answered in proportion to "
                                "the money one has to invest (investment 1, other types 0; range 0.5-1.5)",
                                ge=0, le=2)
    # ---- reporting by loss (agents/reporting.py, sim/engine/stages/victim_reports.py) ----
    police_loss_slope: float = P(0.85, "change in the log-odds of reporting to the police per unit of log loss "
                                 "(against the type's typical loss)",
                                 "[cbs_schade_2022] the incidents reported to the police carry far more of the "
                                 "damage than their number (purchase fraud 20 % of incidents, 43 % of the damage; "
                                 "selling 24 / 35; bank fraud 46 / 81; push-payment fraud 65 / 83); per-type slopes "
                                 "reproduce these pairs in the model (range 0.3-1.5)", ge=0, le=5)
    fraudehelpdesk_report_prob: float = P(0.005, "probability a victim with a loss reports it to the "
                                          "Fraudehelpdesk, at the type's typical loss",
                                          "[fraudehelpdesk_2022] the desk's own counts of victims with a loss by "
                                          "type against the victims of the type: purchase fraud ~0.4 %, "
                                          "bank-helpdesk and friend-in-need fraud ~2 %, investment fraud ~8 % "
                                          "(fitted by fraudchain calibrate; range 0.001-0.15)", ge=0, le=1)
    fraudehelpdesk_loss_slope: float = P(0.5, "change in the log-odds of reporting to the Fraudehelpdesk per unit of "
                                         "log loss",
                                         "[fraudehelpdesk_2024] the desk's reporters are the large losses: its mean "
                                         "bank-helpdesk loss (EUR 14,000-28,000 in 2021-2024) is 4-7 times the "
                                         "banks' (EUR 2,800-4,100), its purchase-fraud mean (EUR 226) about 1.2 times "
                                         "CBS's (EUR 183); per-type values are assumptions (range 0-2.5)",
                                         ge=0, le=5)

    registration_prob: float = P(0.5, "probability the police register a victim's report to them (aangifte) at the "
                                 "type's typical loss, after triage at intake (withdrawn, no criminal offence, "
                                 "referred elsewhere); before abandoned forms and the refund motive "
                                 "(reporting.registration_*)",
                                 "[police_fenomeenbeeld_2024] [lmio_2023] registrations per survey report, derived: "
                                 "purchase and selling fraud 0.15-0.25 (42,359 registrations against about 200,000 "
                                 "victims who say they reported; since 2015 online reports of online-trade fraud are "
                                 "registered, but 14-18 % are withdrawn and about a quarter are no criminal offence), "
                                 "friend-in-need 0.6-0.9 (about 3,600 victims' registrations in 2022 against 13,000-"
                                 "20,000 victims of whom a quarter to a third report), bank-helpdesk fraud 0.9-1.0 "
                                 "(the refund needs the report); per-type values are assumptions within those anchors, "
                                 "the purchase and selling types fitted by fraudchain calibrate (range 0.05-0.95)",
                                 ge=0.001, le=0.999)

    @model_validator(mode="after")
    def _method_shares(self) -> TypeBehaviour:
        check_payment_shares(self)
        return self


def check_payment_shares(ft: object) -> None:
    """The shares of card, wallet, crypto, cash and unauthorised payments may not exceed 1 (the rest is a transfer
    of the type's own kind)."""
    total = sum(float(getattr(ft, k, 0.0)) for k in METHOD_SHARES)
    if total > 1.0 + 1e-9:
        parts = " + ".join(f"{k} {getattr(ft, k, 0.0):g}" for k in METHOD_SHARES)
        raise ValueError(f"payment shares {parts} = {total:.4g}: they may not exceed 1 (the rest is a transfer "
                         "of the fraud type's own kind)")


class ReportingBehaviour(Section):
    """From a victim's intent to report to the police to a registration (the level per fraud type:
    `TypeBehaviour.registration_prob`)."""

    registration_loss_slope: float = P(default_value("reporting.registration_loss_slope"), "change in the log-odds of a registration per unit of log loss, against "
                                       "the fraud type's typical loss (fraud_types.*.registration_prob there)",
                                       "[police_fenomeenbeeld_2024] the registered purchase-fraud loss averages EUR "
                                       "250 against a survey mean of EUR 183 and median EUR 50-60, while CBS's "
                                       "reporters carry 43 % of the damage with 20 % of the incidents: within a type "
                                       "the police's triage adds little to the survey reporters' own selection by "
                                       "loss (fitted by fraudchain calibrate: about 0; range 0-0.5); between types "
                                       "the large-loss types are registered far more often (registration_prob)",
                                       ge=0, le=5, range=(0.0, 0.5))
    registration_refund_logit: float = P(default_value("reporting.registration_refund_logit"), "added log-odds of a registration when the victim's refund requires "
                                         "the police report (the victim persists, the bank's documents make the "
                                         "case registrable)",
                                         "[police_fenomeenbeeld_2024] [nvb_mob_2024] more than 80 % of bank-helpdesk "
                                         "victims file and ~7,000 helpdesk cases are registered against ~10,000 "
                                         "victims: the goodwill scheme requires the report; purchase-fraud victims, "
                                         "who gain nothing from a report, are registered about once per four survey "
                                         "'reports' (fitted by fraudchain calibrate: about 3; range 2-5)", ge=0,
                                         le=10, range=(2.0, 5.0))
    registration_abandon_share: float = P(0.15, "share of victims who start a police report (mostly the online "
                                          "form) and do not complete it",
                                          "assumption: CBS asks why victims did not report (\"the digital report "
                                          "did not work\") but the share was not found; the DigiD-with-SMS "
                                          "requirement of 2017 cut online reports by ~40,000 a year for a while, so "
                                          "form friction matters (range 0.05-0.3). Eén Loket's guided intake "
                                          "removes it; a victim whose refund needs the report completes it", ge=0,
                                          le=1, range=(0.05, 0.3))


class BankBehaviour(Section):
    """The banks' default payment limits and the wait before a raised limit takes effect."""

    daily_limit_by_bank: dict[str, Annotated[float, Field(ge=0, le=MAX_EUR)]] = P(
        {}, "default limit (EUR) of named banks (population.bank_shares), replacing "
        "banks.daily_limit_eur for them",
        "[ing_limit_2023] ING lowered its default daily limit in the app from EUR 5,000 to EUR 2,000 on 8 February "
        "2023; Rabobank to EUR 5,000 in spring 2023, ABN AMRO's app allowed EUR 5,000 without an e-dentifier",
        max_length=MAX_BANKS)
    limit_raise_wait_hours: float = P(default_value("banks.limit_raise_wait_hours"), "hours before a raised limit takes effect (0: at once)",
                                      "[ing_limit_2023] [nvb_measures_2023] ING has made customers wait four hours "
                                      "since November 2020; the banks named a time slot on raising a limit among "
                                      "their 2023 measures; ABN AMRO had no wait in February 2023",
                                      ge=0, le=72)
    limit_raise_wait_by_bank: dict[str, Annotated[float, Field(ge=0, le=72)]] = P(
        {}, "hours: the wait at named banks, replacing limit_raise_wait_hours for them",
        "[ing_limit_2023] banks differ (e.g. ABN AMRO: no wait in February 2023)", max_length=MAX_BANKS)
    limit_wait_persist_share: float = P(default_value("banks.limit_wait_persist_share"), "share of coached victims of a pressure scam who still raise the limit "
                                        "and pay after the wait (the fraudster calls back); the rest pay at most the "
                                        "default limit. Scams that need no call get through the wait more often "
                                        "(1 - delay_sensitivity x (1 - this share))",
                                        "assumption: the banks' 2023 measures cut the loss per helpdesk victim by "
                                        "about a third ([nvb_measures_2023], derived), yet victims who reported to "
                                        "the Fraudehelpdesk in 2024 still lost EUR 21,500 on average "
                                        "([fraudehelpdesk_2024]): a wait stops part of the large transfers, not all "
                                        "(range 0.1-0.5)", ge=0, le=1, range=(0.1, 0.5))
    frozen_return_unasked_share: float = P(
        default_value("banks.frozen_return_unasked_share"), "share of frozen fraud payments the receiving bank returns to a payer who did not ask its bank for them "
        "(the victim never reported to its bank); the rest stays frozen, lost to fraudster and victim alike",
        "[nos_webshop_2018] money paid by iDEAL or transfer comes back only if the victim's bank recalls it in time; "
        "[lmio_2023] banks act on reports about an account; [cbs_schade_2024] 10.2 % of purchase-fraud victims got "
        "money back (10.9 % not yet known). Assumption: a frozen payment returns to its payer through the payer's "
        "bank's recall, which needs the victim's report; receiving banks return few unasked (range 0-0.3)",
        ge=0, le=1, range=(0.0, 0.3))
    raised_limit_eur: float = P(default_value("banks.raised_limit_eur"), "EUR: the most a customer can raise the daily limit to",
                                "[ing_limit_2023] ING: up to EUR 50,000 (ABN AMRO with an e-dentifier up to "
                                "EUR 250,000)", ge=0)

