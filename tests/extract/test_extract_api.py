"""The package surface: exports, doctests, the error type."""

from __future__ import annotations

import doctest

import pytest

import disclosure_format._extract as extract_pkg
from disclosure_format._extract import ExtractError, extract


def test_all_names_exist() -> None:
    for name in extract_pkg.__all__:
        assert hasattr(extract_pkg, name), name


def test_doctests() -> None:
    result = doctest.testmod(extract_pkg)
    assert result.attempted > 0
    assert result.failed == 0


def test_extract_error_is_a_value_error_with_a_place() -> None:
    err = ExtractError("broken", line=3, offset=7)
    assert isinstance(err, ValueError)
    assert (err.line, err.offset, err.message) == (3, 7, "broken")
    assert str(err) == "broken (line 3, column 7)"


def test_bad_form_argument() -> None:
    with pytest.raises(ValueError, match="form"):
        extract("x", form="pdf")  # type: ignore[arg-type]


def test_decoding_notes_reach_the_document() -> None:
    doc = extract("<p>正文</p>".encode("gbk"))
    assert doc.encoding == "gb18030"
    assert doc.paragraphs[0].text == "正文"
    assert any("gb18030" in n for n in doc.notes)
