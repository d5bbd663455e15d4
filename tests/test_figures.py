"""The ``[[figures]]`` of format definitions: loaded, checked, located."""

from __future__ import annotations

import pytest

from disclosure_format import DefinitionError, list_formats, loads_definition
from disclosure_format.registry import builtin_formats_dir

SERIES_FIGURES = (
    "received",
    "carried_over",
    "completed",
    "carried_forward",
    "reconsiderations",
    "lawsuits",
)


def _definition(extra: str) -> str:
    return (builtin_formats_dir() / "2021.toml").read_text(encoding="utf-8") + extra


@pytest.mark.parametrize("spec", list_formats(), ids=lambda s: s.id)
def test_every_builtin_format_has_the_series_figures(spec):
    assert tuple(f.key for f in spec.figures) == SERIES_FIGURES
    for figure in spec.figures:
        assert figure.cells
        for key in figure.cells:
            assert spec.cell(key).kind.numeric


def test_figures_are_the_same_cells_across_versions():
    specs = list_formats()
    first = {f.key: f.cells for f in specs[0].figures}
    for spec in specs[1:]:
        assert {f.key: f.cells for f in spec.figures} == first


def test_unknown_cell_is_a_definition_error_with_key_path_and_line():
    text = _definition('\n[[figures]]\nkey = "x"\nlabel = "X"\ncells = ["t3/new/applicant.totl"]\n')
    with pytest.raises(DefinitionError) as info:
        loads_definition(text, source="2021.toml")
    (problem,) = info.value.problems
    index = text.count("[[figures]]") - 1
    assert problem.path == f"$.figures[{index}].cells[0]"
    assert "did you mean 't3/new/applicant.total'" in problem.message
    assert problem.line == len(text.splitlines())


def test_duplicate_figure_keys_and_cells_are_errors():
    text = _definition(
        '\n[[figures]]\nkey = "received"\nlabel = "again"\n'
        'cells = ["t3/new/applicant.total", "t3/new/applicant.total"]\n'
    )
    with pytest.raises(DefinitionError) as info:
        loads_definition(text)
    messages = [p.message for p in info.value.problems]
    assert any("duplicate figure key 'received'" in m for m in messages)
    assert any("duplicate cell 't3/new/applicant.total'" in m for m in messages)


def test_a_figure_needs_cells_and_a_label():
    text = _definition('\n[[figures]]\nkey = "empty"\nlabel = " "\ncells = []\n')
    with pytest.raises(DefinitionError) as info:
        loads_definition(text)
    paths = sorted(p.path for p in info.value.problems)
    assert paths == [
        f"$.figures[{len(list_formats()[-1].figures)}].{f}" for f in ("cells", "label")
    ]


def test_unknown_figure_field_is_reported():
    text = _definition('\n[[figures]]\nkey = "k"\nlabel = "K"\ncells = []\nsum = true\n')
    with pytest.raises(DefinitionError) as info:
        loads_definition(text)
    assert any("'sum' is not a valid key" in p.message for p in info.value.problems)
