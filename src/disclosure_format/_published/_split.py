"""Where a flattened digit run is split: runs of labels' numbers → the cells of their rows.

A crawler dump runs a row's cells together (``640020470``); :mod:`._match`
hands each such run over as a flat :class:`._match.Record` with its number
tokens.  This stage is the only place that turns them into cells:

1. each run becomes a :class:`._solve.Row` (its cells' positions among the
   format's cells, their kinds, the tokens as :class:`._solve.Piece`);
2. :func:`._solve.solve` splits every run of the table *jointly*: all runs'
   candidate splits, the cells already read from grids, and every
   error-severity equation of the format (row totals, column identities,
   group totals) form one system; a split survives when some solution of the
   whole system uses it;
3. a row still open is narrowed by the figures the report's own text states
   (:func:`._corroborate.stated_figures`);
4. a cell on which the surviving splits agree is read (a unit glued to a
   token goes to the last cell cut from it); the others are left blank and
   reported ``ambiguous`` with the candidate splits.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .._compile import compiled
from .._extract import Token
from ..model import Value
from ..spec import FormatSpec, Severity
from ._corroborate import stated_figures
from ._match import Note, Record
from ._solve import MAX_SPLITS, Piece, Row, Solution, solve
from ._values import parse_cell, same_key

__all__ = ["SplitCell", "split_runs"]

_MAX_LISTED = 12

SplitCell = tuple[str, Value, str, int | None, Note | None]
"""A cell read from a run: (cell key, value, text as cut, line, its note if any)."""


def _piece(token: Token, previous: Token | None) -> Piece:
    """The solver's view of a number token (``previous``: the token before it in the run)."""
    value = token.value
    if value is None:
        hyphens = token.text.strip()
        return Piece(token.text, None, False, len(hyphens) if set(hyphens) == {"-"} else 1)
    plain = value.lstrip("+-").replace(".", "", 1).isdigit()
    splittable = plain and "," not in token.text and "，" not in token.text
    number: Value = Decimal(value) if "." in value else int(value)
    joins_blank = (
        value.startswith("-")
        and previous is not None
        and previous.is_dash_placeholder
        and previous.offset + len(previous.text) == token.offset
    )
    return Piece(value, number, splittable, joins_blank=joins_blank)


def _row_keys(spec: FormatSpec, rec: Record) -> list[str]:
    block = next(b for b in spec.table(rec.table).blocks if b.key == rec.block)
    return [f"{rec.table}/{rec.leaf}/{'.'.join(n.key for n in p)}" for p in block.column_paths]


def split_runs(
    spec: FormatSpec, flat: list[Record], known: Mapping[str, Value], prose: str
) -> tuple[list[SplitCell], list[Note], set[str]]:
    """Split the runs ``flat`` (see the module doc): the cells read, the notes, the
    cells left ambiguous.  ``known``: the cells already read (from grids), by key."""
    comp = compiled(spec)
    position = {k: i for i, k in enumerate(comp.keys)}
    rows: list[Row] = []
    keys: list[list[str]] = []
    for rec in flat:
        cell_keys = _row_keys(spec, rec)
        keys.append(cell_keys)
        rows.append(
            Row(
                tuple(position[k] for k in cell_keys),
                tuple(spec.cell(k).kind for k in cell_keys),
                tuple(
                    _piece(t, rec.pieces[i - 1] if i else None) for i, t in enumerate(rec.pieces)
                ),
            )
        )
    equations = [eq for eq in comp.equations if eq.rule.severity is Severity.ERROR]
    solution = solve(rows, {position[k]: v for k, v in known.items()}, equations)
    cells: list[SplitCell] = []
    notes: list[Note] = []
    ambiguous: set[str] = set()
    for r, rec in enumerate(flat):
        cands = solution.candidates[r]
        cell_keys = keys[r]
        raw = " ".join(t.text for t in rec.pieces)
        row_label = spec.cell(cell_keys[0]).row_label
        if solution.too_many[r]:
            ambiguous.update(cell_keys)
            notes.append(
                Note(
                    "ambiguous",
                    "error",
                    f"{raw!r} splits into this row's {len(cell_keys)} cells in more than "
                    f"{MAX_SPLITS} ways; none is chosen and the row is left blank",
                    rec.line,
                    rec.table,
                    row_label,
                    None,
                    cell_keys[0],
                    (raw,),
                )
            )
            continue
        n_raw = solution.counts[r]
        if not cands:
            notes.append(
                Note(
                    "unmatched-row",
                    "error",
                    f"{raw!r} cannot be split into the {len(cell_keys)} cells of this row",
                    rec.line,
                    rec.table,
                    row_label,
                    candidates=(raw,),
                )
            )
            continue
        if len(cands) > 1:
            block = next(b for b in spec.table(rec.table).blocks if b.key == rec.block)
            stated = stated_figures(prose, block, block.row_nodes[rec.leaf or ""])
            narrowed = [
                c for c in cands if all(same_key(c[i]) == same_key(v) for i, v, _ in stated)
            ]
            if stated and narrowed and len(narrowed) < len(cands):
                notes.append(
                    Note(
                        "stated-figure",
                        "warning",
                        f"of the {len(cands)} splits of {raw!r}, {len(narrowed)} agree with the "
                        "report's text: " + "; ".join(f"“{e}”" for _, _, e in stated),
                        rec.line,
                        rec.table,
                        row_label,
                        cell=cell_keys[stated[0][0]],
                    )
                )
                cands = tuple(narrowed)
        units = _units(rec.pieces, cands[0], rows[r])
        for c, key in enumerate(cell_keys):
            options = {same_key(cand[c]) for cand in cands}
            if len(options) > 1:
                ambiguous.add(key)
                continue
            value = cands[0][c]
            text = "" if value is None else str(value)
            cell = spec.cell(key)
            note = None
            if units[c] and value is not None:
                parsed = parse_cell(text + units[c], cell.kind, cell.unit)
                value = parsed.value
                if parsed.note:
                    note = Note(
                        parsed.note,
                        parsed.severity,
                        parsed.message,
                        rec.line,
                        rec.table,
                        row_label,
                        cell.column_label,
                        key,
                    )
            cells.append((key, value, text + units[c], rec.line, note))
        notes.extend(
            _row_note(spec, rec, raw, cell_keys, cands, n_raw, solution, r, len(rows[r].pieces))
        )
    return cells, notes, ambiguous


