"""Triple-pattern queries over relations, and the evidence behind them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from geokg.api import service
from geokg.api.deps import StoreDep
from geokg.api.problems import problem_responses
from geokg.api.routes.params import Limit, Offset, TripleQuery
from geokg.api.schemas import Page, RelationOut, SourcedEvidenceOut

router = APIRouter(prefix="/relations", tags=["relations"])


@router.get("", response_model=Page[RelationOut], responses=problem_responses(404, 422))
def find_relations(store: StoreDep, query: Annotated[TripleQuery, Query()]) -> Page[RelationOut]:
    """Relations matching subject, predicate, object (any omitted), plus event and date filters."""
    return service.find_relations(store, query.subject, query.object, query.filter(), query.limit, query.offset,
                                  query.rollup)


@router.get("/{relation_id}/evidence", response_model=Page[SourcedEvidenceOut],
            responses=problem_responses(404, 422))
def relation_evidence(store: StoreDep,
                      relation_id: Annotated[str, Path(pattern=r"^r[0-9a-f]{16}$", description="Relation id",
                                                                  examples=["r1f0c3a6a9d2b7e41"])],
                      limit: Limit = 50, offset: Offset = 0) -> Page[SourcedEvidenceOut]:
    """The articles and sentences that support a relation, newest first."""
    return service.evidence(store, relation_id, limit, offset)
