"""Localisation: the report's labels and the library's messages in zh_Hans, zh_Hant and en.

The official Chinese is the source text.  Every label, caption, title and
rule text lives once, in ``formats/*.toml``, and is its own gettext message
id; the library's own messages are Chinese source strings in the code.
Translations come from gettext catalogs shipped in the package
(``disclosure_format/locale/<locale>/LC_MESSAGES/disclosure_format.po``),
managed with babel's tooling (see :mod:`disclosure_format.catalogs`).

The ``.po`` files are read directly with babel, once per locale, on first
use, behind a lock — like babel's own locale data — rather than compiled to
``.mo`` at build time: a source checkout, an editable install and a wheel
then read the same file, there is no build step to forget and no stale
binary, and parsing a catalog of a few hundred messages costs milliseconds
(see ``benchmarks/bench_i18n.py``).

A message without a translation (a new label, a fuzzy entry, a format loaded
from elsewhere) is shown in the official Chinese, never as a key.

Tree labels, block captions, corners and units are looked up with the id of
their table as gettext context, because one short Chinese label (``其他``,
``总计``) can need different translations in different tables; every other
text has no context.

>>> from datetime import date
>>> from decimal import Decimal
>>> tr = get_translator("en")
>>> tr.label("行政复议", "t4")
'Administrative reconsideration'
>>> format_value(Decimal("24252.311082"), "amount", "en")
'24,252.311082'
>>> format_date(date(2024, 1, 10), "zh_Hans")
'2024年1月10日'
"""

from __future__ import annotations

import functools
import gettext as _gettext
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UnknownLocaleError
from .model import Number, Value
from .spec import CellKind, CellSpec, Node

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAIN",
    "SUPPORTED_LOCALES",
    "Translator",
    "format_date",
    "format_number",
    "format_value",
    "get_translator",
    "locale_dir",
    "parse_date",
    "parse_value",
    "resolve_locale",
]

SUPPORTED_LOCALES: tuple[str, ...] = ("zh_Hans", "zh_Hant", "en")
"""The locales the library ships; the first is the source (the official text)."""

DEFAULT_LOCALE = "zh_Hans"
"""The official text of the formats, and the locale used when none is given."""

DOMAIN = "disclosure_format"
"""The gettext domain: the catalogs are ``<locale>/LC_MESSAGES/disclosure_format.po``."""


def locale_dir() -> Path:
    """The directory holding the catalog template and one catalog directory per locale."""
    return Path(__file__).resolve().parent / "locale"


def resolve_locale(name: str | None) -> str:
    """The supported locale ``name`` asks for: ``zh-CN`` → ``zh_Hans``, ``en_US`` → ``en``.

    None means :data:`DEFAULT_LOCALE`.  Raises
    :class:`~disclosure_format.errors.UnknownLocaleError` (listing the
    supported locales) for anything else.
    """
    if name is None:
        return DEFAULT_LOCALE
    wanted = name.strip().replace("-", "_")
    for supported in SUPPORTED_LOCALES:
        if wanted.casefold() == supported.casefold():
            return supported
    from babel import Locale  # babel is imported when a locale is first resolved or formatted
    from babel import UnknownLocaleError as _BabelUnknownLocale
    from babel.core import get_global

    try:
        locale = Locale.parse(wanted)
    except (ValueError, TypeError, _BabelUnknownLocale):
        raise UnknownLocaleError(name, SUPPORTED_LOCALES) from None
    script = locale.script
    if locale.language == "zh" and script is None:
        likely = get_global("likely_subtags").get(str(locale), "zh_Hans")
        script = Locale.parse(likely).script
    candidate = f"{locale.language}_{script}" if locale.language == "zh" else locale.language
    if candidate in SUPPORTED_LOCALES:
        return candidate
    raise UnknownLocaleError(name, SUPPORTED_LOCALES)


_Key = tuple[str | None, str]


