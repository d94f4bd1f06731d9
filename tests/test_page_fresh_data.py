"""A snapshot imported by another process is loaded on the next run, and the
page says so (AppTest on the worked example)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_page_campaign import metrics, open_card
from test_page_texts import commonmark_text
from test_store import events

from journeys import i18n
from journeys.workspace import Workspace
from ui import _ui

pytestmark = pytest.mark.usefixtures("fresh_streamlit_caches")


def import_elsewhere(workspace: Workspace, event_id: str) -> None:
    """A new snapshot, as the command line writes it, seen at the next look."""
    workspace.store.append(events(event_id), author="cli", source="cli.csv")
    _ui._latest_version.clear()  # the next look is due at once, not in 3 s


def toasts(app: AppTest) -> list[str]:
    """The toasts as the browser shows them."""
    return [commonmark_text(t.value) for t in app.toast]


def test_figures_moving_to_a_snapshot_imported_elsewhere_are_announced_once(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1")
    assert toasts(app) == []

    import_elsewhere(example_workspace, "cli-1")
    app.run()

    snapshot = example_workspace.store.snapshot(1)
    assert snapshot is not None
    when = i18n.fmt_datetime(snapshot.created_at, "en", "UTC")
    assert toasts(app) == [f"New data loaded: snapshot v1 (imported {when})."]
    app.run()
    assert toasts(app) == []


def test_the_notice_is_in_the_users_language(example_workspace: Workspace) -> None:
    app = open_card("c1", lang="fr")
    import_elsewhere(example_workspace, "cli-2")
    app.run()

    (toast,) = toasts(app)
    assert toast.startswith(
        "Nouvelles données chargées\u00a0: instantané v1 (importé le"
    )


def test_refresh_data_and_a_pinned_link_move_on_without_a_notice(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1")
    example_workspace.store.append(events("cli-3"), author="cli", source="cli.csv")
    app.button(key="card_refresh").click().run()
    assert toasts(app) == []

    pinned = open_card("c1", v="0")
    import_elsewhere(example_workspace, "cli-4")
    pinned.run()
    assert toasts(pinned) == []
    assert metrics(pinned)["Total reach"][0] == "5"
