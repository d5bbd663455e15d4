"""Statements (how reports state figures in their text) and the narrative and publication checks.

Examples of the pattern notation, of each check, properties over generated
reports whose generated narratives state their own figures, and the real
corpus: no false alarm on any file.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_format import Finding, Report, get_format, loads_definition, new_report, validate
from disclosure_format._checks._stated import figure_of
from disclosure_format._pattern import PatternError, compile_pattern, example, flatten, normal
from disclosure_format._statements import CompiledStatement, compiled_statements, find_claims
from disclosure_format.adapters import read
from disclosure_format.findings import describe
from disclosure_format.registry import builtin_formats_dir
from disclosure_format.spec import FormatSpec
from disclosure_format.testing import reports

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SOURCE_2021 = (builtin_formats_dir() / "2021.toml").read_text(encoding="utf-8")


def _stated(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "N1"]


def _report(year: int = 2021, **values: int) -> Report:
    spec = get_format("2021")
    keys = {
        "new": "t3/new/applicant.total",
        "carried_over": "t3/carried_over/applicant.total",
        "total": "t3/results.total/applicant.total",
        "granted": "t3/results.granted/applicant.total",
        "forward": "t3/carried_forward/applicant.total",
        "review": "t4/cases/review.total",
        "direct": "t4/cases/litigation.direct.total",
        "after": "t4/cases/litigation.after_review.total",
        "in_force": "t2/normative_documents/in_force",
    }
    return new_report(spec, "某局", year, values={keys[k]: v for k, v in values.items()})


# ---------------------------------------------------------------- the notation


def _number(pattern: str, text: str) -> str | None:
    m = compile_pattern(pattern).search(normal(text))
    return None if m is None else m.group("n")


def test_patterns_match_as_reports_write():
    assert _number("收到…申请…{N}件", "全年收到政府信息公开申请34件，上年结转2件") == "34"
    assert _number("收到…申请…{N}件", "全年收到政府信息公开申请 34 件") == "34"  # spaces
    assert _number("收到…申请…{N}件", "全年收到政府信息公\n开申请\n34\n件") == "34"  # PDF lines
    assert _number("收到…申请…{N}件", "全年收到政府信息公开申请１２件") == "12"  # full width
    assert _number("收到{N}件…申请", "本年度全区共收到70件申请") == "70"
    assert _number("{N}件…行政复议", "有 1 件涉及政府信息公开工作的行政复议") == "1"
    assert _number("予以公开{#}件，占…{N}%", "予以公开9件，占比25.7%") == "25.7"
    assert _number("办结{N}件", "办结1,234件") == "1,234"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
    | st.text("收到申请 ，\n　㈠１2.件", max_size=40)
)
def test_flat_text_knows_where_each_character_came_from(text):
    flat = flatten(text)
    expected = [
        (f, i)
        for i, ch in enumerate(text)
        for f in unicodedata.normalize("NFKC", ch)
        if not f.isspace()
    ]
    assert flat.text == "".join(f for f, _ in expected)  # folded character by character
    assert [flat.origin(k) for k in range(len(flat.text))] == [i for _, i in expected]


def test_gaps_stay_inside_a_clause_and_numbers_are_whole():
    assert _number("收到…申请…{N}件", "收到表扬，申请人3件") is None  # a comma ends the clause
    assert _number("收到…申请…{N}件", "收到申请3类34件") is None  # a gap does not cross a number
    assert _number("收到…申请…{N}件", "收到申请一十二件") is None  # Chinese numerals: not read
    assert _number("办结{N}件", "办结12.5.3件") is None
    assert _number("收到…申请…{N}件", "收到" + "的" * 13 + "申请3件") is None  # longer than a gap


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("收到申请件", "needs a number slot"),
        ("{N}{#}件", "two numbers side by side"),
        ("…收到{N}件", "a gap at the edge"),
        ("收到{N}件…", "a gap at the edge"),
        ("收到{n}件", "is not notation"),
        ("收到1{N}件", "text ending in a digit"),
        ("{N}", "a pattern needs text"),
    ],
)
def test_bad_patterns_are_refused_with_their_place(pattern, message):
    with pytest.raises(PatternError, match=message):
        compile_pattern(pattern)


def test_every_declared_pattern_matches_its_own_example():
    for format_id in ("2019", "2021"):
        for c in compiled_statements(get_format(format_id)):
            for pattern, regex in zip(c.statement.patterns, c.regexes, strict=True):
                m = regex.search(normal(example(pattern, "7")))
                assert m is not None
                assert c.statement.value is not None or m.group("n") == "7"


def test_a_stated_rule_needs_statements():
    broken = SOURCE_2021[: SOURCE_2021.index("[[statements]]")]
    with pytest.raises(Exception, match="a stated rule needs the format's"):
        loads_definition(broken, source="2021.toml")


# ---------------------------------------------------------------- the stated rule


def test_a_figure_that_agrees_is_silent():
    report = attrs.evolve(
        _report(new=74, carried_over=1, total=75, forward=0),
        narrative={"overview": "全年共收到政府信息公开申请74件，上年结转政府信息公开申请1件。"},
    )
    assert _stated(validate(report)) == []


def test_a_figure_that_disagrees_is_one_warning_naming_sentence_place_and_cells():
    text = "我局认真开展依申请公开工作。\n全年共收到政府信息公开申请75件，上年结转1件。"
    report = attrs.evolve(
        _report(new=74, carried_over=1, total=75, forward=0), narrative={"overview": text}
    )
    (finding,) = _stated(validate(report))
    assert finding.severity.value == "warning"
    assert (finding.actual, finding.expected, finding.difference) == (75, 74, 1)
    assert [c.key for c in finding.cells] == ["t3/new/applicant.total"]
    assert finding.cells[0].value == 74
    assert finding.instance == "received"
    assert finding.passage is not None
    assert finding.passage.section == "overview"
    assert finding.passage.line == 2
    assert text[finding.passage.offset :].startswith("收到政府信息公开申请75件")
    assert finding.passage.sentence == "全年共收到政府信息公开申请75件，上年结转1件。"
    assert "75" in finding.message
    assert "74" in finding.message
    assert "全年共收到政府信息公开申请75件" in describe(finding)
    english = _stated(validate(report, locale="en"))[0]
    assert "the tables give 74" in english.message


def test_a_sum_of_cells_and_a_row_of_table_4():
    report = attrs.evolve(
        _report(review=2, direct=1, after=2),
        narrative={"appeals": "发生行政复议案件2件，行政诉讼案件4件。"},
    )
    (finding,) = _stated(validate(report))
    assert finding.instance == "lawsuits"
    assert (finding.actual, finding.expected) == (4, 3)
    assert {c.key for c in finding.cells} == {
        "t4/cases/litigation.direct.total",
        "t4/cases/litigation.after_review.total",
    }


def test_no_applications_received_against_table_3():
    said = {"other": "我局本年度没有收到政府信息公开申请，故未收取费用。"}
    assert _stated(validate(attrs.evolve(_report(), narrative=said))) == []
    (finding,) = _stated(validate(attrs.evolve(_report(new=3, total=3), narrative=said)))
    assert (finding.actual, finding.expected) == (0, 3)


def test_a_percentage_agrees_rounded_or_cut_to_its_decimals():
    base = _report(new=3, total=3, granted=1)

    def stated(text: str) -> list[Finding]:
        return _stated(validate(attrs.evolve(base, narrative={"requests": text})))

    assert stated("予以公开1件，占办结总数的33.3%。") == []
    assert stated("予以公开1件，占办结总数的33%。") == []
    (finding,) = stated("予以公开1件，占办结总数的50%。")
    assert finding.expected == Decimal("33.33")


def test_the_statistics_period_against_the_report_year():
    said = {"overview": "本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。"}
    assert _stated(validate(attrs.evolve(_report(2021), narrative=said))) == []
    findings = _stated(validate(attrs.evolve(_report(2022), narrative=said)))
    assert [(f.actual, f.expected) for f in findings] == [(2021, 2022), (2021, 2022)]
    assert "2022年度" in findings[0].message  # a year is written without grouping


def test_a_figure_over_a_blank_cell_is_not_compared():
    report = _report(new=5, total=5).with_values({"t3/new/applicant.total": None})
    said = {"overview": "全年收到政府信息公开申请5件。"}
    assert _stated(validate(attrs.evolve(report, narrative=said))) == []


def test_words_of_unless_veto_a_match():
    said = {"appeals": "收到行政复议申请2件。"}
    assert _stated(validate(attrs.evolve(_report(new=0, review=2), narrative=said))) == []


def _with_second_reading() -> FormatSpec:
    """The 2021 format plus a statement reading 收到…申请…N件 as new + carried over."""
    extra = """
