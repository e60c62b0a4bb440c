"""Background ingestion of long posted texts: POST /articles answers 202 with a status URL instead of holding the
request (and the shared pipeline) for minutes. One worker thread with its own spaCy pipeline, so short posts
keep going through the request pipeline meanwhile.

Jobs are kept in a small SQLite file of their own in the data folder (DATA_DIR/jobs.sqlite3, not the graph store),
so a status URL still answers after a restart. A job the server stopped before finishing (queued, or running when
the process died) is reported as failed, with that reason, when the server next starts.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic_core import to_jsonable_python

from geokg.api.deps import Pipeline
from geokg.api.problems import without_paths
from geokg.graph.errors import KGError, NotFound, StoreError

log = logging.getLogger("geokg.api")
Status = Literal["queued", "running", "done", "failed"]
JOBS_FILE = "jobs.sqlite3"
SCHEMA = """CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT)"""
INTERRUPTED = "interrupted: the server stopped while the job was {status}; post the text again"


@dataclass(frozen=True, slots=True)
class Job:
    """One background ingest: where it is, and its outcome."""

    id: str
    status: Status = "queued"
    result: Any = None  # what the work returned (an IngestOut's fields) when done
    error: str | None = None


class Jobs:
    """The background ingests of one app, kept in `data_dir`; the newest `keep` are remembered for their status URL."""

    def __init__(self, pipeline: Pipeline, data_dir: Path, keep: int = 1000):
        self.pipeline, self.keep = pipeline, keep
        self.data_dir, self.path = Path(data_dir), Path(data_dir) / JOBS_FILE
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geokg-ingest")
        if self.path.exists():
            self.fail_interrupted()

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
                self.put(replace(job, status="done", result=to_jsonable_python(work(nlp))))
        except KGError as e:
            self.put(replace(job, status="failed", error=without_paths(str(e))))
        except Exception:  # noqa: BLE001 - a bug: logged, reported without internals
            log.exception("background ingest %s failed", job.id)
            self.put(replace(job, status="failed", error="the server failed to ingest the text; the error was logged"))

    def put(self, job: Job) -> None:
        """Record the job's state; the oldest jobs beyond `keep` are forgotten."""
        result = None if job.result is None else json.dumps(job.result)
        with self.connect() as con:
            con.execute("INSERT INTO jobs (id, status, result, error) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                        "SET status = excluded.status, result = excluded.result, error = excluded.error",
                        (job.id, job.status, result, job.error))
            con.execute("DELETE FROM jobs WHERE seq <= (SELECT MAX(seq) FROM jobs) - ?", (self.keep,))

    def get(self, job_id: str) -> Job:
        """The job, or NotFound."""
        row = None
        if self.path.exists():
            with self.connect() as con:
                row = con.execute("SELECT id, status, result, error FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise NotFound(f"no ingest job {job_id!r} (the newest {self.keep} jobs are kept)")
        return Job(row[0], row[1], None if row[2] is None else json.loads(row[2]), row[3])

    def fail_interrupted(self) -> None:
        """Jobs a previous server left queued or running can no longer finish: failed, saying so."""
        with self.connect() as con:
            for status in ("queued", "running"):
                con.execute("UPDATE jobs SET status = 'failed', error = ? WHERE status = ?",
                            (INTERRUPTED.format(status=status), status))

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection to the jobs file, in one transaction committed on success, then closed."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=30)) as con, con:  # sqlite's lock orders the writers
                con.execute(SCHEMA)
                yield con
        except (OSError, sqlite3.DatabaseError) as e:
            raise StoreError(f"{self.path}: background jobs file error ({e})") from None

    def close(self) -> None:
        """Finish the running job, drop the queued ones (reported as interrupted on the next start)."""
        self.executor.shutdown(wait=True, cancel_futures=True)
