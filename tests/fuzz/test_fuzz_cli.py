"""Fuzzing every command of the CLI with damaged input files and random options.

The contract: exit status 0, 1 (findings) or 2 (unusable input or usage)
with a one-line ``disclosure-format: error: …`` message naming the file;
never 3 (internal error) and never a traceback without ``--debug``.
"""

from __future__ import annotations

import io

import pytest
from _fuzzing import RUNS, adapter_seeds, corpus_seeds, examples, hostile_bytes
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format.cli import run
from disclosure_format.cli._app import COMMANDS

SEEDS = corpus_seeds() + list(adapter_seeds().values())

# Each command with the arguments it takes besides input files.
SHAPES = {
    "formats": [[], ["--json"]],
    "show": [["2021"], ["2019", "--cells"], ["2021", "--width", "7"]],
    "template": [["2021"], ["2019", "--year", "2019", "--agency", "\u202e<x>"]],
    "schema": [["2021"]],
    "validate": [["{f}"], ["{f}", "--json"], ["{f}", "--previous", "{f}"]],
    "read": [["{f}"], ["{f}", "--to", "text"], ["{f}", "--strict"]],
    "render": [["{f}", "--to", "html", "--findings"], ["{f}", "--to", "xlsx", "-o", "{out}"]],
    "diff": [["{f}", "{f}"], ["2019", "2021"]],
    "migrate": [["{f}", "--to-format", "2021"], ["{f}", "--to", "2019"]],
    "aggregate": [["{f}", "{f}"], ["{f}", "--check", "{f}"]],
    "series": [["{f}", "{f}"], ["{f}", "--json"]],
    "batch": [["{dir}"], ["{dir}", "--summary", "--jobs", "1"]],
}


def test_every_command_is_fuzzed():
    assert set(SHAPES) == set(COMMANDS)


def _run(argv: list[str]) -> tuple[int, str]:
    """Run one command line in this process; (status, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    RUNS[f"cli {argv[0] if argv else ''}"] += 1
    status = run(argv, stdout=out, stderr=err)
    return status, err.getvalue()


@pytest.mark.parametrize("command", sorted(SHAPES))
@examples(8)
@given(data=st.data())
def test_every_command_on_damaged_files(command, data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    path = folder / data.draw(st.sampled_from(["r.json", "r.html", "r.csv", "r.xlsx", "r.txt"]))
    path.write_bytes(data.draw(hostile_bytes(SEEDS)))
    shape = data.draw(st.sampled_from(SHAPES[command]))
    argv = [command] + [a.format(f=path, out=folder / "out.xlsx", dir=folder) for a in shape]
    status, err = _run(argv)
    assert status in (0, 1, 2), err
    assert "Traceback" not in err
    assert "internal error" not in err
    if status == 2 and command != "batch":  # batch reports unreadable files in its table
        # notes made reading the inputs may come first (validate prints them); the error is
        # one line, the last
        lines = err.splitlines()
        assert lines, "exit status 2 without a message"
        assert lines[-1].startswith("disclosure-format: error: "), err
        assert sum(line.startswith("disclosure-format: error:") for line in lines) == 1, err
