"""The built wheel carries the format definitions and works without the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import disclosure_format

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("disclosure_format-*.whl")
    return built


def test_wheel_contains_the_definitions_and_typing_marker(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    for fmt in ("2019", "2021"):
        assert f"disclosure_format/formats/{fmt}.toml" in names
    assert "disclosure_format/py.typed" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "disclosure-format = disclosure_format.cli:main" in text


def test_installed_wheel_finds_both_formats_without_the_source_tree(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what an installer puts in site-packages
    code = (
        "import disclosure_format as d, disclosure_format.registry as r;"
        "print(d.__file__); print(r.builtin_formats_dir());"
        "print(','.join(s.id for s in d.list_formats()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    module, formats_dir, ids = done.stdout.split()
    assert module.startswith(str(site))
    assert formats_dir.startswith(str(site))
    assert ids == "2019,2021"
    assert not formats_dir.startswith(str(ROOT))


def test_source_checkout_uses_the_repository_definitions():
    from disclosure_format.registry import builtin_formats_dir

    assert (builtin_formats_dir() / "2021.toml").is_file()
    assert Path(disclosure_format.__file__).is_file()
