"""Finding actors and what they did."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from geokg.api import service
from geokg.api.deps import StoreDep
from geokg.api.problems import problem_responses
from geokg.api.routes.params import EntityRelationQuery, EntityType, Limit, Offset
from geokg.api.schemas import EntityDetail, EntityHitOut, Page, RelationOut

router = APIRouter(prefix="/entities", tags=["entities"])
EntityPath = Annotated[str, Path(min_length=1, max_length=300, description="Entity id, or exact name or alias",
                                       examples=["person:mohammad-javad-zarif"])]


@router.get("", response_model=Page[EntityHitOut], responses=problem_responses(422))
def search_entities(store: StoreDep,
                    q: Annotated[str | None, Query(min_length=1, max_length=200, examples=["UK"],
                                                   description="Name, alias, ISO code or abbreviation; omit to "
                                                               "list entities by degree")] = None,
                    type: Annotated[EntityType | None, Query(description="Only this entity type",
                                                             examples=["PERSON"])] = None,
                    limit: Limit = 10, offset: Offset = 0) -> Page[EntityHitOut]:
    """Search entities (exact name, alias or code first, then prefix, then fuzzy), or list them by degree."""
    return service.search_entities(store, q, type, limit, offset)


@router.get("/{entity_id}", response_model=EntityDetail, responses=problem_responses(404, 422))
def get_entity(store: StoreDep, entity_id: EntityPath) -> EntityDetail:
    """One entity: name, type, aliases, roles, affiliations, degree, first and last seen, top counterparts."""
    return service.entity_detail(store, entity_id)


@router.get("/{entity_id}/relations", response_model=Page[RelationOut], responses=problem_responses(404, 422))
def entity_relations(store: StoreDep, entity_id: EntityPath,
                     query: Annotated[EntityRelationQuery, Query()]) -> Page[RelationOut]:
    """The entity's aggregated relations, most evidence first, filtered by direction, predicate, event, dates."""
    return service.relations_of(store, entity_id, query.filter(query.direction), query.limit, query.offset,
                                query.rollup)
