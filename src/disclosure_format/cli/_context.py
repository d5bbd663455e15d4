"""What every command gets: output streams and the format registry to use."""

from __future__ import annotations

import functools
from typing import TextIO

import attrs

from ..errors import DisclosureFormatError
from ..registry import FormatRegistry, default_registry

__all__ = ["Context", "UsageError"]


class UsageError(DisclosureFormatError):
    """The command line itself is wrong (exit status 2)."""


@attrs.define
class Context:
    stdout: TextIO
    stderr: TextIO
    formats_dirs: tuple[str, ...] = ()

    @functools.cached_property
    def registry(self) -> FormatRegistry:
        """The default registry, or one that also reads ``--formats-dir`` directories."""
        if not self.formats_dirs:
            return default_registry()
        return FormatRegistry(self.formats_dirs)
