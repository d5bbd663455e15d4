"""Check reports against the rules of their format and print the findings.

Exit status 0 when no report has a finding at or above --fail-on (default:
error; warnings and notices are printed but allowed), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .. import _words
from .._converter import unstructure
from ..findings import Finding, describe
from ..i18n import Translator
from ..jsonfile import SCHEMA_VERSION
from ..model import Report
from ..validation import validate
from ._context import Context
from ._failon import add_fail_on_argument, fails
from ._io import read_input
from ._locale import translator
from ._options import add_rule_arguments, add_verbose_argument, check_rule_ids, rule_ids
from ._printable import printable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="report files (- for stdin)")
    parser.add_argument(
        "--previous", metavar="FILE", help="the previous year's report, to run the cross-year rules"
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    add_verbose_argument(parser)
    add_rule_arguments(parser)
    add_fail_on_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    tr = translator(args)
    notes = {"notes": ctx.stderr, "tr": tr, "verbose": args.verbose}
    previous = read_input(args.previous, ctx.registry, **notes) if args.previous else None
    results: list[tuple[str, Report, list[Finding]]] = []
    for path in args.files:
        report = read_input(path, ctx.registry, **notes)
        spec = ctx.registry.get(report.format)
        check_rule_ids(args, [spec])
        previous_spec = ctx.registry.get(previous.format) if previous else None
        findings = validate(
            report,
            previous,
            spec=spec,
            previous_spec=previous_spec,
            select=rule_ids(args.select),
            ignore=rule_ids(args.ignore) or (),
            locale=tr.locale,
        )
        results.append((path, report, findings))
    failed = fails((f for _, _, fs in results for f in fs), args.fail_on)
    if args.json:
        ctx.stdout.write(json.dumps(_as_json(results), ensure_ascii=False, indent=2) + "\n")
    else:
        for path, report, findings in results:
            ctx.stdout.write(_as_text(path, report, findings, tr))
    return 1 if failed else 0


def _counts(findings: Sequence[Finding]) -> Counter[str]:
    return Counter(f.severity.value for f in findings)


def _as_text(path: str, report: Report, findings: list[Finding], tr: Translator) -> str:
    counts = _counts(findings)
    verdict = tr.gettext("不合格") if counts["error"] else tr.gettext("合格")
    headline = tr.gettext("{file}：{agency} {year}（格式 {format}）：{verdict} — {summary}")
    lines = [
        headline.format(
            file=printable(path),
            agency=printable(report.agency) or _words.no_agency(tr),
            year=report.year,
            format=report.format,
            verdict=verdict,
            summary=_words.counts(counts["error"], counts["warning"], counts["notice"], tr),
        )
    ]
    for finding in findings:
        lines.append("  " + describe(finding, locale=tr.locale).replace("\n", "\n  "))
    return "\n".join(lines) + "\n"


def _as_json(results: list[tuple[str, Report, list[Finding]]]) -> dict[str, Any]:
    reports = []
    for path, report, findings in results:
        counts = _counts(findings)
        reports.append(
            {
                "file": path,
                "format": report.format,
                "agency": report.agency,
                "year": report.year,
                "valid": counts["error"] == 0,
                "errors": counts["error"],
                "warnings": counts["warning"],
                "notices": counts["notice"],
                "findings": [unstructure(f) for f in findings],
            }
        )
    return {"schema_version": SCHEMA_VERSION, "reports": reports}
