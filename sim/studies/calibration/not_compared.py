"""The rows of the calibration CSV (scenarios/data/nl_calibration_targets.csv) that are not compared to a model
output, and why: inputs the model is set from, context, and figures whose check needs a comparison of two
scenarios. Every other row is a target (targets.py); a test checks that the two lists cover the CSV."""

from __future__ import annotations

# Every other row of the CSV, and why it is not compared to a model output.
NOT_COMPARED: dict[str, str] = {
    "fraudehelpdesk_reach_share": "the desk's reach among everyone who meets fraud, attempts included; its counts of "
                                  "victims with a loss by type are compared instead",
    "online_start_share": "every modelled fraud type starts online by construction",
    "population_15plus": "an input (population.consumers)",
    "population_total": "context only (the model's population is 15+)",
    "name_check_invoice_fraud_reduction": "an input to the name check; checking it needs a with/without "
                                          "comparison (fraudchain compare with banks.name_check=false)",
    "name_check_warning_ignored_share": "an input (banks.name_check_heeded = 1 - 0.33)",
    "awareness_campaign_effect": "an input (awareness.effect)",
    "purchase_fraud_median_loss_eur": "an input: the purchase types' median payment is set from it",
    "payment_request_victims": "derived from the spoofing total, which is fitted (phishing_money_lost_rate_15plus)",
    "ideal_share_webshop_payments": "an input to the payment mix (fraud_types.*.card_share, wallet_share)",
    "investment_victims_share_15_24": "an input: fraud_types.investment.age_profile is derived from the AFM's "
                                      "reports by age (tests/test_behaviour.py checks the shares)",
    "investment_victims_share_65plus": "an input, as investment_victims_share_15_24",
    "police_cases_per_recruited_mule": "context, not like for like (compared for a day, 2026-12-05, then withdrawn "
                                       "after review): the counts are reports with attempts (WhatsApp), purchase "
                                       "frauds into accounts the model does not count as recruited (Drenthe) and "
                                       "suspects whom an investigation found through at least one case "
                                       "(Oost-Utrecht); and cases into recruited accounts are about fixed by the "
                                       "victims, so cases per mule only restates the mule count (docs/evidence.md, "
                                       "'Victims per mule account')",
}
