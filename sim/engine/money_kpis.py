"""KPIs of what public money buys: the hub's analysis capacity, victim support and police capacity.

Registered as built-ins like those in sim/engine/kpis.py, from the hub's daily capacity counters
(sim/engine/stages/hub.py), the cases table and the police counters. National, over the window;
reads a finished model, never changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fraudchain.sim.engine.kpis import builtin, window
from fraudchain.sim.engine.public_cost import LINES, line_kpi

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

LINE_TEXT = {"fraud_hub": "the fraud hub (structural funding, the state's share of the set-up, member subsidies)",
             "een_loket": "Een Loket (build per region opened, fixed cost by coverage, intake of every report)",
             "fraudehelpdesk": "the Fraudehelpdesk (fixed cost where Een Loket is not open, reports)",
             "victim_support": "victim support (every supported victim)",
             "police": "the police's handling of online fraud (registrations, triage, investigations)",
             "campaigns": "awareness campaigns (persons reached)",
             "sms_registry": "the state's share of the SMS sender registry"}
for _line in LINES:
    _key = line_kpi(_line)
    builtin(_key, "EUR/year", f"what the state pays for {LINE_TEXT[_line]}; the lines add up to "
            "public_cost_eur (sim/engine/public_cost.py)")(
        lambda m, start, end, _k=_key: window(m, start, end).costs[_k])


@builtin("hub_signals_acted_share", "share", "share of the signals shared in the hub (mule IBANs, numbers, URLs, "
         "accounts; routed reports by their work) that its analysts act on: 1 - exp(-capacity / inflow)")
def hub_signals_acted_share(m: FraudChainModel, start: int, end: int) -> float:
    sy = window(m, start, end).system
    total = float(sy["hub_signals"].sum())
    return float(sy["hub_signals_acted"].sum()) / total if total > 0 else 0.0


@builtin("hub_signal_delay_days", "days", "days from detection to a shared signal, averaged over the window's "
         "signals (falls from hub.signal_delay_days to hub.min_signal_delay_days as capacity outgrows the inflow)")
def hub_signal_delay_days(m: FraudChainModel, start: int, end: int) -> float:
    sy = window(m, start, end).system
    total = float(sy["hub_signals"].sum())
    if total <= 0:
        return float(sy["hub_signal_delay_days"].mean()) if end > start else 0.0
    return float((sy["hub_signal_delay_days"] * sy["hub_signals"]).sum()) / total


@builtin("hub_analysts", "FTE", "analysts the hub pays from public funding and members' contributions after its "
         "fixed cost (mean over the window)")
def hub_analysts(m: FraudChainModel, start: int, end: int) -> float:
    sy = window(m, start, end).system
    return float(sy["hub_analysts"].mean()) if end > start else 0.0


@builtin("police_investigations", "cases/year", "online-fraud reports the police investigated in the window")
def police_investigations(m: FraudChainModel, start: int, end: int) -> float:
    return float(window(m, start, end).system["police_investigations"].sum())


@builtin("supported_victims", "persons/SMEs", "victims whose first loss falls in the window who got victim "
         "support (a person with two supported cases counts twice)")
def supported_victims(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return float((win.victim_weight * m.cases.support[:win.n][win.victim_cases]).sum())
