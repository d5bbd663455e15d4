"""Input size limits: refused before parsing, with a typed error naming input, size and limit."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest

import disclosure_format as df
from disclosure_format import limits
from disclosure_format.cli import run
from disclosure_format.errors import DefinitionError, InputTooLargeError, ReportError
from disclosure_format.registry import builtin_formats_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2021-with-errors.json"
PAGE = ROOT / "tests" / "fixtures" / "corpus" / "001.html"


def test_the_default_is_fifty_mebibytes_and_an_input_too_large_is_a_report_error():
    assert limits.MAX_BYTES == 50 * 1024 * 1024
    assert issubclass(InputTooLargeError, ReportError)
    assert "InputTooLargeError" in df.__all__


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda data, n: df.loads_report(data, max_bytes=n, source="x"), EXAMPLE),
        (lambda data, n: df.read(data, max_bytes=n, source="x"), EXAMPLE),
        (lambda data, n: df.read(data, "json", max_bytes=n, source="x"), EXAMPLE),
        (lambda data, n: df.read_many(data, max_bytes=n, source="x"), EXAMPLE),
        (lambda data, n: df.read(data, max_bytes=n, source="x"), PAGE),
        (lambda data, n: df.read_published(data, max_bytes=n, source="x"), PAGE),
    ],
    ids=["loads_report", "read", "read-json", "read_many", "read-page", "read_published"],
)
@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "str"])
def test_every_reading_entry_point_refuses_input_over_max_bytes(call, path, as_text):
    data = path.read_bytes()
    if as_text:
        data = data.decode("utf-8").encode("utf-8")
    given = data.decode() if as_text else data
    with pytest.raises(InputTooLargeError) as info:
        call(given, len(data) - 1)
    error = info.value
    assert error.file == "x"
    assert error.limit == len(data) - 1
    assert f"over the limit of {len(data) - 1:,} bytes" in str(error)
    assert call(given, len(data)) is not None  # exactly at the limit is fine


def test_text_is_measured_in_utf8_bytes_not_characters():
    text = "政" * 100  # 300 bytes in UTF-8
    limits.check_size(text, max_bytes=300)
    with pytest.raises(InputTooLargeError) as info:
        limits.check_size(text, max_bytes=299)
    assert info.value.size == 300


def test_the_limit_is_checked_before_parsing():
    """Garbage over the limit is refused as too large, not as unparsable."""
    with pytest.raises(InputTooLargeError):
        df.loads_report(b"\x00" * 1000, max_bytes=999)
    with pytest.raises(InputTooLargeError):
        df.read_published(b"<table>" * 1000, max_bytes=999)


def test_a_file_is_measured_before_it_is_read(tmp_path):
    """A sparse 3 GiB file: reading it whole would take seconds and gigabytes."""
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(3 * 2**30)
    started = time.perf_counter()
    with pytest.raises(InputTooLargeError) as info:
        df.load_report(big)
    assert time.perf_counter() - started < 1
    assert info.value.file == str(big)
    assert info.value.size == 3 * 2**30


def test_a_stream_is_read_one_byte_past_the_limit_at_most(monkeypatch):
    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    class Stdin:
        buffer = io.BufferedReader(Endless())

    monkeypatch.setattr(sys, "stdin", Stdin())
    with pytest.raises(InputTooLargeError, match="more than 4,096 bytes"):
        limits.read_file("-", max_bytes=4096)


def test_a_file_is_read_to_its_size_and_read_on_if_it_grew_meanwhile():
    """read_file asks for the size fstat gave plus one byte; more than that is read on."""
    content = b"y" * 5000
    assert limits._read_stream(io.BytesIO(content), 8192, "f", expected=5000) == content
    grown = limits._read_stream(io.BytesIO(content), 8192, "f", expected=100)
    assert grown == content  # (a file of /proc reports size 0 and still has content)
    with pytest.raises(InputTooLargeError, match="more than 4,096 bytes"):
        limits._read_stream(io.BytesIO(content), 4096, "f", expected=100)
    assert limits.read_file(PAGE) == PAGE.read_bytes()


def test_load_report_and_definitions_honour_the_limit(tmp_path):
    with pytest.raises(InputTooLargeError):
        df.load_report(EXAMPLE, max_bytes=100)
    definition = builtin_formats_dir() / "2021.toml"
    with pytest.raises(DefinitionError, match="over the limit of 100 bytes"):
        df.load_definition(definition, max_bytes=100)
    with pytest.raises(DefinitionError, match="over the limit"):
        df.loads_definition(definition.read_text(encoding="utf-8"), max_bytes=100)
    assert df.load_definition(definition).id == "2021"


def test_the_module_default_applies_when_no_limit_is_given(monkeypatch):
    monkeypatch.setattr(limits, "MAX_BYTES", 10)
    with pytest.raises(InputTooLargeError):
        df.read(EXAMPLE.read_bytes())
    with limits.override(10**6):
        assert df.read(EXAMPLE.read_bytes()).report.format == "2021"
    assert limits.MAX_BYTES == 10


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "10"])
def test_a_limit_must_be_a_positive_number_of_bytes(bad):
    with pytest.raises(ValueError, match="max_bytes"):
        limits.check_size(b"x", max_bytes=bad)


@pytest.mark.parametrize(
    ("text", "size"), [("1000", 1000), ("64K", 65536), ("200M", 200 * 2**20), ("2GiB", 2 * 2**30)]
)
def test_sizes_on_the_command_line(text, size):
    assert limits.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "M", "-5", "1.5M", "10X", "０"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError, match=r"size|at least"):
        limits.parse_size(text)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["read"],
        ["render", "--to", "text"],
        ["migrate", "--to-format", "2021"],
        ["aggregate"],
        ["series"],
    ],
)
def test_the_command_line_takes_max_bytes_for_every_input(command):
    status, _, err = _cli("--max-bytes", "1K", *command, str(EXAMPLE))
    assert status == 2, err
    assert err.startswith("disclosure-format: error: ")
    assert "over the limit of 1,024 bytes (raise it with --max-bytes SIZE)" in err
    assert "max_bytes=" not in err  # an option error names the option, not the Python argument
    assert str(EXAMPLE) in err
    assert err.count("\n") == 1
    assert limits.MAX_BYTES == 50 * 1024 * 1024  # restored after the command


def test_the_command_line_default_reads_normal_inputs_and_refuses_bad_sizes():
    assert _cli("validate", str(EXAMPLE))[0] in (0, 1)
    status, _, err = _cli("--max-bytes", "lots", "validate", str(EXAMPLE))
    assert status == 2
    assert "is not a size" in err


def test_batch_reports_a_file_over_the_limit_and_goes_on(tmp_path):
    small = tmp_path / "a.json"
    small.write_bytes(EXAMPLE.read_bytes())
    big = tmp_path / "b.html"
    big.write_bytes(PAGE.read_bytes())
    results = list(df.batch([small, big], jobs=1, max_bytes=small.stat().st_size))
    by_name = {Path(r.file).name: r for r in results}
    assert by_name["a.json"].readable
    assert not by_name["b.html"].readable
    assert by_name["b.html"].error_type == "InputTooLargeError"
    assert "over the limit" in (by_name["b.html"].error or "")
    _, out, _ = _cli("--max-bytes", str(small.stat().st_size), "batch", str(tmp_path))
    assert "InputTooLargeError" in out or "over the limit" in out
