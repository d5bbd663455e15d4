"""Adapters: render a report to a file format, and read that file back.

One module per format, each an object satisfying :class:`Adapter`, behind a
small registry (the tablib shape).  The built-ins are registered in
:func:`_register_builtins`; third-party packages add adapters through the
entry-point group ``disclosure_format.adapters`` (``name = "module:attr"``).
Every adapter is registered as a lazy ``"module:attr"`` string and imported
on first use, so ``openpyxl`` is loaded only when XLSX is asked for.

The contract every adapter keeps, tested over every registered adapter and
every built-in format: ``read(render(report, name), name).report == report``.

>>> from disclosure_format import get_format, new_report
>>> report = new_report(get_format("2021"), "某某局", 2023)
>>> text = render(report, "csv-long")
>>> detect(text)
'csv-long'
>>> read(text).report == report
True
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import threading
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from ..errors import AdapterNotFoundError, AdapterOptionError, Problem, ReportError
from ..limits import check_size
from ..model import Report
from ..reading import Reading
from ..registry import FormatRegistry, default_registry

__all__ = [
    "ENTRY_POINT_GROUP",
    "Adapter",
    "adapters",
    "detect",
    "get_adapter",
    "read",
    "read_many",
    "register_adapter",
    "render",
]

ENTRY_POINT_GROUP = "disclosure_format.adapters"


@runtime_checkable
class Adapter(Protocol):
    """What an adapter is: a name, a render, a read-back and a content sniffer.

    ``render`` returns ``str`` for text formats and ``bytes`` when ``binary``
    is true; its options are keyword parameters.  The built-ins accept
    ``spec`` (the report's format, when the caller has it from its own
    registry) and ``locale`` besides their own options; :func:`render` passes
    ``spec`` only to an adapter that takes it, and an option the adapter does
    not take is an :class:`~disclosure_format.AdapterOptionError`.
    ``read`` accepts either (text formats decode UTF-8, with or without a
    byte-order mark) and returns a :class:`~disclosure_format.Reading`
    whose report is complete (every cell of its format); it raises
    :class:`~disclosure_format.ReportError` naming the place when the input
    cannot be read at all.  ``detect`` answers, cheaply and without raising,
    whether ``data`` looks like this adapter's output.  Adapters able to hold
    several reports in one file also offer ``read_all`` (see :func:`read_many`).
    """

    name: str
    title: str
    extensions: tuple[str, ...]
    binary: bool

    def render(self, report: Report, **options: Any) -> str | bytes: ...

    def read(
        self, data: str | bytes, *, registry: FormatRegistry, source: str | None
    ) -> Reading: ...

    def detect(self, data: str | bytes) -> bool: ...


# The order is the detection order: the most specific signatures first.
_BUILTINS = (
    ("docx", "disclosure_format.adapters.docx:adapter"),
    ("xlsx", "disclosure_format.adapters.xlsx:adapter"),
    ("json", "disclosure_format.adapters.json:adapter"),
    ("html", "disclosure_format.adapters.html:adapter"),
    ("csv-long", "disclosure_format.adapters.csv_long:adapter"),
    ("csv", "disclosure_format.adapters.csv_wide:adapter"),
    ("text", "disclosure_format.adapters.text:adapter"),
    # Last: reports as agencies publish them, when no adapter above claims the content.
    ("published", "disclosure_format._published._adapter:adapter"),
)


class _Registry:
    """Adapters by name, loaded on first use; entry points are read once, lazily."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._entries: dict[str, Adapter | str] = {}
        self._plugins_loaded = False

    def register(self, name: str, adapter: Adapter | str) -> None:
        with self._lock:
            self._entries[name] = adapter

    def names(self) -> list[str]:
        self._load_plugins()
        return list(self._entries)

    def get(self, name: str) -> Adapter:
        self._load_plugins()
        entry = self._entries.get(name)
        if entry is None:
            known = ", ".join(self._entries)
            raise AdapterNotFoundError(
                f"unknown adapter {name!r} (adapters: {known})", available=list(self._entries)
            )
        if isinstance(entry, str):
            with self._lock:
                entry = self._entries[name]
                if isinstance(entry, str):
                    entry = _load(name, entry)
                    self._entries[name] = entry
        return entry

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        with self._lock:
            if self._plugins_loaded:
                return
            from importlib import metadata

            for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
                self._entries.setdefault(ep.name, ep.value)
            self._plugins_loaded = True


def _load(name: str, target: str) -> Adapter:
    """Import ``"module:attr"``; a broken plug-in is named, never a bare ImportError."""
    module_name, _, attr = target.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split(".") if attr else ():
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise AdapterNotFoundError(
            f"adapter {name!r} = {target!r} cannot be loaded: {type(exc).__name__}: {exc}"
        ) from None
    if not isinstance(obj, Adapter):
        raise AdapterNotFoundError(
            f"adapter {name!r} = {target!r} is not an adapter "
            "(needs name, title, extensions, binary, render, read, detect)"
        )
    return obj


_registry = _Registry()


def _register_builtins() -> None:
    for name, target in _BUILTINS:
        _registry.register(name, target)


_register_builtins()


def register_adapter(name: str, adapter: Adapter | str) -> None:
    """Register (or replace) an adapter: an object, or a lazy ``"module:attr"`` string."""
    _registry.register(name, adapter)


