"""``python -m disclosure_format.cli``."""

import sys

from . import main

sys.exit(main())
