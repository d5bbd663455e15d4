"""Show what changed between two format versions, computed from their definitions.

Sections, tables, blocks, rows and columns added, removed, relabelled (same
key, new official label), re-typed (kind or unit) or regrouped; rules added,
removed or changed (expression, severity, wording); and the cells gained and
lost.  Exit status 0.
"""

from __future__ import annotations

import argparse
import json

from .._converter import unstructure
from ..diff import diff_formats, diff_text
from ..jsonfile import SCHEMA_VERSION
from ._context import Context
from ._io import write_output
from ._options import add_output_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the older format id (e.g. 2019)")
    parser.add_argument("new", metavar="NEW", help="the newer format id (e.g. 2021)")
    parser.add_argument("--json", action="store_true", help="print the differences as JSON")
    add_output_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    diff = diff_formats(args.old, args.new, registry=ctx.registry)
    if args.json:
        text = json.dumps(
            {"schema_version": SCHEMA_VERSION, **unstructure(diff)}, ensure_ascii=False, indent=2
        )
        write_output(ctx, text + "\n", args.output)
    else:
        write_output(ctx, diff_text(diff, locale=args.locale), args.output)
    return 0
