"""The library's own vocabulary, each word once: severities, report fields, change kinds…

Texts of the formats live in their definitions; the words the library
itself uses about them — the names of the severities and rule bases, the
report's field labels (格式, 机关, 年度, 发布日期), the placeholder for a
report without an agency, the kinds of element and change a version diff
lists, the kinds of migration note — are defined here and nowhere else, so
the command line, the adapters and the generated reference show the same
word, and one catalog entry translates it everywhere.

Codes (``error``, ``stated``, ``relabelled``) are what files, JSON and
options use; the functions here give the word to *show* for a code, in the
translator's locale.  A code without a word here is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from .i18n import Translator
from .spec import FormatSpec

__all__ = [
    "FIELD_LABELS",
    "N_",
    "basis",
    "cell_kind",
    "check",
    "counts",
    "diff_field",
    "diff_heading",
    "diff_how",
    "diff_what",
    "field",
    "format_heading",
    "format_identity",
    "no_agency",
    "note_kind",
    "note_severity",
    "per",
    "severity",
    "years_text",
]


def N_(message: str) -> str:
    """Mark a message for extraction into the catalogs; it is translated where it is shown."""
    return message


def pgettext(context: str, message: str) -> tuple[str, str]:
    """Mark a message of ``context`` for extraction (babel knows the name); see :func:`N_`."""
    return (context, message)


_Word = str | tuple[str, str]
"""A message id, or a (context, message id) pair."""

FIELD_LABELS: Mapping[str, str] = {
    "format": N_("格式"),
    "agency": N_("机关"),
    "year": N_("年度"),
    "published": N_("发布日期"),
}
"""The report's own fields (by key) and their official labels, as the adapters write them."""

_SEVERITIES = {"error": N_("错误"), "warning": N_("警告"), "notice": N_("提示")}
_NOTE_SEVERITIES = {"error": N_("错误"), "warning": N_("警告"), "info": N_("信息")}
_BASES = {"stated": N_("格式明示"), "implied": N_("结构隐含")}
_CELL_KINDS = {
    "count": N_("计数"),
    "signed": N_("带符号计数"),
    "amount": N_("金额"),
    "text": N_("文字"),
}
_CHECKS = {
    "expr": N_("算式"),
    "kind": N_("取值类型"),
    "blank": N_("列出空白单元格"),
    "stated": N_("正文与表格一致"),
    "sections": N_("各部分齐全"),
    "deadline": N_("按时公布"),
    "complete": N_("表格齐全"),
}
_PER = {"column": N_("逐列"), "row": N_("逐行")}
_NOTE_KINDS = {
    "not-carried": N_("未迁移"),
    "moved": N_("已移动"),
    "left-blank": N_("留空"),
    "not-added": N_("未相加"),
    "year-outside-format": N_("年度不在格式适用范围内"),
    "gap": N_("缺少年度"),
    "agency": N_("机关名称"),
    "not-a-number": N_("不是数字"),
}


_DIFF_WHAT = {
    "format": pgettext("diff", "格式"),
    "section": pgettext("diff", "章节"),
    "table": pgettext("diff", "表"),
    "block": pgettext("diff", "块"),
    "row": pgettext("diff", "行"),
    "column": pgettext("diff", "列"),
    "rule": pgettext("diff", "规则"),
    "figure": pgettext("diff", "主要数字"),
}
_DIFF_HOW = {
    "added": pgettext("diff", "新增"),
    "removed": pgettext("diff", "删除"),
    "relabelled": pgettext("diff", "标签变更"),
    "retyped": pgettext("diff", "类型变更"),
    "regrouped": pgettext("diff", "分组变更"),
    "moved": pgettext("diff", "移动"),
    "changed": pgettext("diff", "修改"),
}
_DIFF_HEADING = {
    "format": pgettext("diff heading", "格式"),
    "section": pgettext("diff heading", "章节"),
    "table": pgettext("diff heading", "表"),
    "block": pgettext("diff heading", "块"),
    "row": pgettext("diff heading", "行"),
    "column": pgettext("diff heading", "列"),
    "rule": pgettext("diff heading", "规则"),
    "figure": pgettext("diff heading", "主要数字"),
}
_DIFF_FIELD = {
    "title": pgettext("diff", "名称"),
    "notice": pgettext("diff", "文号"),
    "issued": pgettext("diff", "印发日期"),
    "years": pgettext("diff", "适用年度"),
    "supersedes": pgettext("diff", "取代格式"),
    "description": pgettext("diff", "说明"),
    "label": pgettext("diff", "标签"),
    "caption": pgettext("diff", "标题"),
    "corner": pgettext("diff", "表头角"),
    "kind": pgettext("diff", "类型"),
    "unit": pgettext("diff", "单位"),
    "expr": pgettext("diff", "表达式"),
    "severity": pgettext("diff", "严重程度"),
    "basis": pgettext("diff", "依据"),
    "check": pgettext("diff", "检查方式"),
    "wording": pgettext("diff", "原文"),
    "message": pgettext("diff", "说明文字"),
    "name": pgettext("diff", "规则名称"),
    "each": pgettext("diff", "逐行或逐列"),
    "rows": pgettext("diff", "适用行"),
    "columns": pgettext("diff", "适用列"),
    "cells": pgettext("diff", "单元格"),
    "block": pgettext("diff", "所在块"),
    "tables": pgettext("diff", "所含表"),
}


