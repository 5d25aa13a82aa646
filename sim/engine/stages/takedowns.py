"""Stage takedowns: live instruments (numbers, ads/accounts, sites) are taken down, proactively or on notice.

Reads: the groups' live instruments, the hosts' proactive hazards (agents/platforms.py,
agents/telecoms.py; sites: scenario.reporting), takedown-due times set by notices and hub signals.
Writes: takedown times, the groups' live instruments (a taken-down one is replaced on next use),
hub signals for takedowns at member hosts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, ORIGIN_TELECOM

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


def run(model: FraudChainModel, day: int) -> None:
    current = model.fraudsters.instrument
    live = current[current >= 0]
    if live.size == 0:
        return
    ins = model.state.instruments
    hazard = by_host(ins.sector[live], ins.org[live], model.platforms.hazard, model.telecoms.hazard,
                     model.params.reporting.site_takedown_hazard)
    u = model.rng.random(live.size)
    proactive = u < hazard
    # a proactive find falls within today (u / hazard is uniform on [0, 1) given u < hazard)
    when = np.where(proactive, day + u / np.maximum(hazard, 1e-12) * 0.999, ins.due[live])
    down = proactive | (ins.due[live] < day + 1)
    take_down(model, live[down], np.minimum(np.maximum(when[down], ins.first_use[live[down]]), day + 0.999), day)


def by_host(sector: np.ndarray, org: np.ndarray, platform_values: np.ndarray, telecom_values: np.ndarray,
            default: float | bool) -> np.ndarray:
    """A per-host value for instruments: the platform's or operator's own, `default` for sites."""
    out = np.full(sector.size, default, dtype=np.result_type(platform_values, telecom_values, default))
    pl, tc = sector == ORIGIN_PLATFORM, sector == ORIGIN_TELECOM
    out[pl] = platform_values[org[pl]]
    out[tc] = telecom_values[org[tc]]
    return out


def take_down(model: FraudChainModel, ids: np.ndarray, when: np.ndarray, day: int) -> None:
    if ids.size == 0:
        return
    ins = model.state.instruments
    ins.takedown[ids] = when
    model.fraudsters.lose_instruments(ins.group[ids], ins.ftype[ids])
    member = by_host(ins.sector[ids], ins.org[ids], model.platforms.member, model.telecoms.member,
                     False).astype(bool)
    if member.any():
        # one simulated instrument stands for the group's parallel instruments of its type
        model.hub.note_signals(float(member.sum()) * model.params.fraudsters.instruments_per_type)
        model.state.hub_instrument_signals.schedule(
            day + model.hub.signal_delay() + np.zeros(int(member.sum())),
            ins.group[ids[member]].astype(np.int64))
