"""Names instead of identifiers: the Dutch and English name and one-line description of every
built-in scenario, liability regime, parameter and parameter value, the Dutch wording of sources,
units and the built-in reforms' labels, and a parameter search that understands both languages.

Owns these lookups; the words themselves are in the message catalogues (catalog.py, locale/*.po).
Raw identifiers (nl_baseline, hub.coordination_quality) are shown only where a user asks for them (an
"advanced" expander). Parameters: the catalogue names every section, the levers and every key a built-in
scenario sets; each field of a fraud type is named once and combined with the fraud type's name. A user's
own scenario keeps the name its maker gave it (`scenario_name` is the one place that name enters a
chart, a CSV cell or a report). Pure lookups: no streamlit.
"""

from __future__ import annotations

import re
from typing import Any

from fraudchain.dashboard.catalog import has, ids, pairs, tr
from fraudchain.dashboard.i18n import fmt_number, fraud_type_name, norm_lang, sector_name, t
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.packs import scenario_text


def hand_named_params() -> set[str]:
    """The parameter keys the catalogue names by hand (plain parameters and levers)."""
    keys = {i[len("param."):-len(".name")] for i in ids("param.") if i.endswith(".name")}
    return keys | {i[len("lever."):-len(".label")] for i in ids("lever.") if i.endswith(".label")}


# ---------------------------------------------------------------------------------------------
def scenario_name(name: str, lang: str) -> str:
    """A built-in scenario's name; a user's own scenario keeps the name its maker gave it."""
    if has(f"scenario.{name}.name"):
        return tr(f"scenario.{name}.name", lang)
    entry = scenario_text(name, norm_lang(lang))          # a country pack's own texts (pack.toml)
    return entry[0] if entry else name


def scenario_description(name: str, lang: str, fallback: str = "") -> str:
    if has(f"scenario.{name}.description"):
        return tr(f"scenario.{name}.description", lang)
    entry = scenario_text(name, norm_lang(lang))
    return entry[1] if entry else fallback


def regime_name(name: str, lang: str) -> str:
    if has(f"regime.{name}.name"):
        return tr(f"regime.{name}.name", lang)
    entry = scenario_text(name, norm_lang(lang))
    return entry[0] if entry else name


def regime_description(name: str, lang: str, fallback: str = "") -> str:
    if has(f"regime.{name}.description"):
        return tr(f"regime.{name}.description", lang)
    entry = scenario_text(name, norm_lang(lang))
    return entry[1] if entry else fallback


def reform_label(label: str, lang: str) -> str:
    if has(f"reform.{label}"):
        return tr(f"reform.{label}", lang)
    if norm_lang(lang) != "nl":
        return label
    entry = scenario_text(label, "nl")                   # a country pack's own reform label
    return entry[0] if entry else label


def measure_name(measure: str, lang: str) -> str:
    """A package's measure (`measure = "hub"` in a scenario file) by name; an unnamed one keeps its id."""
    return tr(f"measure.{measure}", lang) if has(f"measure.{measure}") else measure.replace("_", " ")


def _section_name(section: str, lang: str) -> str:
    return tr(f"section.{section}", lang) if has(f"section.{section}") else section


def param_name(key: str, lang: str) -> str:
    """A parameter's name for people: 'Fraudehub: Kwaliteit van de regie'."""
    parts = key.split(".")
    section = _section_name(parts[0], lang)
    if has(f"lever.{key}.label"):
        return f"{section}: {tr(f'lever.{key}.label', lang)}"
    if has(f"param.{key}.name"):
        name = tr(f"param.{key}.name", lang)
        return f"{section}: {name}" if "." in key else name
    if parts[0] == "fraud_types" and len(parts) == 3 and has(f"fraud_field.{parts[2]}.name"):
        return f"{fraud_type_name(parts[1], lang)}: {tr(f'fraud_field.{parts[2]}.name', lang)}"
    return f"{section}: {parts[-1].replace('_', ' ')}"


