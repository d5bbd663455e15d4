"""Add up reports of the same format and year into one report, or check a parent's.

The sum goes to stdout or -o OUT as a report file: every number cell is the
exact sum of the inputs (blank only where every input is blank), the
narrative is each input's text under its agency's name (--narrative empty
leaves it out), and the provenance lists the input files.

With --check PARENT, PARENT's own report is compared with the sum of FILES
and every differing cell is printed as a warning (expected = the sum of
FILES, actual = PARENT's value); the sum is then written only with -o.
Exit status 1 when a finding is at least --fail-on (default: warning, since
the check's findings are warnings), 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

from .._converter import unstructure
from ..aggregate import aggregate, check_sum
from ..findings import describe
from ..jsonfile import SCHEMA_VERSION, dumps_report
from ..model import Report
from ._context import Context
from ._failon import add_fail_on_argument, fails
from ._io import read_input, write_output
from ._locale import translator
from ._options import add_output_argument
from ._printable import printable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="the reports to add up")
    add_output_argument(parser, "write the sum to OUT")
    parser.add_argument("--agency", default="", help="the agency of the sum (e.g. 某某市)")
    parser.add_argument(
        "--narrative",
        choices=["concatenate", "empty"],
        default="concatenate",
        help="each input's text under its agency's name (default), or none",
    )
    parser.add_argument(
        "--check",
        metavar="PARENT",
        help="compare PARENT's report with the sum of FILES and print the differing cells",
    )
    parser.add_argument("--json", action="store_true", help="print the --check findings as JSON")
    add_fail_on_argument(parser, default="warning", subject="a --check finding")


def _reports(paths: list[str], ctx: Context) -> Iterator[Report]:
    for path in paths:
        yield read_input(path, ctx.registry)


def _write_sum(args: argparse.Namespace, ctx: Context) -> None:
    """Add the FILES up (streamed: one report in memory at a time) and write the sum."""
    total = aggregate(
        _reports(args.files, ctx),
        agency=args.agency,
        narrative=args.narrative,
        registry=ctx.registry,
    )
    write_output(ctx, dumps_report(total), args.output)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.check is None:
        _write_sum(args, ctx)
        return 0
    parent = read_input(args.check, ctx.registry)
    findings = check_sum(parent, _reports(args.files, ctx), registry=ctx.registry)
    if args.output:
        _write_sum(args, ctx)
    if args.json:
        data = {
            "schema_version": SCHEMA_VERSION,
            "parent": args.check,
            "children": args.files,
            "findings": [unstructure(f) for f in findings],
        }
        ctx.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        tr = translator(args)
        n, cells = len(args.files), len(findings)
        verdict = (
            tr.ngettext("{parent}：等于 {n} 份报告之和", "{parent}：等于 {n} 份报告之和", n)
            if not findings
            else tr.ngettext(
                "{parent}：与 {n} 份报告之和有 {cells} 个单元格不同",
                "{parent}：与 {n} 份报告之和有 {cells} 个单元格不同",
                n,
            )
        )
        ctx.stdout.write(verdict.format(parent=printable(args.check), n=n, cells=cells) + "\n")
        for finding in findings:
            text = describe(finding, locale=tr.locale)
            ctx.stdout.write("  " + text.replace("\n", "\n  ") + "\n")
    return 1 if fails(findings, args.fail_on) else 0
