"""The banks' daily limits as a coached victim meets them: a default limit per bank, and a wait before a
raised limit takes effect.

A transfer above the victim's bank's default limit needs a raise. Without a wait the victim raises it at once
(up to `banks.raised_limit_eur`) and pays. With a wait (`banks.limit_raise_wait_hours`, by bank in
`limit_raise_wait_by_bank`), two things can happen while the victim waits, both scaled by how much time
helps against the fraud type (`fraud_types.*.delay_sensitivity`: 1 for pressure scams on the phone):
- the victim reflects and stops, with the chance a held payment is cancelled (`banks.delay_stop_share` x
  wait / 24 h x sensitivity, the rule of the risky-payment hold in agents/banks.py);
- otherwise the victim raises the limit and pays after the wait with chance 1 - sensitivity x (1 -
  `banks.limit_wait_persist_share`) (the fraudster of a pressure scam calls back in a share of cases; a scam that
  needs no call simply waits); the others pay what passes now, the default limit.
Limits apply to the victim's own transfers, crypto purchases and transfers made with stolen credentials;
card, wallet and cash payments have limits of their own (not modelled). Evidence: docs/sources.md
[ing_limit_2023] (ING: default EUR 5,000 -> 2,000 on 8 Feb 2023, four-hour wait since Nov 2020; Rabobank
EUR 5,000; ABN AMRO no wait), [nvb_measures_2023].
"""

from __future__ import annotations

import numpy as np
from fraudchain.scenarios.codes import PAY_AUTHORISED, PAY_CRYPTO, PAY_UNAUTHORISED, kind_table
from fraudchain.scenarios.schema import BankParams

LIMITED_KINDS = (PAY_AUTHORISED, PAY_UNAUTHORISED, PAY_CRYPTO)
IS_LIMITED = kind_table(LIMITED_KINDS)


def bank_limits(p: BankParams, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(default limit in EUR, wait in hours) of each bank (index = bank)."""
    default = np.array([p.daily_limit_by_bank.get(n, p.daily_limit_eur) for n in names], dtype=float)
    wait = np.array([p.limit_raise_wait_by_bank.get(n, p.limit_raise_wait_hours) for n in names], dtype=float)
    return default, wait


def apply_limits(u: np.ndarray, p: BankParams, names: list[str], bank: np.ndarray, amount: np.ndarray,
                 kind: np.ndarray, sensitivity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each payment's amount after its bank's limit, and the mask of victims who stop while waiting for a raise.

    u: (n, 2) uniform draws per payment (stop while waiting, fraudster takes the default limit)."""
    default, wait = bank_limits(p, names)
    lim, hours = default[bank], wait[bank]
    over = IS_LIMITED[kind] & (amount > lim)
    raised = np.minimum(amount, max(p.raised_limit_eur, 0.0))
    waits = over & (hours > 0)
    stop = waits & (u[:, 0] < p.delay_stop_share * np.minimum(hours / 24.0, 1.0) * sensitivity)
    capped = waits & ~stop & (u[:, 1] < sensitivity * (1.0 - p.limit_wait_persist_share))
    out = np.where(over, np.where(capped, np.minimum(lim, raised), raised), amount)
    return np.where(stop, 0.0, out), stop
