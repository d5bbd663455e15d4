"""Sphinx configuration of the disclosure-format documentation.

Build (warnings are errors)::

    python -m sphinx -W -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

from disclosure_format import __version__

project = "disclosure-format"
author = "disclosure-format maintainers"
copyright = "2026, disclosure-format maintainers"
release = version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "disclosure_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "examples", "Thumbs.db", ".DS_Store"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"undoc-members": False}

html_theme = "alabaster"
html_title = f"disclosure-format {release}"
html_static_path = ["_static"]  # custom.css: long keys in tables may break
html_theme_options = {
    "description": "政府信息公开工作年度报告 as data",
    "fixed_sidebar": True,
}
