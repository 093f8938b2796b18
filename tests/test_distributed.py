"""`audit --dask ADDRESS` and engine.distributed on a LocalCluster of 2 workers: the
results equal the local run's, byte for byte. Skipped without the [dask] extra
(.ci/run installs it)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SPECLOGIC = shutil.which("speclogic", path=str(Path(sys.executable).parent)) or shutil.which("speclogic")

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as c:
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dask")
    write_corpus(120, tmp / "corpus.jsonl")
    return [EXAMPLES / "chain_of_command.md", EXAMPLES / "model_spec" / "stay_in_bounds", tmp / "corpus.jsonl"]


def test_audit_corpus_equals_the_local_run(cluster, inputs):
    from engine.distributed import audit_corpus
    from engine.modelspec import audit_paths, load_rulebase

    rulebase = load_rulebase()
    with distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        remote = audit_corpus(inputs, client, rulebase)
    local = audit_paths(inputs, rulebase)
    assert remote.summary()["conversations"] > 120
    assert json.dumps(remote.to_json()) == json.dumps(local.to_json())


def test_the_public_distributed_audit_equals_speclogic_audit(cluster, inputs):
    import speclogic
    import speclogic.distributed

    with distributed.Client(cluster) as client:
        remote = speclogic.distributed.audit(*inputs, address=client)
    local = speclogic.audit(*inputs)
    assert remote.summary.conversations > 120
    assert remote.conversations == local.conversations  # typed results, field by field
    assert json.dumps(remote.to_json()) == json.dumps(local.to_json())


@pytest.mark.skipif(SPECLOGIC is None or os.name != "posix", reason="needs the speclogic script")
def test_cli_dask_gives_the_local_bytes(cluster, inputs):
    def run(*extra):
        return subprocess.run([SPECLOGIC, "audit", *map(str, inputs), "--format", "jsonl", *extra],
                              capture_output=True, timeout=600)

    local, remote = run(), run("--dask", cluster.scheduler_address)
    assert local.returncode == remote.returncode
    assert local.stdout == remote.stdout and len(local.stdout) > 10_000


@pytest.mark.skipif(SPECLOGIC is None, reason="needs the speclogic script")
def test_no_scheduler_is_a_coded_error():
    result = subprocess.run([SPECLOGIC, "audit", str(EXAMPLES / "chain_of_command.md"), "--dask",
                             "tcp://127.0.0.1:9"], capture_output=True, timeout=120)
    assert result.returncode == 2
    assert b"cluster_unreachable" in result.stderr and b"Traceback" not in result.stderr
