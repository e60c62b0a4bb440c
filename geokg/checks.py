"""`geokg check`: is the store sound, and does the sources' state claim only articles the store holds?"""

from __future__ import annotations

from dataclasses import dataclass, field

from geokg.graph.errors import NotFound
from geokg.graph.store import GraphStore
from geokg.ingest.sources.state import ArticleState, SourceState


@dataclass
class CheckReport:
    """What check found: the store's problems, and source items stored by their state but not by the store."""

    store_problems: list[str] = field(default_factory=list)
    unstored: list[ArticleState] = field(default_factory=list)
    repaired: bool = False

    @property
    def ok(self) -> bool:
        """Whether nothing is left wrong."""
        return not self.store_problems and (not self.unstored or self.repaired)


def check(store: GraphStore, state: SourceState, repair: bool = False) -> CheckReport:
    """Check the store (the embedded one: SQLite's checks and its own rules) and the sources' state against it.

    repair: forget the source items the store lacks, so the next run of their sources fetches them again.
    The store itself is never changed.
    """
    report = CheckReport(store_problems=store.check() if hasattr(store, "check") else [])
    for item in state.claimed():
        try:
            store.get_article(item.article_id)
        except NotFound:
            report.unstored.append(item)
    if repair and report.unstored:
        state.forget_articles([item.key for item in report.unstored])
        report.repaired = True
    return report
