"""Version mapping files: loaded, checked against both definitions, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_format import DefinitionError, get_format
from disclosure_format._mapping import load_mapping
from disclosure_format.registry import builtin_formats_dir

MAPPING = builtin_formats_dir() / "migrations" / "2019-2021.toml"
OLD, NEW = get_format("2019"), get_format("2021")


def test_the_builtin_mapping_is_found_and_accounts_for_every_cell():
    mapping = load_mapping(MAPPING)
    assert (mapping.old, mapping.new) == ("2019", "2021")
    moved = {k for sources, reason in mapping.sources.values() if reason for k in sources}
    carried = {k for k, (sources, reason) in mapping.sources.items() if reason is None}
    assert moved | carried | set(mapping.not_carried) == set(OLD.cell_keys)
    assert not moved & carried
    assert not moved & set(mapping.not_carried)
    assert set(mapping.sources) | set(mapping.left_blank) == set(NEW.cell_keys)


# ---------------------------------------------------------------- broken mapping files

BASE = MAPPING.read_text(encoding="utf-8")


def _load(tmp_path: Path, text: str, name: str = "2019-2021.toml"):
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return load_mapping(file)


def _problems(tmp_path, text, name="2019-2021.toml"):
    with pytest.raises(DefinitionError) as info:
        _load(tmp_path, text, name)
    return info.value.problems


def test_the_mapping_loads(tmp_path):
    assert _load(tmp_path, BASE) == load_mapping(MAPPING)


def test_a_cell_with_no_fate_is_an_error(tmp_path):
    text = BASE.replace('cells = ["t2/procurement/*"]', 'cells = ["t2/procurement/projects"]')
    (problem,) = _problems(tmp_path, text)
    assert problem.path == "$"
    assert (
        "cell t2/procurement/amount of format 2019 has no place in format 2021" in problem.message
    )


def test_a_new_cell_with_no_value_is_an_error(tmp_path):
    text = BASE.replace('cells = ["t2/fees/amount"]', 'cells = ["t2/fees/*"]').replace(
        '"t2/*/issued", ', ""
    )
    problems = _problems(tmp_path, text)
    assert {p.message for p in problems} == {
        "cell t2/regulations/issued of format 2021 gets no value: add it to a [[moves]] or "
        "[[left_blank]] entry",
        "cell t2/normative_documents/issued of format 2021 gets no value: add it to a "
        "[[moves]] or [[left_blank]] entry",
    }


def test_a_pattern_matching_nothing_is_located(tmp_path):
    text = BASE.replace('"t2/procurement/*"', '"t2/procurment/*"')
    problems = _problems(tmp_path, text)
    first = problems[0]
    assert first.path == "$.not_carried[3].cells[0]"
    assert "t2/procurment/* matches no cell of format 2019" in first.message
    assert BASE.splitlines()[first.line - 1].startswith("cells = ")


def test_a_cell_claimed_twice_is_an_error(tmp_path):
    text = BASE.replace('cells = ["t2/procurement/*"]', 'cells = ["t2/procurement/*", "t2/*/made"]')
    problems = _problems(tmp_path, text)
    assert [p.path for p in problems] == ["$.not_carried[3].cells[1]"] * 2
    assert "t2/regulations/made is already accounted for by $.not_carried[0].cells[0]" in (
        problems[0].message
    )


def test_a_move_to_an_unknown_cell_and_bad_patterns(tmp_path):
    text = BASE.replace('to = "t3/results.other.other/*"', 'to = "t3/results.other.misc/*"')
    problems = _problems(tmp_path, text)
    assert problems[0].path == "$.moves[0].to"
    assert "t3/results.other.misc/applicant.natural_person is not a cell of format 2021" in (
        problems[0].message
    )
    text = BASE.replace('to = "t3/results.other.other/*"', 'to = "t3/results.other.other"')
    assert _problems(tmp_path, text)[0].message.startswith("a cell pattern is <table>/<row>")
    text = BASE.replace('to = "t3/results.other.other/*"', 'to = "*/results.other.other/*"')
    assert "same places" in _problems(tmp_path, text)[0].message


def test_structure_errors_name_the_key(tmp_path):
    problems = _problems(tmp_path, BASE.replace("[[not_carried]]", "[[not_carry]]", 1))
    assert any("'not_carry' is not a valid key" in p.message for p in problems)
    problems = _problems(tmp_path, BASE.replace('reason = "2021 格式删去', "reason = 5 #", 1))
    assert problems[0].path == "$.not_carried[3].reason"
    problems = _problems(tmp_path, BASE.replace('from = "2019"', 'from = "2018"'))
    assert problems[0].path == "$.from"
    assert "unknown format '2018'" in problems[0].message
    problems = _problems(tmp_path, BASE, name="2019-2022.toml")
    assert "is named 2019-2021" in problems[0].message
    problems = _problems(tmp_path, BASE.replace("[[moves]]", "[[moves]", 1))
    assert "TOML syntax error" in problems[0].message
    problems = _problems(tmp_path, BASE.replace('reason = "2021 格式删去', 'reason = " " #', 1))
    assert problems[0].path == "$.not_carried[3].reason"
    assert problems[0].message == "must not be empty"


def test_registry_directories_are_where_mappings_are_looked_up(tmp_path):
    from disclosure_format import FormatRegistry

    registry = FormatRegistry([tmp_path], entry_points=False, environment=False)
    assert registry.directories() == (tmp_path.resolve(), builtin_formats_dir().resolve())
    assert FormatRegistry(builtins=False, environment=False).directories() == ()


def test_deeply_nested_toml_is_a_definition_error(tmp_path):
    text = 'from = "2019"\nto = "2021"\nx = ' + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(DefinitionError, match="nested too deeply"):
        _load(tmp_path, text)