def _word(words: Mapping[str, _Word], code: str, tr: Translator) -> str:
    word = words.get(str(code))
    if word is None:
        return str(code)
    return tr.pgettext(*word) if isinstance(word, tuple) else tr.gettext(word)


def field(key: str, tr: Translator) -> str:
    """The label of report field ``key`` (``format``, ``agency``, ``year``, ``published``)."""
    return tr.gettext(FIELD_LABELS[key])


def severity(code: str, tr: Translator) -> str:
    """The word for a finding's severity (``error`` → 错误)."""
    return _word(_SEVERITIES, code, tr)


def note_severity(code: str, tr: Translator) -> str:
    """The word for a read or migration note's severity (``info`` → 信息)."""
    return _word(_NOTE_SEVERITIES, code, tr)


def basis(code: str, tr: Translator) -> str:
    """The word for a rule's basis (``stated`` → 格式明示)."""
    return _word(_BASES, code, tr)


def cell_kind(code: str, tr: Translator) -> str:
    """The word for a cell kind (``amount`` → 金额)."""
    return _word(_CELL_KINDS, code, tr)


def check(code: str, tr: Translator) -> str:
    """The word for the kind of test a rule performs (``expr`` → 算式)."""
    return _word(_CHECKS, code, tr)


def per(code: str, tr: Translator) -> str:
    """How a rule is applied, ``each = "column"`` or ``"row"`` (→ 逐列, 逐行)."""
    return _word(_PER, code, tr)


def note_kind(code: str, tr: Translator) -> str:
    """The word for a migration or series note's kind (``not-carried`` → 未迁移)."""
    return _word(_NOTE_KINDS, code, tr)


def no_agency(tr: Translator) -> str:
    """What stands for the agency of a report that names none."""
    return tr.gettext("（未填报告机关）")


def diff_what(code: str, tr: Translator) -> str:
    """The word for a kind of element a version diff lists (``row`` → 行)."""
    return _word(_DIFF_WHAT, code, tr)


def diff_how(code: str, tr: Translator) -> str:
    """The word for a kind of change (``relabelled`` → 标签变更)."""
    return _word(_DIFF_HOW, code, tr)


def diff_heading(code: str, tr: Translator) -> str:
    """The heading of a version diff's group of changes to one kind of element (``row`` → 行)."""
    return _word(_DIFF_HEADING, code, tr)


def diff_field(code: str, tr: Translator) -> str:
    """The word for the attribute a change is about (``notice`` → 文号)."""
    return _word(_DIFF_FIELD, code, tr)


def format_heading(spec: FormatSpec, tr: Translator) -> str:
    """``格式 2021：<title>``: a format named by its id and official title."""
    return tr.gettext("格式 {id}：{title}").format(id=spec.id, title=tr.label(spec.title))


def years_text(spec: FormatSpec, tr: Translator) -> str:
    """The report years a format governs, as a phrase (``适用于2021年度起的报告``)."""
    first, last = spec.years.first, spec.years.last
    if last is None:
        return tr.gettext("适用于{first}年度起的报告").format(first=first)
    return tr.gettext("适用于{first}–{last}年度报告").format(first=first, last=last)


def format_identity(spec: FormatSpec, tr: Translator) -> str:
    """A format's issuing notice, date, report years and predecessor, as one line."""
    parts = [tr.label(spec.notice)]
    if spec.issued:
        parts.append(tr.gettext("{date}印发").format(date=tr.format_date(spec.issued)))
    parts.append(years_text(spec, tr))
    if spec.supersedes:
        parts.append(tr.gettext("取代格式 {format}").format(format=spec.supersedes))
    return tr.gettext("；").join(parts)


def counts(errors: int, warnings: int, notices: int, tr: Translator) -> str:
    """``3 个错误、0 个警告、0 条提示``: how many findings of each severity."""
    parts = [
        tr.ngettext("{n} 个错误", "{n} 个错误", errors),
        tr.ngettext("{n} 个警告", "{n} 个警告", warnings),
        tr.ngettext("{n} 条提示", "{n} 条提示", notices),
    ]
    # Translators: the separator between the items of a list (、 in Chinese).
    return tr.gettext("、").join(
        p.format(n=tr.format_number(c))
        for p, c in zip(parts, (errors, warnings, notices), strict=True)
    )