def param_description(key: str, lang: str, schema_text: str = "") -> str:
    """One line on what the parameter means (else the schema's own English text)."""
    parts = key.split(".")
    if has(f"lever.{key}.help"):
        return tr(f"lever.{key}.help", lang)
    if has(f"param.{key}.description"):
        return tr(f"param.{key}.description", lang)
    if parts[0] == "fraud_types" and len(parts) == 3 and has(f"fraud_field.{parts[2]}.description"):
        return tr(f"fraud_field.{parts[2]}.description", lang)
    return schema_text[:1].upper() + schema_text[1:] if schema_text else ""


_CITATION = re.compile(r"\[([a-z0-9_]+)\]")


def source_title(key: str, lang: str) -> str:
    """A cited publication's title as published (docs/sources.md's entry, carried in the catalogue)."""
    return tr(f"source.{key}", lang) if has(f"source.{key}") else key


def source_text(source: str, lang: str) -> str:
    """A parameter's source for people: each cited key ([cbs_vm_2023]) replaced by the publication's
    title; in Dutch the explanation is the catalogue's translation of the schema's text where there is
    one, else its fixed words translated (titles stay as published)."""
    keys = _CITATION.findall(source)
    note = " ".join(_CITATION.sub("", source).split()).strip(" ;:")
    if norm_lang(lang) == "nl":
        if has(note, context="source"):
            note = tr(note, lang, context="source")
        else:
            for en, nl in pairs("source_word"):
                note = note.replace(en, nl)
    titles = "; ".join(source_title(k, lang) for k in keys)
    if titles and note:
        return f"{titles}: {note}"
    return titles or note


def unit_text(unit: str, lang: str) -> str:
    """A parameter's unit: as the schema writes it in English; in Dutch the kind of unit (EUR per
    melding, aandeel 0-1, dagen, ...), longest matching start first."""
    if norm_lang(lang) != "nl" or not unit:
        return unit
    low = unit.lower()
    for en, nl in sorted(pairs("unit"), key=lambda p: -len(p[0])):
        if low.startswith(en.lower()):
            return nl
    return unit


def value_text(key: str, value: Any, lang: str) -> str:
    """A parameter value for people: on/off in words, regimes and sectors by name, numbers in the
    language's format."""
    if isinstance(value, bool):
        return t("on", lang) if value else t("off", lang)
    if key == "liability.regime" and isinstance(value, str):
        return regime_name(value, lang)
    if isinstance(value, str) and has(f"value.{key}.{value}"):
        return tr(f"value.{key}.{value}", lang)
    if isinstance(value, (int, float)):
        if float(value).is_integer() and abs(value) >= 1000:
            return fmt_number(value, lang, 0)
        text = f"{value:g}"
        return text.replace(".", ",") if norm_lang(lang) == "nl" else text
    if isinstance(value, list):
        if all(isinstance(x, str) for x in value):
            return ", ".join(_member_name(x, lang) for x in value) or "–"
        if all(not isinstance(x, dict) for x in value):
            return ", ".join(value_text(key, x, lang) for x in value)
        return f"{len(value)} x"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {value_text(key, v, lang)}" for k, v in value.items())
    if value is None:
        return "–"
    return str(value)


def _member_name(x: str, lang: str) -> str:
    if x == "police":
        return t("police", lang)
    if x in FRAUD_TYPES:
        return fraud_type_name(x, lang)
    return sector_name(x, lang)


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("é", "e").replace("ë", "e")).strip()


def param_matches(key: str, query: str, schema_text: str = "", source: str = "") -> bool:
    """Whether a search finds the parameter, in Dutch or English: its names and descriptions in both
    languages, its key, unit and source ('kosten' and 'cost' both find the cost parameters)."""
    words = _fold(query).split()
    if not words:
        return True
    haystack = _fold(" ".join([key, schema_text, source] + [param_name(key, lang) + " " +
                                                             param_description(key, lang, schema_text)
                                                             for lang in ("nl", "en")]))
    return all(w in haystack for w in words)


def file_label(name: str) -> str:
    """A scenario in a file name: a built-in by its id, one's own by a name derived from its name."""
    from fraudchain.dashboard.specs import file_stem

    return name if has(f"scenario.{name}.name") else file_stem(name)
