"""The built-in fraud types' numbers (defaults of `fraud_types.KEY.*`; units and sources are on the fields of
`FraudTypeParams` in scenarios/schema.py and `TypeBehaviour` in scenarios/behaviour_params.py).

Kept apart from the schema because it is data: one dict per type. Where a value rests on a figure, the
comment says which (docs/sources.md key); the rest are the stated assumptions of the field's source, with
its range. Calibration (`fraudchain calibrate`) writes fitted values into scenarios/builtin/nl_baseline.toml,
not here. Pure data: imports nothing.

Reporting to the police (`police_report_prob` at the type's typical loss, `police_loss_slope`) is set so that
each type reproduces CBS's pair "share of incidents reported / share of the damage they carry"
([cbs_schade_2022] table 4.1: purchase 20 / 43, selling 24 / 35, bank fraud 46 / 81, push-payment fraud
65 / 83); `fraudehelpdesk_report_prob` from the desk's own counts of victims with a loss against CBS's victims
of the type ([fraudehelpdesk_2022], [fraudehelpdesk_2023], [cbs_schade_2024]) and then fitted;
`fraudehelpdesk_loss_slope` from the desk's mean loss against the type's ([fraudehelpdesk_2024]);
`registration_prob` within the anchors of registrations per survey report ([police_fenomeenbeeld_2024],
[lmio_2023]: purchase and selling 0.15-0.25, friend-in-need 0.6-0.9, helpdesk 0.9-1.0 with the refund motive). Payment
methods: [thuiswinkel_payments_2016], [consumentenbond_fake_shops_2023], [marktplaats_buyer_protection_2022],
[cbs_payment_fraud_2024].
"""

from __future__ import annotations

from typing import Any

_YOUNG = {"15-24": 1.3, "25-44": 1.2, "45-64": 0.9, "65+": 0.6}
_OLD = {"15-24": 0.4, "25-44": 0.7, "45-64": 1.1, "65+": 1.7}