[[statements]]
id = "received_all"
label = "本年新收与上年结转申请"
table = "t3"
column = "applicant.total"
expr = "new + carried_over"
patterns = ["收到…申请…{N}件"]
"""
    return loads_definition(SOURCE_2021 + extra, source="2021.toml", expected_id="2021")


def test_a_number_with_two_meanings_is_a_notice_never_a_guess():
    spec = _with_second_reading()
    said = {"overview": "全年收到政府信息公开申请5件。"}
    agree = attrs.evolve(_report(new=5, total=5), narrative=said)
    assert _stated(validate(agree, spec=spec)) == []  # both readings agree: nothing to say
    report = attrs.evolve(_report(new=5, carried_over=1, total=6), narrative=said)
    (finding,) = _stated(validate(report, spec=spec))
    assert finding.severity.value == "notice"
    assert finding.actual is None
    assert finding.expected is None
    assert "本年新收申请（表格为 5）" in finding.message
    assert "本年新收与上年结转申请（表格为 6）" in finding.message


# ---------------------------------------------------------------- publication checks


@pytest.mark.parametrize(
    ("published", "rules"),
    [
        (None, []),
        (date(2022, 1, 31), []),
        (date(2022, 2, 15), ["P2"]),
        (date(2022, 4, 1), ["P1", "P2"]),
    ],
)
def test_publication_by_the_statutory_deadline(published, rules):
    report = attrs.evolve(_report(2021), published=published)
    found = [f for f in validate(report) if f.rule.startswith("P")]
    assert [f.rule for f in found] == rules
    assert [f.severity.value for f in found] == (
        ["warning", "notice"][-len(rules) :] if rules else []
    )
    assert all("第四十九条" in (f.wording or "") for f in found)


@pytest.mark.parametrize("year", [-1, 9999, 10**60])
def test_a_year_no_date_can_have_is_not_compared_with_the_publication(year):
    # regression: date(year + 1, 3, 31) raised for years outside what dates hold
    report = attrs.evolve(_report(2021), year=year, published=date(2000, 1, 1))
    assert [f for f in validate(report) if f.rule.startswith("P")] == []


def test_every_section_there_and_saying_something():
    spec = get_format("2021")
    full = {s.key: "本年度工作情况良好。" for s in spec.sections}
    base = _report(new=1, total=1)
    assert [f for f in validate(attrs.evolve(base, narrative=full)) if f.rule == "N2"] == []
    assert [f for f in validate(base) if f.rule == "N2"] == []  # no narrative: tables only
    gaps = {**full, "other": "无。"}
    del gaps["overview"]
    del gaps["requests"]  # its table has values: it is there
    found = [f for f in validate(attrs.evolve(base, narrative=gaps)) if f.rule == "N2"]
    assert [(f.instance, f.severity.value) for f in found] == [
        ("overview", "notice"),
        ("other", "notice"),
    ]
    assert "无。" in found[1].message


# ---------------------------------------------------------------- properties


def _figure(spec: FormatSpec, c: CompiledStatement, report: Report) -> str | None:
    """How the report states ``c``'s figure, or None when it is not stated (blank, no whole)."""
    figure = figure_of(spec, c, report)
    if isinstance(figure, Fraction):
        return str((Decimal(figure.numerator) / Decimal(figure.denominator)).quantize(Decimal(1)))
    if not isinstance(figure, int | Decimal):
        return None
    if c.statement.value is not None:
        return "" if figure == c.statement.value else None
    return str(figure)


