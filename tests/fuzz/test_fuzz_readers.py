"""Fuzzing every reader: detection, each adapter's read, the published reader, read_many.

Seeds are the real corpus pages and every adapter's own output; the damage
is that of :mod:`_fuzzing` (mutations, wrong encodings, tag soup, garbage).
Any exception other than a located :class:`~disclosure_format.DisclosureFormatError`
fails the test, and so does a reading that breaks the model's promises (a
report that does not validate, a note without a place).
"""

from __future__ import annotations

import pytest
from _fuzzing import (
    adapter_seeds,
    corpus_seeds,
    examples,
    hostile_bytes,
    hostile_text,
    mutations,
    only_typed_errors,
)
from hypothesis import given
from hypothesis import strategies as st

import disclosure_format as df

ADAPTER_SEEDS = adapter_seeds()
CORPUS = corpus_seeds()
SEEDS = CORPUS + list(ADAPTER_SEEDS.values())
READERS = [a.name for a in df.adapters()]


def _check(reading: df.Reading | None) -> None:
    """What a successful reading must be: a complete report that validates, located notes."""
    if reading is None:
        return
    spec = df.get_format(reading.report.format)
    assert set(reading.report.values) == set(spec.cell_keys)
    df.validate(reading.report)
    for note in reading.notes:
        assert str(note).strip()


@examples(60)
@given(data=hostile_bytes(SEEDS))
def test_read_with_detection_raises_only_typed_errors(data):
    name = only_typed_errors("detect", lambda: df.detect(data, "input.bin"))
    if name is not None:
        _check(only_typed_errors(f"read[{name}]", lambda: df.read(data, source="fuzz")))


@pytest.mark.parametrize("name", READERS)
@examples(25)
@given(data=st.data())
def test_each_adapter_reads_its_own_damaged_output(name, data):
    """Each reader on mutations of its own format (and of the others'), bytes and str."""
    own = ADAPTER_SEEDS.get(name)
    seeds = ([own] if own else CORPUS) + SEEDS[:2]
    raw = data.draw(st.one_of(st.sampled_from(seeds).flatmap(mutations), hostile_bytes(seeds)))
    adapter = df.get_adapter(name)
    given_as = raw if adapter.binary or data.draw(st.booleans()) else raw.decode("utf-8", "replace")
    _check(only_typed_errors(f"read[{name}]", lambda: df.read(given_as, name, source="fuzz")))


@examples(40)
@given(text=hostile_text(CORPUS))
def test_read_published_on_text_with_surrogates_and_nuls(text):
    _check(only_typed_errors("read_published", lambda: df.read_published(text, source="f")))


@examples(40)
@given(data=hostile_bytes(CORPUS))
def test_read_published_on_damaged_pages(data):
    _check(only_typed_errors("read_published", lambda: df.read_published(data, source="f")))


@examples(30)
@given(data=hostile_bytes([ADAPTER_SEEDS["csv-long"], ADAPTER_SEEDS["csv"]]))
def test_read_many_on_damaged_sheets(data):
    readings = only_typed_errors("read_many", lambda: df.read_many(data, source="f"))
    for reading in readings or ():
        _check(reading)


@pytest.mark.parametrize("name", READERS)
def test_every_reader_survives_the_classic_shapes(name):
    """Deterministic hostile inputs every reader gets, whatever hypothesis draws."""
    shapes: list[bytes] = [
        b"",
        b"\x00" * 1000,
        b"\xff\xfe" + "政府信息公开".encode("utf-16-le"),
        "政府信息公开工作年度报告 规章 规范性文件".encode("utf-16-le"),  # no BOM
        b'<meta charset="utf-8">' + "政府信息公开工作年度报告".encode("gbk"),
        b"<table>" * 10_000 + b"</table>" * 10_000,
        b"<td>" * 20_000,
        b'<table><tr><td rowspan="999999999" colspan="999999999">1</td></tr></table>',
        b"PK\x03\x04" + b"\x00" * 100,
        b"9" * 100_000,
        b"[" * 100_000,
        "\ud800\udfff".encode("utf-8", "surrogatepass"),
    ]
    adapter = df.get_adapter(name)
    for shape in shapes:
        _check(only_typed_errors(f"read[{name}]", lambda s=shape: df.read(s, name, source="s")))
        if not adapter.binary:
            text = shape.decode("utf-8", "surrogateescape")
            _check(only_typed_errors(f"read[{name}]", lambda t=text: df.read(t, name, source="s")))
