"""Shared fixtures for the extraction tests: the copied corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture(scope="session")
def corpus_bytes() -> Callable[[str], bytes]:
    """Read a corpus file (e.g. ``"001.html"``) as published bytes."""

    def read(name: str) -> bytes:
        return (CORPUS / name).read_bytes()

    return read


@pytest.fixture(scope="session")
def expected() -> Callable[[str], dict[str, Any]]:
    """The hand-checked expected cells of a corpus file (``expected/NNN.json``)."""

    def read(number: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(
            (CORPUS / "expected" / f"{number}.json").read_text("utf-8")
        )
        return data

    return read
