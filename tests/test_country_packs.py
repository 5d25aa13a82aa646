"""Country packs (scenarios/countries/): a country is data, selected by `country = "uk"` or --country; the UK pack
before and after the 2024 reimbursement rules moves the way the rules imply."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario
from fraudchain.scenarios.packs import country_codes, pack, pack_scenarios, targets_text
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.cli.main import main as cli
from fraudchain.sim.studies.calibration.country import country_targets, quantity
from fraudchain.sim.studies.reform_prediction import predict

ROOT = Path(__file__).resolve().parent.parent


def test_packs_and_their_scenarios_are_listed():
    assert set(country_codes()) >= {"nl", "uk"}
    assert {"uk_baseline_2023", "uk_reform_2024"} <= set(builtin_names())
    assert {n: c for n, (c, _) in pack_scenarios().items()}["uk_reform_2024"] == "uk"


def _leaves(d: dict, prefix: str = ""):
    for k, v in d.items():
        if isinstance(v, dict) and not (prefix.count(".") == 2 and prefix.startswith("fraud_types.")):
            yield from _leaves(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


def test_the_dutch_pack_is_the_schema_default():
    """The Dutch facts live in the nl pack (population, banks' limits, desks, police, costs, the fraud types'
    numbers); the schema's defaults are read from it (one source), and merging the pack under a Dutch scenario
    changes nothing."""
    default = Scenario().model_dump()
    leaves = dict(_leaves(pack("nl").params))
    assert len(leaves) > 200 and any(k.startswith("fraud_types.selling.") for k in leaves)
    for key, value in leaves.items():
        got = default
        for part in key.split("."):
            got = got[part]
        assert got == value, key
    assert load_scenario("nl_baseline").country == "nl"
    from fraudchain.scenarios.loader import read_builtin
    from fraudchain.scenarios.packs import with_country
    raw = read_builtin("nl_baseline")
    assert Scenario.model_validate(with_country(raw)).flat() == Scenario.model_validate(raw).flat()


# Fields whose own numbers equal a value of the Dutch pack by chance, each with the reason it is not that value.
NOT_DUTCH_FACTS = {
    ("scenarios/cost_params.py", "verification_yearly_eur"): "EUR cost assumption whose range ends at 15 M",
    ("scenarios/cost_params.py", "delay_one_off_eur"): "EUR one-off cost assumption of 15 M",
    ("scenarios/cost_params.py", "hub_one_off_eur"): "EUR cost assumption whose range ends at 15 M",
}


def _significant_digits(v: float) -> int:
    return len(f"{abs(float(v)):.12e}".split("e")[0].replace(".", "").rstrip("0"))


def test_no_dutch_constant_is_written_in_code():
    """No Dutch figure stays in code (issue 22): every distinctive number of the Dutch pack (three or more
    significant digits, or at least 100,000 with two; and the police's capacity and the hub's funding) is looked
    for as a number in the code of sim/, agents/, dashboard/ and scenarios/*.py; found, it must be read from the
    pack (scenarios.packs.default_value) instead."""
    import io
    import tokenize

    always = {"hub.funding_eur_per_year", "police.capacity_cases_per_year"}
    dutch: dict[float, str] = {}
    for key, v in _leaves(pack("nl").params):
        if isinstance(v, bool) or not isinstance(v, int | float):
            continue
        if key in always or _significant_digits(v) >= 3 or (abs(v) >= 100_000 and _significant_digits(v) >= 2):
            dutch.setdefault(float(v), key)
    assert {15_000_000.0, 1_200_000.0, 800_000.0, 45_000.0, 0.0225} <= set(dutch)
    files = [p for d in ("sim", "agents", "dashboard") for p in (ROOT / d).rglob("*.py")]
    files += list((ROOT / "scenarios").glob("*.py"))
    field = re.compile(r"^\s*(\w+)\s*:[^=]*=\s*P\(")
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        rel = path.relative_to(ROOT).as_posix()
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type != tokenize.NUMBER:
                continue
            try:
                x = float(tok.string.replace("_", ""))
            except ValueError:                  # complex literals
                continue
            if x not in dutch:
                continue
            name = next((m.group(1) for i in range(tok.start[0] - 1, -1, -1)
                         if (m := field.match(lines[i]))), "")
            if (rel, name) not in NOT_DUTCH_FACTS:
                found.append(f"{rel}:{tok.start[0]}: {tok.string} is the Dutch pack's {dutch[x]}")
    assert not found, "Dutch figures written in code:\n" + "\n".join(found)


def test_the_uk_pack_weighs_issue_19s_types_and_methods_against_uk_finances_categories():
    """The UK pack states every new fraud type (zero weight where UK Finance has no category of its own) and the
    payment methods of the types fitted to UK Finance's APP counts (transfers only), and no Fraudehelpdesk."""
    s = load_scenario("uk_baseline_2023")
    for t in ("selling", "payment_request", "impersonation"):
        assert s.fraud_types[t].contact_rate == 0 and s.fraud_types[t].susceptibility == 0, t
    for t in ("marketplace", "investment", "romance", "bank_helpdesk", "friend_in_need", "invoice"):
        ft = s.fraud_types[t]
        assert ft.card_share == ft.wallet_share == ft.crypto_share == ft.cash_share == ft.unauthorised_share == 0, t
    web = s.fraud_types["fake_webshop"]
    assert web.card_share + web.wallet_share == pytest.approx(1.0)        # card and PayPal: outside the APP figures
    assert all(ft.fraudehelpdesk_report_prob == 0 for ft in s.fraud_types.values())


def test_a_uk_file_starts_from_the_uk_pack_and_its_own_keys_win(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('country = "uk"\n[population]\nbank_shares = { lloyds = 0.5, challengers = 0.3, tsb = 0.2 }\n'
                 '[fraud_types.romance]\nsusceptibility = 0.02\n')
    s = load_scenario(f)
    uk = pack("uk").params
    assert s.country == "uk" and s.population.consumers == uk["population"]["consumers"]
    assert s.population.bank_shares == {"lloyds": 0.5, "challengers": 0.3, "tsb": 0.2}          # a table of shares is replaced whole
    assert s.fraud_types["romance"].susceptibility == 0.02
    assert s.fraud_types["romance"].loss_median_eur == uk["fraud_types"]["romance"]["loss_median_eur"]
    assert s.liability.regime == "uk_crm_2019" and s.liability.gbp_eur == pack("uk").eur_per_unit
    # --country on a file that names no country gives the same scenario
    g = tmp_path / "plain.toml"
    g.write_text('[run]\nyears = 2\n')
    assert load_scenario(g, country="uk").population.consumers == uk["population"]["consumers"]


def test_a_scenario_of_another_country_or_an_unknown_country_is_refused(tmp_path, capsys):
    with pytest.raises(ScenarioError, match="a scenario of country 'nl'; --country uk"):
        load_scenario("nl_baseline", country="uk")
    f = tmp_path / "bad.toml"
    f.write_text('country = "xx"\n')
    with pytest.raises(ScenarioError, match=r"country: unknown country 'xx'; allowed: nl, uk"):
        load_scenario(f)
    assert cli(["run", "nl_baseline", "--country", "uk", "--agents", "4000", "--seeds", "1"]) == 2
    assert cli(["list", "--country", "zz"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "allowed: nl, uk" in err
    with pytest.raises(ScenarioError, match="cannot change mid-run"):
        load_scenario("nl_baseline", {"reforms": [{"day": 10, "set": {"country": "uk"}}]})


def test_list_by_country(capsys):
    assert cli(["list", "--country", "uk"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [ln.split()[0] for ln in lines] == ["uk_baseline_2023", "uk_reform_2024"]
    assert all(ln.split()[1] == "uk" for ln in lines)


def test_uk_targets_are_pre_reform_with_sources_and_parse():
    pubs, targets, quantities = country_targets("uk")
    assert len(targets) >= 12
    for t in targets:
        p = pubs[t.metric]
        assert int(p.year) <= 2023, f"{t.metric}: the UK pack is fitted to figures up to 2023 only"
        assert p.source.startswith("["), t.metric
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    defined = set(re.findall(r"\*\*\[([a-z0-9_]+)\]\*\*", sources))
    files = [targets_text("uk"), (ROOT / "scenarios" / "countries" / "uk" / "pack.toml").read_text(),
             *((ROOT / "scenarios" / "regimes" / f).read_text() for f in ("uk_crm_2019.toml", "uk_psr_2024_ex_ante.toml"))]
    cited = {k for text in files for k in re.findall(r"\[([a-z0-9_]+)\]", text) if not k.startswith("params")}
    cited -= {"country", "texts", "rules"}
    assert not cited - defined, f"cited but not in docs/sources.md: {cited - defined}"


@pytest.mark.parametrize("spec", ["bank_cases:wire:*", "bank_cases:app:nosuchtype", "bank_share_over:app:*",
                                  "bank_refused_share:app:*:because", "nothing"])
def test_a_quantity_the_vocabulary_does_not_know_is_an_error(spec):
    with pytest.raises(ValueError):
        quantity(spec, pack("uk"))


@pytest.fixture(scope="module")
def uk_reform() -> dict:
    # 2 seeds x 80,000 persons: about 300 APP claims a year per run, enough for the directions the rules imply
    return {p.metric: p for p in predict("uk", "uk_baseline_2023", "uk_reform_2024", seeds=2, agents=80_000,
                                          workers=2)}


def test_the_uk_rules_return_more_and_the_receiving_banks_pay_about_half(uk_reform):
    """The mandatory rules (from year 4) against the same baseline without them, on the same seeds: more of the
    money in in-scope claims is returned, and the receiving PSPs carry about half of what PSPs reimburse (the rule
    is 50 %; claims whose earlier payments were decided under the voluntary code pull it slightly below)."""
    ret = uk_reform["psr_inscope_returned_share"]
    assert ret.with_reform.mean > ret.without.mean + 0.05
    recv = uk_reform["receiving_share_of_reimbursed"]
    assert recv.without.mean < 0.02                       # before: only the sending firm reimburses
    assert 0.4 <= recv.with_reform.mean <= 0.55
    # out-of-scope refusals exist only under the new rules' scope; the voluntary code's are its non-signatories
    assert uk_reform["refused_outside_scope_share"].with_reform.mean > 0.0
