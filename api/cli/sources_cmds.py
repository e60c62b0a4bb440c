"""`geokg sources list|add|remove|status` and `geokg schedule`: scheduled ingestion from feeds, pages and folders."""

from __future__ import annotations

import json
import logging
import sys
import threading
from contextlib import ExitStack, closing
from dataclasses import asdict
from pathlib import Path

import click

from geokg.api.cli.common import fail, load_nlp, open_store_from, progress_bar, run_guarded, settings_of
from geokg.api.settings import Settings
from geokg.ingest.readers import RawArticle
from geokg.ingest.sources.config import KINDS, Source, find_source, load_sources, sources_file
from geokg.ingest.sources.runner import Outcome, RunReport, Sink, run_source
from geokg.ingest.sources.state import SourceState

SOURCES_HELP = "Sources file (KG_SOURCES_FILE; default DATA_DIR/sources.toml)."
BATCH = 16  # articles per sink call in this process
FAN_OUT_BATCH = 256  # per sink call on a cluster: enough tasks of 16 to keep every worker busy between writes


def sources_path(settings: Settings, explicit: Path | None) -> Path:
    """The sources file from the flag, else KG_SOURCES_FILE, else the data folder."""
    return sources_file(settings.data_dir, explicit or settings.sources_file)


def outcomes_of(raws: list[RawArticle], report) -> list[Outcome]:
    """The loader's report as one Outcome per article handed to the sink."""
    stored = {r.article_id: r for r in report.results}
    outcomes = []
    for raw in raws:
        a = raw.article
        if (r := stored.get(a.id)) is not None:
            outcomes.append(Outcome(a.id, "duplicate", f"same text as {r.same_as}", r.same_as) if r.same_as
                            else Outcome(a.id, r.status))
            continue
        names = {a.id, a.url, a.path, raw.name} - {None}
        reason = next((f.reason for f in report.failures
                       if f.source in names or any(n and n in f.reason for n in names)), None)
        outcomes.append(Outcome(a.id, "failed", reason or f"{a.url or a.id}: not stored"))
    return outcomes


class StoreSink:
    """The CLI's sink: extract with the NLP pipeline and load into the store, both opened on first use.

    With a cluster (settings.cluster, or `workers` > 1 for a local one) batches are parsed on its workers; the
    cluster is connected on first use and kept until close, so each batch reuses the workers' loaded pipelines.
    """

    def __init__(self, settings: Settings, workers: int = 1, on_item=None) -> None:
        self.settings, self.workers, self.on_item = settings, workers, on_item  # on_item: called per article stored
        self.nlp = None
        self.store = None
        self.client = None
        self.resources = ExitStack()
        self.lock = threading.Lock()  # jobs of several sources share one pipeline and one store

    @property
    def fanned_out(self) -> bool:
        """Whether batches are parsed on a cluster."""
        return bool(self.settings.cluster) or self.workers > 1

    def __call__(self, raws: list[RawArticle]) -> list[Outcome]:
        """Extract and store the articles, one batch at a time."""
        from geokg.graph.loader import load_new

        with self.lock:
            if self.store is None:
                self.store = self.resources.enter_context(closing(open_store_from(self.settings, create=True)))
            return outcomes_of(raws, load_new(raws, self.store, self.extract, on_item=self.on_item))

    def extract(self, raws):
        """The graphs (or Failures) of the articles, in order: on the cluster's workers when fanned out, else here.
        The pipeline is loaded the first time an article needs parsing."""
        from geokg.ingest.pipeline import process

        if self.nlp is None:
            self.nlp = load_nlp(self.settings)
        if not self.fanned_out:
            return process(raws, self.nlp)
        from geokg.ingest.cluster import extract_on

        return extract_on(self.connect(), raws, self.nlp.meta.get("geokg_name", self.settings.spacy_model))

    def connect(self):
        """The cluster's client, connected on the first call (a ConfigError if the scheduler cannot be reached)."""
        from geokg.ingest.cluster import connect

        if self.client is None:
            self.client = self.resources.enter_context(connect(self.settings.cluster, self.workers))
        return self.client

    def close(self) -> None:
        """Close the store and the cluster connection if they were opened."""
        self.resources.close()


def jsonl_archive(name: str) -> Source | None:
    """`--source FILE.jsonl`: a JSON Lines archive named on the command line, run as a source of its own."""
    path = Path(name).expanduser()
    if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
        return None
    location = str(path.resolve())
    return Source(name=location, kind="jsonl", location=location)


