"""Where format definitions come from, and how one is picked.

A :class:`FormatRegistry` knows the definition files of four sources, in this
order: directories the caller names, directories in the environment variable
``DISCLOSURE_FORMAT_PATH`` (``os.pathsep``-separated), directories or files
published by installed packages under the entry-point group
``disclosure_format.formats``, and the formats built into this package.
Files are named ``<id>.toml``; a file is parsed only when its format is
first asked for, then cached (thread-safe), like babel's locale data.

Two files defining the same id are an error naming both: a definition that
silently shadows another is how a wrong rule gets used without anyone noticing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import DefinitionError, FormatNotFoundError, Problem
from .spec import FormatSpec

__all__ = [
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "FormatRegistry",
    "builtin_formats_dir",
    "default_registry",
    "format_for_year",
    "get_format",
    "list_formats",
    "set_default_registry",
]

ENTRY_POINT_GROUP = "disclosure_format.formats"
ENV_VAR = "DISCLOSURE_FORMAT_PATH"


def builtin_formats_dir() -> Path:
    """The directory of the built-in definitions.

    In a wheel they are shipped at ``disclosure_format/formats``; in a source
    checkout (an editable install) they are the repository's ``formats/``.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "formats", here.parent.parent / "formats"):
        if (candidate / "2021.toml").is_file():
            return candidate
    raise FormatNotFoundError(
        f"the built-in format definitions are missing (looked in {here / 'formats'}); "
        "the package installation is incomplete"
    )


class FormatRegistry:
    """A set of format definitions, found on disk and loaded on demand."""

    def __init__(
        self,
        directories: Iterable[str | os.PathLike[str]] = (),
        *,
        builtins: bool = True,
        entry_points: bool = True,
        environment: bool = True,
    ) -> None:
        self._lock = threading.RLock()
        self._loaded: dict[str, FormatSpec] = {}
        sources: list[Path] = [Path(d) for d in directories]
        if environment:
            sources += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
        if builtins:
            sources.append(builtin_formats_dir())
        self._local = _index(sources)
        self._directories = tuple(dict.fromkeys(s.resolve() for s in sources if s.is_dir()))
        self._all: dict[str, Path] | None = None if entry_points else dict(self._local)

    @property
    def _files(self) -> dict[str, Path]:
        """Every known definition file by id, entry points included.

        Installed packages are scanned for entry points only when a format is
        not found locally or when formats are listed: the scan reads the
        metadata of every installed distribution, which costs more than
        loading a definition.
        """
        if self._all is None:
            with self._lock:
                if self._all is None:
                    self._all = _index(_entry_point_paths(), into=dict(self._local))
        return self._all

    # -- discovery

    def ids(self) -> list[str]:
        """The ids of every known format, oldest first (by first governed year, then id)."""
        return [s.id for s in self]

    def __iter__(self) -> Iterator[FormatSpec]:
        specs = [self.get(i) for i in self._files]
        return iter(sorted(specs, key=lambda s: (s.years.first, s.id)))

    def __contains__(self, format_id: object) -> bool:
        return format_id in self._local or format_id in self._files

    def __len__(self) -> int:
        return len(self._files)

    def directories(self) -> tuple[Path, ...]:
        """The directories definitions are read from, in lookup order (entry points aside).

        Files beside the definitions — the version mappings in ``migrations/``
        (see :mod:`disclosure_format.migrate`) — are looked up in these.
        """
        return self._directories

    def path(self, format_id: str) -> Path:
        """The definition file of ``format_id``."""
        self._require(format_id)
        return self._local.get(format_id) or self._files[format_id]

    # -- lookup

    def get(self, format_id: str) -> FormatSpec:
        """The format with this id; raises :class:`~.errors.FormatNotFoundError`."""
        spec = self._loaded.get(format_id)
        if spec is not None:
            return spec
        self._require(format_id)
        with self._lock:
            spec = self._loaded.get(format_id)
            if spec is None:
                from ._loader import load_definition

                spec = load_definition(self.path(format_id))
                self._loaded[format_id] = spec
        return spec

    def for_year(self, year: int) -> FormatSpec:
        """The format that governs reports for ``year``.

        Where the years of two formats overlap, the one that ``supersedes`` the
        other wins (so adding a new version needs no edit of the old one);
        other overlaps are an error naming both definitions.
        """
        matches = [s for s in self if s.governs(year)]
        # An open-ended format ends where a format that supersedes it begins.
        superseded = {s.supersedes for s in matches if s.supersedes}
        matches = [s for s in matches if s.id not in superseded]
        if not matches:
            ranges = ", ".join(f"{s.id} ({s.years})" for s in self)
            raise FormatNotFoundError(
                f"no format governs reports for {year} (formats: {ranges})", available=self.ids()
            )
        if len(matches) > 1:
            first, second = matches[0], matches[1]
            raise DefinitionError(
                str(second.source),
                [
                    Problem(
                        "$.years",
                        f"years {second.years} overlap format {first.id} "
                        f"({first.years}, {first.source}) for report year {year}",
                    )
                ],
            )
        return matches[0]

    def _require(self, format_id: str) -> None:
        if format_id not in self:
            known = ", ".join(sorted(self._files)) or "none"
            raise FormatNotFoundError(
                f"unknown format {format_id!r} (known formats: {known})",
                available=sorted(self._files),
            )