def get_adapter(name: str) -> Adapter:
    """The adapter called ``name``; raises :class:`~disclosure_format.AdapterNotFoundError`."""
    return _registry.get(name)


def adapters() -> list[Adapter]:
    """Every registered adapter, built-ins first, in detection order.

    An adapter whose module cannot be imported (a broken plug-in) raises
    :class:`~disclosure_format.AdapterNotFoundError` naming it.
    """
    return [_registry.get(name) for name in _registry.names()]


def render(
    report: Report, to: str, *, registry: FormatRegistry | None = None, **options: Any
) -> str | bytes:
    """``report`` in the format of adapter ``to`` (``text``, ``html``, ``csv``, ``csv-long``,
    ``json``, ``xlsx``…); ``options`` are the adapter's (see ``docs/adapters.md``).

    ``registry`` gives the report's format definition (default: the default
    registry).  A value or narrative under a key the format does not have is
    a :class:`~disclosure_format.ReportError`, never silently left out.
    """
    adapter = get_adapter(to)
    accepted = _render_options(adapter)
    if registry is not None and (accepted is None or "spec" in accepted):
        options["spec"] = registry.get(report.format)
    if accepted is not None:
        unknown = sorted(set(options) - accepted)
        if unknown:
            raise AdapterOptionError(
                f"adapter {to!r} takes no option {unknown[0]!r} "
                f"(its options: {', '.join(sorted(accepted)) or 'none'})",
                accepted=sorted(accepted),
            )
    return adapter.render(report, **options)


def _render_options(adapter: Adapter) -> frozenset[str] | None:
    """The keyword options ``adapter.render`` takes (None: any, it has ``**options``)."""
    render = adapter.render
    return _keywords(getattr(render, "__func__", render))


@functools.cache
def _keywords(function: Any) -> frozenset[str] | None:
    """Keyword parameters of ``function`` after the report (cached: one look per adapter)."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # no introspectable signature: pass everything
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    keyword = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in parameters if p.kind in keyword]
    return frozenset(name for name in names if name not in ("self", "report"))


def detect(data: str | bytes, filename: str | os.PathLike[str] | None = None) -> str:
    """The name of the adapter whose output ``data`` is, judged by its content.

    The file name's extension only breaks a tie between adapters that both
    recognise the content, and is the last resort when none does.  Raises
    :class:`~disclosure_format.ReportError` when neither tells.

    An adapter whose ``fallback`` attribute is true (the published-report
    reader) is asked only when no other adapter recognises the content: it
    reads whatever looks like a report, so it would tie with the others, and
    its sniffing is the costliest (it matters in batches of thousands).
    """
    source = None if filename is None else os.fspath(filename)
    extension = os.path.splitext(source)[1].lower() if source else ""
    every = _loadable()
    candidates = [a for a in every if not _fallback(a) and _sniff(a, data)]
    if not candidates:
        candidates = [a for a in every if _fallback(a) and _sniff(a, data)]
    if len(candidates) > 1 and extension:
        by_extension = [a for a in candidates if extension in a.extensions]
        if by_extension:
            return by_extension[0].name
    if candidates:
        return candidates[0].name
    if extension:
        for adapter in every:
            if extension in adapter.extensions:
                return adapter.name
    known = ", ".join(_registry.names())
    raise ReportError(
        source,
        [Problem("$", f"cannot tell which kind of report file this is (readable kinds: {known})")],
    )


def _fallback(adapter: Adapter) -> bool:
    return bool(getattr(adapter, "fallback", False))


def _loadable() -> list[Adapter]:
    """The adapters that load: a broken plug-in cannot read anything, so detection
    goes on without it (naming it is left to :func:`get_adapter`)."""
    out = []
    for name in _registry.names():
        try:
            out.append(_registry.get(name))
        except AdapterNotFoundError:
            continue
    return out


def _sniff(adapter: Adapter, data: str | bytes) -> bool:
    try:
        return bool(adapter.detect(data))
    except Exception:  # a sniffer must not stop detection by the others
        return False


def read(
    data: str | bytes,
    adapter: str | None = None,
    *,
    registry: FormatRegistry | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
) -> Reading:
    """Read one report from ``data`` (the adapter is detected from the content when None).

    ``source`` names the input (a file name) in errors and notes, and is the
    report's provenance; ``registry`` gives the format definitions.  Input
    over ``max_bytes`` (default :data:`disclosure_format.limits.MAX_BYTES`)
    is refused before detection with :class:`~disclosure_format.InputTooLargeError`.
    """
    check_size(data, max_bytes=max_bytes, source=source)
    name = adapter or detect(data, source)
    return get_adapter(name).read(data, registry=registry or default_registry(), source=source)


def read_many(
    data: str | bytes,
    adapter: str | None = None,
    *,
    registry: FormatRegistry | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
) -> list[Reading]:
    """Read every report in ``data``: several for a long CSV of many reports, else one.

    ``max_bytes`` limits the input's size, as for :func:`read`.
    """
    check_size(data, max_bytes=max_bytes, source=source)
    name = adapter or detect(data, source)
    chosen = get_adapter(name)
    reg = registry or default_registry()
    read_all = getattr(chosen, "read_all", None)
    if read_all is None:
        return [chosen.read(data, registry=reg, source=source)]
    readings: Iterable[Reading] = read_all(data, registry=reg, source=source)
    return list(readings)
