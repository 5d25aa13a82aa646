"""Stage police: the most solvable reports are investigated; identified suspects disrupt their groups.

The police choose from their backlog (agents/police.py), helped by hub intelligence if they are a member; an
identified suspect costs the group capacity (agents/fraudsters.py). The investigations' cost is recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS: tuple[str, ...] = ()
WRITES = (*fields("cases", "identified"),
          *fields("system", "case_handling_eur", "police_investigations", "suspects_identified"))
CALLS: tuple[str, ...] = ()


def run(model: FraudChainModel, day: int) -> None:
    st, params = model.state, model.params
    intel = model.hub.signal_strength() if model.police.hub_member else 0.0
    cases, groups, investigated = model.police.investigate(day, model.streams["police"], intel)
    st.system.case_handling_eur[day] += investigated * model.scale * params.police.investigation_cost_eur
    st.system.police_investigations[day] += investigated * model.scale
    if cases.size == 0:
        return
    st.cases.identified[cases] = True
    st.system.suspects_identified[day] += cases.size * model.scale
    # each identified suspect costs the group capacity; one simulated case stands for `scale` real ones
    loss = 1.0 - (1.0 - params.fraudsters.disruption_per_suspect) ** model.scale
    model.fraudsters.disrupt(groups.tolist(), loss)
