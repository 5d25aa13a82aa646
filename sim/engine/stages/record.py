"""Stage record: the day's system counters; extension actors close their day.

The firms' efforts and prevention spend (their cached arrays), hub membership and funding, the groups, the
caution shift from expected reimbursement; then `on_day_end` of each extension actor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = ("expected_reimbursement",)
WRITES = fields("system", "prevention_spend_banks_eur", "prevention_spend_platforms_eur",
                "prevention_spend_telecoms_eur", "public_cost_eur", "case_handling_eur", "hub_members",
                "fraudster_groups", "bank_sending_effort", "bank_receiving_effort", "platform_effort",
                "telecom_effort", "caution_shift")
CALLS: tuple[str, ...] = ()


def run(model: FraudChainModel, day: int) -> None:
    sy, params = model.state.system, model.params
    day_frac = 1.0 / 365.0
    sy.prevention_spend_banks_eur[day] = model.banks.spend_per_day
    sy.prevention_spend_platforms_eur[day] = model.platforms.spend_per_day
    sy.prevention_spend_telecoms_eur[day] = model.telecoms.spend_per_day
    h = params.hub
    if h.enabled:
        sy.public_cost_eur[day] += h.funding_eur_per_year * day_frac
        sy.case_handling_eur[day] += model.n_hub_members * h.member_cost_eur * day_frac
    sy.hub_members[day] = model.n_hub_members
    sy.fraudster_groups[day] = int(model.fraudsters.active.sum())
    sy.bank_sending_effort[day] = model.banks.mean_effort[0]
    sy.bank_receiving_effort[day] = model.banks.mean_effort[1]
    sy.platform_effort[day] = float(model.platforms.effort.mean())
    sy.telecom_effort[day] = float(model.telecoms.effort.mean())
    sy.caution_shift[day] = float(params.liability.moral_hazard * model.state.expected_reimbursement.mean())
    for actor in model.extension_actors:
        actor.on_day_end(day)
