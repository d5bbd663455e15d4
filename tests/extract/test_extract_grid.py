"""The model and span resolution in isolation."""

from __future__ import annotations

import pytest

from disclosure_format._extract import Cell, Grid
from disclosure_format._extract._grid import RawCell, parse_span, resolve_grid


@pytest.mark.parametrize(
    ("value", "result"),
    [
        (None, (1, False)),
        ("3", (3, False)),
        (" +3 ", (3, False)),
        ("3px", (3, True)),
        ("2.5", (2, True)),
        ("", (1, True)),
        ("x", (1, True)),
        ("-2", (1, True)),
        ("0", (1, True)),
        ("00", (1, True)),
        ("1001", (1000, True)),
        ("9" * 5000, (1000, True)),
    ],
)
def test_parse_colspan(value: str | None, result: tuple[int, bool]) -> None:
    assert parse_span(value, maximum=1000, zero=1) == result


def test_parse_rowspan_zero_means_group_end() -> None:
    assert parse_span("0", maximum=65534, zero=0) == (0, False)


def test_resolve_places_cells_after_rowspans() -> None:
    rows = [
        [RawCell("A", rowspan=3), RawCell("b")],
        [RawCell("c")],
        [RawCell("d", colspan=2)],  # runs into A's column? no: A occupies col 0, d starts at 1
    ]
    grid = resolve_grid(rows)
    assert grid is not None
    assert grid.text_rows() == [["A", "b", ""], ["A", "c", ""], ["A", "d", "d"]]


def test_grid_validates_geometry() -> None:
    with pytest.raises(ValueError, match="outside"):
        Grid((Cell("x", 0, 1, 1, 2),), 1, 2)
    with pytest.raises(ValueError, match="geometry"):
        Grid((Cell("x", 0, 0, 0, 1),), 1, 1)
    overlapping = Grid((Cell("x", 0, 0, 1, 2), Cell("y", 0, 1)), 1, 2)
    with pytest.raises(ValueError, match="overlap"):
        overlapping.rows()


def test_row_cells_and_blocks_helpers() -> None:
    grid = Grid((Cell("a", 0, 0, 2, 1), Cell("b", 0, 1), Cell("c", 1, 1)), 2, 2)
    assert [c.text for c in grid.row_cells(1)] == ["c"]
    assert grid.text_rows() == [["a", "b"], ["a", "c"]]
