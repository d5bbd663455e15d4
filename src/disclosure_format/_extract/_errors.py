"""The one exception type the extraction layer raises on bad *data*."""

from __future__ import annotations

__all__ = ["ExtractError"]


class ExtractError(ValueError):
    """The input could not be turned into a document.

    Extraction is deliberately forgiving: undecodable bytes are replaced (and
    noted), broken markup is repaired the way browsers repair it, absurd spans
    are clamped.  This error is the documented escape hatch for what is left:
    it is raised for a Word document that cannot be read (not a zip, no main
    part, over the size limit, a legacy ``.doc`` to convert first: see
    ``_docx``), and otherwise only if the HTML tokenizer (``_tokenize``, which reproduces the
    standard library's) itself fails on an input in a way not foreseen here
    (none is known; the suite fuzzes for it).
    Being a ``ValueError`` lets callers that treat "bad input" generically
    catch it without importing this module.

    ``line`` is the 1-based line of the decoded text and ``offset`` the 0-based
    character offset within that line, when known, so a caller can point at
    the place.
    """

    def __init__(self, message: str, *, line: int | None = None, offset: int | None = None):
        where = ""
        if line is not None:
            where = f" (line {line}" + (f", column {offset}" if offset is not None else "") + ")"
        super().__init__(message + where)
        self.message = message
        self.line = line
        self.offset = offset
