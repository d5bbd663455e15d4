"""``python -m disclosure_format``: the command line."""

import sys

from .cli import main

sys.exit(main())
