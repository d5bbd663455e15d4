"""The exceptions this library raises, and only these.

Every failure a caller can provoke with bad input is one of these types, and
each names the place of the problem: the file, the line where one is known,
the key path inside a definition or report file (``$.tables[1].rows``), or the
table, row and column of a cell.  Callers catch :class:`DisclosureFormatError`
to handle all of them; the command-line interface turns them into a one-line
message and exit status 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "AdapterNotFoundError",
    "AdapterOptionError",
    "DefinitionError",
    "DisclosureFormatError",
    "EngineError",
    "FormatNotFoundError",
    "InputTooLargeError",
    "MissingDependencyError",
    "Problem",
    "ReportError",
    "UnknownLocaleError",
    "ValidationFailed",
    "ValueParseError",
]


@attrs.frozen
class Problem:
    """One thing wrong at one place of an input file.

    ``path`` is a JSON-path-like key path (``$.rules[3].expr``), ``line`` the
    1-based line in the file when it could be determined.
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"line {self.line}: {self.path}"
        return f"{where}: {self.message}"


class DisclosureFormatError(Exception):
    """Base class of every error raised by ``disclosure_format``."""


class _FileProblems(DisclosureFormatError):
    """An input file with one or more located problems.

    ``str()`` prints one problem per line, each prefixed with the file, in the
    style of compilers (``formats/2021.toml:42: $.rules[3].expr: ...``) so that
    editors can jump to the place.
    """

    def __init__(self, file: str | None, problems: Iterable[Problem]) -> None:
        self.file = file
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(self._line(p) for p in self.problems)

    def _line(self, problem: Problem) -> str:
        prefix = self.file or "<input>"
        if problem.line is not None:
            prefix = f"{prefix}:{problem.line}"
        return f"{prefix}: {problem.path}: {problem.message}"

    @property
    def first_line(self) -> str:
        """The first problem, for one-line messages (the CLI headline)."""
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        return self._line(self.problems[0]) + suffix


class DefinitionError(_FileProblems):
    """A format definition file is broken.

    Raised at load time, before anything uses the definition: a syntax error,
    a missing or misspelled field, a duplicate key, a label tree that does not
    parse, a rule that names an unknown or non-numeric cell, and so on.
    """


class ReportError(_FileProblems):
    """A report file (or report data) cannot be turned into a report.

    Raised for structurally unusable input: not JSON, a missing field, an
    unknown format id, a cell key the format does not have.  Values of the
    wrong kind (a negative count, text in a number cell) are *not* errors here:
    they are kept and reported by validation, which names the cell.
    """


class InputTooLargeError(ReportError):
    """An input is larger than the size limit, so it was not parsed at all.

    The limit (``max_bytes=`` of the reading functions, the CLI's
    ``--max-bytes``, default :data:`disclosure_format.limits.MAX_BYTES`) is
    checked before any parsing, so a huge or endless input costs no more than
    reading the limit's worth of bytes.  ``size`` is the input's size in bytes
    (a lower bound when the input is a stream that was not read to its end),
    ``limit`` the limit that applied.
    """

    HINT = "raise it with max_bytes= or the command line's --max-bytes"
    """How the message says to raise the limit; the command line says its option alone."""

    def __init__(self, file: str | None, size: int, limit: int, *, at_least: bool = False) -> None:
        self.size = size
        self.limit = limit
        amount = f"{'more than ' if at_least else ''}{size:,} bytes"
        super().__init__(
            file,
            [
                Problem(
                    "$",
                    f"the input is {amount}, over the limit of {limit:,} bytes ({self.HINT})",
                )
            ],
        )


class FormatNotFoundError(DisclosureFormatError, LookupError):
    """No format definition has the requested id, or governs the requested year."""

    def __init__(self, message: str, *, available: Sequence[str] = ()) -> None:
        self.available = tuple(available)
        super().__init__(message)


class ValidationFailed(DisclosureFormatError):
    """Raised by :func:`disclosure_format.check` when a report has an error finding.

    ``finding`` is the most relevant finding; ``findings`` all of them.
    """

    def __init__(self, finding: object, findings: Sequence[object]) -> None:
        self.finding = finding
        self.findings = tuple(findings)
        super().__init__(str(finding))


class UnknownLocaleError(DisclosureFormatError, LookupError):
    """A locale was asked for that the library ships no translations for.

    ``available`` lists the supported locale names, so the message (and a
    caller) can offer them.
    """

    def __init__(self, requested: str, available: Sequence[str]) -> None:
        self.requested = requested
        self.available = tuple(available)
        super().__init__(
            f"unknown locale {requested!r}: supported locales are {', '.join(self.available)}"
        )


class ValueParseError(DisclosureFormatError, ValueError):
    """Text is not a number (or date) as the given locale writes it.

    ``text`` is the input exactly as given, ``kind`` what it was read as
    (``count``, ``signed``, ``amount`` or ``date``), ``locale`` the locale.
    Readers catch it to keep the text as it is and flag the cell.
    """

    def __init__(self, text: str, kind: str, locale: str, reason: str) -> None:
        self.text = text
        self.kind = kind
        self.locale = locale
        self.reason = reason
        super().__init__(f"{text!r} is not a valid {kind} in locale {locale}: {reason}")


class AdapterNotFoundError(DisclosureFormatError, LookupError):
    """No adapter (output/input format such as ``html``, ``csv``) has the requested name.

    ``available`` lists the names that exist, so a caller can offer them.
    """

    def __init__(self, message: str, *, available: Sequence[str] = ()) -> None:
        self.available = tuple(available)
        super().__init__(message)


class AdapterOptionError(DisclosureFormatError, TypeError):
    """An option was passed to an adapter whose ``render`` does not take it.

    ``render(report, "text", bom=True)``: the message names the adapter, the
    option and the options it does take (``accepted``).
    """

    def __init__(self, message: str, *, accepted: Sequence[str] = ()) -> None:
        self.accepted = tuple(accepted)
        super().__init__(message)


class EngineError(DisclosureFormatError):
    """A batch engine could not run: the Dask scheduler named cannot be reached, say.

    The message names the engine and the address; the batch wrote nothing.
    """


class MissingDependencyError(DisclosureFormatError, ImportError):
    """An optional dependency an adapter needs is not installed.

    The message names the package and the pip extra that brings it in
    (``pip install 'disclosure-format[xlsx]'``); ``extra`` holds the extra's name.
    """

    def __init__(self, message: str, *, extra: str) -> None:
        self.extra = extra
        super().__init__(message)
