"""Loading extracted article graphs into a store in batches, recording what happened to each article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from geokg.graph.errors import KGError
from geokg.graph.model import Article, ArticleGraph
from geokg.graph.store import GraphStore, UpsertResult


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """An input that never reached the store, and why (a read, parse or store error)."""

    source: str
    reason: str


@dataclass
class LoadReport:
    """Counts of what a load did: created, updated, unchanged, skipped and failed articles."""

    statuses: Counter = field(default_factory=Counter)
    failures: list[LoadFailure] = field(default_factory=list)
    results: list[UpsertResult] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)

    @property
    def stored(self) -> int:
        """Articles written or confirmed unchanged."""
        return sum(self.statuses[k] for k in ("created", "updated", "unchanged"))

    def summary(self) -> str:
        """One line for a log or a terminal."""
        parts = [f"{self.statuses[k]} {k}" for k in ("created", "updated", "unchanged")]
        parts.append(f"{len(self.skipped)} skipped")
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


Progress = Callable[[object], None]


def load(items: Iterable[object], store: GraphStore, batch_size: int = 32,
         on_item: Progress | None = None, report: LoadReport | None = None) -> LoadReport:
    """Upsert every ArticleGraph among items in batches; anything else is a failure with .source/.reason.

    A batch the store rejects is retried article by article, so one bad article never loses the others.
    """
    report = report if report is not None else LoadReport()
    batch: list[ArticleGraph] = []
    for item in items:
        if isinstance(item, ArticleGraph):
            if item.skipped:
                report.skipped.append((item.article.id, item.skipped))
            batch.append(item)
            if len(batch) >= batch_size:
                _flush(batch, store, report)
                batch = []
        else:
            report.failures.append(LoadFailure(str(getattr(item, "source", item)),
                                               str(getattr(item, "reason", "unknown failure"))))
        if on_item:
            on_item(item)
    _flush(batch, store, report)
    return report


def load_new(items: Iterable[object], store: GraphStore, parse: Callable[[Iterable[object]], Iterable[object]],
             batch_size: int = 32, on_item: Progress | None = None) -> LoadReport:
    """Parse and load only what the store lacks: an item whose article (`.article`) the store already holds (the
    same content hash, or the same text under another name, URL or source) is recorded as seen there and reported
    unchanged without being parsed; parse (e.g. ingest.pipeline.process) is not even called when nothing is new.
    Used by `geokg ingest`, the sources, `POST /articles` and the library's ingest.
    """
    report = LoadReport()
    fresh = _not_stored(items, store, report, on_item)
    first = next(fresh, None)
    if first is None:
        return report
    return load(parse(chain([first], fresh)), store, batch_size, on_item, report)


def _not_stored(items: Iterable[object], store: GraphStore, report: LoadReport, on_item: Progress | None,
                chunk: int = 64) -> Iterator[object]:
    """The items, less those the store already holds (recorded in the report), asking the store per chunk."""
    pending: list[object] = []
    for item in chain(items, [None]):
        if item is not None:
            pending.append(item)
            if len(pending) < chunk:
                continue
        articles = [a for a in (getattr(x, "article", None) for x in pending) if isinstance(a, Article)]
        held = {r.article_id: r for r in store.already_stored(articles)} if articles else {}
        for x in pending:
            result = held.get(getattr(getattr(x, "article", None), "id", None))
            if result is not None:
                _record([result], report)
                if on_item:
                    on_item(x)
            else:
                yield x
        pending = []


def _flush(batch: list[ArticleGraph], store: GraphStore, report: LoadReport) -> None:
    if not batch:
        return
    try:
        _record(store.upsert_articles(batch), report)
    except KGError:
        for graph in batch:
            try:
                _record(store.upsert_articles([graph]), report)
            except KGError as e:
                where = graph.article.path or graph.article.url or graph.article.id
                report.failures.append(LoadFailure(where, f"{where}: not stored: {e}"))


def _record(results: list[UpsertResult], report: LoadReport) -> None:
    for r in results:
        report.statuses[r.status] += 1
        report.results.append(r)
