"""Catalog rules: lifecycle actions by status, category limits, deletion, clone,
the change log, and the texts of every refusal in both languages."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from journeys import catalog as catalog_module
from journeys import i18n
from journeys.catalog import (
    ACTIONS,
    ACTIONS_BY_STATUS,
    DEFAULT_CATEGORY_ID,
    Catalog,
    GoalSpec,
    MessageSpec,
    copy_title,
    name_length,
)
from journeys.errors import CatalogError
from journeys.schema import STATUSES

# DESIGN.md section 5, "Actions by status", written out again by hand (View
# aside): the test compares the code against this table, not against itself.
TABLE = {
    "draft": {"launch", "rename", "clone", "archive"},
    "active": {"pause", "deactivate", "rename", "clone"},
    "paused": {"resume", "deactivate", "rename", "clone"},
    "inactive": {"rename", "clone", "archive"},
    "archived": {"clone", "restore"},
}
# Where each allowed action leads from each status (rename and clone keep it).
EXPECTED_STATUS = {
    ("draft", "launch"): "active",
    ("draft", "archive"): "archived",
    ("active", "pause"): "paused",
    ("active", "deactivate"): "inactive",
    ("paused", "resume"): "active",
    ("paused", "deactivate"): "inactive",
    ("inactive", "archive"): "archived",
    ("archived", "restore"): "draft",
}


@pytest.fixture
def catalog(catalog_url: str) -> Catalog:
    """Every rule holds on SQLite and on PostgreSQL (see catalog_url)."""
    return Catalog.open(catalog_url)


def make_campaign(catalog: Catalog, status: str = "draft", **kwargs: object) -> str:
    return catalog.create_campaign(
        "Spring promo",
        "mixed",
        "ana",
        messages=[MessageSpec("Promo email", "email")],
        status=status,
        **kwargs,  # type: ignore[arg-type]
    )


def test_the_action_table_matches_the_design() -> None:
    assert {s: set(a) for s, a in ACTIONS_BY_STATUS.items()} == TABLE
    assert set(ACTIONS) == set().union(*TABLE.values())


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_each_action_is_applied_or_refused_as_the_status_allows(
    catalog: Catalog, status: str, action: str
) -> None:
    campaign_id = make_campaign(catalog, status)
    options = {"title": "New name", "restore_to": "draft"}
    if action in TABLE[status]:
        result = catalog.apply(campaign_id, action, "bea", **options)
        after = catalog.get(campaign_id)
        if action == "clone":  # the source is untouched; the copy is bea's
            assert result is not None and result != campaign_id
            copy = catalog.get(result)
            assert (copy.status, copy.title, copy.modified_by) == (
                "draft",
                "New name",
                "bea",
            )
            assert (after.status, after.modified_by) == (status, "ana")
            return
        if action == "rename":
            assert (after.title, after.status) == ("New name", status)
        else:
            assert after.status == EXPECTED_STATUS[(status, action)]
        assert (after.modified_by, catalog.history(campaign_id)[0].action) == (
            "bea",
            action,
        )
    else:
        with pytest.raises(CatalogError) as refused:
            catalog.apply(campaign_id, action, "bea", **options)
        assert refused.value.key == f"campaign.refused.{action}"
        after = catalog.get(campaign_id)
        assert (after.status, after.title, after.modified_by) == (
            status,
            "Spring promo",
            "ana",
        )


def test_an_unknown_action_is_refused_and_names_the_real_ones(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog)
    with pytest.raises(CatalogError) as refused:
        catalog.apply(campaign_id, "delete", "bea")
    assert refused.value.key == "campaign.action_refused"
    assert "launch" in str(refused.value)


def test_restore_takes_a_never_launched_campaign_back_to_draft_only(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog, "archived")
    with pytest.raises(CatalogError) as refused:
        catalog.apply(campaign_id, "restore", "bea", restore_to="inactive")
    assert refused.value.key == "campaign.restore_only_to_draft"
    assert catalog.get(campaign_id).status == "archived"
    catalog.apply(campaign_id, "restore", "bea")
    assert catalog.get(campaign_id).status == "draft"


def test_restore_takes_a_launched_campaign_back_to_inactive_never_to_draft(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog)
    catalog.apply(campaign_id, "launch", "bea")
    catalog.apply(campaign_id, "deactivate", "bea")
    catalog.apply(campaign_id, "archive", "bea")
    with pytest.raises(CatalogError) as refused:
        catalog.apply(campaign_id, "restore", "cy", restore_to="draft")
    assert refused.value.key == "campaign.restore_only_to_inactive"
    assert catalog.get(campaign_id).status == "archived"
    catalog.apply(campaign_id, "restore", "cy", restore_to="inactive")
    restored = catalog.get(campaign_id)
    assert (restored.status, restored.modified_by) == ("inactive", "cy")


def test_launch_needs_a_message_and_records_the_first_launch_only(
    catalog: Catalog,
) -> None:
    empty = catalog.create_campaign("Empty", "trigger", "ana")
    with pytest.raises(CatalogError) as refused:
        catalog.apply(empty, "launch", "bea")
    assert refused.value.key == "campaign.launch_needs_message"
    assert catalog.get(empty).status == "draft"

    campaign_id = make_campaign(catalog)
    catalog.apply(campaign_id, "launch", "bea")
    first = catalog.get(campaign_id).launched_at
    catalog.apply(campaign_id, "pause", "bea")
    catalog.apply(campaign_id, "resume", "bea")
    assert first is not None and catalog.get(campaign_id).launched_at == first


@pytest.mark.parametrize(
    ("title", "key"),
    [("   ", "campaign.title_empty"), ("x" * 101, "campaign.title_too_long")],
)
def test_rename_keeps_titles_between_1_and_100_characters(
    catalog: Catalog, title: str, key: str
) -> None:
    campaign_id = make_campaign(catalog)
    with pytest.raises(CatalogError) as refused:
        catalog.apply(campaign_id, "rename", "bea", title=title)
    assert refused.value.key == key
    catalog.apply(campaign_id, "rename", "bea", title="  " + "é" * 100 + " ")
    assert catalog.get(campaign_id).title == "é" * 100


def test_an_action_on_a_status_the_person_did_not_see_is_refused(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog, "active")
    catalog.apply(campaign_id, "pause", "ana", expected_status="active")
    with pytest.raises(CatalogError) as refused:
        catalog.apply(campaign_id, "deactivate", "bea", expected_status="active")
    assert refused.value.key == "campaign.changed_meanwhile"
    assert catalog.get(campaign_id).status == "paused"


def test_every_change_is_in_the_history_with_its_author_newest_first(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog)
    catalog.apply(campaign_id, "rename", "bea", title="Summer promo")
    catalog.apply(campaign_id, "launch", "carl")
    history = catalog.history(campaign_id)
    assert [(c.action, c.author) for c in history] == [
        ("launch", "carl"),
        ("rename", "bea"),
        ("create", "ana"),
    ]
    assert history[0].before == {"status": "draft"}
    assert history[0].after == {"status": "active"}
    assert history[1].before == {"title": "Spring promo"}
    assert history[1].after == {"title": "Summer promo"}
    current = catalog.get(campaign_id)
    assert (current.modified_by, current.modified_at) == ("carl", history[0].at)


def test_a_clone_is_a_new_draft_with_the_same_setup_and_no_statistics(
    catalog: Catalog,
) -> None:
    promo = catalog.add_category("Promo", "ana")
    source = catalog.create_campaign(
        "Welcome series",
        "audience",
        "ana",
        category_id=promo,
        messages=[MessageSpec("Hello", "push", "m1"), MessageSpec("Tips", "email")],
        goals=[GoalSpec("First purchase", "g1")],
        status="active",
    )
    clone_id = catalog.apply(
        source, "clone", "bea", title=copy_title("Welcome series", "{title} (copie)")
    )
    assert clone_id is not None
    clone = catalog.get(clone_id)
    original = catalog.get(source)
    assert (clone.title, clone.status, clone.entry_type, clone.category_id) == (
        "Welcome series (copie)",
        "draft",
        "audience",
        promo,
    )
    assert clone.launched_at is None and clone.created_by == "bea"
    assert [(m.name, m.channel) for m in clone.messages] == [
        ("Hello", "push"),
        ("Tips", "email"),
    ]
    assert [g.name for g in clone.goals] == ["First purchase"]
    # New ids: events of the original never count for the copy.
    assert not {m.id for m in clone.messages} & {m.id for m in original.messages}
    assert clone.goals[0].id != "g1"
    assert [c.action for c in catalog.history(clone_id)] == ["clone"]


def test_a_copy_title_shortens_the_original_to_stay_within_100_characters() -> None:
    assert copy_title("Promo") == "Promo (copy)"
    long = copy_title("a" * 100, "{title} (copie)")
    assert long == "a" * 92 + " (copie)" and len(long) == 100


def test_default_exists_from_the_start_and_cannot_be_renamed_or_deleted(
    catalog: Catalog,
) -> None:
    [default] = catalog.categories()
    assert (default.id, default.is_default) == (DEFAULT_CATEGORY_ID, True)
    with pytest.raises(CatalogError) as renamed:
        catalog.rename_category(DEFAULT_CATEGORY_ID, "Misc", "ana")
    with pytest.raises(CatalogError) as deleted:
        catalog.delete_category(DEFAULT_CATEGORY_ID, "ana")
    assert renamed.value.key == deleted.value.key == "category.default_locked"
    assert [c.name for c in catalog.categories()] == ["Default"]


def test_the_eleventh_custom_category_is_refused(catalog: Catalog) -> None:
    for n in range(10):
        catalog.add_category(f"Group {n}", "ana")
    with pytest.raises(CatalogError) as refused:
        catalog.add_category("Group 10", "ana")
    assert refused.value.key == "category.limit"
    assert refused.value.params == {"max": 10}
    assert len(catalog.categories()) == 11  # ten custom ones and Default


def test_names_are_trimmed_and_counted_in_characters_not_bytes(
    catalog: Catalog,
) -> None:
    # "Été 🎉 promos" has 12 characters: É, t, é, space, the emoji, space and
    # six letters. Its UTF-8 form has 17 bytes; the count is of characters.
    name = "Été 🎉 promos"
    assert name_length(name) == 12 and len(name.encode()) == 17
    # 19 letters, an accented one and an emoji: 20 characters, accepted.
    twenty = "Soldes d'été 2026 🎉".ljust(19, "x") + "!"
    assert name_length(twenty) == 20
    category_id = catalog.add_category(f"  {twenty}  ", "ana")
    assert {c.id: c.name for c in catalog.categories()}[category_id] == twenty
    # An accent typed as a separate combining mark counts as one character too.
    decomposed = "e\u0301" * 20
    assert name_length(decomposed) == 20
    catalog.add_category(decomposed, "ana")


@pytest.mark.parametrize(
    ("name", "key", "params"),
    [
        ("a" * 21, "category.name_too_long", {"max": 20, "count": 21}),
        ("é" * 20 + "🎉", "category.name_too_long", {"max": 20, "count": 21}),
        ("   ", "category.name_empty", {}),
        ("", "category.name_empty", {}),
    ],
    ids=["21 letters", "20 accents and an emoji", "only spaces", "empty"],
)
def test_names_outside_1_to_20_characters_are_refused(
    catalog: Catalog, name: str, key: str, params: dict[str, int]
) -> None:
    with pytest.raises(CatalogError) as refused:
        catalog.add_category(name, "ana")
    assert (refused.value.key, refused.value.params) == (key, params)
    assert len(catalog.categories()) == 1


def test_a_name_differing_only_in_case_is_a_duplicate(catalog: Catalog) -> None:
    promo = catalog.add_category("Promo Été", "ana")
    for duplicate in ("PROMO ÉTÉ", "promo été"):
        with pytest.raises(CatalogError) as refused:
            catalog.add_category(duplicate, "bea")
        assert refused.value.key == "category.name_taken"
    other = catalog.add_category("Other", "ana")
    with pytest.raises(CatalogError) as refused:
        catalog.rename_category(other, "promo été", "bea")
    assert refused.value.key == "category.name_taken"
    catalog.rename_category(promo, "PROMO ÉTÉ", "bea")  # its own name, new case
    assert sorted(c.name for c in catalog.categories()) == [
        "Default",
        "Other",
        "PROMO ÉTÉ",
    ]


def test_renaming_a_category_keeps_its_campaigns_and_logs_the_change(
    catalog: Catalog,
) -> None:
    promo = catalog.add_category("Promo", "ana")
    campaign_id = make_campaign(catalog, category_id=promo)
    catalog.rename_category(promo, "Promotions", "bea")
    assert catalog.get(campaign_id).category_name == "Promotions"
    assert {c.name: c.campaign_count for c in catalog.categories()} == {
        "Default": 0,
        "Promotions": 1,
    }


def test_deleting_a_category_moves_its_campaigns_to_default_and_logs_each(
    catalog: Catalog,
) -> None:
    promo = catalog.add_category("Promo", "ana")
    moved = [make_campaign(catalog, category_id=promo) for _ in range(3)]
    stays = make_campaign(catalog)
    assert catalog.category_campaign_count(promo) == 3
    assert catalog.delete_category(promo, "bea") == 3
    assert [(c.name, c.campaign_count) for c in catalog.categories()] == [
        ("Default", 4)
    ]
    for campaign_id in moved:
        change = catalog.history(campaign_id)[0]
        assert (change.action, change.author) == ("category", "bea")
        assert change.before == {"category_id": promo, "category": "Promo"}
        assert change.after == {
            "category_id": DEFAULT_CATEGORY_ID,
            "category": "Default",
        }
        assert catalog.get(campaign_id).modified_by == "bea"
    assert [c.action for c in catalog.history(stays)] == ["create"]
    with pytest.raises(CatalogError) as gone:
        catalog.delete_category(promo, "bea")
    assert gone.value.key == "category.not_found"


def test_a_freed_slot_and_a_freed_name_can_be_used_again(catalog: Catalog) -> None:
    ids = [catalog.add_category(f"Group {n}", "ana") for n in range(10)]
    catalog.delete_category(ids[0], "ana")
    catalog.add_category("group 0", "ana")
    assert len(catalog.categories()) == 11


def raised_keys() -> set[str]:
    """Every literal key journeys/catalog.py raises, plus the per-action refusals."""
    tree = ast.parse(Path(catalog_module.__file__).read_text(encoding="utf-8"))
    keys = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "CatalogError"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    return (
        keys
        | {f"campaign.refused.{a}" for a in catalog_module.REFUSALS}
        | set(catalog_module.NAME_REFUSAL_KEYS)
    )


def test_the_key_scan_finds_the_keys_raised_in_the_catalog() -> None:
    assert {"category.limit", "campaign.launch_needs_message"} <= raised_keys()
    assert "campaign.refused.launch" in raised_keys()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_catalog_refusal_has_a_text_in_each_language(lang: str) -> None:
    texts = i18n.catalog(lang)
    missing = sorted(k for k in raised_keys() if k not in texts)
    assert missing == []


def test_the_catalog_texts_have_the_same_keys_and_placeholders_in_both_languages(
    repo_root: Path,
) -> None:
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    en = json.loads((repo_root / "journeys/locales/en/catalog.json").read_text("utf-8"))
    fr = json.loads((repo_root / "journeys/locales/fr/catalog.json").read_text("utf-8"))
    assert en.keys() == fr.keys()
    assert {k: fields(v) for k, v in en.items()} == {
        k: fields(v) for k, v in fr.items()
    }


def test_a_refusal_reads_in_french_with_its_numbers(catalog: Catalog) -> None:
    with pytest.raises(CatalogError) as refused:
        catalog.add_category("a" * 21, "ana")
    text = i18n.error_text(refused.value, "fr")
    assert text.startswith("Un nom de catégorie compte au plus 20 caractères")
    assert text.endswith("celui-ci en compte 21.")


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("e\u0301te\u0301", 3),
        ("🎉", 1),
        ("🇫🇷", 2),
        ("👍🏽", 2),
    ],
    ids=["combining accents", "one-symbol emoji", "flag", "emoji with skin tone"],
)
def test_characters_are_code_points_after_nfc_as_the_database_counts_them(
    name: str, count: int
) -> None:
    assert name_length(name) == count


def test_a_name_the_database_would_refuse_is_refused_first_with_its_count(
    catalog: Catalog,
) -> None:
    catalog.add_category("x" * 18 + "🇫🇷", "ana")
    with pytest.raises(CatalogError) as refused:
        catalog.add_category("y" * 19 + "🇫🇷", "ana")
    assert refused.value.params == {"max": 20, "count": 21}


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("\u200bPromo\u200b", "Promo"),
        ("\ufeffPromo", "Promo"),
        ("Promo\n\t Été", "Promo Été"),
        ("  Promo   Été  ", "Promo Été"),
    ],
    ids=["zero-width spaces", "byte-order mark", "line break", "runs of spaces"],
)
def test_invisible_ends_and_runs_of_white_space_are_not_part_of_a_name(
    catalog: Catalog, raw: str, kept: str
) -> None:
    category_id = catalog.add_category(raw, "ana")
    assert {c.id: c.name for c in catalog.categories()}[category_id] == kept
    assert catalog_module.typed_length(raw) == name_length(kept)


@pytest.mark.parametrize("raw", ["\u200b\u200b", "\u200e", " \n "])
def test_a_name_of_only_invisible_characters_is_empty(
    catalog: Catalog, raw: str
) -> None:
    with pytest.raises(CatalogError) as refused:
        catalog.add_category(raw, "ana")
    assert refused.value.key == "category.name_empty"


def test_a_rename_from_a_stale_page_does_not_undo_someone_elses(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog)
    catalog.apply(campaign_id, "rename", "ana", title="Summer promo")
    with pytest.raises(CatalogError) as refused:
        catalog.apply(
            campaign_id,
            "rename",
            "bea",
            expected_title="Spring promo",
            title="Spring sale",
        )
    assert refused.value.key == "campaign.renamed_meanwhile"
    assert catalog.get(campaign_id).title == "Summer promo"
    category_id = catalog.add_category("Promo", "ana")
    catalog.rename_category(category_id, "Promotions", "ana", expected_name="Promo")
    with pytest.raises(CatalogError) as refused:
        catalog.rename_category(category_id, "Offers", "bea", expected_name="Promo")
    assert refused.value.key == "category.renamed_meanwhile"
    assert "Promotions" in {c.name for c in catalog.categories()}


def test_a_category_move_from_a_stale_page_does_not_undo_someone_elses(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog)
    first = catalog.add_category("First", "ana")
    second = catalog.add_category("Second", "ana")
    catalog.set_category(campaign_id, first, "ana")
    with pytest.raises(CatalogError) as refused:
        catalog.set_category(
            campaign_id, second, "bea", expected_category_id=DEFAULT_CATEGORY_ID
        )
    assert refused.value.key == "campaign.moved_meanwhile"
    assert catalog.get(campaign_id).category_id == first


def test_renaming_to_the_same_title_changes_and_logs_nothing(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog)
    before = len(catalog.history(campaign_id))
    catalog.apply(campaign_id, "rename", "bea", title="  Spring promo ")
    assert len(catalog.history(campaign_id)) == before
    assert catalog.get(campaign_id).modified_by == "ana"


def test_a_damaged_catalog_file_is_refused_in_one_sentence(tmp_path: Path) -> None:
    damaged = tmp_path / "catalog.sqlite"
    damaged.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogError) as refused:
        Catalog.open(f"sqlite:///{damaged}")
    assert refused.value.key == "catalog.unreadable"


def test_a_writer_that_waits_too_long_is_told_to_try_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog_module, "BUSY_TIMEOUT_S", 0.2)
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    first, second = Catalog.open(url), Catalog.open(url)
    with first._write(), pytest.raises(CatalogError) as refused:
        second.add_category("Promo", "bea")
    assert refused.value.key == "catalog.busy"
    assert [c.name for c in second.categories()] == ["Default"]


def test_an_older_schema_is_upgraded_step_by_step_and_a_gap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    Catalog.open(url)
    now = catalog_module.SCHEMA_VERSION
    steps: list[int] = []
    monkeypatch.setattr(catalog_module, "SCHEMA_VERSION", now + 2)
    monkeypatch.setattr(
        catalog_module, "MIGRATIONS", {now: lambda _: steps.append(now)}
    )
    with pytest.raises(CatalogError) as refused:
        Catalog.open(url)
    assert refused.value.key == "catalog.no_migration"
    monkeypatch.setitem(
        catalog_module.MIGRATIONS, now + 1, lambda _: steps.append(now + 1)
    )
    steps.clear()
    Catalog.open(url)
    assert steps == [now, now + 1]
    Catalog.open(url)  # now current: nothing runs again
    assert steps == [now, now + 1]


def test_restore_goes_back_to_where_the_change_log_says_it_was_archived_from(
    catalog: Catalog,
) -> None:
    # Seeded as active without a launch date: only the log knows the way back.
    campaign_id = make_campaign(catalog, "active")
    catalog.apply(campaign_id, "deactivate", "bea")
    catalog.apply(campaign_id, "archive", "bea")
    assert catalog.get(campaign_id).restore_to == "inactive"
    catalog.apply(campaign_id, "restore", "bea")
    assert catalog.get(campaign_id).status == "inactive"


def test_an_archived_campaign_without_a_record_goes_back_by_its_launch_date(
    catalog: Catalog,
) -> None:
    never = make_campaign(catalog, "archived")
    launched = make_campaign(
        catalog, "archived", launched_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    assert catalog.get(never).restore_to == "draft"
    assert catalog.get(launched).restore_to == "inactive"


def test_a_clone_whose_source_category_is_deleted_just_before_lands_in_default(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    promo = catalog.add_category("Promo", "ana")
    source = make_campaign(catalog, category_id=promo)
    someone_else = Catalog(catalog.engine)
    own_write = catalog._write

    @contextmanager
    def write_after_a_deletion() -> Iterator[Connection]:
        # Someone deletes the category just as the clone starts writing.
        someone_else.delete_category(promo, "bea")
        with own_write() as conn:
            yield conn

    monkeypatch.setattr(catalog, "_write", write_after_a_deletion)
    clone_id = catalog.clone(source, "cy")
    monkeypatch.undo()
    clone = catalog.get(clone_id)
    assert (clone.category_id, clone.title) == (
        DEFAULT_CATEGORY_ID,
        "Spring promo (copy)",
    )
    assert [m.name for m in clone.messages] == ["Promo email"]


def test_messages_an_import_adds_to_a_known_campaign_are_in_its_history(
    catalog: Catalog,
) -> None:
    campaign_id = make_campaign(catalog)
    added = catalog.ensure_known(
        [(campaign_id, "ignored", None), ("c9", "  Imported\tone ", None)],
        [
            (campaign_id, "m-new", "Reminder", "sms"),
            ("c9", "m1", "Hello", "push"),
        ],
        "importer",
        source="canonical",
    )
    assert added == (1, 2)
    change = catalog.history(campaign_id)[0]
    assert (change.action, change.author) == ("edit", "importer")
    assert (change.before, change.after) == (
        {"messages": 1},
        {"messages": 2, "source": "canonical"},
    )
    assert catalog.get(campaign_id).modified_by == "importer"
    assert [c.action for c in catalog.history("c9")] == ["import"]
    assert catalog.get("c9").title == "Imported one"


def test_imported_names_with_nothing_visible_fall_back_to_their_id(
    catalog: Catalog,
) -> None:
    catalog.ensure_known(
        [("c9", " \u200b ", None)],
        [("c9", "m1", "   ", "push"), ("c9", "m2", "Tips\x01\nof the day", "email")],
        "importer",
        source="canonical",
    )
    imported = catalog.get("c9")
    assert imported.title == "c9"
    assert [m.name for m in imported.messages] == ["m1", "Tips of the day"]
    # so the campaign can be cloned like any other
    clone_id = catalog.clone("c9", "ana")
    assert [m.name for m in catalog.get(clone_id).messages] == ["m1", "Tips of the day"]


def test_an_author_too_long_for_the_log_is_shortened_the_same_on_both_databases(
    catalog: Catalog,
) -> None:
    author = "Ana " + "x" * 300 + "\x00\n"
    campaign_id = make_campaign(catalog)
    catalog.apply(campaign_id, "launch", author)
    recorded = catalog.get(campaign_id).modified_by
    assert recorded == ("Ana " + "x" * 300)[: catalog_module.AUTHOR_MAX]
    assert catalog.history(campaign_id)[0].author == recorded


def seeded(status: str, launched: str | None, updated: str) -> dict[str, object]:
    return {
        "id": f"seed-{status}-{launched is not None}",
        "title": f"Seeded {status}",
        "status": status,
        "created_at": "2026-01-01T09:00:00Z",
        "created_by": "ana",
        "updated_at": updated,
        "updated_by": "bea",
        "launched_at": launched,
        "messages": [{"id": "m1", "name": "Hello", "channel": "push"}],
    }


@pytest.mark.parametrize(
    ("status", "launched", "updated", "expected"),
    [
        ("draft", None, "2026-01-01T09:00:00Z", ["create"]),
        ("draft", None, "2026-01-02T09:00:00Z", ["create", "edit"]),
        (
            "active",
            "2026-01-05T09:00:00Z",
            "2026-01-05T09:00:00Z",
            ["create", "launch"],
        ),
        (
            "active",
            "2026-01-05T09:00:00Z",
            "2026-01-09T09:00:00Z",
            ["create", "launch", "edit"],
        ),
        (
            "paused",
            "2026-01-05T09:00:00Z",
            "2026-01-09T09:00:00Z",
            ["create", "launch", "pause"],
        ),
        (
            "inactive",
            "2026-01-05T09:00:00Z",
            "2026-01-09T09:00:00Z",
            ["create", "launch", "deactivate"],
        ),
        (
            "archived",
            "2026-01-05T09:00:00Z",
            "2026-01-09T09:00:00Z",
            ["create", "launch", "deactivate", "archive"],
        ),
        ("archived", None, "2026-01-09T09:00:00Z", ["create", "archive"]),
    ],
)
def test_a_seeded_campaign_s_history_names_the_actions_that_led_to_its_status(
    catalog: Catalog,
    status: str,
    launched: str | None,
    updated: str,
    expected: list[str],
) -> None:
    item = seeded(status, launched, updated)
    catalog.seed({"campaigns": [item]}, actor="demo")
    history = catalog.history(str(item["id"]))[::-1]  # oldest first
    assert [c.action for c in history] == expected
    # each status change says where it came from, as a live action would log it
    statuses = [
        (c.before, c.after) for c in history if c.action not in {"create", "edit"}
    ]
    chain = ["draft"] + [after["status"] for _, after in statuses]  # type: ignore[index]
    assert [before["status"] for before, _ in statuses] == chain[:-1]  # type: ignore[index]
    assert chain[-1] == status
    if launched is not None:
        launch = next(c for c in history if c.action == "launch")
        assert launch.at == datetime.fromisoformat(launched)
    last = history[-1]
    if len(history) > 1:  # the last change is the update the spec records
        assert (last.at, last.author) == (datetime.fromisoformat(updated), "bea")
    assert catalog.get(str(item["id"])).modified_by == last.author


def test_a_seeded_archived_campaign_is_restored_to_where_its_history_says(
    catalog: Catalog,
) -> None:
    launched = seeded("archived", "2026-01-05T09:00:00Z", "2026-01-09T09:00:00Z")
    never = seeded("archived", None, "2026-01-09T09:00:00Z")
    catalog.seed({"campaigns": [launched, never]}, actor="demo")
    assert catalog.get(str(launched["id"])).restore_to == "inactive"
    assert catalog.get(str(never["id"])).restore_to == "draft"
    catalog.apply(str(launched["id"]), "restore", "cy")
    assert catalog.get(str(launched["id"])).status == "inactive"
