"""A catalogue of broken format definitions, each rejected at load time with its own message.

Every case edits the real 2021 definition in one place (``old`` → ``new``)
and states what the error must say and where (key path, and line where the
file shows it).  A definition that loads is safe to use everywhere, so each
kind of fault a maintainer can make must stop here — with a message that
says what to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_format import DefinitionError, load_definition, loads_definition
from disclosure_format.registry import builtin_formats_dir

SOURCE = (builtin_formats_dir() / "2021.toml").read_text(encoding="utf-8")

# (id, old, new, path fragment, message fragment)
CASES = [
    ("toml-syntax", 'id = "2021"', 'id = "2021', "$", "TOML syntax error"),
    (
        "integer-too-long",
        "years = { first = 2021 }",
        "years = { first = " + "9" * 5000 + " }",
        "$",
        "TOML value not readable",
    ),
    (
        "missing-field",
        'notice = "国办公开办函〔2021〕30号"\n',
        "",
        "$.notice",
        "required field missing",
    ),
    ("misspelled-key", "supersedes = ", "supercedes = ", "$", "did you mean 'supersedes'"),
    (
        "wrong-type",
        'title = "中华人民共和国政府信息公开工作年度报告格式"',
        "title = 2021",
        "$.title",
        "expected a string",
    ),
    ("bad-date", "issued = 2021-09-26", 'issued = "26 Sept 2021"', "$.issued", "expected a date"),
    ("id-not-file-name", 'id = "2021"', 'id = "2022"', "$.id", "must match the file name"),
    (
        "bad-years",
        "years = { first = 2021 }",
        "years = { first = 2021, last = 2020 }",
        "$.years.last",
        "before the first year",
    ),
    (
        "implausible-year",
        "years = { first = 2021 }",
        "years = { first = 21 }",
        "$.years.first",
        "not a plausible report year",
    ),
    (
        "supersedes-itself",
        'supersedes = "2019"',
        'supersedes = "2021"',
        "$.supersedes",
        "cannot supersede itself",
    ),
    (
        "duplicate-section",
        'key = "problems"',
        'key = "other"',
        "$.sections[5].key",
        "duplicate section key 'other'",
    ),
    (
        "section-unknown-table",
        'tables = ["t4"]',
        'tables = ["t5"]',
        "$.sections[3].tables[0]",
        "unknown table 't5'",
    ),
    ("table-in-no-section", 'tables = ["t4"]\n', "", "$.tables[2]", "in no section"),
    ("duplicate-table", 'id = "t4"', 'id = "t3"', "$.tables[2].id", "duplicate table id"),
    (
        "bad-enum",
        'severity = "warning"',
        'severity = "warn"',
        "$.rules[9].severity",
        "did you mean 'warning'",
    ),
    (
        "tree-bad-key",
        "regulations          规章",
        "Regulations          规章",
        "$.tables[0].blocks[0].rows",
        "is not a valid key",
    ),
    (
        "tree-bad-indent",
        "    state_secret         1.属于国家秘密",
        "     state_secret         1.属于国家秘密",
        "$.tables[1].blocks[0].rows",
        "does not match its siblings",
    ),
    (
        "tree-duplicate-key",
        "repeated             2.重复申请",
        "petition             2.重复申请",
        "$.tables[1].blocks[0].rows",
        "duplicate row key 'petition'",
    ),
    (
        "tree-bad-attribute",
        '{kind = "amount", unit = "万元"}',
        '{kind = "money", unit = "万元"}',
        "$.tables[0].blocks[3].columns",
        "kind 'money' is not one of",
    ),
    (
        "tree-unknown-attribute",
        '{kind = "amount", unit = "万元"}',
        '{kind = "amount", units = "万元"}',
        "$.tables[0].blocks[3].columns",
        "unknown attribute 'units'",
    ),
    (
        "numbering-out-of-order",
        "（四）无法提供",
        "（五）无法提供",
        "$.tables[1].blocks[0].rows",
        "numbered 5 but is item 4",
    ),
    (
        "numbering-mixed",
        "    publications         3.要求提供公开出版物",
        "    publications         要求提供公开出版物",
        "$.tables[1].blocks[0].rows",
        "mix numbered and unnumbered",
    ),
    (
        "alias-collides",
        '{aliases = ["规范性文件"]}',
        '{aliases = ["规章"]}',
        "$.tables[0].blocks[0].rows",
        "is the label of another row",
    ),
    (
        "kind-on-group",
        "results              三、本年度办理结果",
        'results              三、本年度办理结果  {kind = "amount"}',
        "$.tables[1].blocks[0].rows",
        "kind belongs on leaves",
    ),
    (
        "reserved-key",
        "regulations          规章",
        "previous          规章",
        "$.tables[0].blocks[0].rows",
        "reserved in rule expressions",
    ),
    (
        "row-in-two-blocks",
        "licensing  行政许可",
        "penalties  行政许可",
        "$.tables[0].blocks[2].rows",
        "is also in block 'item5'",
    ),
    (
        "unknown-row-in-rule",
        'expr = "new + carried_over == results.total + carried_forward"',
        'expr = "new + carried_ovr == results.total + carried_forward"',
        "$.rules[0].expr",
        "did you mean 'carried_over'",
    ),
    (
        "group-without-sum",
        "+ sum(results.unable)",
        "+ results.unable",
        "$.rules[2].expr",
        "write sum(results.unable)",
    ),
    (
        "names-wrong-axis",
        'each = "column"\nexpr = "new + carried_over',
        'each = "row"\nexpr = "new + carried_over',
        "$.rules[0].expr",
        "names are columns",
    ),
    (
        "unsafe-call",
        'expr = "new + carried_over == results.total + carried_forward"',
        "expr = \"__import__('os') == new\"",
        "$.rules[0].expr",
        "the only function allowed is sum",
    ),
    (
        "attribute-on-call",
        'expr = "new + carried_over == results.total + carried_forward"',
        'expr = "sum(new).real == new"',
        "$.rules[0].expr",
        "is not allowed",
    ),
    (
        "non-linear",
        'expr = "new + carried_over == results.total + carried_forward"',
        'expr = "new * carried_over == results.total"',
        "$.rules[0].expr",
        "rules are linear",
    ),
    (
        "chained-comparison",
        'expr = "new + carried_over == results.total + carried_forward"',
        'expr = "new == carried_over == results.total"',
        "$.rules[0].expr",
        "chained comparisons",
    ),
    (
        "float-literal",
        'expr = "new + carried_over == results.total + carried_forward"',
        'expr = "new + 0.5 == results.total"',
        "$.rules[0].expr",
        "only integer literals",
    ),
    (
        "self-reference",
        'expr = "new + carried_over == results.total + carried_forward"',
        'expr = "new + carried_over == new + results.total"',
        "$.rules[0].expr",
        "cancels out",
    ),
    (
        "unknown-table-in-rule",
        'table = "t4"\ncheck = "kind"',
        'table = "t9"\ncheck = "kind"',
        "$.rules[7].table",
        "unknown table 't9'",
    ),
    (
        "expr-rule-without-expr",
        'expr = "carried_over == previous.carried_forward"\n',
        "",
        "$.rules[8].expr",
        "an expr rule needs expr",
    ),
    (
        "kind-rule-with-expr",
        'check = "kind"\nmessage = "申请数量应为非负整数"',
        'check = "kind"\nexpr = "new == new"\nmessage = "申请数量应为非负整数"',
        "$.rules[3].expr",
        "a kind rule takes no expr",
    ),
    ("duplicate-rule-id", 'id = "I6.single"', 'id = "I6"', "$.rules[10].id", "duplicate rule id"),
    (
        "restriction-on-wrong-axis",
        'rows = ["regulations", "normative_documents"]\nexpr = "in_force',
        'columns = ["issued"]\nexpr = "in_force',
        "$.rules[9].columns",
        "restrict it with rows",
    ),
    (
        "unknown-restriction",
        'rows = ["regulations", "normative_documents"]\nexpr = "in_force',
        'rows = ["regulation"]\nexpr = "in_force',
        "$.rules[9].rows[0]",
        "did you mean 'regulations'",
    ),
    # statements (docs/definitions.md, "Statements")
    (
        "statement-unknown-cell",
        'expr = "carried_over"\npatterns',
        'expr = "carried_ovr"\npatterns',
        "$.statements[2].expr",
        "unknown row 'carried_ovr' in table t3 (did you mean 'carried_over'?)",
    ),
    (
        "statement-column-is-a-group",
        'column = "applicant.total"\nexpr = "new"\npatterns',
        'column = "applicant"\nexpr = "new"\npatterns',
        "$.statements[0].column",
        "'applicant' is a group of 7 columns",
    ),
    (
        "statement-row-and-column",
        'row = "cases"\nexpr = "review.total"',
        'row = "cases"\ncolumn = "review.total"\nexpr = "review.total"',
        "$.statements[6]",
        "either the row its expr's columns are in, or the column",
    ),
    (
        "statement-previous-year",
        'expr = "new"\npatterns = ["收到',
        'expr = "previous.new"\npatterns = ["收到',
        "$.statements[0].expr",
        "states its own year's figures only",
    ),
    (
        "statement-comparison",
        'expr = "new"\npatterns = ["收到',
        'expr = "new == 1"\npatterns = ["收到',
        "$.statements[0].expr",
        "a figure is one sum of cells",
    ),
    (
        "statement-duplicate-id",
        'id = "lawsuits"\nlabel',
        'id = "reconsiderations"\nlabel',
        "$.statements[7].id",
        "duplicate statement id 'reconsiderations'",
    ),
    (
        "statement-unknown-section",
        'id = "completed"\n',
        'id = "completed"\nsections = ["requsts"]\n',
        "$.statements[3].sections[0]",
        "unknown section 'requsts' (did you mean 'requests'?)",
    ),
    (
        "pattern-without-number",
        '"上年…结转…{N}件"',
        '"上年…结转…件"',
        "$.statements[2].patterns[0]",
        "a pattern needs a number slot",
    ),
    (
        "pattern-two-numbers",
        '"办结{N}件"',
        '"办结{N}件{N}件"',
        "$.statements[3].patterns[1]",
        "a pattern has one number slot",
    ),
    (
        "pattern-gap-at-edge",
        '"办结{N}件"',
        '"…办结{N}件"',
        "$.statements[3].patterns[1]",
        "a gap at the edge of a pattern",
    ),
    (
        "pattern-stray-brace",
        '"办结{N}件"',
        '"办结{n}件"',
        "$.statements[3].patterns[1]",
        "is not notation",
    ),
    (
        "pattern-digit-after-number",
        '"办结{N}件"',
        '"办结{N}5件"',
        "$.statements[3].patterns[1]",
        "text beginning with a digit cannot follow a number",
    ),
    (
        "pattern-vetoed-by-unless",
        'unless = ["下年", "下一年", "复议", "诉讼"]',
        'unless = ["结转", "下一年", "复议", "诉讼"]',
        "$.statements[2].patterns[0]",
        "its own text holds '结转' of unless",
    ),
    (
        "pattern-duplicate",
        '"办结{N}件"',
        '"办结…申请…{N}件"',
        "$.statements[3].patterns[1]",
        "duplicate pattern",
    ),
    (
        "pattern-slot-with-value",
        'value = 0\npatterns = ["未收到…申请"',
        'value = 0\npatterns = ["未收到{N}件申请"',
        "$.statements[1].patterns[0]",
        "drop {N}",
    ),
    (
        "percentage-without-percent",
        'patterns = ["予以公开{#}件，占…{N}%", "予以公开的…占…{N}%"]',
        'patterns = ["予以公开{#}件，占…{N}件"]',
        "$.statements[5].patterns",
        "a percentage's patterns state it with %",
    ),
    (
        "statement-unknown-subject",
        'about = "year"',
        'about = "month"',
        "$.statements[12].about",
        "'month' is not one of ['year']",
    ),
    (
        "deadline-without-due",
        'due = "03-31"',
        'due = "3月31日"',
        "$.rules[15].due",
        "a deadline rule needs due",
    ),
    (
        "stated-rule-with-table",
        'check = "stated"',
        'check = "stated"\ntable = "t3"',
        "$.rules[13].table",
        "a stated rule is about the whole report",
    ),
]


def test_catalogue_has_at_least_twenty_distinct_faults():
    assert len(CASES) >= 20
    assert len({c[0] for c in CASES}) == len(CASES)
    assert len({c[4] for c in CASES}) == len(CASES), "each fault has its own message"


@pytest.mark.parametrize(
    ("name", "old", "new", "path", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_broken_definition_is_rejected(name, old, new, path, message):
    assert SOURCE.count(old) >= 1, f"case {name}: the snippet to break is not in 2021.toml"
    broken = SOURCE.replace(old, new, 1)
    with pytest.raises(DefinitionError) as info:
        loads_definition(broken, source="formats/2021.toml", expected_id="2021")
    error = info.value
    assert error.file == "formats/2021.toml"
    text = str(error)
    assert message in text, text
    assert any(p.path.startswith(path) for p in error.problems), text
    assert text.startswith("formats/2021.toml")


def test_lines_point_at_the_fault():
    broken = SOURCE.replace("（四）无法提供", "（五）无法提供", 1)
    with pytest.raises(DefinitionError) as info:
        loads_definition(broken, source="x.toml")
    line = info.value.problems[0].line
    assert line is not None
    assert "（五）无法提供" in broken.splitlines()[line - 1]

    broken = SOURCE.replace("carried_over == previous", "carried_ovr == previous", 1)
    with pytest.raises(DefinitionError) as info:
        loads_definition(broken, source="x.toml")
    line = info.value.problems[0].line
    assert line is not None
    assert "carried_ovr" in broken.splitlines()[line - 1]


def test_several_problems_are_reported_together():
    broken = SOURCE.replace('title = "中华人民共和国', "title = 1 #", 1).replace(
        'notice = "国办公开办函〔2021〕30号"\n', "", 1
    )
    with pytest.raises(DefinitionError) as info:
        loads_definition(broken)
    paths = {p.path for p in info.value.problems}
    assert {"$.title", "$.notice"} <= paths


def test_cyclic_totals_are_rejected(tmp_path: Path):
    cyclic = (
        SOURCE
        + """
[[rules]]
id = "X1"
basis = "implied"
severity = "error"
table = "t3"
each = "column"
expr = "results.granted == results.total + carried_forward"
message = "a total that contains itself"
"""
    )
    with pytest.raises(DefinitionError, match="totals depend on themselves"):
        loads_definition(cyclic)


def test_rule_on_text_cell_is_rejected():
    text_cell = SOURCE.replace(
        "in_force   现行有效件数", 'in_force   现行有效件数  {kind = "text"}', 1
    )
    with pytest.raises(DefinitionError, match="is a text cell and cannot take part in arithmetic"):
        loads_definition(text_cell)


def test_unreadable_file(tmp_path: Path):
    with pytest.raises(DefinitionError, match="cannot read the file"):
        load_definition(tmp_path / "2030.toml")
    (tmp_path / "2030.toml").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DefinitionError, match="cannot read the file"):
        load_definition(tmp_path / "2030.toml")
