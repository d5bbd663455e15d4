"""The check kinds: one module per kind, dispatched from one place (``_checks``)."""

from __future__ import annotations

from pathlib import Path

import attrs

from disclosure_format import get_format, new_report, validate
from disclosure_format._checks import REPORT_CHECKS, RuleContext, report_findings
from disclosure_format._checks._findings import finding
from disclosure_format._compile import compiled
from disclosure_format.i18n import get_translator
from disclosure_format.spec import Check

_CORE = {Check.EXPR, Check.KIND, Check.BLANK}


def test_every_check_kind_beyond_the_core_has_a_report_check():
    assert set(Check) - _CORE <= set(REPORT_CHECKS)


def test_report_checks_run_in_rule_order_with_their_context(monkeypatch):
    spec = get_format("2021")
    comp = compiled(spec)
    rules = [(i, r) for i, r in enumerate(spec.rules) if r.check is Check.KIND]
    index, rule = rules[0]
    seen: list[RuleContext] = []

    def fake(ctx: RuleContext):
        seen.append(ctx)
        yield finding(ctx.comp, ctx.tr, ctx.rule, ctx.rule_index, message="seen")

    monkeypatch.setitem(REPORT_CHECKS, Check.KIND, fake)
    as_report_check = attrs.evolve(comp, report_checks=((index, rule, (0, 1)),))
    report = new_report(spec, "局", 2022, values=dict.fromkeys(spec.cell_keys, 0))
    tr = get_translator(None)
    found = list(report_findings(as_report_check, tr, report, None, lambda r: True))
    assert [(f.rule, f.message, f.rule_path) for f in found] == [
        (rule.id, "seen", f"rules[{index}]")
    ]
    assert seen[0].report is report
    assert seen[0].indexes == (0, 1)
    assert list(report_findings(as_report_check, tr, report, None, lambda r: False)) == []


def test_built_in_formats_have_no_report_checks_yet_and_validate_as_before():
    for spec in (get_format("2019"), get_format("2021")):
        assert {r.check for r in spec.rules} <= _CORE or compiled(spec).report_checks
    spec = get_format("2021")
    assert validate(new_report(spec, "局", 2022, values=dict.fromkeys(spec.cell_keys, 0))) == []


def test_the_converter_knows_no_domain_file_type():
    """The shared converter imports no module of a file type (the mapping file hooks itself).

    The import cycle converter → mapping → registry → loader → TOML file → converter
    is broken there: nothing the converter imports may import it back.
    """
    import ast

    import disclosure_format._converter as converter_module

    tree = ast.parse(Path(converter_module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported.isdisjoint({"_mapping", "registry", "_loader", "_tomlfile", "migrate"})
