"""The small languages of definition files: label trees, rule expressions, numbering."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format._expr import ExprError, parse_expr
from disclosure_format._locate import line_of
from disclosure_format._numbering import cjk_number, numbering, strip_numbering
from disclosure_format._tree import TreeSyntaxError, parse_tree
from disclosure_format.spec import CellKind


def test_tree_parses_nesting_labels_and_attributes():
    roots = parse_tree(
        """
        # a comment
        a   一、甲
          b   （一）乙 丙
          c   （二）丁  {kind = "amount", unit = "万元", aliases = ["戊"]}
        d
        """
    )
    assert [r.key for r in roots] == ["a", "d"]
    a, d = roots
    assert [(c.key, c.label) for c in a.children] == [("b", "（一）乙 丙"), ("c", "（二）丁")]
    c = a.children[1]
    assert (c.kind, c.unit, c.aliases) == (CellKind.AMOUNT, "万元", ("戊",))
    assert d.label == ""
    assert c.line == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the tree is empty"),
        ("A 甲", "is not a valid key"),
        ("a 甲\n\tb 乙", "indent with spaces"),
        ("a 甲\n    b 乙\n  c 丙", "does not match its siblings"),
        ("a 甲 {span = 0}", "span must be an integer from 1 to 64"),
        ("a 甲 {kind = 3}", "kind 3 is not one of"),
        ("a 甲 {size = 3}", "unknown attribute 'size'"),
        ("a 甲 {aliases = 'x'}", "aliases must be a list"),
        ("a 甲 {kind = }", "not a TOML inline table"),
    ],
)
def test_tree_errors(text, message):
    with pytest.raises(TreeSyntaxError, match=message):
        parse_tree(text)


def test_expression_to_linear_form():
    rel = parse_expr("a.b + 2 * sum(c) - previous.d - 3 >= -(e - f)")
    assert rel.op == ">="
    left = [(t.path, t.coef, t.summed, t.previous) for t in rel.left.terms]
    assert left == [("a.b", 1, False, False), ("c", 2, True, False), ("d", -1, False, True)]
    assert rel.left.const == -3
    assert [(t.path, t.coef) for t in rel.right.terms] == [("e", -1), ("f", 1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a + b", "must compare two sides"),
        ("a == b == c", "chained comparisons"),
        ("a != b", "only ==, <=, >=, < and > are allowed"),
        ("a * b == c", "rules are linear"),
        ("a / 2 == c", "the operator Div"),
        ("len(a) == 1", "the only function allowed is sum"),
        ("sum(a, b) == 1", "sum() takes exactly one name"),
        ("sum(1) == a", "sum() takes a row or column name"),
        ("a[0] == 1", "a subscript is not allowed"),
        ("a.b() == 1", "the only function allowed"),
        ("(lambda: 1)() == a", "the only function allowed"),
        ("a == 1.5", "only integer literals"),
        ("a == True", "only integer literals"),
        ("previous == a", "previous must be followed by a name"),
        ("a.previous == b", "reserved"),
        ("a ==", "syntax error"),
        ("__import__('os').system('x') == 0", "the only function allowed"),
    ],
)
def test_expression_whitelist(text, message):
    with pytest.raises(ExprError) as info:
        parse_expr(text)
    assert message in str(info.value)


@given(st.text(max_size=40))
def test_expression_parser_never_fails_untyped(text):
    with contextlib.suppress(ExprError):
        parse_expr(text)


@pytest.mark.parametrize(
    ("label", "style", "value", "bare"),
    [
        ("一、本年新收", "top", 1, "本年新收"),
        ("十二、其他", "top", 12, "其他"),
        ("（三）不予公开", "paren", 3, "不予公开"),
        ("(三)不予公开", "paren", 3, "不予公开"),
        ("（七）总计", "paren", 7, "总计"),
        ("8.属于行政查询事项", "arabic", 8, "属于行政查询事项"),
        ("１、全角", "arabic", 1, "全角"),
        ("规章", None, None, "规章"),
        ("2023年度", None, None, "2023年度"),
    ],
)
def test_numbering(label, style, value, bare):
    found = numbering(label)
    assert (found.style if found else None, found.value if found else None) == (style, value)
    assert strip_numbering(label) == bare


def test_cjk_numbers():
    assert [cjk_number(t) for t in ("一", "十", "十一", "二十", "九十九", "零")] == [
        1,
        10,
        11,
        20,
        99,
        0,
    ]
    assert cjk_number("十十") is None
    assert cjk_number("一二") is None
    assert cjk_number("") is None


def test_line_of_key_paths():
    text = 'id = "x"\n\n[[a]]\nk = 1\n\n[[a]]\nk = 2\nrows = """\nx 1\ny 2\n"""\n[[a.b]]\nz = 3\n'
    assert line_of(text, "$.id") == 1
    assert line_of(text, "$.a[1]") == 6
    assert line_of(text, "$.a[1].k") == 7
    assert line_of(text, "$.a[1].rows", "tree line 2: bad") == 10
    assert line_of(text, "$.a[1].b[0].z") == 13
    assert line_of(text, "$.a[5].k") is None or line_of(text, "$.a[5].k") < 13
    assert line_of(text, "not a path") is None
