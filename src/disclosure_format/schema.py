"""The JSON Schema of report files, generated per format version.

Systems written in other languages produce and check report files with it.
It is derived from the definition like everything else: one property per
cell, typed by the cell's kind and described by its official labels, so a
new format version gets its schema with no code change.
"""

from __future__ import annotations

from typing import Any

from .jsonfile import SCHEMA_VERSION
from .spec import CellKind, FormatSpec

__all__ = ["report_schema"]

_DECIMAL_PATTERN = r"^[0-9]+(\.[0-9]+)?$"


def _cell_schema(kind: CellKind) -> dict[str, Any]:
    if kind is CellKind.COUNT:
        return {"type": ["integer", "null"], "minimum": 0}
    if kind is CellKind.SIGNED:
        return {"type": ["integer", "null"]}
    if kind is CellKind.AMOUNT:
        return {
            "oneOf": [
                {"type": "string", "pattern": _DECIMAL_PATTERN},
                {"type": "number", "minimum": 0},
                {"type": "null"},
            ]
        }
    return {"type": ["string", "null"]}


def report_schema(spec: FormatSpec) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report file in format ``spec``.

    Amounts are strings holding an exact decimal (JSON numbers are accepted
    too, but most JSON parsers read them as binary floats).  Cells left out
    of ``values`` are blank.  The schema checks types only; the arithmetic
    rules are checked by ``disclosure-format validate``.
    """
    values: dict[str, Any] = {}
    for cell in spec.cells:
        schema = _cell_schema(cell.kind)
        description = cell.label + (f"（单位：{cell.unit}）" if cell.unit else "")
        values[cell.key] = {"description": description, **schema}
    year: dict[str, Any] = {"type": "integer", "minimum": spec.years.first}
    if spec.years.last is not None:
        year["maximum"] = spec.years.last
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:disclosure-format:report:{spec.id}:v{SCHEMA_VERSION}",
        "title": f"{spec.title} ({spec.notice}) report file",
        "description": (
            f"One 政府信息公开工作年度报告 in format {spec.id}, report file version "
            f"{SCHEMA_VERSION}. Cell keys are <table>/<row>/<column>; null is a blank cell."
        ),
        "type": "object",
        "required": ["format", "agency", "year"],
        "additionalProperties": False,
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "format": {"const": spec.id},
            "agency": {"type": "string", "description": "The reporting agency (报告主体)."},
            "year": year,
            "published": {"type": ["string", "null"], "format": "date"},
            "narrative": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    s.key: {"type": "string", "description": s.title} for s in spec.sections
                },
            },
            "values": {"type": "object", "additionalProperties": False, "properties": values},
            "provenance": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "source": {"type": ["string", "null"]},
                    "reader": {"type": ["string", "null"]},
                    "inputs": {"type": "array", "items": {"type": "string"}},
                    "note": {"type": ["string", "null"]},
                    "missing": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Cell keys a reader did not find on the page.",
                    },
                },
            },
        },
    }
