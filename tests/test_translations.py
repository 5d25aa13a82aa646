"""The dashboard's words are message catalogues a translator edits, not code.

- Both languages' catalogues (dashboard/locale/{nl,en}/LC_MESSAGES/<domain>.po, the domains of
  catalog.DOMAINS) parse with Babel, hold the same ids, each in the file `catalog.domain_of` names and in one
  file only, and every id has a text in both languages with the same {placeholders}.
- Every id the code asks for by a literal (t("..."), tr("..."), kpi and scenario names) exists.
- The catalogues ship as package data; no file in sim/, agents/, scenarios/ or dashboard/ is over 500 lines,
  translations included (issue 18).
"""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

from babel.messages.pofile import read_po
from fraudchain.dashboard import catalog, i18n, levers, names
from fraudchain.scenarios.loader import builtin_names, load_scenario
from fraudchain.scenarios.packs import scenario_text
from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS

ROOT = Path(__file__).resolve().parent.parent


def _read(lang: str) -> dict[tuple[str | None, str], str]:
    """Every entry of one language, checked to sit in its domain's file and in no other."""
    found = sorted(p.stem for p in catalog.LOCALE_DIR.joinpath(lang, "LC_MESSAGES").glob("*.po"))
    assert found == sorted(catalog.DOMAIN_NAMES), (lang, found)
    out: dict[tuple[str | None, str], str] = {}
    for domain in catalog.DOMAIN_NAMES:
        with open(catalog.catalogue_path(lang, domain), "rb") as f:
            cat = read_po(f, locale=lang, domain=domain, abort_invalid=True)
        entries = {(m.context, str(m.id)): str(m.string) for m in cat if m.id}
        assert entries, (lang, domain)
        twice = set(entries) & set(out)
        assert not twice, (lang, domain, sorted(twice)[:5])
        misplaced = [k for k in entries if catalog.domain_of(*k) != domain]
        assert not misplaced, (lang, domain, misplaced[:5])
        out |= entries
    return out


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_message_id_has_both_languages_with_the_same_placeholders():
    nl, en = _read("nl"), _read("en")
    assert set(nl) == set(en), f"only in nl: {set(nl) - set(en)}; only in en: {set(en) - set(nl)}"
    assert len(nl) > 800
    empty = [k for k in nl if not nl[k].strip() or not en[k].strip()]
    assert not empty, empty
    differ = [k for k in nl if _fields(nl[k]) != _fields(en[k])]
    assert not differ, differ


def test_every_literal_id_the_code_asks_for_exists():
    known = {i for _, i in catalog.messages("en")}
    used: set[str] = set()
    for p in (ROOT / "dashboard").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        used |= {f"ui.{k}" for k in re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", text)}
        used |= set(re.findall(r"\btr\(\s*\"([a-z0-9_.]+)\"", text))
    missing = sorted(used - known)
    assert not missing, missing



def test_what_the_pages_name_is_named_in_both_languages():
    for k in (*KPI_KEYS, *EXTRA_KPI_KEYS):       # every built-in key figure the tables and the CSV can show
        assert i18n.has_kpi_text(k), k
        assert i18n.kpi_name(k, "nl") != i18n.kpi_name(k, "en"), k
    for n in builtin_names():
        if catalog.has(f"scenario.{n}.name"):
            assert catalog.has(f"scenario.{n}.description"), n
        else:                   # a country pack names its own scenarios in its pack.toml, in both languages
            assert all(scenario_text(n, lang) and all(scenario_text(n, lang)) for lang in ("nl", "en")), n
            assert scenario_text(n, "nl") != scenario_text(n, "en"), n
        for r in load_scenario(n).reforms:
            for m in [*r.measures, r.measure]:
                if m:
                    assert catalog.has(f"measure.{m}"), (n, m)
    for group, items in levers.LEVERS.items():
        assert catalog.has(f"lever_group.{group}.title") and catalog.has(f"lever_group.{group}.intro")
        for lv in items:
            assert catalog.has(f"lever.{lv.key}.label") and catalog.has(f"lever.{lv.key}.help"), lv.key
    for section in i18n.MODEL_SECTIONS:
        nl, en = i18n.model_paragraphs(section, "nl"), i18n.model_paragraphs(section, "en")
        assert nl and len(nl) == len(en)
    # a Dutch reader sees Dutch words where the catalogue has them, English where English was asked for
    assert names.scenario_name("een_loket", "nl") == "Eén Loket"
    assert i18n.t("view_value", "nl") == "Wat levert het op?" and i18n.t("view_value", "en") == "What does it buy?"


def test_the_catalogues_ship_as_package_data_and_no_file_is_too_long():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["fraudchain.dashboard"]
    assert "locale/*/LC_MESSAGES/*.po" in patterns
    files = [p for d in ("sim", "agents", "scenarios", "dashboard") for p in (ROOT / d).rglob("*")
             if p.is_file() and p.suffix in {".py", ".po", ".toml", ".csv", ".md", ".yaml", ".json"}]
    assert any(p.suffix == ".po" for p in files)
    long = [f"{p.relative_to(ROOT)}: {n}" for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500]
    assert not long, long


def test_builder_sources_show_titles_not_keys():
    from fraudchain.scenarios.schema import parameter_table

    rows = {r["key"]: r for r in parameter_table()}
    for group in levers.lever_groups().values():
        for lv in group:
            source = rows[lv.key]["source"]
            for key in re.findall(r"\[([a-z0-9_]+)\]", source):
                assert catalog.has(f"source.{key}"), f"{lv.key}: no title for [{key}] in the catalogue"
            for lang in ("nl", "en"):
                text = names.source_text(source, lang)
                assert text and "[" not in text, (lv.key, text)
    assert names.source_text("[cbs_vm_2023] assumption", "nl") == "CBS, Veiligheidsmonitor 2023: aanname"
    assert names.source_text("[cbs_vm_2023]", "en") == "CBS, Veiligheidsmonitor 2023"
