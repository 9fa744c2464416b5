"""``site --scheduler ADDRESS``: each brief one task on a Dask cluster (a LocalCluster on 127.0.0.1 with two
workers), the content carried in the task, the outputs published by the submitter."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, run_cli

SERIES = PROJECT / "tests" / "fixtures" / "series" / "series.yaml"


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0",
                                  processes=True) as local:
        yield local


def test_a_series_builds_on_a_cluster(cluster, tmp_path: Path):
    out = tmp_path / "site"
    result = run_cli("site", SERIES, "--out", out, "--scheduler", cluster.scheduler_address)
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("site: 2 briefs listed, 0 failed, ")
    for slug in ("iraq-us-relations", "norland-aid"):
        assert (out / slug / "index.html").is_file() and (out / slug / f"{slug}.pdf").read_bytes().startswith(b"%PDF-")


def test_problems_found_on_a_worker_name_the_submitters_files(cluster, tmp_path: Path):
    content = tmp_path / "norland"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "norland", content)
    (content / "brief.yaml").write_text((content / "brief.yaml").read_text().replace("status: final", "status: done"))
    series = tmp_path / "series.yaml"
    minimal = PROJECT / "tests" / "fixtures" / "minimal"
    series.write_text(SERIES.read_text().replace("../../../content", str(minimal)).replace("../norland", "norland"))
    result = run_cli("site", series, "--out", tmp_path / "site", "--scheduler", cluster.scheduler_address)
    assert result.status == 1
    assert result.stderr.splitlines() == [f"{content / 'brief.yaml'}:9:1: status: expected 'draft' or 'final'"]
    assert (tmp_path / "site" / "minimal" / "index.html").is_file()
