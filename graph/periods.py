"""Events per period with their mean Goldstein score and counts per quad class, and gathering evidence through
the GraphStore protocol (relations of some entities, then each relation's evidence) for store-neutral queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from geokg.graph.store import Bucket, Evidence, GraphStore, PeriodSummary, RelationFilter, RelationSummary
from geokg.graph.summaries import bucket_start

PAGE = 500
PeriodRow = tuple[date | None, float | None, int | None, int]  # day, Goldstein, quad class, how many
NO_FILTER = RelationFilter()
QUAD_CLASSES = (1, 2, 3, 4)


def when(ev: Evidence) -> date | None:
    """The date of a piece of evidence: the event's own date, else its article's publication date."""
    return ev.relation.date or ev.article.published


def summarize(evidence: Iterable[Evidence], bucket: Bucket = "month") -> list[PeriodSummary]:
    """Dated evidence grouped by period, oldest first; undated evidence is left out."""
    return from_counts(((when(ev), ev.relation.event.goldstein if ev.relation.event else None,
                         ev.relation.event.quad_class if ev.relation.event else None, 1) for ev in evidence), bucket)


def from_counts(rows: Iterable[PeriodRow], bucket: Bucket = "month") -> list[PeriodSummary]:
    """Periods from (day, goldstein, quad class, how many) rows, oldest first; undated rows are left out."""
    events: dict[date, int] = {}
    coded: dict[date, int] = {}
    scores: dict[date, float] = {}
    quads: dict[date, dict[int, int]] = {}
    for day, score, quad, n in rows:
        if day is None:
            continue
        start = bucket_start(day, bucket)
        events[start] = events.get(start, 0) + n
        if score is not None:
            coded[start] = coded.get(start, 0) + n
            scores[start] = scores.get(start, 0.0) + score * n
        if quad in QUAD_CLASSES:
            by_quad = quads.setdefault(start, {})
            by_quad[quad] = by_quad.get(quad, 0) + n
    return [PeriodSummary(start, events[start], coded.get(start, 0),
                          round(scores[start] / coded[start], 3) if coded.get(start) else None,
                          dict(sorted(quads.get(start, {}).items()))) for start in sorted(events)]


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
