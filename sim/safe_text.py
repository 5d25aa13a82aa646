"""User text made inert for each place it is shown: charts, HTML, CSV cells, Rich output, the terminal.

Names, labels and descriptions come from scenario files, `--set`, dashboard links and uploads, and a
Pareto-front JSON someone sends: they are data, and must never become markup where they are shown.
Each sink has one function here, and every string a user controls passes through it where it enters
that sink:

- `chart_text`: Plotly titles, annotations, axis and legend labels, hover text. Plotly renders a
  subset of HTML there (links, styled spans that fetch images); `<`, `>` and `&` become entities,
  which Plotly shows as the characters. `safe_figure` is the guard at the sink: it walks a finished
  figure and neutralises every tag but the harmless formatting ones our own builders use (<br>,
  <b>, <i>, <em>, <sup>, <sub>, <extra>), wherever a string slipped through.
- `html_text`: text in an HTML document (the report).
- `csv_cell` / `csv_comment`: a cell that starts with = + - @ (or a tab, CR or quote) is prefixed with
  an apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
- `terminal_text`: control characters (ANSI escapes, NUL, carriage returns), bidirectional overrides
  and other invisible format characters shown escaped (\\x1b, \\u202e), so a name cannot move the
  cursor, recolour the terminal or reorder what is read.
- `rich_text`: `terminal_text` plus Rich's markup escaped ([bold] is shown, not applied).

Pure functions; imports nothing from the project.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

# invisible characters that change how text around them is shown: bidirectional embeddings, overrides
# and isolates, marks, and the line and paragraph separators
_FORMAT_CHARS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u2028\u2029\ufeff")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(_FORMAT_CHARS)) + "]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", '"')
_CSV_SPLIT = re.compile(r"([,;\t])")
# tags our own figure builders use for layout; anything else in a chart string is shown as text
_ALLOWED_TAG = re.compile(r"<(/?)(br|b|i|em|sup|sub|extra)\s*/?>", re.IGNORECASE)


def _escape_char(m: re.Match[str]) -> str:
    c = m.group(0)
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: object, keep_newlines: bool = False) -> str:
    """`text` with control characters, bidirectional overrides and other invisible format characters
    shown escaped (ESC -> \\x1b, RIGHT-TO-LEFT OVERRIDE -> \\u202e). keep_newlines: leave "\\n" as a line
    break (for our own multi-line messages)."""
    s = str(text)
    if keep_newlines:
        return "\n".join(_CONTROL_RE.sub(_escape_char, line) for line in s.split("\n"))
    return _CONTROL_RE.sub(_escape_char, s)


def is_terminal_safe(text: str) -> bool:
    """True when `text` holds no control or format character that terminal_text would escape."""
    return not _CONTROL_RE.search(text) and not any(unicodedata.category(c) == "Cc" for c in text)


def rich_text(text: object) -> str:
    """For a Rich table cell, title or console line: terminal_text with Rich's markup escaped."""
    from rich.markup import escape

    return escape(terminal_text(text))


def chart_text(text: object) -> str:
    """For a Plotly title, annotation, label or hover text: no tag, link or entity of the user's survives
    (shown as the characters themselves); control characters shown escaped."""
    return html.escape(terminal_text(text), quote=False)


def html_text(text: object) -> str:
    """For text (or an attribute value) in an HTML document."""
    return html.escape(terminal_text(text), quote=True)


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe; control
    characters are shown escaped. Numbers and None pass unchanged."""
    if not isinstance(value, str):
        return value
    shown = terminal_text(value)
    return "'" + shown if value.lstrip(" ").startswith(_FORMULA_START) else shown


def csv_comment(text: str) -> str:
    """A comment line of a CSV file ('# ...'), one line, where no piece a spreadsheet splits off at a
    comma, semicolon or tab can start a formula."""
    parts = _CSV_SPLIT.split(terminal_text(" ".join(str(text).split())))     # text, separator, text, ...
    return "".join(csv_cell(p) if i > 0 and i % 2 == 0 else p for i, p in enumerate(parts))


def _neutralise(s: str) -> str:
    """`<` of every tag but the allowed formatting ones made an entity."""
    if "<" not in s:
        return s
    out, pos = [], 0
    for m in re.finditer("<", s):
        i = m.start()
        if i < pos:
            continue
        allowed = _ALLOWED_TAG.match(s, i)
        if allowed:
            out.append(s[pos:allowed.end()])
            pos = allowed.end()
        else:
            out.append(s[pos:i] + "&lt;")
            pos = i + 1
    out.append(s[pos:])
    return "".join(out)


def _walk(obj: Any) -> tuple[Any, bool]:
    """`obj` with _neutralise applied to every string (also in numpy object arrays); changed or not."""
    if isinstance(obj, str):
        new = _neutralise(obj)
        return new, new != obj
    if isinstance(obj, dict):
        changed = False
        out = {}
        for k, v in obj.items():
            out[k], c = _walk(v)
            changed |= c
        return out, changed
    if isinstance(obj, (list, tuple)):
        items = [_walk(v) for v in obj]
        return [v for v, _ in items], any(c for _, c in items)
    if getattr(obj, "dtype", None) is not None and obj.dtype == object:
        items = [_walk(v) for v in obj.tolist()]
        return [v for v, _ in items], any(c for _, c in items)
    return obj, False


def safe_figure(fig: Any) -> Any:
    """A Plotly figure in which no string carries a tag but <br>, <b>, <i>, <em>, <sup>, <sub> and
    <extra>: the guard at every place a figure is drawn or written. Returns `fig` itself when nothing
    needed changing, else a new figure."""
    data, changed = _walk(fig.to_plotly_json())
    if not changed:
        return fig
    import plotly.graph_objects as go

    return go.Figure(data)
