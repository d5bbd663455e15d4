"""Finding formats: built-ins, extra directories, the environment, entry points."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from disclosure_format import (
    DefinitionError,
    FormatNotFoundError,
    FormatRegistry,
    format_for_year,
    get_format,
    is_valid,
    validate,
)
from disclosure_format.registry import ENTRY_POINT_GROUP, ENV_VAR, builtin_formats_dir
from disclosure_format.testing import broken_reports, reports

TEST_FORMATS = Path(__file__).parent / "formats"


def test_pick_by_id_and_by_year():
    assert get_format("2021").id == "2021"
    assert format_for_year(2019).id == "2019"
    assert format_for_year(2020).id == "2019"
    assert format_for_year(2021).id == "2021"
    assert format_for_year(2035).id == "2021"


def test_unknown_id_and_year_are_typed_errors():
    with pytest.raises(
        FormatNotFoundError, match=r"unknown format '2022'.*known formats: 2019, 2021"
    ):
        get_format("2022")
    with pytest.raises(FormatNotFoundError, match="no format governs reports for 2018"):
        format_for_year(2018)


def test_definitions_are_loaded_once_and_cached():
    registry = FormatRegistry(environment=False, entry_points=False)
    assert registry.get("2021") is registry.get("2021")


def test_third_format_discovered_from_a_directory():
    registry = FormatRegistry([TEST_FORMATS])
    assert registry.ids() == ["2019", "2021", "2090"]
    spec = registry.for_year(2090)
    assert spec.id == "2090"
    assert registry.for_year(2089).id == "2021"  # 2090 supersedes the open-ended 2021
    assert spec.cell("t3/new/applicant.legal_subtotal").column_label == (
        "申请人情况/法人或其他组织小计"
    )
    assert "X1" in [r.id for r in spec.rules]


@settings(max_examples=25)
@given(data=__import__("hypothesis").strategies.data())
def test_third_format_validates_end_to_end(data):
    spec = FormatRegistry([TEST_FORMATS]).get("2090")
    report = data.draw(reports(spec))
    assert is_valid(report, spec=spec)
    broken = data.draw(broken_reports(spec, "X1"))
    findings = validate(broken.report, spec=spec)
    assert any(f.rule == "X1" and broken.cell in {c.key for c in f.cells} for f in findings)


def test_environment_variable(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(TEST_FORMATS))
    assert "2090" in FormatRegistry()
    assert "2090" not in FormatRegistry(environment=False)


def test_entry_point_group(monkeypatch, tmp_path):
    module = tmp_path / "df_plugin_formats.py"
    module.write_text(f"FORMATS = {str(TEST_FORMATS)!r}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = importlib.metadata.EntryPoint(
        name="made-up", value="df_plugin_formats:FORMATS", group=ENTRY_POINT_GROUP
    )
    real = importlib.metadata.entry_points

    def fake(**kwargs):
        if kwargs.get("group") == ENTRY_POINT_GROUP:
            return importlib.metadata.EntryPoints([entry])
        return real(**kwargs)

    monkeypatch.setattr(importlib.metadata, "entry_points", fake)
    assert "2090" in FormatRegistry(environment=False)
    sys.modules.pop("df_plugin_formats", None)


def test_broken_entry_point_is_named(monkeypatch):
    entry = importlib.metadata.EntryPoint(
        name="broken", value="no_such_module_xyz:FORMATS", group=ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda **kw: importlib.metadata.EntryPoints([entry])
    )
    registry = FormatRegistry(environment=False)
    assert registry.get("2021").id == "2021"  # found locally: plug-ins not scanned yet
    with pytest.raises(DefinitionError, match="entry point broken = no_such_module_xyz"):
        registry.ids()


def test_duplicate_ids_are_an_error(tmp_path):
    shutil.copy(builtin_formats_dir() / "2021.toml", tmp_path / "2021.toml")
    with pytest.raises(DefinitionError, match="format '2021' is also defined in"):
        FormatRegistry([tmp_path])


def test_overlapping_years_are_an_error(tmp_path):
    text = (TEST_FORMATS / "2090.toml").read_text(encoding="utf-8")
    (tmp_path / "2091.toml").write_text(
        text.replace('id = "2090"', 'id = "2091"')
        .replace("first = 2090", "first = 2025")
        .replace('supersedes = "2021"\n', ""),
        encoding="utf-8",
    )
    registry = FormatRegistry([tmp_path])
    assert registry.for_year(2024).id == "2021"
    with pytest.raises(DefinitionError, match="overlap format 2021"):
        registry.for_year(2025)


def test_missing_directory_is_an_error(tmp_path):
    with pytest.raises(DefinitionError, match="no such file or directory"):
        FormatRegistry([tmp_path / "nope"])


def test_a_broken_file_fails_when_its_format_is_loaded(tmp_path):
    (tmp_path / "2095.toml").write_text('id = "2095"\n', encoding="utf-8")
    registry = FormatRegistry([tmp_path])
    assert "2095" in registry
    with pytest.raises(DefinitionError, match=r"2095.toml: \$.title: required field missing"):
        registry.get("2095")
