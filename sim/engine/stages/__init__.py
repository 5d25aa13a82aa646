"""The stages of a day, in order, and the steps they share.

A stage is a module with `run(model, day)` and its contract: READS and WRITES (the state fields it reads and
writes, sim/engine/contracts.py) and CALLS (the steps it calls). A step is a module of functions stages call
(cases, settlement, claims, victim_reports, mule_accounts), with a contract of its own; a stage calls another
module only through a step it declares. A model's stages are built from its scenario (sim/engine/pipeline.py): these
built-ins, then the stages of the extensions the scenario asks for.
"""

from __future__ import annotations

from fraudchain.sim.engine.stages import (
    adaptation,
    awareness,
    cases,
    cashout,
    claims,
    contacts,
    hub,
    mule_accounts,
    payments,
    police,
    record,
    reforms,
    reports,
    settlement,
    takedowns,
    victim_reports,
)

# the built-in stages, in the order of the day
BUILTIN = (("reforms", reforms), ("awareness", awareness), ("contacts", contacts), ("payments", payments),
           ("reports", reports), ("cashout", cashout), ("takedowns", takedowns), ("police", police), ("hub", hub),
           ("adaptation", adaptation), ("record", record))
# the steps stages call, by the name their CALLS use
STEPS = {"cases": cases, "settlement": settlement, "claims": claims, "victim_reports": victim_reports,
         "mule_accounts": mule_accounts}