class Translator:
    """The texts of one locale: gettext lookups plus babel number and date formats.

    Get one with :func:`get_translator`; instances are immutable and shared.
    ``identity`` is true for the source locale, where every lookup returns
    its message unchanged (and costs nothing).
    """

    def __init__(
        self,
        locale: str,
        messages: Mapping[_Key, str | tuple[str, ...]],
        plural: Callable[[int], int],
    ) -> None:
        self.locale = locale
        self._messages = dict(messages)
        self._plural = plural
        self.identity = not self._messages

    def __repr__(self) -> str:
        return f"Translator({self.locale!r}, {len(self._messages)} messages)"

    @functools.cached_property
    def babel_locale(self) -> Locale:
        """The babel :class:`~babel.Locale` that formats numbers and dates."""
        from babel import Locale

        return Locale.parse(self.locale)

    # -- messages

    def translates(self, message: str, context: str | None = None) -> bool:
        """True if the catalog has a (non-fuzzy) translation of ``message`` in ``context``."""
        return (context, message) in self._messages

    def gettext(self, message: str) -> str:
        """The translation of a library message (the Chinese source text if there is none)."""
        found = self._messages.get((None, message))
        return found if isinstance(found, str) else message

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in ``context`` (the source text if there is none)."""
        found = self._messages.get((context, message))
        return found if isinstance(found, str) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a message for the number ``n`` (source: ``singular`` if n == 1)."""
        found = self._messages.get((None, singular))
        if isinstance(found, tuple):
            index = self._plural(n)
            if 0 <= index < len(found) and found[index]:
                return found[index]
        return singular if n == 1 else plural

    def label(self, text: str, context: str | None = None) -> str:
        """A definition text (label, title, caption, rule text) in this locale.

        ``context`` is the table id for texts inside a table (tree labels,
        block captions and corners, units), None for the others.  Empty text
        stays empty.
        """
        if not text or self.identity:
            return text
        return self.pgettext(context, text) if context is not None else self.gettext(text)

    def path_label(self, path: Sequence[Node], context: str) -> str:
        """A node path's labels joined by ``/``, like :func:`disclosure_format.spec.path_label`."""
        return "/".join(self.label(n.label, context) for n in path if n.label)

    def cell_label(self, cell: CellSpec) -> str:
        """A cell's readable name (see :attr:`CellSpec.label`) in this locale."""
        if self.identity:
            return cell.label
        table = cell.table.id
        parts = (self.path_label(cell.row, table), self.path_label(cell.column, table))
        return f"{table} " + " × ".join(p for p in parts if p)

    # -- numbers and dates

    def format_value(self, value: Value, kind: CellKind | str) -> str:
        """See :func:`format_value`."""
        from ._localformat import format_value

        return format_value(value, kind, self.babel_locale)

    def parse_value(self, text: str, kind: CellKind | str) -> Value:
        """See :func:`parse_value`."""
        from ._localformat import parse_value

        return parse_value(text, kind, self.babel_locale)

    def format_number(self, value: Value) -> str:
        """See :func:`format_number`."""
        kind = CellKind.AMOUNT if isinstance(value, Decimal) else CellKind.SIGNED
        return self.format_value(value, kind)

    def format_date(self, value: date) -> str:
        """See :func:`format_date`."""
        from ._localformat import format_date

        return format_date(value, self.babel_locale)

    def parse_date(self, text: str) -> date:
        """See :func:`parse_date`."""
        from ._localformat import parse_date

        return parse_date(text, self.babel_locale)


_lock = threading.Lock()
_translators: dict[str, Translator] = {}


def get_translator(locale: str | None = None) -> Translator:
    """The translator of ``locale`` (see :func:`resolve_locale`); loaded once, then shared.

    Thread-safe: the first call for a locale reads its catalog under a lock.
    """
    name = resolve_locale(locale)
    translator = _translators.get(name)
    if translator is None:
        with _lock:
            translator = _translators.get(name)
            if translator is None:
                translator = _load(name)
                _translators[name] = translator
    return translator


def _load(name: str) -> Translator:
    """Read the catalog of ``name``: its non-fuzzy, non-empty translations."""
    if name == DEFAULT_LOCALE:
        return Translator(name, {}, lambda n: 0)
    from babel.messages.pofile import read_po  # babel.messages only when a catalog is read

    path = locale_dir() / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=name, domain=DOMAIN)
    messages: dict[_Key, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = tuple(str(s) for s in message.string)
            if all(forms):
                messages[(message.context, str(message.id[0]))] = forms
        else:
            messages[(message.context, str(message.id))] = str(message.string)
    plural = _gettext.c2py(catalog.plural_expr)
    return Translator(name, messages, plural)


# ---------------------------------------------------------------- module-level shortcuts


def format_value(value: Value, kind: CellKind | str, locale: str | None = None) -> str:
    """A cell value as ``locale`` writes it, with every digit kept.

    Counts and signed counts get the locale's grouping (``12,345``,
    ``-7``); an amount keeps exactly its own decimals (``Decimal("0.000")``
    → ``0.000``, never rounded); a blank is ``""``; text (kept in number
    cells when a report had it) is returned unchanged.
    :func:`parse_value` reads every result back to an equal value.
    """
    return get_translator(locale).format_value(value, kind)


def parse_value(text: str, kind: CellKind | str, locale: str | None = None) -> Value:
    """The value ``text`` writes in a cell of ``kind``, exactly.

    Blank text is ``None``.  For counts and signed counts, text without a
    decimal separator is an ``int`` and text with one a ``Decimal`` of the
    digits written (validation then reports it); amounts are ``Decimal``.
    Grouping must be the locale's (babel's strict parsing): ambiguous text
    raises :class:`~disclosure_format.errors.ValueParseError`.
    """
    return get_translator(locale).parse_value(text, kind)


def format_number(value: Number, locale: str | None = None) -> str:
    """A number for display: an ``int`` with grouping, a ``Decimal`` with all its digits."""
    return get_translator(locale).format_number(value)


def format_date(value: date, locale: str | None = None) -> str:
    """A date in the locale's long form: ``2024年1月10日`` (zh), ``January 10, 2024`` (en)."""
    return get_translator(locale).format_date(value)


def parse_date(text: str, locale: str | None = None) -> date:
    """The date ``text`` writes in the locale's long form; raises ValueParseError otherwise."""
    return get_translator(locale).parse_date(text)
