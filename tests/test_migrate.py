"""Migration between format versions: declarative mapping, nothing dropped, totals kept."""

from __future__ import annotations

import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from disclosure_format import (
    DefinitionError,
    FormatNotFoundError,
    FormatRegistry,
    get_format,
    load_report,
    loads_report,
    new_report,
    validate,
)
from disclosure_format.cli import run
from disclosure_format.migrate import load_mapping, mappings, migrate
from disclosure_format.registry import builtin_formats_dir
from disclosure_format.testing import reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_2019 = ROOT / "examples" / "2019-pingtan-2019.json"
MAPPING = builtin_formats_dir() / "migrations" / "2019-2021.toml"
OLD, NEW = get_format("2019"), get_format("2021")


def _totals(spec):
    """Cells that are the total of an equation (``x == a + b + …``) in ``spec``."""
    from disclosure_format._compile import compiled

    out = set()
    for eq in compiled(spec).equations:
        if eq.op == "==" and len(eq.left) == 1 and all(c > 0 for _, c in eq.right):
            out.add(spec.cells[eq.left[0][0]].key)
    return out


SHARED_TOTALS = sorted(_totals(OLD) & _totals(NEW))


@given(reports(OLD))
def test_valid_2019_reports_migrate_to_valid_2021_reports_with_the_same_totals(report):
    result = migrate(report, to="2021")
    new = result.report
    assert new.format == "2021"
    assert (new.agency, new.year, new.published) == (report.agency, report.year, report.published)
    assert [f for f in validate(new) if f.is_error] == []
    for key in SHARED_TOTALS:
        assert new.values[key] == report.values[key], key
    for column in NEW.table("t3").blocks[0].column_paths:
        c = ".".join(n.key for n in column)
        assert new.values[f"t3/results.other.other/{c}"] == report.values[f"t3/results.other/{c}"]


@settings(max_examples=20)  # each example migrates a whole report of random values
@given(reports(OLD, valid=False))
def test_every_old_cell_is_carried_or_noted(report):
    result = migrate(report, to="2021")
    noted = {n.cell for n in result.notes if n.kind in ("moved", "not-carried")}
    for key, value in report.values.items():
        if key in noted:
            note = next(n for n in result.notes if n.cell == key)
            if value is not None:
                assert (repr(value) if isinstance(value, str) else str(value)) in note.message
        else:
            assert result.report.values[key] == value  # carried as it was, text included
    blank_notes = {n.cell for n in result.notes if n.kind == "left-blank"}
    for key in NEW.cell_keys:
        if key in blank_notes:
            assert result.report.values[key] is None
    severities = {n.cell: n.severity for n in result.notes if n.kind == "not-carried"}
    for key, severity in severities.items():
        assert severity == ("info" if report.values[key] is None else "warning")


def test_the_example_report():
    report = load_report(EXAMPLE_2019)
    result = migrate(report, to="2021")
    assert result.report.provenance.reader == "migrate"
    assert result.report.provenance.inputs == (report.provenance.source,)
    kinds = [n.kind for n in result.notes]
    assert kinds.count("not-carried") == 19
    assert kinds.count("moved") == 7
    assert kinds.count("left-blank") == 21
    assert kinds.count("year-outside-format") == 1  # 2019 is kept; 2021 governs 2021-
    procurement = next(n for n in result.notes if n.cell == "t2/procurement/amount")
    assert procurement.severity == "warning"
    assert "75394432.52" in procurement.message
    assert procurement.row == "政府集中采购"
    assert procurement.column == "采购总金额"
    assert result.report.narrative == report.narrative


def test_a_report_already_in_the_target_format_is_returned_as_it_is():
    report = new_report(NEW, "局", 2022)
    result = migrate(report, to="2021")
    assert result.report is report
    assert result.notes == ()


def test_no_mapping_is_a_typed_error():
    report = new_report(NEW, "局", 2022)
    with pytest.raises(FormatNotFoundError, match=r"no migration from format 2021 to format 2019"):
        migrate(report, to="2019")


# ---------------------------------------------------------------- chains


def _third_format(tmp_path: Path) -> FormatRegistry:
    """A made-up 2030 format: 2021 without section 六, and a mapping 2021 → 2030."""
    text = (builtin_formats_dir() / "2021.toml").read_text(encoding="utf-8")
    text = text.replace('id = "2021"', 'id = "2030"').replace(
        "years = { first = 2021 }", "years = { first = 2030 }"
    )
    text = re.sub(r'\[\[sections\]\]\nkey = "other"\n.*?(?=\n# -{10})', "", text, flags=re.S)
    (tmp_path / "2030.toml").write_text(text, encoding="utf-8")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "2021-2030.toml").write_text(
        'from = "2021"\nto = "2030"\n', encoding="utf-8"
    )
    return FormatRegistry([tmp_path])