def _row_note(
    spec: FormatSpec,
    rec: Record,
    raw: str,
    cell_keys: list[str],
    cands: tuple[tuple[Value, ...], ...],
    n_raw: int,
    solution: Solution,
    r: int,
    n_pieces: int,
) -> list[Note]:
    """The note on how a run was split: ambiguous (with the candidates) or inferred."""
    row_label = spec.cell(cell_keys[0]).row_label
    written = "/".join("–" if v is None else str(v) for v in cands[0])
    unsettled = solution.unsettled[r]
    if len(cands) > 1:
        listed = ["/".join("–" if v is None else str(v) for v in cand) for cand in cands]
        open_cells = [
            k for c, k in enumerate(cell_keys) if len({same_key(x[c]) for x in cands}) > 1
        ]
        return [
            Note(
                "ambiguous",
                "error",
                f"{raw!r} splits into this row's cells in {len(cands)} ways that all satisfy "
                f"the format's rules; {len(open_cells)} cell(s) left blank: "
                + ", ".join(spec.cell(k).column_label for k in open_cells)
                + (
                    f" ({unsettled} of the splits kept because the search bound was reached)"
                    if unsettled
                    else ""
                )
                + (
                    ""
                    if len(listed) <= _MAX_LISTED
                    else f" ({len(listed)} candidates, first {_MAX_LISTED} listed)"
                ),
                rec.line,
                rec.table,
                row_label,
                None,
                open_cells[0],
                tuple(listed[:_MAX_LISTED]),
            )
        ]
    if n_pieces >= len(cell_keys):
        return []
    rules = sorted(solution.used_rules[r])
    decided = n_raw > 1
    return [
        Note(
            "inferred-split",
            "warning" if decided else "info",
            f"{raw!r} split into {written}"
            + (
                f": the only one of {n_raw} splits satisfying rule(s) {', '.join(rules)}"
                if decided
                else ": the only split without leading zeros"
            )
            + ("" if solution.consistent[r] else " (the rules do not hold in this table)"),
            rec.line,
            rec.table,
            row_label,
            None,
            cell_keys[0],
        )
    ]


def _units(pieces: tuple[Token, ...], cand: tuple[Value, ...], row: Row) -> list[str]:
    """The glued unit of each cell: a token's unit goes to the last cell cut from it.

    Cells are attributed to tokens by walking the candidate: a digit token
    gives the cells whose digits it holds, a placeholder the blank cells it
    stands for.  The unit of the run's last token always goes to the last cell.
    """
    units = [""] * len(cand)
    c = 0
    for p, token in enumerate(pieces):
        part = row.pieces[p]
        start = c
        if not part.splittable:
            c += 1
            while (
                part.value is None and c < len(cand) and cand[c] is None and c - start < part.blanks
            ):
                c += 1
        else:
            digits = len(part.text.lstrip("+-").partition(".")[0])
            used = 0
            while c < len(cand) and used < digits:
                v = cand[c]
                used += len(str(v).lstrip("+-").partition(".")[0]) if v is not None else 0
                c += 1
        if token.unit and start < len(cand):
            units[min(max(start, c - 1), len(cand) - 1)] = token.unit
    if pieces and pieces[-1].unit:
        units[-1] = pieces[-1].unit
    return units
