"""Loading extracted article graphs into a store in batches, recording what happened to each article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from geokg.graph.errors import KGError
from geokg.graph.model import ArticleGraph
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
         on_item: Progress | None = None) -> LoadReport:
    """Upsert every ArticleGraph among items in batches; anything else is a failure with .source/.reason.

    A batch the store rejects is retried article by article, so one bad article never loses the others.
    """
    report = LoadReport()
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
