"""Batch on Dask distributed: the same results, in the same order, as the local run.

A local cluster of two worker processes is started once for the module (a
few seconds); every test compares the Dask run with the local one on the
same inputs.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import distributed
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_format import EngineError, dump_report, list_formats
from disclosure_format import _distributed as distributed_module
from disclosure_format.batch import batch
from disclosure_format.cli import run
from disclosure_format.testing import reports

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def scheduler():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Report files valid and not, published pages, and files that cannot be read."""
    root = tmp_path_factory.mktemp("dask-batch")
    for name in ("000.txt", "001.html", "013.html"):
        shutil.copy(CORPUS / name, root / name)
    (root / "broken.json").write_text("{not json", encoding="utf-8")
    (root / "empty.html").write_text("", encoding="utf-8")
    return root


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_dask_gives_the_local_results_in_input_order(scheduler, folder, tmp_path, data):
    spec = data.draw(st.sampled_from(list_formats()))
    drawn = data.draw(st.lists(reports(spec, valid=data.draw(st.booleans())), max_size=6))
    run_dir = tmp_path / f"run-{len(list(tmp_path.iterdir()))}"
    run_dir.mkdir()
    for i, report in enumerate(drawn):
        dump_report(report, run_dir / f"{i:02d}.json")
    paths = sorted([str(p) for p in folder.iterdir()] + [str(p) for p in run_dir.iterdir()])
    order = data.draw(st.permutations(paths))
    chunk = data.draw(st.integers(1, 4))
    local = list(batch(order, jobs=1))
    on_dask = list(batch(order, scheduler=scheduler, chunk_size=chunk))
    assert on_dask == local
    assert [r.file for r in on_dask] == [r.file for r in local]


def test_the_cli_writes_the_same_lines_on_dask(scheduler, folder, tmp_path):
    outputs = []
    for engine in ([], ["--scheduler", scheduler]):
        out = tmp_path / f"out{len(outputs)}.jsonl"
        stdout, stderr = io.StringIO(), io.StringIO()
        code = run(
            ["batch", str(folder), "--out", str(out), "--summary", "totals", *engine],
            stdout=stdout,
            stderr=stderr,
        )
        assert code == 2, stderr.getvalue()  # two files cannot be read, on either engine
        outputs.append((stdout.getvalue(), [json.loads(x) for x in out.read_text().splitlines()]))
    assert outputs[0] == outputs[1]


def test_an_unreachable_scheduler_is_an_engine_error(monkeypatch, folder):
    monkeypatch.setattr(distributed_module, "_CONNECT_TIMEOUT", "1s")
    with pytest.raises(
        EngineError, match=re.escape("cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'")
    ):
        list(batch([folder], scheduler="tcp://127.0.0.1:9"))
    stderr = io.StringIO()
    code = run(
        ["batch", str(folder), "--scheduler", "tcp://127.0.0.1:9"],
        stdout=io.StringIO(),
        stderr=stderr,
    )
    assert code == 2
    assert "cannot reach the Dask scheduler" in stderr.getvalue()
    assert "Traceback" not in stderr.getvalue()


def test_engine_names_are_checked(folder):
    with pytest.raises(ValueError, match="engine must be 'local' or 'dask'"):
        batch([folder], engine="ray")  # type: ignore[arg-type]
