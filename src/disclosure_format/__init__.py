"""disclosure-format: the 政府信息公开工作年度报告 as data.

Format definitions (``formats/*.toml``) describe each version of the official
report format: sections, tables as label trees, and the arithmetic rules that
bind them.  This package loads them, models reports with exact values,
validates reports against their rules, and reads and writes report files.

>>> from disclosure_format import get_format, new_report, validate
>>> spec = get_format("2021")
>>> report = new_report(spec, "某某局", 2023, values={k: 0 for k in spec.cell_keys})
>>> [f.rule for f in validate(report)]
[]
"""

import importlib
import sys
import types

from ._version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy knows the idiom)
if TYPE_CHECKING:
    from typing import Any

    from ._loader import load_definition, loads_definition
    from ._published import read_published
    from .adapters import (
        Adapter,
        adapters,
        detect,
        get_adapter,
        read,
        read_many,
        register_adapter,
        render,
    )
    from .aggregate import aggregate, check_sum
    from .batch import BatchResult, batch
    from .diff import Change, FormatDiff, diff_formats
    from .errors import (
        AdapterNotFoundError,
        AdapterOptionError,
        DefinitionError,
        DisclosureFormatError,
        EngineError,
        FormatNotFoundError,
        InputTooLargeError,
        MissingDependencyError,
        Problem,
        ReportError,
        ValidationFailed,
    )
    from .findings import CellRef, Finding, Passage, best_finding, relevance
    from .jsonfile import (
        SCHEMA_VERSION,
        dump_report,
        dumps_report,
        load_report,
        loads_report,
        report_from_dict,
        report_to_dict,
    )
    from .migrate import Migration, migrate
    from .model import Number, Provenance, Report, Value
    from .reading import Reading, ReadNote
    from .registry import (
        FormatRegistry,
        default_registry,
        format_for_year,
        get_format,
        list_formats,
    )
    from .reports import complete, new_report
    from .schema import report_schema
    from .series import Series, series
    from .spec import (
        Basis,
        Block,
        CellKind,
        CellSpec,
        Check,
        Each,
        Figure,
        FormatSpec,
        Node,
        Rule,
        Section,
        Severity,
        Statement,
        Table,
        YearRange,
    )
    from .validation import check, is_valid, iter_findings, validate, validate_many

del TYPE_CHECKING

# Every name is imported on first use (PEP 562): ``import disclosure_format``
# (which any submodule import runs first, the command line's included) then
# costs next to nothing, and a program pays only for what it uses — the
# command line's ``formats`` does not import validation, the adapters or the
# published-report reader.
_EXPORTS: dict[str, str] = {
    "load_definition": "._loader",
    "loads_definition": "._loader",
    "read_published": "._published",
    "Adapter": ".adapters",
    "adapters": ".adapters",
    "detect": ".adapters",
    "get_adapter": ".adapters",
    "read": ".adapters",
    "read_many": ".adapters",
    "register_adapter": ".adapters",
    "render": ".adapters",
    "aggregate": ".aggregate",
    "check_sum": ".aggregate",
    "BatchResult": ".batch",
    "batch": ".batch",
    "Change": ".diff",
    "FormatDiff": ".diff",
    "diff_formats": ".diff",
    "AdapterNotFoundError": ".errors",
    "AdapterOptionError": ".errors",
    "DefinitionError": ".errors",
    "DisclosureFormatError": ".errors",
    "EngineError": ".errors",
    "FormatNotFoundError": ".errors",
    "InputTooLargeError": ".errors",
    "MissingDependencyError": ".errors",
    "Problem": ".errors",
    "ReportError": ".errors",
    "ValidationFailed": ".errors",
    "CellRef": ".findings",
    "Finding": ".findings",
    "Passage": ".findings",
    "best_finding": ".findings",
    "relevance": ".findings",
    "SCHEMA_VERSION": ".jsonfile",
    "dump_report": ".jsonfile",
    "dumps_report": ".jsonfile",
    "load_report": ".jsonfile",
    "loads_report": ".jsonfile",
    "report_from_dict": ".jsonfile",
    "report_to_dict": ".jsonfile",
    "Migration": ".migrate",
    "migrate": ".migrate",
    "Number": ".model",
    "Provenance": ".model",
    "Report": ".model",
    "Value": ".model",
    "ReadNote": ".reading",
    "Reading": ".reading",
    "FormatRegistry": ".registry",
    "default_registry": ".registry",
    "format_for_year": ".registry",
    "get_format": ".registry",
    "list_formats": ".registry",
    "complete": ".reports",
    "new_report": ".reports",
    "report_schema": ".schema",
    "Series": ".series",
    "series": ".series",
    "Basis": ".spec",
    "Block": ".spec",
    "CellKind": ".spec",
    "CellSpec": ".spec",
    "Check": ".spec",
    "Each": ".spec",
    "Figure": ".spec",
    "FormatSpec": ".spec",
    "Node": ".spec",
    "Rule": ".spec",
    "Section": ".spec",
    "Severity": ".spec",
    "Statement": ".spec",
    "Table": ".spec",
    "YearRange": ".spec",
    "check": ".validation",
    "is_valid": ".validation",
    "iter_findings": ".validation",
    "validate": ".validation",
    "validate_many": ".validation",
}


class _Package(types.ModuleType):
    """The package module: a function keeps its name when its module is imported.

    ``batch``, ``migrate``, ``aggregate``, ``series`` and ``adapters`` are
    both functions exported here and submodules; importing the submodule
    (``from disclosure_format.batch import iter_files``) makes the import
    system set the package attribute to the module, which would hide the
    function.  The attribute is set to the function instead, as the eager
    ``from .batch import batch`` this replaces did.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == f".{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> "Any":
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "SCHEMA_VERSION",
    "Adapter",
    "AdapterNotFoundError",
    "AdapterOptionError",
    "Basis",
    "BatchResult",
    "Block",
    "CellKind",
    "CellRef",
    "CellSpec",
    "Change",
    "Check",
    "DefinitionError",
    "DisclosureFormatError",
    "Each",
    "EngineError",
    "Figure",
    "Finding",
    "FormatDiff",
    "FormatNotFoundError",
    "FormatRegistry",
    "FormatSpec",
    "InputTooLargeError",
    "Migration",
    "MissingDependencyError",
    "Node",
    "Number",
    "Passage",
    "Problem",
    "Provenance",
    "ReadNote",
    "Reading",
    "Report",
    "ReportError",
    "Rule",
    "Section",
    "Series",
    "Severity",
    "Statement",
    "Table",
    "ValidationFailed",
    "Value",
    "YearRange",
    "__version__",
    "adapters",
    "aggregate",
    "batch",
    "best_finding",
    "check",
    "check_sum",
    "complete",
    "default_registry",
    "detect",
    "diff_formats",
    "dump_report",
    "dumps_report",
    "format_for_year",
    "get_adapter",
    "get_format",
    "is_valid",
    "iter_findings",
    "list_formats",
    "load_definition",
    "load_report",
    "loads_definition",
    "loads_report",
    "migrate",
    "new_report",
    "read",
    "read_many",
    "read_published",
    "register_adapter",
    "relevance",
    "render",
    "report_from_dict",
    "report_schema",
    "report_to_dict",
    "series",
    "validate",
    "validate_many",
]