def _narrative(spec: FormatSpec, report: Report) -> tuple[str, list[tuple[CompiledStatement, str]]]:
    """A text stating every figure of ``report`` its format's statements can state."""
    sentences = []
    for c in compiled_statements(spec):
        value = _figure(spec, c, report)
        if value is not None:
            sentences.append((c, example(c.statement.patterns[0], value, other=value or "1")))
    return "。".join(s for _, s in sentences) + "。", sentences


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), format_id=st.sampled_from(["2019", "2021"]))
def test_a_narrative_stating_its_own_figures_validates_clean(data, format_id):
    spec = get_format(format_id)
    report = data.draw(reports(spec, narrative=st.just("")))
    text, sentences = _narrative(spec, report)
    report = attrs.evolve(report, narrative={"overview": text})
    assert _stated(validate(report)) == []
    assert len(find_claims(compiled_statements(spec), report.narrative)) == len(sentences)


def _drawn(
    data: st.DataObject, format_id: str
) -> tuple[FormatSpec, Report, str, list[tuple[CompiledStatement, str]]]:
    """A valid report without blanks and the narrative stating its figures."""
    spec = get_format(format_id)
    report = data.draw(reports(spec, narrative=st.just(""), blanks=False))
    return spec, report, *_narrative(spec, report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), format_id=st.sampled_from(["2019", "2021"]))
