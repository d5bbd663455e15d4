"""Version diff: generated from two definitions, checked against FORMATS.md §4."""

from __future__ import annotations

import io
import itertools
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format import Severity, get_format, list_formats, loads_definition
from disclosure_format._converter import unstructure
from disclosure_format.cli import run
from disclosure_format.diff import Change, diff_formats, diff_text
from disclosure_format.registry import builtin_formats_dir

FORMATS = list_formats()


def keys(diff, what, how):
    return [c.key for c in diff.select(what, how)]


# ---------------------------------------------------------------- FORMATS.md §4


@pytest.fixture(scope="module")
def d19_21():
    return diff_formats("2019", "2021")


def test_2021_adds_the_three_sub_rows_of_other_handling(d19_21):
    assert keys(d19_21, "row", "added") == [
        "t3/results.other.no_correction",
        "t3/results.other.unpaid_fee",
        "t3/results.other.other",
    ]
    (regrouped,) = d19_21.select("row", "regrouped")
    assert regrouped.key == "t3/results.other"
    assert (regrouped.old, regrouped.new) == ("one data row", "a group of 3 rows")


def test_2021_drops_item9_and_the_2019_only_rows(d19_21):
    assert keys(d19_21, "block", "removed") == ["t2/item9"]
    assert keys(d19_21, "row", "removed") == ["t2/other_services", "t2/procurement"]
    assert not d19_21.select("block", "added")
    assert not d19_21.select("table")


def test_2021_relabels_documents_and_decisions(d19_21):
    relabelled = {(c.key, c.old, c.new) for c in d19_21.select(how="relabelled")}
    assert relabelled == {
        ("t2/normative_documents", "规范性文件", "行政规范性文件"),
        ("t2/item5/decisions", "处理决定数量", "本年处理决定数量"),
        ("t2/item6/decisions", "处理决定数量", "本年处理决定数量"),
    }


def test_2021_replaces_the_measures_of_table_2(d19_21):
    assert keys(d19_21, "column", "added") == [
        "t2/item1/issued",
        "t2/item1/repealed",
        "t2/item1/in_force",
        "t2/item8/amount",
    ]
    removed = keys(d19_21, "column", "removed")
    assert {k.rsplit("/", 1)[1] for k in removed} == {
        "made",
        "published",
        "public_total",
        "previous_items",
        "change",
    }


def test_table_2_cell_counts_match_formats_md(d19_21):
    old, new = get_format("2019"), get_format("2021")
    t2 = [c for c in old.cell_keys if c.startswith("t2/")]
    assert len(t2) == 22
    assert len([c for c in new.cell_keys if c.startswith("t2/")]) == 10
    kept_t2 = [c for c in d19_21.cells_kept if c.startswith("t2/")]
    assert kept_t2 == [
        "t2/licensing/decisions",
        "t2/penalties/decisions",
        "t2/enforcement/decisions",
    ]


def test_tables_3_and_4_keep_their_labels_and_table_4_is_unchanged(d19_21):
    assert not [c for c in d19_21.changes if c.table == "t4"]
    t3 = [c for c in d19_21.changes if c.table == "t3" and c.what in ("row", "column")]
    assert {c.how for c in t3} == {"added", "regrouped"}
    assert all(k in d19_21.cells_kept for k in get_format("2021").cell_keys if k.startswith("t4/"))


def test_sections_keep_their_titles(d19_21):
    assert not d19_21.select("section", "relabelled")
    assert not d19_21.select("section", "added")
    assert not d19_21.select("section", "removed")


def test_rule_changes(d19_21):
    assert keys(d19_21, "rule", "added") == ["I6", "I6.single"]
    assert keys(d19_21, "rule", "removed") == ["I7", "I7.published"]
    changed = {(c.key, c.field) for c in d19_21.select("rule", "changed")}
    assert ("I2", "expr") in changed
    assert ("I8", "message") in changed
    assert ("S1", "expr") not in changed


# ---------------------------------------------------------------- properties


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
def test_a_format_does_not_differ_from_itself(spec):
    diff = diff_formats(spec, spec)
    assert not diff
    assert diff.cells_kept == spec.cell_keys
    assert "没有差异" in diff_text(diff)
    assert "no differences" in diff_text(diff, locale="en")


