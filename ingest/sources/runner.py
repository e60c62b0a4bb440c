"""One run of one source: collect its articles, drop the ones seen before, hand the rest to a sink, record it all.

A run never raises: a failing source is recorded (last error) and retried at its next run.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import httpx

from geokg.graph.errors import KGError
from geokg.ingest.readers import RawArticle
from geokg.ingest.sources.config import FEED_KINDS, Source
from geokg.ingest.sources.feeds import collect_feed
from geokg.ingest.sources.fetch import Resolver, fetch, new_client, resolve
from geokg.ingest.sources.folders import collect_folder
from geokg.ingest.sources.items import Candidate, Collected, Fetcher, bind_fetcher
from geokg.ingest.sources.jsonl import collect_jsonl
from geokg.ingest.sources.pages import collect_page
from geokg.ingest.sources.state import ArticleState, SourceState, utcnow

log = logging.getLogger("geokg.sources")
Status = Literal["created", "updated", "unchanged", "duplicate", "failed"]
COLLECTORS: dict[str, Callable[[Source, SourceState, Fetcher], Collected]] = {
    **dict.fromkeys(FEED_KINDS, collect_feed), "url": collect_page, "folder": collect_folder, "jsonl": collect_jsonl}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the sink did with one article."""

    article_id: str
    status: Status  # duplicate: the store holds the same text as article stored_as, and listed this location
    error: str | None = None
    stored_as: str | None = None


Sink = Callable[[list[RawArticle]], list[Outcome]]


@dataclass(frozen=True, slots=True)
class RunReport:
    """How one run of one source went."""

    source: str
    status: str  # ok, partial (some articles failed), not-modified, error, busy (another run holds the source)
    started: str
    finished: str
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for logs and the CLI."""
        counts = " ".join(f"{k}={v}" for k, v in sorted(self.counts.items()) if v)
        return f"{self.source}: {self.status}" + (f" {counts}" if counts else "") + (
            f" ({self.error})" if self.error else "")


def triage(candidate: Candidate, source: str, state: SourceState, pending: dict[str, str]) -> ArticleState | None:
    """The final state of a candidate that needs no sink (seen, duplicate, unreadable), or None to ingest it.

    pending maps the text hashes of this run's articles not yet recorded to their keys.
    """
    base = {"key": candidate.key, "source": source, "stamp": candidate.stamp, "link": candidate.link,
            "etag": candidate.etag, "last_modified": candidate.last_modified}
    if candidate.error or candidate.raw is None:
        status = "failed" if candidate.error else "skipped"
        return ArticleState(**base, status=status, error=candidate.error)
    art = candidate.raw.article
    known = {"article_id": art.id, "url": art.url, "hash": art.content_hash}
    prev = state.article(candidate.key)
    if prev and prev.hash == art.content_hash and prev.status != "failed":
        return ArticleState(**base, **known, status="skipped")
    owner = None if prev else (pending.get(art.content_hash) or state.hash_owner(art.content_hash, candidate.key))
    if owner:
        return ArticleState(**base, **known, status="duplicate", error=f"same text as {owner}")
    return None


def sink_batch(batch: list[Candidate], source: str, sink: Sink) -> list[ArticleState]:
    """Hand a batch to the sink and turn its outcomes into article states (a sink crash fails the batch)."""
    raws = [c.raw for c in batch if c.raw is not None]
    try:
        outcomes = {o.article_id: o for o in sink(raws)}
    except Exception as e:  # noqa: BLE001 - one bad batch must not stop the source or the scheduler
        log.exception("sink failed for %s", source)
        outcomes = {r.article.id: Outcome(r.article.id, "failed", f"{type(e).__name__}: {e}") for r in raws}
    states = []
    for c in batch:
        art = c.raw.article  # type: ignore[union-attr]
        o = outcomes.get(art.id) or Outcome(art.id, "failed", "the pipeline returned no result for this article")
        states.append(ArticleState(key=c.key, source=source, status=o.status, error=o.error,
                                   article_id=o.stored_as or art.id,
                                   url=art.url, hash=art.content_hash, stamp=c.stamp, link=c.link, etag=c.etag,
                                   last_modified=c.last_modified))
    return states


def process(candidates: Iterable[Candidate], source: str, state: SourceState, sink: Sink,
            batch_size: int) -> tuple[Counter, str | None]:
    """Dedup, sink and record every candidate; returns the count of each final status and the first error."""
    counts: Counter = Counter()
    errors: list[str] = []
    pending: list[Candidate] = []

    def record(states: list[ArticleState]) -> None:
        state.record_articles(states)
        counts.update(s.status for s in states)
        errors.extend(s.error for s in states if s.status == "failed" and s.error)

    seen: set[str] = set()
    settled: list[ArticleState] = []  # recorded in batches: one transaction per row is slow for bulk files
    hashes: dict[str, str] = {}  # the text hashes of the pending articles, kept with them (batches may be large)
    for c in candidates:
        if c.key in seen:  # two entries leading to one canonical article
            counts["skipped"] += 1
            continue
        seen.add(c.key)
        done = triage(c, source, state, hashes)
        if done:
            settled.append(done)
        else:
            pending.append(c)
            hashes[c.raw.article.content_hash] = c.key  # type: ignore[union-attr]
        if len(pending) >= batch_size:
            record(sink_batch(pending, source, sink))
            pending, hashes = [], {}
        if len(settled) >= 500:
            record(settled)
            settled = []
    record(settled + (sink_batch(pending, source, sink) if pending else []))
    return counts, errors[0] if errors else None


def run_source(source: Source, state: SourceState, sink: Sink, client: httpx.Client | None = None,
               resolver: Resolver = resolve, batch_size: int = 16) -> RunReport:
    """Run one source now; never raises, the outcome is recorded in the state and returned."""
    started = utcnow()
    with state.lock(source.name) as free:
        if not free:
            return RunReport(source.name, "busy", started, utcnow(), "another run of this source is in progress")
        state.start_run(source.name, source.kind, source.location)
        own = client is None
        client = client or new_client()
        try:
            return run_locked(source, state, sink, bind_fetcher(fetch, client=client, resolver=resolver),
                              batch_size, started)
        finally:
            if own:
                client.close()


def run_locked(source: Source, state: SourceState, sink: Sink, fetcher: Fetcher, batch_size: int,
               started: str) -> RunReport:
    """The body of run_source, with the source's lock held."""
    try:
        collected = COLLECTORS[source.kind](source, state, fetcher)
        counts, article_error = process(collected.candidates, source.name, state, sink, batch_size)
    except KGError as e:
        return finish(state, source, started, "error", str(e), Counter())
    except Exception as e:  # noqa: BLE001 - a bug in one source must not stop the others
        log.exception("source %s failed", source.name)
        return finish(state, source, started, "error", f"{type(e).__name__}: {e}", Counter())
    if collected.not_modified:
        return finish(state, source, started, "not-modified", None, counts, collected.validators)
    if counts["failed"]:
        # validators are not saved, so a 304 cannot hide the failed articles from the next run
        error = f"{counts['failed']} article(s) failed, first: {article_error}"
        return finish(state, source, started, "partial", error, counts)
    return finish(state, source, started, "ok", None, counts, collected.validators)


def finish(state: SourceState, source: Source, started: str, status: str, error: str | None, counts: Counter,
           validators: dict[str, str | None] | None = None) -> RunReport:
    """Record the end of a run and report it."""
    clean = {k: v for k, v in counts.items() if v}
    state.finish_run(source.name, status, error, clean, validators)
    report = RunReport(source.name, status, started, utcnow(), error, clean)
    log.debug("%s", report.summary())
    return report