def run_source_now(name: str, settings: Settings, sources: Path | None = None, sink: Sink | None = None,
                   workers: int = 1, batch_size: int | None = None, on_item=None) -> RunReport:
    """Run the named source (or the JSON Lines file at that path) once now, as `geokg ingest --source NAME` does;
    raises InvalidInput if unknown. Fanned out over a cluster, batches are FAN_OUT_BATCH articles (the memory
    bound: a file is read as a stream, one batch in the sink at a time)."""
    source = jsonl_archive(name)
    if source is None:
        path = sources_path(settings, sources)
        source = find_source(load_sources(path), name, path)
    own = StoreSink(settings, workers, on_item) if sink is None else None
    fanned = own is not None and own.fanned_out
    try:
        if fanned:  # an unreachable scheduler is one error now, not a failure of every batch
            own.connect()  # type: ignore[union-attr]
        return run_source(source, SourceState(settings.data_dir), sink or own,  # type: ignore[arg-type]
                          batch_size=batch_size or (FAN_OUT_BATCH if fanned else BATCH))
    finally:
        if own is not None:
            own.close()


def echo_report(report: RunReport) -> None:
    """Print a run's one-line summary, timestamped, flushed at once (the scheduler's log)."""
    click.echo(f"{report.finished} {report.summary()}")
    sys.stdout.flush()


def register(main: click.Group) -> None:
    """Add `sources` and `schedule` to the geokg command line."""
    main.add_command(sources)
    main.add_command(schedule)


@click.group(epilog="\b\nExamples:\n  geokg sources add reuters-world rss https://example.com/world.rss --interval 30m"
                    "\n  geokg sources status")
def sources() -> None:
    """The sources ingested on a schedule: feeds, article URLs, folders and JSON Lines files."""


