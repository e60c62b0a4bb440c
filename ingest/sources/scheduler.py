"""The scheduler: one APScheduler instance per data folder, each source on its own interval or cron trigger.

Runs of a source are coalesced and never overlap (max_instances=1, plus the per-source lock file, which also keeps
`geokg ingest --source` from overlapping a scheduled run). SIGTERM or SIGINT stops it after running jobs finish.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from graph.errors import ConfigError, InvalidInput
from ingest.sources.config import Source
from ingest.sources.state import SourceState

log = logging.getLogger("geokg.sources")
Job = Callable[[Source], object]


def trigger_for(source: Source) -> CronTrigger | IntervalTrigger:
    """The APScheduler trigger of a source's interval or cron expression (cron in UTC)."""
    if source.cron:
        return CronTrigger.from_crontab(source.cron, timezone=UTC)
    return IntervalTrigger(seconds=source.interval or 3600, timezone=UTC)


def build_scheduler(sources: list[Source], job: Job, run_at_start: bool = True) -> BackgroundScheduler:
    """A scheduler with one job per source: coalesced, one instance at a time, interval jobs due at once."""
    if not sources:
        raise InvalidInput("no sources to schedule: add one with `geokg sources add`")
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=min(4, len(sources)))},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}, timezone=UTC)
    for s in sources:
        first = {"next_run_time": datetime.now(UTC)} if run_at_start and not s.cron else {}
        scheduler.add_job(job, trigger_for(s), args=[s], id=s.name, name=f"source {s.name}", **first)
    return scheduler


def run_scheduler(sources: list[Source], job: Job, state: SourceState, run_at_start: bool = True,
                  stop: threading.Event | None = None) -> None:
    """Run the sources on their schedules until SIGTERM/SIGINT (or stop is set); one scheduler per data folder."""
    stop = stop or threading.Event()
    with state.lock("_scheduler") as free:
        if not free:
            raise ConfigError(f"{state.data_dir}: another `geokg schedule` is already running for this data folder")
        scheduler = build_scheduler(sources, job, run_at_start)
        in_main = threading.current_thread() is threading.main_thread()  # signals can only be caught there
        sigs = (signal.SIGTERM, signal.SIGINT) if in_main else ()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in sigs}
        try:
            scheduler.start()
            log.info("scheduler started: %s", ", ".join(f"{s.name} ({s.schedule})" for s in sources))
            while not stop.wait(0.5):
                pass
            log.info("stopping: waiting for running sources to finish")
            scheduler.shutdown(wait=True)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
