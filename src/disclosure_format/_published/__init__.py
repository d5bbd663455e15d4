"""Reading published reports: the HTML and text agencies put on their websites.

The public entry point is :func:`read_published` (also reachable through the
adapter registry as the read-only reader ``published``).  The stages, each in
its own module, are described in ``docs/reading.md``:

* :mod:`._labels` — label normalisation and the label index of a format;
* :mod:`._detect` — format version, agency, year, date, section headings;
* :mod:`._match` — grids and runs of labels → rows of the format;
* :mod:`._split` — where a flattened digit run is split: runs → cells;
* :mod:`._solve` — the joint solver of the runs, by the format's arithmetic;
* :mod:`._values` — cell text → exact value;
* :mod:`._reader` — the pipeline, and the notes.
"""

from ._reader import read_document, read_published

__all__ = ["read_document", "read_published"]
