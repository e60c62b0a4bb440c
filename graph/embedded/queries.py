"""Read queries over the embedded store's GraphState, returning the protocol's value types."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from geokg.graph import summaries
from geokg.graph.embedded.codec import ARTICLE, CONFIDENCE, DATE, EVENT, SECTORS, THEME, relation_from_tuple
from geokg.graph.embedded.state import GraphState
from geokg.graph.errors import NotFound
from geokg.graph.model import Event
from geokg.graph.naming import predicate_matches
from geokg.graph.store import Bucket, EntityRecord, EntityRef, Evidence, Page, RelationFilter, RelationSummary
from geokg.graph.periods import PeriodRow
from geokg.graph.summaries import Dated

Edge = tuple[str, str, str, dict]  # subject, object, predicate, edge data
RANK_CACHE_MIN = 200  # entities with fewer edges rank them per query (fast enough, and no memory kept)


def ref(state: GraphState, eid: str) -> EntityRef:
    """The id, name and type of a stored entity."""
    e = state.entities.get(eid)
    if e is None:
        return EntityRef(eid, eid, "")
    return EntityRef(e.id, e.name, e.type)


def require_entity(state: GraphState, eid: str) -> None:
    """NotFound unless the store holds the entity."""
    if eid not in state.entities:
        raise NotFound(f"entity {eid!r} not found")


def evidence_date(state: GraphState, r: tuple) -> date | None:
    """When the encoded evidence happened: the event date, else the article's publication date."""
    if r[DATE] is not None:
        return date.fromordinal(r[DATE])
    g = state.articles.get(r[ARTICLE])
    return g.article.published if g is not None else None


def edges_of(state: GraphState, eid: str, direction: str) -> Iterator[Edge]:
    """The aggregated relations leaving (out), entering (in) or touching (both) the entity."""
    g = state.graph
    if direction in ("out", "both"):
        for obj, keydict in g._succ[eid].items():
            for pred, data in keydict.items():
                yield eid, obj, pred, data
    if direction in ("in", "both"):
        for subj, keydict in g._pred[eid].items():
            if direction == "both" and subj == eid:
                continue  # a self-relation was already listed as outgoing
            for pred, data in keydict.items():
                yield subj, eid, pred, data


def edges_between(state: GraphState, u: str, v: str) -> Iterator[Edge]:
    """The aggregated relations between two entities, either direction, straight from the adjacency of each."""
    g = state.graph
    for pred, data in g._succ[u].get(v, {}).items():
        yield u, v, pred, data
    if u != v:
        for pred, data in g._succ[v].get(u, {}).items():
            yield v, u, pred, data


def all_edges(state: GraphState) -> Iterator[Edge]:
    """Every aggregated relation."""
    for subj, nbrs in state.graph._succ.items():
        for obj, keydict in nbrs.items():
            for pred, data in keydict.items():
                yield subj, obj, pred, data


def raw_dated(state: GraphState, data: dict, filt: RelationFilter | None = None) -> list[tuple[tuple, date | None]]:
    """The encoded evidence of one aggregated relation with its date, those passing filt when given."""
    if filt is None:
        return [(r, evidence_date(state, r)) for r in data["ev"]]
    kept = []
    for r in data["ev"]:
        if event_passes(r, filt):
            day = evidence_date(state, r)
            if day_passes(day, filt):
                kept.append((r, day))
    return kept


def event_passes(r: tuple, filt: RelationFilter) -> bool:
    """summaries.passes for the event and quad class, on encoded evidence, so scans need not decode it."""
    if filt.min_confidence is not None and r[CONFIDENCE] < filt.min_confidence:
        return False
    if filt.sector and filt.sector.upper() not in r[SECTORS]:  # evidence stored before sectors has none
        return False
    event = r[EVENT]  # cameo, plover, goldstein, quad class, label
    if filt.event:
        wanted = filt.event.strip()
        if event is None or not (event[0].startswith(wanted) if wanted.isdigit()
                                 else event[1].upper() == wanted.upper()):
            return False
    return filt.quad_class is None or (event is not None and event[3] == filt.quad_class)


def day_passes(day: date | None, filt: RelationFilter) -> bool:
    """Whether the evidence date falls in the filter's range (undated evidence fails any range)."""
    if filt.since or filt.until:
        return day is not None and not ((filt.since and day < filt.since) or (filt.until and day > filt.until))
    return True