def _entry_point_paths() -> Iterator[Path]:
    """Paths published by installed packages: a directory, a file, or a callable giving them."""
    from importlib import metadata  # slow to import; only needed when a registry is built

    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = ep.load()
        except Exception as exc:  # a broken plug-in must not hide which one it is
            raise DefinitionError(
                f"entry point {ep.name} = {ep.value}",
                [Problem("$", f"cannot load: {type(exc).__name__}: {exc}")],
            ) from None
        value = target() if callable(target) else target
        items: Iterable[object] = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if not isinstance(item, str | os.PathLike):
                raise DefinitionError(
                    f"entry point {ep.name} = {ep.value}",
                    [
                        Problem(
                            "$", f"must give a path or a list of paths, not {type(item).__name__}"
                        )
                    ],
                )
            yield Path(item)


def _index(sources: Iterable[Path], into: dict[str, Path] | None = None) -> dict[str, Path]:
    """Definition files by id; two files with the same id are an error naming both."""
    files: dict[str, Path] = {} if into is None else into
    seen: set[Path] = {p.parent.resolve() for p in files.values()}
    for source in sources:
        resolved = source.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if source.is_dir():
            candidates = sorted(source.glob("*.toml"))
        elif source.is_file():
            candidates = [source]
        else:
            raise DefinitionError(str(source), [Problem("$", "no such file or directory")])
        for file in candidates:
            format_id = file.stem
            if format_id in files and files[format_id].resolve() != file.resolve():
                raise DefinitionError(
                    str(file),
                    [
                        Problem(
                            "$.id", f"format {format_id!r} is also defined in {files[format_id]}"
                        )
                    ],
                )
            files[format_id] = file
    return files


_default: FormatRegistry | None = None
_default_lock = threading.Lock()


def default_registry() -> FormatRegistry:
    """The process-wide registry: built-ins, entry points and ``DISCLOSURE_FORMAT_PATH``."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = FormatRegistry()
    return _default


def set_default_registry(registry: FormatRegistry | None) -> None:
    """Replace the process-wide registry (None: rebuild it on next use)."""
    global _default
    with _default_lock:
        _default = registry


def get_format(format_id: str) -> FormatSpec:
    """The format with this id from the default registry."""
    return default_registry().get(format_id)


def format_for_year(year: int) -> FormatSpec:
    """The format governing reports for ``year``, from the default registry."""
    return default_registry().for_year(year)


def list_formats() -> list[FormatSpec]:
    """Every format of the default registry, oldest first."""
    return list(default_registry())
