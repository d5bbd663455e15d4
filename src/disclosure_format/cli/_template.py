"""Write an empty report file of a format, every cell blank, to fill in."""

from __future__ import annotations

import argparse

from ..jsonfile import dumps_report
from ..reports import new_report
from ._context import Context
from ._io import write_output
from ._options import add_output_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", metavar="ID", help="format id (see `formats`)")
    parser.add_argument("--agency", default="", help="the reporting agency")
    parser.add_argument("--year", type=int, help="report year (default: the format's first year)")
    add_output_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    spec = ctx.registry.get(args.format)
    report = new_report(spec, args.agency, args.year)
    write_output(ctx, dumps_report(report), args.output)
    return 0
