"""The national counts of the recall chain are measured as their sources count them
(sim/studies/calibration/seed_measures.py): the accounts a bank blocks in the year, and the money recovered over
the push-payment cases known to the banks (UK Finance's count), not over every loss."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from fraudchain.sim.studies.calibration.seed_measures import accounts_blocked, recovered_share_of_claimed_app


def _result(victims: pd.DataFrame, takedowns: pd.DataFrame | None = None) -> SimpleNamespace:
    """A seed's result with what the measures read: two simulated years (days 0-729), its cases and takedowns."""
    return SimpleNamespace(daily=pd.DataFrame({"day": range(730)}), victims=victims, takedowns=takedowns)


def test_money_recovered_is_counted_over_the_claimed_push_payments_only():
    v = pd.DataFrame({
        "first_loss_day": [400, 500, 600, 650, 100],
        "first_payment_kind": ["authorised", "authorised", "card", "unauthorised", "authorised"],
        "claimed": [True, False, True, True, True],
        "gross_loss_eur": [1_000.0, 4_000.0, 500.0, 2_000.0, 9_000.0],
        "recovered_eur": [250.0, 0.0, 0.0, 1_000.0, 9_000.0],
        "weight": [2.0, 2.0, 2.0, 2.0, 2.0],
    })
    # only the first case is a push payment claimed at the bank in the last year (days 365-729): the unclaimed
    # transfer, the card payment, the stolen-credentials transfer and last year's case are left out
    assert recovered_share_of_claimed_app(_result(v)) == pytest.approx(0.25)


def test_accounts_blocked_are_the_mule_accounts_taken_down_in_the_last_year():
    t = pd.DataFrame({
        "kind": ["mule_account", "mule_account", "phone_number", "mule_account"],
        "takedown_day": [400.0, 729.5, 500.0, 200.0],
        "weight": [3.0, 5.0, 7.0, 11.0],
    })
    v = pd.DataFrame(columns=["first_loss_day", "weight", "gross_loss_eur", "fraud_type"])
    assert accounts_blocked(_result(v, t)) == pytest.approx(8.0)
    assert accounts_blocked(_result(v, None)) == 0.0
