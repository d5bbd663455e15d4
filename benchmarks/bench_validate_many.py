"""Validating many reports in memory: this library against a pandas baseline, and against JSON.

Run on demand (needs the ``bench`` extra, i.e. pandas)::

    python benchmarks/bench_validate_many.py [N [ROUNDS]]   # default 100000 reports, 3 rounds

Prints, for N generated 2021 reports already in memory:

* the time to validate them with :func:`disclosure_format.validate_many`
  (which proves most reports clean in a few C-level steps) and one by one
  with :func:`disclosure_format.validate` (for information);
* the time a data analyst's pandas version of the same rules takes on the
  same data, building the DataFrame from the reports included (the baseline
  is written below, by hand, the straightforward way);
* the time to decode the same reports from their JSON report files;

and the ratios, keeping the best of ROUNDS interleaved rounds of each.
Times are CPU times of this process (``time.process_time``): on a shared
machine they are what each implementation costs, where wall-clock times
would mostly measure the neighbours.
Targets: the library at least as fast as pandas, and validating costs no
more than decoding.  Both implementations count the
failing rule instances per rule, and the counts are compared, so the two
really check the same rules.  Nothing is asserted: figures only.

The reports come from a seeded generator driving the same fill-in plan as
the hypothesis strategies (:mod:`disclosure_format._generate`) with
:class:`random.Random`, which is far faster than hypothesis draws; one
report in ten gets one cell shifted so that there are findings to report.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from decimal import Decimal

from disclosure_format import Report, dumps_report, get_format, loads_report, validate
from disclosure_format._compile import Equation, compiled
from disclosure_format._generate import make_plan
from disclosure_format.spec import CellKind, FormatSpec
from disclosure_format.validation import validate_many


def generate(spec: FormatSpec, n: int, seed: int = 2021) -> list[Report]:
    """``n`` reports: valid ones from the plan, one in ten with a cell shifted by 1 to 5."""
    rng = random.Random(seed)
    plan = make_plan(compiled(spec))
    keys = spec.cell_keys
    inequalities = [
        eq for eq in compiled(spec).equations if eq.op == "<=" and eq.right and eq.right[0][1] > 0
    ]

    def draw(index: int, kind: CellKind, upper: object) -> int | Decimal:
        if kind is CellKind.AMOUNT:
            top = 10**7 if upper is None else int(Decimal(str(upper)) * 100)
            return Decimal(rng.randint(0, max(top, 0))).scaleb(-2)
        if kind is CellKind.SIGNED:
            return rng.randint(-50, 50)
        top = 60 if upper is None else int(str(upper))
        return rng.randint(0, max(top, 0)) if rng.random() < 0.4 else 0

    out: list[Report] = []
    while len(out) < n:
        numbers = plan.fill(draw)
        if numbers is None:
            continue
        for eq in inequalities:  # the plan fills error equations; lift the warning ones too
            short = _shortfall(eq, numbers)
            if short > 0:
                numbers[eq.right[0][0]] += short
        values: dict[str, object] = dict(zip(keys, numbers, strict=True))
        if rng.random() < 0.1:
            key = keys[rng.randrange(len(keys))]
            values[key] = values[key] + rng.randint(1, 5)  # type: ignore[operator]
        if rng.random() < 0.3:  # some publishers leave zero cells blank
            values = {k: (None if v == 0 and rng.random() < 0.5 else v) for k, v in values.items()}
        out.append(
            Report(format=spec.id, agency=f"单位{len(out)}", year=2023, values=values)  # type: ignore[arg-type]
        )
    return out


def _shortfall(eq: Equation, numbers: list[int | Decimal]) -> int | Decimal:
    """How much the right side of ``left <= right`` lacks (0 when it holds)."""
    left = eq.left_const + sum(c * numbers[i] for i, c in eq.left)
    right = eq.right_const + sum(c * numbers[i] for i, c in eq.right)
    return max(left - right, 0)


# ---------------------------------------------------------------- the pandas baseline

T3_COLUMNS = [
    "applicant.natural_person",
    "applicant.legal_person.business",
    "applicant.legal_person.research",
    "applicant.legal_person.public_interest",
    "applicant.legal_person.legal_services",
    "applicant.legal_person.other",
    "applicant.total",
]
T3_ROWS = [
    "new",
    "carried_over",
    "results.granted",
    "results.partial",
    *[
        f"results.denied.{x}"
        for x in (
            "state_secret",
            "prohibited_by_law",
            "three_safeties",
            "third_party",
            "internal_affairs",
            "process_info",
            "enforcement_files",
            "query_matters",
        )
    ],
    *[f"results.unable.{x}" for x in ("not_held", "needs_creation", "unclear")],
    *[
        f"results.not_processed.{x}"
        for x in ("petition", "repeated", "publications", "mass_repeated", "confirmation")
    ],
    *[f"results.other.{x}" for x in ("no_correction", "unpaid_fee", "other")],
    "results.total",
    "carried_forward",
]
OUTCOMES = [r for r in T3_ROWS if r.startswith("results.") and r != "results.total"]
T4_GROUPS = ["review", "litigation.direct", "litigation.after_review"]


def pandas_baseline(reports: list[Report]) -> Counter[str]:
    """The rules of the 2021 format, the way an analyst writes them with pandas."""
    import pandas as pd

    df = pd.DataFrame.from_records([r.values for r in reports])
    amount = df["t2/fees/amount"]
    counts = df.drop(columns=["t2/fees/amount"])
    failures: Counter[str] = Counter()
    # I3 / I4.kind / I8: whole, non-negative numbers (blank allowed)
    failures["kind"] += int((counts < 0).sum().sum())
    failures["kind"] += int((counts.fillna(0) % 1 != 0).sum().sum())
    failures["kind"] += int(amount.map(lambda v: v is not None and v == v and v < 0).sum())
    n = counts.fillna(0)

    def t3(row: str, column: str) -> pd.Series:
        return n[f"t3/{row}/{column}"]

    for c in T3_COLUMNS:  # S1 and I2, per column
        failures["S1"] += int(
            (
                t3("new", c) + t3("carried_over", c)
                != t3("results.total", c) + t3("carried_forward", c)
            ).sum()
        )
        failures["I2"] += int((t3("results.total", c) != sum(t3(r, c) for r in OUTCOMES)).sum())
    for r in T3_ROWS:  # I1, per row
        parts = sum(t3(r, c) for c in T3_COLUMNS[:-1])
        failures["I1"] += int((t3(r, "applicant.total") != parts).sum())
    for g in T4_GROUPS:  # I4, per group
        total = n[f"t4/cases/{g}.total"]
        parts = sum(n[f"t4/cases/{g}.{x}"] for x in ("upheld", "corrected", "other", "pending"))
        failures["I4"] += int((total != parts).sum())
    for r in ("regulations", "normative_documents"):  # I6.single (a warning)
        issued, repealed, in_force = (n[f"t2/{r}/{c}"] for c in ("issued", "repealed", "in_force"))
        failures["I6.single"] += int((issued > in_force + repealed).sum())
    failures["B1"] += int(df.isna().any(axis=1).sum())  # reports with blank cells (a notice)
    return failures


def library(reports: list[Report], spec: FormatSpec, *, many: bool = True) -> Counter[str]:
    """Failing rule instances by rule, with ``validate_many`` (or ``validate`` one by one)."""
    failures: Counter[str] = Counter()
    results = (
        validate_many(reports, spec=spec) if many else (validate(r, spec=spec) for r in reports)
    )
    for findings in results:
        for f in findings:
            if f.rule in ("I3", "I4.kind", "I8"):
                failures["kind"] += 1
            else:
                failures["I4" if f.rule.startswith("I4.") else f.rule] += 1
    return failures


def decode_time(reports: list[Report]) -> float:
    """Seconds to decode each report from its report file text (texts made one at a time)."""
    total = 0.0
    for report in reports:
        text = dumps_report(report, indent=None)
        start = time.process_time()
        loads_report(text)
        total += time.process_time() - start
    return total


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    spec = get_format("2021")
    start = time.process_time()
    reports = generate(spec, n)
    print(f"generated {n:,} reports of format 2021 in {time.process_time() - start:.1f} s")
    try:
        import pandas  # noqa: F401
    except ImportError:
        print("pandas is not installed: pip install 'disclosure-format[bench]'")
        have_pandas = False
    else:
        have_pandas = True

    # The three are interleaved and the best of each is kept: a busy machine
    # slows whichever runs during a spike, and the best round is the fairest.
    t_lib = t_one = t_pd = t_json = float("inf")
    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    for _ in range(rounds):
        start = time.process_time()
        ours = library(reports, spec)
        t_lib = min(t_lib, time.process_time() - start)
        start = time.process_time()
        one_by_one = library(reports, spec, many=False)
        t_one = min(t_one, time.process_time() - start)
        assert one_by_one == ours
        if have_pandas:
            start = time.process_time()
            theirs = pandas_baseline(reports)
            t_pd = min(t_pd, time.process_time() - start)
        t_json = min(t_json, decode_time(reports))

    per = 1e6 / n
    print(f"best of {rounds} rounds:")
    print(f"library  validate_many          {t_lib:7.2f} s  {t_lib * per:7.1f} µs/report")
    print(f"library  validate, one by one   {t_one:7.2f} s  {t_one * per:7.1f} µs/report")
    if have_pandas:
        print(f"pandas   DataFrame + rules      {t_pd:7.2f} s  {t_pd * per:7.1f} µs/report")
        print(f"ratio    pandas / library       {t_pd / t_lib:7.2f}   (target ≥ 1)")
    print(f"decode   loads_report (JSON)    {t_json:7.2f} s  {t_json * per:7.1f} µs/report")
    print(f"ratio    validate / decode      {t_lib / t_json:7.2f}   (target ≤ 1)")
    if have_pandas:
        rules = sorted(set(ours) | set(theirs))
        same = all(ours[r] == theirs[r] for r in rules)
        print(f"failing rule instances: library {dict(sorted(ours.items()))}")
        print(f"                        pandas  {dict(sorted(theirs.items()))}")
        print(f"the two agree on every rule: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
