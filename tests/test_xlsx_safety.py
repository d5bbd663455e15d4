"""XLSX input cannot reach the file system or the network, nor blow up when unpacked.

openpyxl parses the workbook's XML with the standard library's expat: no
external entity is fetched (a ``SYSTEM "file:///…"`` entity is an error, not
the file's content), entity amplification ("billion laughs") is refused by
expat itself, and a zip bomb is refused before unpacking by the adapter.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

import disclosure_format as df
from disclosure_format import limits
from disclosure_format.errors import ReportError


def _workbook() -> bytes:
    data = df.render(df.new_report("2021", "某某局", 2023), "xlsx")
    assert isinstance(data, bytes)
    return data


def _with_sheet_xml(inject) -> bytes:
    """The example workbook with its first worksheet's XML rewritten by ``inject``."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = inject(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def test_an_external_entity_is_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")

    def inject(xml: str) -> str:
        head, _, rest = xml.partition("?>")
        doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        return head + "?>" + doctype + rest.replace("某某局", "&xxe;", 1)

    data = _with_sheet_xml(inject)
    with pytest.raises(ReportError, match="not a readable XLSX workbook") as info:
        df.read(data, "xlsx", source="xxe.xlsx")
    assert "TOP-SECRET-42" not in str(info.value)


def test_entity_amplification_is_refused_quickly():
    def inject(xml: str) -> str:
        head, _, rest = xml.partition("?>")
        entities = '<!ENTITY a0 "lol">' + "".join(
            f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
        )
        return head + "?>" + f"<!DOCTYPE x [{entities}]>" + rest.replace("某某局", "&a9;", 1)

    data = _with_sheet_xml(inject)
    started = time.perf_counter()
    with pytest.raises(ReportError, match="not a readable XLSX workbook"):
        df.read(data, "xlsx", source="laughs.xlsx")
    assert time.perf_counter() - started < 5


def test_a_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(limits, "MAX_BYTES", 1024 * 1024)  # unpacked limit: 4 MiB
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in zipfile.ZipFile(io.BytesIO(_workbook())).namelist():
            bomb.writestr(name, zipfile.ZipFile(io.BytesIO(_workbook())).read(name))
        bomb.writestr("xl/padding.xml", b"\x00" * (8 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 1024 * 1024  # small packed, large unpacked
    with pytest.raises(ReportError, match="unpacks to") as info:
        df.read(data, "xlsx", source="bomb.xlsx")
    assert info.value.file == "bomb.xlsx"
