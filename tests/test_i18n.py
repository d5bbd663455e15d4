"""Localisation: locales, translations of every definition text, exact numbers and dates."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import get_format, list_formats, load_report, validate
from disclosure_format.errors import DisclosureFormatError, UnknownLocaleError, ValueParseError
from disclosure_format.findings import describe
from disclosure_format.i18n import (
    DEFAULT_LOCALE,
    SUPPORTED_LOCALES,
    format_date,
    format_number,
    format_value,
    get_translator,
    parse_date,
    parse_value,
    resolve_locale,
)
from disclosure_format.spec import CellKind, FormatSpec
from disclosure_format.testing import reports

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TRANSLATED = [loc for loc in SUPPORTED_LOCALES if loc != DEFAULT_LOCALE]
HAN = re.compile(r"[\u3400-\u9fff]")


# ---------------------------------------------------------------- locales


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (None, "zh_Hans"),
        ("zh_Hans", "zh_Hans"),
        ("zh-hans", "zh_Hans"),
        ("zh_CN", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh_TW", "zh_Hant"),
        ("zh-HK", "zh_Hant"),
        ("zh_Hant_MO", "zh_Hant"),
        ("en", "en"),
        ("en_US", "en"),
        ("EN-GB", "en"),
    ],
)
def test_resolve_locale(name, expected):
    assert resolve_locale(name) == expected


@pytest.mark.parametrize("name", ["fr", "xx", "", "zh_Latn", "en_", "../etc"])
def test_unknown_locale_is_a_typed_error_listing_the_supported_ones(name):
    with pytest.raises(UnknownLocaleError) as info:
        get_translator(name)
    assert isinstance(info.value, DisclosureFormatError)
    for supported in SUPPORTED_LOCALES:
        assert supported in str(info.value)
    assert info.value.available == SUPPORTED_LOCALES


def test_translators_are_loaded_once_and_shared_between_threads():
    found: list[object] = []
    threads = [
        threading.Thread(target=lambda: found.append(get_translator("en"))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(t) for t in found}) == 1
    assert found[0] is get_translator("en_US")


# ---------------------------------------------------------------- translations


def _definition_texts(spec: FormatSpec) -> Iterator[tuple[str | None, str]]:
    """Every display text of a definition, with the context it is looked up in.

    Walked here from the loaded definition, independently of the extractor, so
    a text the extractor missed fails this test.
    """
    for text in (spec.title, spec.notice, spec.description):
        if text:
            yield None, text
    for section in spec.sections:
        yield None, section.title
        if section.description:
            yield None, section.description
    for table in spec.tables:
        yield None, table.caption
        for block in table.blocks:
            for text in (block.caption, block.corner):
                if text:
                    yield table.id, text
            for tree in (block.rows, block.columns):
                for root in tree:
                    for path in root.walk():
                        if path[-1].label:
                            yield table.id, path[-1].label
                        if path[-1].unit:
                            yield table.id, path[-1].unit
    for rule in spec.rules:
        for text in (rule.name, rule.message, rule.wording):
            if text:
                yield None, text
    for figure in spec.figures:
        for text in (figure.label, figure.description):
            if text:
                yield None, text


@pytest.mark.parametrize("locale", TRANSLATED)
@pytest.mark.parametrize("spec", list_formats(), ids=lambda s: s.id)
def test_every_text_of_every_format_is_translated(spec, locale):
    tr = get_translator(locale)
    missing = [(c, t) for c, t in _definition_texts(spec) if not tr.translates(t, c)]
    assert not missing, f"{locale} lacks translations: {missing}"


@pytest.mark.parametrize("spec", list_formats(), ids=lambda s: s.id)
def test_english_texts_hold_no_chinese(spec):
    tr = get_translator("en")
    leftovers = [t for c, t in _definition_texts(spec) if HAN.search(tr.label(t, c))]
    assert not leftovers


def test_traditional_texts_use_the_mainland_terms_in_traditional_characters():
    tr = get_translator("zh_Hant")
    assert (
        tr.label("四、政府信息公开行政复议、行政诉讼情况")
        == "四、政府信息公開行政復議、行政訴訟情況"
    )
    assert tr.label("1.属于国家秘密", "t3") == "1.屬於國家秘密"
    assert tr.label(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "t3"
    ) == ("（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）")


def test_context_separates_the_same_label_in_different_tables():
    tr = get_translator("en")
    assert tr.label("行政复议", "t4") == "Administrative reconsideration"
    assert tr.label("总计", "t3") == "Total"
    assert tr.label("总计", "t9") == "总计"  # unknown context: the official text


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_missing_translation_falls_back_to_the_official_chinese(locale):
    tr = get_translator(locale)
    assert tr.label("第九十九条第（一）项", "t2") == "第九十九条第（一）项"
    assert tr.gettext("一条新的消息") == "一条新的消息"
    assert tr.label("") == ""
    assert tr.ngettext("{n} 个新事物", "{n} 个新事物", 2) == "{n} 个新事物"


def test_the_source_locale_is_the_official_text():
    tr = get_translator(DEFAULT_LOCALE)
    assert tr.identity
    spec = get_format("2021")
    for cell in spec.cells:
        assert tr.cell_label(cell) == cell.label


def test_english_cell_labels_and_plurals():
    tr = get_translator("en")
    cell = get_format("2021").cell("t3/results.denied.state_secret/applicant.natural_person")
    assert tr.cell_label(cell) == (
        "t3 III. Results of handling this year/(3) Not disclosed/1. State secrets"
        " × Applicants/Natural persons"
    )
    assert tr.ngettext("{n} 个错误", "{n} 个错误", 1).format(n=1) == "1 error"
    assert tr.ngettext("{n} 个错误", "{n} 个错误", 2).format(n=2) == "2 errors"


# ---------------------------------------------------------------- validation in a locale


def test_findings_are_localised():
    report = load_report(EXAMPLES / "2021-with-errors.json")
    chinese = validate(report)
    english = validate(report, locale="en")
    assert [f.rule for f in chinese] == [f.rule for f in english]
    assert [f.actual for f in chinese] == [f.actual for f in english]
    s1 = english[0]
    assert s1.rule == "S1"
    assert s1.message.startswith("New applications plus applications carried over")
    assert s1.wording == (
        "(Reconciliation of each column: item I plus item II equals item III plus item IV)"
    )
    assert s1.instance_label == "Applicants/Total"
    for finding in english:
        for cell in finding.cells:
            assert not HAN.search(cell.label), cell.label
    text = describe(s1, locale="en")
    assert "71 ≠ 70 (difference +1)" in text
    assert (
        "t3 I. New applications for government information disclosure received this year = 71"
        in (text)
    )
    assert " × Applicants/Total" not in text  # the instance is in the headline, not on each cell


def test_kind_findings_compose_their_message_in_the_locale():
    spec = get_format("2021")
    report = load_report(EXAMPLES / "2021-with-errors.json").with_values(
        {"t3/new/applicant.natural_person": "七", "t3/new/applicant.legal_person.business": -3}
    )
    messages = {f.message for f in validate(report, locale="en", select=["I3"])}
    assert "Application counts should be non-negative integers: not a number: '七'" in messages
    assert "Application counts should be non-negative integers: must not be negative: -3" in (
        messages
    )
    notices = [f for f in validate(report, locale="en", select=["S1"]) if f.severity == "notice"]
    assert notices
    assert notices[0].message.startswith("Not checked (t3/new/applicant.natural_person not a")
    assert spec.id == "2021"


def test_unknown_locale_in_validate():
    report = load_report(EXAMPLES / "2021-with-errors.json")
    with pytest.raises(UnknownLocaleError):
        validate(report, locale="klingon")


@settings(max_examples=12)
@given(data=st.data())
def test_localised_validation_finds_what_the_official_one_finds(data):
    locale = data.draw(st.sampled_from(TRANSLATED))
    spec = data.draw(st.sampled_from(list_formats()))
    report = data.draw(reports(spec, valid=False))
    official = validate(report)
    localised = validate(report, locale=locale)
    assert [(f.rule, f.severity, f.instance, f.actual, f.expected) for f in localised] == [
        (f.rule, f.severity, f.instance, f.actual, f.expected) for f in official
    ]
    assert [[c.key for c in f.cells] for f in localised] == [
        [c.key for c in f.cells] for f in official
    ]


# ---------------------------------------------------------------- numbers


def _amounts() -> st.SearchStrategy[Decimal]:
    return st.builds(
        lambda units, places: Decimal(f"{units}E-{places}"),  # exact: no context rounding
        st.one_of(st.just(0), st.integers(0, 10**40)),
        st.integers(0, 12),
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@given(
    value=st.one_of(
        st.tuples(st.just(CellKind.COUNT), st.integers(0, 10**40)),
        st.tuples(st.just(CellKind.SIGNED), st.integers(-(10**30), 10**30)),
        st.tuples(st.just(CellKind.AMOUNT), _amounts()),
        st.tuples(st.just(CellKind.AMOUNT), _amounts().map(Decimal.copy_negate)),
    )
)
def test_numbers_round_trip_exactly(locale, value):
    kind, number = value
    text = format_value(number, kind, locale)
    back = parse_value(text, kind, locale)
    assert back == number
    assert type(back) is type(number)
    if isinstance(number, Decimal):
        assert back.as_tuple() == number.as_tuple()  # every digit, every trailing zero


def test_an_amount_with_a_positive_exponent_is_written_in_full():
    assert format_value(Decimal("1E+3"), CellKind.AMOUNT, "en") == "1,000"
    assert parse_value("1,000", CellKind.AMOUNT, "en") == Decimal("1E+3")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_number_examples(locale):
    assert format_value(1234567, CellKind.COUNT, locale) == "1,234,567"
    assert format_value(-7, CellKind.SIGNED, locale) == "-7"
    assert format_value(Decimal("0.000"), CellKind.AMOUNT, locale) == "0.000"
    assert format_value(Decimal("24252.311082"), "amount", locale) == "24,252.311082"
    assert format_value(None, CellKind.COUNT, locale) == ""
    assert format_value("七", CellKind.COUNT, locale) == "七"
    assert format_number(Decimal("1.50"), locale) == "1.50"
    assert parse_value("", CellKind.COUNT, locale) is None
    assert parse_value("  ", CellKind.AMOUNT, locale) is None
    assert parse_value("1,234", CellKind.COUNT, locale) == 1234
    assert parse_value("5", CellKind.AMOUNT, locale) == Decimal("5")
    assert parse_value("1.0", CellKind.COUNT, locale) == Decimal("1.0")
    assert parse_value("文本", CellKind.TEXT, locale) == "文本"


@pytest.mark.parametrize("text", ["12,34", "1.2.3", "abc", "１２３", "NaN", "1e5x", "--1"])
@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_text_that_is_not_a_number_is_a_typed_error(text, locale):
    with pytest.raises(ValueParseError) as info:
        parse_value(text, CellKind.COUNT, locale)
    assert info.value.text == text
    assert isinstance(info.value, DisclosureFormatError)


# ---------------------------------------------------------------- dates


def test_date_examples():
    day = date(2024, 1, 10)
    assert format_date(day, "zh_Hans") == "2024年1月10日"
    assert format_date(day, "zh_Hant") == "2024年1月10日"
    assert format_date(day, "en") == "January 10, 2024"
    assert parse_date("2024年1月10日", "zh_Hans") == day
    assert parse_date(" 2024 年 01 月 10 日 ", "zh_Hans") == day
    assert parse_date("january 10, 2024", "en") == day


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@given(day=st.dates(date(1990, 1, 1), date(2200, 12, 31)))
def test_dates_round_trip(locale, day):
    assert parse_date(format_date(day, locale), locale) == day


@pytest.mark.parametrize(
    ("text", "locale"),
    [("2024年2月30日", "zh_Hans"), ("2024-01-10", "zh_Hans"), ("Jan 10 2024", "en"), ("", "en")],
)
def test_bad_dates_are_typed_errors(text, locale):
    with pytest.raises(ValueParseError):
        parse_date(text, locale)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_hostile_huge_number_is_shown_as_written_not_expanded(locale):
    huge = Decimal("9.99E+999999")
    assert format_value(huge, CellKind.AMOUNT, locale) == "9.99E+999999"
    assert format_number(10**80, locale) == str(10**80)
    report = load_report(EXAMPLES / "2021-with-errors.json").with_values(
        {"t3/new/applicant.natural_person": huge}
    )
    messages = [f.message for f in validate(report, locale=locale, select=["I3"])]
    assert any("9.99E+999999" in m for m in messages)
    with pytest.raises(ValueParseError):
        parse_value("1" * 200, CellKind.COUNT, locale)
