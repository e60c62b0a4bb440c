"""Background ingestion of long posted texts: POST /articles answers 202 with a status URL instead of holding the
request (and the shared pipeline) for minutes. One worker thread with its own spaCy pipeline, so short posts
keep going through the request pipeline meanwhile."""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Literal

from geokg.api.deps import Pipeline
from geokg.api.problems import without_paths
from geokg.graph.errors import KGError, NotFound

log = logging.getLogger("geokg.api")
Status = Literal["queued", "running", "done", "failed"]


@dataclass(frozen=True, slots=True)
class Job:
    """One background ingest: where it is, and its outcome."""

    id: str
    status: Status = "queued"
    result: Any = None  # an IngestOut when done
    error: str | None = None


class Jobs:
    """The background ingests of one app; the newest `keep` are remembered for their status URL."""

    def __init__(self, pipeline: Pipeline, keep: int = 1000):
        self.pipeline, self.keep = pipeline, keep
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.lock = threading.Lock()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geokg-ingest")

    def submit(self, work) -> Job:
        """Queue work(nlp) -> IngestOut; the returned job is queued."""
        job = Job(id=uuid.uuid4().hex)
        self.put(job)
        self.executor.submit(self.run, job, work)
        return job

    def run(self, job: Job, work) -> None:
        self.put(replace(job, status="running"))
        try:
            with self.pipeline.using() as nlp:
                self.put(replace(job, status="done", result=work(nlp)))
        except KGError as e:
            self.put(replace(job, status="failed", error=without_paths(str(e))))
        except Exception:  # noqa: BLE001 - a bug: logged, reported without internals
            log.exception("background ingest %s failed", job.id)
            self.put(replace(job, status="failed", error="the server failed to ingest the text; the error was logged"))

    def put(self, job: Job) -> None:
        with self.lock:
            self.jobs[job.id] = job
            self.jobs.move_to_end(job.id)
            while len(self.jobs) > self.keep:
                self.jobs.popitem(last=False)

    def get(self, job_id: str) -> Job:
        """The job, or NotFound."""
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no ingest job {job_id!r} (jobs are kept in memory until the server restarts)")
        return job

    def close(self) -> None:
        """Finish the running job, drop the queued ones."""
        self.executor.shutdown(wait=True, cancel_futures=True)
