"""Merging customers (issue 15): a lead's action, both records shown side by side first, notes never cut
(past the limit the merge is refused, saying what to shorten); a refusal leaves the store as it was."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from store.customers import (
    NOTES_LIMIT,
    create_customer,
    customer_card,
    get_customer,
    merge_customers,
    merge_preview,
    update_customer,
)
from store.errors import PermissionDenied, ValidationError
from tui.cli import cli


def _state(store):
    with store.read(None) as tx:
        return [tx.all(f"SELECT * FROM {t} ORDER BY rowid") for t in ("customers", "customer_phones", "audit_log")]


@pytest.fixture
def twins(team):
    keep = create_customer(team, "li", phones=["13800138000"], name="张伟", notes="likes mornings")
    other = create_customer(team, "li", phones=["13900139000"], name="张 伟", company="华为", notes="second record")
    return keep, other


def test_merging_is_a_leads_action(team, twins):
    before = _state(team)
    for call in (merge_customers, merge_preview):
        with pytest.raises(PermissionDenied, match="needs the role lead or admin"):
            call(team, "li", *twins)
    assert _state(team) == before
    assert merge_customers(team, "lin", *twins).merged_from == twins[1]


def test_notes_are_never_cut_past_the_limit_nothing_merges(team, twins):
    keep, other = twins
    update_customer(team, "li", keep, notes="k" * 2500)
    update_customer(team, "li", other, notes="o" * 1480)
    before = _state(team)
    for call in (merge_preview, merge_customers):
        with pytest.raises(ValidationError) as err:
            call(team, "lin", keep, other)
        assert err.value.field == "notes"
        assert f"shorten the notes of #{keep} or #{other} by" in str(err.value) and str(NOTES_LIMIT) in str(err.value)
    assert _state(team) == before
    update_customer(team, "li", other, notes="o" * 1400)  # what fits merges whole
    merge_customers(team, "lin", keep, other)
    notes = get_customer(team, "lin", keep).notes
    assert notes.startswith("k" * 2500) and notes.endswith("o" * 1400) and "…" not in notes


def test_the_preview_shows_both_records_and_the_result(team, twins):
    keep, other = twins
    preview = merge_preview(team, "lin", keep, other)
    assert (preview.keep.fields["name"], preview.other.fields["name"]) == ("张伟", "张 伟")
    assert preview.keep.phones == ("+8613800138000",) and preview.other.phones == ("+8613900139000",)
    assert preview.result["company"] == "华为" and "second record" in preview.result["notes"]
    assert customer_card(team, "lin", other).name == "张 伟"  # a preview changes nothing


def test_cli_previews_then_merges_with_yes(team, twins, store_path):
    keep, other = twins

    def run(*args):
        return CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "lin", "customers", "merge",
                                        str(keep), str(other), *args], env={"COLUMNS": "200"})

    shown = run()
    assert shown.exit_code == 1 and "nothing merged" in shown.output and "--yes" in shown.output
    assert "(kept)" in shown.output and "张 伟" in shown.output and "华为" in shown.output
    assert get_customer(team, "lin", other).name == "张 伟"
    done = run("--yes")
    assert done.exit_code == 0 and f"merged #{other} into #{keep}" in done.output
    refused = CliRunner().invoke(cli, ["--db", str(store_path), "--agent", "li", "customers", "merge", str(keep), "3",
                                       "--yes"])
    assert refused.exit_code == 1 and "lead or admin" in refused.output
