"""Ingesting on a Dask cluster: a real local cluster of 2 worker processes on 127.0.0.1, shared by this module."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from distributed import Client, WorkerPlugin

import geokg
from geokg.api.cli.sources_cmds import StoreSink, run_source_now
from geokg.api.settings import Settings
from geokg.graph.embedded import EmbeddedStore
from geokg.graph.errors import ConfigError
from geokg.graph.export import read_all
from geokg.graph.loader import load
from geokg.ingest.cluster import local_cluster
from geokg.ingest.pipeline import process
from geokg.ingest.readers import Failure, read_paths
from tests.conftest import GEOKG, SEED_ARTICLE

pytestmark = pytest.mark.slow

STORIES = [
    "{a} expelled the ambassador of {b} on Monday. Officials in {a} accused {b} of meddling. {b} denied the charge.",
    "The foreign minister of {a} met his counterpart from {b} in Geneva. {a} and {b} agreed to resume trade talks.",
    "{a} imposed sanctions on {b} after the border clash. {b} condemned the sanctions and threatened to retaliate.",
    "{a} sent troops to the border with {b}. The government of {b} protested to the United Nations.",
]
CRASH = "THIS-TEXT-CRASHES-THE-WORKER"
COUNTRIES = ["Kenya", "Somalia", "Ghana", "Nigeria", "Chad", "Niger", "Peru", "Chile", "Iran", "Iraq", "Japan",
             "China"]


@pytest.fixture(scope="module")
def cluster():
    """The scheduler address of a local cluster of 2 worker processes, and a client to inspect it."""
    with local_cluster(2) as c, Client(c) as client:
        client.wait_for_workers(2)
        yield c.scheduler_address, client


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of 25 articles: the seed article and 24 short stories between pairs of countries."""
    d = tmp_path / "articles"
    d.mkdir()
    shutil.copy(SEED_ARTICLE, d / SEED_ARTICLE.name)
    for i in range(24):  # 24 different texts: the same text twice would be one article
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 5 + 1 + i // len(COUNTRIES)) % len(COUNTRIES)]
        (d / f"story-{i:02d}.txt").write_text(STORIES[i % len(STORIES)].format(a=a, b=b) + "\n")
    return d


def ingested(folder: Path, data: Path, nlp, **how) -> tuple[set, dict, dict]:
    """Ingest the folder into a fresh embedded store; what a user compares: entity ids, evidence count per
    relation, evidence sentences per article."""
    with EmbeddedStore(data) as store:
        report = geokg.ingest(folder, store, nlp=nlp, **how)  # the library call, as a notebook would make it
        assert not report.failures, report.failures
        snap = read_all(store)
    evidence = {g.article.id: sorted((r.id, r.sentence, r.text) for r in g.relations) for g in snap.graphs}
    return set(snap.entities), {r.id: r.evidence_count for r in snap.relations}, evidence


def test_a_folder_ingested_on_the_cluster_is_the_graph_of_a_serial_ingest(cluster, folder, tmp_path, nlp):
    address, _ = cluster
    entities, relations, evidence = ingested(folder, tmp_path / "cluster", nlp, cluster=address)
    assert (entities, relations, evidence) == ingested(folder, tmp_path / "serial", nlp)
    assert len(evidence) == 25 and len(relations) >= 24
    assert {"country:KEN", "country:SOM", "country:IRN"} <= entities


def test_a_bad_article_in_the_middle_is_recorded_and_the_rest_stored(cluster, folder, cli_env, data_dir):
    address, _ = cluster
    (folder / "story-12.txt").write_text("... --- !!! 123 456 ...\n")  # no words: nothing to parse
    out = subprocess.run([*GEOKG, "ingest", str(folder), "--cluster", address], env=cli_env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stderr
    assert "error: story-12: no sentences" in out.stderr
    assert "ingested: 24 created, 0 updated, 0 unchanged, 0 skipped, 1 failed" in out.stdout
    with EmbeddedStore(data_dir) as store:
        assert store.counts().articles == 24


def test_a_worker_killed_mid_run_and_the_run_still_completes(cluster, folder, tmp_path, nlp):
    address, client = cluster
    pids = client.run(os.getpid)  # worker address -> pid of its worker process (the nanny restarts it)
    results = process(read_paths([folder]), nlp, batch_size=2, cluster=address)
    first = next(results)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    rest = list(results)  # backpressure: most batches are submitted only after the kill
    graphs = [first, *rest]
    assert [type(g).__name__ for g in graphs] == ["ArticleGraph"] * 25
    serial = list(process(read_paths([folder]), nlp))
    assert [g.relations for g in graphs] == [g.relations for g in serial]
    client.wait_for_workers(2, timeout=60)  # the killed worker came back
    assert set(client.run(os.getpid).values()) != set(pids.values())


def test_a_run_interrupted_and_started_again_stores_the_rest(cluster, folder, data_dir, nlp):
    address, _ = cluster
    seen = itertools.count(1)

    def interrupt_at_the_tenth(_item):
        if next(seen) == 10:
            raise KeyboardInterrupt  # Ctrl-C while the cluster is busy

    with EmbeddedStore(data_dir) as store, pytest.raises(KeyboardInterrupt):
        load(process(read_paths([folder]), nlp, batch_size=2, cluster=address), store, batch_size=4,
             on_item=interrupt_at_the_tenth)
    with EmbeddedStore(data_dir) as store:
        stored = store.counts().articles
        report = load(process(read_paths([folder]), nlp, batch_size=2, cluster=address), store, batch_size=4)
        assert stored == 8  # two write batches of 4 made it before the interrupt
        assert (report.statuses["created"], report.statuses["unchanged"]) == (25 - stored, stored)
        assert store.counts().articles == 25


class CountBatches(WorkerPlugin):
    """Counts the extraction tasks a worker finished."""

    name = "count-batches"

    def setup(self, worker) -> None:
        self.done = 0

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish == "memory" and str(key).startswith("extract_batch"):
            self.done += 1


def archive(path: Path, lines: int, bad_at: int | None = None) -> Path:
    """A JSON Lines archive of short stories with URLs, with a line that is not JSON at `bad_at`."""
    rows = []
    for i in range(lines):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 5 + 1) % len(COUNTRIES)]
        text = STORIES[i % len(STORIES)].format(a=a, b=b) + f" Story {i} of the archive."  # no two texts alike
        rows.append(json.dumps({"url": f"https://news.test/{i}", "text": text}))
    if bad_at is not None:
        rows.insert(bad_at, "{not json")
    path.write_text("\n".join(rows) + "\n")
    return path


