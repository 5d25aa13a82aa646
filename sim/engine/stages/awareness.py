"""Stage awareness: public campaigns and sector bodies reach part of the population today.

The consumers and SMEs keep each person's last exposure day (agents/consumers.py, agents/smes.py; the effect
decays lazily: it is computed when the person is contacted). The campaign's cost is recorded here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS: tuple[str, ...] = ()
WRITES = fields("system", "public_cost_eur", "campaign_cost_eur")
CALLS: tuple[str, ...] = ()


def run(model: FraudChainModel, day: int) -> None:
    a = model.params.awareness
    if a.campaign_reach <= 0 and a.sme_reach <= 0:
        return
    reached = model.consumers.expose_to_campaign(day, a.campaign_reach / 365.0, a.target, model.streams["awareness"])
    model.state.system.public_cost_eur[day] += reached * model.scale * a.cost_per_person_reached_eur
    model.state.system.campaign_cost_eur[day] += reached * model.scale * a.cost_per_person_reached_eur
    if a.sme_reach > 0 and model.n_smes:
        # sector bodies (MKB-Nederland, branches) warn their members about invoice fraud
        model.smes.expose(day, a.sme_reach / 365.0, model.streams["sme_awareness"])