def test_mappings_chain_and_keep_every_step_notes(tmp_path):
    registry = _third_format(tmp_path)
    report = new_report(
        OLD,
        "局",
        2020,
        values={"t3/results.other/applicant.total": 4, "t2/procurement/projects": 2},
        narrative={"overview": "总体", "other": "其他事项"},
    )
    assert registry.directories()[0] == tmp_path.resolve()
    result = migrate(report, to="2030", registry=registry)
    assert [(m.old, m.new) for m in result.steps] == [("2019", "2021"), ("2021", "2030")]
    assert result.report.format == "2030"
    assert result.report["t3/results.other.other/applicant.total"] == 4
    assert result.report.narrative == {"overview": "总体"}
    dropped = [n for n in result.notes if n.kind == "not-carried"]
    assert any(n.cell == "t2/procurement/projects" and "值 2" in n.message for n in dropped)
    (section,) = [n for n in dropped if n.cell is None]
    assert section.row == "六、其他需要报告的事项"
    assert section.severity == "warning"
    assert result.report.provenance.note == "format 2019 → 2021 → 2030"


def test_two_files_for_the_same_pair_is_an_error(tmp_path):
    registry = _third_format(tmp_path)
    shutil.copy(MAPPING, tmp_path / "migrations" / "2019-2021.toml")
    with pytest.raises(DefinitionError, match="also defined in"):
        mappings(registry)


def test_moves_can_add_cells_up(tmp_path):
    """A list of ``from`` patterns adds cells up (here: （六）'s rows folded back, 2021 → 2019)."""
    registry = FormatRegistry([], entry_points=False, environment=False)
    text = (
        'from = "2021"\nto = "2019"\n\n[[moves]]\nfrom = ["t3/results.other.no_correction/*", '
        '"t3/results.other.unpaid_fee/*", "t3/results.other.other/*"]\nto = "t3/results.other/*"\n'
        'reason = "2019 has one row"\n\n[[not_carried]]\ncells = ["t2/*/issued", '
        '"t2/*/repealed", "t2/*/in_force", "t2/fees/amount"]\nreason = "not in 2019"\n\n'
        '[[left_blank]]\ncells = ["t2/*/made", "t2/*/published", "t2/*/public_total", '
        '"t2/*/previous_items", "t2/*/change", "t2/other_services/decisions", '
        '"t2/procurement/*"]\nreason = "not in 2021"\n'
    )
    file = tmp_path / "2021-2019.toml"
    file.write_text(text, encoding="utf-8")
    back = load_mapping(file, registry=registry)
    report = new_report(
        NEW,
        "局",
        2022,
        values={
            "t3/results.other.no_correction/applicant.total": 1,
            "t3/results.other.other/applicant.total": 5,
            "t3/results.other.unpaid_fee/applicant.natural_person": "三",
        },
    )
    result = migrate(report, to="2019", registry=registry, using=[back])
    assert result.report["t3/results.other/applicant.total"] == 6
    assert result.report["t3/results.other/applicant.legal_person.business"] is None
    assert result.report["t3/results.other/applicant.natural_person"] is None
    (not_added,) = [n for n in result.notes if n.kind == "not-added"]
    assert not_added.cell == "t3/results.other/applicant.natural_person"
    assert not_added.severity == "error"
    assert "'三'" in not_added.message


# ---------------------------------------------------------------- CLI


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_cli_writes_the_migrated_report_and_the_notes(tmp_path):
    target = tmp_path / "m.json"
    status, out, err = cli(
        "migrate", str(EXAMPLE_2019), "--to-format", "2021", "-o", str(target), "--locale", "en"
    )
    assert status == 0
    assert out == ""
    migrated = loads_report(target.read_text(encoding="utf-8"))
    assert migrated == migrate(load_report(EXAMPLE_2019), to="2021").report
    assert "migrated format 2019 → 2021: 21 left-blank, 7 moved, 19 not-carried" in err
    assert err.count("warning not-carried") == 19
    assert "… and 29 informational notes" in err
    status, out, err = cli("migrate", str(EXAMPLE_2019), "--to-format", "2021", "--verbose")
    assert loads_report(out) == migrated
    assert err.count("信息 留空") == 21
    assert "格式 2019 → 2021 迁移完成：留空 21、已移动 7、未迁移 19" in err


def test_cli_unknown_target_is_exit_2():
    status, _, err = cli("migrate", str(EXAMPLE_2019), "--to-format", "2099")
    assert status == 2
    assert "no migration from format 2019 to format 2099" in err


def test_amounts_stay_exact():
    report = new_report(OLD, "局", 2019, values={"t2/procurement/amount": Decimal("24252.311082")})
    note = next(n for n in migrate(report, to="2021").notes if n.cell == "t2/procurement/amount")
    assert "24252.311082" in note.message


def test_the_builtin_mapping_is_found():
    (mapping,) = mappings()
    assert (mapping.old, mapping.new) == ("2019", "2021")
    assert mapping == load_mapping(MAPPING)
