"""Extraction fanned out over a Dask distributed cluster: the spaCy pipeline loaded once per worker, batches of
articles per task, at most two batches in flight per worker thread, results streamed back in input order.

`--workers N` starts a LocalCluster of N worker processes on 127.0.0.1; `--cluster ADDRESS` (KG_CLUSTER) uses a
running scheduler. Workers need geokg and the spaCy pipeline installed (the compose image has both).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin

from geokg.graph.errors import ConfigError
from geokg.graph.model import ArticleGraph
from geokg.ingest.readers import Failure, RawArticle

IN_FLIGHT_PER_THREAD = 2  # one batch computing, one queued: workers never idle, memory stays bounded
CONNECT_TIMEOUT = "20s"
WORKERS_TIMEOUT = 60
PRE_SPAWN_ENV = "distributed.nanny.pre-spawn-environ"
SINGLE_ATTEMPTS = 2

Item = RawArticle | Failure
Result = ArticleGraph | Failure


class SpacyPipeline(WorkerPlugin):
    """Loads the named spaCy pipeline when a worker starts (also a worker restarted after a crash)."""

    idempotent = True  # registering it again (every run on a long-lived cluster) reloads nothing

    def __init__(self, model: str):
        self.model = model

    def setup(self, worker) -> None:
        """Load the pipeline into this worker process's cache."""
        from geokg.ingest.nlp import load_pipeline

        load_pipeline(self.model)


def extract_batch(batch: list[Item], model: str) -> list[Result]:
    """A worker's task: one batch through the serial pipeline with the worker's loaded spaCy pipeline."""
    from geokg.ingest.nlp import load_pipeline
    from geokg.ingest.pipeline import serial

    return list(serial(batch, load_pipeline(model), len(batch)))


@contextmanager
def connect(address: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a new LocalCluster of `workers` processes on 127.0.0.1."""
    if address:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError) as e:  # refused or timed out; a malformed address
            raise ConfigError(f"cluster {address!r}: cannot reach a Dask scheduler there: {e}") from None
        with client:
            yield client
        return
    with local_cluster(workers) as cluster, Client(cluster) as client:
        yield client


def local_cluster(workers: int) -> LocalCluster:
    """A Dask cluster of `workers` single-threaded worker processes on 127.0.0.1, without a dashboard."""
    # Dask's MALLOC_TRIM_THRESHOLD_ hands freed memory back to the OS at once; spaCy's many short-lived arrays
    # then cost ~10% in page faults (measured), and a worker's memory is bounded by its two batches anyway
    env = {k: v for k, v in dask.config.get(PRE_SPAWN_ENV).items() if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({PRE_SPAWN_ENV: env}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None)


def extract_on(client: Client, items: Iterable[Item], model: str, batch_size: int = 16) -> Iterator[Result]:
    """ArticleGraphs (or Failures) for the items, in input order, extracted by the cluster's workers."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError:
        raise ConfigError(f"cluster {client.scheduler.address}: no Dask worker joined within "
                          f"{WORKERS_TIMEOUT} s; start some with: dask worker {client.scheduler.address}") from None
    client.register_plugin(SpacyPipeline(model), name=f"geokg-spacy:{model}")
    it = iter(items)
    in_flight: deque[tuple[list[Item], Future]] = deque()
    for batch in iter(lambda: list(islice(it, batch_size)), []):
        in_flight.append((batch, client.submit(extract_batch, batch, model, pure=False)))
        # asked each batch: workers that join (or leave) a running cluster change how much may be in flight
        while len(in_flight) >= IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values())):
            yield from _collect(client, *in_flight.popleft(), model)
    while in_flight:
        yield from _collect(client, *in_flight.popleft(), model)


def _collect(client: Client, batch: list[Item], future: Future, model: str) -> list[Result]:
    """A batch's results; when the batch failed (its worker died, or spaCy raised), each article retried alone."""
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - any task failure: find the one article that causes it
        pass
    alone = [client.submit(extract_batch, [item], model, pure=False) for item in batch]
    return [_single(client, item, f, model) for item, f in zip(batch, alone, strict=True)]


def _single(client: Client, item: Item, future: Future, model: str) -> Result:
    """One article's result, or its Failure when it failed twice on its own."""
    for attempt in range(SINGLE_ATTEMPTS):
        try:
            (result,) = future.result()
            return result
        except Exception as e:  # noqa: BLE001 - recorded, and the run goes on
            error = e
        if attempt + 1 < SINGLE_ATTEMPTS:
            # the worker that died may have been killed by a batch-mate it also ran: again, after that one
            future = client.submit(extract_batch, [item], model, pure=False)
    name = item.name if isinstance(item, RawArticle) else item.source
    return Failure(name, f"{name}: extraction failed on the cluster: {type(error).__name__}: {error}")