@sources.command("list")
@click.option("--sources", "file", type=click.Path(dir_okay=False, path_type=Path), help=SOURCES_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the sources as JSON.")
@click.pass_context
def list_sources(ctx: click.Context, file: Path | None, as_json: bool) -> None:
    """The configured sources: name, kind, schedule and location."""
    path = sources_path(settings_of(ctx), file)
    found = run_guarded(load_sources, path)
    if as_json:
        rows = [{"name": s.name, "kind": s.kind, "location": s.location, "schedule": s.schedule} for s in found]
        click.echo(json.dumps(rows, indent=2))
    elif not found:
        click.echo(f"no sources in {path}; add one with `geokg sources add`")
    for s in found if not as_json else ():
        click.echo(f"{s.name:<24} {s.kind:<6} {s.schedule:<20} {s.location}")


ADD_EXAMPLES = """
\b
Examples:
  geokg sources add world rss https://example.com/world.rss --interval 30m
  geokg sources add inbox folder ./inbox --cron '*/15 * * * *'
  geokg sources add archive jsonl ./archive.jsonl --interval 1d
"""


@sources.command("add", epilog=ADD_EXAMPLES)
@click.argument("name")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("location")
@click.option("--interval", help="How often, e.g. 90s, 30m, 1h, 1d (default 1h).")
@click.option("--cron", help="A 5-field crontab expression in UTC instead of an interval.")
@click.option("--max-entries", type=click.IntRange(1), help="Most feed entries read per run (default 50).")
@click.option("--allow-local", is_flag=True, help="Allow loopback/private addresses (a server on your network).")
@click.option("--sources", "file", type=click.Path(dir_okay=False, path_type=Path), help=SOURCES_HELP)
@click.pass_context
def add(ctx: click.Context, name: str, kind: str, location: str, interval: str | None, cron: str | None,
        max_entries: int | None, allow_local: bool, file: Path | None) -> None:
    """Add a source to the sources file."""
    from geokg.ingest.sources.sourcefile import add_source

    if interval and cron:
        raise click.UsageError("give --interval or --cron, not both")
    if kind in ("folder", "jsonl"):
        location = str(Path(location).expanduser().resolve())  # the scheduler may run from another folder
    options = {k: v for k, v in {"max_entries": max_entries, "allow_local": allow_local or None}.items() if v}
    path = sources_path(settings_of(ctx), file)
    added = run_guarded(add_source, path, name, kind, location, interval, cron, options)
    click.echo(f"added {added.name} ({added.kind}, {added.schedule}) to {path}")


@sources.command("remove")
@click.argument("name")
@click.option("--sources", "file", type=click.Path(dir_okay=False, path_type=Path), help=SOURCES_HELP)
@click.pass_context
def remove(ctx: click.Context, name: str, file: Path | None) -> None:
    """Remove a source from the sources file (its articles stay in the graph)."""
    from geokg.ingest.sources.sourcefile import remove_source

    settings = settings_of(ctx)
    path = sources_path(settings, file)
    run_guarded(remove_source, path, name)
    run_guarded(SourceState(settings.data_dir).forget_source, name)
    click.echo(f"removed {name} from {path}")


@sources.command("status")
@click.argument("name", required=False)
@click.option("--sources", "file", type=click.Path(dir_okay=False, path_type=Path), help=SOURCES_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def status(ctx: click.Context, name: str | None, file: Path | None, as_json: bool) -> None:
    """Last run, counts and last error of each source; with NAME, also its failed articles."""
    from geokg.ingest.sources.status import overview

    settings = settings_of(ctx)
    state = SourceState(settings.data_dir)
    reports = run_guarded(overview, run_guarded(load_sources, sources_path(settings, file)), state)
    if name:
        reports = [r for r in reports if r.name == name] or fail(f"no source named {name!r} and no state for it")
    if as_json:
        click.echo(json.dumps([asdict(r) | {"configured": r.configured} for r in reports], indent=2))
        return
    for r in reports:
        st = r.state
        counts = " ".join(f"{k}={v}" for k, v in sorted(st.last_counts.items())) or "-"
        click.echo(f"{r.name:<24} {st.last_status or 'never run':<12} last run {st.last_finished or '-'}  "
                   f"runs {st.runs}  articles {st.articles} ({st.failed_articles} failed)  last: {counts}"
                   + ("" if r.configured else "  [a --source archive]" if jsonl_archive(r.name)
                      else "  [removed from the sources file]"))
        if st.last_error:
            click.echo(f"    last error: {st.last_error}")
        for a in state.articles(r.name, status="failed") if name else ():
            click.echo(f"    failed: {a.key}: {a.error}")


@click.command(epilog="\b\nExample:\n  geokg schedule            # until Ctrl-C or SIGTERM")
@click.option("--sources", "file", type=click.Path(dir_okay=False, path_type=Path), help=SOURCES_HELP)
@click.option("--no-initial-run", is_flag=True, help="Wait one interval before the first run of each source.")
@click.option("--reload-every", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds between checks of the sources file for added, changed or removed sources.")
@click.pass_context
def schedule(ctx: click.Context, file: Path | None, no_initial_run: bool, reload_every: float) -> None:
    """Ingest every source on its schedule, until SIGTERM or Ctrl-C (then finish running sources and exit)."""
    from geokg.ingest.sources.scheduler import run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # it logs every job start at INFO
    settings = settings_of(ctx)
    path = sources_path(settings, file)
    run_guarded(load_sources, path)  # a broken file is an error at start; later breakage keeps the old schedule
    state, sink = SourceState(settings.data_dir), StoreSink(settings)

    def job(source: Source) -> None:
        echo_report(run_source(source, state, sink))

    click.echo(f"scheduling the sources in {path}; stop with Ctrl-C or SIGTERM", err=True)
    try:
        run_guarded(run_scheduler, lambda: load_sources(path), job, state, run_at_start=not no_initial_run,
                    reload_every=reload_every)
    finally:
        sink.close()
    click.echo("scheduler stopped", err=True)


def ingest_source(ctx: click.Context, name: str, paths: tuple[Path, ...] = (), workers: int = 1,
                  cluster: str | None = None) -> None:
    """`geokg ingest --source NAME|FILE.jsonl`: one run now; exit 1 when the source or any of its articles failed."""
    if paths:
        raise click.UsageError("give either --source or paths, not both")
    bar = progress_bar(None)  # articles/s (across the cluster when fanned out), on a terminal
    report = run_guarded(run_source_now, name, settings_of(ctx, cluster=cluster), workers=workers,
                         on_item=None if bar is None else (lambda _: bar.update(1)))
    if bar is not None:  # (a tqdm without a total has no truth value)
        bar.close()
    echo_report(report)
    if report.status in ("error", "partial", "busy"):
        sys.exit(1)
