"""Headless Chromium for the layout tests: find it, run it bounded, read back what a page wrote.

A missing browser skips the test, except under CI (``CI=true``), where it is a
failure: ``.ci/run`` installs Debian's chromium.  Each launch has a fresh
profile and a timeout, and the flags keep it off the network.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT = 120


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail(
            "chromium is not installed (apt-get install -y chromium); CI must run this test"
        )
    pytest.skip("chromium is not installed")


def run(*args: str, width: int = 794, height: int = 1123) -> subprocess.CompletedProcess[str]:
    """One browser launch with a fresh profile (A4 width at 96 dpi by default)."""
    path = browser()
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                path,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


MEASURE_ID = "df-measured"


def measured(page: Path, **size: int) -> Any:
    """The JSON a page's script put in ``<pre id="df-measured">`` once loaded (``--dump-dom``)."""
    done = run("--virtual-time-budget=10000", "--dump-dom", page.as_uri(), **size)
    found = re.search(rf'<pre id="{MEASURE_ID}">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, f"no measurement in the page (exit {done.returncode}): {done.stderr[-800:]}"
    return json.loads(html.unescape(found.group(1)))


def screenshot(page: Path, out: Path, **size: int) -> bytes:
    """A PNG of the page as the browser draws it."""
    done = run(f"--screenshot={out}", "--virtual-time-budget=10000", page.as_uri(), **size)
    assert out.is_file(), f"no screenshot (exit {done.returncode}): {done.stderr[-800:]}"
    return out.read_bytes()


ERRORS = (
    "<script>window.dfErrors = [];\n"
    'window.addEventListener("error", (e) => window.dfErrors.push(String(e.message)));\n'
    "</script>\n"
)
"""Put first in ``<head>``: every uncaught error of the page is kept for :func:`script`."""


def script(body: str) -> str:
    """A ``<script>`` that runs ``body`` after load; ``body`` sets ``out``, written into the
    page as JSON (with the errors :data:`ERRORS` kept, if it is in the page) for
    :func:`measured`."""
    return (
        '<script>\nwindow.addEventListener("load", () => {\n  let out = null;\n'
        "  const errors = window.dfErrors || [];\n"
        f"  try {{\n{body}\n  }} catch (e) {{ errors.push(String(e)); }}\n"
        '  const pre = document.createElement("pre");\n'
        f'  pre.id = "{MEASURE_ID}";\n'
        "  pre.textContent = JSON.stringify({out, errors});\n"
        "  document.body.appendChild(pre);\n});\n</script>\n"
    )