DEFAULT_FRAUD_TYPES: dict[str, dict[str, Any]] = {
    "bank_helpdesk": dict(recruited_mule_share=0.9, bank_relevance=1.0, age_profile=_OLD,
                          delay_sensitivity=1.0, contact_rate=0.05, susceptibility=0.025, loss_median_eur=2200,
                          loss_sigma=0.9, name_check_mismatch=0.3, bank_report_prob=0.95,
                          # without a refund that needs the report; the goodwill scheme's requirement adds the rest
                          # (Politie: more than 80 % of helpdesk victims file)
                          police_report_prob=0.5, police_loss_slope=1.0,
                          registration_prob=0.6,      # the refund motive adds the rest (registration_refund_logit)
                          fraudehelpdesk_report_prob=0.03, fraudehelpdesk_loss_slope=2.0,
                          platform_report_prob=0.2),
    "phishing": dict(recruited_mule_share=0.9, bank_relevance=1.0, delay_sensitivity=0.7, contact_rate=1.0,
                     susceptibility=0.0012, loss_median_eur=180, loss_sigma=1.3, name_check_mismatch=0.0,
                     bank_report_prob=0.97, police_report_prob=0.40, police_loss_slope=1.5,   # CBS bank fraud 46/81
                     registration_prob=0.4,     # the bank refunds without a report; the police refer many to it
                     fraudehelpdesk_report_prob=0.004, fraudehelpdesk_loss_slope=1.0, platform_report_prob=0.15),
    "friend_in_need": dict(recruited_mule_share=0.9, age_profile={"15-24": 0.2, "25-44": 0.6, "45-64": 1.3, "65+": 1.6},
                           delay_sensitivity=1.0, contact_rate=0.12, susceptibility=0.03,
                           loss_median_eur=2000, loss_sigma=0.9,         # CBS 2021: half paid at least EUR 2,000
                           name_check_mismatch=0.8, bank_report_prob=0.6,
                           # police campaign 2022: ~300 victims' reports a month against 13,000-20,000 victims a year
                           police_report_prob=0.30, police_loss_slope=0.8,
                           registration_prob=0.85,     # police 2022: ~3,600 victims' registrations a year
                           fraudehelpdesk_report_prob=0.05, fraudehelpdesk_loss_slope=0.5,   # desk 1.6-2.4 % of victims
                           platform_report_prob=0.2),
    "marketplace": dict(recruited_mule_share=0.1, bank_relevance=0.1, age_profile=_YOUNG, delay_sensitivity=0.2,
                        contact_rate=0.70, susceptibility=0.2,
                        loss_median_eur=60, loss_sigma=1.5,    # CBS: median under EUR 50-60, mean EUR 183
                        # transfers and payment requests; escrow (buyer protection) and PayPal a few per cent
                        card_share=0.02, wallet_share=0.05,
                        name_check_mismatch=0.2, bank_report_prob=0.25,
                        police_report_prob=0.14, police_loss_slope=0.8,       # CBS purchase 20/43
                        registration_prob=0.25,     # 0.15-0.25 registrations per survey report (fitted)
                        fraudehelpdesk_report_prob=0.004, fraudehelpdesk_loss_slope=0.3,
                        platform_report_prob=0.35),
    "fake_webshop": dict(recruited_mule_share=0.05, bank_relevance=0.1, age_profile=_YOUNG, delay_sensitivity=0.1,
                         contact_rate=0.55, susceptibility=0.19, loss_median_eur=50, loss_sigma=1.5,
                         # iDEAL at 57 % of fake shops (Consumentenbond 2023); card ~12 % and PayPal/pay later ~8 %
                         # of Dutch online purchases, more at shops that push card payments (assumption)
                         card_share=0.20, wallet_share=0.08,
                         name_check_mismatch=0.1, bank_report_prob=0.2,
                         police_report_prob=0.12, police_loss_slope=0.8, registration_prob=0.25,
                         fraudehelpdesk_report_prob=0.004, fraudehelpdesk_loss_slope=0.3,
                         platform_report_prob=0.1),
    "investment": dict(recruited_mule_share=0.3, age_profile={"15-24": 0.7, "25-44": 1.0, "45-64": 1.2, "65+": 1.0},
                       delay_sensitivity=0.6, contact_rate=0.10, susceptibility=0.02, loss_median_eur=4000,
                       loss_sigma=1.2, payments_mean=5.0, days_between_payments=21, scam_days=14,
                       name_check_mismatch=0.6, bank_report_prob=0.5,
                       crypto_share=0.4, card_share=0.1,      # >= 30 % of desk reports crypto (2021)
                       wealth_reach=4.0,                      # desk: EUR 22,000 per victim (2023)
                       police_report_prob=0.10, police_loss_slope=1.0,   # AFM: 5-17 % report to the authorities
                       registration_prob=0.9,      # large losses: a case the police take
                       fraudehelpdesk_report_prob=0.10, fraudehelpdesk_loss_slope=1.0,   # desk ~8 % of victims
                       platform_report_prob=0.15),
    "romance": dict(recruited_mule_share=0.7, age_profile={"15-24": 0.5, "25-44": 0.9, "45-64": 1.3, "65+": 1.2},
                    delay_sensitivity=0.4, contact_rate=0.20, susceptibility=0.03, loss_median_eur=1500,
                    loss_sigma=1.1, payments_mean=5.0, days_between_payments=14, scam_days=45,
                    name_check_mismatch=0.6, bank_report_prob=0.4, crypto_share=0.25, cash_share=0.15,
                    wealth_reach=2.0,
                    police_report_prob=0.20, police_loss_slope=0.8, registration_prob=0.8,
                    fraudehelpdesk_report_prob=0.05, fraudehelpdesk_loss_slope=1.5, platform_report_prob=0.2),
    "invoice": dict(recruited_mule_share=0.5, contact_rate=0.4, susceptibility=0.012, loss_median_eur=4000,
                    loss_sigma=1.2, name_check_mismatch=0.9, bank_report_prob=0.9,
                    police_report_prob=0.45, police_loss_slope=0.8, registration_prob=0.7,
                    fraudehelpdesk_report_prob=0.02, fraudehelpdesk_loss_slope=1.0, platform_report_prob=0.0),
    # ---- issue 19: the rest of CBS's composition by type ----
    # selling fraud: most defrauded sellers ship and are never paid (a loss outside any payment account); a few
    # per cent are lured to a fake payment page and their account is emptied (unauthorised; police: EUR 125-200 k
    # a month reported at the end of 2022)
    "selling": dict(recruited_mule_share=0.3, bank_relevance=0.5, age_profile={"15-24": 1.2, "25-44": 1.1,
                                                                              "45-64": 0.9, "65+": 0.8},
                    delay_sensitivity=0.3, contact_rate=0.12, susceptibility=0.3, loss_median_eur=150,
                    loss_sigma=1.3, cash_share=0.9, name_check_mismatch=0.0, bank_report_prob=0.5,
                    police_report_prob=0.23, police_loss_slope=0.35, registration_prob=0.25,      # CBS selling 24/35
                    fraudehelpdesk_report_prob=0.004, fraudehelpdesk_loss_slope=0.3, platform_report_prob=0.2),
    # payment requests in the name of parcel services, the tax office, CJIB, toll operators: a link to a fake
    # payment page; either the victim pays the small sum asked, or the page captures its credentials or card
    # details and the account is emptied (unauthorised). The split follows CBS's spoofing composition: 31 % of
    # 107,000 spoofing victims (about 33,000) had their account accessed in 2023; credential phishing of bank
    # customers (the phishing type) accounts for under 10,000 of them, the payment requests (about 50,000) for most
    # of the rest: 0.45 (derived; range 0.3-0.7)
    "payment_request": dict(recruited_mule_share=0.3, bank_relevance=0.5,
                            age_profile={"15-24": 0.7, "25-44": 0.9, "45-64": 1.1, "65+": 1.3},
                            delay_sensitivity=0.5, contact_rate=0.15, susceptibility=0.05, loss_median_eur=100,
                            loss_sigma=1.3, unauthorised_share=0.45, name_check_mismatch=0.5, bank_report_prob=0.5,
                            police_report_prob=0.20, police_loss_slope=0.8, registration_prob=0.3,
                            fraudehelpdesk_report_prob=0.003, fraudehelpdesk_loss_slope=0.5,
                            platform_report_prob=0.15),
    # other impersonation by app or phone: help desks of firms and crypto exchanges, authorities, employers
    "impersonation": dict(recruited_mule_share=0.7, bank_relevance=0.5, age_profile=_OLD, delay_sensitivity=1.0,
                          contact_rate=0.03, susceptibility=0.017, loss_median_eur=1500, loss_sigma=1.2,
                          crypto_share=0.2, name_check_mismatch=0.6, bank_report_prob=0.6,
                          police_report_prob=0.35, police_loss_slope=0.8, registration_prob=0.8,
                          fraudehelpdesk_report_prob=0.015, fraudehelpdesk_loss_slope=1.5,
                          platform_report_prob=0.15),
}
