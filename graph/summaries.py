"""Store-neutral pieces of relation queries: filtering evidence and aggregating it into RelationSummary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from geokg.graph.model import Event, Relation
from geokg.graph.naming import predicate_matches, relationship_type
from geokg.graph.store import Bucket, EntityRef, RelationFilter, RelationSummary

Dated = tuple[Relation, date | None]  # a piece of evidence and its date (event date, else publication date)


def event_matches(r: Relation, wanted: str) -> bool:
    """Whether the evidence's event is the CAMEO code prefix ("04") or PLOVER type ("CONSULT") asked for."""
    if r.event is None:
        return False
    wanted = wanted.strip()
    if wanted.isdigit():
        return r.event.cameo.startswith(wanted)
    return r.event.plover.upper() == wanted.upper()


def is_plain(filt: RelationFilter) -> bool:
    """Whether the filter keeps every piece of evidence (direction aside)."""
    return not (filt.predicate or filt.event or filt.quad_class is not None or filt.since or filt.until
                or filt.min_confidence is not None or filt.sector)


def passes(r: Relation, day: date | None, filt: RelationFilter) -> bool:
    """Whether one piece of evidence, dated day, passes the filter (direction aside)."""
    if filt.predicate and not predicate_matches(r.predicate, filt.predicate):
        return False
    if filt.event and not event_matches(r, filt.event):
        return False
    if filt.min_confidence is not None and r.confidence < filt.min_confidence:
        return False
    if filt.sector and filt.sector.upper() not in (r.subject_sector, r.object_sector):
        return False
    if filt.quad_class is not None and (r.event is None or r.event.quad_class != filt.quad_class):
        return False
    if filt.since or filt.until:
        if day is None or (filt.since and day < filt.since) or (filt.until and day > filt.until):
            return False
    return True


Aggregate = tuple[Event | None, int, date | None, date | None, tuple[str, ...]]  # event, count, first, last, themes


def summarize(rid: str, subject: EntityRef, predicate: str, object_: EntityRef, items: Iterable[Dated],
              filt: RelationFilter) -> RelationSummary | None:
    """The aggregated relation over its evidence that passes the filter; None when none does."""
    kept = items if is_plain(filt) else ((r, d) for r, d in items if passes(r, d, filt))
    agg = aggregate(kept)
    return None if agg is None else from_aggregate(rid, subject, predicate, object_, agg)


def aggregate(items: Iterable[Dated]) -> Aggregate | None:
    """The most common event, evidence count, first and last date and themes of the evidence; None if empty."""
    kept = list(items)
    if not kept:
        return None
    dates = [d for _, d in kept if d is not None]
    events = Counter(r.event for r, _ in kept if r.event is not None)
    return (events.most_common(1)[0][0] if events else None, len(kept), min(dates, default=None),
            max(dates, default=None), tuple(sorted({r.theme for r, _ in kept if r.theme})))


def from_aggregate(rid: str, subject: EntityRef, predicate: str, object_: EntityRef,
                   agg: Aggregate) -> RelationSummary:
    """The RelationSummary of an aggregate."""
    event, count, first, last, themes = agg
    return RelationSummary(id=rid, subject=subject, predicate=predicate, type=relationship_type(predicate),
                           object=object_, event=event, evidence_count=count, first_date=first, last_date=last,
                           themes=themes)


def ranked(summaries: Iterable[RelationSummary | None]) -> list[RelationSummary]:
    """Summaries with most evidence first (ties by id), Nones dropped."""
    found = [s for s in summaries if s is not None]
    found.sort(key=lambda s: (-s.evidence_count, s.id))
    return found


def newest_first(items: Iterable[Dated]) -> list[Dated]:
    """Evidence newest first, undated last, ties in article and sentence order."""
    items = sorted(items, key=lambda rd: (rd[0].article_id, rd[0].sentence, rd[0].start))
    dated = sorted((x for x in items if x[1] is not None), key=lambda rd: rd[1], reverse=True)
    return dated + [x for x in items if x[1] is None]


def oldest_first(items: Iterable[Dated]) -> list[Dated]:
    """Evidence oldest first, undated last."""
    return sorted(items, key=lambda rd: (rd[1] is None, rd[1] or date.min, rd[0].article_id, rd[0].sentence,
                                         rd[0].start))


def bucket_start(d: date, bucket: Bucket) -> date:
    """The first day of the day, ISO week or month holding d."""
    if bucket == "week":
        return d - timedelta(days=d.weekday())
    if bucket == "month":
        return d.replace(day=1)
    return d
