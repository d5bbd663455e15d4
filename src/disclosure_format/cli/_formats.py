"""List the known format versions: id, title, issuing notice, report years."""

from __future__ import annotations

import argparse
import json

from .. import _words
from ._context import Context
from ._locale import translator


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace, ctx: Context) -> int:
    specs = list(ctx.registry)
    if args.json:
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "notice": s.notice,
                "issued": s.issued.isoformat() if s.issued else None,
                "years": {"first": s.years.first, "last": s.years.last},
                "supersedes": s.supersedes,
                "source": s.source,
            }
            for s in specs
        ]
        ctx.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    tr = translator(args)
    for s in specs:
        identity = _words.format_identity(s, tr)
        ctx.stdout.write(f"{s.id}  {tr.label(s.title)}\n      {identity}\n")
    return 0
