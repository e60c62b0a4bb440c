"""Events per period with their mean Goldstein score and counts per quad class, and the evidence they come from.

Store-neutral: the evidence is gathered through the GraphStore protocol (relations of the entities, then each
relation's evidence), so the embedded store and Neo4j give the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from geokg.graph.store import Bucket, Evidence, GraphStore, RelationFilter, RelationSummary
from geokg.graph.summaries import bucket_start

PAGE = 500
NO_FILTER = RelationFilter()
QUAD_CLASSES = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """One period (the start date of its bucket): how many events, the mean Goldstein of the coded ones."""

    period: date
    events: int
    coded_events: int = 0
    goldstein_mean: float | None = None
    by_quad_class: dict[int, int] = field(default_factory=dict)  # 1 verbal coop .. 4 material conflict


def when(ev: Evidence) -> date | None:
    """The date of a piece of evidence: the event's own date, else its article's publication date."""
    return ev.relation.date or ev.article.published


def summarize(evidence: Iterable[Evidence], bucket: Bucket = "month") -> list[PeriodSummary]:
    """Dated evidence grouped by period, oldest first; undated evidence is left out."""
    groups: dict[date, list[Evidence]] = {}
    for ev in evidence:
        day = when(ev)
        if day is not None:
            groups.setdefault(bucket_start(day, bucket), []).append(ev)
    return [_period(start, groups[start]) for start in sorted(groups)]


def _period(start: date, items: list[Evidence]) -> PeriodSummary:
    events = [ev.relation.event for ev in items if ev.relation.event is not None]
    quads = {q: n for q in QUAD_CLASSES if (n := sum(1 for e in events if e.quad_class == q))}
    mean = round(sum(e.goldstein for e in events) / len(events), 3) if events else None
    return PeriodSummary(start, len(items), len(events), mean, quads)


def pages(fetch, limit: int = PAGE) -> Iterator:
    """Every item of a paged store query: fetch(limit, offset) -> Page, called until the total is reached."""
    offset = 0
    while True:
        page = fetch(limit, offset)
        yield from page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


def relations_touching(store: GraphStore, ids: Iterable[str] | None,
                       filt: RelationFilter = NO_FILTER) -> Iterator[RelationSummary]:
    """Each aggregated relation touching any of the entities (every relation when ids is None), once."""
    if ids is None:
        yield from pages(lambda n, o: store.find_relations(None, None, filt, limit=n, offset=o))
        return
    seen: set[str] = set()
    for eid in ids:
        for r in pages(lambda n, o, eid=eid: store.relations_of(eid, filt, limit=n, offset=o)):
            if r.id not in seen:
                seen.add(r.id)
                yield r


def evidence_of(store: GraphStore, relations: Iterable[RelationSummary]) -> Iterator[Evidence]:
    """The evidence of each relation (of each of its parts, for a rolled-up relation)."""
    for r in relations:
        for rid in r.parts or (r.id,):
            yield from pages(lambda n, o, rid=rid: store.evidence(rid, limit=n, offset=o))


def timeline(store: GraphStore, ids: Iterable[str] | None, bucket: Bucket = "month") -> list[PeriodSummary]:
    """Events per period touching any of the entities (or the whole graph), with Goldstein mean and quad counts."""
    return summarize(evidence_of(store, relations_touching(store, ids)), bucket)