def test_one_stated_number_changed_is_one_finding_naming_both(data, format_id):
    spec, report, _, sentences = _drawn(data, format_id)
    numbered = [(c, s) for c, s in sentences if c.statement.value is None]
    c, sentence = data.draw(st.sampled_from(numbered))
    stated = _figure(spec, c, report)
    assert stated is not None
    wrong = str(int(stated) + data.draw(st.integers(5, 1000)))
    changed = example(c.statement.patterns[0], wrong, other=wrong)
    text = "。".join(changed if s is sentence else s for _, s in sentences) + "。"
    (finding,) = _stated(validate(attrs.evolve(report, narrative={"overview": text})))
    assert finding.instance == c.statement.id
    assert finding.actual == int(wrong)
    assert finding.passage is not None
    assert changed in finding.passage.sentence
    assert {r.key for r in finding.cells} == {spec.cells[i].key for i in c.cells}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), format_id=st.sampled_from(["2019", "2021"]))
def test_one_cell_changed_is_one_finding_naming_both(data, format_id):
    spec, report, text, sentences = _drawn(data, format_id)
    users: dict[int, list[CompiledStatement]] = {}
    for c, _ in sentences:
        for index in c.cells:
            users.setdefault(index, []).append(c)
    counts = [i for i, cs in users.items() if len(cs) == 1 and cs[0].statement.of is None]
    index = data.draw(st.sampled_from(sorted(counts)))
    key = spec.cells[index].key
    value = report.values[key]
    assert isinstance(value, int)
    changed = report.with_values({key: value + data.draw(st.integers(1, 1000))})
    (finding,) = _stated(validate(attrs.evolve(changed, narrative={"overview": text})))
    assert finding.instance == users[index][0].statement.id
    assert key in {r.key for r in finding.cells}
    assert finding.passage is not None


# ---------------------------------------------------------------- the real corpus

# Every figure the corpus narratives state, checked by hand against the tables:
#   000.txt  "我局2023年度没有收到政府信息公开申请" — table 3 new is 0: agrees.
#   004.txt  "本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理" —
#            new 70, results total 69, carried forward 1: agree.
#   008.txt  "本年度制发行政规范性文件62件" — the split the reader keeps says 62: agrees.
#   010.txt  "全年收到政府信息公开申请 34 件，上年结转政府信息公开 申请 2 件" — 34 and 2;
#            "有 1 件涉及政府信息公开工作的行政复议" — review total 1; "涉及的行政诉讼数为
#            0 件" — litigation 0: all agree ("同意公开答复 9 件" is a result, not read).
#   013.html "共收到依申请信息公开26件" — new 26: agrees.
#   001.html, 003.txt state no figure the statements know.
# So no report of the corpus disagrees: no stated warning is right for every file.


@pytest.mark.parametrize("path", sorted(CORPUS.glob("0*.*")), ids=lambda p: p.name)
def test_no_false_alarm_on_the_corpus(path):
    reading = read(path.read_bytes(), source=path.name)
    findings = validate(reading.report)
    assert [f for f in findings if f.rule == "N1" and f.severity.value == "warning"] == []