def count_passing(state: GraphState, data: dict, filt: RelationFilter) -> int:
    """How much of one aggregated relation's evidence passes the filter."""
    if not (filt.since or filt.until):
        return sum(1 for r in data["ev"] if event_passes(r, filt))
    return len(raw_dated(state, data, filt))


def aggregate(items: list[tuple[tuple, date | None]]) -> summaries.Aggregate | None:
    """summaries.aggregate over encoded evidence: most common event, count, first and last date, themes."""
    if not items:
        return None
    dates = [d for _, d in items if d is not None]
    events = Counter(r[EVENT] for r, _ in items if r[EVENT] is not None)
    return (Event(*events.most_common(1)[0][0]) if events else None, len(items), min(dates, default=None),
            max(dates, default=None), tuple(sorted({r[THEME] for r, _ in items if r[THEME]})))


def dated(state: GraphState, data: dict, filt: RelationFilter | None = None) -> list[Dated]:
    """Each piece of evidence of one aggregated relation (passing filt, when given), decoded, with its date."""
    return [(relation_from_tuple(r), d) for r, d in raw_dated(state, data, filt)]


def scans_evidence(filt: RelationFilter) -> bool:
    """Whether the filter looks inside the evidence (event, quad class, dates, sector), not at whole relations."""
    return bool(filt.event or filt.quad_class is not None or filt.since or filt.until
                or filt.min_confidence is not None or filt.sector)


def summarize(state: GraphState, edge: Edge, filt: RelationFilter) -> RelationSummary | None:
    """The aggregated relation over its evidence that passes the filter; None when none does."""
    subj, obj, pred, data = edge
    if scans_evidence(filt):
        agg = aggregate(raw_dated(state, data, filt))
        if agg is None:
            return None
    else:
        agg = data.get("agg")
        if agg is None:  # cached on the edge until its evidence changes (state.py drops it)
            agg = data["agg"] = aggregate(raw_dated(state, data))
    return summaries.from_aggregate(data["rid"], ref(state, subj), pred, ref(state, obj), agg)


def _rank_key(edge: Edge) -> tuple[int, str]:
    return -len(edge[3]["ev"]), edge[3]["rid"]


def page_of_summaries(state: GraphState, edges: Iterator[Edge], filt: RelationFilter, limit: int,
                      offset: int) -> Page[RelationSummary]:
    """Summaries of the edges that pass the filter, most evidence first, one page of them.

    Without evidence filters every edge passes whole, so edges are ranked by their evidence count and only the
    page is summarised.
    """
    if filt.predicate:
        edges = (e for e in edges if predicate_matches(e[2], filt.predicate))
    if scans_evidence(filt):  # count what passes, rank, and summarise only the page
        counted = [(n, e) for e in edges if (n := count_passing(state, e[3], filt))]
        counted.sort(key=lambda ne: (-ne[0], ne[1][3]["rid"]))
        return _page_of_ranked(state, [e for _, e in counted], filt, limit, offset)
    return _page_of_ranked(state, sorted(edges, key=_rank_key), filt, limit, offset)


def _page_of_ranked(state: GraphState, ranked: list[Edge], filt: RelationFilter, limit: int,
                    offset: int) -> Page[RelationSummary]:
    items = [summarize(state, e, filt) for e in ranked[offset:offset + limit]]
    return Page([s for s in items if s is not None], len(ranked), limit, offset)


def ranked_edges(state: GraphState, eid: str, direction: str, predicate: str | None) -> list[Edge]:
    """The entity's edges in the direction and with the predicate, most evidence first.

    Kept for big entities until one of their edges changes, so a hub's page costs the page, not its edges.
    """
    cached = state.ranked.get(eid, {}).get((direction, predicate))
    if cached is not None:
        return cached
    edges = edges_of(state, eid, direction)
    if predicate:
        edges = (e for e in edges if predicate_matches(e[2], predicate))
    ranked = sorted(edges, key=_rank_key)
    if len(ranked) >= RANK_CACHE_MIN:
        state.ranked.setdefault(eid, {})[(direction, predicate)] = ranked
    return ranked


def relations_of(state: GraphState, eid: str, filt: RelationFilter, limit: int, offset: int) -> Page[RelationSummary]:
    """Aggregated relations touching the entity, most evidence first."""
    require_entity(state, eid)
    if scans_evidence(filt):
        return page_of_summaries(state, edges_of(state, eid, filt.direction), filt, limit, offset)
    return _page_of_ranked(state, ranked_edges(state, eid, filt.direction, filt.predicate), filt, limit, offset)


