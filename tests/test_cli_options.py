"""One option surface: -o/--output everywhere, --to an output kind, deprecated spellings kept.

Also: option errors name the option (not ``<input>: $:`` nor a Python
argument), a usage error points at the verb's own ``--help``, and ``series``
refuses reports of different agencies unless ``--allow-mixed``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from disclosure_format import dump_report, load_report, new_report
from disclosure_format.cli import run
from disclosure_format.cli._app import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
VALID = str(EXAMPLES / "2021-beilun-keji-2023.json")
VALID_2019 = str(EXAMPLES / "2019-pingtan-2019.json")
ERRORS = str(EXAMPLES / "2021-with-errors.json")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _subparsers() -> dict[str, object]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return dict(action.choices)  # type: ignore[arg-type]


WRITING = (
    "template",
    "schema",
    "read",
    "render",
    "diff",
    "migrate",
    "aggregate",
    "series",
    "batch",
)


@pytest.mark.parametrize("verb", WRITING)
def test_every_verb_that_writes_takes_dash_o_and_output(verb):
    sub = _subparsers()[verb]
    options = {o for a in sub._actions for o in a.option_strings}  # type: ignore[attr-defined]
    assert {"-o", "--output"} <= options


@pytest.mark.parametrize("verb", list(COMMANDS))
def test_every_verb_takes_locale(verb):
    sub = _subparsers()[verb]
    options = {o for a in sub._actions for o in a.option_strings}  # type: ignore[attr-defined]
    assert "--locale" in options


def test_to_is_an_output_kind_wherever_it_is_not_deprecated():
    for verb, sub in _subparsers().items():
        for action in sub._actions:  # type: ignore[attr-defined]
            if "--to" in action.option_strings and verb != "render":
                assert verb == "read" or action.help.startswith("deprecated"), verb


def test_select_and_ignore_have_one_help_everywhere():
    helps: dict[str, set[str]] = {"--select": set(), "--ignore": set()}
    for sub in _subparsers().values():
        for action in sub._actions:  # type: ignore[attr-defined]
            for option in helps:
                if option in action.option_strings:
                    helps[option].add(action.help)
    assert all(len(h) == 1 for h in helps.values()), helps


def test_batch_output_and_the_deprecated_out_write_the_same(tmp_path):
    new, old = tmp_path / "new.jsonl", tmp_path / "old.jsonl"
    status, _, err = cli("batch", ERRORS, "-o", str(new), "--summary", "none")
    assert (status, err) == (1, "")
    status, _, err = cli("batch", ERRORS, "--out", str(old), "--summary", "none")
    assert status == 1
    assert err == "disclosure-format: 提示：--out 已弃用，请改用 -o/--output\n"
    assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8")
    status, _, err = cli("batch", ERRORS, "--output", str(new), "--summary", "none")
    assert (status, err) == (1, "")


def test_batch_deprecation_note_follows_the_locale(tmp_path):
    out = tmp_path / "r.jsonl"
    _, _, err = cli("batch", ERRORS, "--out", str(out), "--summary", "none", "--locale", "en")
    assert err == "disclosure-format: note: --out is deprecated, use -o/--output\n"


def test_migrate_to_format_and_the_old_to_spelling_give_the_same_report(tmp_path):
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    status, _, err = cli("migrate", VALID_2019, "--to-format", "2021", "-o", str(new))
    assert status == 0
    assert "已弃用" not in err
    status, _, err_old = cli("migrate", VALID_2019, "--to", "2021", "-o", str(old))
    assert status == 0
    assert err_old.splitlines()[0] == "disclosure-format: 提示：--to 已弃用，请改用 --to-format"
    assert err_old.splitlines()[1:] == err.splitlines()
    assert load_report(new) == load_report(old)
    assert load_report(new).format == "2021"


def test_migrate_without_a_target_is_a_usage_error():
    status, _, err = cli("migrate", VALID_2019)
    assert status == 2
    assert "--to-format ID" in err
    assert err.rstrip().endswith("(see disclosure-format migrate --help)")


@pytest.mark.parametrize(
    ("argv", "verb"),
    [
        (["validate"], "validate"),
        (["batch", "-j", "0", "examples"], "batch"),
        (["render", ERRORS, "--to", "csv", "--per-table"], "render"),
        (["--formats-dir", str(ROOT / "formats"), "show"], "show"),
    ],
)
def test_a_usage_error_points_at_the_verbs_own_help(argv, verb):
    status, _, err = cli(*argv)
    assert status == 2
    assert err.count("\n") == 1
    assert err.rstrip().endswith(f"(see disclosure-format {verb} --help)")


def test_a_missing_command_points_at_the_top_level_help():
    status, _, err = cli()
    assert status == 2
    assert err.rstrip().endswith("(see disclosure-format --help)")


def test_an_unknown_rule_is_an_option_error_naming_the_option():
    status, _, err = cli("validate", "--select", "ZZ9", ERRORS)
    assert status == 2
    assert err.startswith("disclosure-format: error: --select: format 2021 has no rule 'ZZ9' ")
    assert "(rules: S1, I1," in err
    assert "<input>" not in err
    assert "$:" not in err
    status, _, err = cli("validate", "--ignore", "S1,QQ", ERRORS)
    assert err.startswith("disclosure-format: error: --ignore: format 2021 has no rule 'QQ' ")
    status, _, err = cli("batch", ERRORS, "--select", "ZZ9")
    assert status == 2
    assert err.startswith("disclosure-format: error: --select: no format has a rule 'ZZ9' ")


def test_the_size_limit_error_names_the_option_not_the_python_argument():
    status, _, err = cli("--max-bytes", "100", "validate", ERRORS)
    assert status == 2
    assert "over the limit of 100 bytes (raise it with --max-bytes SIZE)" in err
    assert "max_bytes" not in err


def _agency_reports(tmp_path: Path, first: str, second: str) -> list[str]:
    paths = []
    for year, agency in ((2022, first), (2023, second)):
        path = tmp_path / f"{year}.json"
        dump_report(new_report("2021", agency, year, values={}), path)
        paths.append(str(path))
    return paths


def test_series_refuses_two_agencies_unless_allowed(tmp_path):
    paths = _agency_reports(tmp_path, "甲市某局", "乙县某局")
    status, out, err = cli("series", *paths)
    assert (status, out) == (2, "")
    assert "甲市某局" in err
    assert "乙县某局" in err
    assert "--allow-mixed" in err
    status, out, _ = cli("series", *paths, "--allow-mixed", "--json")
    assert status == 0
    assert [y["agency"] for y in json.loads(out)["years"]] == ["甲市某局", "乙县某局"]


def test_series_of_one_agency_needs_no_flag(tmp_path):
    paths = _agency_reports(tmp_path, "甲市某局", "甲市某局")
    status, _, err = cli("series", *paths)
    assert (status, err) == (0, "")


def test_migrating_to_a_version_without_a_mapping_names_the_mappings_there_are(tmp_path):
    """What docs/tutorials/new-format-version.md says `migrate` does before the mapping exists."""
    report = tmp_path / "r2021.json"
    dump_report(new_report("2021", "示例局", 2099, values={}), report)
    examples = str(ROOT / "docs" / "examples")
    status, _, err = cli("--formats-dir", examples, "migrate", str(report), "--to-format", "2099")
    assert status == 2
    assert "no migration from format 2021 to format 2099 (mappings: 2019 → 2021)" in err


def test_the_size_limit_names_the_option_for_definitions_and_batch_files_too():
    examples = str(ROOT / "docs" / "examples")  # a registry of its own: nothing loaded yet
    status, _, err = cli("--max-bytes", "100", "--formats-dir", examples, "formats")
    assert status == 2
    assert "(raise it with --max-bytes SIZE)" in err
    assert "max_bytes" not in err
    status, out, _ = cli("--max-bytes", "13500", "batch", VALID, "-j", "1")
    assert status == 2
    assert "(raise it with --max-bytes SIZE)" in out
    assert "max_bytes" not in out
