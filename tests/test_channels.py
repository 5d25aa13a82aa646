"""A measure's effect on its own channel and on all fraud, apart (sim/studies/channels.py)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from fraudchain.sim.studies.channels import TOTAL, channel_effects


def _run(victims: dict[str, list[float]], contacts: dict[str, list[float]]) -> SimpleNamespace:
    def s(v):
        return SimpleNamespace(values=v)
    by_type = {t: {"victims": s(victims[t]), "fraud_attempts": s(contacts[t])} for t in victims}
    tot_v = list(np.sum([victims[t] for t in victims], axis=0))
    tot_c = list(np.sum([contacts[t] for t in contacts], axis=0))
    return SimpleNamespace(by_type=by_type, kpis={"victims": s(tot_v), "fraud_attempts": s(tot_c)})


def test_a_closed_channel_and_the_total():
    base = _run({"phishing": [100.0, 110, 90], "marketplace": [900.0, 880, 920]},
                {"phishing": [1e4, 1.1e4, 9e3], "marketplace": [9e5, 8.8e5, 9.2e5]})
    # the SMS channel loses half its contacts and victims; a tenth of them reappear in purchase fraud
    opt = _run({"phishing": [50.0, 55, 45], "marketplace": [905.0, 885.5, 924.5]},
               {"phishing": [5e3, 5.5e3, 4.5e3], "marketplace": [9.05e5, 8.855e5, 9.245e5]})
    cmp = SimpleNamespace(scenarios=["base", "sms"], results={"base": base, "sms": opt})
    rows = {r.fraud_type: r for r in channel_effects(cmp, "sms")}
    assert rows["phishing"].victims_change[0] == pytest.approx(-0.5)
    assert rows["phishing"].contacts_change[0] == pytest.approx(-0.5)
    assert rows["marketplace"].victims_change[0] == pytest.approx(5.0 / 900.0, rel=1e-6)
    assert rows[TOTAL].victims_change[0] == pytest.approx(-45.0 / 1000.0, rel=1e-6)
    assert rows["phishing"].victim_share_before == pytest.approx(0.1, abs=0.002)
    assert rows["phishing"].victim_share_after == pytest.approx(50 / 955, abs=0.002)
    assert rows[TOTAL].as_dict()["victims_change"]["mean"] == pytest.approx(-0.045)
