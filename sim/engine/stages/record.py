"""Stage record: the day's system counters; extension actors close their day.

Reads: the firms' efforts and spend (cached arrays), hub membership and costs, the groups, the
expected reimbursement. Writes: the day's row of the system counters; calls `on_day_end` on
extension actors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


def run(model: FraudChainModel, day: int) -> None:
    sy, params = model.state.system, model.params
    day_frac = 1.0 / 365.0
    sy["prevention_spend_banks_eur"][day] = model.banks.spend_per_day
    sy["prevention_spend_platforms_eur"][day] = model.platforms.spend_per_day
    sy["prevention_spend_telecoms_eur"][day] = model.telecoms.spend_per_day
    h = params.hub
    if h.enabled:
        sy["public_cost_eur"][day] += h.funding_eur_per_year * day_frac
        sy["case_handling_eur"][day] += model.n_hub_members * h.member_cost_eur * day_frac
    sy["hub_members"][day] = model.n_hub_members
    sy["fraudster_groups"][day] = int(model.fraudsters.active.sum())
    sy["bank_sending_effort"][day] = model.banks.mean_effort[0]
    sy["bank_receiving_effort"][day] = model.banks.mean_effort[1]
    sy["platform_effort"][day] = float(model.platforms.effort.mean())
    sy["telecom_effort"][day] = float(model.telecoms.effort.mean())
    sy["caution_shift"][day] = float(params.liability.moral_hazard * model.state.expected_reimbursement.mean())
    for actor in model.extension_actors:
        actor.on_day_end(day)
