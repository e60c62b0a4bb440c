"""`geokg schedule` as a real process: runs each source on its interval, exits cleanly on SIGTERM."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from geokg.graph.errors import ConfigError, InvalidInput
from geokg.graph.open import open_store
from geokg.ingest.sources.config import Source
from geokg.ingest.sources.runner import run_source
from geokg.ingest.sources.scheduler import Reloader, build_scheduler, run_scheduler, sync_jobs
from geokg.ingest.sources.state import SourceState
from tests.conftest import GEOKG, ROOT, SEED_ARTICLE


def lines_of(proc: subprocess.Popen) -> queue.Queue:
    """Lines of the process's stdout as they come."""
    out: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            out.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return out


def wait_for_runs(out: queue.Queue, source: str, count: int, timeout: float) -> list[str]:
    runs: list[str] = []
    deadline = time.monotonic() + timeout
    while len(runs) < count:
        try:
            line = out.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"only {len(runs)} run(s) of {source} within {timeout} s: {runs}")
        if f" {source}: " in line:
            runs.append(line)
    return runs


def test_schedule_runs_sources_on_their_interval_and_stops_on_sigterm(cli_env, data_dir: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED_ARTICLE, inbox / SEED_ARTICLE.name)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "inbox"\nkind = "folder"\nlocation = "{inbox}"\ninterval = "1s"\n',
                       encoding="utf-8")
    proc = subprocess.Popen([*GEOKG, "schedule", "--sources", str(sources), "--reload-every", "0.5"], cwd=ROOT,
                            env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out = lines_of(proc)
        runs = wait_for_runs(out, "inbox", 2, timeout=90)
        assert "ok created=1" in runs[0], runs
        assert "ok skipped=1" in runs[1], runs
        later = tmp_path / "later"
        later.mkdir()
        with sources.open("a", encoding="utf-8") as f:  # picked up without a restart
            f.write(f'[[source]]\nname = "later"\nkind = "folder"\nlocation = "{later}"\ninterval = "1h"\n')
        assert "later: ok" in wait_for_runs(out, "later", 1, timeout=10)[0]
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        assert proc.wait(timeout=15) == 0, proc.stderr.read()
        assert time.monotonic() - started < 10
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "scheduler stopped" in proc.stderr.read()
    st = SourceState(data_dir).source("inbox")
    assert st.runs >= 2 and st.last_status == "ok" and st.articles == 1
    store = open_store("embedded", data_dir)
    try:
        assert store.counts().articles == 1
    finally:
        store.close()


def test_jobs_are_coalesced_single_instance_and_cron_ones_wait_for_their_time(tmp_path: Path):
    sources = [Source(name="a", kind="folder", location=str(tmp_path), interval=30),
               Source(name="b", kind="folder", location=str(tmp_path), cron="*/15 * * * *")]
    scheduler = build_scheduler(sources, lambda s: None)
    scheduler.start(paused=True)
    jobs = {j.id: j for j in scheduler.get_jobs()}
    scheduler.shutdown()
    assert set(jobs) == {"a", "b"}
    assert all(j.coalesce and j.max_instances == 1 for j in jobs.values())
    assert str(jobs["b"].trigger) == "cron[month='*', day='*', day_of_week='*', hour='*', minute='*/15']"
    assert jobs["a"].trigger.interval.total_seconds() == 30


def test_one_scheduler_per_data_folder_and_runs_of_a_source_never_overlap(tmp_path: Path):
    state = SourceState(tmp_path / "data")
    src = Source(name="inbox", kind="folder", location=str(tmp_path))
    with state.lock("_scheduler"):
        with pytest.raises(ConfigError, match="another `geokg schedule` is already running"):
            run_scheduler(lambda: [src], lambda s: None, state, stop=threading.Event())
    with state.lock("inbox"):
        report = run_source(src, state, lambda raws: [])
    assert report.status == "busy" and "in progress" in report.error


def test_reloaded_sources_replace_changed_jobs_drop_removed_ones_and_survive_a_broken_file(tmp_path: Path):
    a = Source(name="a", kind="folder", location=str(tmp_path), interval=30)
    b = Source(name="b", kind="folder", location=str(tmp_path), interval=60)
    scheduler = build_scheduler([a, b], lambda s: None, run_at_start=False)
    scheduler.start(paused=True)
    try:
        c = Source(name="c", kind="folder", location=str(tmp_path), cron="0 * * * *")
        sync_jobs(scheduler, [a, replace(b, interval=5.0), c], lambda s: None, run_at_start=False)
        jobs = {j.id: j for j in scheduler.get_jobs()}
        assert jobs["b"].trigger.interval.total_seconds() == 5 and "c" in jobs
        kept = jobs["a"].next_run_time
        sync_jobs(scheduler, [a, c], lambda s: None, run_at_start=False)
        jobs = {j.id: j for j in scheduler.get_jobs()}
        assert set(jobs) == {"a", "c"} and jobs["a"].next_run_time == kept
    finally:
        scheduler.shutdown()

    answers = iter([InvalidInput("s.toml: source 'x': kind 'podcast' is not one of ..."), [a]])

    def load():
        got = next(answers)
        if isinstance(got, Exception):
            raise got
        return got

    reloader = Reloader(load, every=0)
    assert reloader.changed([a]) is None and "podcast" in reloader.problem  # broken: keep the schedule
    assert reloader.changed([a, b]) == [a]
