"""The view lives in the URL: read when the URL changes from outside, written once a run.

Each assignment to `st.query_params` is one entry in the browser's history, so
a run plans its parameters (`put`) and `commit` writes the whole query string
in one assignment at the end: one history entry per view, and Back walks
through the views the person saw, not through half-written ones.

Values are read from the URL (`incoming`) only when it differs from what the
last run wrote: a pasted link, Back or Forward, a link from another page. Any
other run keeps what the widgets hold and the URL follows them. A page writes
only its own keys and the shared ones (language, time zone, pinned snapshot),
so keys from other pages and unknown keys leave the URL.

A value a page cannot use (an unknown code, a repeated key, a day out of
range) gives way to the default and leaves the URL too, but not silently:
the run notes it (`reject`) and the page says so once (`_ui.finish_page`).

Links between pages (the sidebar, "back to the list") carry the state their
target last wrote, so a page shows its filters again after a visit elsewhere,
and a URL without a page's keys always means that page's defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

import streamlit as st

Params = dict[str, list[str]]
Parse = Callable[[list[str]], Any]

LANG = "lang"
TZ = "tz"
VERSION = "v"
SHARED: tuple[str, ...] = (LANG, TZ, VERSION)

_RUN = "_url_run"
_LAST = "_url_last"
_SAVED = "_url_saved"
_SWITCH = "_url_switch"


@dataclass
class Run:
    """This run's page and the parameters it means to write."""

    page: str | None = None
    plan: Params = field(default_factory=dict)
    committed: bool = False
    # The URL's values this run could not use, by parameter, and the slot at
    # the top of the page where the notice about them goes.
    rejected: Params = field(default_factory=dict)
    notice: Any = None


def begin() -> None:
    """Start a run (app.py, or a page that AppTest runs without the frame)."""
    st.session_state[_RUN] = Run()


def run() -> Run:
    current_run = st.session_state.get(_RUN)
    if not isinstance(current_run, Run):
        current_run = Run()
        st.session_state[_RUN] = current_run
    return current_run


def enter(page: str) -> None:
    """Name the page this run draws (every page does, first thing)."""
    run().page = page


def current() -> Params:
    """The query string as the browser has it now."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _shared(params: Mapping[str, list[str]]) -> Params:
    return {key: list(params[key]) for key in SHARED if params.get(key)}


def incoming() -> Params | None:
    """The URL's parameters when they come from outside this session's last run.

    None when the URL is what the last run wrote (on this page): the widgets
    then hold the state. After a page switch, Back lands on an entry with the
    old page's path and the new page's query (Streamlit writes the query
    before it changes the page); that entry means the old page as it was
    left, so its saved state is given instead.
    """
    now = current()
    page = run().page
    last = st.session_state.get(_LAST)
    if last is not None and last[1] == now and page in (None, last[0]):
        return None
    switch = st.session_state.get(_SWITCH)
    if page is not None and switch == (page, now):
        return {**_shared(now), **saved(page)}
    return now


def seed(key: str, parse: Parse, default: Any, *, param: str | None = None) -> None:
    """Give `key` in session state the URL's value (of `param`, by default the
    same name) when the URL changed from outside, or when the key has no value
    yet (a widget not drawn on the last run).

    `parse` turns the URL's values into a value, or None when they are
    malformed (unknown, repeated, out of range): the default is used then, and
    the bad value leaves the URL with the next commit.
    """
    given = incoming()
    if given is None:
        if key in st.session_state:
            return
        given = current()
    raw = given.get(param or key, [])
    value = parse(raw) if raw else None
    if value is None:
        reject(param or key, raw)
    st.session_state[key] = default if value is None else value


def reject(param: str, values: Sequence[str]) -> None:
    """Note that this run could not use the URL's `values` of `param` (its
    default stands in). Empty values are no request and pass unnoted."""
    if any(values):
        run().rejected.setdefault(param, list(values))


def rejected() -> Params:
    """The URL's values this run could not use, by parameter."""
    return dict(run().rejected)


def put(key: str, codes: list[str]) -> None:
    """Plan `key`'s values for this run's commit; none leaves it out of the URL."""
    run().plan[key] = list(codes)


def planned(key: str) -> list[str]:
    return list(run().plan.get(key, []))


def params() -> Params:
    """What this run writes: the shared keys first, then the page's own."""
    plan = run().plan
    ordered = [*(k for k in SHARED if k in plan), *(k for k in plan if k not in SHARED)]
    return {key: list(plan[key]) for key in ordered if plan[key]}


def commit() -> None:
    """Write this run's query string in one assignment, once; remember it."""
    current_run = run()
    if current_run.committed:
        return
    wanted = params()
    if current() != wanted:
        st.query_params.from_dict(wanted)
    current_run.committed = True
    st.session_state[_LAST] = (current_run.page, wanted)
    if current_run.page is not None:
        saved_states = dict(st.session_state.get(_SAVED) or {})
        saved_states[current_run.page] = {
            k: v for k, v in wanted.items() if k not in SHARED
        }
        st.session_state[_SAVED] = saved_states


def saved(page: str) -> Params:
    """The page's own parameters as it last wrote them in this session."""
    return dict((st.session_state.get(_SAVED) or {}).get(page, {}))


def shared() -> Params:
    """The shared parameters as this run writes them."""
    return _shared(run().plan)


def link(page: str, own: Mapping[str, list[str]] | None = None) -> Params:
    """The query of a link to `page`: the shared keys, then the page's own
    (given, or as the page last wrote them)."""
    return {**shared(), **(dict(own) if own is not None else saved(page))}


def switch(page: str, path: str, own: Mapping[str, list[str]]) -> NoReturn:
    """Open another page from code (an action's result), with its state.

    Streamlit's switch writes the new query on the old page's path first, an
    entry Back reaches: remembered here so that `incoming` reads it as the
    old page as it was left.
    """
    query = link(page, own)
    leaving = run().page
    if leaving is not None:
        st.session_state[_SWITCH] = (leaving, query)
    st.switch_page(path, query_params=query)
