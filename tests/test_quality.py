"""Lint, format and type checks are part of the suite, so CI enforces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import disclosure_format

ROOT = Path(__file__).resolve().parent.parent


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff():
    lint = _run("ruff", "check", "src", "tests", "benchmarks")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run("ruff", "format", "--check", "src", "tests", "benchmarks")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_strict():
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_public_api_is_listed():
    names = {n for n in dir(disclosure_format) if not n.startswith("_")} | {"__version__"}
    modules = {n for n in names if type(getattr(disclosure_format, n)).__name__ == "module"}
    assert set(disclosure_format.__all__) == names - modules
    assert (Path(disclosure_format.__file__).parent / "py.typed").is_file()
