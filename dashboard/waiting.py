"""What the page shows while a background job computes: a progress bar with the replications done and an
honest time left (this job's own pace once it has one), refreshed every second by a fragment that only
reads the job's status, a partial result where the job has one, and the full page once it is done.

Owns that display; the jobs themselves are jobs.py's. Never runs a model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from fraudchain.dashboard import jobs
from fraudchain.dashboard.i18n import esc, fmt_number, t

POLL_SECONDS = 1.0


def time_left_text(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return t("time_unknown", lang)
    if seconds < 60:
        return t("secs_left", lang, n=max(1, round(seconds)))
    return t("mins_left", lang, n=fmt_number(seconds / 60, lang, 0 if seconds >= 600 else 1))


def progress_text(status: jobs.Status, lang: str) -> str:
    if status.state == "queued" or (status.state == "running" and not status.total):
        return t("job_queued", lang) + " · " + time_left_text(status.seconds_left, lang)
    text = t("computing", lang, done=fmt_number(status.done, lang), total=fmt_number(status.total, lang))
    return text + ("" if status.done >= status.total else " · " + time_left_text(status.seconds_left, lang))


@st.fragment(run_every=POLL_SECONDS)
def wait(kind: str, params: dict[str, Any], lang: str, key: str,
         show_partial: Callable[[dict[str, Any]], None] | None = None) -> None:
    """Draw the job's progress (and its partial result) until it is done, then rerun the page once."""
    status = jobs.status(kind, params)
    if status.state == "done":
        st.rerun(scope="app")
    if status.state in ("failed", "none"):
        st.error(t("job_failed", lang, why=esc(status.message or "?", limit=300)))
        if st.button(t("job_retry", lang), key=f"w_retry_{key}"):
            jobs.submit(kind, params)
        return
    st.progress(status.fraction, text=progress_text(status, lang))
    if show_partial and status.partial:
        st.caption(t("partial_result", lang))
        show_partial(status.partial)
