"""The translation catalogs: babel extraction from definition files, and the maintainer's command.

Run from a source checkout, after adding or editing a format definition or a
message in the code::

    python -m disclosure_format.catalogs update

It runs babel's own tooling — ``pybabel extract`` with the mapping in
``[tool.babel]`` of ``pyproject.toml`` (definition files through
:func:`extract_formats`, Python files through babel's Python extractor),
then ``pybabel update`` (or ``init``) for every shipped locale — and lists
the messages still to translate.  ``python -m disclosure_format.catalogs
check`` changes nothing and exits 1 if the template is stale or a locale
lacks a translation (the test suite runs the same check).

:func:`extract_formats` is registered under the ``babel.extractors`` entry
point as ``disclosure_format``, so any project can extract its own format
definitions with ``method = "disclosure_format"``.  It yields every display
text of a definition: the format's title, notice and description, section
titles and descriptions, table captions, block captions and corners, tree
labels and units, and rule names, messages and wordings — each with its
line, its key or rule id as translator comment, and (for texts inside a
table) the table id as context; the labels and descriptions of the
main figures, and the labels of the statements.  Label *aliases* and
statement *patterns* are not extracted: they
are wordings seen in published Chinese reports, input for the readers to
match, never displayed; translating them would mean nothing.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from ._locate import line_of
from .errors import DisclosureFormatError
from .i18n import DEFAULT_LOCALE, DOMAIN, SUPPORTED_LOCALES, locale_dir
from .spec import FormatSpec, Node, path_key

__all__ = ["CatalogProblem", "check", "extract_formats", "main", "update"]

_Extracted = tuple[int, str, str | tuple[str, str], list[str]]

IGNORE_DIRS = ".* _build build dist node_modules"
"""Directories ``pybabel extract`` must not enter (given instead of babel's default filter)."""


def extract_formats(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[_Extracted]:
    """The babel extraction method for format definition files (``formats/*.toml``).

    Yields ``(lineno, funcname, message, comments)`` as babel expects:
    ``gettext`` messages, and ``pgettext`` ``(table id, text)`` pairs for
    texts inside a table.  A broken definition raises
    :class:`~disclosure_format.errors.DefinitionError` naming the file and
    place, so a catalog is never built from a definition the library refuses.
    """
    from ._loader import loads_definition

    source = getattr(fileobj, "name", None)
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    spec = loads_definition(text, source=str(source) if source else None)
    yield from _definition_messages(spec, text)


def _definition_messages(spec: FormatSpec, text: str) -> Iterator[_Extracted]:
    def line(path: str, message: str = "") -> int:
        return line_of(text, path, message) or 1

    def plain(path: str, value: str | None, comment: str) -> Iterator[_Extracted]:
        if value:
            yield line(path), "gettext", value, [f"format {spec.id}: {comment}"]

    yield from plain("$.title", spec.title, "title")
    yield from plain("$.notice", spec.notice, "issuing notice")
    yield from plain("$.description", spec.description, "description")
    for i, section in enumerate(spec.sections):
        where = f"$.sections[{i}]"
        yield from plain(f"{where}.title", section.title, f"section {section.key}")
        yield from plain(
            f"{where}.description", section.description, f"section {section.key} description"
        )
    for t, table in enumerate(spec.tables):
        yield from plain(f"$.tables[{t}].caption", table.caption, f"table {table.id} caption")
        for b, block in enumerate(table.blocks):
            where = f"$.tables[{t}].blocks[{b}]"
            for field in ("caption", "corner"):
                value = getattr(block, field)
                if value:
                    comment = f"format {spec.id}: table {table.id} block {block.key} {field}"
                    yield line(f"{where}.{field}"), "pgettext", (table.id, value), [comment]
            for tree in ("rows", "columns"):
                nodes: tuple[Node, ...] = getattr(block, tree)
                yield from _tree_messages(spec, table.id, nodes, text, f"{where}.{tree}", tree)
    for f, figure in enumerate(spec.figures):
        for field in ("label", "description"):
            value = getattr(figure, field)
            yield from plain(f"$.figures[{f}].{field}", value, f"figure {figure.key} {field}")
    for s, statement in enumerate(spec.statements):
        # the patterns are wordings of published Chinese reports, input like aliases
        yield from plain(
            f"$.statements[{s}].label", statement.label, f"statement {statement.id} label"
        )
    for r, rule in enumerate(spec.rules):
        for field in ("name", "message", "wording"):
            yield from plain(
                f"$.rules[{r}].{field}", getattr(rule, field), f"rule {rule.id} {field}"
            )


def _tree_messages(
    spec: FormatSpec, table: str, nodes: tuple[Node, ...], text: str, path: str, tree: str
) -> Iterator[_Extracted]:
    what = "row" if tree == "rows" else "column"
    for root in nodes:
        for node_path in root.walk():
            node = node_path[-1]
            line = line_of(text, path, f"tree line {node.line}:") or 1
            key = path_key(node_path)
            if node.label:
                comment = f"format {spec.id}: {table} {what} {key}"
                yield line, "pgettext", (table, node.label), [comment]
            if node.unit:
                comment = f"format {spec.id}: {table} unit of {what} {key}"
                yield line, "pgettext", (table, node.unit), [comment]


# ---------------------------------------------------------------- maintainer commands


@attrs.frozen
class CatalogProblem:
    """One thing wrong with the shipped catalogs: which catalog, which message, what."""

    catalog: str
    message: str
    context: str | None
    problem: str

    def __str__(self) -> str:
        where = f" [{self.context}]" if self.context else ""
        return f"{self.catalog}: {self.message!r}{where}: {self.problem}"


class _NotACheckout(DisclosureFormatError):
    """The catalogs are managed from a source checkout (pyproject.toml with [tool.babel])."""


def _root(root: Path | None) -> Path:
    candidates = [root] if root else [Path.cwd(), Path(__file__).resolve().parents[2]]
    for candidate in candidates:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.babel]" in pyproject.read_text(encoding="utf-8"):
            return candidate
    raise _NotACheckout(
        "the catalogs are managed from a source checkout: run this in the repository "
        "(the directory whose pyproject.toml has [tool.babel])"
    )


def _pybabel(*args: str, cwd: Path) -> None:
    """Run one ``pybabel`` command with babel's own command-line front end."""
    import logging
    import os

    from babel.messages.frontend import CommandLineInterface

    previous = Path.cwd()
    logging.getLogger("babel").setLevel(logging.WARNING)
    os.chdir(cwd)
    try:
        CommandLineInterface().run(["pybabel", "--quiet", *args])  # type: ignore[no-untyped-call]
    finally:
        os.chdir(previous)


def extract_template(root: Path | None = None) -> bytes:
    """The catalog template (.pot bytes) of the checkout at ``root``, by ``pybabel extract``."""
    from ._version import __version__

    base = _root(root)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{DOMAIN}.pot"
        _pybabel(
            "extract",
            "--mapping-file=pyproject.toml",
            f"--output-file={out}",
            "--project=disclosure-format",
            "--copyright-holder=disclosure-format maintainers",
            f"--version={__version__}",
            "--sort-by-file",
            "--no-wrap",
            # babel skips every _directory by default, and the package's private
            # subpackages (_published, _extract) are _directories
            f"--ignore-dirs={IGNORE_DIRS}",
            ".",
            cwd=base,
        )
        return out.read_bytes()


def _read(data: bytes, locale: str | None = None) -> Any:
    from babel.messages.pofile import read_po

    return read_po(io.BytesIO(data), locale=locale, domain=DOMAIN)


def _content(catalog: Any) -> list[tuple[Any, ...]]:
    """What matters in a catalog, without its header dates: ids, contexts, places, notes."""
    return [
        (m.context, m.id, tuple(m.locations), tuple(m.auto_comments), m.string, m.fuzzy)
        for m in catalog
        if m.id
    ]


def _messages(catalog: Any) -> set[tuple[Any, ...]]:
    """The messages of a catalog with their notes, without places (line numbers move freely)."""
    return {(m.context, m.id, tuple(m.auto_comments)) for m in catalog if m.id}


_FIELD = re.compile(r"\{[^{}]*\}")


def check(root: Path | None = None) -> list[CatalogProblem]:
    """Every problem of the shipped catalogs (empty when they are complete and current).

    The template must hold the messages of a fresh extraction (line numbers
    may have moved: they are refreshed by ``update`` but never make the check
    fail); every translated locale must have a non-fuzzy translation of every
    message that keeps its ``{fields}``.
    """
    directory = locale_dir()
    template_path = directory / f"{DOMAIN}.pot"
    fresh = _read(extract_template(root))
    problems: list[CatalogProblem] = []
    if not template_path.is_file():
        return [CatalogProblem(str(template_path), "", None, "missing: run update")]
    shipped = _read(template_path.read_bytes())
    if _messages(shipped) != _messages(fresh):
        problems.append(
            CatalogProblem(str(template_path), "", None, "out of date with the sources: run update")
        )
    for locale in SUPPORTED_LOCALES:
        if locale == DEFAULT_LOCALE:
            continue
        path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not path.is_file():
            problems.append(CatalogProblem(str(path), "", None, "missing: run update"))
            continue
        catalog = _read(path.read_bytes(), locale)
        for message in fresh:
            if not message.id:
                continue
            translated = catalog.get(message.id, context=message.context)
            problems += _message_problems(str(path), message, translated)
    return problems


def _message_problems(path: str, message: Any, translated: Any) -> list[CatalogProblem]:
    ident = message.id[0] if isinstance(message.id, tuple) else message.id
    if translated is None:
        return [CatalogProblem(path, ident, message.context, "not in the catalog: run update")]
    strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
    if translated.fuzzy:
        return [CatalogProblem(path, ident, message.context, "fuzzy: check the translation")]
    if not all(strings):
        return [CatalogProblem(path, ident, message.context, "not translated")]
    fields = set(_FIELD.findall(ident))
    for string in strings:
        if set(_FIELD.findall(string)) != fields:
            return [
                CatalogProblem(
                    path,
                    ident,
                    message.context,
                    f"the translation must keep the fields {sorted(fields)}",
                )
            ]
    return []


def update(root: Path | None = None, *, stdout: IO[str] = sys.stdout) -> list[CatalogProblem]:
    """Re-extract the template and merge it into every locale's catalog; return what is left to do.

    Files are rewritten only when their messages change, so running it twice
    changes nothing.
    """
    base = _root(root)
    directory = locale_dir()
    template_path = directory / f"{DOMAIN}.pot"
    fresh = extract_template(base)
    if not template_path.is_file() or _content(_read(template_path.read_bytes())) != _content(
        _read(fresh)
    ):
        template_path.parent.mkdir(parents=True, exist_ok=True)
        template_path.write_bytes(fresh)
        stdout.write(f"wrote {template_path}\n")
    for locale in SUPPORTED_LOCALES:
        if locale == DEFAULT_LOCALE:
            continue
        path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        before = path.read_bytes() if path.is_file() else None
        command = "update" if before is not None else "init"
        _pybabel(
            command,
            f"--input-file={template_path}",
            f"--output-dir={directory}",
            f"--domain={DOMAIN}",
            f"--locale={locale}",
            "--no-wrap",
            *(["--ignore-obsolete"] if command == "update" else []),
            cwd=base,
        )
        after = path.read_bytes()
        if before is not None and _content(_read(before, locale)) == _content(_read(after, locale)):
            path.write_bytes(before)  # only the header dates moved: keep the file as it was
        elif before != after:
            stdout.write(f"updated {path}\n")
    problems = [p for p in check(base) if p.message]
    for problem in problems[:20]:
        stdout.write(f"to translate: {problem}\n")
    if len(problems) > 20:
        more = len(problems) - 20
        stdout.write(f"… and {more} more (python -m disclosure_format.catalogs check lists all)\n")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m disclosure_format.catalogs update|check``; see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m disclosure_format.catalogs",
        description="Keep the translation catalogs in step with the definitions and the code.",
    )
    parser.add_argument("command", choices=["update", "check"])
    parser.add_argument("--root", type=Path, help="the source checkout (default: found)")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            update(args.root)
            return 0
        problems = check(args.root)
    except DisclosureFormatError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    sys.stdout.write("catalogs are complete and current\n" if not problems else "")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
