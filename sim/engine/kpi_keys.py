"""The names of the built-in KPIs, in the order tables show them: the fixed contract (`KPI_KEYS`), the others
(`EXTRA_KPI_KEYS`, what public money buys included) and those also reported per fraud type (`TYPE_KPI_KEYS`).

Names only, so the command line and the dashboard can list them without loading the engine; the KPIs
themselves are registered in sim/engine/kpis.py and friends, and sim/engine/metrics.py checks the two agree.
"""

from __future__ import annotations

from fraudchain.sim.engine.public_cost import LINES, line_kpi

# what public money buys (computed in sim/engine/money_kpis.py)
MONEY_KPI_KEYS = ("hub_signals_acted_share", "hub_signal_delay_days", "hub_analysts", "police_investigations",
                  "supported_victims", *(line_kpi(line) for line in LINES))

KPI_KEYS = (
    "fraud_attempts", "victims", "gross_loss_eur", "recovered_eur", "net_loss_eur", "reimbursed_eur",
    "reimbursed_share", "loss_borne_victims_eur", "loss_borne_banks_eur", "loss_borne_platforms_eur",
    "loss_borne_telecoms_eur", "loss_borne_insurers_eur", "prevention_spend_banks_eur",
    "prevention_spend_platforms_eur", "prevention_spend_telecoms_eur", "prevention_spend_eur", "social_cost_eur",
    "fraudster_profit_eur", "reporting_rate", "police_report_rate", "mean_desks_contacted",
    "median_days_to_reimbursement", "median_days_to_takedown", "median_mule_account_lifetime_days",
    "suspects_identified_share", "hub_members",
)
# KPIs beyond the fixed contract: each sector's bill and more victim outcomes
EXTRA_KPI_KEYS = (
    "sector_bill_banks_eur", "sector_bill_platforms_eur", "sector_bill_telecoms_eur", "sector_bill_insurers_eur",
    "sector_bill_victims_eur", "case_handling_eur", "public_cost_eur", "support_rate", "repeat_victim_share",
    "mean_caution_shift", "fraudster_groups", "bank_sending_effort", "bank_receiving_effort", "platform_effort",
    "telecom_effort", "penalties_eur", "median_days_to_help", "loket_share", "suspects_identified",
    "median_days_to_takedown_platforms", "median_days_to_takedown_telecoms", "victims_platform_origin",
    "victims_telecom_origin", "mules_recruited", "measure_cost_eur", "friction_cost_eur", "victim_harm_eur",
    "victim_time_eur", "sector_bill_government_eur",
    # fraudsters' specialisation and receiving accounts (issue 11)
    "displaced_contacts_share",
    # claims at the payment service provider (issue 11)
    "claim_rate", "claimed_returned_share", "app_claimed_returned_share", "claims_refused_share", "unclaimed_victims_share",
    "unclaimed_victim_loss_eur", "median_days_to_decision_authorised", "median_days_to_decision_unauthorised",
    "median_days_to_decision_card",
    # victims' reports as the police count them (issue 19)
    "police_registration_rate",
    # what public money buys (sim/engine/money_kpis.py)
    *MONEY_KPI_KEYS,
)
TYPE_KPI_KEYS = ("victims", "gross_loss_eur", "reimbursed_share", "police_report_rate", "net_loss_eur",
                 "fraud_attempts", "reimbursed_eur", "claim_rate", "claimed_returned_share", "claims_refused_share",
                 "police_registration_rate")
