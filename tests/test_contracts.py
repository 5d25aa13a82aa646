"""Stage contracts: every stage declares the state fields it reads and writes (READS/WRITES) and the steps it
calls (CALLS); a model run through a recording proxy touches nothing else (sim/engine/contracts.py)."""

from __future__ import annotations

import ast
import inspect
from dataclasses import fields as dc_fields

import numpy as np
import pytest
from fraudchain.agents.columns import Frame
from fraudchain.sim import Extension, load_scenario
from fraudchain.sim.engine.contracts import AccessLog, check_contracts
from fraudchain.sim.engine.model import FraudChainModel
from fraudchain.sim.engine.stages import BUILTIN, STEPS
from fraudchain.sim.engine.state import ChainState, FirmBooks, OnceUsed
from fraudchain.sim.engine.tables import Calendar

DAYS = 2 * 365          # year 1 and year 2: the reference year's end, monthly and quarterly reviews, reforms


def state_fields() -> set[str]:
    """Every name a contract may use: the state's fields, their columns, the tables' rows, the mules' columns."""
    m = FraudChainModel(load_scenario("nl_baseline"), agents=500, seed=0, years=1)
    names = {"mules.rows", *(f"mules.{c}" for c in m.mules.names())}
    for f in dc_fields(ChainState):
        value = getattr(m.state, f.name)
        names.add(f.name)
        if isinstance(value, Frame):
            names.add(f"{f.name}.rows")
            names.update(f"{f.name}.{c}" for c in value.names())
        elif isinstance(value, FirmBooks):
            names.add("books.since")
            for book in dc_fields(FirmBooks):
                if book.name != "since":
                    names.update(f"books.{book.name}.{c}" for c in getattr(value, book.name).names())
        elif isinstance(value, OnceUsed):            # (a contract may name the pair as `once_used`)
            names.update(f"once_used.{p.name}" for p in dc_fields(OnceUsed))
    return names


def test_every_declared_field_exists_and_every_call_is_a_step():
    known = state_fields()
    for name, module in [*BUILTIN, *STEPS.items()]:
        for declared in (*module.READS, *module.WRITES):
            assert declared in known, f"{name}: {declared!r} is not a state field"
        for call in module.CALLS:
            step, fn = call.split(".")
            assert step in STEPS and hasattr(STEPS[step], fn), f"{name}: CALLS {call!r} is not a step function"


@pytest.fixture(scope="module")
def recorded():
    """Two years of small models through the recording proxy: the undeclared accesses, and what each stage did
    read and write. The scenarios switch on the hub, Een Loket, reforms, waterfall rules and caps."""
    used: dict[str, AccessLog] = {}
    breaches = []
    # the Dutch banks' once-per-victim goodwill needs a police report and the victim's own bank impersonated (and
    # a bank that honours the claim)
    goodwill = load_scenario("nl_baseline").with_overrides({
        "fraud_types.bank_helpdesk.own_bank_share": 1.0, "fraud_types.bank_helpdesk.police_report_prob": 1.0,
        "liability.rule_values.goodwill_bank_helpdesk.acceptance": 1.0})
    for scenario in (load_scenario("ecp_full_package"), load_scenario("sg_srf_2024"), load_scenario("uk_psr_2024"),
                     goodwill):
        m = FraudChainModel(scenario, agents=3_000, seed=1, years=2)
        breaches += check_contracts(m, DAYS, used)
    return breaches, used


def test_a_model_keeps_every_stage_contract(recorded):
    """No stage reads or writes a field it did not declare (its own or its steps')."""
    breaches, _ = recorded
    assert not breaches, "\n".join(f"{b.stage} (day {b.day}): undeclared {b.kind} of {b.field}" for b in breaches)


def test_contracts_declare_nothing_a_stage_does_not_use(recorded):
    """Each stage's own declarations, and each step's, are used by the stages that declare or call them: a
    declared read is read (or written), a declared write is written."""
    _, used = recorded
    callers: dict[str, list[str]] = {}
    for name, module in BUILTIN:
        todo = [c.split(".")[0] for c in module.CALLS]
        while todo:
            step = todo.pop()
            callers.setdefault(step, []).append(name)
            todo += [c.split(".")[0] for c in STEPS[step].CALLS]
    for name, module in [*BUILTIN, *STEPS.items()]:
        who = callers.get(name, [name])
        touched = set().union(*(used[s].reads | used[s].writes for s in who))
        written = set().union(*(used[s].writes for s in who))
        unused = [d for d in module.READS if not any(t == d or t.startswith(d + ".") for t in touched)]
        unwritten = [d for d in module.WRITES if not any(t == d or t.startswith(d + ".") for t in written)]
        assert not unused and not unwritten, f"{name}: declared but not used {unused}, not written {unwritten}"


def test_the_check_finds_an_undeclared_read_and_write():
    ext = Extension("contract_probe")

    def sneaky(model, day):
        if day == 3:
            model.state.cases.gross[:1] += 0.0          # changes (in place) a column it did not declare
            _ = model.state.expected_reimbursement      # reads a field it did not declare

    ext.stage("sneaky", sneaky, after="record", reads=("claims_net",))
    m = FraudChainModel(load_scenario("nl_baseline").with_extensions(ext), agents=500, seed=0, years=1)
    found = {(b.stage, b.kind, b.field) for b in check_contracts(m, 5)}
    assert ("sneaky", "write", "cases.gross") in found
    assert ("sneaky", "read", "expected_reimbursement") in found
    assert all(stage == "sneaky" for stage, _, _ in found)


def test_stages_call_other_modules_only_through_declared_steps():
    """A stage or step imports other stage modules only as the steps its CALLS name, and calls only those
    functions of them."""
    names = {n for n, _ in BUILTIN} | set(STEPS)
    for name, module in [*BUILTIN, *STEPS.items()]:
        tree = ast.parse(inspect.getsource(module))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "fraudchain.sim.engine.stages":
                imported |= {a.name for a in node.names}
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fraudchain.sim.engine.stages."):
                pytest.fail(f"{name} imports from {node.module}: call a step through its module instead")
        declared = {c.split(".")[0] for c in module.CALLS}
        assert imported <= declared, f"{name} imports {imported - declared} without declaring them in CALLS"
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
                assert f"{node.value.id}.{node.attr}" in module.CALLS, f"{name} uses {node.value.id}.{node.attr}"
        assert imported <= names


def test_the_state_has_no_field_set_by_name():
    """The engine never sets or looks up a state attribute by a string (typed fields, agents/columns.py)."""
    from pathlib import Path

    import fraudchain.sim.engine as engine

    for path in Path(engine.__file__).parent.rglob("*.py"):
        if path.name == "contracts.py":          # the recording proxy stands for any object by design
            continue
        text = path.read_text(encoding="utf-8")
        assert "setattr(" not in text, path
        assert "getattr(c," not in text and "getattr(st," not in text and "getattr(m.state" not in text, path


def test_calendar_and_tables_are_typed():
    st = FraudChainModel(load_scenario("nl_baseline"), agents=500, seed=0, years=1).state
    assert isinstance(st.pay_calendar, Calendar)
    assert st.cases.gross.dtype == np.float64 and st.cases.claimed.dtype == np.bool_
    with pytest.raises(AttributeError):
        st.cases.gross = np.zeros(3)             # columns are changed in place, never replaced
