"""The dashboard's words in Dutch and English, as gettext message catalogues read with Babel.

Owns reading the catalogues and where each message lives. The words are split by subject into gettext
domains, `locale/<lang>/LC_MESSAGES/<domain>.po` next to this file (package data), the same domains in
each language: the sidebar and pages (`ui`), the figures, the builder, the value page, the KPIs' names and
their explanations, the scenarios, the levers, the model page, the parameters (population, firms, crime,
policy), the sources and the schema's English units and sources. `DOMAINS` says which messages go in which
file (by context and id prefix, first match); a test checks every entry is where `domain_of` puts it, so a
translator adding a message knows the file. All domains are parsed once with
`babel.messages.pofile.read_po` and read as one catalogue. Message ids are symbolic (`ui.headline`,
`kpi.net_loss_eur.name`, `scenario.een_loket.description`, ...); entries with a context (`unit`,
`source_word`, `source`) translate English text of the scenario schema, so their id is that English text.
A translator edits the .po files (any PO editor, or `pybabel`), never the code; a test checks that every id
has a text in both languages with the same placeholders. No streamlit, no engine.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# (domain, contexts, id prefixes): a message goes in the first domain whose contexts hold its context and
# one of whose prefixes starts its id (no prefixes: any id). One file of each per language, none over 500
# lines.
DOMAINS: tuple[tuple[str, tuple[str | None, ...], tuple[str, ...]], ...] = (
    ("units", ("unit", "source_word"), ()),
    ("schema_sources", ("source",), ()),
    ("parameters_population", (None,), ("param.actors.", "param.population.", "param.run.")),
    ("parameters_firms", (None,), ("param.banks.", "param.platforms.", "param.telecoms.", "param.insurers.")),
    ("parameters_crime", (None,), ("param.fraudsters.", "param.mules.", "param.police.")),
    ("parameters_policy", (None,), ("param.",)),
    ("kpi_help", (None,), ("kpi.",)),          # only the explanations (`domain_of`): names go in kpi_names
    ("kpi_names", (None,), ("kpi.",)),
    ("sources", (None,), ("source.",)),
    ("levers", (None,), ("lever.", "lever_group.")),
    ("scenarios", (None,), ("scenario.", "regime.", "reform.", "measure.")),
    ("model", (None,), ("fraud_field.", "model.", "section.", "channel.", "sector.", "victim_kind.", "value.")),
    ("ui_figures", (None,), ("ui.fig", "ui.curves", "ui.csv", "ui.unit", "ui.metric", "ui.chance", "ui.eur",
                             "ui.contrib", "ui.split", "ui.sankey", "ui.download", "ui.export", "ui.interval",
                             "ui.mean", "ui.p_", "ui.ratio", "ui.difference", "ui.diff", "ui.share", "ui.front",
                             "ui.buys", "ui.pays", "ui.payers", "ui.bearer")),
    ("ui_builder", (None,), ("ui.builder", "ui.upload", "ui.start_day", "ui.new_name", "ui.new_description",
                             "ui.name_taken", "ui.changes", "ui.no_changes", "ui.advanced", "ui.valid",
                             "ui.invalid", "ui.bad_line", "ui.bad_name", "ui.bad_upload", "ui.add_to_compare",
                             "ui.added", "ui.too_many", "ui.policy_change", "ui.change_pct", "ui.save_file",
                             "ui.copy_link", "ui.custom_mark", "ui.store_failed", "ui.source_label",
                             "ui.base_scenario")),
    ("ui_value", (None,), ("ui.value_", "ui.package", "ui.no_package", "ui.alone", "ui.interaction", "ui.budget",
                           "ui.search", "ui.channel_", "ui.lever_", "ui.public_cost", "ui.open_split", "ui.vs_today",
                           "ui.mln")),
    ("ui", (None,), ()),
)
DOMAIN_NAMES = tuple(d for d, _, _ in DOMAINS)


def domain_of(context: str | None, msgid: str) -> str:
    """The domain (file) a message belongs in."""
    for domain, contexts, prefixes in DOMAINS:
        if context not in contexts:
            continue
        if domain == "kpi_help" and not msgid.endswith(".help"):
            continue
        if not prefixes or msgid.startswith(prefixes):
            return domain
    raise KeyError(f"no domain for ({context!r}, {msgid!r})")


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def catalogue_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@cache
def messages(lang: str) -> dict[tuple[str | None, str], str]:
    """(context, id) -> text of one language's catalogue (all domains), in `DOMAINS` and file order (empty
    texts left out)."""
    out: dict[tuple[str | None, str], str] = {}
    for domain in DOMAIN_NAMES:
        with open(catalogue_path(lang, domain), "rb") as f:
            cat = read_po(f, locale=lang, domain=domain)
        out.update({(m.context, str(m.id)): str(m.string) for m in cat if m.id and m.string})
    return out


def tr(msgid: str, lang: str, context: str | None = None, default: str | None = None, **kw: object) -> str:
    """The text of `msgid` in `lang` (else English, else `default`, else the id), with {placeholders} filled."""
    key = (context, msgid)
    text = messages(norm_lang(lang)).get(key) or messages("en").get(key)
    if text is None:
        text = msgid if default is None else default
    return text.format(**kw) if kw else text


def has(msgid: str, context: str | None = None) -> bool:
    return (context, msgid) in messages("en")


def ids(prefix: str, context: str | None = None) -> list[str]:
    """Every id that starts with `prefix`, in the catalogue's order."""
    return [i for c, i in messages("en") if c == context and i.startswith(prefix)]


def pairs(context: str) -> list[tuple[str, str]]:
    """(English id, Dutch text) of every entry with this context, in the catalogue's order."""
    nl = messages("nl")
    return [(i, nl.get((c, i), i)) for c, i in messages("en") if c == context]
