"""Stage takedowns: live instruments (numbers, ads/accounts, sites) are taken down, proactively or on notice.

The hosts find live instruments with their proactive hazards (agents/platforms.py, agents/telecoms.py; sites:
scenario.reporting) or take them down at the time a notice or hub signal set; the group replaces a taken-down
instrument on its next use (agents/fraudsters.py), and a takedown at a hub member becomes a shared signal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.hosts import by_host

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = fields("instruments", "sector", "org", "due", "first_use", "group", "ftype")
WRITES = ("hub_instrument_signals", *fields("instruments", "takedown"))
CALLS: tuple[str, ...] = ()


def run(model: FraudChainModel, day: int) -> None:
    current = model.fraudsters.instrument
    live = current[current >= 0]
    if live.size == 0:
        return
    ins = model.state.instruments
    hazard = by_host(ins.sector[live], ins.org[live], model.platforms.hazard, model.telecoms.hazard,
                     model.params.reporting.site_takedown_hazard)
    u = model.streams["takedowns"].random(live.size)
    proactive = u < hazard
    # a proactive find falls within today (u / hazard is uniform on [0, 1) given u < hazard)
    when = np.where(proactive, day + u / np.maximum(hazard, 1e-12) * 0.999, ins.due[live])
    down = proactive | (ins.due[live] < day + 1)
    take_down(model, live[down], np.minimum(np.maximum(when[down], ins.first_use[live[down]]), day + 0.999), day)


def take_down(model: FraudChainModel, ids: np.ndarray, when: np.ndarray, day: int) -> None:
    if ids.size == 0:
        return
    ins = model.state.instruments
    ins.takedown[ids] = when          # live instruments: each once (a group's live one per type)
    model.fraudsters.lose_instruments(ins.group[ids], ins.ftype[ids])
    member = by_host(ins.sector[ids], ins.org[ids], model.platforms.member, model.telecoms.member,
                     False).astype(bool)
    if member.any():
        # one simulated instrument stands for the group's parallel instruments of its type
        model.hub.note_signals(float(member.sum()) * model.params.fraudsters.instruments_per_type)
        model.state.hub_instrument_signals.schedule(
            day + model.hub.signal_delay() + np.zeros(int(member.sum())),
            ins.group[ids[member]].astype(np.int64))
