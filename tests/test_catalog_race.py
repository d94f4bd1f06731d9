"""Two writers at once, in two processes against one SQLite file or PostgreSQL database: no lost update,
no broken limit, no transition the status no longer allows."""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest

from journeys import catalog as catalog_module
from journeys.catalog import Catalog, MessageSpec
from journeys.errors import CatalogError

# Spawned workers import this module afresh and share nothing with the test.
CONTEXT = mp.get_context("spawn")


def writer(
    url: str, name: str, steps: list[tuple[Any, ...]], start: Any, out: Any
) -> None:
    """Run `steps` (method name and arguments) once `start` lets every writer go;
    report each step's outcome: "ok" or the refusal's key."""
    catalog = Catalog.open(url)
    start.wait()
    for method, *args in steps:
        try:
            if method == "apply":
                campaign_id, action, expected = args
                catalog.apply(campaign_id, action, name, expected_status=expected)
            else:
                getattr(catalog, method)(*args, name)
            out.put((name, tuple(args), "ok"))
        except CatalogError as error:
            out.put((name, tuple(args), error.key))


def race(url: str, plans: dict[str, list[tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    start = CONTEXT.Barrier(len(plans))
    out = CONTEXT.Queue()
    workers = [
        CONTEXT.Process(target=writer, args=(url, name, steps, start, out))
        for name, steps in plans.items()
    ]
    for process in workers:
        process.start()
    results = [out.get(timeout=120) for _ in range(sum(map(len, plans.values())))]
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    return results


@pytest.fixture
def url(catalog_url: str) -> str:
    """Each race runs on SQLite and on a throwaway PostgreSQL server."""
    return catalog_url


def test_two_writers_adding_twenty_categories_get_exactly_ten(url: str) -> None:
    catalog = Catalog.open(url)
    plans = {
        writer: [("add_category", f"{writer} {n}") for n in range(10)]
        for writer in ("ana", "bea")
    }
    results = race(url, plans)
    outcomes = Counter(outcome for _, _, outcome in results)
    assert outcomes == {"ok": 10, "category.limit": 10}
    custom = [c for c in catalog.categories() if not c.is_default]
    assert len(custom) == 10
    added = {args[0] for _, args, outcome in results if outcome == "ok"}
    assert {c.name for c in custom} == added


def test_two_writers_adding_the_same_names_in_different_case_get_one_each(
    url: str,
) -> None:
    catalog = Catalog.open(url)
    names = [f"Promo {n}" for n in range(8)]
    plans = {
        "ana": [("add_category", name) for name in names],
        "bea": [("add_category", name.upper()) for name in names],
    }
    results = race(url, plans)
    wins = Counter(
        args[0].casefold() for _, args, outcome in results if outcome == "ok"
    )
    assert wins == {name.casefold(): 1 for name in names}
    refusals = Counter(outcome for _, _, outcome in results if outcome != "ok")
    assert refusals == {"category.name_taken": 8}
    assert len(catalog.categories()) == 1 + 8


def test_two_launches_of_one_draft_succeed_once(url: str) -> None:
    catalog = Catalog.open(url)
    drafts = [
        catalog.create_campaign(
            f"Draft {n}", "trigger", "ana", messages=[MessageSpec("Hi", "push")]
        )
        for n in range(15)
    ]
    # Opposite orders, so the two writers meet on the same drafts mid-way.
    plans = {
        "ana": [("apply", d, "launch", None) for d in drafts],
        "bea": [("apply", d, "launch", None) for d in reversed(drafts)],
    }
    results = race(url, plans)
    for draft in drafts:
        outcomes = sorted(o for _, args, o in results if args[0] == draft)
        assert outcomes == ["campaign.refused.launch", "ok"]
        assert catalog.get(draft).status == "active"
        launches = [c for c in catalog.history(draft) if c.action == "launch"]
        assert len(launches) == 1


def test_pause_and_deactivate_at_once_leave_one_winner_and_refuse_the_other(
    url: str,
) -> None:
    catalog = Catalog.open(url)
    active = [
        catalog.create_campaign(
            f"Live {n}",
            "audience",
            "ana",
            messages=[MessageSpec("Hi", "email")],
            status="active",
        )
        for n in range(15)
    ]
    plans = {
        "ana": [("apply", c, "pause", "active") for c in active],
        "bea": [("apply", c, "deactivate", "active") for c in reversed(active)],
    }
    results = race(url, plans)
    for campaign_id in active:
        mine = {name: o for name, args, o in results if args[0] == campaign_id}
        assert sorted(mine.values()) == ["campaign.changed_meanwhile", "ok"]
        winner = "ana" if mine["ana"] == "ok" else "bea"
        current = catalog.get(campaign_id)
        expected = {"ana": "paused", "bea": "inactive"}[winner]
        assert (current.status, current.modified_by) == (expected, winner)
        assert [c.action for c in catalog.history(campaign_id)][:2] == [
            {"ana": "pause", "bea": "deactivate"}[winner],
            "create",
        ]


def test_eight_replicas_opening_an_empty_catalog_at_once_all_start(url: str) -> None:
    # Threads, each with its own engine, race on the database as replicas do
    # (the drivers release the GIL while they wait), and start much faster.
    start = threading.Barrier(8)

    def open_catalog() -> str:
        start.wait()
        try:
            Catalog.open(url).engine.dispose()
        except Exception as error:  # reported to the test, which shows it
            return f"{type(error).__name__}: {error}"
        return "ok"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda _: open_catalog(), range(8)))
    assert outcomes == ["ok"] * 8
    catalog = Catalog.open(url)
    assert [c.name for c in catalog.categories()] == ["Default"]
    assert catalog.schema_version() == catalog_module.SCHEMA_VERSION


def logged_category(catalog: Catalog, campaign_id: str) -> str:
    """The category a campaign's history says it is in: its latest move, or
    where it was created."""
    for change in catalog.history(campaign_id, limit=1000):
        if change.after and "category_id" in change.after:
            return str(change.after["category_id"])
    raise AssertionError(f"no category in the history of {campaign_id}")


def test_moves_creations_and_clones_racing_a_deletion_are_all_logged(
    url: str,
) -> None:
    catalog = Catalog.open(url)
    categories = [catalog.add_category(f"Doomed {n}", "ana") for n in range(10)]
    campaigns = [
        catalog.create_campaign(f"Mover {n}", "trigger", "ana") for n in range(6)
    ]
    start = threading.Barrier(2)

    def deleter() -> list[str]:
        mine = Catalog.open(url)
        start.wait()
        outcomes = []
        for category_id in categories:
            outcomes.append(str(mine.delete_category(category_id, "del")))
        return outcomes

    def mover() -> list[tuple[str, str]]:
        mine = Catalog.open(url)
        start.wait()
        outcomes = []
        for category_id in categories:
            for campaign_id in campaigns:
                steps = [
                    partial(mine.set_category, campaign_id, category_id, "mov"),
                    partial(
                        mine.create_campaign,
                        "New",
                        "trigger",
                        "mov",
                        category_id=category_id,
                    ),
                    partial(mine.clone, campaign_id, "mov"),
                ]
                for step in steps:
                    try:
                        step()
                        outcomes.append((step.func.__name__, "ok"))
                    except CatalogError as error:
                        outcomes.append((step.func.__name__, error.key))
        return outcomes

    with ThreadPoolExecutor(2) as pool:
        deletions, moves = pool.submit(deleter), pool.submit(mover)
        assert len(deletions.result()) == len(categories)
        outcomes = set(moves.result())
    # A move or creation into a deleted category is refused; a clone's source
    # always exists, so the clone is made (in Default once its category went).
    assert outcomes <= {
        ("set_category", "ok"),
        ("set_category", "category.not_found"),
        ("create_campaign", "ok"),
        ("create_campaign", "category.not_found"),
        ("clone", "ok"),
    }
    assert [c.name for c in catalog.categories()] == ["Default"]
    frame = catalog.campaigns_frame()
    assert set(frame["category_id"]) == {"default"}
    for campaign_id in frame["id"]:
        assert logged_category(catalog, campaign_id) == "default"