@pytest.mark.parametrize(
    ("old", "new"), list(itertools.permutations(FORMATS, 2)), ids=lambda s: s.id
)
def test_cells_partition_both_formats_and_reversing_swaps_them(old, new):
    diff = diff_formats(old, new)
    assert sorted(diff.cells_kept + diff.cells_removed) == sorted(old.cell_keys)
    assert sorted(diff.cells_kept + diff.cells_added) == sorted(new.cell_keys)
    back = diff_formats(new, old)
    assert set(back.cells_added) == set(diff.cells_removed)
    assert set(back.cells_removed) == set(diff.cells_added)
    flipped = {"added": "removed", "removed": "added"}
    assert sorted((c.what, flipped.get(c.how, c.how), c.key) for c in back.changes) == sorted(
        (c.what, c.how, c.key) for c in diff.changes
    )


@given(data=st.data())
def test_changing_a_rule_severity_is_exactly_one_change(data):
    spec = data.draw(st.sampled_from(FORMATS))
    index = data.draw(st.integers(0, len(spec.rules) - 1))
    rule = spec.rules[index]
    severity = data.draw(st.sampled_from([s for s in Severity if s is not rule.severity]))
    rules = list(spec.rules)
    rules[index] = attrs.evolve(rule, severity=severity)
    changed = attrs.evolve(spec, rules=tuple(rules))
    diff = diff_formats(spec, changed)
    assert diff.changes == (
        Change(
            "rule", "changed", rule.id, rule.severity.value, severity.value, "severity", rule.table
        ),
    )


def _unique_row_labels(spec_id):
    text = (builtin_formats_dir() / f"{spec_id}.toml").read_text(encoding="utf-8")
    spec = get_format(spec_id)
    out = []
    for table in spec.tables:
        for block in table.blocks:
            for key, path in block.row_nodes.items():
                label = path[-1].label
                if label and text.count(label) == 1:
                    out.append((f"{table.id}/{key}", label))
    return text, out


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@given(data=st.data())
def test_relabelling_a_row_in_the_file_is_exactly_one_change(spec, data):
    text, candidates = _unique_row_labels(spec.id)
    key, label = data.draw(st.sampled_from(candidates))
    suffix = data.draw(st.sampled_from(["（修订）", "X", "等"]))
    edited = loads_definition(text.replace(label, label + suffix), expected_id=spec.id)
    diff = diff_formats(spec, edited)
    assert [(c.what, c.how, c.key, c.old, c.new) for c in diff.changes] == [
        ("row", "relabelled", key, label, label + suffix)
    ]
    assert not diff.cells_added
    assert not diff.cells_removed


# ---------------------------------------------------------------- CLI


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_cli_json_is_the_library_result(d19_21):
    status, out, _ = cli("diff", "2019", "2021", "--json")
    assert status == 0
    data = json.loads(out)
    assert data.pop("schema_version") == 1
    assert data == unstructure(d19_21)


def test_cli_text(d19_21):
    status, out, _ = cli("diff", "2019", "2021")
    assert status == 0
    assert out == diff_text(d19_21)
    assert "~ 行 t2/normative_documents 标签变更: 规范性文件 → 行政规范性文件" in out
    assert "- 块 t2/item9  第二十条第（九）项" in out
    assert "~ 格式 文号修改: 国办公开办函〔2019〕60号 → 国办公开办函〔2021〕30号" in out
    assert "单元格：保留 172，新增 28，删除 26。" in out
    status, out, _ = cli("diff", "2019", "2021", "--locale", "en")
    assert out == diff_text(d19_21, locale="en")
    assert "~ row t2/normative_documents relabelled: 规范性文件 → 行政规范性文件" in out
    assert "~ row t3/results.other regrouped: one data row → a group of 3 rows" in out
    assert "- block t2/item9  第二十条第（九）项" in out
    assert "Cells: 172 kept, 28 added, 26 removed" in out


def test_cli_unknown_format_is_exit_2():
    status, _, err = cli("diff", "2019", "2031")
    assert status == 2
    assert "unknown format '2031'" in err
