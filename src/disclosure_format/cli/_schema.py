"""Print the JSON Schema of report files of a format, for systems in other languages."""

from __future__ import annotations

import argparse
import json

from ..schema import report_schema
from ._context import Context
from ._io import write_output
from ._options import add_output_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", metavar="ID", help="format id (see `formats`)")
    add_output_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    schema = report_schema(ctx.registry.get(args.format))
    write_output(ctx, json.dumps(schema, ensure_ascii=False, indent=2) + "\n", args.output)
    return 0
