"""Per-fraud-type facts and parameters as arrays over the model's fraud types (index t).

Rebuilt from the scenario at build and after every reform (`type_arrays`), so the stages read a fraud type's
numbers as `ft.susceptibility[t]`. Owns no behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_NONE, ORIGIN_SECTORS, PAYMENT_KINDS
from fraudchain.scenarios.fraud_types import FRAUD_TYPES, MESSAGE_CHANNELS
from fraudchain.scenarios.schema import FraudTypeParams, Scenario

# the consumer attribute that makes a person reachable through a channel (column 0: everyone)
USE_COLUMNS = ("everyone", "uses_marketplace", "uses_social", "uses_messaging", "uses_dating")


@dataclass
class TypeArrays:
    """One array per fact or parameter, indexed by the model's fraud types."""

    keys: list[str]                # fraud-type keys, in model order
    target: np.ndarray             # population aimed at: POP_CONSUMER / POP_SME
    use: np.ndarray                # column of USE_COLUMNS that makes a person reachable
    origin: np.ndarray             # ORIGIN_NONE / ORIGIN_PLATFORM / ORIGIN_TELECOM
    platform: np.ndarray           # index of the platform where the contact starts (-1: none)
    payment: np.ndarray            # index into PAYMENT_KINDS
    impersonates_bank: np.ndarray  # bool
    message: np.ndarray            # bool: the contact arrives as a call or a message (MESSAGE_CHANNELS)
    age: np.ndarray                # [t, age band] susceptibility multiplier
    # the scenario's numbers per type (scenarios/actor_params.py FraudTypeParams: units and sources there)
    contact_rate: np.ndarray
    susceptibility: np.ndarray
    loss_median_eur: np.ndarray
    loss_sigma: np.ndarray
    payments_mean: np.ndarray
    days_between_payments: np.ndarray
    card_share: np.ndarray
    name_check_mismatch: np.ndarray
    bank_report_prob: np.ndarray
    police_report_prob: np.ndarray
    platform_report_prob: np.ndarray
    scam_days: np.ndarray
    own_bank_share: np.ndarray
    delay_sensitivity: np.ndarray
    recruited_mule_share: np.ndarray
    recall_share: np.ndarray
    merchant_account_share: np.ndarray
    bank_relevance: np.ndarray     # firms' beliefs: a victim's weight on the victim's bank
    # victims' behaviour (scenarios/behaviour_params.py TypeBehaviour: units and sources there)
    wallet_share: np.ndarray
    crypto_share: np.ndarray
    cash_share: np.ndarray
    unauthorised_share: np.ndarray
    wealth_reach: np.ndarray
    wealth_targeting: np.ndarray
    met_while_buying: np.ndarray   # bool: met while buying online (contacts aimed by buying intensity)
    police_loss_slope: np.ndarray
    fraudehelpdesk_report_prob: np.ndarray
    fraudehelpdesk_loss_slope: np.ndarray
    registration_prob: np.ndarray
    gross_negligence: np.ndarray   # bool: the rule covering consumers' losses of this type has the test
    support_need: np.ndarray       # bool: victims of this type need support (Een Loket refers them)


def type_arrays(scenario: Scenario, keys: list[str], platform_index: dict[str, int], age_bands: list[str]
                ) -> TypeArrays:
    """The per-type arrays for `keys` under `scenario` (gross_negligence is filled in by the rules)."""
    facts = [FRAUD_TYPES[k] for k in keys]
    numbers = [scenario.fraud_types[k] for k in keys]

    def per_type(value: Callable[[FraudTypeParams], float]) -> np.ndarray:
        return np.array([value(p) for p in numbers], dtype=float)

    return TypeArrays(
        keys=list(keys),
        target=np.array([0 if f.target == "consumer" else 1 for f in facts]),
        use=np.array([USE_COLUMNS.index(f.platform_use) if f.platform_use else 0 for f in facts]),
        origin=np.array([ORIGIN_SECTORS.get(f.origin_sector, ORIGIN_NONE) for f in facts]),
        platform=np.array([platform_index[f.platform_kind] if f.platform_kind else -1 for f in facts]),
        payment=np.array([PAYMENT_KINDS.index(f.payment) for f in facts]),
        impersonates_bank=np.array([f.impersonates_bank for f in facts]),
        message=np.array([f.channel in MESSAGE_CHANNELS for f in facts], dtype=bool),
        age=np.array([[p.age_profile.get(b, 1.0) for b in age_bands] for p in numbers]),
        contact_rate=per_type(lambda p: p.contact_rate),
        susceptibility=per_type(lambda p: p.susceptibility),
        loss_median_eur=per_type(lambda p: p.loss_median_eur),
        loss_sigma=per_type(lambda p: p.loss_sigma),
        payments_mean=per_type(lambda p: p.payments_mean),
        days_between_payments=per_type(lambda p: p.days_between_payments),
        card_share=per_type(lambda p: p.card_share),
        name_check_mismatch=per_type(lambda p: p.name_check_mismatch),
        bank_report_prob=per_type(lambda p: p.bank_report_prob),
        police_report_prob=per_type(lambda p: p.police_report_prob),
        platform_report_prob=per_type(lambda p: p.platform_report_prob),
        scam_days=per_type(lambda p: p.scam_days),
        own_bank_share=per_type(lambda p: p.own_bank_share),
        delay_sensitivity=per_type(lambda p: p.delay_sensitivity),
        recruited_mule_share=per_type(lambda p: p.recruited_mule_share),
        recall_share=per_type(lambda p: p.recall_share),
        merchant_account_share=per_type(lambda p: p.merchant_account_share),
        bank_relevance=per_type(lambda p: p.bank_relevance),
        wallet_share=per_type(lambda p: p.wallet_share),
        crypto_share=per_type(lambda p: p.crypto_share),
        cash_share=per_type(lambda p: p.cash_share),
        unauthorised_share=per_type(lambda p: p.unauthorised_share),
        wealth_reach=per_type(lambda p: p.wealth_reach),
        wealth_targeting=per_type(lambda p: p.wealth_targeting),
        met_while_buying=np.array([f.met_while_buying for f in facts], dtype=bool),
        police_loss_slope=per_type(lambda p: p.police_loss_slope),
        fraudehelpdesk_report_prob=per_type(lambda p: p.fraudehelpdesk_report_prob),
        fraudehelpdesk_loss_slope=per_type(lambda p: p.fraudehelpdesk_loss_slope),
        registration_prob=per_type(lambda p: p.registration_prob),
        gross_negligence=np.zeros(len(keys), dtype=bool),
        support_need=np.array([k in scenario.een_loket.support_need_types for k in keys], dtype=bool),
    )
