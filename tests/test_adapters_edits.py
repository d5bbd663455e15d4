"""Files people edit by hand: text in a number cell, a retyped label, a missing table.

Each is read, never a crash: the report keeps what was written and the
Reading's notes say where something was not as the format writes it.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

import disclosure_format as df
from disclosure_format.adapters.csv_long import COLUMNS
from disclosure_format.errors import ReportError
from disclosure_format.layout import table_layout
from disclosure_format.reading import Reading, ReadNote


def _report() -> df.Report:
    return df.new_report(
        "2021",
        "某某局",
        2023,
        values={"t3/new/applicant.total": 5, "t2/fees/amount": Decimal("1.50")},
        narrative={"overview": "第一行\n第二行"},
    )


# --- text ------------------------------------------------------------------------


def test_text_with_a_word_typed_into_a_number_cell() -> None:
    text = df.render(_report(), "text")
    assert isinstance(text, str)
    lines = text.split("\n")
    # the 总计 column of row 一 in table 3: the last cell of the first line starting with 一、
    index = next(i for i, line in enumerate(lines) if "| 一、本年新收" in line)
    cells = lines[index].split("|")
    assert cells[-2].strip() == "5"
    cells[-2] = cells[-2][:-3] + " 五"  # "5 " and "五" are both two columns wide
    lines[index] = "|".join(cells)
    reading = df.read("\n".join(lines), source="edited.txt")
    assert reading.report.values["t3/new/applicant.total"] == "五"
    (note,) = reading.notes
    assert note.kind == "not-a-number"
    assert note.file == "edited.txt"
    assert note.line is not None
    assert note.table == "t3"
    assert note.column == "申请人情况/总计"


def test_text_with_a_retyped_label_is_read_by_position_and_noted() -> None:
    text = df.render(_report(), "text")
    assert isinstance(text, str)
    edited = text.replace("| 规章           |", "| 规　章         |").replace(
        "| 行政许可       |", "| 行政审批       |"
    )
    reading = df.read(edited)
    assert reading.report == _report()
    (note,) = reading.notes  # 规　章 only differs in whitespace: not noted
    assert note.kind == "unmatched-label"
    assert note.candidates == ("行政许可",)


def test_text_whose_table_lost_a_column_is_a_located_error() -> None:
    text = df.render(df.new_report("2021"), "text")
    assert isinstance(text, str)
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("+") and i > 15)
    broken = [*lines[: start + 2], lines[start + 2][:-3], *lines[start + 3 :]]
    with pytest.raises(ReportError) as info:
        df.read("\n".join(broken), "text", source="r.txt")
    assert "r.txt" in str(info.value)
    assert info.value.problems[0].line is not None


def test_text_with_crlf_line_ends_and_trailing_spaces_reads_the_same() -> None:
    text = df.render(_report(), "text")
    assert isinstance(text, str)
    windows = "\r\n".join(
        line + "  " if line.startswith(("+", "|")) else line for line in text.split("\n")
    )
    assert df.read(windows).report == _report()


def test_text_escapes_keep_pipes_backslashes_and_edge_spaces() -> None:
    tricky = " a|b\\n\tc \u2028 "
    report = df.new_report(
        "2021", tricky, 2023, values={"t3/new/applicant.total": tricky}, narrative={"other": tricky}
    )
    text = df.render(report, "text")
    assert isinstance(text, str)
    assert "a\\u{7c}b\\\\n\\tc" in text
    assert df.read(text).report == report


def test_text_grids_line_up_with_chinese_labels() -> None:
    from disclosure_format._textgrid import display_width

    text = df.render(_report(), "text")
    assert isinstance(text, str)
    grid: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.startswith(("+", "|")):
            grid.append(line)
        elif grid:
            assert len({display_width(g) for g in grid}) == 1, grid[0]
            grid = []


# --- CSV -------------------------------------------------------------------------


def _csv_rows(text: str) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(text, newline="")))


def _csv_text(rows: list[list[str]]) -> str:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_wide_csv_is_the_official_grid_block_by_block() -> None:
    spec = df.get_format("2021")
    text = df.render(_report(), "csv")
    assert isinstance(text, str)
    rows = _csv_rows(text)
    assert rows[0][:2] == ["格式", "2021"]
    for table in spec.tables:
        start = rows.index(["表", table.id, table.caption])
        layout = table_layout(table)
        block = rows[start + 1 : start + 1 + layout.n_rows]
        assert all(len(r) == layout.n_cols for r in block)
        for cell in layout.cells:
            if cell.role != "data":
                assert block[cell.row][cell.col] == cell.text
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) != (cell.row, cell.col):
                        assert block[r][c] == ""


def test_wide_csv_edited_in_a_spreadsheet() -> None:
    """Excel drops trailing empty cells and may add rows; a cell gets a word."""
    rows = _csv_rows(df.render(_report(), "csv"))  # type: ignore[arg-type]
    start = rows.index(["表", "t3", "收到和处理政府信息公开申请情况"])
    row = start + 1 + 3  # the first data row of table 3
    rows[row][-1] = "五件"
    rows = [r[: max((i + 1 for i, c in enumerate(r) if c), default=0)] for r in rows]
    rows.insert(start, ["备注：本表由办公室填写"])
    reading = df.read(_csv_text(rows), source="book.csv")
    assert reading.report.values["t3/new/applicant.total"] == "五件"
    kinds = sorted(n.kind for n in reading.notes)
    assert kinds == ["not-a-number", "unmatched-label"]
    assert all(n.line for n in reading.notes)


def test_wide_csv_without_a_table_reads_it_blank_and_says_so() -> None:
    rows = _csv_rows(df.render(_report(), "csv"))  # type: ignore[arg-type]
    start = rows.index(["表", "t4", "政府信息公开行政复议、行政诉讼情况"])
    reading = df.read(_csv_text(rows[:start]))
    assert all(v is None for k, v in reading.report.values.items() if k.startswith("t4/"))
    assert [(n.kind, n.table) for n in reading.notes] == [("missing-cell", "t4")]


def test_bom_is_written_on_request_and_read_either_way() -> None:
    for name in ("csv", "csv-long"):
        with_bom = df.render(_report(), name, bom=True)
        assert isinstance(with_bom, str)
        assert with_bom.startswith("\ufeff")
        assert not str(df.render(_report(), name)).startswith("\ufeff")
        assert df.read(with_bom.encode("utf-8")).report == _report()


# --- long CSV --------------------------------------------------------------------


def test_long_csv_has_one_row_per_cell_with_the_official_label_paths() -> None:
    spec = df.get_format("2021")
    rows = _csv_rows(df.render(_report(), "csv-long"))  # type: ignore[arg-type]
    assert tuple(rows[0]) == COLUMNS
    cells = [
        dict(zip(COLUMNS, r, strict=True)) for r in rows[1:] if r[3] not in ("meta", "narrative")
    ]
    assert len(cells) == len(spec.cells)
    by_key = {f"{c['table']}/{c['row_key']}/{c['column_key']}": c for c in cells}
    denied = by_key["t3/results.denied.state_secret/applicant.legal_person.business"]
    assert denied["row_label"] == "三、本年度办理结果/（三）不予公开/1.属于国家秘密"
    assert denied["column_label"] == "申请人情况/法人或其他组织/商业企业"
    assert by_key["t3/new/applicant.total"]["value"] == "5"
    assert by_key["t2/fees/amount"]["value"] == "1.50"
    assert by_key["t4/cases/review.total"]["row_label"] == ""


def test_long_csv_of_many_reports_concatenates_with_one_header() -> None:
    first = _report()
    second = df.new_report("2019", "另一局", 2020, values={"t2/licensing/change": -3})
    text = str(df.render(first, "csv-long")) + str(df.render(second, "csv-long", header=False))
    assert text.count("format,agency,year") == 1
    readings = df.read_many(text)
    assert [r.report for r in readings] == [first, second]
    with pytest.raises(ReportError, match="holds 2 reports"):
        df.read(text)


def test_long_csv_with_a_duplicated_cell_and_an_unknown_row() -> None:
    rows = _csv_rows(df.render(_report(), "csv-long"))  # type: ignore[arg-type]
    total = next(r for r in rows if r[3:5] == ["t3", "new"] and r[6] == "applicant.total")
    rows.append([*total[:8], "6"])
    rows.append([*total[:4], "no_such_row", *total[5:8], "1"])
    rows = [r for r in rows if not (r[3:5] == ["t3", "carried_over"] and r[6] == "applicant.total")]
    reading = df.read(_csv_text(rows))
    assert reading.report.values["t3/new/applicant.total"] == 5  # the first is kept
    assert reading.report.values["t3/carried_over/applicant.total"] is None
    kinds = sorted(n.kind for n in reading.notes)
    assert kinds == ["ambiguous", "missing-cell", "unmatched-label"]
    assert not reading.ok


# --- XLSX ------------------------------------------------------------------------


def test_xlsx_has_the_official_merges_and_numbers_as_numbers() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    data = df.render(_report(), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    spec = df.get_format("2021")
    assert book.sheetnames[0] == "报告"
    for table in spec.tables:
        sheet = next(s for s in book.worksheets if s.cell(1, 2).value == table.id)
        layout = table_layout(table)
        merged = {str(r) for r in sheet.merged_cells.ranges}
        spans = {c for c in layout.cells if c.rowspan > 1 or c.colspan > 1}
        assert len(merged) == len(spans)
        for cell in spans:
            first = sheet.cell(cell.row + 2, cell.col + 1).coordinate
            last = sheet.cell(cell.row + 1 + cell.rowspan, cell.col + cell.colspan).coordinate
            assert f"{first}:{last}" in merged
    t3 = next(s for s in book.worksheets if s.cell(1, 2).value == "t3")
    layout = table_layout(spec.table("t3"))
    total = next(c for c in layout.cells if c.key == "t3/new/applicant.total")
    assert t3.cell(total.row + 2, total.col + 1).value == 5
    t2 = next(s for s in book.worksheets if s.cell(1, 2).value == "t2")
    fee = next(c for c in table_layout(spec.table("t2")).cells if c.key == "t2/fees/amount")
    assert t2.cell(fee.row + 2, fee.col + 1).number_format == "0.00"


def test_xlsx_filled_in_by_a_person() -> None:
    """Numbers typed as numbers, a formula with its saved result, text in a number cell."""
    openpyxl = pytest.importorskip("openpyxl")
    spec = df.get_format("2021")
    book = openpyxl.load_workbook(
        io.BytesIO(df.render(df.new_report(spec, "某某局", 2023), "xlsx"))
    )
    t3 = next(s for s in book.worksheets if s.cell(1, 2).value == "t3")
    layout = table_layout(spec.table("t3"))

    def place(key: str) -> tuple[int, int]:
        cell = next(c for c in layout.cells if c.key == key)
        return cell.row + 2, cell.col + 1

    t3.cell(*place("t3/new/applicant.natural_person")).value = 3.0
    t3.cell(*place("t3/new/applicant.total")).value = "三"
    t3.cell(*place("t3/carried_over/applicant.total")).value = "=1+1"
    buffer = io.BytesIO()
    book.save(buffer)
    reading = df.read(buffer.getvalue(), source="filled.xlsx")
    values = reading.report.values
    assert values["t3/new/applicant.natural_person"] == 3
    assert type(values["t3/new/applicant.natural_person"]) is int
    assert values["t3/new/applicant.total"] == "三"
    # openpyxl saves no computed result for a formula: kept as text, an error note
    assert values["t3/carried_over/applicant.total"] == "=1+1"
    kinds = sorted((n.kind, n.severity) for n in reading.notes)
    assert kinds == [("formula", "error"), ("not-a-number", "warning"), ("not-a-number", "warning")]
    assert all(n.file and "filled.xlsx" in n.file for n in reading.notes)


def test_an_xlsx_given_as_text_or_broken_is_a_located_error() -> None:
    pytest.importorskip("openpyxl")
    with pytest.raises(ReportError, match="binary"):
        df.read("PK not really", "xlsx")
    with pytest.raises(ReportError, match="not a readable XLSX"):
        df.read(b"PK\x03\x04 broken xl/", "xlsx", source="b.xlsx")


# --- notes -------------------------------------------------------------------------


def test_a_note_prints_where_it_is() -> None:
    note = ReadNote(
        "not-a-number",
        "'五' is not a number; kept as text",
        "warning",
        file="r.csv",
        line=12,
        table="t3",
        row="一、本年新收政府信息公开申请数量",
        column="申请人情况/总计",
        cell="t3/new/applicant.total",
    )
    assert str(note) == (
        "r.csv:12: t3 一、本年新收政府信息公开申请数量 × 申请人情况/总计: "
        "warning not-a-number: '五' is not a number; kept as text"
    )
    with pytest.raises(ValueError, match="severity"):
        ReadNote("x", "y", "fatal")  # type: ignore[arg-type]
    reading = Reading(_report(), [note], "csv")
    assert reading.ok
    assert reading.notes == (note,)
    assert not Reading(_report(), [ReadNote("ambiguous", "two readings", "error")]).ok