def find_relations(state: GraphState, subject: str | None, object_: str | None, filt: RelationFilter, limit: int,
                   offset: int) -> Page[RelationSummary]:
    """Aggregated relations matching the (subject, predicate, object) pattern."""
    for eid in (subject, object_):
        if eid is not None:
            require_entity(state, eid)
    if subject is not None:
        edges = edges_of(state, subject, "out")
        if object_ is not None:
            edges = (e for e in edges if e[1] == object_)
    elif object_ is not None:
        edges = edges_of(state, object_, "in")
    else:
        edges = all_edges(state)
    return page_of_summaries(state, edges, filt, limit, offset)


def relation_edge(state: GraphState, rid: str) -> Edge:
    """The aggregated relation with this id, or NotFound."""
    ends = state.relation_ends.get(rid)
    if ends is None:
        raise NotFound(f"relation {rid!r} not found")
    subj, pred, obj = ends
    return subj, obj, pred, state.graph._adj[subj][obj][pred]


def _as_evidence(state: GraphState, item: Dated) -> Evidence:
    return Evidence(relation=item[0], article=state.articles[item[0].article_id].article)


def evidence(state: GraphState, rid: str, limit: int, offset: int) -> Page[Evidence]:
    """The sentences supporting a relation, newest first (undated last)."""
    ordered = summaries.newest_first(dated(state, relation_edge(state, rid)[3]))
    return Page([_as_evidence(state, x) for x in ordered[offset:offset + limit]], len(ordered), limit, offset)


def events_between(state: GraphState, a: str, b: str, since: date | None, until: date | None) -> list[Evidence]:
    """Every evidence of a relation between a and b, both directions, oldest first (undated last)."""
    require_entity(state, a)
    require_entity(state, b)
    filt = RelationFilter(since=since, until=until)
    items = [x for e in edges_of(state, a, "both") if b in (e[0], e[1]) for x in dated(state, e[3], filt)]
    return [_as_evidence(state, x) for x in summaries.oldest_first(items)]


def top_counterparts(state: GraphState, eid: str, limit: int) -> list[tuple[EntityRef, int]]:
    """The entities with most evidence shared with this one."""
    require_entity(state, eid)
    counts: Counter[str] = Counter()
    for subj, obj, _pred, data in edges_of(state, eid, "both"):
        other = obj if subj == eid else subj
        if other != eid:
            counts[other] += len(data["ev"])
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [(ref(state, other), n) for other, n in ranked]


def get_entity(state: GraphState, eid: str) -> EntityRecord:
    """The merged entity and what the graph knows about it."""
    require_entity(state, eid)
    aids = state.entity_articles.get(eid, {})
    days = [d for d in (state.articles[a].article.published for a in aids) if d is not None]
    g = state.graph
    self_loops = len(g._succ[eid].get(eid, {}))
    return EntityRecord(
        entity=state.entities[eid], degree=g.out_degree(eid) + g.in_degree(eid) - self_loops,
        mention_count=state.mention_counts.get(eid, 0), article_count=len(aids),
        first_seen=min(days, default=None), last_seen=max(days, default=None),
    )


def edges_of_any(state: GraphState, eids: list[str]) -> Iterator[Edge]:
    """The aggregated relations touching any of the entities, each once (NotFound for an unknown one)."""
    for eid in eids:
        require_entity(state, eid)
    seen: set[tuple[str, str, str]] = set()
    for eid in eids:
        for edge in edges_of(state, eid, "both"):
            if edge[:3] not in seen:
                seen.add(edge[:3])
                yield edge


def period_rows(state: GraphState, eids: list[str] | None) -> Iterator[PeriodRow]:
    """(day, goldstein, quad class, 1) for each evidence touching any of the entities (each once), or all."""
    for edge in all_edges(state) if eids is None else edges_of_any(state, eids):
        for r in edge[3]["ev"]:
            event = r[EVENT]
            yield evidence_date(state, r), event[2] if event else None, event[3] if event else None, 1


def timeline(state: GraphState, eid: str | None, bucket: Bucket) -> list[tuple[date, int]]:
    """Dated evidence per period, oldest period first."""
    if eid is not None:
        require_entity(state, eid)
        edges = edges_of(state, eid, "both")
    else:
        edges = all_edges(state)
    counts: Counter[date] = Counter()
    for edge in edges:
        for r in edge[3]["ev"]:
            d = evidence_date(state, r)
            if d is not None:
                counts[summaries.bucket_start(d, bucket)] += 1
    return sorted(counts.items())
