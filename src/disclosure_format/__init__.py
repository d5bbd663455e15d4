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

import typing

from ._loader import load_definition, loads_definition
from ._version import __version__
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
from .findings import CellRef, Finding, best_finding, relevance
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
    Table,
    YearRange,
)
from .validation import check, is_valid, iter_findings, validate, validate_many

if typing.TYPE_CHECKING:
    from ._published import read_published
    from .diff import Change, FormatDiff, diff_formats

# Imported on first use (PEP 562): the published-report reader brings the HTML
# extraction layer and the label matcher (about as much import time as the
# rest of the package), the version diff its own classes; a program that only
# validates or renders report files should not pay for them.  (Names that are
# also module names — batch, migrate… — cannot be lazy: importing the module
# would replace the function on the package.)
_LAZY = {
    "read_published": "._published",
    "Change": ".diff",
    "FormatDiff": ".diff",
    "diff_formats": ".diff",
}


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
