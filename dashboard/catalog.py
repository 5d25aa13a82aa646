"""The dashboard's words in Dutch and English, as gettext message catalogues read with Babel.

Owns reading the catalogues: `locale/<lang>/LC_MESSAGES/dashboard.po` next to this file (package data),
one per language, parsed once with `babel.messages.pofile.read_po`. Message ids are symbolic
(`ui.headline`, `kpi.net_loss_eur.name`, `scenario.een_loket.description`, ...); entries with a context
(`unit`, `source_word`, `source`) translate English text of the scenario schema, so their id is that
English text. A translator edits the .po files (any PO editor, or `pybabel`), never the code; a test checks
that every id has a text in both languages with the same placeholders. No streamlit, no engine.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
DOMAIN = "dashboard"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def messages(lang: str) -> dict[tuple[str | None, str], str]:
    """(context, id) -> text of one language's catalogue, in the file's order (empty texts left out)."""
    with open(catalogue_path(lang), "rb") as f:
        cat = read_po(f, locale=lang, domain=DOMAIN)
    return {(m.context, str(m.id)): str(m.string) for m in cat if m.id and m.string}


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
