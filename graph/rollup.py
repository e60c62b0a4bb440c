"""Country roll-up, as ICEWS and GDELT users expect: people, agencies, armed forces and places count for the
country they belong to (their first country affiliation), so Israel/Syria includes an IDF strike near Damascus.

Store-neutral: a country's group comes from GraphStore.members, each relation end's country from get_entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from geokg.graph.errors import NotFound
from geokg.graph.model import Entity, relation_id
from geokg.graph.periods import evidence_of, relations_touching, when
from geokg.graph.store import (
    Bucket,
    EntityRef,
    Evidence,
    GraphStore,
    Page,
    PeriodSummary,
    RelationFilter,
    RelationSummary,
)

COUNTRY_PREFIX = "country:"


def country_of(entity: Entity) -> str | None:
    """The id of the country an entity is or belongs to, or None."""
    if entity.type == "COUNTRY":
        return entity.id
    return next((a for a in entity.affiliations if a.startswith(COUNTRY_PREFIX)), None)


class Rollup:
    """One store's entities grouped by country, looked up as a query needs them (and remembered for it)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._entities: dict[str, Entity | None] = {}

    def group(self, eid: str) -> list[str]:
        """The entity and everything that rolls up to it (its members whose country it is)."""
        return [eid, *(m.id for m in self.store.members(eid) if m.id != eid and country_of(m) == eid)]

    def up(self, ref: EntityRef) -> EntityRef:
        """The country an entity rolls up to (when the store holds it), or the entity itself."""
        if ref.type == "COUNTRY":
            return ref  # a country is its own (and the commonest end: no lookup)
        entity = self._entity(ref.id)
        home = self._entity(country_of(entity)) if entity is not None and country_of(entity) else None
        return EntityRef(home.id, home.name, home.type) if home is not None else ref

    def _entity(self, eid: str | None) -> Entity | None:
        if eid and eid not in self._entities:
            try:
                self._entities[eid] = self.store.get_entity(eid).entity
            except NotFound:
                self._entities[eid] = None
        return self._entities.get(eid) if eid else None

    def relations(self, summaries: Iterable[RelationSummary]) -> list[RelationSummary]:
        """Relations re-aggregated between rolled-up ends, most evidence first; parts name the stored relations."""
        merged: dict[tuple[str, str, str], list[RelationSummary]] = {}
        ends: dict[tuple[str, str, str], tuple[EntityRef, EntityRef]] = {}
        for r in summaries:
            s, o = self.up(r.subject), self.up(r.object)
            key = (s.id, r.predicate, o.id)
            merged.setdefault(key, []).append(r)
            ends[key] = (s, o)
        rolled = [_merge(ends[k], k, parts) for k, parts in merged.items()]
        return sorted(rolled, key=lambda r: (-r.evidence_count, r.id))

    def relations_of(self, eid: str, filt: RelationFilter) -> list[RelationSummary]:
        """The rolled-up relations touching a country (or entity) and its members, in the filter's direction."""
        group = set(self.group(eid))
        return self.relations(relations_touching(self.store, group, filt))

    def events_between(self, a: str, b: str, since: date | None, until: date | None) -> list[Evidence]:
        """Every evidence between a's group and b's group, both directions, oldest first."""
        ga, gb = set(self.group(a)), set(self.group(b))
        between = [r for r in relations_touching(self.store, ga)
                   if (r.subject.id in ga and r.object.id in gb) or (r.subject.id in gb and r.object.id in ga)]
        found = [ev for ev in evidence_of(self.store, between) if _within(when(ev), since, until)]
        return sorted(found, key=lambda ev: (when(ev) or date.min, ev.relation.evidence_id))

    def evidence_touching(self, eid: str) -> Iterator[Evidence]:
        """The evidence of every relation touching the entity's group."""
        return evidence_of(self.store, relations_touching(self.store, self.group(eid)))


def _within(day: date | None, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    return day is not None and (since is None or day >= since) and (until is None or day <= until)


def _merge(ends: tuple[EntityRef, EntityRef], key: tuple[str, str, str],
           parts: list[RelationSummary]) -> RelationSummary:
    """One relation adding up the parts: evidence summed, the event of the strongest part, dates widened."""
    first = max(parts, key=lambda r: (r.evidence_count, r.id))
    firsts = [r.first_date for r in parts if r.first_date]
    lasts = [r.last_date for r in parts if r.last_date]
    themes = tuple(dict.fromkeys(t for r in parts for t in r.themes))
    return RelationSummary(relation_id(*key), ends[0], first.predicate, first.type, ends[1], first.event,
                           sum(r.evidence_count for r in parts), min(firsts, default=None),
                           max(lasts, default=None), themes, tuple(sorted(r.id for r in parts)))


def relations_of(store: GraphStore, eid: str, filt: RelationFilter, limit: int, offset: int,
                 rollup: str | None = None) -> Page[RelationSummary]:
    """The entity's relations as stored, or rolled up to countries (rollup="country")."""
    if not rollup:
        return store.relations_of(eid, filt, limit=limit, offset=offset)
    found = Rollup(store).relations_of(eid, filt)
    return Page(found[offset:offset + limit], len(found), limit, offset)


def events_between(store: GraphStore, a: str, b: str, since: date | None = None, until: date | None = None,
                   rollup: str | None = None) -> list[Evidence]:
    """Every event between a and b (rolled up: between their countries' groups), oldest first."""
    if not rollup:
        return store.events_between(a, b, since, until)
    return Rollup(store).events_between(a, b, since, until)


def timeline(store: GraphStore, eid: str | None, bucket: Bucket = "month",
             rollup: str | None = None) -> list[PeriodSummary]:
    """Events per period for the entity (rolled up: its country's group), or the whole graph when eid is None."""
    if eid is None:
        return store.period_summaries(None, bucket)
    return store.period_summaries(Rollup(store).group(eid) if rollup else [eid], bucket)
