"""Start the dashboard's web server with the pages' modules already loaded:
`python -m fraudchain.dashboard.serve [streamlit options]` (what `fraudchain dashboard` and `make run` start).

`streamlit run dashboard/app.py` would import the model, numpy, pandas, plotly and the catalogues only when
the first visitor arrives, who then waits for that. Here they are imported, and the catalogues read,
before the server listens, so the first visitor gets the page as fast as every later one. The options
are Streamlit's own (`--server.port 8501`, ...).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def preload() -> None:
    """Import what every page run needs and read the message catalogues once."""
    from fraudchain.dashboard import (  # noqa: F401 - imported for their side effect: loaded once, here
        catalog,
        figures,
        headline,
        view_budget,
        view_builder,
        view_compare,
        view_model,
        view_value,
    )

    for lang in catalog.LANGS:
        catalog.messages(lang)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    preload()
    from streamlit.web import cli as stcli

    sys.argv = ["streamlit", "run", str(APP), *args]
    return stcli.main()


if __name__ == "__main__":
    sys.exit(main())
