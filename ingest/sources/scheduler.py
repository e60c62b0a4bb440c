"""The scheduler: one APScheduler instance per data folder, each source on its own interval or cron trigger.

Runs of a source are coalesced and never overlap (max_instances=1, plus the per-source lock file, which also keeps
`geokg ingest --source` from overlapping a scheduled run). The sources file is re-read every few seconds, so
added, changed and removed sources take effect without a restart. SIGTERM or SIGINT stops it after running jobs
finish.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from geokg.graph.errors import ConfigError, KGError
from geokg.ingest.sources.config import Source
from geokg.ingest.sources.state import SourceState

log = logging.getLogger("geokg.sources")
Job = Callable[[Source], object]
Loader = Callable[[], list[Source]]


def trigger_for(source: Source) -> CronTrigger | IntervalTrigger:
    """The APScheduler trigger of a source's interval or cron expression (cron in UTC)."""
    if source.cron:
        return CronTrigger.from_crontab(source.cron, timezone=UTC)
    return IntervalTrigger(seconds=source.interval or 3600, timezone=UTC)


def sync_jobs(scheduler: BackgroundScheduler, sources: list[Source], job: Job, run_at_start: bool) -> None:
    """Make the scheduler's jobs match the sources: unchanged ones keep their timing, others are (re)placed."""
    wanted = {s.name: s for s in sources}
    for current in scheduler.get_jobs():
        if current.id not in wanted:
            scheduler.remove_job(current.id)
            log.info("source %s removed from the schedule", current.id)
        elif current.args[0] == wanted[current.id]:
            del wanted[current.id]
    for s in wanted.values():
        first = {"next_run_time": datetime.now(UTC)} if run_at_start and not s.cron else {}
        scheduler.add_job(job, trigger_for(s), args=[s], id=s.name, name=f"source {s.name}", replace_existing=True,
                          **first)


def build_scheduler(sources: list[Source], job: Job, run_at_start: bool = True) -> BackgroundScheduler:
    """A scheduler with one job per source: coalesced, one instance at a time, interval jobs due at once."""
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}, timezone=UTC)
    sync_jobs(scheduler, sources, job, run_at_start)
    return scheduler


class Reloader:
    """Re-reads the sources every few seconds; a broken file is reported once and the old schedule kept."""

    def __init__(self, load: Loader, every: float) -> None:
        self.load, self.every = load, every
        self.due = time.monotonic() + every
        self.problem: str | None = None

    def changed(self, current: list[Source]) -> list[Source] | None:
        """The new sources when they differ from current and it is time to look, else None."""
        if time.monotonic() < self.due:
            return None
        self.due = time.monotonic() + self.every
        try:
            fresh = self.load()
        except KGError as e:
            if str(e) != self.problem:
                log.error("sources file not reloaded, keeping the current schedule: %s", e)
            self.problem = str(e)
            return None
        self.problem = None
        return fresh if fresh != current else None


def run_scheduler(load: Loader, job: Job, state: SourceState, run_at_start: bool = True,
                  stop: threading.Event | None = None, reload_every: float = 10.0) -> None:
    """Run the sources on their schedules until SIGTERM/SIGINT (or stop is set); one scheduler per data folder."""
    stop = stop or threading.Event()
    with state.lock("_scheduler") as free:
        if not free:
            raise ConfigError(f"{state.data_dir}: another `geokg schedule` is already running for this data folder")
        sources = load()
        scheduler, reloader = build_scheduler(sources, job, run_at_start), Reloader(load, reload_every)
        in_main = threading.current_thread() is threading.main_thread()  # signals can only be caught there
        sigs = (signal.SIGTERM, signal.SIGINT) if in_main else ()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in sigs}
        try:
            scheduler.start()
            log.info("scheduler started: %s", ", ".join(f"{s.name} ({s.schedule})" for s in sources) or "no sources")
            while not stop.wait(0.2):
                fresh = reloader.changed(sources)
                if fresh is not None:
                    sync_jobs(scheduler, fresh, job, run_at_start)
                    sources = fresh
                    log.info("sources reloaded: %s", ", ".join(s.name for s in sources) or "none")
            log.info("stopping: waiting for running sources to finish")
            scheduler.shutdown(wait=True)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
