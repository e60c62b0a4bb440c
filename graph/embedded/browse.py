"""Listing the embedded store's entities by degree, for browsing without a search term."""

from __future__ import annotations

from geokg.graph.embedded.queries import get_entity
from geokg.graph.embedded.state import GraphState
from geokg.graph.model import Entity
from geokg.graph.store import EntityRecord, Page


def members_index(state: GraphState) -> dict[str, list[Entity]]:
    """Entity id -> the entities affiliated with it, by id."""
    index: dict[str, list[Entity]] = {}
    for eid in sorted(state.entities):
        e = state.entities[eid]
        for parent in e.affiliations:
            index.setdefault(parent, []).append(e)
    return index


def entity_order(state: GraphState) -> list[str]:
    """Every entity id, most distinct relations first, ties by id."""
    g = state.graph
    degree = {eid: g.out_degree(eid) + g.in_degree(eid) - len(g._succ[eid].get(eid, {})) for eid in state.entities}
    return sorted(degree, key=lambda eid: (-degree[eid], eid))


def list_entities(state: GraphState, order: list[str], type_: str | None, limit: int,
                  offset: int) -> Page[EntityRecord]:
    """One page of entities (of one type, if given) in degree order."""
    wanted = type_.upper() if type_ else None
    ids = order if wanted is None else [eid for eid in order if state.entities[eid].type == wanted]
    return Page([get_entity(state, eid) for eid in ids[offset:offset + limit]], len(ids), limit, offset)