def test_a_jsonl_archive_given_as_source_is_parsed_on_the_cluster(cluster, tmp_path, cli_env, data_dir):
    address, client = cluster
    client.register_plugin(CountBatches())
    try:
        out = subprocess.run([*GEOKG, "ingest", "--source", str(archive(tmp_path / "a.jsonl", 48, bad_at=20)),
                              "--cluster", address], env=cli_env, capture_output=True, text=True, timeout=300)
        tasks = sum(client.run(lambda dask_worker: dask_worker.plugins[CountBatches.name].done).values())
    finally:
        client.unregister_worker_plugin(CountBatches.name)
    assert out.returncode == 1, out.stderr  # the bad line
    assert "created=48 failed=1" in out.stdout and "a.jsonl:21: not JSON" in out.stdout
    assert tasks >= 3  # 48 articles in tasks of 16, parsed by the workers
    with EmbeddedStore(data_dir) as store:
        assert store.counts().articles == 48


def test_a_jsonl_archive_reaches_the_cluster_one_bounded_batch_at_a_time(cluster, tmp_path, cli_env, data_dir):
    address, _ = cluster
    settings = Settings(data_dir=data_dir, cluster=address)
    sink, sizes = StoreSink(settings), []

    def measured(raws):
        sizes.append(len(raws))
        return sink(raws)

    try:  # the archive is read as a stream: never more than one batch of articles is held
        report = run_source_now(str(archive(tmp_path / "a.jsonl", 70)), settings, sink=measured, batch_size=32)
    finally:
        sink.close()
    assert (report.status, report.counts, sizes) == ("ok", {"created": 70}, [32, 32, 6])
    assert sink.client is not None  # parsed on the cluster, one connection for the whole run


@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1", "missing port"),
    ("http://127.0.0.1:8786", "unknown address scheme 'http'"),
])
def test_a_bad_cluster_address_is_an_error_naming_it(folder, nlp, address, problem):
    with pytest.raises(ConfigError, match=f"cluster '{address}': cannot reach a Dask scheduler there: .*{problem}"):
        next(process(read_paths([folder]), nlp, cluster=address))


def test_an_archive_for_an_unreachable_cluster_is_one_error_naming_it(tmp_path, cli_env, data_dir):
    settings = Settings(data_dir=data_dir, cluster="127.0.0.1")
    with pytest.raises(ConfigError, match="cluster '127.0.0.1': cannot reach a Dask scheduler there"):
        run_source_now(str(archive(tmp_path / "a.jsonl", 3)), settings)


class CrashOnMarker(WorkerPlugin):
    """Makes a worker process die, as a crash inside a C extension would, when it parses a text with CRASH."""

    name = "crash-on-marker"

    def setup(self, worker) -> None:
        from geokg.ingest import pipeline

        self.real = real = pipeline.prepare

        def prepare(item):
            if CRASH in getattr(item, "text", ""):
                os._exit(70)
            return real(item)

        pipeline.prepare = prepare

    def teardown(self, worker) -> None:
        from geokg.ingest import pipeline

        pipeline.prepare = self.real


def test_an_article_that_crashes_its_worker_is_recorded_and_the_rest_of_its_batch_stored(cluster, folder, nlp):
    address, client = cluster
    (folder / "story-05.txt").write_text(f"Chad attacked Niger. {CRASH}\n")
    client.register_plugin(CrashOnMarker())
    allowed = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.allowed_failures)
    retries(client, 0)  # a task whose worker dies fails at once, instead of killing 3 more workers first
    try:
        results = list(process(read_paths([folder]), nlp, batch_size=4, cluster=address))
    finally:
        client.unregister_worker_plugin(CrashOnMarker.name)
        retries(client, allowed)
    failed = [r for r in results if isinstance(r, Failure)]
    assert len(results) == 25 and [f.source for f in failed] == ["story-05"]
    assert "story-05: extraction failed on the cluster: KilledWorker" in failed[0].reason
    at = results.index(failed[0])
    assert results[at - 1].relations and results[at + 1].relations  # its batch-mates were extracted


def retries(client: Client, allowed: int) -> None:
    """How many worker deaths the scheduler lets one task cause before it fails the task."""
    client.run_on_scheduler(lambda dask_scheduler: setattr(dask_scheduler, "allowed_failures", allowed))
