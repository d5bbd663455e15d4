"""The command line imports only what the command run needs (speed itself: benchmarks/).

Checked by what a fresh interpreter has imported, not by timing: the package
imports its names on first use, ``--help`` imports no command, ``formats``
neither validation nor the adapters nor the published-report reader.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import disclosure_format


def _imported(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _ours(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("disclosure_format")}


def test_importing_the_package_imports_none_of_its_modules():
    assert _ours(_imported("import disclosure_format")) == {
        "disclosure_format",
        "disclosure_format._version",
    }


def test_help_imports_no_command():
    code = (
        "import io, contextlib\n"
        "from disclosure_format.cli import run\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    run(['--help'], stdout=io.StringIO(), stderr=io.StringIO())"
    )
    modules = _ours(_imported(code))
    assert not {
        m
        for m in modules
        if m.startswith("disclosure_format.cli._") and m != "disclosure_format.cli._app"
    }
    assert "attrs" not in _imported(code)


def test_formats_imports_neither_validation_nor_adapters_nor_the_reader():
    code = (
        "import io\n"
        "from disclosure_format.cli import run\n"
        "assert run(['formats'], stdout=io.StringIO(), stderr=io.StringIO()) == 0"
    )
    modules = _ours(_imported(code))
    assert "disclosure_format.cli._formats" in modules
    for heavy in (
        "disclosure_format.validation",
        "disclosure_format.adapters",
        "disclosure_format._published",
        "disclosure_format.batch",
        "disclosure_format.cli._validate",
    ):
        assert heavy not in modules, heavy


@pytest.mark.parametrize("name", ["batch", "migrate", "aggregate", "series", "adapters"])
def test_a_function_keeps_its_name_when_its_module_is_imported(name):
    __import__(f"disclosure_format.{name}")
    assert callable(getattr(disclosure_format, name))
    assert getattr(disclosure_format, name).__name__ == name
